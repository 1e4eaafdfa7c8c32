"""What the Python API returns: plain frozen dataclasses, each with `to_json()`.

They are read-only copies of what the services (`services/`) decided, made once a unit of work
ends, so that they stay valid after the database is closed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from kzfacts.checks.facts import FactResult
from kzfacts.checks.findings import Finding
from kzfacts.checks.quotes import QuoteCheck
from kzfacts.services.errors import Refused
from kzfacts.services.facts.history import Change
from kzfacts.services.facts.imports import RecordError
from kzfacts.store.models import Fact
from kzfacts.text.anchor import PreparedSource


def dumps(data: Any) -> str:
    """The one JSON style of results: indented, UTF-8 as is, dates as ISO text."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


@dataclass(frozen=True)
class AddedFact:
    """A fact that passed every check, and where its quote stands in its source."""

    id: str
    source: str
    entity: str
    verdict: str  # exact or inexact
    start: int
    end: int
    line: int
    page: int | None  # in a PDF
    messages: tuple[str, ...]  # entities created, aliases recorded, notices
    warnings: tuple[Finding, ...]

    @classmethod
    def from_result(cls, result: FactResult, row: dict[str, Any]) -> AddedFact:
        """An accepted fact, from the writer's result and the row it inserts."""
        assert result.line is not None  # set by the writer on every fact it accepts
        return cls(
            row["id"],
            row["source_id"],
            row["entity_id"],
            row["anchor_verdict"],
            row["position_start"],
            row["position_end"],
            result.line,
            result.page,
            result.messages,
            result.warnings,
        )

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "warnings": [w.to_dict() for w in self.warnings]}

    def to_json(self) -> str:
        return dumps(self.to_dict())


@dataclass(frozen=True)
class EditedFact:
    """An edited fact, checked as a new one is, and the fields that changed (none: unchanged)."""

    fact: AddedFact
    changes: tuple[Change, ...]

    def to_json(self) -> str:
        changes = {c.field: {"before": c.before, "after": c.after} for c in self.changes}
        return dumps({**self.fact.to_dict(), "changes": changes})


@dataclass(frozen=True)
class ImportResult:
    """Every record of an import, accepted (an import is all or nothing)."""

    facts: tuple[AddedFact, ...]

    def to_json(self) -> str:
        return dumps([fact.to_dict() for fact in self.facts])


class RecordsRefused(Refused):
    """An import in which some records were refused: nothing was written. `errors` holds each
    refused record's number (line or position), fact id, finding code and message."""

    def __init__(self, errors: list[RecordError], total: int) -> None:
        super().__init__(f"{len(errors)} of {total} records refused: nothing was imported")
        self.errors = errors


@dataclass(frozen=True)
class CitedFact:
    """A stored fact: what it states, the quote and where it stands, and the last audit's word."""

    id: str
    subject: str
    entity: str | None
    predicate: str
    value: str
    quote: str | None
    source: str | None
    start: int | None
    end: int | None
    verdict: str | None  # of the anchor: exact, inexact, altered, not-found, …
    as_of: str | None
    event: str | None
    supersedes: str | None
    note: str | None
    audit_status: str | None  # ok, warning or error; None before the first audit
    audit_codes: tuple[str, ...]

    @classmethod
    def from_row(cls, fact: Fact) -> CitedFact:
        return cls(
            fact.id,
            fact.subject,
            fact.entity_id,
            fact.predicate,
            fact.value,
            fact.quote,
            fact.source_id,
            fact.position_start,
            fact.position_end,
            fact.anchor_verdict,
            fact.as_of,
            fact.event_key,
            fact.supersedes,
            fact.note,
            fact.audit_status,
            tuple(fact.audit_codes.split(",")) if fact.audit_codes else (),
        )

    def to_json(self) -> str:
        return dumps(asdict(self))


@dataclass(frozen=True)
class QuoteAnchor:
    """Where a quote stands in a text (W3C TextQuote and TextPosition selectors), or why not."""

    verdict: str  # exact, inexact, altered, not-found, ambiguous, too-short, …
    accepted: bool
    start: int | None
    end: int | None
    line: int | None
    exact: str | None
    prefix: str | None
    suffix: str | None
    findings: tuple[Finding, ...]

    @classmethod
    def from_check(cls, checked: QuoteCheck, text: PreparedSource) -> QuoteAnchor:
        anchor = checked.anchoring.anchor if checked.accepted else None
        return cls(
            checked.anchoring.verdict.value,
            checked.accepted,
            anchor.start if anchor else None,
            anchor.end if anchor else None,
            text.line_of(anchor.start) if anchor else None,
            anchor.exact if anchor else None,
            anchor.prefix if anchor else None,
            anchor.suffix if anchor else None,
            checked.findings,
        )

    def to_json(self) -> str:
        return dumps({**asdict(self), "findings": [f.to_dict() for f in self.findings]})
