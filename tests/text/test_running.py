"""The text as its sentences run: a PDF's pages, furniture and line-end hyphens read as its
plain text reads, for sentences, subject windows and value evidence — and the rules still
refuse there what they refuse in the plain text."""

from __future__ import annotations

from datetime import date

from kzfacts.checks.findings import Code
from kzfacts.checks.subjects import EntityNames, catalog_of, check_subject, subject_window
from kzfacts.checks.values import check_support, evidence_at, source_years
from kzfacts.text.anchor import PreparedSource, anchor_quote
from kzfacts.text.normalize import normalize
from kzfacts.text.pages import join_pages
from kzfacts.text.running import running_text
from kzfacts.values import ValueType, parse_value

HEADER = "Human rights in Kazakhstan"
PAGES = [
    f"{HEADER}\nMass protests were held in Almaty on 28 January and 25 Febr-\nuary 2012 to "
    "protest the results of the parliamentary elections. Several human rights defenders are\n"
    "Page 1 of 3",
    f"{HEADER}\ncurrently deprived of their liberty. These include Roza Tuleta-\neva and Vadim "
    "Kuramshin, who continue to serve prison sentences. A number of activists were\nPage 2 of 3",
    f"{HEADER}\nquestioned. The court sentenced a blogger to twenty-\nfive days of administrative "
    "arrest and a four-\nyear ban in the so-\ncalled Ak-\nZhol case.\nPage 3 of 3",
]
TEXT = join_pages(PAGES)
CATALOG = catalog_of(
    [
        EntityNames("tuletaeva", "Roza Tuletaeva", "person"),
        EntityNames("kuramshin", "Vadim Kuramshin", "person"),
        EntityNames("mukhortova", "Zinaida Mukhortova", "person"),
        EntityNames("ak-zhol", "Ak-Zhol", "organisation"),
    ]
)


def test_running_text_keeps_offsets_and_reads_pages_as_one_text() -> None:
    running = running_text(TEXT)
    assert len(running) == len(TEXT)
    assert "\f" not in running and HEADER not in running and "Page 2 of 3" not in running
    read = normalize(running).text
    assert "25 february 2012" in read
    assert "roza tuletaeva and vadim kuramshin" in read
    assert "defenders are currently deprived" in read
    # A compound's hyphen stays: a name's parts, and words that values are made of.
    assert "twenty-five days" in read and "four-year ban" in read and "ak-zhol case" in read
    plain = "A plain text.\nNo pages, no hyphens."
    assert running_text(plain) is plain


def test_sentences_run_across_page_breaks_and_furniture() -> None:
    start = TEXT.index("currently deprived")
    window_start, sentence_start, _ = subject_window(TEXT, start, start + 10)
    assert TEXT[sentence_start:].startswith("Several human rights defenders")
    assert TEXT[window_start:].startswith("Mass protests")


def _subject(quote: str, entity: str) -> Code | None:
    source = PreparedSource(TEXT)
    anchor = anchor_quote(quote, source).anchor
    assert anchor is not None
    finding = check_subject(source, anchor.start, anchor.end, entity, CATALOG).finding
    return None if finding is None else finding.code


def test_a_name_hyphenated_across_a_line_end_is_named() -> None:
    assert _subject("These include Roza Tuletaeva and Vadim Kuramshin", "tuletaeva") is None
    assert _subject("who continue to serve prison sentences", "tuletaeva") is None
    # Still refused: someone else is named there, and the fact's entity nowhere.
    assert _subject("who continue to serve prison sentences", "mukhortova") is (
        Code.SUBJECT_MISMATCH
    )


def _support(quote: str, value: str) -> Code | None:
    source = PreparedSource(TEXT)
    anchor = anchor_quote(quote, source).anchor
    assert anchor is not None
    years = source_years(date(2012, 3, 15), "day")
    evidence = evidence_at(TEXT, anchor.start, anchor.end, years, dates=True)
    parsed = parse_value(value, ValueType.DATE, reference=date(2012, 3, 15))
    finding = check_support(evidence, parsed, "event_date", "date")
    return None if finding is None else finding.code


def test_a_month_hyphenated_across_a_line_end_is_read() -> None:
    quote = "held in Almaty on 28 January and 25 February 2012"
    assert _support(quote, "2012-02-25") is None
    assert _support(quote, "2012-01-28") is None
    assert _support(quote, "2012-02-26") is Code.VALUE_UNSUPPORTED


def test_line_end_hyphens_are_joined_only_between_letters() -> None:
    """Hyphens before spaces, tabs, blank lines, digits, capitals, another hyphen and the end
    of the text: only a typesetter's hyphen between two lower-case words is joined."""
    import re

    odd = "govern-\nment so- \t\n\n called 2-\nyear Ak-\nZhol --\nx a\u2010\nb end-\n 12-\n"
    assert re.findall("\u00ad+", running_text(odd)) == ["\u00ad" * 2, "\u00ad" * 6, "\u00ad" * 2]
