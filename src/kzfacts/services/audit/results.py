"""What an audit keeps: the run and its findings, the findings carried over from the last run,
the anchors it moved, and where in the source files its findings stand.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from kzfacts import __version__
from kzfacts.checks.findings import Code, Finding, Location, Severity
from kzfacts.formats.report import audit_json, audit_summary
from kzfacts.store.audits import LAST_FINDINGS
from kzfacts.text.pages import pages_of

if TYPE_CHECKING:  # SQLAlchemy loads only where the database is written: a warm audit needs none
    from sqlmodel import Session

    from kzfacts.checks.fact import FactResult
    from kzfacts.services.audit.state import SourceState

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class AuditReport:
    run_id: int | None  # None for a dry run: it records no run, so no number is its
    started_at: datetime
    finished_at: datetime
    sources_checked: int
    facts_checked: int
    facts_rechecked: int
    full: bool
    findings: list[Finding]

    def summary(self) -> dict[str, Any]:
        """The counts and times an audit reports with its findings."""
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
        """The findings and summary as the audit's JSON output gives them (without the line
        and column of each finding in its source file)."""
        return audit_json(self.findings, self.summary())


CROSS_FACT_CODES = frozenset({Code.CONTRADICTION.value, Code.DUPLICATE_ENTITY.value})


EVENT_CODES = frozenset({Code.QUOTE_MOVED.value, Code.SOURCE_CHANGED.value})
"""Reported once, by the audit that saw the change; never carried over."""


LOCATION_KEYS = ("file", "line", "column", "end_line", "end_column")
_LOCATED = frozenset(LOCATION_KEYS)
_CODES = {code.value: code for code in Code}
"""Each code by its value: a dictionary look-up, cheaper than `Code(value)` for thousands."""


def read_last_findings(session: Session, run_id: int) -> list[Any]:
    """The findings of an earlier run as plain rows, read once and filtered by each caller."""
    from sqlalchemy import text

    return list(session.execute(text(LAST_FINDINGS), {"run": run_id}).all())


def source_missing(source_id: str, path: str, reason: Exception) -> Finding:
    """A source an audit could not read, and why (its facts are reported missing each)."""
    return Finding(Code.SOURCE_MISSING, str(reason), source=source_id, detail={"path": path})


def carried(rows: list[Any], keep: Callable[[Any], bool]) -> list[Finding]:
    """Findings of an earlier run (`last_findings`), rebuilt as they were reported."""
    carried: list[Finding] = []
    for row in rows:
        if not keep(row):
            continue
        detail: dict[str, Any] = json.loads(row.detail) if row.detail else {}
        location = None
        if "file" in detail:
            location = Location(
                detail.pop("file"),
                detail.pop("line"),
                detail.pop("column"),
                detail.pop("end_line", None),
                detail.pop("end_column", None),
            )
        elif not _LOCATED.isdisjoint(detail):
            for key in LOCATION_KEYS:
                detail.pop(key, None)
        code = _CODES.get(row.code) or Code(row.code)
        carried.append(Finding(code, row.message, row.fact_id, row.source_id, detail, location))
    return carried


def recorded_as(finding: Finding, row: Any) -> bool:
    """Whether `finding_values` records this finding's row (`LAST_FINDINGS`) as it stands: then
    a carried finding's row can be copied (`store.audits.COPY_FINDINGS`)."""
    return bool(row.severity == finding.severity.value and row.detail == _detail_json(finding))


def located(
    finding: Finding, states: dict[str, SourceState], positions: dict[str, tuple[int, int]]
) -> Finding:
    """Point a fact's finding at its span in the source file (for SARIF, GitHub, editors) and,
    in a PDF, at its pages: `page` where the span begins, `last_page` where it ends."""
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
        return replace(finding, location=state.locate(0))
    end = min(end or start, len(text))
    pages = pages_of(text, start, end) if state.paged else None
    return replace(
        finding,
        location=state.locate(start, end),
        detail=finding.detail
        if pages is None
        else {**finding.detail, "page": pages[0], "last_page": pages[1]},
    )


def updates(
    results: Iterable[FactResult],
    sha_of: dict[str, str],
    quotes: dict[str, tuple[str, str]],
    max_gap: int,
) -> list[dict[str, Any]]:
    from kzfacts.checks.facts import quote_sha256

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


def with_outcomes(
    finding: Finding,
    checked: Collection[str],
    results: list[FactResult],
    stayed: list[str],
) -> Finding:
    """A source-changed finding, told which of the source's facts stayed, moved or broke: its
    `results`, and the facts recorded as they stand without one (`stayed`). A source none of
    whose facts was `checked` (their source ids) is told nothing."""
    if finding.code is not Code.SOURCE_CHANGED or finding.source not in checked:
        return finding
    outcomes: dict[str, list[str]] = {"stayed": list(stayed), "moved": [], "broke": []}
    for result in results:
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


def record_run(
    session: Session,
    started: datetime,
    states: dict[str, SourceState],
    facts: int,
    checked: int,
    incremental: bool,
    fingerprint: str,
    findings: list[Finding],
) -> AuditReport:
    from sqlalchemy import insert

    from kzfacts.store.models import AuditRun
    from kzfacts.store.models import Finding as FindingRow

    values = run_values(
        started, states_read(states), facts, checked, incremental, fingerprint, findings
    )
    run = AuditRun(**values)
    session.add(run)
    session.flush()
    assert run.id is not None
    if findings:
        rows = finding_values(run.id, findings)
        connection = session.connection()
        if connection.dialect.name == "sqlite":  # the driver's executemany: a third of the time
            names = list(rows[0])
            sql = f"INSERT INTO finding ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            connection.exec_driver_sql(sql, [tuple(map(row.__getitem__, names)) for row in rows])
        else:
            session.execute(insert(FindingRow), rows)
    return report_of(run.id, values, findings)


def states_read(states: dict[str, SourceState]) -> int:
    """How many sources an audit read (a missing source is not counted)."""
    return sum(1 for s in states.values() if s.text is not None)


def run_values(
    started: datetime,
    sources_checked: int,
    facts_checked: int,
    facts_rechecked: int,
    incremental: bool,
    fingerprint: str,
    findings: list[Finding],
) -> dict[str, Any]:
    """The columns of an audit's row in `auditrun`, finished now: one record for both ways a run
    is written (the ORM, and the standard library for a warm audit of an SQLite file)."""
    return {
        "started_at": started,
        "finished_at": datetime.now(UTC),
        "sources_checked": sources_checked,
        "facts_checked": facts_checked,
        "facts_rechecked": facts_rechecked,
        "full": not incremental,
        "entities_fingerprint": fingerprint,
        "errors": sum(f.severity is Severity.ERROR for f in findings),
        "warnings": sum(f.severity is Severity.WARNING for f in findings),
        "tool_version": __version__,
    }


def finding_values(run_id: int, findings: list[Finding]) -> list[dict[str, Any]]:
    """The rows of an audit's findings in `finding`, in the order they are reported."""
    return [
        {
            "run_id": run_id,
            "code": f.code.value,
            "severity": f.severity.value,
            "fact_id": f.fact,
            "source_id": f.source,
            "message": f.message,
            "detail": _detail_json(f),
        }
        for f in findings
    ]


def report_of(run_id: int, values: dict[str, Any], findings: list[Finding]) -> AuditReport:
    """The report of a run recorded with `values` (`run_values`)."""
    return AuditReport(
        run_id,
        values["started_at"],
        values["finished_at"],
        values["sources_checked"],
        values["facts_checked"],
        values["facts_rechecked"],
        values["full"],
        findings,
    )


_COLUMN_KEYS = frozenset(("code", "severity", "fact", "source", "message"))
"""The keys of `Finding.to_dict` that have columns of their own in `finding`."""


def _detail_json(finding: Finding) -> str | None:
    """What `Finding.to_dict` holds beyond its columns, in its order: the location, then the
    detail (built without the rest of `to_dict`: a warm audit writes thousands of these)."""
    extra = {**(finding.location.to_dict() if finding.location else {}), **finding.detail}
    if not _COLUMN_KEYS.isdisjoint(extra):
        extra = {k: v for k, v in extra.items() if k not in _COLUMN_KEYS}
    return _compact(extra) if extra else None


_compact = json.JSONEncoder(ensure_ascii=False).encode
"""`json.dumps(value, ensure_ascii=False)`, without making an encoder for each of thousands."""
