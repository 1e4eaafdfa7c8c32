"""Drafts: Markdown → sentences and citations; claims; the four draft findings; suppressions."""

from __future__ import annotations

import math
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzfacts.checks.claims import claims_in, may_state_a_value
from kzfacts.checks.drafts import DraftResult, check_draft
from kzfacts.checks.fact_index import EntityRecord, FactBase
from kzfacts.checks.findings import Location
from kzfacts.checks.prose import is_markdown, parse_draft
from kzfacts.checks.suggestion_index import Intervals, best_facts, nearness
from kzfacts.store.models import Fact
from kzfacts.values import Value, ValueType, find_values, supports
from tests.conftest import seed_text

YEAR = 365.25
FOUR_YEARS = (
    "the country's leading human rights defender, Evgeniy Zhovtis, was sentenced to four "
    "years' imprisonment"
)


VALUE_TYPES: dict[str, str | None] = {}
PUBLISHED: dict[str, date | None] = {}


def fact(
    fact_id: str,
    entity: str,
    predicate: str,
    value_type: str,
    value: str,
    low: float | None,
    high: float | None,
    unit: str,
    *,
    category: str | None = None,
    quote: str = "a quote",
    published: date | None = date(2009, 11, 18),
) -> Fact:
    """A fact row; its predicate's value type and its source's date go to the maps below."""
    source = f"hrw-{published.year}" if published else "undated"
    VALUE_TYPES[predicate] = value_type
    PUBLISHED[source] = published
    return Fact(
        id=fact_id,
        entity_id=entity,
        predicate=predicate,
        value=value,
        value_low=low,
        value_high=high,
        value_unit=unit,
        value_category=category,
        quote=quote,
        source_id=source,
    )


FACTS = [
    fact(
        "zhovtis-sentence",
        "evgeniy-zhovtis",
        "sentence_length",
        "duration",
        "4 years",
        4 * YEAR,
        4 * YEAR,
        "day",
        quote=FOUR_YEARS,
    ),
    fact(
        "zhovtis-status",
        "evgeniy-zhovtis",
        "status",
        "status",
        "convicted",
        5.0,
        5.0,
        "status",
        category="convicted",
    ),
    fact(
        "zhanaozen-deaths",
        "zhanaozen-events",
        "death_toll",
        "count",
        "more than 12",
        13.0,
        None,
        "count",
    ),
    fact(
        "rally-date",
        "dvk-rally",
        "event_date",
        "date",
        "2005-01-29",
        date(2005, 1, 29).toordinal(),
        date(2005, 1, 29).toordinal(),
        "date",
        published=date(2005, 10, 1),
    ),
    fact(
        "tankov-sentence",
        "yevgeniy-tankov",
        "sentence_length",
        "duration",
        "5 years",
        5 * YEAR,
        5 * YEAR,
        "day",
    ),
]
ENTITIES = [
    EntityRecord("evgeniy-zhovtis", "person", ("Evgeniy Zhovtis", "Yevgeniy Zhovtis")),
    EntityRecord("yevgeniy-tankov", "person", ("Yevgeniy Tankov",)),
    EntityRecord("zhanaozen-events", "event", ("Zhanaozen events (December 2011)",)),
    EntityRecord("dvk-rally", "event", ("DVK protest against its dissolution, Almaty",)),
]


def base(broken: dict[str, list[str]] | None = None) -> FactBase:
    return FactBase(
        FACTS,
        ENTITIES,
        broken or {},
        audit_run=7 if broken else None,
        value_types=VALUE_TYPES,
        published=PUBLISHED,
    )


def check(text: str, facts: FactBase | None = None, path: str = "draft.md") -> DraftResult:
    return check_draft(path, text, facts or base())


def codes(result: DraftResult) -> list[tuple[str, int, int]]:
    return [
        (f.code.value, f.location.line, f.location.column) for f in result.findings if f.location
    ]


def texts(text: str, markdown: bool = True) -> list[str]:
    return [" ".join(s.text.split()) for s in parse_draft(text, markdown=markdown).sentences]


# --- reading Markdown ---------------------------------------------------------------------------


def test_front_matter_code_blocks_and_inline_code_are_not_prose() -> None:
    text = (
        "---\ntitle: 5 years\n---\n"
        "Prose one.\n\n"
        "```python\nsentence = '7 years'\n```\n\n"
        "~~~~\n6 years\n~~~~\n\n"
        "    indented 8 years\n\n"
        "Run `kzfacts check --max 9` now.\n"
    )
    assert texts(text) == ["Prose one.", "Run now."]


def test_html_comments_and_markup_are_hidden_but_offsets_are_kept() -> None:
    text = "A **bold** <!-- hidden 5 -->[link](http://x.org/5) and ![img 6](a.png) word.\n"
    draft = parse_draft(text)
    assert len(draft.prose) == len(text)
    assert texts(text) == ["A bold link and word."]
    assert draft.sentences[0].start == 0


def test_headings_list_items_and_table_rows_are_blocks_of_their_own() -> None:
    text = (
        "# 2. The heading\n"
        "A paragraph that runs\non two lines\n"
        "- an item\n"
        "1. a numbered item\n\n"
        "| a | b |\n|---|---|\n| c | d |\n"
    )
    assert texts(text) == [
        "The heading",
        "A paragraph that runs on two lines",
        "an item",
        "a numbered item",
        "a b",
        "c d",
    ]


def test_sentences_split_at_stops_before_a_capital_but_not_after_abbreviations() -> None:
    text = (
        "Mr. Zhovtis met E. Kozlov in the U.S. on Monday. He left! Did he? "
        "Yes (see p. 4). Then 'Quoted.' Done"
    )
    assert texts(text) == [
        "Mr. Zhovtis met E. Kozlov in the U.S. on Monday.",
        "He left!",
        "Did he?",
        "Yes (see p. 4).",
        "Then 'Quoted.'",
        "Done",
    ]


def test_plain_text_keeps_markdown_characters_as_text() -> None:
    assert texts("A *star* and `tick`.\n\n    Indented is prose.", markdown=False) == [
        "A *star* and `tick`.",
        "Indented is prose.",
    ]
    assert is_markdown("notes/Draft.MD") and not is_markdown("draft.txt")


# --- citations --------------------------------------------------------------------------------


def test_pandoc_citation_forms() -> None:
    text = "One [@a]. Two [@b; @c]. Three [see @d, p. 2]. Four [-@e]. Five [@{f.g}]."
    draft = parse_draft(text)
    assert [[c.key for c in s.citations] for s in draft.sentences] == [
        ["a"],
        ["b", "c"],
        ["d"],
        ["e"],
        ["f.g"],
    ]
    d = draft.citations[3]
    assert text[d.start : d.end] == "@d"
    assert "p. 2" not in draft.prose  # a locator is not prose, so never a claim


def test_emails_links_and_footnotes_are_not_citations() -> None:
    text = "Write to a@b.org [or c@d.org]. See [@x](http://x.org) and [^1].\n\n[^1]: Note.\n"
    assert parse_draft(text).citations == ()


def test_a_citation_after_the_stop_belongs_to_the_sentence_before() -> None:
    text = "Zhovtis got four years.\n[@a] The next sentence [@b].\n"
    draft = parse_draft(text)
    assert [[c.key for c in s.citations] for s in draft.sentences] == [["a"], ["b"]]


# --- claims -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "claims"),
    [
        ("Zhovtis was sentenced to four years.", ["four years"]),
        ("In 2009 Kazakhstan prepared to chair the OSCE.", []),
        ("Between 2005 and 2014 the record worsened.", []),
        ("On 16 December 2011 at least 16 people died.", ["16 December 2011", "at least 16"]),
        ("One of the defenders was fined 5 million tenge.", ["5 million tenge"]),
        ("Under Article 164 he was convicted.", []),
        ("Last year he was released.", []),
        ("Support fell by over 30% in late 2011.", ["over 30%", "late 2011"]),
    ],
)
def test_what_counts_as_a_claim(sentence: str, claims: list[str]) -> None:
    found = claims_in(sentence, find_values(sentence, reference=date(2000, 1, 1)))
    assert [m.text for m in found] == claims


def test_the_cheap_value_test_misses_no_claim_of_the_seed_corpus() -> None:
    """`find_values` is skipped where `may_state_a_value` says no: that must never lose a claim."""
    checked = 0
    for name in ("000", "001", "002", "003", "004"):
        for sentence in parse_draft(seed_text(name), markdown=False).sentences:
            mentions = find_values(sentence.text, reference=date(2000, 1, 1))
            if claims_in(sentence.text, mentions):
                checked += 1
                assert may_state_a_value(sentence.text), sentence.text
    assert checked > 100


# --- the four findings --------------------------------------------------------------------------


def test_a_clean_draft_has_no_findings_and_counts_what_it_read() -> None:
    text = (
        "# Zhovtis\n\n"
        "Evgeniy Zhovtis was sentenced to four years [@zhovtis-sentence; @zhovtis-status].\n"
        "In Zhanaozen more than a dozen people died [@zhanaozen-deaths]. He wrote letters.\n"
    )
    result = check(text)
    assert result.findings == []
    assert (result.sentences, result.claims, result.citations) == (4, 2, 3)


def test_unsourced_claim_points_at_the_claim_and_suggests_matching_facts() -> None:
    text = "Intro.\n\nLater, Zhovtis was sentenced to four years in a colony.\n"
    result = check(text)
    assert codes(result) == [("unsourced-claim", 3, 33)]
    finding = result.findings[0]
    assert finding.location == Location("draft.md", 3, 33, 3, 43)
    assert [s["fact"] for s in finding.detail["suggestions"]] == ["zhovtis-sentence"]
    assert "[@zhovtis-sentence] (Evgeniy Zhovtis: sentence_length 4 years)" in finding.message


def test_suggestions_need_both_the_entity_and_the_value() -> None:
    wrong_value = check("Zhovtis was sentenced to nine years.").findings[0]
    wrong_person = check("Tankov was sentenced to four years.").findings[0]
    by_surname = check("Tankov was sentenced to five years.").findings[0]
    assert wrong_value.detail["suggestions"] == []
    assert wrong_person.detail["suggestions"] == []
    assert [s["fact"] for s in by_surname.detail["suggestions"]] == ["tankov-sentence"]


def test_unknown_fact_points_at_the_key_and_offers_the_closest_ids() -> None:
    text = "Zhovtis was jailed [@zhovtis-sentense] and [@nothing-like-it].\n"
    result = check(text)
    assert codes(result) == [("unknown-fact", 1, 21), ("unknown-fact", 1, 45)]
    first, second = result.findings
    assert first.fact == "zhovtis-sentense"
    assert first.detail["did_you_mean"] == ["zhovtis-sentence"]
    assert "did you mean [@zhovtis-sentence]?" in first.message
    assert second.detail["did_you_mean"] == []


def test_claim_mismatch_shows_the_facts_quote() -> None:
    text = "He said so.\nZhovtis was sentenced to five years [@zhovtis-sentence].\n"
    result = check(text)
    assert codes(result) == [("claim-mismatch", 2, 26)]
    finding = result.findings[0]
    assert finding.fact == "zhovtis-sentence"
    assert finding.detail["quote"] == FOUR_YEARS
    assert f'its source says: "{FOUR_YEARS}"' in finding.message
    assert "'five years' (5 years)" in finding.message


@pytest.mark.parametrize(
    "sentence",
    [
        "Zhovtis was sentenced to about four years [@zhovtis-sentence].",  # overlaps
        "Zhovtis, 4 years [@zhovtis-sentence] and Tankov, 5 years [@tankov-sentence].",
        "Zhovtis was convicted [@zhovtis-sentence].",  # no duration: nothing to compare
        "More than a dozen died [@zhanaozen-deaths].",
        "The rally of 29 January [@rally-date] was broken up.",  # year from the fact's source
    ],
)
def test_no_mismatch_when_some_mention_of_the_type_can_be_the_fact(sentence: str) -> None:
    assert check(sentence).findings == []


@pytest.mark.parametrize(
    ("sentence", "stated"),
    [
        ("Ten people died [@zhanaozen-deaths].", ["Ten"]),
        ("The rally of 30 January [@rally-date] was broken up.", ["30 January"]),
        ("Zhovtis was acquitted [@zhovtis-status].", ["acquitted"]),
    ],
)
def test_mismatch_on_counts_yearless_dates_and_statuses(sentence: str, stated: list[str]) -> None:
    result = check(sentence)
    assert [f.code.value for f in result.findings] == ["claim-mismatch"]
    assert result.findings[0].detail["stated"] == stated


def test_cites_broken_fact_names_the_audit_codes() -> None:
    facts = base({"zhovtis-sentence": ["quote-altered"]})
    result = check("Zhovtis got four years [@zhovtis-sentence].\n", facts)
    assert codes(result) == [("cites-broken-fact", 1, 25)]
    finding = result.findings[0]
    assert finding.detail["audit_codes"] == ["quote-altered"]
    assert "the last audit (run 7) found broken: quote-altered" in finding.message


# --- suppressions -------------------------------------------------------------------------------


def test_off_on_regions_and_ignore_next_line_are_suppressions_and_are_counted() -> None:
    text = (
        "Zhovtis got 4 years.\n"  # 1: reported
        "<!-- kzfacts off -->\n"
        "Zhovtis got 5 years.\n"  # 3: off
        "Ten died [@missing].\n"  # 4: off
        "<!-- kzfacts on -->\n"
        '<!-- kzfacts ignore-next-line reason="an example" -->\n'
        "\n"
        "Tankov got 6 years,\nand more.\n"  # 8-9: the next line's sentence, both lines
        "Tankov got 7 years.\n"  # 10: reported
    )
    result = check(text)
    assert codes(result) == [("unsourced-claim", 1, 13), ("unsourced-claim", 10, 12)]
    assert result.suppressions == 2
    assert sorted((f.code.value, f.location.line) for f in result.suppressed if f.location) == [
        ("unknown-fact", 4),
        ("unsourced-claim", 3),
        ("unsourced-claim", 8),
    ]
    assert result.problems == []


def test_an_unclosed_off_runs_to_the_end_and_bad_directives_are_reported() -> None:
    text = (
        "<!-- kzfacts on -->\n"
        "<!-- kzfacts please-ignore -->\n"
        "Zhovtis got 4 years.\n"
        "<!-- kzfacts off -->\n"
        "Tankov got 6 years.\n"
    )
    result = check(text)
    assert codes(result) == [("unsourced-claim", 3, 13)]
    assert result.suppressions == 1
    assert [p.split(": ", 1)[0] for p in result.problems] == ["draft.md:1", "draft.md:2"]
    assert "without an earlier" in result.problems[0]
    assert "unreadable directive" in result.problems[1]


def test_directives_inside_code_are_not_directives() -> None:
    text = "```\n<!-- kzfacts off -->\n```\nZhovtis got 4 years.\n"
    result = check(text)
    assert (codes(result), result.suppressions) == ([("unsourced-claim", 4, 13)], 0)


# --- the interval index -------------------------------------------------------------------------

bounds = st.one_of(st.integers(-50, 50).map(float), st.sampled_from([-math.inf, math.inf]))


@given(
    st.lists(st.tuples(bounds, bounds), max_size=150),
    st.tuples(st.integers(-60, 60), st.integers(0, 30)),
    st.sets(st.sampled_from(["e0", "e1", "e2"])),
)
def test_interval_index_finds_exactly_the_overlapping_values(
    items: list[tuple[float, float]], query: tuple[int, int], entities: set[str]
) -> None:
    values = [(min(a, b), max(a, b), f"f{i}", f"e{i % 3}") for i, (a, b) in enumerate(items)]
    low, high = float(query[0]), float(query[0] + query[1])
    expected = sorted(v for v in values if v[0] <= high and low <= v[1] and v[3] in entities)
    assert sorted(Intervals(values).overlapping(low, high, entities)) == expected


@given(
    st.lists(st.tuples(st.integers(-50, 50).map(float), st.integers(0, 9)), max_size=300),
    st.tuples(st.integers(-60, 60), st.integers(0, 30)),
    st.sets(st.sampled_from(["e0", "e1", "e2"])),
)
def test_interval_index_of_points_finds_exactly_the_overlapping_values(
    items: list[tuple[float, int]], query: tuple[int, int], entities: set[str]
) -> None:
    # Values stated as one number (a count, a day) have no width: one tier holds them all;
    # one in ten is open-ended ("more than 40").
    values = [
        (point, math.inf if n == 0 else point, f"f{i}", f"e{i % 3}")
        for i, (point, n) in enumerate(items)
    ]
    low, high = float(query[0]), float(query[0] + query[1])
    expected = sorted(v for v in values if v[0] <= high and low <= v[1] and v[3] in entities)
    index = Intervals(values)
    assert sorted(index.overlapping(low, high, entities)) == expected
    assert len(index._tiers) <= 1 and len(index._open) == sum(n == 0 for _p, n in items)


_KINDS = [("count", "people"), ("count", "copies"), ("duration", "days"), ("status", "status")]
_NEAR = st.one_of(st.integers(-20, 20).map(float), st.sampled_from([-math.inf, math.inf]))
_STORED = st.tuples(
    st.sampled_from(["e0", "e1", "e2", "e3"]),
    st.sampled_from(range(len(_KINDS))),
    st.one_of(st.none(), _NEAR),
    st.one_of(st.none(), _NEAR),
)


@given(
    st.lists(_STORED, min_size=10, max_size=120),
    st.lists(
        st.tuples(st.sampled_from(range(3)), st.integers(-20, 20).map(float), st.integers(0, 8)),
        min_size=1,
        max_size=3,
    ),
    st.sets(st.sampled_from(["e0", "e1", "e2", "e3", "e9"]), min_size=1),
)
def test_suggestions_look_among_the_named_entities_values_as_among_all(
    stored: list[tuple[str, int, float | None, float | None]],
    wanted: list[tuple[int, float, int]],
    entities: set[str],
) -> None:
    """The values of the sentence's entities found through their own indexes are those a scan
    of every fact finds, and how near the claims come to each is what comparing the fact's
    value with them gives."""
    rows = [
        Fact(
            id=f"f{n}",
            entity_id=entity,
            predicate=_KINDS[kind][0] + "_" + _KINDS[kind][1],
            value="v",
            value_low=low,
            value_high=high,
            value_unit=_KINDS[kind][1],
        )
        for n, (entity, kind, low, high) in enumerate(stored)
    ]
    types: dict[str, str | None] = {f"{t}_{u}": t for t, u in _KINDS}
    base = FactBase(rows, value_types=types)
    base._build()
    claims = [
        Value(ValueType(_KINDS[kind][0]), low, low + width, "said", _KINDS[kind][1])
        for kind, low, width in wanted
    ]
    expected: dict[str, dict[str, tuple[float, float, tuple[str, str]]]] = {}
    for claim in claims:
        for row in rows:
            low = -math.inf if row.value_low is None else row.value_low
            high = math.inf if row.value_high is None else row.value_high
            if (
                row.entity_id in entities
                and row.predicate == f"{claim.type.value}_{claim.unit}"
                and (row.value_low, row.value_high) != (None, None)
                and low <= claim.high
                and claim.low <= high
            ):
                kind = (claim.type.value, claim.unit)
                expected.setdefault(row.entity_id, {})[row.id] = (low, high, kind)
    found = base._overlapping(entities, claims)
    assert found == expected
    for facts in found.values():
        for fact_id, (low, high, kind) in facts.items():
            value = base.value(fact_id)
            assert value is not None
            near = 2
            if any(c.low == value.low and c.high == value.high for c in claims):
                near = 0
            elif any(supports(c, value) for c in claims):
                near = 1
            assert nearness(low, high, kind, claims) == near


@given(
    st.lists(st.tuples(st.sampled_from([60.0, 75.0, 90.0, 100.0]), st.integers(0, 5)), max_size=8),
    st.lists(st.tuples(st.integers(-3, 3).map(float), st.integers(0, 2)), min_size=1, max_size=3),
    st.integers(1, 4),
)
def test_the_best_facts_are_those_of_ranking_every_fact(
    entities: list[tuple[float, int]], wanted: list[tuple[float, int]], limit: int
) -> None:
    """Facts of a score below the `limit` first are not weighed: the same facts in the same
    order as ranking every fact of every ranked entity (ties of score and nearness included)."""
    kind = ("count", "people")
    ranked = sorted(
        ((f"name {n}", score, f"e{n}") for n, (score, _count) in enumerate(entities)),
        key=lambda r: -r[1],
    )
    facts = {
        f"e{n}": {f"f{n}-{i}": (float(i % 3), float(i % 3 + i % 2), kind) for i in range(count)}
        for n, (_score, count) in enumerate(entities)
    }
    claims = [Value(ValueType.COUNT, low, low + width, "said", "people") for low, width in wanted]
    every = sorted(
        (-score, nearness(low, high, k, claims), fact_id)
        for _name, score, entity in ranked
        for fact_id, (low, high, k) in facts[entity].items()
    )
    expected = [(-negative, fact_id) for negative, _near, fact_id in every[:limit]]
    assert best_facts(ranked, facts, claims, limit) == expected


def test_locations_are_code_points_of_the_file() -> None:
    text = "Ünïcödé — Zhovtis got 4 years.\n"
    finding = check(text).findings[0]
    assert finding.location == Location("draft.md", 1, 23, 1, 30)
    assert re.sub(r"\s+", " ", text[22:29]) == "4 years"
