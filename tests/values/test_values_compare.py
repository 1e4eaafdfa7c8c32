"""supports (a quote's value inside a fact's) and overlaps (can two facts both be true)."""

from __future__ import annotations

import datetime

import pytest

from kzfacts.values import (
    STATUS_CONFLICTS,
    STATUS_NAMES,
    Value,
    ValueType,
    find_values,
    overlaps,
    parse_value,
    supports,
)

C, D, T, M, P, S = (
    ValueType.COUNT,
    ValueType.DURATION,
    ValueType.DATE,
    ValueType.MONEY,
    ValueType.PERCENT,
    ValueType.STATUS,
)


def v(text: str, kind: ValueType) -> Value:
    return parse_value(text, kind, reference=datetime.date(2005, 10, 11))


def test_more_than_a_dozen_supports_more_than_12_not_16() -> None:
    stated = v("more than a dozen", C)
    assert supports(stated, v("more than 12", C)) is True
    assert supports(stated, v("16", C)) is False
    assert supports(stated, v("at least 13", C)) is True
    assert supports(stated, v("at least 12", C)) is True
    assert supports(stated, v("more than 13", C)) is False


def test_more_than_a_dozen_overlaps_14_and_not_12() -> None:
    stated = v("more than a dozen", C)
    assert overlaps(stated, v("14", C)) is True
    assert overlaps(stated, v("12", C)) is False


def test_four_years_and_five_years_do_not_overlap() -> None:
    assert overlaps(v("four years", D), v("five years", D)) is False
    assert overlaps(v("4 years", D), v("48 months", D)) is True
    assert supports(v("four years'", D), v("4 years", D)) is True


def test_early_october_lies_inside_october() -> None:
    early = v("early October 2005", T)
    month = v("October 2005", T)
    assert supports(early, month) is True
    assert supports(month, early) is False
    assert overlaps(early, v("2005-10-05", T)) is True
    assert overlaps(early, v("late October 2005", T)) is False


def test_a_fact_may_be_as_vague_as_its_source_never_more_precise() -> None:
    assert supports(v("some 100", C), v("about 100", C)) is True
    assert supports(v("some 100", C), v("100", C)) is False
    assert supports(v("100", C), v("some 100", C)) is True
    assert supports(v("close to 600", C), v("nearly 600", C)) is True
    assert supports(v("close to 600", C), v("600", C)) is False
    assert supports(v("2,000 to 5,000", C), v("2000 to 5000", C)) is True
    assert supports(v("2,000 to 5,000", C), v("3000", C)) is False
    assert supports(v("December 1-2, 2009", T), v("2009-12-01 to 2009-12-02", T)) is True
    assert supports(v("December 1-2, 2009", T), v("2009-12-01", T)) is False
    assert supports(v("late 2011", T), v("2011", T)) is True
    assert supports(v("late 2011", T), v("2011-12", T)) is False


def test_money_and_percent_keep_open_bounds_exact() -> None:
    assert supports(v("more than 81 million tenge", M), v("more than 81000000 KZT", M)) is True
    assert supports(v("more than 81 million tenge", M), v("at least 81000000 KZT", M)) is True
    assert supports(v("at least 81000000 KZT", M), v("more than 81 million tenge", M)) is False
    assert supports(v("over 30%", P), v("more than 30%", P)) is True
    assert supports(v("over 30%", P), v("31%", P)) is False
    assert supports(v("approx. U.S.$623,000", M), v("about 623000 USD", M)) is True
    assert supports(v("approx.U.S. $40,000", M), v("about 40000 USD", M)) is True


def test_different_currencies_never_support_and_never_contradict() -> None:
    tenge, dollars = v("5000000 KZT", M), v("5000000 USD", M)
    assert supports(tenge, dollars) is False
    assert overlaps(tenge, dollars) is True
    assert overlaps(v("5000000 KZT", M), v("6000000 KZT", M)) is False


def test_different_types_never_support_and_never_contradict() -> None:
    assert supports(v("16", C), v("16%", P)) is False
    assert overlaps(v("16", C), v("2 years", D)) is True


def test_statuses_compare_by_category() -> None:
    assert supports(v("was shut down", S), v("closed", S)) is True
    assert supports(v("was shut down", S), v("liquidated", S)) is False
    assert overlaps(v("imprisoned", S), v("released", S)) is False
    assert overlaps(v("convicted", S), v("acquitted", S)) is False
    assert overlaps(v("registered", S), v("denied-registration", S)) is False
    # compatible statuses hold together: no false alarm
    assert overlaps(v("convicted", S), v("imprisoned", S)) is True
    assert overlaps(v("charged", S), v("detained", S)) is True
    assert overlaps(v("imprisoned", S), v("imprisoned", S)) is True


def test_status_conflicts_name_only_canonical_statuses() -> None:
    assert all(len(pair) == 2 and pair <= set(STATUS_NAMES) for pair in STATUS_CONFLICTS)


def test_not_acquitted_yields_no_acquitted_status() -> None:
    quote = "it is regrettable that she was not acquitted and that a ban"
    assert find_values(quote, S) == []
    acquitted = v("acquitted", S)
    assert not any(supports(m, acquitted) for m in find_values(quote))


@pytest.mark.parametrize(
    ("quote", "fact", "kind", "expected"),
    [
        ("more than a dozen people died", "more than 12", C, True),
        ("more than a dozen people died", "16", C, False),
        ("was sentenced to four years' imprisonment", "4 years", D, True),
        ("was sentenced to four years' imprisonment", "5 years", D, False),
        ("(Zhakianov became eligible in early October).", "early October 2005", T, True),
        ("(Zhakianov became eligible in early October).", "2005-10-05", T, False),
        ("the number of such associations decreased by over 30%.", "more than 30%", P, True),
        ("a group of 2,000 to 5,000 people gathered", "2000 to 5000", C, True),
        ("a group of 2,000 to 5,000 people gathered", "5000", C, False),
        ("was amnestied and released on 15 March 2012", "released", S, True),
        ("was amnestied and released on 15 March 2012", "amnestied", S, True),
        ("was amnestied and released on 15 March 2012", "pardoned", S, False),
    ],
)
def test_quote_supports_fact(quote: str, fact: str, kind: ValueType, expected: bool) -> None:
    ref = datetime.date(2005, 10, 11)
    stated = find_values(quote, kind, reference=ref)
    assert any(supports(s, v(fact, kind)) for s in stated) is expected
