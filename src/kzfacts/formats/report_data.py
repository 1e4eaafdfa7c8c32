"""The data an HTML report is made of: sources, facts with their quote status, entities.

Owns the report's plain dataclasses and the rule that turns a fact's findings into its quote
status; `formats.html` turns them into a page. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kzfacts.checks.findings import Code, Finding


class QuoteStatus(StrEnum):
    """How a fact's quote stands in its source today (the class of its `<mark>`)."""

    OK = "ok"
    INEXACT = "inexact"
    BROKEN = "broken"


# Findings that mean the quote no longer stands, as quoted, in its own source.
BROKEN_CODES = frozenset(
    {
        Code.QUOTE_NOT_FOUND,
        Code.QUOTE_ALTERED,
        Code.QUOTE_AMBIGUOUS,
        Code.QUOTE_MISATTRIBUTED,
        Code.QUOTE_TOO_SHORT,
        Code.QUOTE_TOO_LONG,
        Code.QUOTE_ELISION_TOO_LONG,
        Code.SOURCE_MISSING,
        Code.UNSOURCED,
    }
)


def quote_status(codes: Iterable[Code]) -> QuoteStatus:
    """A fact's quote status from the codes of its findings (a value finding is not a quote's)."""
    found = set(codes)
    if found & BROKEN_CODES:
        return QuoteStatus.BROKEN
    if Code.QUOTE_INEXACT in found:
        return QuoteStatus.INEXACT
    return QuoteStatus.OK


@dataclass(frozen=True)
class SourceDoc:
    id: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    path: str | None = None
    url: str | None = None
    text: str | None = None  # None: the file cannot be read


@dataclass(frozen=True)
class FactDoc:
    """One fact; `start`/`end` are code-point offsets of its span in the source's current text,
    None when the quote cannot be placed there (not found, ambiguous, no source)."""

    id: str
    subject: str
    predicate: str
    value: str
    quote: str | None
    source: str | None
    start: int | None = None
    end: int | None = None
    status: QuoteStatus = QuoteStatus.OK
    entity: str | None = None
    supersedes: str | None = None
    as_of: str | None = None
    note: str | None = None
    page: int | None = None  # in a PDF source


@dataclass(frozen=True)
class TimelineEntry:
    when: str
    fact: str


@dataclass(frozen=True)
class EntityDoc:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()


@dataclass(frozen=True)
class ReportData:
    summary: dict[str, Any]
    findings: Sequence[Finding]
    sources: Sequence[SourceDoc]
    facts: Sequence[FactDoc]
    entities: Sequence[EntityDoc] = ()
    title: str = "kzfacts audit report"
