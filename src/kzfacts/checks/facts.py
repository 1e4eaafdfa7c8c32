"""Verifying one fact against its source: `fact add`, `fact import`, `load` and `audit` all
call `verify_fact` (an audit through `checks/batch.py`, whose shortcuts are held equal to it),
so that adding a fact and auditing it can never disagree.

The parts, in order: the value and `as_of` can be read (time); the quote stands in the source
(quote), on whole words and without eliding a negation or qualifier (boundaries); the value
is what the quote states (value); the entity is named where the quote stands (subject).
Pure and picklable, so audits can spread sources over worker processes."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import lru_cache
from typing import Any

from kzfacts.checks.fact import NOT_STORED, FactInput, FactResult, Part, SourceContext, StoredCheck
from kzfacts.checks.findings import Code, Finding, Severity
from kzfacts.checks.list_items import item_subject
from kzfacts.checks.quotes import QuoteCheck, check_quote
from kzfacts.checks.status_ended import status_ended
from kzfacts.checks.subjects import EntityCatalog, SubjectCheck, check_subject
from kzfacts.checks.support_keys import same_support, support_key_at
from kzfacts.checks.values import (
    Evidence,
    check_support,
    evidence_at,
    parse_fact_value,
    parse_validity,
    source_years,
)
from kzfacts.text.anchor import PreparedSource, Verdict
from kzfacts.text.guard import TokenClass, TokenDiff
from kzfacts.text.limits import MAX_GAP
from kzfacts.values import Value

ANCHOR_RULES = "2"
"""Bumped when the quote rules change: every stored anchor is then verified again."""
EDGE_CLASSES = frozenset(
    {
        TokenClass.BOUNDARY,
        TokenClass.ELIDED_NEGATION,
        TokenClass.ELIDED_QUALIFIER,
    }
)


def quote_sha256(quote: str, max_gap: int = MAX_GAP) -> str:
    """Identifies the quote an anchor was made for, under these quote rules and elision limit:
    an edited quote (or one stored under older rules, or another limit) is anchored again."""
    limit = "" if max_gap == MAX_GAP else f"\0{max_gap}"
    return hashlib.sha256(f"{ANCHOR_RULES}\0{quote}{limit}".encode()).hexdigest()


def diffs_json(diffs: tuple[TokenDiff, ...]) -> str | None:
    if not diffs:
        return None
    return json.dumps(
        [
            {"quote": d.quote, "source": d.source, "classes": [c.value for c in d.classes]}
            for d in diffs
        ]
    )


def stored_inexact(fact: FactInput, stored: StoredCheck) -> Finding:
    records = json.loads(stored.anchor_detail or "[]")
    diffs = [
        TokenDiff(d["quote"], d["source"], tuple(TokenClass(c) for c in d["classes"]))
        for d in records
    ]
    described = "; ".join(d.describe() for d in diffs) or "punctuation only"
    hint = stored.hint
    assert hint is not None
    return Finding(
        Code.QUOTE_INEXACT,
        f"quote differs from the source in ordinary words: {described}",
        fact.id,
        fact.source,
        {
            "quote": fact.quote,
            "verdict": Verdict.INEXACT.value,
            "start": hint.start,
            "end": hint.end,
            "found": hint.exact,
            # as `anchoring_detail` gives it: differences only when there are some
            **({"differences": records} if records else {}),
        },
    )


_STANDING_VERDICTS = (Verdict.EXACT.value, Verdict.INEXACT.value)
"""Anchor verdicts of a quote that was accepted where it stands."""


def stands_unchanged(
    fact: FactInput, source: SourceContext, stored: StoredCheck, raw: str, sha256: str
) -> bool:
    """Whether the quote stands where it was anchored, in the same text, under the same rules:
    then it is taken as it is, with no normalisation and no search (a cheap test, so an audit
    runs it before deciding which facts are worth a worker process)."""
    hint = stored.hint
    return hint is not None and quote_stands(
        fact.quote, source.max_gap, hint.start, hint.end, hint.exact, stored.anchor_sha256,
        stored.anchor_verdict, stored.anchor_quote_sha256, raw, sha256,
    )  # fmt: skip


def quote_stands(
    quote: str,
    max_gap: int,
    start: int | None,
    end: int | None,
    exact: str | None,
    anchor_sha256: str | None,
    anchor_verdict: str | None,
    anchor_quote_sha256: str | None,
    raw: str,
    sha256: str,
) -> bool:
    """`stands_unchanged` on the stored fields themselves (the anchor's start, end and text, the
    text and rules it was made under): an audit asks it of every stored fact, before it makes
    any object of one."""
    return (
        start is not None
        and end is not None
        and exact is not None
        and anchor_sha256 == sha256
        and raw[start:end] == exact
        and anchor_verdict in _STANDING_VERDICTS
        and anchor_quote_sha256 == quote_sha256(quote, max_gap)
    )


def _quote_parts(
    fact: FactInput,
    source: SourceContext,
    stored: StoredCheck,
    text: PreparedSource,
    sha256: str,
) -> tuple[Part, Part, dict[str, Any]]:
    """The quote and boundaries parts, and the anchor fields of the result."""
    hint = stored.hint
    if stands_unchanged(fact, source, stored, text.raw, sha256):
        assert hint is not None
        found = (
            (stored_inexact(fact, stored),)
            if stored.anchor_verdict == Verdict.INEXACT.value
            else ()
        )
        where = f"{stored.anchor_verdict} at {hint.start}-{hint.end} (unchanged)"
        fields: dict[str, Any] = {"position": (hint.start, hint.end)}
        return Part("quote", where, found), Part("boundaries", "whole words"), fields
    checked = check_quote(
        fact.quote,
        text,
        fact_id=fact.id,
        source_id=fact.source,
        hint=hint,
        max_gap=source.max_gap,
    )
    anchoring = checked.anchoring
    edges = tuple(d for d in anchoring.diffs if set(d.classes) & EDGE_CLASSES)
    boundaries = Part(
        "boundaries",
        "; ".join(d.describe() for d in edges) if edges else "whole words",
        tuple(f for f in checked.findings if edges and f.code is Code.QUOTE_ALTERED),
    )
    quote_findings = tuple(f for f in checked.findings if f not in boundaries.findings)
    if checked.accepted and anchoring.anchor is not None:
        anchor = anchoring.anchor
        fields = {
            "anchor": anchor,
            "verdict": anchoring.verdict.value,
            "detail": diffs_json(anchoring.diffs),
            "position": (anchor.start, anchor.end),
        }
        where = f"{anchoring.verdict.value} at {anchor.start}-{anchor.end}"
        return Part("quote", where, quote_findings), boundaries, fields
    not_found = bool(checked.findings) and checked.findings[0].code is Code.QUOTE_NOT_FOUND
    return Part("quote", _refused(checked), quote_findings), boundaries, {"not_found": not_found}


@lru_cache(maxsize=4096)
def _fact_value(
    text: str, value_type: str, reference: date | None
) -> tuple[Value | None, Finding | None]:
    """A fact's value, read once per wording, type and date: facts repeat values ("convicted",
    "4 years") and an import or audit checks thousands of them. The finding names no fact."""
    return parse_fact_value(text, value_type, reference)


def _refused(checked: QuoteCheck) -> str:
    return f"{checked.anchoring.verdict.value}: " + "; ".join(f.message for f in checked.findings)


def _in_its_item(
    subject: SubjectCheck,
    fact: FactInput,
    quoted: str,
    value: Value,
    evidence: Evidence,
    catalog: EntityCatalog,
) -> SubjectCheck:
    """The subject check, refused when the quote lists several items and the one stating the
    value names someone else (`checks.list_items`)."""
    entity = catalog.by_id.get(fact.entity or "")
    if entity is None:
        return subject
    also = (fact.subject,) if fact.subject else ()
    finding = item_subject(quoted, value, evidence.years, entity, also, fact.id, fact.source)
    if finding is None:
        return subject
    return SubjectCheck("another is named where the value is stated", finding)


def verify_fact(
    fact: FactInput,
    source: SourceContext,
    text: PreparedSource,
    sha256: str,
    catalog: EntityCatalog | None = None,
    stored: StoredCheck = NOT_STORED,
    *,
    keep_evidence: bool = True,
) -> FactResult:
    """Verify one fact: time, quote, boundaries, value, subject; each part says what it found.

    A value is checked only against a quote that stands; a subject only where the quote stands.
    Without `keep_evidence` the result holds what an audit records (findings, anchor, key,
    position), not the parts, the value read or its evidence: a worker sends it back pickled.
    """
    parts: list[Part] = []
    value: Value | None = None
    evidence: Evidence | None = None
    invalid: Finding | None = None
    supported: Evidence | None = None  # the evidence the value was found supported in, now
    time_findings: list[Finding] = []
    if fact.as_of and parse_validity(fact.as_of, source.published) is None:
        time_findings.append(
            Finding(
                Code.VALUE_INVALID,
                f"as_of {fact.as_of!r} is not a date: write e.g. 2012-03-15, 2012-03 or 2012",
                fact.id,
                fact.source,
            )
        )
    held = fact.as_of or (
        f"the source's date {source.published}" if source.published else "undated"
    )
    parts.append(Part("time", f"holds at {held}", tuple(time_findings)))
    quote, boundaries, fields = _quote_parts(fact, source, stored, text, sha256)
    parts += [quote, boundaries]
    quote_stands = "position" in fields and not boundaries.findings
    check_entity = catalog is not None and fact.entity is not None
    also = (fact.subject,) if fact.subject else ()
    key: str | None = None
    if source.value_type is not None:
        key = support_key_at(
            fact, source, stored, text.raw, sha256, catalog, fields.get("position")
        )
        if not same_support(stored.support_key, key):  # else: passed before, on this evidence
            value, invalid = _fact_value(fact.value, source.value_type, source.published)
    unchanged = source.value_type is not None and same_support(stored.support_key, key)
    if source.value_type is None:
        parts.append(Part("value", "unknown predicate: not checked"))
    elif unchanged:
        parts.append(Part("value", f"{fact.value!r}: supported (unchanged)"))
    elif value is None:
        key = None
        assert invalid is not None
        extra = Finding(invalid.code, invalid.message, fact.id, fact.source)
        parts.append(Part("value", "cannot be read", (extra,)))
    else:
        if not quote_stands or any(
            f.severity is Severity.ERROR for f in (*quote.findings, *time_findings)
        ):
            key = None
            parts.append(Part("value", "not checked: the quote does not stand"))
        else:
            start, end = fields["position"]
            years = source_years(source.published, source.precision, source.covers)
            evidence = evidence_at(text.raw, start, end, years, dates=source.value_type == "date")
            support = check_support(
                evidence, value, fact.predicate, source.value_type, fact.id, fact.source
            )
            if support is None and (
                ended := status_ended(fact.quote, fact.predicate, fact.as_of, value, evidence)
            ):
                support = Finding(Code.VALUE_UNSUPPORTED, ended, fact.id, fact.source)
            if support is None:
                supported = evidence
                parts.append(Part("value", f"{value.describe()}: supported"))
            else:
                key = None
                parts.append(Part("value", support.message, (support,)))
    if check_entity and quote_stands and unchanged:
        parts.append(Part("subject", "named (unchanged)"))
    elif catalog is not None and fact.entity is not None and quote_stands:
        start, end = fields["position"]
        subject = check_subject(
            text,
            start,
            end,
            fact.entity,
            catalog,
            also=also,
            fact_id=fact.id,
            source_id=fact.source,
        )
        if subject.finding is None and supported is not None and value is not None:
            subject = _in_its_item(subject, fact, text.raw[start:end], value, supported, catalog)
        found = (subject.finding,) if subject.finding is not None else ()
        if subject.finding is not None:  # the key stands for a value and subject that passed
            key = None
        parts.append(Part("subject", subject.found, found))
    else:
        parts.append(Part("subject", "not checked"))
    return FactResult(
        fact,
        tuple(f for part in parts for f in part.findings),
        anchor=fields.get("anchor"),
        verdict=fields.get("verdict"),
        detail=fields.get("detail"),
        not_found=bool(fields.get("not_found", False)),
        support_key=key,
        parts=tuple(parts) if keep_evidence else (),
        value=value if keep_evidence else None,
        position=fields.get("position"),
        evidence=evidence if keep_evidence else None,
    )
