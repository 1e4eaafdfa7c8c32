"""`kzfacts audit`: re-anchor every fact against the current sources, check values, find contradictions."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session, col, select

from kzfacts import __version__
from kzfacts.checks.findings import Code, Finding, Severity, locate
from kzfacts.checks.quotes import check_quote
from kzfacts.checks.values import FactView, check_support, find_contradictions, parse_fact_value
from kzfacts.ops.entities import duplicate_pairs
from kzfacts.ops.errors import Refused
from kzfacts.ops.sources import read_source_text, source_file
from kzfacts.store.models import AuditRun, Fact, Predicate, Source, utcnow
from kzfacts.store.models import Finding as FindingRow
from kzfacts.text.anchor import Anchor, PreparedSource, Verdict
from kzfacts.text.guard import TokenClass, TokenDiff


@dataclass(frozen=True)
class AuditReport:
    run_id: int
    started_at: datetime
    finished_at: datetime
    sources_checked: int
    facts_checked: int
    findings: list[Finding]


def _stored_anchor(fact: Fact) -> Anchor | None:
    if fact.position_start is None or fact.position_end is None or fact.exact is None:
        return None
    return Anchor(
        fact.position_start, fact.position_end, fact.exact, fact.prefix or "", fact.suffix or ""
    )


def _stored_inexact(fact: Fact) -> Finding:
    diffs = [
        TokenDiff(d["quote"], d["source"], tuple(TokenClass(c) for c in d["classes"]))
        for d in json.loads(fact.anchor_detail or "[]")
    ]
    described = "; ".join(d.describe() for d in diffs) or "punctuation only"
    return Finding(
        Code.QUOTE_INEXACT,
        f"quote differs from the source in ordinary words: {described}",
        fact.id,
        fact.source_id,
        {
            "quote": fact.quote,
            "verdict": Verdict.INEXACT.value,
            "start": fact.position_start,
            "end": fact.position_end,
            "found": fact.exact,
            "differences": json.loads(fact.anchor_detail or "[]"),
        },
    )


def _check_fact(
    fact: Fact, text: PreparedSource, sha256: str, others: dict[str, PreparedSource]
) -> list[Finding]:
    """Re-anchor one fact; updates its stored anchor in place when the quote moved."""
    assert fact.quote is not None
    hint = _stored_anchor(fact)
    unchanged = (
        hint is not None
        and fact.anchor_sha256 == sha256
        and text.raw[hint.start : hint.end] == hint.exact
        and fact.anchor_verdict in (Verdict.EXACT.value, Verdict.INEXACT.value)
    )
    if unchanged:
        return [_stored_inexact(fact)] if fact.anchor_verdict == Verdict.INEXACT.value else []
    result = check_quote(fact.quote, text, fact_id=fact.id, source_id=fact.source_id, hint=hint)
    findings = list(result.findings)
    if result.accepted and result.anchoring.anchor is not None:
        anchor = result.anchoring.anchor
        fact.position_start, fact.position_end = anchor.start, anchor.end
        fact.exact, fact.prefix, fact.suffix = anchor.exact, anchor.prefix, anchor.suffix
        fact.anchor_sha256 = sha256
        fact.anchor_verdict = result.anchoring.verdict.value
        fact.anchor_detail = (
            json.dumps(
                [
                    {"quote": d.quote, "source": d.source, "classes": [c.value for c in d.classes]}
                    for d in result.anchoring.diffs
                ]
            )
            if result.anchoring.diffs
            else None
        )
    elif findings and findings[0].code is Code.QUOTE_NOT_FOUND:
        for other_id, other in others.items():
            if other_id != fact.source_id and check_quote(fact.quote, other).accepted:
                first = findings[0]
                findings[0] = Finding(
                    Code.QUOTE_MISATTRIBUTED,
                    f"the quote is not in source {fact.source_id!r} but is in source {other_id!r}",
                    fact.id,
                    fact.source_id,
                    {**first.detail, "found_in": other_id},
                )
                break
    return findings


def _reference(source: Source | None) -> date | None:
    return source.published if source is not None else None


def _validity(fact: Fact, source: Source | None) -> tuple[date, date]:
    if fact.valid_from is not None and fact.valid_to is not None:
        return fact.valid_from, fact.valid_to
    published = _reference(source)
    if published is None:
        return date.min, date.max
    precision = source.published_precision if source is not None else "day"
    if precision == "year":
        return date(published.year, 1, 1), date(published.year, 12, 31)
    if precision == "month":
        next_month = date(published.year + published.month // 12, published.month % 12 + 1, 1)
        return date(published.year, published.month, 1), date.fromordinal(
            next_month.toordinal() - 1
        )
    return published, published


def _located(
    finding: Finding,
    sources: dict[str, Source],
    texts: dict[str, PreparedSource],
    facts: dict[str, Fact],
) -> Finding:
    """Point a fact's finding at its span in the source file (for SARIF, GitHub, editors)."""
    if finding.source not in texts or finding.source not in sources:
        return finding
    text = texts[finding.source].raw
    start = finding.detail.get("start")
    end = finding.detail.get("end")
    fact = facts.get(finding.fact or "")
    if start is None and fact is not None and fact.position_start is not None:
        start, end = fact.position_start, fact.position_end
    if start is None or start > len(text):
        return replace(finding, location=locate(sources[finding.source].path, text, 0))
    end = min(end or start, len(text))
    return replace(finding, location=locate(sources[finding.source].path, text, start, end))


def run_audit(session: Session, root: Path) -> AuditReport:
    """Audit everything and record the run; the caller's transaction makes it all-or-nothing."""
    started = utcnow()
    sources = {s.id: s for s in session.exec(select(Source).order_by(Source.id))}
    predicates = {p.name: p for p in session.exec(select(Predicate))}
    findings: list[Finding] = []
    texts: dict[str, PreparedSource] = {}
    shas: dict[str, str] = {}
    for source in sources.values():
        try:
            text = read_source_text(source_file(source, root), label=source.path)
        except Refused as exc:
            findings.append(
                Finding(
                    Code.SOURCE_MISSING, str(exc), source=source.id, detail={"path": source.path}
                )
            )
            continue
        texts[source.id], shas[source.id] = PreparedSource(text.text), text.sha256
        if text.sha256 != source.sha256:
            findings.append(
                Finding(
                    Code.SOURCE_CHANGED,
                    f"{source.path} changed since it was registered (sha256 {source.sha256[:12]}… → "
                    f"{text.sha256[:12]}…): its facts were re-anchored and the new text registered",
                    source=source.id,
                    detail={"previous_sha256": source.sha256, "sha256": text.sha256},
                )
            )
            source.sha256, source.length = text.sha256, text.length
            session.add(source)

    facts_by_id: dict[str, Fact] = {}
    facts = list(
        session.exec(
            select(Fact).order_by(col(Fact.source_id), col(Fact.position_start), col(Fact.id))
        )
    )
    views: list[FactView] = []
    for fact in facts:
        facts_by_id[fact.id] = fact
        fact_source = sources.get(fact.source_id) if fact.source_id else None
        if fact.source_id is None or not fact.quote:
            findings.append(
                Finding(
                    Code.UNSOURCED,
                    "fact has no "
                    + ("source" if fact.source_id is None else "quote")
                    + ": cite the source and the exact words that state it",
                    fact.id,
                    fact.source_id,
                )
            )
            continue
        if fact.source_id not in texts:
            findings.append(
                Finding(
                    Code.SOURCE_MISSING,
                    f"the source {fact.source_id!r} of this fact cannot be read",
                    fact.id,
                    fact.source_id,
                )
            )
            continue
        fact_findings = _check_fact(fact, texts[fact.source_id], shas[fact.source_id], texts)
        findings.extend(fact_findings)
        if any(f.code is Code.QUOTE_MOVED for f in fact_findings):
            session.add(fact)
        predicate = predicates.get(fact.predicate)
        if predicate is None:
            continue
        reference = _reference(fact_source)
        value, invalid = parse_fact_value(fact.value, predicate.value_type, reference, fact.id)
        if value is None:
            assert invalid is not None
            findings.append(Finding(invalid.code, invalid.message, fact.id, fact.source_id))
            continue
        if not any(f.severity is Severity.ERROR for f in fact_findings):
            support = check_support(
                fact.quote, value, predicate.value_type, reference, fact.id, fact.source_id
            )
            if support is not None:
                findings.append(support)
        if fact.entity_id is not None:
            valid_from, valid_to = _validity(fact, fact_source)
            views.append(
                FactView(
                    fact.id,
                    fact.entity_id,
                    fact.predicate,
                    value,
                    valid_from,
                    valid_to,
                    fact.source_id,
                    fact.quote,
                    fact.supersedes,
                )
            )
    findings = [_located(f, sources, texts, facts_by_id) for f in findings]
    changes = {name: p.changes_over_time for name, p in predicates.items()}
    findings.extend(find_contradictions(views, changes))
    for a, b in duplicate_pairs(session):
        findings.append(
            Finding(
                Code.DUPLICATE_ENTITY,
                f"entities {a.entity_id!r} ({a.matched_name}) and {b.entity_id!r} ({b.matched_name}) "
                "are probably the same: `kzfacts entity merge` them, or declare them different "
                "with `kzfacts entity distinct`",
                detail={"entities": [a.entity_id, b.entity_id]},
            )
        )
    finished = utcnow()
    run = AuditRun(
        started_at=started,
        finished_at=finished,
        sources_checked=len(texts),
        facts_checked=len(facts),
        errors=sum(f.severity is Severity.ERROR for f in findings),
        warnings=sum(f.severity is Severity.WARNING for f in findings),
        tool_version=__version__,
    )
    session.add(run)
    session.flush()
    assert run.id is not None
    for finding in findings:
        extra = {
            k: v
            for k, v in finding.to_dict().items()
            if k not in ("code", "severity", "fact", "source", "message")
        }
        session.add(
            FindingRow(
                run_id=run.id,
                code=finding.code.value,
                severity=finding.severity.value,
                fact_id=finding.fact,
                source_id=finding.source,
                message=finding.message,
                detail=json.dumps(extra, ensure_ascii=False) if extra else None,
            )
        )
    return AuditReport(run.id, started, finished, len(texts), len(facts), findings)
