"""The facts of an audit whose quotes stand where they were anchored, in the same text: checked
by the audit's own process while the workers search for the others' quotes. Most stand exactly
as the audit that wrote their row left them, and are told from the row itself
(`stands_as_stored`); the others are checked as a worker checks a fact (`check_source_batch`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kzfacts.checks.batch import check_source_batch, standing_key
from kzfacts.checks.fact import FactInput, FactResult, SourceContext, StoredCheck
from kzfacts.checks.subjects import EntityCatalog
from kzfacts.services.audit.state import SourceState, cleared, hint
from kzfacts.services.audit.workers import Batch
from kzfacts.text.anchor import Verdict


def source_context(value_type: str | None, source: Any, max_gap: int) -> SourceContext:
    """What the check of a fact reads of its source (its row) and of its predicate
    (`value_type`): one object for every fact of a source and predicate."""
    return SourceContext(
        value_type, source.published, source.published_precision, source.covers, max_gap
    )


def fact_input(row: Any) -> FactInput:
    """The fact as stated, from its row (the audit's columns)."""
    return FactInput(
        row.id, row.source_id, row.subject, row.predicate, row.value, row.quote,
        as_of=row.as_of, entity=row.entity_id,
    )  # fmt: skip


def stored_check(row: Any, previous: dict[str, str], max_gap: int) -> StoredCheck:
    """What the last check of the fact left on its row; `previous`: the texts its anchor may
    have been accepted in (`state.previous_texts`)."""
    return StoredCheck(
        hint(row), row.anchor_sha256, row.anchor_verdict, row.anchor_detail,
        row.anchor_quote_sha256, row.support_key, cleared(row, previous, max_gap),
    )  # fmt: skip


_EXACT = Verdict.EXACT.value
"""Read once: an enum member's value is a property, read for each of the audit's facts."""


def stands_as_stored(
    row: Any, context: SourceContext, text: str, sha256: str, catalog: EntityCatalog
) -> bool:
    """Whether the fact of this row, whose quote stands unchanged (`quote_stands`), stands
    exactly as the audit that wrote the row left it: its quote accepted exactly, and its value
    check's key the stored one, character for character (`standing_key`). Then its check finds
    nothing and changes nothing of its row, and none of it is built."""
    if row.anchor_verdict != _EXACT:
        return False
    key = standing_key(
        row.quote, row.value, row.predicate, row.entity_id, row.subject, row.as_of, context,
        row.support_key, (row.position_start, row.position_end), text, sha256, catalog,
    )  # fmt: skip
    return key is not None and key == row.support_key


class StandingFacts:
    """The rows of the facts whose quotes stand, by source (`add`), and what checking them
    found (`check`): the facts told from their rows or told by a worker (`stayed`), and the
    batches of the others with their results, in the order the workers' batches would give
    them."""

    def __init__(self, states: dict[str, SourceState], max_gap: int) -> None:
        self.states = states
        self.max_gap = max_gap
        self.rows: dict[str, list[tuple[Any, SourceContext]]] = defaultdict(list)
        self.stayed: dict[str, list[str]] = defaultdict(list)
        self.batches: dict[str, Batch] = {}
        self.results: list[FactResult] = []
        self.stayed_elsewhere: dict[str, list[str]] = {}  # told by a worker (`shares`)
        self._checked: set[str] = set()

    def __len__(self) -> int:
        return sum(map(len, self.rows.values())) + sum(map(len, self.stayed_elsewhere.values()))

    @property
    def sources(self) -> set[str]:
        """The sources of the facts told here or by a worker."""
        return self.rows.keys() | self.stayed_elsewhere.keys()

    def add(self, row: Any, context: SourceContext) -> None:
        self.rows[row.source_id].append((row, context))

    def told_elsewhere(self, told: dict[str, list[str]]) -> None:
        """Take the facts a worker told standing as stored, by source (`StandingShare.taken`),
        none of which is added here."""
        self.stayed_elsewhere = told
        for source_id, facts in told.items():
            self.stayed[source_id] += facts

    def check(self, catalog: EntityCatalog, previous: dict[str, str]) -> None:
        """Tell each fact not yet checked from its row, else check it (source by source, in the
        sources' order, as the batches of the audit run); `previous`: the texts their anchors
        may have been accepted in (`state.previous_texts`)."""
        for source_id in sorted(self.rows.keys() - self._checked):
            self._checked.add(source_id)
            state = self.states[source_id]
            text, sha256 = state.text or "", state.sha256 or ""
            batch = Batch()
            for row, context in self.rows[source_id]:
                if stands_as_stored(row, context, text, sha256, catalog):
                    self.stayed[source_id].append(row.id)
                    continue
                batch.facts.append(fact_input(row))
                batch.sources.append(context)
                batch.stored.append(stored_check(row, previous, self.max_gap))
            if batch:
                self.batches[source_id] = batch
                self.results += check_source_batch(
                    text, sha256, batch.facts, batch.sources, batch.stored, catalog, stand=True
                )
