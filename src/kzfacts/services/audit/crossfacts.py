"""Findings about more than one fact: contradictions between facts on one entity and predicate,
and a quote found not in its own source but in another (misattribution).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Any

from kzfacts.checks.contradictions import find_contradictions
from kzfacts.checks.fact import FactInput, FactResult
from kzfacts.checks.findings import Code, Finding
from kzfacts.checks.values import parse_fact_value, stored_bounds
from kzfacts.services.audit.state import SourceState
from kzfacts.services.audit.workers import (
    PARALLEL_MIN_SOURCES,
    AuditWorkers,
    first_found,
    first_found_in_parts,
)
from kzfacts.services.facts.timeline import published_spans
from kzfacts.store.models import (
    Predicate,
    Source,
)
from kzfacts.values import Value, ValueType


def misattribution(
    results: list[FactResult],
    quotes: dict[str, tuple[str, str]],
    texts: dict[str, str],
    pool: AuditWorkers | None = None,
) -> Callable[[], list[FactResult]]:
    """Start looking for each not-found quote in the other sources (`texts`, by id, in the
    sources' order); the function returned gives `results` with each quote that another source
    states reported as misattributed to its own (`quotes`: each fact's quote and source). With
    `pool`, the sources are searched in parts by its workers, meanwhile; else when asked."""
    lost = [i for i, result in enumerate(results) if result.not_found]
    if not lost:
        return lambda: results
    wanted = [quotes[results[i].fact.id] for i in lost]
    if pool is not None and pool.count > 1 and len(texts) >= PARALLEL_MIN_SOURCES:
        found = first_found_in_parts(wanted, texts, pool)
    else:
        found = partial(first_found, wanted, list(texts.items()))

    def reported() -> list[FactResult]:
        marked = list(results)
        for i, other_id in zip(lost, found(), strict=True):
            if other_id is not None:
                marked[i] = _found_in(results[i], quotes[results[i].fact.id][1], other_id)
        return marked

    return reported


def _found_in(result: FactResult, source_id: str, other_id: str) -> FactResult:
    first = result.findings[0]
    replaced = Finding(
        Code.QUOTE_MISATTRIBUTED,
        f"the quote is not in source {source_id!r} but is in source {other_id!r}",
        first.fact,
        first.source,
        {**first.detail, "found_in": other_id},
    )
    return replace(result, findings=(replaced, *result.findings[1:]))


def _validity(
    row: Any, source: Source | None, spans: dict[str, tuple[date, date] | None]
) -> tuple[date, date]:
    """When a fact holds: its stored time of validity, else its source's publication date
    (`spans` keeps each source's by the row's source id, computed once)."""
    if row.valid_from is not None and row.valid_to is not None:
        return row.valid_from, row.valid_to
    if source is None:
        return date.min, date.max
    if row.source_id not in spans:
        spans[row.source_id] = published_spans([source]).get(source.id)
    return spans[row.source_id] or (date.min, date.max)


def _stored_value(row: Any, value_type: ValueType) -> Value:
    low = -math.inf if row.value_low is None else row.value_low
    high = math.inf if row.value_high is None else row.value_high
    return Value(
        value_type,
        low,
        high,
        row.value,
        row.value_unit or "",
        category=row.value_category,
    )


CROSS_COLUMNS = (
    "id", "source_id", "quote", "value", "predicate", "entity_id", "position_start",
    "position_end", "value_low", "value_high", "value_unit", "value_category", "valid_from",
    "valid_to", "supersedes", "event_key", "subject",
)  # fmt: skip
"""The columns of a fact row the contradiction check reads (`contradictions_among`), none of
its anchor's: the worker that reads every row for it reads a third less."""

_DIFFER = " OR ".join(
    f"min({c}) < max({c}) OR count({c}) NOT IN (0, count(*))"
    for c in ("value_low", "value_high", "value_unit", "value_category")
)


def may_disagree(dialect: str) -> str:
    """An SQL condition (`fact_rows(..., where=may_disagree(...))`) that holds for every fact
    with an entity that `contradictions_among` keeps (one with none is compared with none:
    `fact_views` drops it), and for few others: the facts that revise another (an empty
    `supersedes` too), and those of an entity and predicate whose stored values are not all the
    same, or one of which has none (its value is read from its text). The worker that finds the
    contradictions reads only these: in a corpus whose facts agree, none, where reading every
    row and grouping them cost it most of a second at 100,000 facts. On SQLite (`dialect`) the
    groups are made from one pass over the table rather than through the entity index, which
    looked each row up again (0.15 against 0.24 s at 100,000 facts)."""
    table = "fact NOT INDEXED" if dialect == "sqlite" else "fact"
    return (
        f"supersedes IS NOT NULL OR (entity_id, predicate) IN (SELECT entity_id, predicate FROM "
        f"{table} WHERE entity_id IS NOT NULL GROUP BY entity_id, predicate HAVING count(*) > 1 "
        "AND (max(CASE WHEN value_low IS NULL AND value_high IS NULL AND value_category IS NULL "
        f"THEN 1 ELSE 0 END) = 1 OR {_DIFFER}))"
    )


Unplaced = tuple[list[Finding], dict[str, tuple[str, int, int]]]
"""Contradictions, and where each fact they are about is quoted (source id, start, end)."""


def contradictions(
    rows: list[Any],
    predicates: dict[str, Predicate],
    states: dict[str, SourceState],
    kinds: dict[str, str],
) -> list[Finding]:
    """Contradictions among the facts in `rows` (plain rows of the audit's columns), each side
    placed in its source file."""
    sources = {source_id: state.row for source_id, state in states.items()}
    return placed(contradictions_among(rows, predicates, sources, kinds), states)


def placed(unplaced: Unplaced, states: dict[str, SourceState]) -> list[Finding]:
    """Each side of each contradiction placed in the text of its source read now."""
    found, positions = unplaced
    return [_sides_located(f, states, positions) for f in found]


def contradictions_among(
    rows: list[Any],
    predicates: dict[str, Predicate],
    sources: dict[str, Source],
    kinds: dict[str, str],
) -> Unplaced:
    """The contradictions of `contradictions`, unplaced (no text read: a worker finds them).

    A fact alone with its entity and predicate contradicts nothing, nor do facts that share
    both and store the same value (the check compares distinct values), so only the facts of
    an entity and predicate with more than one value are made into values (the findings are
    those of every fact's: a test holds them equal), a value read from a fact's text counting
    as one of its own; one is kept whatever its value when it revises (`supersedes`)
    another, since a chain of revisions may run through it."""
    stated: dict[tuple[Any, str], set[Any]] = defaultdict(set)
    for row in rows:
        read = row.value_low is None and row.value_high is None and row.value_category is None
        stored = (row.value_low, row.value_high, row.value_unit, row.value_category)
        stated[row.entity_id, row.predicate].add(row.id if read else stored)
    kept = [row for row in rows if len(stated[row.entity_id, row.predicate]) > 1 or row.supersedes]
    views, positions = fact_views(kept, predicates, sources)
    changes = {name: p.changes_over_time for name, p in predicates.items()}
    return find_contradictions(views, changes, kinds), positions


def fact_views(
    rows: list[Any], predicates: dict[str, Predicate], sources: dict[str, Source]
) -> tuple[list[FactResult], dict[str, tuple[str, int, int]]]:
    """The facts the contradiction check can compare (a known predicate, an entity, a cited
    quote, a value), each with its stated value and when it holds; and where each is quoted."""
    types = {name: ValueType(p.value_type) for name, p in predicates.items()}
    spans: dict[str, tuple[date, date] | None] = {}
    views: list[FactResult] = []
    positions: dict[str, tuple[str, int, int]] = {}
    for row in rows:
        value_type = types.get(row.predicate)  # read once a predicate, not from its row a fact
        if value_type is None or row.entity_id is None or row.source_id is None or not row.quote:
            continue
        source = sources.get(row.source_id)
        if row.value_low is None and row.value_high is None and row.value_category is None:
            parsed, _ = parse_fact_value(
                row.value, value_type.value, source.published if source else None
            )
            if parsed is None:
                continue
            low, high = stored_bounds(parsed)
            row = row._replace(
                value_low=low,
                value_high=high,
                value_unit=parsed.unit,
                value_category=parsed.category,
            )
        valid_from, valid_to = _validity(row, source, spans)
        if value_type is ValueType.DATE and row.value_low is not None:
            # A date fact is about the day it states (the event), whatever its time of validity.
            valid_from = date.fromordinal(int(row.value_low))
            valid_to = date.fromordinal(int(row.value_high or row.value_low))
        if row.position_start is not None:
            positions[row.id] = (row.source_id, row.position_start, row.position_end)
        views.append(
            FactResult(
                FactInput(
                    row.id,
                    row.source_id,
                    row.subject,
                    row.predicate,
                    row.value,
                    row.quote,
                    supersedes=row.supersedes,
                    entity=row.entity_id,
                    event=row.event_key,
                ),
                (),
                value=_stored_value(row, value_type),
                valid_from=valid_from,
                valid_to=valid_to,
            )
        )
    return views, positions


def _sides_located(
    finding: Finding, states: dict[str, SourceState], positions: dict[str, tuple[str, int, int]]
) -> Finding:
    """Each side of a contradiction carries its quote's place in its source file (for SARIF's
    related locations and editors); the finding itself points at its first fact's quote."""
    sides = []
    location = finding.location
    for side in finding.detail["sides"]:
        place = positions.get(side["fact"])
        state = states.get(place[0]) if place else None
        if place is None or state is None or state.text is None:
            sides.append(side)
            continue
        end = min(place[2], len(state.text))
        where = state.locate(min(place[1], end), end)
        sides.append({**side, "location": where.to_dict()})
        if side["fact"] == finding.fact:
            location = where
    return replace(finding, detail={**finding.detail, "sides": sides}, location=location)


def order_kept(rows: list[Any], positions: dict[str, tuple[int, int]]) -> bool:
    """Whether these re-checked facts (rows as read before the audit) keep their order by
    position among the facts of their source on the same entity and predicate once placed at
    `positions`, each keeping or lacking a position as it did: the contradiction pass reads
    the facts of an entity and predicate in that order (on every backend's ordering of missing
    positions), so its findings then list their sides as before."""
    groups: dict[tuple[str, str, str], list[tuple[int | None, int | None, str]]] = {}
    for row in rows:
        new = positions.get(row.id, (None, None))[0]
        if (new is None) != (row.position_start is None):
            return False
        key = (row.source_id or "", row.entity_id or "", row.predicate)
        groups.setdefault(key, []).append((row.position_start, new, row.id))
    for facts in groups.values():
        before = sorted(facts, key=lambda f: (f[0] or 0, f[2]))
        after = sorted(facts, key=lambda f: (f[1] or 0, f[2]))
        if before != after:
            return False
    return True


def relocated(
    finding: Finding,
    states: dict[str, SourceState],
    rows: list[Any],
    positions: dict[str, tuple[int, int]],
) -> Finding:
    """A contradiction carried over from the last audit, each side quoted in a re-checked fact
    (`rows`) placed again where it stands now (or nowhere, when its source cannot be read), as
    `contradictions` places it."""
    moved = {row.id: row.source_id for row in rows}
    sides = finding.detail.get("sides", [])
    if not any(side.get("fact") in moved for side in sides):
        return finding
    fresh = [
        {k: v for k, v in side.items() if k != "location"} if side.get("fact") in moved else side
        for side in sides
    ]
    places = {
        fact: (moved[fact], *positions[fact])
        for fact in (side.get("fact") for side in sides)
        if fact in moved and fact in positions
    }
    location = None if finding.fact in moved else finding.location
    again = replace(finding, detail={**finding.detail, "sides": fresh}, location=location)
    return _sides_located(again, states, places)
