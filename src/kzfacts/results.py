"""What the Python API returns besides the three shapes of a fact (the row `store.models.Fact`,
the fact as stated `FactInput` and the verified result `FactResult`): plain frozen dataclasses,
each with `to_json()`.

They are read-only copies of what the services (`services/`) decided, made once a unit of work
ends, so that they stay valid after the database is closed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from kzfacts.checks.fact import FactResult
from kzfacts.checks.findings import Finding
from kzfacts.checks.quotes import QuoteCheck
from kzfacts.services.errors import Refused
from kzfacts.services.facts.history import Change
from kzfacts.services.facts.imports import RecordError
from kzfacts.text.anchor import PreparedSource


def dumps(data: Any) -> str:
    """The one JSON style of results: indented, UTF-8 as is, dates as ISO text."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


@dataclass(frozen=True)
class EditedFact:
    """An edited fact, checked as a new one is, and the fields that changed (none: unchanged)."""

    fact: FactResult
    changes: tuple[Change, ...]

    def to_json(self) -> str:
        changes = {c.field: {"before": c.before, "after": c.after} for c in self.changes}
        return dumps({**self.fact.to_dict(), "changes": changes})


@dataclass(frozen=True)
class ImportResult:
    """Every record of an import, accepted (an import is all or nothing), and each one's
    number in its file (`numbers`: its line, or its place in a list), as refusals name it."""

    facts: tuple[FactResult, ...]
    numbers: tuple[int, ...] = ()

    def to_json(self) -> str:
        return dumps([fact.to_dict() for fact in self.facts])


class RecordsRefused(Refused):
    """An import in which some records were refused: nothing was written. `errors` holds each
    refused record's number (line or position), fact id, finding code and message."""

    def __init__(self, errors: list[RecordError], total: int) -> None:
        super().__init__(f"{len(errors)} of {total} records refused: nothing was imported")
        self.errors = errors


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
