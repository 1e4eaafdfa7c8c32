"""The shapes a fact takes in verification: the fact as stated (`FactInput`), the context it
is verified in (`SourceContext`, `StoredCheck`) and the verified result (`FactResult`). The
third shape, the stored row, is `kzfacts.store.models.Fact`."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from kzfacts.checks.findings import Finding, Severity
from kzfacts.checks.values import Evidence
from kzfacts.text.anchor import Anchor
from kzfacts.text.edges import Surroundings
from kzfacts.text.limits import MAX_GAP
from kzfacts.values import Value


@dataclass(frozen=True, slots=True)
class FactInput:
    """A fact as stated: by an editor (a command line, one record of an import file) or as it
    is stored. `entity` is the entity's id (None: the subject is not checked); `source` and
    `quote` are empty for a stored fact that has none."""

    id: str
    source: str
    subject: str
    predicate: str
    value: str
    quote: str
    as_of: str | None = None
    note: str | None = None
    supersedes: str | None = None
    entity: str | None = None
    new_entity: bool = False
    event: str | None = None


@dataclass(frozen=True, slots=True)
class SourceContext:
    """What the source says about itself and how the predicate's value is read from it."""

    value_type: str | None  # of the predicate; None: unknown predicate, value not checked
    published: date | None = None
    precision: str | None = None  # of `published`: day, month or year
    covers: str | None = None  # the period the source reports on
    max_gap: int = MAX_GAP  # how far apart the fragments of an elided quote may stand


@dataclass(frozen=True, slots=True)
class StoredCheck:
    """What the last verification of a stored fact left: its anchor and its support key."""

    hint: Anchor | None
    anchor_sha256: str | None
    anchor_verdict: str | None
    anchor_detail: str | None
    anchor_quote_sha256: str | None = None
    support_key: str | None = None
    cleared: Surroundings | None = None
    """The anchor's surroundings (`edges.surroundings`) in the text it was accepted in,
    when that text changed since: set only for an accepted anchor under the same quote rules."""


NOT_STORED = StoredCheck(None, None, None, None)
"""A fact never verified before (a new one): nothing to reuse."""


@dataclass(frozen=True)
class Part:
    """One part of a fact's verification: what the source was found to say, and the findings."""

    name: str  # time, quote, boundaries, value, subject
    found: str
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class FactResult:
    """A fact as verified: the fact as stated, and what its source was found to say of it.
    A write's result (`FactDB.add_fact`, …) says what the write decided, too: `fact.entity` is
    the entity the subject resolved to, `line`, `page`, `last_page` and `messages` are set."""

    fact: FactInput
    findings: tuple[Finding, ...]
    anchor: Anchor | None = None  # set when the stored anchor must change
    verdict: str | None = None
    detail: str | None = None
    not_found: bool = False
    support_key: str | None = None  # set when the value was found supported
    parts: tuple[Part, ...] = ()
    value: Value | None = None  # the parsed value, when it could be read
    position: tuple[int, int] | None = None  # where the quote stands now, when it does
    evidence: Evidence | None = None  # what the value was read from, when it was checked
    line: int | None = None  # where the quote stands, once a writer accepted the fact
    page: int | None = None  # in a PDF: where the quote begins
    last_page: int | None = None  # and where it ends (the next page, for a quote across a break)
    messages: tuple[str, ...] = ()  # what accepting it did: entities created, aliases, notices
    valid_from: date = date.min  # when the fact holds, when known
    valid_to: date = date.max

    @property
    def id(self) -> str:
        return self.fact.id

    def placed(
        self, line: int, pages: tuple[int, int] | None, messages: tuple[str, ...]
    ) -> FactResult:
        """The result as a writer accepted it: where the quote stands (its first and last pages,
        in a PDF) and what accepting it did (`dataclasses.replace`, spelt out: an import makes
        one a fact)."""
        page, last_page = pages or (None, None)
        return FactResult(
            self.fact, self.findings, self.anchor, self.verdict, self.detail, self.not_found,
            self.support_key, self.parts, self.value, self.position, self.evidence, line, page,
            last_page, messages, self.valid_from, self.valid_to,
        )  # fmt: skip

    def noticed(self, message: str) -> FactResult:
        """The result with one more message of what accepting it did."""
        return replace(self, messages=(*self.messages, message))

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is not Severity.ERROR)

    def to_dict(self) -> dict[str, Any]:
        """The one JSON form of a result: verdict, where the quote stands, entity, value read,
        what accepting it did (`messages`), findings that are no error, what each part found."""
        start, end = self.position or (None, None)
        return {
            "id": self.id,
            "ok": not self.errors,
            "source": self.fact.source,
            "entity": self.fact.entity,
            "verdict": self.verdict,
            "start": start,
            "end": end,
            "line": self.line,
            "page": self.page,
            "last_page": self.last_page,
            "value": self.value.to_dict() if self.value else None,
            "messages": list(self.messages),
            "warnings": [w.to_dict() for w in self.warnings],
            "parts": [
                {"name": p.name, "found": p.found, "findings": [f.to_dict() for f in p.findings]}
                for p in self.parts
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, default=str)
