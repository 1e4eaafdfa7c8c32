"""Contradictions: planted disagreements of every value type, and vague-but-compatible pairs."""

from __future__ import annotations

from datetime import date

import pytest

from kzfacts.checks.contradictions import find_contradictions
from kzfacts.checks.fact import FactInput, FactResult
from kzfacts.checks.findings import Code
from kzfacts.checks.values import Evidence, check_support, source_years
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
    when: tuple[date, date] | None = None,
    supersedes: str | None = None,
    event: str | None = None,
    source: str = "src",
) -> FactResult:
    """A fact as the audit passes it: a date fact is about the day it states."""
    parsed = parse_value(value, value_type, reference=REFERENCE)
    if when is None and value_type is ValueType.DATE:
        when = (date.fromordinal(int(parsed.low)), date.fromordinal(int(parsed.high)))
    when = when or (REFERENCE, REFERENCE)
    stated = FactInput(
        fact_id, source, entity, predicate, value, f"quote of {fact_id}", supersedes=supersedes,
        entity=entity, event=event,
    )  # fmt: skip
    return FactResult(stated, (), value=parsed, valid_from=when[0], valid_to=when[1])


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


def test_a_predicate_that_holds_once_compares_across_time() -> None:
    facts = [
        view("a", "law_adopted_date", ValueType.DATE, "2011-10-11"),
        view("b", "law_adopted_date", ValueType.DATE, "2012-10-11"),
    ]
    assert [f.detail["event"] for f in find_contradictions(facts, CHANGES)] == [
        "2011-10-11 – 2012-10-11"
    ]


def test_repeated_arrests_are_two_events() -> None:
    facts = [
        view("arrest-2005", "arrest_date", ValueType.DATE, "2005-01-29"),
        view("arrest-2012", "arrest_date", ValueType.DATE, "2012-12-16"),
        view("arrest-2012-month", "arrest_date", ValueType.DATE, "2012-12"),
    ]
    assert find_contradictions(facts, CHANGES) == []


def test_an_editor_links_facts_about_one_event() -> None:
    facts = [
        view("a", "arrest_date", ValueType.DATE, "2012-12-16", event="kozlov-arrest-2012"),
        view("b", "arrest_date", ValueType.DATE, "2012-12-23", event="kozlov-arrest-2012"),
        view("c", "arrest_date", ValueType.DATE, "2005-01-29", event="kozlov-arrest-2005"),
    ]
    (finding,) = find_contradictions(facts, CHANGES)
    assert finding.detail["event"] == "event kozlov-arrest-2012 (2012-12-16 – 2012-12-23)"
    assert [v["facts"] for v in finding.detail["values"]] == [["a"], ["b"]]


def test_different_events_never_contradict_even_on_one_day() -> None:
    facts = [
        view("a", "detained_count", ValueType.COUNT, "7", event="raid-morning"),
        view("b", "detained_count", ValueType.COUNT, "30", event="raid-evening"),
    ]
    assert find_contradictions(facts, CHANGES) == []


def test_release_dates_within_the_month_window_are_one_release() -> None:
    march = [
        view("a", "release_date", ValueType.DATE, "2012-03-08", source="nhc"),
        view("b", "release_date", ValueType.DATE, "2012-03-15", source="hrw"),
    ]
    (finding,) = find_contradictions(march, CHANGES)
    assert finding.detail["event"] == "2012-03-08 – 2012-03-15"
    later = [*march[:1], view("c", "release_date", ValueType.DATE, "2012-05-02")]
    assert find_contradictions(later, CHANGES) == []


def test_one_finding_per_event_lists_every_distinct_value() -> None:
    facts = [
        view("hrw", "death_toll", ValueType.COUNT, "12", entity="zhanaozen",
             source="hrw-2013", when=(date(2013, 1, 1), date(2013, 1, 1))),
        view("ai", "death_toll", ValueType.COUNT, "at least 15", entity="zhanaozen",
             source="ai-2013", when=(date(2013, 6, 1), date(2013, 6, 1))),
        view("gov", "death_toll", ValueType.COUNT, "16", entity="zhanaozen",
             source="gov-2012"),
        view("gov-2", "death_toll", ValueType.COUNT, "sixteen", entity="zhanaozen",
             source="gov-2014", when=(date(2014, 1, 1), date(2014, 1, 1))),
    ]  # fmt: skip
    (finding,) = find_contradictions(facts, CHANGES, {"zhanaozen": "event"})
    assert finding.fact == "gov"
    values = finding.detail["values"]
    assert [(v["value"], v["facts"], v["sources"]) for v in values] == [
        ("16", ["gov", "gov-2"], ["gov-2012", "gov-2014"]),
        ("12", ["hrw"], ["hrw-2013"]),
        ("at least 15", ["ai"], ["ai-2013"]),
    ]
    assert finding.message == (
        "zhanaozen death_toll, 2012-03-20 – 2014-01-01: 3 values disagree: "
        "16 (gov in gov-2012, gov-2 in gov-2014); 12 (hrw in hrw-2013); "
        "at least 15 (ai in ai-2013)"
    )


def test_twenty_five_disagreeing_facts_are_one_finding_not_three_hundred() -> None:
    facts = [
        view(f"f{n:02}", "sentence_length", ValueType.DURATION, f"{n} years", source=f"s{n}")
        for n in range(1, 26)
    ]
    (finding,) = find_contradictions(facts, CHANGES)
    assert len(finding.detail["values"]) == 25
    assert len(finding.detail["sides"]) == 25


def test_a_state_holds_until_the_next_fact_and_a_stale_repetition_contradicts() -> None:
    six = view(
        "six",
        "sentence_length",
        ValueType.DURATION,
        "6 years",
        when=(date(2011, 8, 1), date(2011, 8, 31)),
        source="nhc-2012",
    )
    three = view(
        "three",
        "sentence_length",
        ValueType.DURATION,
        "3 years",
        when=(date(2012, 3, 1), date(2012, 3, 31)),
        supersedes="six",
        source="nhc-2012",
    )
    stale = view(
        "stale",
        "sentence_length",
        ValueType.DURATION,
        "six years",
        when=(date(2014, 10, 8), date(2014, 10, 8)),
        source="iphr-2014",
    )
    assert find_contradictions([six, three], CHANGES) == []
    (finding,) = find_contradictions([six, three, stale], CHANGES)
    assert finding.fact == "three"
    assert finding.detail["event"] == "from 2012-03 onwards"
    assert [(v["value"], v["facts"], v["stale"]) for v in finding.detail["values"]] == [
        ("3 years", ["three"], False),
        ("six years", ["stale"], True),
    ]


def test_a_state_that_changes_is_a_timeline_not_a_contradiction() -> None:
    def status(fact_id: str, value: str, day: date, event: str | None = None) -> FactResult:
        return view(fact_id, "status", ValueType.STATUS, value, when=(day, day), event=event)

    imprisoned = status("imprisoned", "imprisoned", date(2011, 8, 1))
    released = status("released", "released", date(2012, 3, 8))
    assert find_contradictions([imprisoned, released], CHANGES) == []
    again = status("again", "imprisoned", date(2013, 1, 10))
    (finding,) = find_contradictions([imprisoned, released, again], CHANGES)
    assert [v["facts"] for v in finding.detail["values"]] == [["released"], ["again"]]
    rearrested = status("again", "imprisoned", date(2013, 1, 10), event="second-case")
    assert find_contradictions([imprisoned, released, rearrested], CHANGES) == []


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
