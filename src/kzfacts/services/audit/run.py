"""An audit: facts re-anchored in the current sources, values and subjects checked again,
contradictions found.

An audit's cost grows with what changed, not with the corpus: a fact is re-checked when its
source's text changed, its row changed, or it is new since the last audit (every fact, when an
entity or alias changed: subjects bind to their names); the findings of
every other fact are carried over from that audit. `full=True` re-checks everything, and the
result of an incremental audit equals the full one. Sources are spread over worker processes
when there is enough work to pay for them.
"""

from __future__ import annotations

import os
from collections import defaultdict
from itertools import chain
from pathlib import Path
from typing import Any

from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from kzfacts.checks.fact import FactResult, SourceContext
from kzfacts.checks.facts import quote_stands
from kzfacts.checks.findings import Code, Finding
from kzfacts.services.audit.crossfacts import (
    contradictions,
    misattribution,
    order_kept,
    placed,
    relocated,
)
from kzfacts.services.audit.results import (
    CROSS_FACT_CODES,
    EVENT_CODES,
    AuditReport,
    Progress,
    carried,
    located,
    read_last_findings,
    record_run,
    updates,
    with_outcomes,
)
from kzfacts.services.audit.shares import CrossFacts, share_standing
from kzfacts.services.audit.standing import (
    StandingFacts,
    fact_input,
    source_context,
    stored_check,
)
from kzfacts.services.audit.state import (
    CHECK_COLUMNS,
    FULL_COLUMNS,
    STATE_COLUMNS,
    edited_since,
    entities_fingerprint,
    fact_rows,
    naive,
    previous_texts,
    read_sources,
)
from kzfacts.services.audit.verdicts import record_verdicts
from kzfacts.services.audit.workers import AuditWorkers, Batch, run_batches
from kzfacts.services.collector import collector_paused
from kzfacts.services.entities import read_catalog
from kzfacts.store.bulk import update_facts
from kzfacts.store.models import (
    AuditRun,
    Entity,
    Predicate,
    utcnow,
)
from kzfacts.text.limits import MAX_GAP


@collector_paused
def run_audit(
    session: Session,
    root: Path,
    *,
    full: bool = False,
    workers: int | None = None,
    progress: Progress | None = None,
    snapshot_only: bool = False,
    max_gap: int = MAX_GAP,
) -> AuditReport:
    """Audit and record the run; the caller's transaction makes it all-or-nothing.
    `snapshot_only` verifies against the stored snapshots instead of the source files."""
    count = workers or min(2, os.cpu_count() or 1)
    with AuditWorkers(count, lambda: read_catalog(session)) as pool:
        return _audit(session, root, full, pool, progress, snapshot_only, max_gap)


def _audit(
    session: Session,
    root: Path,
    full: bool,
    pool: AuditWorkers,
    progress: Progress | None,
    snapshot_only: bool,
    max_gap: int,
) -> AuditReport:
    started = utcnow()
    last = session.exec(select(AuditRun).order_by(col(AuditRun.id).desc()).limit(1)).first()
    incremental = not full and last is not None
    if not incremental:  # every fact is checked: the workers start while this process is small
        pool.start()
    since = naive(last.started_at) if incremental and last is not None else None
    last_findings: list[Any] = []
    if last is not None and last.id is not None:
        last_findings = read_last_findings(session, last.id)
    missing_before: set[str] = set()
    if since is not None:
        missing_before = {
            row.source_id or ""
            for row in last_findings
            if row.code == Code.SOURCE_MISSING.value and row.fact_id is None
        }
    # When every fact is checked, a worker tells the last sources' standing facts meanwhile.
    share = share_standing(session, root, snapshot_only, pool, max_gap) if not incremental else None
    fingerprint = entities_fingerprint(session)
    # Duplicates depend on entities alone: unchanged entities, unchanged pairs (--full too).
    # Else a worker finds them while this process reads.
    keep_duplicates = last is not None and last.entities_fingerprint == fingerprint
    cross_facts = CrossFacts(session, pool, duplicates=not keep_duplicates)
    if share is not None:  # the other workers join the share once done with the cross facts
        for _ in range(pool.count - 1):
            share.send(pool)
    states, findings = read_sources(session, root, since, missing_before, snapshot_only)
    predicates = {p.name: p for p in session.exec(select(Predicate))}
    value_types = {name: p.value_type for name, p in predicates.items()}
    # A subject binds to the names of every entity: when one changed, every fact is re-checked.
    entities_changed = last is not None and last.entities_fingerprint != fingerprint
    every_fact = since is None or entities_changed
    # One read of the fact rows when every fact is re-checked (but of the worker's sources;
    # what checking them reads, when a worker finds the contradictions); else their state, then
    # the rest.
    first_shared = share.first if share is not None else None
    columns = CHECK_COLUMNS if cross_facts.in_worker else FULL_COLUMNS
    full_rows = fact_rows(session, columns, before_source=first_shared) if every_fact else None
    rows = full_rows if full_rows is not None else fact_rows(session, STATE_COLUMNS)

    edited = edited_since(session, since) if full_rows is None and since is not None else set()
    recheck_ids: list[str] = []
    carried_ids: set[str] = set()
    for row in rows:
        fact_id, source_id = row[0], row[1]  # both reads open with the id and the source
        state = states.get(source_id or "")
        if state is None or state.changed or full_rows is not None or fact_id in edited:
            recheck_ids.append(fact_id)
        else:
            carried_ids.add(fact_id)
    if len(recheck_ids) > len(rows) // 2:
        if full_rows is None:
            full_rows = fact_rows(session, FULL_COLUMNS)
        recheck = [r for r in full_rows if r.id not in carried_ids]
    else:
        recheck = fact_rows(session, FULL_COLUMNS, recheck_ids)
    if incremental:
        findings += carried(
            last_findings,
            lambda f: (
                f.fact_id in carried_ids
                and f.code not in CROSS_FACT_CODES
                and f.code not in EVENT_CODES
            ),
        )

    # The texts of the anchors a changed source moved: what the edge rules read stays unread
    # where it did not change (`StoredCheck.cleared`).
    previous = previous_texts(session, recheck, states)
    batches: dict[str, Batch] = defaultdict(Batch)
    contexts: dict[tuple[str, str], SourceContext] = {}
    quotes: dict[str, tuple[str, str]] = {}
    standing = StandingFacts(states, max_gap)

    def take(to_check: list[Any]) -> None:
        """Each fact to check to its finding (no source, no quote, a source not read), to the
        standing facts, or to its source's batch."""
        for row in to_check:
            state = states.get(row.source_id or "")
            if row.source_id is None or not row.quote:
                missing = "source" if row.source_id is None else "quote"
                findings.append(
                    Finding(
                        Code.UNSOURCED,
                        f"fact has no {missing}: cite the source and the exact words that state it",
                        row.id,
                        row.source_id,
                    )
                )
                continue
            if state is None or state.text is None:
                findings.append(
                    Finding(
                        Code.SOURCE_MISSING,
                        f"the source {row.source_id!r} of this fact cannot be read",
                        row.id,
                        row.source_id,
                    )
                )
                continue
            quotes[row.id] = (row.quote, row.source_id)
            context = contexts.get((row.source_id, row.predicate))
            if context is None:
                context = contexts[row.source_id, row.predicate] = source_context(
                    value_types.get(row.predicate), state.row, max_gap
                )
            if quote_stands(
                row.quote, max_gap, row.position_start, row.position_end, row.exact,
                row.anchor_sha256, row.anchor_verdict, row.anchor_quote_sha256, state.text,
                state.sha256 or "",
            ):  # fmt: skip
                standing.add(row, context)  # checked here, while the workers search for the rest
                continue
            batch = batches[row.source_id]
            batch.facts.append(fact_input(row))
            batch.sources.append(context)
            batch.stored.append(stored_check(row, previous, max_gap))

    take(recheck)
    told_ids: list[str] = []  # the facts of the share told standing (by a worker, or here)
    if share is not None:
        standing.check(pool.catalog, previous)  # while the worker tells the last sources'
        by_worker, extra = share.taken(states, value_types, pool.catalog)  # and the others' rows
        standing.told_elsewhere(by_worker)
        told_ids = [fact_id for facts in by_worker.values() for fact_id in facts]
        previous.update(previous_texts(session, extra, states))
        rows, recheck = rows + extra, recheck + extra
        take(extra)
    work = [
        (states[source_id].text or "", states[source_id].sha256 or "", items)
        for source_id, items in sorted(batches.items())
    ]
    told = len(standing)
    total = told + sum(len(items) for _, _, items in work)

    def check_standing() -> None:
        standing.check(pool.catalog, previous)
        if progress and told:
            progress(told, total)

    # The standing facts' results come first, in batch order, as the workers' own would.
    results = run_batches(work, pool, _after(progress, told, total), check_standing)
    results = standing.results + results
    previous.clear()  # the surroundings are taken: the earlier texts need not stay for the audit
    texts = {sid: s.text for sid, s in states.items() if s.text is not None}
    # Workers search the other sources for the quotes not found while this process writes the
    # anchors and finds contradictions: the search changes findings, never anchors or keys.
    searched = misattribution(results, quotes, texts, pool)

    sha_of = {
        fact.id: states[fact.source].sha256 or ""
        for batch in (*batches.values(), *standing.batches.values())
        for fact in batch.facts
    }
    moved = updates(results, sha_of, quotes, max_gap)
    stored_keys = {
        fact.id: stored.support_key
        for batch in (*batches.values(), *standing.batches.values())
        for fact, stored in zip(batch.facts, batch.stored, strict=True)
    }
    # A moved fact's row is written once, its support key with its anchor.
    for row, result in zip(moved, (r for r in results if r.anchor is not None), strict=True):
        row["b_key"] = result.support_key
    update_facts(
        session,
        moved,
        position_start="b_start",
        position_end="b_end",
        exact="b_exact",
        prefix="b_prefix",
        suffix="b_suffix",
        anchor_sha256="b_sha",
        anchor_verdict="b_verdict",
        anchor_detail="b_detail",
        anchor_quote_sha256="b_quote_sha",
        support_key="b_key",
    )
    keys = [
        {"b_id": r.id, "b_key": r.support_key}
        for r in results
        if r.anchor is None and r.support_key != stored_keys[r.id]
    ]
    update_facts(session, keys, support_key="b_key")
    positions = {r["b_id"]: (r["b_start"], r["b_end"]) for r in moved}
    for row in recheck:
        if row.id not in positions and row.position_start is not None:
            positions[row.id] = (row.position_start, row.position_end)

    nothing_changed = (
        incremental and last is not None and not recheck and len(rows) == last.facts_checked
    )
    # No fact's value, time or entity changed, nor the set of facts, nor their order: the last
    # audit's contradictions stand, their sides in re-read sources placed again.
    values_unchanged = (
        incremental
        and last is not None
        and not entities_changed
        and not edited
        and len(rows) == last.facts_checked
        and order_kept(recheck, positions)
    )
    if nothing_changed or values_unchanged:
        cross = [
            relocated(f, states, recheck, positions)
            for f in carried(last_findings, lambda f: f.code == Code.CONTRADICTION.value)
        ]
    elif (
        full_rows is not None and not moved and (found := cross_facts.contradictions()) is not None
    ):
        cross = placed(found, states)  # among the rows as read, as a worker found them
    else:
        # The audit moves positions (contradictions locate by them), never values or times; and
        # it read fewer rows or columns when a worker was to find them.
        if full_rows is None or moved or share is not None or columns != FULL_COLUMNS:
            full_rows = fact_rows(session, FULL_COLUMNS)
        kinds = dict(session.execute(core_select(col(Entity.id), col(Entity.kind))).all())
        cross = contradictions(full_rows, predicates, states, kinds)
    results = searched()
    for result in results:
        findings.extend(result.findings)
    of_source: dict[str, list[FactResult]] = defaultdict(list)
    for result in results:  # each source's outcomes read from its own results, not all of them
        of_source[result.fact.source].append(result)
    told_sources = batches.keys() | standing.sources
    findings = [
        with_outcomes(
            f, told_sources, of_source[f.source or ""], standing.stayed.get(f.source or "", [])
        )
        for f in findings
    ]
    findings = [located(f, states, positions) for f in findings] + cross
    if keep_duplicates:
        findings += carried(last_findings, lambda f: f.code == Code.DUPLICATE_ENTITY.value)
    else:
        findings += [
            Finding(
                Code.DUPLICATE_ENTITY,
                f"entities {a.entity_id!r} ({a.matched_name}) and {b.entity_id!r} ({b.matched_name}) "
                "are probably the same: `kzfacts entity merge` them, or declare them different "
                "with `kzfacts entity distinct`",
                detail={"entities": [a.entity_id, b.entity_id]},
            )
            for a, b in cross_facts.duplicates()
        ]
    if not nothing_changed:  # else every verdict stands as the last audit wrote it
        checked = chain((row.id for row in recheck), told_ids)
        record_verdicts(session, findings, started, checked, facts=len(rows) + len(told_ids))
    return record_run(
        session, started, states, len(rows) + len(told_ids), len(recheck) + len(told_ids),
        incremental, fingerprint, findings,
    )  # fmt: skip


def _after(progress: Progress | None, told: int, total: int) -> Progress | None:
    """`progress` of the searched facts, counted after the `told` standing ones (of `total`)."""
    if progress is None or not told:
        return progress
    return lambda done, _: progress(done + told, total)
