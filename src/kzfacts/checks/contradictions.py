"""Contradictions: facts about one entity, predicate and event (or period) that cannot all be true.

Facts are grouped by entity and predicate, then split by the predicate's rule (`events.RULES`):
an event predicate into events (dates within the predicate's window, or one `event` key), a
state into periods (a value holds from its date until the entity's next fact for it). Each
group with disjoint values is ONE finding listing every distinct value with the facts that
state it. Sorting dominates the cost, so it grows linearly with the number of facts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from kzfacts.checks.events import Kind, Window, period_label, rule_for, widen
from kzfacts.checks.fact import FactResult
from kzfacts.checks.findings import Code, Finding
from kzfacts.values import Value, overlaps


@dataclass
class Group:
    """Facts about one event, or one period of a state's timeline."""

    facts: list[FactResult]
    key: str | None = None
    """The editor's event key, when the event has one."""
    period: bool = False
    until: date | None = None
    """A period ends where the next one starts (None: it still holds)."""
    stale: set[str] = field(default_factory=set)
    """Facts that state a value the timeline had already replaced."""
    keys: set[str | None] = field(default_factory=set)

    @property
    def start(self) -> date:
        return min(f.valid_from for f in self.facts)

    @property
    def label(self) -> str:
        """How the event or period is named in a finding (computed for findings only)."""
        if self.period:
            first = self.facts[0]
            until = f"until {self.until.isoformat()}" if self.until else "onwards"
            return f"from {period_label(first.valid_from, first.valid_to)} {until}"
        span = period_label(self.start, max(f.valid_to for f in self.facts))
        return f"event {self.key} ({span})" if self.key else span


def _revisions(facts: Iterable[FactResult]) -> set[frozenset[str]]:
    """Pairs linked by a chain of `supersedes`: revisions on a timeline, not contradictions."""
    parent = {f.id: f.fact.supersedes for f in facts if f.fact.supersedes}
    linked: set[frozenset[str]] = set()
    for fact_id in parent:
        seen = {fact_id}
        current = parent.get(fact_id)
        while current is not None and current not in seen:
            linked.add(frozenset((fact_id, current)))
            seen.add(current)
            current = parent.get(current)
    return linked


def _value(fact: FactResult) -> Value:
    """The fact's stated value: every fact the check is given has one."""
    value = fact.value
    assert value is not None
    return value


def _value_key(value: Value) -> tuple[object, ...]:
    return (value.low, value.high, value.unit, value.category)


def _stated_key(value: Value) -> tuple[object, ...]:
    """All that `overlaps` reads of a value: values with the same key overlap the same others."""
    return (value.type, *_value_key(value))


def _conflicts(facts: list[FactResult], revisions: set[frozenset[str]]) -> bool:
    """Whether two facts of the group, not revisions of each other, have disjoint values.

    Compared per distinct value (few per group), so the cost is not quadratic in facts."""
    by_value: dict[tuple[object, ...], list[FactResult]] = defaultdict(list)
    for fact in facts:
        by_value[_value_key(_value(fact))].append(fact)
    distinct = list(by_value.values())
    for i, left in enumerate(distinct):
        for right in distinct[i + 1 :]:
            if overlaps(_value(left[0]), _value(right[0])):
                continue
            if any(frozenset((a.id, b.id)) not in revisions for a in left for b in right):
                return True
    return False


def events(facts: list[FactResult], window: Window, kind: str = "other") -> list[Group]:
    """Facts split into events: one `event` key is one event; other facts join by their dates
    widened to the window (a sweep over sorted dates) and join a keyed event they fall in when
    exactly one does. Facts about an entity of kind event are all about that one event."""
    if facts and kind == "event":
        window = Window.ANY
    keyed: dict[str, list[FactResult]] = defaultdict(list)
    spans: dict[str, tuple[date, date]] = {}
    loose: list[tuple[date, date, FactResult]] = []
    for fact in facts:
        low, high = widen(fact.valid_from, fact.valid_to, window)
        if fact.fact.event:
            keyed[fact.fact.event].append(fact)
            old = spans.get(fact.fact.event, (low, high))
            spans[fact.fact.event] = (min(old[0], low), max(old[1], high))
        else:
            loose.append((low, high, fact))
    loose.sort(key=lambda item: (item[0], item[2].valid_from, item[2].valid_to, item[2].id))
    clusters: list[tuple[date, date, list[FactResult]]] = []
    for low, high, fact in loose:
        if clusters and low <= clusters[-1][1]:
            start, end, members = clusters[-1]
            members.append(fact)
            clusters[-1] = (start, max(end, high), members)
        else:
            clusters.append((low, high, [fact]))
    groups = {key: Group(members, key) for key, members in keyed.items()}
    result: list[Group] = []
    for low, high, members in clusters:
        hits = [key for key, (s, e) in spans.items() if s <= high and low <= e] if spans else []
        if len(hits) == 1:
            groups[hits[0]].facts.extend(members)
        else:
            result.append(Group(members))
    return [*groups.values(), *result]


def periods(facts: list[FactResult], revisions: set[frozenset[str]]) -> list[Group]:
    """A state's timeline: facts in date order, a new period at each change of value.

    A fact that revises (`supersedes`) a fact of the current period, or names another event,
    starts a new period, and so does a later fact with a new value. A fact that disagrees
    with the current period joins it as a conflict when it is stated for the same time, or
    when it states a value the timeline had already replaced (a stale repetition).
    """
    ordered = sorted(facts, key=lambda f: (f.valid_from, f.valid_to, f.id))
    revised = {fact_id for pair in revisions for fact_id in pair}
    groups: list[Group] = []
    replaced: dict[tuple[object, ...], Value] = {}  # by distinct value: few per timeline
    stated: dict[tuple[object, ...], Value] = {}  # the current period's, by distinct value
    for fact in ordered:
        current = groups[-1] if groups else None
        place = (
            "new"
            if current is None
            else _place(fact, current, revisions if fact.id in revised else set(), stated, replaced)
        )
        if place == "new":
            if current is not None:
                replaced.update(
                    (_value_key(_value(f)), _value(f))
                    for f in current.facts
                    if f.id not in current.stale
                )
                current.until = fact.valid_from
            groups.append(Group([fact], period=True, keys={fact.fact.event}))
            stated = {_stated_key(_value(fact)): _value(fact)}
            continue
        assert current is not None
        if place == "stale":
            current.stale.add(fact.id)
        current.facts.append(fact)
        current.keys.add(fact.fact.event)
        stated.setdefault(_stated_key(_value(fact)), _value(fact))
    return groups


def _place(
    fact: FactResult,
    current: Group,
    revisions: set[frozenset[str]],
    stated: dict[tuple[object, ...], Value],
    replaced: dict[tuple[object, ...], Value],
) -> str:
    """ "new" (a change or a revision), "join" (agrees, or same time) or "stale". `stated`
    holds the current period's distinct values (`_stated_key`), each compared once."""
    if revisions and any(frozenset((fact.id, f.id)) in revisions for f in current.facts):
        return "new"
    if fact.fact.event and fact.fact.event not in current.keys:
        return "new"  # the editor says it is about another event
    if all(overlaps(_value(fact), value) for value in stated.values()):
        return "join"
    if any(fact.valid_from <= f.valid_to and f.valid_from <= fact.valid_to for f in current.facts):
        return "join"
    if any(overlaps(_value(fact), old) for old in replaced.values()):
        return "stale"
    return "new"


def find_contradictions(
    facts: list[FactResult],
    changes_over_time: dict[str, bool],
    kinds: Mapping[str, str] | None = None,
) -> list[Finding]:
    """One `contradiction` per entity, predicate and event (or period) whose values disagree.

    Each fact holds its stated value (`value`) from `valid_from` to `valid_to`; `kinds` gives
    the kind of each entity (an event's facts are all about that one event)."""
    by_subject: dict[tuple[str, str], list[FactResult]] = defaultdict(list)
    for fact in facts:
        by_subject[(fact.fact.entity or "", fact.fact.predicate)].append(fact)
    revisions = _revisions(facts)
    findings: list[Finding] = []
    for (entity, predicate), group in sorted(by_subject.items()):
        if len(group) < 2:
            continue
        rule = rule_for(predicate, changes_over_time.get(predicate, False))
        if rule.kind is Kind.STATE:
            parts = periods(group, revisions)
        else:
            window = rule.window if rule.kind is Kind.EVENT else Window.ANY
            parts = events(group, window, (kinds or {}).get(entity, "other"))
        conflicting = [p for p in parts if len(p.facts) > 1 and _conflicts(p.facts, revisions)]
        for part in sorted(conflicting, key=lambda p: (p.start, p.key or "")):
            if not part.period:
                part.facts.sort(key=lambda f: (f.valid_from, f.valid_to, f.id))
            findings.append(_finding(entity, predicate, part))
    return findings


def _finding(entity: str, predicate: str, group: Group) -> Finding:
    by_value: dict[tuple[object, ...], list[FactResult]] = defaultdict(list)
    for fact in group.facts:
        by_value[_value_key(_value(fact))].append(fact)
    values = [
        {
            "value": _value(facts[0]).text,
            "meaning": _value(facts[0]).describe(),
            "facts": [f.id for f in facts],
            "sources": sorted({f.fact.source for f in facts}),
            "stale": any(f.id in group.stale for f in facts),
        }
        for facts in by_value.values()
    ]
    said = "; ".join(
        f"{_value(facts[0]).text} ({', '.join(f'{f.id} in {f.fact.source}' for f in facts)})"
        + (", stated after the timeline had replaced it" if value["stale"] else "")
        for facts, value in zip(by_value.values(), values, strict=True)
    )
    first = group.facts[0]
    return Finding(
        Code.CONTRADICTION,
        f"{entity} {predicate}, {group.label}: {len(values)} values disagree: {said}",
        first.id,
        first.fact.source,
        {
            "entity": entity,
            "predicate": predicate,
            "event": group.label,
            "event_key": next((f.fact.event for f in group.facts if f.fact.event), None),
            "values": values,
            "sides": [
                {
                    "fact": f.id,
                    "value": _value(f).text,
                    "meaning": _value(f).describe(),
                    "source": f.fact.source,
                    "quote": f.fact.quote,
                    "stale": f.id in group.stale,
                }
                for f in group.facts
            ],
        },
    )
