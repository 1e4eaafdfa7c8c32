"""The HTML report renderer: escaping, one mark per fact, nested and overlapping spans, links."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

from kzfacts.checks.events import period_label as date_range_label
from kzfacts.checks.fact import FactInput, FactResult
from kzfacts.checks.findings import Code, Finding
from kzfacts.formats.html import render_html
from kzfacts.formats.html_parts import marked_text
from kzfacts.formats.report_data import (
    EntityDoc,
    QuoteStatus,
    ReportData,
    SourceDoc,
    TimelineEntry,
    quote_status,
)


class Page(HTMLParser):
    """Every element with its attributes, and a check that tags nest properly."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "wbr"})

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.data: list[str] = []
        self.feed(text)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    def marks(self) -> dict[str, set[str]]:
        """Mark id -> its classes, for marks that carry an id (one per fact)."""
        found: dict[str, set[str]] = {}
        for tag, attrs in self.elements:
            if tag == "mark" and "id" in attrs:
                assert attrs["id"] not in found, f"duplicate id {attrs['id']}"
                found[attrs["id"]] = set(attrs["class"].split())
        return found

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.elements if "id" in a}

    def hrefs(self) -> list[str]:
        return [a["href"] for t, a in self.elements if t == "a" and "href" in a]


class Skeleton(HTMLParser):
    """Marked text reduced to its structure: `[id` opens a fact's mark, `[id+` a continuation
    segment, `]` closes, `^1,2` the references where spans end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.in_ref = False
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "mark":
            cont = "cont" in a["class"].split()
            if not cont:
                assert a["id"] == f"fact-{a['data-fact']}"
            self.out.append(f"[{a['data-fact']}{'+' if cont else ''}")
        elif tag == "sup":
            self.in_ref, self.refs = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.out.append("]")
        elif tag == "sup":
            self.out.append("^" + ",".join(self.refs))
            self.in_ref = False

    def handle_data(self, data: str) -> None:
        if self.in_ref:
            if data != ",":
                self.refs.append(data)
        else:
            self.out.append(data)


def skeleton(fragment: str) -> str:
    parser = Skeleton()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


STATUS_CODES = {QuoteStatus.OK: (), QuoteStatus.INEXACT: (Code.QUOTE_INEXACT,)}
"""A finding that gives a fact each quote status (any broken code: broken)."""


def fact(
    fact_id: str,
    start: int | None,
    end: int | None,
    status: QuoteStatus = QuoteStatus.OK,
    source: str | None = "s1",
    **extra: str,
) -> FactResult:
    fields = {"subject": "Evgeniy Zhovtis", "predicate": "sentence_length", "value": "4 years"}
    fields.update(extra)
    codes = STATUS_CODES.get(status, (Code.QUOTE_NOT_FOUND,))
    return FactResult(
        FactInput(
            id=fact_id,
            quote=fields.pop("quote", "quoted words"),
            source=source or "",
            **fields,  # type: ignore[arg-type]
        ),
        tuple(Finding(code, "", fact_id) for code in codes),
        position=(start, end) if start is not None and end is not None else None,
    )


# ---------------------------------------------------------------- marked text


def test_nested_and_overlapping_spans_keep_one_id_each_and_nest_properly() -> None:
    a, b, c = fact("a", 0, 6), fact("b", 2, 4), fact("c", 4, 8, QuoteStatus.BROKEN)
    out = marked_text("0123456789", [(0, 6, a, 1), (2, 4, b, 2), (4, 8, c, 3)])
    # b nests inside a; c overlaps a's end, so c is split and its second segment has no id.
    assert skeleton(out) == "[a01[b23^2][c45^1]][c+67^3]89"
    assert Page(out).errors == []
    assert {i: sorted(cls) for i, cls in Page(out).marks().items()} == {
        "fact-a": ["ok", "quote"],
        "fact-b": ["ok", "quote"],
        "fact-c": ["broken", "quote"],
    }


def test_identical_spans_nest_and_share_one_reference_group() -> None:
    a, b = fact("a", 2, 5), fact("b", 2, 5)
    out = marked_text("xxquotexx"[:9], [(2, 5, b, 2), (2, 5, a, 1)])
    assert skeleton(out) == "xx[a[bquo^1,2]]texx"


def test_spans_sharing_a_start_put_the_longer_outside() -> None:
    short, long_ = fact("short", 0, 2), fact("long", 0, 5)
    out = marked_text("abcdefg", [(0, 2, short, 1), (0, 5, long_, 2)])
    assert skeleton(out) == "[long[shortab^1]cde^2]fg"


def test_adjacent_spans_do_not_nest() -> None:
    a, b = fact("a", 0, 3), fact("b", 3, 6)
    assert skeleton(marked_text("abcdef", [(0, 3, a, 1), (3, 6, b, 2)])) == "[aabc^1][bdef^2]"


def test_three_way_overlap_splits_every_crossing() -> None:
    a, b, c = fact("a", 0, 4), fact("b", 2, 6), fact("c", 3, 8)
    out = marked_text("0123456789", [(0, 4, a, 1), (2, 6, b, 2), (3, 8, c, 3)])
    assert skeleton(out) == "[a01[b2[c3^1]]][b+[c+45^2]][c+67^3]89"
    assert Page(out).errors == []


def test_spans_outside_the_text_or_empty_are_not_marked() -> None:
    a, b = fact("a", 3, 3), fact("b", 2, 40)
    assert skeleton(marked_text("abcdef", [(3, 3, a, 1), (2, 40, b, 2)])) == "abcdef"


def test_source_text_is_escaped_between_marks() -> None:
    a = fact("a", 3, 12)
    out = marked_text("<p>&amp; <b>x</b>", [(3, 12, a, 1)])
    assert out.startswith("&lt;p&gt;<mark")
    assert "&amp;amp; &lt;b&gt;" in out
    assert skeleton(out) == "<p>[a&amp; <b>^1]x</b>"


# ---------------------------------------------------------------- the whole page

EVIL = "<script>alert('x')</script>"


def sample() -> ReportData:
    text = "Intro. Zhovtis was sentenced to four years. Later he was released. End."
    s1 = SourceDoc(
        "s1",
        title=f"Letter {EVIL}",
        publisher='HRW "><img src=x onerror=alert(1)>',
        published="2009-11-18",
        path="000.txt",
        url="javascript:alert(1)",
        text=text + f" {EVIL}",
    )
    s2 = SourceDoc("s2", title="Gone", published="2012", path="gone.txt", text=None)
    sentenced = text.index("Zhovtis was sentenced to four years")
    released = text.index("he was released")
    facts = [
        fact("sentence", sentenced, sentenced + 35, entity="zhovtis"),
        fact(
            "sentence-wrong",
            sentenced,
            sentenced + 35,
            QuoteStatus.BROKEN,
            value="5 years",
            entity="zhovtis",
        ),
        fact("status", released, released + 15, QuoteStatus.INEXACT, entity="zhovtis"),
        fact(
            "evil",
            sentenced + 8,
            released + 2,
            subject=EVIL,
            value='" onmouseover="alert(1)',
            quote=EVIL,
            note=EVIL,
        ),
        fact("lost", None, None, QuoteStatus.BROKEN, quote="words that are gone"),
        fact("unreadable", 0, 5, QuoteStatus.BROKEN, source="s2"),
        fact("orphan", None, None, QuoteStatus.BROKEN, source=None, quote=""),
    ]
    findings = [
        Finding(
            Code.QUOTE_ALTERED,
            f"quote altered {EVIL}",
            "sentence-wrong",
            "s1",
            {"quote": EVIL, "found": "four", "start": sentenced, "end": sentenced + 35},
        ),
        Finding(Code.QUOTE_NOT_FOUND, "not found", "lost", "s1", {"quote": "words that are gone"}),
        Finding(Code.SOURCE_MISSING, "cannot read gone.txt", source="s2"),
        Finding(Code.SOURCE_MISSING, "the source of this fact cannot be read", "unreadable", "s2"),
        Finding(Code.UNSOURCED, "fact has no source", "orphan"),
        Finding(
            Code.CONTRADICTION,
            "zhovtis sentence_length: sentence says 4 years, sentence-wrong says 5 years",
            "sentence",
            "s1",
            {
                "entity": "zhovtis",
                "predicate": "sentence_length",
                "sides": [
                    {
                        "fact": "sentence",
                        "value": "4 years",
                        "meaning": "4 years",
                        "source": "s1",
                        "quote": "Zhovtis was sentenced to four years",
                    },
                    {
                        "fact": "sentence-wrong",
                        "value": "5 years",
                        "meaning": "5 years",
                        "source": "s1",
                        "quote": EVIL,
                    },
                ],
            },
        ),
        Finding(
            Code.DUPLICATE_ENTITY,
            f"entities {EVIL}",
            detail={"entities": ["zhovtis", "zhovtis-2"]},
        ),
    ]
    entities = [
        EntityDoc(
            "zhovtis",
            "Evgeniy Zhovtis",
            "person",
            aliases=(EVIL,),
            timeline=(
                TimelineEntry("2009", "sentence"),
                TimelineEntry("2009", "sentence-wrong"),
                TimelineEntry("2012", "status"),
            ),
        ),
        EntityDoc("zhovtis-2", f"Yevgeniy {EVIL}", "person", timeline=()),
    ]
    return ReportData(
        summary={"errors": 5, "warnings": 2, "info": 0, "facts_checked": 7, "run": 3},
        findings=findings,
        sources=[s1, s2],
        facts=facts,
        entities=entities,
        title=f"Report {EVIL}",
    )


def test_user_text_is_escaped_everywhere() -> None:
    page = render_html(sample())
    parsed = Page(page)
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert [t for t, _ in parsed.elements if t in ("script", "img", "iframe", "object")] == []
    handlers = [(t, k) for t, a in parsed.elements for k in a if k.startswith("on")]
    assert handlers == []
    assert page.count("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;") >= 8
    assert parsed.errors == []


def test_page_loads_nothing_and_links_only_within_itself() -> None:
    page = render_html(sample())
    parsed = Page(page)
    assert [t for t, _ in parsed.elements if t in ("link", "script", "img", "style")] == ["style"]
    assert all(h.startswith("#") for h in parsed.hrefs())  # the javascript: URL is not a link
    assert "default-src &#x27;none&#x27;" in page or "default-src 'none'" in page
    assert 'name="viewport"' in page
    assert "@media print" in page


def test_every_fact_has_exactly_one_mark_with_its_status() -> None:
    marks = Page(render_html(sample())).marks()
    assert marks == {
        "fact-sentence": {"quote", "ok"},
        "fact-sentence-wrong": {"quote", "broken"},
        "fact-status": {"quote", "inexact"},
        "fact-evil": {"quote", "ok"},
        "fact-lost": {"quote", "broken", "unplaced"},
        "fact-unreadable": {"quote", "broken", "unplaced"},
        "fact-orphan": {"quote", "broken", "unplaced"},
    }


def test_every_fact_link_lands_on_an_existing_mark() -> None:
    parsed = Page(render_html(sample()))
    ids = parsed.ids()
    targets = {h[1:] for h in parsed.hrefs()}
    assert targets <= ids
    fact_links = {t for t in targets if t.startswith("fact-")}
    assert fact_links == {
        "fact-sentence",
        "fact-sentence-wrong",
        "fact-status",
        "fact-evil",
        "fact-lost",
        "fact-unreadable",
        "fact-orphan",
    }


def test_each_finding_links_its_fact() -> None:
    parsed = Page(render_html(sample()))
    findings: list[list[str]] = []
    inside = False
    for tag, attrs in parsed.elements:
        if tag == "li" and "finding" in attrs.get("class", "").split():
            findings.append([])
            inside = True
        elif tag == "li":
            inside = False
        elif inside and tag == "a":
            findings[-1].append(attrs["href"])
    # Ordered errors first, then by source and fact.
    assert findings == [
        ["#fact-orphan"],
        ["#fact-lost", "#source-s1"],
        ["#fact-sentence-wrong", "#source-s1"],
        ["#source-s2"],
        ["#fact-unreadable", "#source-s2"],
        ["#entity-zhovtis"],  # zhovtis-2 has no facts, so no timeline to link to
        ["#fact-sentence", "#fact-sentence-wrong", "#source-s1", "#contradiction-1"],
    ]


def test_contradiction_is_shown_side_by_side() -> None:
    page = render_html(sample())
    start = page.index('<article class="pair" id="contradiction-1">')
    pair = page[start : page.index("</article>", start)]
    assert pair.count('<div class="side">') == 2
    assert pair.index('href="#fact-sentence"') < pair.index('href="#fact-sentence-wrong"')
    assert '<a href="#entity-zhovtis">Evgeniy Zhovtis</a>' in pair
    assert ".sides{display:grid;grid-template-columns:repeat(2,minmax(0,1fr))" in page
    assert "@media (max-width:40rem){" in page


def test_timeline_lists_the_entity_facts_in_the_given_order() -> None:
    page = render_html(sample())
    start = page.index('<li class="entity" id="entity-zhovtis">')
    block = page[start : page.index("</ol>", start)]
    links = [h for h in Page(block).hrefs() if h.startswith("#fact-")]
    assert links == ["#fact-sentence", "#fact-sentence-wrong", "#fact-status"]
    # An entity without facts has no timeline.
    assert 'id="entity-zhovtis-2"' not in page


def test_clean_report_says_so() -> None:
    data = ReportData(
        summary={"errors": 0, "warnings": 0, "info": 0},
        findings=[],
        sources=[SourceDoc("s1", text="Some text here.")],
        facts=[fact("a", 5, 9)],
    )
    page = render_html(data)
    assert '<span class="verdict clean">clean</span>' in page
    assert "No findings" in page
    assert "No contradictions" in page


def test_quote_status_from_finding_codes() -> None:
    assert quote_status([]) is QuoteStatus.OK
    assert quote_status([Code.QUOTE_MOVED, Code.VALUE_UNSUPPORTED]) is QuoteStatus.OK
    assert quote_status([Code.QUOTE_INEXACT]) is QuoteStatus.INEXACT
    assert quote_status([Code.QUOTE_INEXACT, Code.QUOTE_ALTERED]) is QuoteStatus.BROKEN
    for code in (Code.QUOTE_NOT_FOUND, Code.QUOTE_MISATTRIBUTED, Code.SOURCE_MISSING):
        assert quote_status([code]) is QuoteStatus.BROKEN


def test_date_ranges_are_shown_as_precisely_as_they_are_known() -> None:
    assert date_range_label(date(1999, 1, 1), date(1999, 12, 31)) == "1999"
    assert date_range_label(date(2009, 1, 1), date(2012, 12, 31)) == "2009–2012"
    assert date_range_label(date(2014, 9, 1), date(2014, 9, 30)) == "2014-09"
    assert date_range_label(date(2012, 2, 1), date(2012, 2, 29)) == "2012-02"
    assert date_range_label(date(2011, 10, 1), date(2011, 12, 31)) == "2011-10 – 2011-12"
    assert date_range_label(date(2009, 12, 1), date(2009, 12, 1)) == "2009-12-01"
    assert date_range_label(date(2009, 12, 1), date(2009, 12, 2)) == "2009-12-01 – 2009-12-02"
