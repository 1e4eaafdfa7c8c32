"""An entity's timeline: when each fact holds and where that date came from, facts grouped by
event, how long each state lasts, and the last audit's contradictions about the entity."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from kzfacts.checks.events import Kind, Window, period_label, rule_for, widen
from kzfacts.checks.findings import Code
from kzfacts.formats.report import to_json
from kzfacts.services.errors import Refused
from kzfacts.store.models import Alias, AuditRun, Entity, Fact, Predicate, Source, in_table_order
from kzfacts.store.models import Finding as FindingRow


def fact_time(
    fact: Fact, date_predicates: set[str], published: Mapping[str, tuple[date, date]]
) -> tuple[date, date] | None:
    """The dates a fact holds at: a date fact's own date; else its time of validity (the
    date its quote states, or its as-of), else its source's publication date."""
    if fact.predicate in date_predicates and fact.value_low is not None:
        low = date.fromordinal(int(fact.value_low))
        high = date.fromordinal(int(fact.value_high)) if fact.value_high is not None else low
        return low, high
    if fact.valid_from is not None and fact.valid_to is not None:
        return fact.valid_from, fact.valid_to
    return published.get(fact.source_id or "")


def published_spans(sources: Iterable[Source]) -> dict[str, tuple[date, date]]:
    """Each source's publication date as the days it covers (a year, a month or a day)."""
    spans: dict[str, tuple[date, date]] = {}
    for source in sources:
        if source.published is None:
            continue
        window = {"year": Window.YEAR, "month": Window.MONTH}.get(
            source.published_precision or "day", Window.DAY
        )
        spans[source.id] = widen(source.published, source.published, window)
    return spans


def holds_at(fact: Fact, source: Source | None) -> dict[str, str]:
    """When a fact holds and where that date came from, as `fact show` and `entity show` say."""
    if fact.valid_origin == "quote" and fact.valid_from and fact.valid_to:
        when = period_label(fact.valid_from, fact.valid_to)
        return {
            "when": when,
            "origin": "quote",
            "from": f"stated in the quote: {fact.valid_words!r}",
        }
    if fact.as_of:
        return {"when": fact.as_of, "origin": "as_of", "from": "the editor's --as-of"}
    span = published_spans([source]).get(source.id) if source is not None else None
    if span is None:
        return {
            "when": "unknown",
            "origin": "published",
            "from": "its source has no publication date",
        }
    assert source is not None
    return {
        "when": period_label(*span),
        "origin": "published",
        "from": f"publication date of {source.id}",
    }


@dataclass(frozen=True)
class TimelineEvent:
    """Facts about one event on an entity's timeline (or one fact on its own)."""

    label: str
    facts: tuple[Fact, ...]


def timeline_events(
    facts: list[Fact],
    date_predicates: set[str],
    published: Mapping[str, tuple[date, date]],
    changes_over_time: Mapping[str, bool],
) -> list[TimelineEvent]:
    """An entity's facts grouped by event, in date order: facts sharing an event key, or whose
    dates, widened to their predicate's window, meet (one sweep over the sorted dates)."""
    timed: list[tuple[date, date, Fact]] = []
    undated: list[Fact] = []
    keyed: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.event_key:
            keyed.setdefault(fact.event_key, []).append(fact)
            continue
        when = fact_time(fact, date_predicates, published)
        if when is None:
            undated.append(fact)
            continue
        window = rule_for(fact.predicate, changes_over_time.get(fact.predicate, False)).window
        low, high = widen(*when, Window.DAY if window is Window.ANY else window)
        timed.append((low, high, fact))
    timed.sort(key=lambda item: (item[0], item[1], item[2].predicate, item[2].id))
    groups: list[tuple[date, str, list[Fact]]] = []
    span: tuple[date, date] | None = None
    for low, high, fact in timed:
        if span is not None and low <= span[1]:
            groups[-1][2].append(fact)
            span = (span[0], max(span[1], high))
        else:
            groups.append((low, "", [fact]))
            span = (low, high)
    for key, members in keyed.items():
        spans = [t for f in members if (t := fact_time(f, date_predicates, published))]
        start = min((t[0] for t in spans), default=date.max)
        groups.append((start, f"event {key}", members))
    events: list[TimelineEvent] = []
    for _start, label, members in sorted(groups, key=lambda g: (g[0], g[1])):
        spans = [t for f in members if (t := fact_time(f, date_predicates, published))]
        shown = period_label(min(t[0] for t in spans), max(t[1] for t in spans)) if spans else ""
        events.append(TimelineEvent(f"{label} ({shown})" if label else shown, tuple(members)))
    if undated:
        events.append(TimelineEvent("undated", tuple(undated)))
    return events


def timeline_position(
    fact: Fact, date_predicates: set[str], published: Mapping[str, object]
) -> tuple[str, str]:
    """Where a fact sits on its entity's timeline (sort key) and how that is shown.

    A date fact sits at its own date (a range when it is vague: "2014-09" spans the month);
    others at their as-of, else their source's publication date, shown no more precisely than
    they are known."""
    if fact.predicate in date_predicates and fact.value_low is not None:
        low = date.fromordinal(int(fact.value_low))
        high = date.fromordinal(int(fact.value_high)) if fact.value_high is not None else low
        return low.isoformat(), period_label(low, high)
    if fact.valid_from is not None:
        shown = fact.as_of if fact.valid_origin != "quote" and fact.as_of else None
        return fact.valid_from.isoformat(), shown or period_label(
            fact.valid_from, fact.valid_to or fact.valid_from
        )
    when = published.get(fact.source_id or "")
    shown = str(when) if when is not None else ""
    return shown, shown


def predicates(session: Session) -> list[Predicate]:
    """The predicate vocabulary, by name (each predicate's rule: `checks.events.rule_for`)."""
    return list(session.exec(select(Predicate).order_by(Predicate.name)))


@dataclass(frozen=True)
class EntityProfile:
    """What `entity show` shows: names with their origins, events, and the last audit's
    contradictions about the entity."""

    entity: Entity
    names: tuple[Alias, ...]
    events: tuple[TimelineEvent, ...]
    holds: Mapping[str, Mapping[str, str]]
    until: Mapping[str, str]
    contradictions: tuple[dict[str, object], ...]

    def to_dict(self) -> dict[str, Any]:
        """What `entity show --format json` prints."""
        return {
            **in_table_order(self.entity, json=True),
            "aliases": [{"name": a.name, "kind": a.kind, "origin": a.origin} for a in self.names],
            "timeline": [
                {
                    "fact": f.id,
                    "event": event.label,
                    "when": self.holds[f.id]["when"],
                    "holds_at": self.holds[f.id],
                    "until": self.until.get(f.id),
                    "predicate": f.predicate,
                    "value": f.value,
                    "source": f.source_id,
                    "quote": f.quote,
                    "supersedes": f.supersedes,
                    "event_key": f.event_key,
                }
                for event in self.events
                for f in event.facts
            ],
            "events": [
                {"event": event.label, "facts": [f.id for f in event.facts]}
                for event in self.events
            ],
            "contradictions": list(self.contradictions),
        }

    def to_json(self) -> str:
        return to_json(self.to_dict())


def entity_profile(session: Session, entity_id: str) -> EntityProfile:
    entity = session.get(Entity, entity_id)
    if entity is None:
        raise Refused(f"unknown entity {entity_id!r}: see `kzfacts entity list`")
    names = tuple(
        session.exec(select(Alias).where(Alias.entity_id == entity_id).order_by(col(Alias.name)))
    )
    facts = list(session.exec(select(Fact).where(Fact.entity_id == entity_id)))
    sources = {s.id: s for s in session.exec(select(Source))}
    predicates = list(session.exec(select(Predicate)))
    dates = {p.name for p in predicates if p.value_type == "date"}
    changes = {p.name: p.changes_over_time for p in predicates}
    published = published_spans(sources.values())
    events = timeline_events(facts, dates, published, changes)
    holds = {f.id: holds_at(f, sources.get(f.source_id or "")) for f in facts}
    return EntityProfile(
        entity,
        names,
        tuple(events),
        holds,
        _state_ends(facts, dates, published, changes),
        tuple(_last_contradictions(session, entity_id)),
    )


def _state_ends(
    facts: list[Fact],
    dates: set[str],
    published: Mapping[str, tuple[date, date]],
    changes: Mapping[str, bool],
) -> dict[str, str]:
    """For each fact of a state, the date of the entity's next fact for that predicate."""
    by_predicate: dict[str, list[tuple[date, str]]] = {}
    for fact in facts:
        when = fact_time(fact, dates, published)
        rule = rule_for(fact.predicate, changes.get(fact.predicate, False))
        if when is not None and rule.kind is Kind.STATE:
            by_predicate.setdefault(fact.predicate, []).append((when[0], fact.id))
    ends: dict[str, str] = {}
    for timeline in by_predicate.values():
        starts = sorted({start for start, _ in timeline})
        for start, fact_id in timeline:
            after = bisect_right(starts, start)
            ends[fact_id] = (
                f"until {starts[after].isoformat()}" if after < len(starts) else "onwards"
            )
    return ends


def _last_contradictions(session: Session, entity_id: str) -> list[dict[str, object]]:
    last = session.exec(select(AuditRun).order_by(col(AuditRun.id).desc()).limit(1)).first()
    if last is None:
        return []
    found: list[dict[str, object]] = []
    for row in session.exec(
        select(FindingRow).where(
            FindingRow.run_id == last.id, FindingRow.code == Code.CONTRADICTION.value
        )
    ):
        detail = json.loads(row.detail) if row.detail else {}
        if detail.get("entity") == entity_id:
            found.append({"message": row.message, **detail})
    return found
