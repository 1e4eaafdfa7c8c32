"""The per-fact part of an audit: the quote, then the value. Pure and picklable, so audits can
spread sources over worker processes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date

from kzfacts.checks.findings import Code, Finding, Severity
from kzfacts.checks.quotes import check_quote
from kzfacts.checks.values import check_support, evidence_at, parse_fact_value, source_years
from kzfacts.text.anchor import Anchor, PreparedSource, Verdict
from kzfacts.text.guard import TokenClass, TokenDiff


@dataclass(frozen=True)
class FactItem:
    """What re-checking one fact needs, copied out of the database."""

    id: str
    source_id: str
    quote: str
    value: str
    value_type: str | None  # None: unknown predicate, value not checked
    reference: date | None
    hint: Anchor | None
    anchor_sha256: str | None
    anchor_verdict: str | None
    anchor_detail: str | None
    anchor_quote_sha256: str | None = None
    support_key: str | None = None
    predicate: str = ""
    precision: str | None = None  # of `reference`, the source's date: day, month or year
    covers: str | None = None  # the period the source reports on


@dataclass(frozen=True)
class FactResult:
    id: str
    findings: tuple[Finding, ...]
    anchor: Anchor | None = None  # set when the stored anchor must change
    verdict: str | None = None
    detail: str | None = None
    not_found: bool = False
    support_key: str | None = None  # set when the value was found supported


def quote_sha256(quote: str) -> str:
    """Identifies the quote an anchor was made for: an edited quote must be anchored again."""
    return hashlib.sha256(quote.encode("utf-8")).hexdigest()


def support_key(
    quote: str, value: str, value_type: str, reference: date | None, *, where: str = ""
) -> str:
    """Identifies a value check that passed: the same quote, value, type and date pass again.

    `where` names the evidence: the predicate, the source text's sha256, the span and the
    source's period (see `evidence_key`).
    """
    material = "\0".join(
        (quote, value, value_type, reference.isoformat() if reference else "", where)
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def evidence_key(
    predicate: str, sha256: str, anchor: Anchor, precision: str | None, covers: str | None
) -> str:
    """What the value check read besides the fact: the same key, the same evidence."""
    return f"v2:{predicate}:{sha256}:{anchor.start}:{anchor.end}:{precision}:{covers}"


def diffs_json(diffs: tuple[TokenDiff, ...]) -> str | None:
    if not diffs:
        return None
    return json.dumps(
        [
            {"quote": d.quote, "source": d.source, "classes": [c.value for c in d.classes]}
            for d in diffs
        ]
    )


def _stored_inexact(item: FactItem) -> Finding:
    records = json.loads(item.anchor_detail or "[]")
    diffs = [
        TokenDiff(d["quote"], d["source"], tuple(TokenClass(c) for c in d["classes"]))
        for d in records
    ]
    described = "; ".join(d.describe() for d in diffs) or "punctuation only"
    hint = item.hint
    assert hint is not None
    return Finding(
        Code.QUOTE_INEXACT,
        f"quote differs from the source in ordinary words: {described}",
        item.id,
        item.source_id,
        {
            "quote": item.quote,
            "verdict": Verdict.INEXACT.value,
            "start": hint.start,
            "end": hint.end,
            "found": hint.exact,
            "differences": records,
        },
    )


def check_fact(item: FactItem, text: PreparedSource, sha256: str) -> FactResult:
    """Re-anchor one fact's quote in the current text, then check its value against the quote."""
    hint = item.hint
    unchanged = (
        hint is not None
        and item.anchor_sha256 == sha256
        and text.raw[hint.start : hint.end] == hint.exact
        and item.anchor_verdict in (Verdict.EXACT.value, Verdict.INEXACT.value)
        and item.anchor_quote_sha256 == quote_sha256(item.quote)
    )
    result: FactResult
    if unchanged:
        found = (_stored_inexact(item),) if item.anchor_verdict == Verdict.INEXACT.value else ()
        result = FactResult(item.id, found)
    else:
        checked = check_quote(
            item.quote, text, fact_id=item.id, source_id=item.source_id, hint=hint
        )
        anchoring = checked.anchoring
        if checked.accepted and anchoring.anchor is not None:
            result = FactResult(
                item.id,
                checked.findings,
                anchor=anchoring.anchor,
                verdict=anchoring.verdict.value,
                detail=diffs_json(anchoring.diffs),
            )
        else:
            not_found = bool(checked.findings) and checked.findings[0].code is Code.QUOTE_NOT_FOUND
            result = FactResult(item.id, checked.findings, not_found=not_found)
    if item.value_type is None:
        return result
    anchor = result.anchor or hint
    where = (
        ""
        if anchor is None
        else evidence_key(item.predicate, sha256, anchor, item.precision, item.covers)
    )
    key = support_key(item.quote, item.value, item.value_type, item.reference, where=where)
    if item.support_key == key:
        return replace(result, support_key=key)
    value, invalid = parse_fact_value(item.value, item.value_type, item.reference, item.id)
    if value is None:
        assert invalid is not None
        extra = Finding(invalid.code, invalid.message, item.id, item.source_id)
        return replace(result, findings=(*result.findings, extra))
    if any(f.severity is Severity.ERROR for f in result.findings) or anchor is None:
        return result
    years = source_years(item.reference, item.precision, item.covers)
    evidence = evidence_at(
        text.raw, anchor.start, anchor.end, years, dates=item.value_type == "date"
    )
    support = check_support(
        evidence, value, item.predicate, item.value_type, item.id, item.source_id
    )
    if support is None:
        return replace(result, support_key=key)
    return replace(result, findings=(*result.findings, support))


def check_source_batch(raw: str, sha256: str, items: list[FactItem]) -> list[FactResult]:
    """Every fact of one source, against its current text (the unit of work of a worker process)."""
    text = PreparedSource(raw)
    return [check_fact(item, text, sha256) for item in items]
