"""Quote anchoring and the token guard, on real passages from the seeds."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kzfacts.text.anchor import Anchoring, PreparedSource, Verdict, anchor_quote
from kzfacts.text.edges import edge_words
from kzfacts.text.guard import TokenClass
from tests.conftest import seed_text

LETTER_2009 = PreparedSource(seed_text("000"))
APPEAL_2012 = PreparedSource(seed_text("001"))
LETTER_2005 = PreparedSource(seed_text("004"))


def verdict(quote: str, source: PreparedSource = APPEAL_2012) -> Verdict:
    return anchor_quote(quote, source).verdict


def test_exact_quote_is_anchored_at_its_raw_offsets() -> None:
    quote = "Evgeniy Zhovtis, was sentenced to four years' imprisonment"
    result = anchor_quote(quote, LETTER_2009)
    assert result.verdict is Verdict.EXACT
    assert result.anchor is not None
    assert LETTER_2009.raw[result.anchor.start : result.anchor.end] == (
        "Evgeniy Zhovtis, was sentenced to four years' imprisonment"
    )
    assert result.anchor.prefix.endswith("human rights defender, ")


def test_quote_across_page_footer_urls_and_line_breaks_is_exact() -> None:
    quote = (
        "accountable to international human rights standards, recommendations made by "
        "international human rights bodies overseeing compliance with such standards"
    )
    result = anchor_quote(quote, APPEAL_2012)
    assert result.verdict is Verdict.EXACT
    assert result.anchor is not None
    assert "http://eeas.europa.eu" in result.anchor.exact


@pytest.mark.parametrize(
    "quote",
    [
        "in the so-called 2007 Madrid commitments",
        "in the socalled 2007 Madrid commitments",
        "foreign government and non-government actors",
    ],
)
def test_both_readings_of_a_line_end_hyphen(quote: str) -> None:
    assert verdict(quote) is Verdict.EXACT


def test_elided_quote_anchors_every_fragment_in_order() -> None:
    result = anchor_quote(
        "Natalia Sokolova ... was released from prison on 8 March 2012", APPEAL_2012
    )
    assert result.verdict is Verdict.EXACT
    assert result.anchor is not None
    assert result.anchor.exact.startswith("Natalia Sokolova")
    assert result.anchor.exact.endswith("8 March 2012")


def test_elided_fragments_out_of_order_are_not_found() -> None:
    assert verdict("was released from prison on 8 March 2012 … Natalia Sokolova, a lawyer") is (
        Verdict.NOT_FOUND
    )


def test_frankenquote_of_two_sentences_is_not_found() -> None:
    quote = (
        "more than a dozen people died and some 100 were wounded as police used arms. "
        "The Kazakhstani authorities have acknowledged"
    )
    assert verdict(quote) is Verdict.NOT_FOUND


@pytest.mark.parametrize(
    ("quote", "changed", "token_class"),
    [
        ("Evgeniy Zhovtis, was sentenced to five years' imprisonment", "five", TokenClass.NUMBER),
        ("more than a dozen people died and some 200 were wounded", "200", TokenClass.NUMBER),
        ("was imprisoned for six years in August 2010 for", "2010", TokenClass.NUMBER),
        (
            "was imprisoned for six years in September 2011 for “inciting social hatred” and conducting",
            "September",
            TokenClass.MONTH,
        ),
        (
            "close to 600 registered religious groups were not closed down",
            "not",
            TokenClass.NEGATION,
        ),
        (
            "Igor Vinyavsky, chief editor of the opposition Vzgliad newspaper",
            "vinyavsky",
            TokenClass.PROPER_NAME,
        ),
        (
            "it is regrettable that she was not convicted and that a ban",
            "convicted",
            TokenClass.LEGAL,
        ),
        (
            "progress in the PCA negotiations “should depend on” the progress",
            "should",
            TokenClass.MODAL,
        ),
    ],
)
def test_changed_protected_token_is_altered(
    quote: str, changed: str, token_class: TokenClass
) -> None:
    source = LETTER_2009 if "Zhovtis" in quote else APPEAL_2012
    result = anchor_quote(quote, source)
    assert result.verdict is Verdict.ALTERED
    protected = result.protected_diffs
    assert any(changed.casefold() in d.quote.casefold() for d in protected)
    assert any(token_class in d.classes for d in protected)


def test_changed_currency_and_amount_are_altered() -> None:
    quote = "taxes amounting to more than 81 million dollars (approx. U.S.$623,000)"
    result = anchor_quote(quote, LETTER_2005)
    assert result.verdict is Verdict.ALTERED
    assert [d.quote for d in result.protected_diffs] == ["dollars"]
    assert TokenClass.CURRENCY in result.protected_diffs[0].classes


def test_percent_is_protected() -> None:
    source = PreparedSource(
        "Registered associations fell by over 30% in the two years after the law."
    )
    result = anchor_quote("Registered associations fell by over 40% in the two years", source)
    assert result.verdict is Verdict.ALTERED


def test_typo_in_an_ordinary_word_is_inexact_with_the_diff() -> None:
    result = anchor_quote("Evgeniy Zhovtis, was sentenced to four years' imprisonmnet", LETTER_2009)
    assert result.verdict is Verdict.INEXACT
    assert [(d.quote, d.source) for d in result.diffs] == [("imprisonmnet", "imprisonment")]


def test_number_word_and_digit_are_the_same_token() -> None:
    result = anchor_quote("Evgeniy Zhovtis, was sentenced to 4 years' imprisonment", LETTER_2009)
    assert result.verdict is Verdict.INEXACT
    assert result.protected_diffs == ()


def test_omitted_legal_word_makes_the_quote_altered() -> None:
    result = anchor_quote("was released on 15 March 2012", APPEAL_2012)
    assert result.verdict is Verdict.ALTERED
    assert [d.source for d in result.protected_diffs] == ["amnestied and"]


def test_quote_matching_two_places_is_ambiguous() -> None:
    source = PreparedSource(
        "The court sentenced him to four years in prison. Later, the court sentenced him "
        "to four years in prison again."
    )
    result = anchor_quote("the court sentenced him to four years in prison", source)
    assert result.verdict is Verdict.AMBIGUOUS
    assert len(result.candidates) == 2


def test_short_quote_is_refused() -> None:
    assert verdict("four years") is Verdict.TOO_SHORT
    assert verdict("in 2011") is Verdict.TOO_SHORT


def test_quote_longer_than_its_source_is_not_found() -> None:
    source = PreparedSource("He was sentenced to four years.")
    assert verdict(
        "He was sentenced to four years and then released on parole in 2012", source
    ) is (Verdict.NOT_FOUND)


def test_moved_quote_is_found_again_from_its_hint() -> None:
    first = anchor_quote("was released from prison on 8 March 2012", APPEAL_2012)
    assert first.anchor is not None
    edited = PreparedSource("An inserted paragraph.\n\n" + APPEAL_2012.raw)
    again = anchor_quote("was released from prison on 8 March 2012", edited, hint=first.anchor)
    assert again.verdict is Verdict.EXACT
    assert again.anchor is not None
    assert again.anchor.start == first.anchor.start + len("An inserted paragraph.\n\n")


def _words_at(raw: str, start: int, count: int) -> str:
    """`count` words of the text from `start`; URLs are page furniture, not words of the text."""
    words = [w for w in raw[start : start + 3000].split() if not w.startswith(("http", "www."))]
    return " ".join(words[:count])


@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(APPEAL_2012.raw) - 400), st.integers(6, 25))
def test_a_quote_cut_from_a_real_seed_always_anchors(start: int, count: int) -> None:
    while start > 0 and not APPEAL_2012.raw[start - 1].isspace():
        start -= 1
    quote = _words_at(APPEAL_2012.raw, start, count)
    result = anchor_quote(quote, APPEAL_2012)
    if result.verdict is Verdict.ALTERED:
        assert_drops_a_governing_word(APPEAL_2012.raw, result)
        return
    assert result.verdict in (Verdict.EXACT, Verdict.AMBIGUOUS)


def assert_drops_a_governing_word(raw: str, result: Anchoring) -> None:
    """A cut quote true word for word is refused only for a negation or qualifier of its
    number standing just outside it ("fully meet" of "does not fully meet")."""
    anchor = result.anchor
    assert anchor is not None
    assert all(d.quote == "" for d in result.protected_diffs), result.diffs
    before, after = raw[max(0, anchor.start - 40) : anchor.start], raw[anchor.end : anchor.end + 40]
    assert edge_words(before, anchor.exact, after) == list(result.protected_diffs)


_URLS = [m.span() for m in re.finditer(r"(?:https?://|www\.)\S+", APPEAL_2012.raw)]
# Digits of the text itself; URLs are page furniture that anchoring reads as whitespace.
DIGITS = [
    i
    for i, c in enumerate(APPEAL_2012.raw)
    if c.isdigit() and not any(a <= i < b for a, b in _URLS)
]


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(DIGITS), st.integers(0, 9), st.integers(20, 80))
def test_a_changed_digit_never_anchors_as_exact_or_inexact(
    position: int, digit: int, reach: int
) -> None:
    text = APPEAL_2012.raw
    assume(text[position] != str(digit))
    begin = text.rfind(" ", 0, max(0, position - reach)) + 1
    end = text.find(" ", position + reach)
    end = len(text) if end == -1 else end
    quote = " ".join((text[begin:position] + str(digit) + text[position + 1 : end]).split())
    assert anchor_quote(quote, APPEAL_2012).verdict not in (Verdict.EXACT, Verdict.INEXACT)


def test_a_changed_name_at_the_start_of_a_quote_is_altered() -> None:
    source = PreparedSource(
        "In Almaty, Marat Dzhunovuly was fined 7,500,000 tenge for taking part in an unsanctioned rally."
    )
    result = anchor_quote(
        "Elena Uszhantov was fined 7,500,000 tenge for taking part in an unsanctioned rally", source
    )
    assert result.verdict is Verdict.ALTERED
    assert TokenClass.PROPER_NAME in result.protected_diffs[0].classes


def test_a_name_put_for_a_pronoun_is_altered() -> None:
    source = PreparedSource(
        "The court in Almaty sentenced him to four years in a general regime colony."
    )
    result = anchor_quote(
        "The court in Almaty sentenced Zhovtis to four years in a general regime colony", source
    )
    assert result.verdict is Verdict.ALTERED
    assert [(d.quote, d.source) for d in result.protected_diffs] == [("Zhovtis", "him")]


def test_a_protected_word_broken_at_a_line_end_is_one_word() -> None:
    source = PreparedSource(
        "The court said the lawyer was senten-\nced to 12 years' imprisonment in May."
    )
    result = anchor_quote("the laywer was sentenced to 12 years' imprisonment in May", source)
    assert result.verdict is Verdict.INEXACT
    assert [(d.quote, d.source) for d in result.diffs] == [("laywer", "lawyer")]


def test_dots_the_source_itself_holds_are_not_an_elision() -> None:
    quote = "the law on elections states that “...foreigners, stateless persons, foreign"
    result = anchor_quote(quote, LETTER_2005)
    assert result.verdict is Verdict.EXACT
    assert result.anchor is not None
    assert result.anchor.exact.endswith("“...foreigners, stateless persons, foreign")


SOKOLOVA = 'was imprisoned for six years in August 2011 for "inciting social hatred"'
"""The seed fact sokolova-sentence-length-2011's quote: it closes on a quotation mark, which
the source writes curly."""


def test_an_altered_quote_shows_the_source_up_to_its_closing_quotation_mark() -> None:
    edited = PreparedSource(
        APPEAL_2012.raw.replace("for six years in August", "for seven years in August")
    )
    result = anchor_quote(SOKOLOVA, edited)
    assert result.verdict is Verdict.ALTERED
    assert result.closest == (
        "was imprisoned for seven years in August 2011 for “inciting social hatred”"
    )
    assert [d.describe() for d in result.diffs] == ["'six' → source 'seven' (number)"]


def test_the_same_quote_stands_exact_to_its_closing_quotation_mark() -> None:
    result = anchor_quote(SOKOLOVA, APPEAL_2012)
    assert result.verdict is Verdict.EXACT
    assert result.anchor is not None
    assert result.anchor.exact.endswith("“inciting social hatred”")
    assert result.anchor.suffix.startswith(" and")
