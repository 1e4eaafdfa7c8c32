"""Contradictions: planted disagreements of every value type, and vague-but-compatible pairs."""

from __future__ import annotations

from datetime import date

import pytest

from kzfacts.checks.findings import Code
from kzfacts.checks.values import (
    Evidence,
    FactView,
    check_support,
    find_contradictions,
    source_years,
)
from kzfacts.values import ValueType, parse_value

CHANGES = {"sentence_length": True, "status": True}
REFERENCE = date(2012, 3, 20)


def view(
    fact_id: str,
    predicate: str,
    value_type: ValueType,
    value: str,
    *,
    entity: str = "e",
    when: tuple[date, date] = (REFERENCE, REFERENCE),
    supersedes: str | None = None,
) -> FactView:
    parsed = parse_value(value, value_type, reference=REFERENCE)
    return FactView(
        fact_id, entity, predicate, parsed, when[0], when[1], "src", "quote", supersedes
    )


@pytest.mark.parametrize(
    ("predicate", "value_type", "a", "b"),
    [
        ("sentence_length", ValueType.DURATION, "4 years", "5 years"),
        ("release_date", ValueType.DATE, "2012-03-08", "2012-03-15"),
        ("death_toll", ValueType.COUNT, "16", "100"),
        ("amount", ValueType.MONEY, "5000000 KZT", "6000000 KZT"),
        ("percentage", ValueType.PERCENT, "30%", "50%"),
        ("status", ValueType.STATUS, "imprisoned", "released"),
    ],
)
def test_planted_disagreement_is_a_contradiction(
    predicate: str, value_type: ValueType, a: str, b: str
) -> None:
    findings = find_contradictions(
        [view("a", predicate, value_type, a), view("b", predicate, value_type, b)], CHANGES
    )
    assert [f.code for f in findings] == [Code.CONTRADICTION]
    sides = findings[0].detail["sides"]
    assert [s["fact"] for s in sides] == ["a", "b"]
    assert [s["value"] for s in sides] == [a, b]


@pytest.mark.parametrize(
    ("predicate", "value_type", "a", "b"),
    [
        ("death_toll", ValueType.COUNT, "more than a dozen", "14"),
        ("injured_count", ValueType.COUNT, "some 100", "100"),
        ("participant_count", ValueType.COUNT, "2,000 to 5,000", "about 3000"),
        ("event_date", ValueType.DATE, "2011-12", "2011-12-16"),
        ("event_date", ValueType.DATE, "late 2011", "2011-12-16"),
        ("amount", ValueType.MONEY, "5000000 KZT", "40000 USD"),
        ("sentence_length", ValueType.DURATION, "4 years", "four years"),
    ],
)
def test_vague_but_compatible_pairs_are_not_flagged(
    predicate: str, value_type: ValueType, a: str, b: str
) -> None:
    facts = [view("a", predicate, value_type, a), view("b", predicate, value_type, b)]
    assert find_contradictions(facts, CHANGES) == []


def test_values_of_different_entities_never_contradict() -> None:
    facts = [
        view("a", "death_toll", ValueType.COUNT, "16", entity="x"),
        view("b", "death_toll", ValueType.COUNT, "100", entity="y"),
    ]
    assert find_contradictions(facts, CHANGES) == []


def test_changing_value_compares_only_facts_valid_at_the_same_time() -> None:
    august = (date(2011, 8, 1), date(2011, 8, 31))
    march = (date(2012, 3, 1), date(2012, 3, 31))
    facts = [
        view("six", "sentence_length", ValueType.DURATION, "6 years", when=august),
        view("three", "sentence_length", ValueType.DURATION, "3 years", when=march),
    ]
    assert find_contradictions(facts, CHANGES) == []
    same_time = [
        view("six", "sentence_length", ValueType.DURATION, "6 years", when=march),
        view("three", "sentence_length", ValueType.DURATION, "3 years", when=march),
    ]
    assert len(find_contradictions(same_time, CHANGES)) == 1


def test_a_fact_that_supersedes_another_is_a_revision() -> None:
    facts = [
        view("six", "sentence_length", ValueType.DURATION, "6 years"),
        view("three", "sentence_length", ValueType.DURATION, "3 years", supersedes="six"),
        view("one", "sentence_length", ValueType.DURATION, "1 year", supersedes="three"),
    ]
    assert find_contradictions(facts, CHANGES) == []


def test_unchanging_predicate_compares_across_time() -> None:
    facts = [
        view(
            "a",
            "release_date",
            ValueType.DATE,
            "2012-03-08",
            when=(date(2012, 1, 1), date(2012, 1, 1)),
        ),
        view(
            "b",
            "release_date",
            ValueType.DATE,
            "2012-03-09",
            when=(date(2014, 1, 1), date(2014, 1, 1)),
        ),
    ]
    assert len(find_contradictions(facts, CHANGES)) == 1


def value(text: str, value_type: ValueType):  # type: ignore[no-untyped-def]
    return parse_value(text, value_type, reference=REFERENCE)


@pytest.mark.parametrize(
    ("quote", "value_text", "value_type", "supported"),
    [
        (
            "more than a dozen people died and some 100 were wounded",
            "more than 12",
            ValueType.COUNT,
            True,
        ),
        ("more than a dozen people died and some 100 were wounded", "16", ValueType.COUNT, False),
        ("was sentenced to four years' imprisonment", "4 years", ValueType.DURATION, True),
        ("was sentenced to four years' imprisonment", "5 years", ValueType.DURATION, False),
        ("was released from prison on 8 March 2012", "2012-03-08", ValueType.DATE, True),
        ("was released from prison on 8 March 2012", "2012-03", ValueType.DATE, True),
        ("was released from prison in March 2012", "2012-03-08", ValueType.DATE, False),
        (
            "The KNB won its suit for five million tenge (approx.U.S. $40,000)",
            "5000000 KZT",
            ValueType.MONEY,
            True,
        ),
        (
            "The KNB won its suit for five million tenge (approx.U.S. $40,000)",
            "6000000 KZT",
            ValueType.MONEY,
            False,
        ),
        (
            "it is regrettable that she was not acquitted and that a ban",
            "acquitted",
            ValueType.STATUS,
            False,
        ),
    ],
)
def test_value_support(quote: str, value_text: str, value_type: ValueType, supported: bool) -> None:
    evidence = Evidence.of_text(quote, source_years(REFERENCE, "day"))
    finding = check_support(evidence, value(value_text, value_type), "", value_type.value)
    assert (finding is None) is supported
    if finding is not None:
        assert finding.code is Code.VALUE_UNSUPPORTED
