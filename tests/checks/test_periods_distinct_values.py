"""A state's timeline compares a fact with each distinct value of the current period once,
and looks for revisions only among the facts that take part in one: the same periods, stale
facts and findings as comparing it with every fact of the period, on any timeline."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kzfacts.checks import contradictions
from kzfacts.checks.contradictions import Group, find_contradictions, periods
from kzfacts.checks.fact import FactResult
from kzfacts.values import Value, overlaps
from tests.checks.test_contradictions import view

VALUES = ["4 years", "5 years", "4 to 5 years", "about 4 years", "10 years", "six months"]
DAY = date(2012, 1, 1)


def _every_fact_place(
    fact: FactResult,
    current: Group,
    revisions: set[frozenset[str]],
    replaced: dict[tuple[object, ...], Value],
) -> str:
    """The rule as it read before: the fact against every fact of the current period."""
    assert fact.value is not None
    if any(frozenset((fact.id, f.id)) in revisions for f in current.facts):
        return "new"
    if fact.fact.event and fact.fact.event not in current.keys:
        return "new"
    if all(overlaps(fact.value, f.value) for f in current.facts if f.value is not None):
        return "join"
    if any(fact.valid_from <= f.valid_to and f.valid_from <= fact.valid_to for f in current.facts):
        return "join"
    if any(overlaps(fact.value, old) for old in replaced.values()):
        return "stale"
    return "new"


def _every_fact_periods(facts: list[FactResult], revisions: set[frozenset[str]]) -> list[Group]:
    ordered = sorted(facts, key=lambda f: (f.valid_from, f.valid_to, f.id))
    groups: list[Group] = []
    replaced: dict[tuple[object, ...], Value] = {}
    for fact in ordered:
        current = groups[-1] if groups else None
        place = "new" if current is None else _every_fact_place(fact, current, revisions, replaced)
        if place == "new":
            if current is not None:
                for f in current.facts:
                    if f.id not in current.stale and f.value is not None:
                        replaced[contradictions._value_key(f.value)] = f.value
                current.until = fact.valid_from
            groups.append(Group([fact], period=True, keys={fact.fact.event}))
            continue
        assert current is not None
        if place == "stale":
            current.stale.add(fact.id)
        current.facts.append(fact)
        current.keys.add(fact.fact.event)
    return groups


def _shape(groups: list[Group]) -> list[tuple[list[str], set[str], date | None]]:
    return [([f.id for f in g.facts], g.stale, g.until) for g in groups]


facts_strategy = st.lists(
    st.tuples(
        st.sampled_from(VALUES),
        st.integers(0, 40),
        st.integers(0, 20),
        st.sampled_from([None, "a", "b"]),
        st.integers(-1, 30),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(facts_strategy)
def test_a_timeline_as_comparing_every_fact(
    drawn: list[tuple[str, int, int, str | None, int]],
) -> None:
    from kzfacts.values import ValueType

    facts = []
    for number, (value, start, length, event, revises) in enumerate(drawn):
        when = (DAY + timedelta(days=start * 30), DAY + timedelta(days=start * 30 + length * 20))
        supersedes = f"f{revises:02d}" if 0 <= revises < number else None
        facts.append(
            view(f"f{number:02d}", "sentence_length", ValueType.DURATION, value, when=when,
                 event=event, supersedes=supersedes)
        )  # fmt: skip
    revisions = contradictions._revisions(facts)
    assert _shape(periods(facts, revisions)) == _shape(_every_fact_periods(facts, revisions))
    before = contradictions.periods
    try:
        contradictions.periods = _every_fact_periods  # type: ignore[assignment]
        expected = find_contradictions(facts, {"sentence_length": True})
    finally:
        contradictions.periods = before  # type: ignore[assignment]
    assert find_contradictions(facts, {"sentence_length": True}) == expected
