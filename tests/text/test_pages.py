"""Pages of a PDF's text: page numbers, running headers and footers read as furniture, and
words hyphenated at line ends by the typesetter — on real passages of the seed texts."""

from __future__ import annotations

from kzfacts.text.anchor import PreparedSource, Verdict, anchor_quote
from kzfacts.text.pages import (
    blank_furniture,
    furniture_spans,
    join_pages,
    page_count,
    page_label,
    page_range,
    pages_of,
)

HEADER = "NHC, IPHR, NethHC: Appeal to the EU"
# The 2012 appeal as a three-page PDF reads: a running header, the body, a page-number footer.
PAGES = [
    f"{HEADER}\nThe NorHC, IPHR and the NethHC welcome the principled position taken by the EU.\n"
    "A resolution adopted by the European Parliament on\n1",
    f"{HEADER}\n15 March 2012 similarly emphasized that progress in the PCA negotiations\n"
    "“must depend on” the progress of political reforms in Kazakhstan.\n2",
    f"{HEADER}\nNatalia Sokolova, a lawyer advising striking oil workers who was imprisoned for\n"
    "six years in August 2011, was released from prison on 8 March 2012.\n3",
]
TEXT = join_pages(PAGES)


def test_pages_are_joined_by_form_feeds_and_counted() -> None:
    assert TEXT.count("\n\f") == 2
    assert page_count(TEXT) == 3
    for words, page in ((HEADER, 1), ("15 March 2012", 2), ("Natalia Sokolova", 3)):
        start = TEXT.index(words)
        assert pages_of(TEXT, start, start + len(words)) == (page, page)
    assert pages_of("A text without pages", 5, 9) is None


def test_a_span_that_ends_at_a_page_break_stays_on_its_page() -> None:
    start = TEXT.index("A resolution")
    form_feed = TEXT.index("\f")
    assert pages_of(TEXT, start, TEXT.index("\n1\n\f")) == (1, 1)  # "…Parliament on"
    assert pages_of(TEXT, start, form_feed) == (1, 1)  # up to the form feed
    assert pages_of(TEXT, start, form_feed + 1) == (1, 1)  # the form feed: no word of page 2
    assert pages_of(TEXT, start, form_feed + 2) == (1, 2)  # the first letter of page 2
    # Likewise a span that opens on the page break stands where its first word does.
    assert pages_of(TEXT, form_feed - 1, TEXT.index("15 March")) == (2, 2)
    assert pages_of(TEXT, start, start) == (1, 1)


def test_a_page_label_names_one_page_or_a_range() -> None:
    assert (page_label(2, 2), page_label(2, 3), page_label(2)) == ("p. 2", "pp. 2–3", "p. 2")
    assert (page_range(6, 6), page_range(7, 8)) == ("6", "7–8")


def test_running_headers_and_page_numbers_are_furniture() -> None:
    spans = [TEXT[start:end] for start, end in furniture_spans(TEXT)]
    assert spans == [HEADER, "1", HEADER, "2", HEADER, "3"]
    assert len(blank_furniture(TEXT)) == len(TEXT)


def test_a_quote_runs_across_a_page_break_and_its_furniture() -> None:
    result = anchor_quote(
        "A resolution adopted by the European Parliament on 15 March 2012 similarly emphasized",
        PreparedSource(TEXT),
    )
    assert result.verdict is Verdict.EXACT
    assert result.anchor is not None
    assert TEXT[result.anchor.start : result.anchor.end] == (
        f"A resolution adopted by the European Parliament on\n1\n\f{HEADER}\n15 March 2012 "
        "similarly emphasized"
    )
    assert pages_of(TEXT, result.anchor.start, result.anchor.end) == (1, 2)


def test_a_line_on_one_page_only_is_text_not_furniture() -> None:
    # The page number "1" stands alone: without the other pages it repeats on none.
    once = join_pages([PAGES[0].replace("\n1", "\nPage 1 of 3"), PAGES[1].removesuffix("\n2")])
    assert "Page 1 of 3" not in [once[s:e] for s, e in furniture_spans(once)]
    result = anchor_quote(
        "A resolution adopted by the European Parliament on 15 March 2012 similarly emphasized",
        PreparedSource(once),
    )
    # "Page 1 of 3" stands in the middle of it: the quote leaves out words the source has.
    assert result.verdict is Verdict.NOT_FOUND
    assert result.closest is not None and "Page 1 of 3" in result.closest


def test_a_sentence_with_a_kept_and_a_joined_line_end_hyphen_is_exact() -> None:
    # Typeset in two columns, the 2012 appeal breaks "legislation" and keeps "so-called".
    text = (
        "the Kazakhstani government pledged to liberalize legislat-\nion on media, elections and "
        "political parties\n(in the so-\ncalled 2007 Madrid commitments). Later it committed"
    )
    quote = (
        "pledged to liberalize legislation on media, elections and political parties (in the "
        "so-called 2007 Madrid commitments)"
    )
    assert anchor_quote(quote, PreparedSource(text)).verdict is Verdict.EXACT
    altered = quote.replace("2007", "2008")
    assert anchor_quote(altered, PreparedSource(text)).verdict is Verdict.ALTERED


def test_an_elided_quote_finds_a_hyphenated_name_after_its_gap() -> None:
    text = (
        "A number of human rights defenders are\ncurrently locked up on grounds deemed to be "
        "politically motivated, including Roza Tuleta-\neva, Vadim Kuramshin and Zinaida "
        "Mukhortova."
    )
    quote = "human rights defenders are currently locked up ... including Roza Tuletaeva, Vadim Kuramshin"
    assert anchor_quote(quote, PreparedSource(text)).verdict is Verdict.EXACT
    wrong_name = quote.replace("Vadim Kuramshin", "Vadim Kozlov")
    assert anchor_quote(wrong_name, PreparedSource(text)).verdict is Verdict.NOT_FOUND
