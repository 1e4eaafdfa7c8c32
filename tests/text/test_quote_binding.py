"""Quote boundaries, elisions and qualifiers on real seed passages: for every rule, the quote
it must refuse and its honest neighbour it must accept."""

from __future__ import annotations

from functools import cache

import pytest

from kzfacts.checks.quotes import check_quote
from kzfacts.text.anchor import PreparedSource, Verdict, anchor_quote
from kzfacts.text.guard import compare_tokens
from tests.conftest import seed_text


@cache
def source(seed: str) -> PreparedSource:
    return PreparedSource(seed_text(seed))


def altered(seed: str, quote: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(quote side, source side, classes) of the protected differences; fails unless altered."""
    result = anchor_quote(quote, source(seed))
    assert result.verdict is Verdict.ALTERED, (quote, result.verdict)
    return [(d.quote, d.source, tuple(c.value for c in d.classes)) for d in result.protected_diffs]


def accepted(seed: str, quote: str) -> Verdict:
    result = anchor_quote(quote, source(seed))
    assert result.accepted, (quote, result.verdict, result.diffs)
    return result.verdict


# --- boundaries ---------------------------------------------------------------------------------


def test_a_date_cut_out_of_a_longer_day_is_a_boundary() -> None:
    # 001: "... was amnestied and released on 15 March 2012. He had been charged ..."
    assert altered("001", "5 March 2012. He had been charged with calling for the overthrow") == [
        ("5", "15", ("boundary",))
    ]
    assert accepted("001", "15 March 2012. He had been charged with calling for the overthrow") is (
        Verdict.EXACT
    )


def test_an_amount_cut_out_of_a_longer_number_is_a_boundary() -> None:
    # 004: "back taxes amounting to more than 81 million tenge (approx. U.S.$623,000)"
    assert altered("004", "1 million tenge (approx. U.S.$623,000). The organization decried") == [
        ("1", "81", ("boundary",))
    ]
    honest = "more than 81 million tenge (approx. U.S.$623,000). The organization decried"
    assert accepted("004", honest) is Verdict.EXACT


def test_a_quote_ending_inside_a_word_is_a_boundary_and_the_message_shows_the_word() -> None:
    # 000: "Evgeniy Zhovtis, was sentenced to four years' imprisonment following an unfair trial"
    checked = check_quote("Evgeniy Zhovtis, was sentenced to four years' imprison", source("000"))
    assert [f.code.value for f in checked.findings] == ["quote-altered"]
    assert checked.findings[0].message == (
        "the quote differs from the source in protected words: the quote's 'imprison' cuts the "
        "source's word 'imprisonment' (boundary): start and end the quote on whole words"
    )
    assert accepted("000", "Evgeniy Zhovtis, was sentenced to four years' imprisonment") is (
        Verdict.EXACT
    )


# --- elisions -----------------------------------------------------------------------------------


def test_an_elision_may_not_leave_out_a_negation() -> None:
    # 001: "it is regrettable that she was not acquitted and that a ban on engaging in ..."
    assert altered("001", "it is regrettable that she was ... acquitted and that a ban") == [
        ("…", "not", ("elided-negation",))
    ]
    assert (
        accepted("001", "it is regrettable that she was not acquitted ... a ban on engaging in")
        is Verdict.EXACT
    )


def test_an_elision_may_not_leave_out_a_qualifier_of_a_number_the_quote_keeps() -> None:
    # 004: "On May 2, some fifty men stormed a meeting of opposition leaders in Shymkent"
    assert altered("004", "On May 2, ... fifty men stormed a meeting of opposition leaders") == [
        ("…", "some", ("elided-qualifier",))
    ]
    assert (
        accepted("004", "On May 2, some fifty men stormed ... opposition leaders in Shymkent")
        is Verdict.EXACT
    )


@pytest.mark.parametrize("mark", ["[...]", "[…]", "…", "..."])
def test_bracketed_ellipses_are_elisions_too(mark: str) -> None:
    assert accepted(
        "004", f"On May 2, some fifty men stormed {mark} opposition leaders in Shymkent"
    )
    assert altered("001", f"it is regrettable that she was {mark} acquitted and that a ban") == [
        ("…", "not", ("elided-negation",))
    ]


def test_fragments_further_apart_than_the_limit_say_how_far() -> None:
    # 004: two sentences some 800 characters apart, nothing protected between them.
    quote = (
        "to offer concrete recommendations for improving human rights ... Leading ZSK figure "
        "Zharmahan Tuyakbai, now a presidential candidate"
    )
    checked = check_quote(quote, source("004"))
    assert checked.anchoring.verdict is Verdict.TOO_FAR_APART
    gap = checked.anchoring.gap
    assert 400 < gap < 1000
    assert [f.code.value for f in checked.findings] == ["quote-elision-too-long"]
    assert checked.findings[0].message == (
        f"the fragments stand {gap:,} characters apart; an elision may span at most 400: "
        "quote two facts, or raise `--max-gap`"
    )
    assert check_quote(quote, source("004"), max_gap=gap).accepted
    assert not check_quote(quote, source("004"), max_gap=gap - 1).accepted


def test_fragments_in_the_wrong_order_are_still_not_found() -> None:
    quote = "was released from prison on 8 March 2012 ... Negotiations to replace the 1999"
    assert check_quote(quote, source("001")).findings[0].code.value == "quote-not-found"


# --- qualifiers ---------------------------------------------------------------------------------


ZHANAOZEN = "During these events, more than a dozen people died and some 100 were wounded as police"


def test_dropping_a_qualifier_inside_a_quote_is_altered() -> None:
    # 001: "During these events, more than a dozen people died and some 100 were wounded"
    dropped = ZHANAOZEN.replace("more than ", "") + " used arms to put down riots"
    assert altered("001", dropped) == [("", "more than", ("qualifier",))]
    assert accepted("001", ZHANAOZEN) is Verdict.EXACT


def test_flipping_or_adding_a_qualifier_is_altered() -> None:
    flipped = ZHANAOZEN.replace("more than", "fewer than")
    assert altered("001", flipped) == [("fewer", "more", ("qualifier",))]
    # 004: "In response, police arrested seven DVK members, including ..."
    added = "In response, police arrested about seven DVK members, including party executive"
    assert altered("004", added) == [("about", "", ("qualifier",))]


def test_a_quote_starting_at_a_qualified_number_drops_its_qualifier() -> None:
    # 004: "some fifty men stormed": the quote may not start at "fifty".
    assert altered("004", "fifty men stormed a meeting of opposition leaders in Shymkent") == [
        ("", "some", ("qualifier",))
    ]
    assert accepted("004", "some fifty men stormed a meeting of opposition leaders in Shymkent")


def test_over_and_some_are_ordinary_words_away_from_a_number() -> None:
    # 003: "In spite of some welcome measures, such as the establishment of a National ..."
    assert accepted("003", "In spite of welcome measures, such as the establishment of a") is (
        Verdict.INEXACT
    )


def test_a_quote_starting_right_after_a_negation_is_altered() -> None:
    # 003: "The definition of torture ... still does not fully meet international standards"
    assert altered("003", "fully meet international standards and effective legal safeguards") == [
        ("", "not", ("negation",))
    ]
    assert accepted("003", "does not fully meet international standards and effective legal")


# --- one token, however written -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "quote"),
    [
        # digits and number words, inside and at either edge of the quote
        ("004", "police arrested 7 DVK members, including party executive committee member"),
        ("004", "7 DVK members, including party executive committee member Vladimir Kozlov"),
        ("000", "Evgeniy Zhovtis, was sentenced to 4 years' imprisonment"),
        ("001", "was imprisoned for 6 years in August 2011 for “inciting social hatred”"),
        # "U.S." and "US", a sign beside its number
        ("004", "more than 81 million tenge (approx. US$623,000). The organization decried"),
        (
            "002",
            "as a result of which the number of such associations decreased by over 30 percent",
        ),
        (
            "002",
            "as a result of which the number of such associations decreased by over 30 per cent",
        ),
    ],
)
def test_the_same_token_written_otherwise_is_accepted(seed: str, quote: str) -> None:
    result = anchor_quote(quote, source(seed))
    assert result.accepted, (quote, result.verdict, result.diffs)
    assert not result.protected_diffs


def test_a_number_word_at_the_edge_of_a_quote_is_its_digit() -> None:
    # 001: "was imprisoned for six years in August 2011"; the quote ends on the digit.
    result = anchor_quote(
        "a lawyer advising striking oil workers who was imprisoned for 6", source("001")
    )
    assert result.accepted, result.diffs
    assert result.anchor is not None and result.anchor.exact.endswith("six")


def test_a_dollar_sign_before_its_number_is_the_word_after_it() -> None:
    # 004: "(approx.U.S. $40,000)": the guard reads "$40,000" as "40,000 $", like "40,000 dollars".
    assert compare_tokens("approx. U.S. 40,000 dollars", "approx.U.S. $40,000") == []
    assert compare_tokens("approx. US 40,000 dollars", "approx.U.S. $40,000") == []
    changed = compare_tokens("approx. U.S. 40,000 euros", "approx.U.S. $40,000")
    assert [(d.quote, d.source) for d in changed] == [("euros", "$")]
