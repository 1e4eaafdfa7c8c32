"""The HTML report's contents: everything it shows, gathered after a fresh audit.

The report runs (and records) a new audit rather than reusing the last recorded one: the page
highlights spans in the source files as they are *now*, and only a fresh audit guarantees that
every stored position still points at its quote (it re-anchors moved quotes) and that a broken
quote is shown as broken.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from kzfacts.checks.fact import FactInput, FactResult
from kzfacts.checks.findings import Finding
from kzfacts.formats.report import audit_summary
from kzfacts.formats.report_data import (
    EntityDoc,
    QuoteStatus,
    ReportData,
    SourceDoc,
    TimelineEntry,
    status_of,
)
from kzfacts.services.audit import AuditReport, run_audit
from kzfacts.services.errors import Refused
from kzfacts.services.facts.timeline import timeline_position
from kzfacts.services.sources.registry import current_text
from kzfacts.services.sources.snapshots import snapshot_text
from kzfacts.store.models import Alias, Entity, Fact, Predicate, Source
from kzfacts.text.pages import PAGE_BREAK, pages_of


def _published(source: Source) -> str | None:
    if source.published is None:
        return None
    if source.published_precision == "year":
        return f"{source.published.year}"
    if source.published_precision == "month":
        return source.published.strftime("%Y-%m")
    return source.published.isoformat()


def _read(session: Session, source: Source, root: Path, snapshot_only: bool) -> str | None:
    """The text the audit verified against; a missing file's last snapshot."""
    try:
        return current_text(session, source, root, snapshot_only=snapshot_only).text
    except Refused:
        return snapshot_text(session, source.sha256)


def _printable(text: str | None) -> str | None:
    """A PDF's page breaks (form feeds, not allowed in HTML) as line breaks: offsets hold."""
    return text.replace(PAGE_BREAK, "\n") if text is not None else None


def _span(
    fact: Fact, status: QuoteStatus, own: list[Finding], text: str | None
) -> tuple[int | None, int | None]:
    """Where the fact's mark goes in the current text: the audit's anchor, or the place a broken
    quote was located (an altered quote), or nowhere."""
    if text is None:
        return None, None
    if status is QuoteStatus.BROKEN:
        for finding in own:
            start, end = finding.detail.get("start"), finding.detail.get("end")
            if isinstance(start, int) and isinstance(end, int):
                return start, end
        return None, None
    return fact.position_start, fact.position_end


def gather(
    session: Session, root: Path, audit: AuditReport, snapshot_only: bool = False
) -> ReportData:
    """The report's plain data, read after `audit` ran in this same session."""
    # Oldest first; undated sources last.
    sources = sorted(
        session.exec(select(Source)), key=lambda s: (s.published is None, s.published, s.id)
    )
    texts = {s.id: _read(session, s, root, snapshot_only) for s in sources}
    facts = list(session.exec(select(Fact).order_by(col(Fact.source_id), col(Fact.id))))
    by_fact: dict[str, list[Finding]] = {}
    for finding in audit.findings:
        if finding.fact is not None:
            by_fact.setdefault(finding.fact, []).append(finding)
    fact_docs: list[FactResult] = []
    for fact in facts:
        own = by_fact.get(fact.id, [])
        status = status_of(own)
        text = texts.get(fact.source_id or "")
        start, end = _span(fact, status, own, text)
        position = (start, end) if start is not None and end is not None else None
        pages = pages_of(text, *position) if text is not None and position else None
        fact_docs.append(
            FactResult(
                FactInput(
                    fact.id,
                    fact.source_id or "",
                    fact.subject,
                    fact.predicate,
                    fact.value,
                    fact.quote or "",
                    as_of=fact.as_of,
                    note=fact.note,
                    supersedes=fact.supersedes,
                    entity=fact.entity_id,
                ),
                tuple(own),
                position=position,
                page=pages[0] if pages else None,
                last_page=pages[1] if pages else None,
            )
        )
    date_predicates = {
        p.name for p in session.exec(select(Predicate).where(Predicate.value_type == "date"))
    }
    published = {s.id: _published(s) for s in sources}
    aliases: dict[str, list[str]] = {}
    for alias in session.exec(select(Alias)):
        aliases.setdefault(alias.entity_id, []).append(alias.name)
    timelines: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.entity_id is not None:
            timelines.setdefault(fact.entity_id, []).append(fact)
    entities: list[EntityDoc] = []
    for entity in session.exec(select(Entity).order_by(Entity.name, Entity.id)):
        own_facts = timelines.get(entity.id, [])
        when = {f.id: timeline_position(f, date_predicates, published) for f in own_facts}
        own_facts.sort(key=lambda f: (when[f.id][0], f.predicate, f.id))
        entities.append(
            EntityDoc(
                id=entity.id,
                name=entity.name,
                kind=entity.kind,
                aliases=tuple(sorted(aliases.get(entity.id, []))),
                timeline=tuple(TimelineEntry(when[f.id][1], f.id) for f in own_facts),
            )
        )
    summary: dict[str, Any] = audit_summary(
        audit.findings,
        run=audit.run_id,
        facts_checked=audit.facts_checked,
        sources_checked=audit.sources_checked,
        started_at=audit.started_at.isoformat(timespec="seconds"),
        finished_at=audit.finished_at.isoformat(timespec="seconds"),
    )
    return ReportData(
        summary=summary,
        findings=audit.findings,
        sources=[
            SourceDoc(
                id=s.id,
                title=s.title,
                publisher=s.publisher,
                published=_published(s),
                path=s.path,
                url=s.url,
                text=_printable(texts[s.id]),
            )
            for s in sources
        ],
        facts=fact_docs,
        entities=entities,
    )


def audit_for_report(
    session: Session, root: Path, snapshot_only: bool = False
) -> tuple[AuditReport, ReportData]:
    """Run and record a fresh audit, then gather the report's data (one transaction: the caller's)."""
    audit = run_audit(session, root, snapshot_only=snapshot_only)
    return audit, gather(session, root, audit, snapshot_only)
