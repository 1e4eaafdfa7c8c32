"""Findings: what a check reports, with a stable code that tools and tests rely on."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kzfacts.text.file_kinds import read_through_extractor


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


class Code(StrEnum):
    """Finding codes. New ones may be added; existing ones are never renamed."""

    QUOTE_NOT_FOUND = "quote-not-found"
    QUOTE_ALTERED = "quote-altered"
    QUOTE_INEXACT = "quote-inexact"
    QUOTE_AMBIGUOUS = "quote-ambiguous"
    QUOTE_MISATTRIBUTED = "quote-misattributed"
    QUOTE_MOVED = "quote-moved"
    QUOTE_TOO_SHORT = "quote-too-short"
    QUOTE_TOO_LONG = "quote-too-long"
    QUOTE_ELISION_TOO_LONG = "quote-elision-too-long"
    SUBJECT_MISMATCH = "subject-mismatch"
    SUBJECT_UNVERIFIED = "subject-unverified"
    SOURCE_MISSING = "source-missing"
    SOURCE_CHANGED = "source-changed"
    VALUE_UNSUPPORTED = "value-unsupported"
    VALUE_INVALID = "value-invalid"
    CONTRADICTION = "contradiction"
    UNSOURCED = "unsourced"
    DUPLICATE_ENTITY = "duplicate-entity"
    INVALID_RECORD = "invalid-record"
    UNSOURCED_CLAIM = "unsourced-claim"
    UNKNOWN_FACT = "unknown-fact"
    CLAIM_MISMATCH = "claim-mismatch"
    CITES_BROKEN_FACT = "cites-broken-fact"
    CITES_REMOVED_FACT = "cites-removed-fact"


SEVERITY: dict[Code, Severity] = {
    Code.QUOTE_NOT_FOUND: Severity.ERROR,
    Code.QUOTE_ALTERED: Severity.ERROR,
    Code.QUOTE_INEXACT: Severity.WARNING,
    Code.QUOTE_AMBIGUOUS: Severity.ERROR,
    Code.QUOTE_MISATTRIBUTED: Severity.ERROR,
    Code.QUOTE_MOVED: Severity.INFO,
    Code.QUOTE_TOO_SHORT: Severity.ERROR,
    Code.QUOTE_TOO_LONG: Severity.ERROR,
    Code.QUOTE_ELISION_TOO_LONG: Severity.ERROR,
    Code.SUBJECT_MISMATCH: Severity.ERROR,
    Code.SUBJECT_UNVERIFIED: Severity.WARNING,
    Code.SOURCE_MISSING: Severity.ERROR,
    Code.SOURCE_CHANGED: Severity.WARNING,
    Code.VALUE_UNSUPPORTED: Severity.ERROR,
    Code.VALUE_INVALID: Severity.ERROR,
    Code.CONTRADICTION: Severity.WARNING,
    Code.UNSOURCED: Severity.ERROR,
    Code.DUPLICATE_ENTITY: Severity.WARNING,
    Code.INVALID_RECORD: Severity.ERROR,
    Code.UNSOURCED_CLAIM: Severity.ERROR,
    Code.UNKNOWN_FACT: Severity.ERROR,
    Code.CLAIM_MISMATCH: Severity.ERROR,
    Code.CITES_BROKEN_FACT: Severity.ERROR,
    Code.CITES_REMOVED_FACT: Severity.ERROR,
}


RELATED_LOCATIONS = "related_locations"
"""Detail key of a finding's further places (the other facts of a contradiction): a list of
{"fact", "file", "line", "column", "end_line", "end_column"}."""


@dataclass(frozen=True)
class Location:
    """Where a finding points: a file (a source document or a draft), 1-based line and column."""

    path: str
    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None

    @property
    def in_file(self) -> bool:
        """Whether the line and column count in the file itself; not in a PDF or web page,
        whose text kzfacts extracts (they count there, in the text read)."""
        return not read_through_extractor(self.path)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"file": self.path, "line": self.line, "column": self.column}
        if self.end_line is not None:
            data.update(end_line=self.end_line, end_column=self.end_column)
        return data


def locate(path: str, text: str, start: int, end: int | None = None) -> Location:
    """The 1-based line and column of character offsets `start` (and `end`) in `text`."""
    from kzfacts.text.normalize import line_and_column  # its patterns compile only when needed

    line, column = line_and_column(text, start)
    if end is None:
        return Location(path, line, column)
    return Location(path, line, column, *line_and_column(text, end))


@dataclass(frozen=True)
class Finding:
    code: Code
    message: str
    fact: str | None = None
    source: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    location: Location | None = None

    @property
    def severity(self) -> Severity:
        return SEVERITY[self.code]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code.value,
            "severity": self.severity.value,
            "fact": self.fact,
            "source": self.source,
            "message": self.message,
            **(self.location.to_dict() if self.location else {}),
            **self.detail,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, default=str)


def summarize(findings: list[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for finding in findings:
        counts[finding.severity.value] += 1
    return counts


def worst_at_or_above(findings: list[Finding], threshold: Severity) -> bool:
    return any(f.severity.rank >= threshold.rank for f in findings)
