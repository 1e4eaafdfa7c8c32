"""The data an HTML report is made of: sources, facts with their quote status, entities.

Owns the report's plain dataclasses (a fact is its verified result, `checks.facts.FactResult`)
and the rule that turns a fact's findings into its quote status; `formats.html` turns them
into a page. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kzfacts.checks.fact import FactResult
from kzfacts.checks.findings import Code, Finding
from kzfacts.checks.subjects import EntityNames


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


def status_of(findings: Iterable[Finding]) -> QuoteStatus:
    """A fact's quote status from its audit findings (a contradiction names only its first
    side: it never changes a quote's status)."""
    return quote_status(f.code for f in findings if f.code is not Code.CONTRADICTION)


@dataclass(frozen=True)
class TimelineEntry:
    when: str
    fact: str


@dataclass(frozen=True)
class EntityDoc(EntityNames):
    """An entity's names, and its facts in the order of its timeline."""

    timeline: tuple[TimelineEntry, ...] = ()


@dataclass(frozen=True)
class ReportData:
    summary: dict[str, Any]
    findings: Sequence[Finding]
    sources: Sequence[SourceDoc]
    facts: Sequence[FactResult]  # each fact as stated, where its quote stands, its findings
    entities: Sequence[EntityDoc] = ()
    title: str = "kzfacts audit report"
