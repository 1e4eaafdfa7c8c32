"""`kzfacts audit`: re-anchor facts against the current sources, check values, find contradictions.

An audit's cost grows with what changed, not with the corpus: a fact is re-checked when its
source's text changed, its row changed, or it is new since the last audit (every fact, when an
entity or alias changed: subjects bind to their names); the findings of
every other fact are carried over from that audit. `full=True` re-checks everything, and the
result of an incremental audit equals the full one. Sources are spread over worker processes
when there is enough work to pay for them.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from kzfacts import __version__
from kzfacts.checks.contradictions import FactView, find_contradictions
from kzfacts.checks.facts import FactItem, FactResult, check_source_batch, quote_sha256
from kzfacts.checks.findings import Code, Finding, Location, Severity, locate
from kzfacts.checks.quotes import find_elsewhere
from kzfacts.checks.subjects import EntityCatalog
from kzfacts.checks.values import parse_fact_value, stored_bounds
from kzfacts.formats.report import audit_json, audit_summary
from kzfacts.ops.entities import duplicate_pairs, read_catalog
from kzfacts.ops.errors import Refused
from kzfacts.ops.snapshots import known_versions, store_snapshot
from kzfacts.ops.sources import SourceText, current_text
from kzfacts.ops.timeline import published_spans
from kzfacts.ops.verdicts import record_verdicts
from kzfacts.store.models import (
    Alias,
    AuditRun,
    Distinction,
    Entity,
    Fact,
    Predicate,
    Source,
    utcnow,
)
from kzfacts.store.models import Finding as FindingRow
from kzfacts.text.anchor import Anchor, PreparedSource
from kzfacts.text.limits import MAX_GAP
from kzfacts.text.pages import page_of
from kzfacts.values import Value, ValueType

PARALLEL_MIN_FACTS = 2000
"""Below this many facts to re-check, worker processes cost more than they save."""
PARENT_POLL_SECONDS = 0.2
"""How often a worker checks that the audit process that started it is still there."""
CROSS_FACT_CODES = frozenset({Code.CONTRADICTION.value, Code.DUPLICATE_ENTITY.value})
EVENT_CODES = frozenset({Code.QUOTE_MOVED.value, Code.SOURCE_CHANGED.value})
"""Reported once, by the audit that saw the change; never carried over."""
_LOCATION_KEYS = ("file", "line", "column", "end_line", "end_column")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class AuditReport:
    run_id: int
    started_at: datetime
    finished_at: datetime
    sources_checked: int
    facts_checked: int
    facts_rechecked: int
    full: bool
    findings: list[Finding]

    def summary(self) -> dict[str, Any]:
        """The counts and times `kzfacts audit` reports with its findings."""
        return audit_summary(
            self.findings,
            run=self.run_id,
            full=self.full,
            facts_checked=self.facts_checked,
            facts_rechecked=self.facts_rechecked,
            sources_checked=self.sources_checked,
            started_at=self.started_at.isoformat(timespec="seconds"),
            finished_at=self.finished_at.isoformat(timespec="seconds"),
        )

    def to_json(self) -> str:
        """The findings and summary, as `kzfacts audit --format json` prints them (without the
        line and column of each finding in its source file)."""
        return audit_json(self.findings, self.summary())


@dataclass
class _SourceState:
    row: Source
    text: str | None = None
    sha256: str | None = None
    changed: bool = False


def _read_text(
    session: Session, source: Source, root: Path, snapshot_only: bool
) -> SourceText | Refused:
    try:
        return current_text(session, source, root, snapshot_only=snapshot_only)
    except Refused as exc:
        return exc


def _read_sources(
    session: Session,
    root: Path,
    since: datetime | None,
    missing_before: set[str],
    workers: int,
    snapshot_only: bool = False,
) -> tuple[dict[str, _SourceState], list[Finding]]:
    states: dict[str, _SourceState] = {}
    findings: list[Finding] = []
    stored = known_versions(session)
    sources = list(session.exec(select(Source).order_by(Source.id)))
    if snapshot_only:  # the snapshots are read through the session, which is not thread-safe
        texts = [_read_text(session, source, root, True) for source in sources]
    else:  # reading and hashing files release the GIL: threads spread them over the cores
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            texts = list(pool.map(lambda source: _read_text(session, source, root, False), sources))
    for source, text in zip(sources, texts, strict=True):
        state = _SourceState(source)
        states[source.id] = state
        if isinstance(text, Refused):
            findings.append(
                Finding(
                    Code.SOURCE_MISSING, str(text), source=source.id, detail={"path": source.path}
                )
            )
            # Missing in the last audit too: its facts' findings carry over unchanged.
            state.changed = since is None or source.id not in missing_before
            continue
        state.text, state.sha256 = text.text, text.sha256
        if (source.id, text.sha256) not in stored:  # beside the earlier snapshots, never instead
            store_snapshot(session, source.id, text.text, text.sha256)
        registered = source.registered_at.replace(tzinfo=None) if source.registered_at else None
        state.changed = since is None or (registered is not None and registered > since)
        # Back after a missing spell: what was carried over says "missing", so check again.
        state.changed = state.changed or source.id in missing_before
        if text.sha256 != source.sha256:
            state.changed = True
            findings.append(
                Finding(
                    Code.SOURCE_CHANGED,
                    f"{source.path} changed since it was registered (sha256 {source.sha256[:12]}… → "
                    f"{text.sha256[:12]}…): its facts were re-anchored and the new text stored "
                    "beside the old one",
                    source=source.id,
                    detail={"previous_sha256": source.sha256, "sha256": text.sha256},
                )
            )
            source.sha256, source.length = text.sha256, text.length
            session.add(source)
    return states, findings


def _naive(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=None) if moment is not None else None


_FULL_COLUMNS = (
    "id", "source_id", "quote", "value", "predicate", "entity_id", "position_start",
    "position_end", "exact", "prefix", "suffix", "anchor_sha256", "anchor_verdict",
    "anchor_detail", "anchor_quote_sha256", "support_key", "updated_at", "value_low",
    "value_high", "value_unit", "value_category", "valid_from", "valid_to", "supersedes",
    "event_key", "as_of", "subject",
)  # fmt: skip
_STATE_COLUMNS = ("id", "source_id", "updated_at", "anchor_quote_sha256")


def _fact_rows(session: Session, names: tuple[str, ...], ids: list[str] | None = None) -> list[Any]:
    """Fact columns as plain rows (no ORM objects: audits read every fact); `ids` limits them."""
    columns = [col(getattr(Fact, name)) for name in names]
    order = (col(Fact.source_id), col(Fact.position_start), col(Fact.id))
    if ids is None:
        return list(session.execute(core_select(*columns).order_by(*order)).all())
    rows: list[Any] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        statement = core_select(*columns).where(col(Fact.id).in_(chunk)).order_by(*order)
        rows.extend(session.execute(statement).all())
    return rows


def _hint(row: Any) -> Anchor | None:
    if row.position_start is None or row.position_end is None or row.exact is None:
        return None
    return Anchor(
        row.position_start, row.position_end, row.exact, row.prefix or "", row.suffix or ""
    )


_FINDING_COLUMNS = ("code", "message", "fact_id", "source_id", "detail")


def _last_findings(session: Session, run_id: int) -> list[Any]:
    """The findings of an earlier run as plain rows, read once and filtered by each caller."""
    columns = [col(getattr(FindingRow, name)) for name in _FINDING_COLUMNS]
    statement = core_select(*columns).where(col(FindingRow.run_id) == run_id)
    return list(session.execute(statement.order_by(col(FindingRow.id))).all())


def _carried(rows: list[Any], keep: Callable[[Any], bool]) -> list[Finding]:
    """Findings of an earlier run (`_last_findings`), rebuilt as they were reported."""
    carried: list[Finding] = []
    for row in rows:
        if not keep(row):
            continue
        detail: dict[str, Any] = json.loads(row.detail) if row.detail else {}
        place = {k: detail.pop(k) for k in _LOCATION_KEYS if k in detail}
        location = (
            Location(
                place["file"],
                place["line"],
                place["column"],
                place.get("end_line"),
                place.get("end_column"),
            )
            if "file" in place
            else None
        )
        carried.append(
            Finding(Code(row.code), row.message, row.fact_id, row.source_id, detail, location)
        )
    return carried


def _watch_parent(parent: int) -> None:
    """In each worker: exit once the audit process is gone (killed), so no worker outlives it."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _run_batches(
    batches: list[tuple[str, str, list[FactItem]]],
    workers: int,
    progress: Progress | None,
    catalog: EntityCatalog,
) -> list[FactResult]:
    total = sum(len(items) for _, _, items in batches)
    done = 0
    results: list[FactResult] = []
    if workers > 1 and len(batches) > 1 and total >= PARALLEL_MIN_FACTS:
        with ProcessPoolExecutor(
            max_workers=min(workers, len(batches)),
            initializer=_watch_parent,
            initargs=(os.getpid(),),
        ) as pool:
            futures = [
                pool.submit(check_source_batch, raw, sha, items, catalog)
                for raw, sha, items in batches
            ]
            for future in futures:
                batch = future.result()
                results.extend(batch)
                done += len(batch)
                if progress:
                    progress(done, total)
        return results
    for raw, sha, items in batches:
        results.extend(check_source_batch(raw, sha, items, catalog))
        done += len(items)
        if progress:
            progress(done, total)
    return results


def _misattributed(
    result: FactResult, quote: str, source_id: str, texts: dict[str, PreparedSource]
) -> FactResult:
    other_id = find_elsewhere(quote, {k: v for k, v in texts.items() if k != source_id})
    if other_id is None:
        return result
    first = result.findings[0]
    replaced = Finding(
        Code.QUOTE_MISATTRIBUTED,
        f"the quote is not in source {source_id!r} but is in source {other_id!r}",
        first.fact,
        first.source,
        {**first.detail, "found_in": other_id},
    )
    return replace(result, findings=(replaced, *result.findings[1:]))


def _validity(row: Any, source: Source | None) -> tuple[date, date]:
    """When a fact holds: its stored time of validity, else its source's publication date."""
    if row.valid_from is not None and row.valid_to is not None:
        return row.valid_from, row.valid_to
    span = published_spans([source]).get(source.id) if source is not None else None
    return span or (date.min, date.max)


def _stored_value(row: Any, value_type: str) -> Value:
    low = -math.inf if row.value_low is None else row.value_low
    high = math.inf if row.value_high is None else row.value_high
    return Value(
        ValueType(value_type),
        low,
        high,
        row.value,
        row.value_unit or "",
        category=row.value_category,
    )


def _entities_fingerprint(session: Session) -> str:
    """Changes whenever an entity, alias or distinction does: duplicates are recomputed then."""
    digest = hashlib.sha256()
    queries = (
        core_select(col(Entity.id), col(Entity.kind), col(Entity.name)).order_by(col(Entity.id)),
        core_select(col(Alias.entity_id), col(Alias.name)).order_by(
            col(Alias.entity_id), col(Alias.name)
        ),
        core_select(col(Distinction.entity_id), col(Distinction.other_id)).order_by(
            col(Distinction.entity_id), col(Distinction.other_id)
        ),
    )
    for tag, query in zip("ead", queries, strict=True):
        for row in session.execute(query):
            digest.update(("\0".join((tag, *map(str, row))) + "\n").encode())
    return digest.hexdigest()


def _located(
    finding: Finding, states: dict[str, _SourceState], positions: dict[str, tuple[int, int]]
) -> Finding:
    """Point a fact's finding at its span in the source file (for SARIF, GitHub, editors) and,
    in a PDF, at its page."""
    if finding.location is not None:
        return finding
    state = states.get(finding.source or "")
    if state is None or state.text is None:
        return finding
    text = state.text
    start, end = finding.detail.get("start"), finding.detail.get("end")
    if start is None and finding.fact in positions:
        start, end = positions[finding.fact]
    if start is None or start > len(text):
        return replace(finding, location=locate(state.row.path, text, 0))
    page = page_of(text, start)
    return replace(
        finding,
        location=locate(state.row.path, text, start, min(end or start, len(text))),
        detail=finding.detail if page is None else {**finding.detail, "page": page},
    )


def _updates(
    results: Iterable[FactResult],
    sha_of: dict[str, str],
    quotes: dict[str, tuple[str, str]],
    max_gap: int,
) -> list[dict[str, Any]]:
    rows = []
    for result, sha in ((r, sha_of[r.id]) for r in results if r.anchor is not None):
        anchor = result.anchor
        assert anchor is not None
        rows.append(
            {
                "b_id": result.id, "b_start": anchor.start, "b_end": anchor.end, "b_exact": anchor.exact,
                "b_prefix": anchor.prefix, "b_suffix": anchor.suffix, "b_sha": sha,
                "b_verdict": result.verdict, "b_detail": result.detail,
                "b_quote_sha": quote_sha256(quotes[result.id][0], max_gap),
            }
        )  # fmt: skip
    return rows


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
    started = utcnow()
    workers = workers or min(2, os.cpu_count() or 1)
    last = session.exec(select(AuditRun).order_by(col(AuditRun.id).desc()).limit(1)).first()
    incremental = not full and last is not None
    since = _naive(last.started_at) if incremental and last is not None else None
    last_findings: list[Any] = []
    if last is not None and last.id is not None:
        last_findings = _last_findings(session, last.id)
    missing_before: set[str] = set()
    if since is not None:
        missing_before = {
            row.source_id or ""
            for row in last_findings
            if row.code == Code.SOURCE_MISSING.value and row.fact_id is None
        }
    states, findings = _read_sources(session, root, since, missing_before, workers, snapshot_only)
    predicates = {p.name: p for p in session.exec(select(Predicate))}
    fingerprint = _entities_fingerprint(session)
    # A subject binds to the names of every entity: when one changed, every fact is re-checked.
    entities_changed = last is not None and last.entities_fingerprint != fingerprint
    # One read of the fact rows when every fact is re-checked; else their state, then the rest.
    full_rows = _fact_rows(session, _FULL_COLUMNS) if since is None or entities_changed else None
    rows = full_rows if full_rows is not None else _fact_rows(session, _STATE_COLUMNS)

    recheck_ids: list[str] = []
    carried_ids: set[str] = set()
    for row in rows:
        state = states.get(row.source_id or "")
        changed_row = since is None or entities_changed or (_naive(row.updated_at) or since) > since
        # No record of which quote was verified (a restored fact): never trust the old verdict.
        changed_row = changed_row or row.anchor_quote_sha256 is None
        if state is None or state.changed or changed_row:
            recheck_ids.append(row.id)
        else:
            carried_ids.add(row.id)
    if len(recheck_ids) > len(rows) // 2:
        if full_rows is None:
            full_rows = _fact_rows(session, _FULL_COLUMNS)
        recheck = [r for r in full_rows if r.id not in carried_ids]
    else:
        recheck = _fact_rows(session, _FULL_COLUMNS, recheck_ids)
    if incremental:
        findings += _carried(
            last_findings,
            lambda f: (
                f.fact_id in carried_ids
                and f.code not in CROSS_FACT_CODES
                and f.code not in EVENT_CODES
            ),
        )

    batches: dict[str, list[FactItem]] = defaultdict(list)
    quotes: dict[str, tuple[str, str]] = {}
    for row in recheck:
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
        predicate = predicates.get(row.predicate)
        quotes[row.id] = (row.quote, row.source_id)
        batches[row.source_id].append(
            FactItem(
                id=row.id, source_id=row.source_id, quote=row.quote, value=row.value,
                value_type=predicate.value_type if predicate else None, reference=state.row.published,
                hint=_hint(row), anchor_sha256=row.anchor_sha256, anchor_verdict=row.anchor_verdict,
                anchor_detail=row.anchor_detail,
                anchor_quote_sha256=row.anchor_quote_sha256,
                support_key=row.support_key, predicate=row.predicate,
                precision=state.row.published_precision, covers=state.row.covers,
                as_of=row.as_of, subject=row.subject, entity_id=row.entity_id, max_gap=max_gap,
            )
        )  # fmt: skip
    work = [
        (states[source_id].text or "", states[source_id].sha256 or "", items)
        for source_id, items in sorted(batches.items())
    ]
    catalog = read_catalog(session) if work else EntityCatalog(())
    results = _run_batches(work, workers, progress, catalog)
    texts: dict[str, PreparedSource] = {}
    for index, result in enumerate(results):
        if result.not_found:
            if not texts:
                texts = {
                    sid: PreparedSource(s.text) for sid, s in states.items() if s.text is not None
                }
            quote, source_id = quotes[result.id]
            results[index] = _misattributed(result, quote, source_id, texts)
    for result in results:
        findings.extend(result.findings)
    findings = [_with_outcomes(f, batches, results) for f in findings]

    sha_of = {
        item.id: states[item.source_id].sha256 or "" for items in batches.values() for item in items
    }
    moved = _updates(results, sha_of, quotes, max_gap)
    if moved:
        table = Fact.__table__  # type: ignore[attr-defined]
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                position_start=bindparam("b_start"),
                position_end=bindparam("b_end"),
                exact=bindparam("b_exact"),
                prefix=bindparam("b_prefix"),
                suffix=bindparam("b_suffix"),
                anchor_sha256=bindparam("b_sha"),
                anchor_verdict=bindparam("b_verdict"),
                anchor_detail=bindparam("b_detail"),
                anchor_quote_sha256=bindparam("b_quote_sha"),
            ),
            moved,
        )
    keys = [{"b_id": r.id, "b_key": r.support_key} for r in results]
    if keys:
        table = Fact.__table__  # type: ignore[attr-defined]
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(support_key=bindparam("b_key")),
            keys,
        )
    positions = {r["b_id"]: (r["b_start"], r["b_end"]) for r in moved}
    for row in recheck:
        if row.id not in positions and row.position_start is not None:
            positions[row.id] = (row.position_start, row.position_end)
    findings = [_located(f, states, positions) for f in findings]

    nothing_changed = (
        incremental and last is not None and not recheck and len(rows) == last.facts_checked
    )
    if nothing_changed:
        findings += _carried(last_findings, lambda f: f.code == Code.CONTRADICTION.value)
    else:
        # The audit moves positions (contradictions locate by them), never values or times.
        if full_rows is None or moved:
            full_rows = _fact_rows(session, _FULL_COLUMNS)
        kinds = dict(session.execute(core_select(col(Entity.id), col(Entity.kind))).all())
        findings += _contradictions(full_rows, predicates, states, kinds)
    # Duplicates depend on entities alone: unchanged entities, unchanged pairs (--full too).
    if last is not None and last.entities_fingerprint == fingerprint:
        findings += _carried(last_findings, lambda f: f.code == Code.DUPLICATE_ENTITY.value)
    else:
        findings += [
            Finding(
                Code.DUPLICATE_ENTITY,
                f"entities {a.entity_id!r} ({a.matched_name}) and {b.entity_id!r} ({b.matched_name}) "
                "are probably the same: `kzfacts entity merge` them, or declare them different "
                "with `kzfacts entity distinct`",
                detail={"entities": [a.entity_id, b.entity_id]},
            )
            for a, b in duplicate_pairs(session)
        ]
    record_verdicts(session, findings, started)
    return _record(session, started, states, rows, recheck, incremental, fingerprint, findings)


def _with_outcomes(
    finding: Finding, batches: dict[str, list[FactItem]], results: list[FactResult]
) -> Finding:
    """A source-changed finding, told which of the source's facts stayed, moved or broke."""
    if finding.code is not Code.SOURCE_CHANGED or finding.source not in batches:
        return finding
    ids = {item.id for item in batches[finding.source]}
    outcomes: dict[str, list[str]] = {"stayed": [], "moved": [], "broke": []}
    for result in results:
        if result.id not in ids:
            continue
        codes = {f.code for f in result.findings}
        if any(f.severity is Severity.ERROR for f in result.findings):
            outcomes["broke"].append(result.id)
        elif Code.QUOTE_MOVED in codes:
            outcomes["moved"].append(result.id)
        else:
            outcomes["stayed"].append(result.id)
    told = "; ".join(
        f"{len(facts)} {outcome}" + (f" ({_named(facts)})" if facts and outcome != "stayed" else "")
        for outcome, facts in outcomes.items()
    )
    return replace(
        finding,
        message=f"{finding.message}: {told}",
        detail={**finding.detail, **{k: sorted(v) for k, v in outcomes.items()}},
    )


def _named(facts: list[str], shown: int = 10) -> str:
    """Fact ids for a message: the first few, then how many more (the detail lists them all)."""
    names = ", ".join(sorted(facts)[:shown])
    return names + (f" and {len(facts) - shown} more" if len(facts) > shown else "")


def _contradictions(
    rows: list[Any],
    predicates: dict[str, Predicate],
    states: dict[str, _SourceState],
    kinds: dict[str, str],
) -> list[Finding]:
    views: list[FactView] = []
    positions: dict[str, tuple[str, int, int]] = {}
    for row in rows:
        predicate = predicates.get(row.predicate)
        if predicate is None or row.entity_id is None or row.source_id is None or not row.quote:
            continue
        state = states.get(row.source_id)
        if row.value_low is None and row.value_high is None and row.value_category is None:
            parsed, _ = parse_fact_value(
                row.value, predicate.value_type, state.row.published if state else None
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
        valid_from, valid_to = _validity(row, state.row if state else None)
        if predicate.value_type == ValueType.DATE.value and row.value_low is not None:
            # A date fact is about the day it states (the event), whatever its time of validity.
            valid_from = date.fromordinal(int(row.value_low))
            valid_to = date.fromordinal(int(row.value_high or row.value_low))
        if row.position_start is not None:
            positions[row.id] = (row.source_id, row.position_start, row.position_end)
        views.append(
            FactView(
                row.id,
                row.entity_id,
                row.predicate,
                _stored_value(row, predicate.value_type),
                valid_from,
                valid_to,
                row.source_id,
                row.quote,
                row.supersedes,
                row.event_key,
                kinds.get(row.entity_id, "other"),
            )
        )
    changes = {name: p.changes_over_time for name, p in predicates.items()}
    return [_sides_located(f, states, positions) for f in find_contradictions(views, changes)]


def _sides_located(
    finding: Finding, states: dict[str, _SourceState], positions: dict[str, tuple[str, int, int]]
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
        where = locate(state.row.path, state.text, min(place[1], end), end)
        sides.append({**side, "location": where.to_dict()})
        if side["fact"] == finding.fact:
            location = where
    return replace(finding, detail={**finding.detail, "sides": sides}, location=location)


def _record(
    session: Session,
    started: datetime,
    states: dict[str, _SourceState],
    rows: list[Any],
    recheck: list[Any],
    incremental: bool,
    fingerprint: str,
    findings: list[Finding],
) -> AuditReport:
    finished = utcnow()
    run = AuditRun(
        started_at=started,
        finished_at=finished,
        sources_checked=sum(1 for s in states.values() if s.text is not None),
        facts_checked=len(rows),
        facts_rechecked=len(recheck),
        full=not incremental,
        entities_fingerprint=fingerprint,
        errors=sum(f.severity is Severity.ERROR for f in findings),
        warnings=sum(f.severity is Severity.WARNING for f in findings),
        tool_version=__version__,
    )
    session.add(run)
    session.flush()
    assert run.id is not None
    if findings:
        session.execute(
            insert(FindingRow),
            [
                {
                    "run_id": run.id,
                    "code": f.code.value,
                    "severity": f.severity.value,
                    "fact_id": f.fact,
                    "source_id": f.source,
                    "message": f.message,
                    "detail": _detail_json(f),
                }
                for f in findings
            ],
        )
    return AuditReport(
        run.id,
        started,
        finished,
        run.sources_checked,
        len(rows),
        len(recheck),
        not incremental,
        findings,
    )


def _detail_json(finding: Finding) -> str | None:
    extra = {
        k: v
        for k, v in finding.to_dict().items()
        if k not in ("code", "severity", "fact", "source", "message")
    }
    return json.dumps(extra, ensure_ascii=False) if extra else None
