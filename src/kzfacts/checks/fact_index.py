"""The fact index: the facts a draft is checked against, indexed once.

Owns `FactBase` (facts by id, entities by folded name parts, values by entity, type and unit in
interval tiers), the lookups a draft check makes of it (a cited id, the closest ids to a
mistyped one, facts to suggest for an unsourced claim) and the records it is built from. Pure.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import NamedTuple, Protocol

from rapidfuzz import process

from kzfacts.checks.fact_ids import INDEX_AT, IdIndex
from kzfacts.checks.suggestion_index import (
    NAME_STOPWORDS,
    PARENTHESES,
    Interval,
    Intervals,
    NameKey,
    Overlaps,
    best_facts,
    name_score,
)
from kzfacts.text.transliteration import fold_name
from kzfacts.values import STATUS_NAMES, Value, ValueType, canonical_status

MAX_SUGGESTIONS = 3
MAX_ID_LOOKUPS = 50
ID_CUTOFF = 80.0
"""Least score (0-100) of an id offered for an unknown one."""
COMMON_PART = 500
"""A name part shared by more entities than this (a common given name, "Kazakhstan") finds
no candidates on its own: they must be found by a rarer part, or by a surname."""
SUGGESTION_CUTOFF = 60.0
"""Least entity score (0-100) for a suggestion: most of the entity's name is in the sentence,
or a person's surname is."""

# A date without a year in a draft has no publication date to take one from. Claims are found


class FactRow(Protocol):
    """A stored fact as the draft check reads it: a row of the fact table (`Fact`) with these
    columns (read only: a named tuple will do). A hundred thousand are loaded at once, so the
    rows are taken as they come."""

    @property
    def id(self) -> str: ...
    @property
    def entity_id(self) -> str | None: ...
    @property
    def predicate(self) -> str: ...
    @property
    def value(self) -> str: ...
    @property
    def value_low(self) -> float | None: ...
    @property
    def value_high(self) -> float | None: ...
    @property
    def value_unit(self) -> str | None: ...
    @property
    def value_category(self) -> str | None: ...
    @property
    def quote(self) -> str | None: ...
    @property
    def source_id(self) -> str | None: ...


class EntityRecord(NamedTuple):
    id: str
    kind: str
    names: tuple[str, ...]  # the canonical name first, then the aliases


@dataclass(frozen=True)
class Suggestion:
    fact: str
    entity: str
    value: str
    predicate: str
    score: float

    def describe(self) -> str:
        return f"[@{self.fact}] ({self.entity}: {self.predicate} {self.value})"


_ID = attrgetter("id")
_INTERVAL_FIELDS = attrgetter(
    "entity_id", "predicate", "value_unit", "value_low", "value_high", "id"
)
"""What a fact's value interval is read from, at once (100,000 facts are read)."""


class FactBase:
    """Every fact, indexed once: by id, by entity name parts, by entity + type + value.

    `broken` maps a fact id to the codes of the error findings the last audit reported on it;
    `removed` maps a removed fact's id to the reason it was removed.
    """

    def __init__(
        self,
        facts: Iterable[FactRow],
        entities: Iterable[EntityRecord] = (),
        broken: Mapping[str, Sequence[str]] | None = None,
        audit_run: int | None = None,
        removed: Mapping[str, str] | None = None,
        *,
        value_types: Mapping[str, str | None] | None = None,
        published: Mapping[str, date | None] | None = None,
    ) -> None:
        rows = facts if isinstance(facts, list) else list(facts)
        self.facts: dict[str, FactRow] = dict(zip(map(_ID, rows), rows, strict=True))
        self.value_types: dict[str, str | None] = dict(value_types or {})
        """Each predicate's value type (None: values of it are not compared)."""
        self.published: dict[str, date | None] = dict(published or {})
        """Each source's publication date: the year a yearless date in a draft is read in."""
        self.removed: dict[str, str] = dict(removed or {})
        self.entities: dict[str, EntityRecord] = {e.id: e for e in entities}
        self.broken: dict[str, tuple[str, ...]] = {
            k: tuple(sorted(set(v))) for k, v in (broken or {}).items()
        }
        self.audit_run = audit_run
        self._values: dict[str, Value | None] = {}
        self._by_kind: dict[tuple[str, str], Intervals] | None = None
        """(type, unit) → every entity's values of it: a claim's overlapping values are found
        once, those of the candidate entities kept as they are found (fewer bisects than one
        index per entity)."""
        self._parts: dict[str, set[str]] | None = None
        self._decisive: dict[str, set[str]] = {}
        self._candidates: dict[str, frozenset[str]] = {}
        """Name part → the entities with values it finds (decisive, or not too common)."""
        self._name_keys: dict[str, tuple[NameKey, ...]] = {}
        self._folded: dict[str, str] = {}
        self._word_parts: dict[str, tuple[str, ...]] = {}
        """A name's word → its significant folded parts (none for a stopword): names share
        words (given names, "Kazakhstan"), each read once."""
        self._closest: dict[str, list[str]] = {}
        self._ids: IdIndex | None = None
        self._supplied: Callable[[], Mapping[str, list[tuple[str, float]]]] | None = None
        self._supply: Mapping[str, list[tuple[str, float]]] | None = None

    def __len__(self) -> int:
        return len(self.facts)

    def get(self, fact_id: str) -> FactRow | None:
        return self.facts.get(fact_id)

    def entity_name(self, fact: FactRow) -> str:
        entity = self.entities.get(fact.entity_id or "")
        return entity.names[0] if entity and entity.names else (fact.entity_id or "?")

    def value(self, fact_id: str) -> Value | None:
        """The fact's value as stored (open bounds are NULL); None when it cannot be compared."""
        if fact_id not in self._values:
            self._values[fact_id] = self._value(self.facts[fact_id])
        return self._values[fact_id]

    def _value(self, fact: FactRow) -> Value | None:
        try:
            value_type = ValueType(self.value_types.get(fact.predicate) or "")
        except ValueError:
            return None
        if value_type is ValueType.STATUS:
            category = fact.value_category or canonical_status(fact.value)
            if category is None:
                return None
            index = float(STATUS_NAMES.index(category)) if category in STATUS_NAMES else 0.0
            return Value(value_type, index, index, fact.value, "status", category=category)
        if not fact.value_unit or (fact.value_low is None and fact.value_high is None):
            return None
        low = -math.inf if fact.value_low is None else fact.value_low
        high = math.inf if fact.value_high is None else fact.value_high
        return Value(value_type, low, high, fact.value, fact.value_unit)

    # -- unknown ids ---------------------------------------------------------------------------

    def unknown(self, keys: Iterable[str]) -> list[str]:
        """The distinct keys, in order, that `closest_ids` would look up (neither facts nor
        removed facts, not looked up yet, within `MAX_ID_LOOKUPS`)."""
        fresh = (k for k in dict.fromkeys(keys) if k not in self._closest)
        wanted = [k for k in fresh if k not in self.facts and k not in self.removed]
        return wanted[: max(0, MAX_ID_LOOKUPS - len(self._closest))]

    def expect_unknown(self, keys: Iterable[str]) -> None:
        """Unknown ids about to be looked up (`closest_ids`): when they are many, the ids are
        indexed first (`checks.fact_ids.INDEX_AT`), unless another process looks them up."""
        if self._supplied is None and len(self.unknown(keys)) >= INDEX_AT:
            ids = self._id_index()
            if not ids.indexed:
                ids.index(self.unknown(keys))

    def closest_from(self, supply: Callable[[], Mapping[str, list[tuple[str, float]]]]) -> None:
        """Take the ids closest to unknown keys from `supply` (`closest_ids_of`, run elsewhere
        on these facts' ids in their order), called when first needed; a key it lacks is
        looked up here."""
        self._supplied = supply

    def closest_ids(self, key: str) -> list[str]:
        """Fact ids most like a mistyped or shortened one ("zhanaozen-death-toll").

        rapidfuzz's token_set_ratio of the ids' words (`checks.fact_ids`), cached per key;
        after `MAX_ID_LOOKUPS` distinct unknown keys no more are looked up, so a draft citing
        another database stays fast.
        """
        if key not in self._closest:
            if len(self._closest) >= MAX_ID_LOOKUPS:
                return []
            if self._supplied is not None and self._supply is None:
                self._supply = self._supplied()
            found = (self._supply or {}).get(key)
            if found is None:
                found = self._id_index().closest(key, MAX_SUGGESTIONS, ID_CUTOFF)
            best = found[0][1] if found else 0.0
            self._closest[key] = [i for i, score in found if score >= best - 5]
        return self._closest[key]

    def _id_index(self) -> IdIndex:
        if self._ids is None:
            self._ids = IdIndex(list(self.facts))
        return self._ids

    # -- suggestions ---------------------------------------------------------------------------

    def _fold(self, word: str) -> str:
        folded = self._folded.get(word)
        if folded is None:
            folded = self._folded[word] = fold_name(word)
        return folded

    def _name_words(self, name: str) -> tuple[list[str], frozenset[str]]:
        """A name's words (outside parentheses) and its significant folded parts."""
        words = (PARENTHESES.sub(" ", name) if "(" in name else name).split()
        parts = self._word_parts
        for word in words:
            if word not in parts:
                significant = word.lower().strip(".,'’") not in NAME_STOPWORDS
                folded = self._fold(word).split() if significant else ()
                parts[word] = tuple(p for p in folded if len(p) > 1 or p.isdigit())
        return words, frozenset(p for word in words for p in parts[word])

    def _build(self) -> None:
        """Name parts → entities, and (type, unit) → values: built on first use."""
        self._parts = defaultdict(set)
        self._decisive = defaultdict(set)
        for entity in self.entities.values():
            keys: list[NameKey] = []
            person = entity.kind == "person"
            for name in entity.names:
                words, parts = self._name_words(name)
                if not parts:
                    continue
                folded = self._fold(words[-1]).split() if person else ()
                surname = folded[-1] if folded else ""
                keys.append((parts, surname if surname in parts else ""))
                for part in parts:
                    self._parts[part].add(entity.id)
                if len(parts) == 1:
                    self._decisive[next(iter(parts))].add(entity.id)
                elif surname in parts:
                    self._decisive[surname].add(entity.id)
            self._name_keys[entity.id] = tuple(keys)
        grouped: dict[tuple[str, str], list[Interval]] = defaultdict(list)
        owners: dict[str, str] = {}  # entities with a value of some (type, unit), each once
        no_intervals = (None, ValueType.STATUS.value)  # the enum's lookup, once
        types = self.value_types
        for entity_id, predicate, unit, low, high, fact_id in map(
            _INTERVAL_FIELDS, self.facts.values()
        ):
            value_type = types.get(predicate)
            if (
                entity_id is None
                or not unit
                or value_type in no_intervals
                or (low is None and high is None)
            ):
                continue
            entity_id = owners.setdefault(entity_id, entity_id)  # one string: `Intervals`
            grouped[(value_type or "", unit)].append(
                (
                    -math.inf if low is None else low,
                    math.inf if high is None else high,
                    fact_id,
                    entity_id,
                )
            )
        self._by_kind = {kind: Intervals(items) for kind, items in grouped.items()}
        valued = set(owners)
        no_entities: frozenset[str] = frozenset()
        for part, sharing in self._parts.items():
            found = valued.intersection(sharing if len(sharing) <= COMMON_PART else no_entities)
            found.update(valued.intersection(self._decisive.get(part, no_entities)))
            if found:
                self._candidates[part] = frozenset(found)

    def _overlapping(
        self, entities: Collection[str], claims: Sequence[Value]
    ) -> dict[str, Overlaps]:
        """The entities' facts whose value a claim overlaps (of its type and unit), by entity:
        each fact's bounds and its (type, unit)."""
        assert self._by_kind is not None
        by_kind = self._by_kind
        facts: dict[str, Overlaps] = {}
        for claim in claims:
            kind = (claim.type.value, claim.unit)
            index = by_kind.get(kind)
            if index is not None:
                for low, high, fact_id, entity_id in index.overlapping(
                    claim.low, claim.high, entities
                ):
                    facts.setdefault(entity_id, {})[fact_id] = (low, high, kind)
        return facts

    def suggest(self, sentence: str, claims: Sequence[Value]) -> list[Suggestion]:
        """Up to three facts whose entity the sentence names and whose value a claim overlaps."""
        if self._by_kind is None or self._parts is None:
            self._build()
        assert self._by_kind is not None and self._parts is not None
        words = frozenset(
            part
            for w in re.findall(r"[^\W_]+", sentence)
            if w.lower() not in NAME_STOPWORDS
            for part in self._fold(w).split()
        )
        claims = [c for c in claims if not c.year_inferred]
        if not claims:
            return []
        candidates = set().union(*(self._candidates.get(word, ()) for word in words))
        facts = self._overlapping(candidates, claims)
        if not facts:
            return []
        held: dict[str, bool] = {}
        ranked = process.extract(
            tuple(sorted(words)),
            {entity_id: self._name_keys.get(entity_id, ()) for entity_id in facts},
            scorer=name_score,
            processor=None,
            limit=None,
            score_cutoff=SUGGESTION_CUTOFF,
            scorer_kwargs={"held": held},
        )
        best = best_facts(ranked, facts, claims, MAX_SUGGESTIONS)
        out: list[Suggestion] = []
        for score, fact_id in best:
            fact = self.facts[fact_id]
            out.append(
                Suggestion(fact_id, self.entity_name(fact), fact.value, fact.predicate, score)
            )
        return out


def closest_ids_of(ids: list[str], keys: list[str]) -> dict[str, list[tuple[str, float]]]:
    """Each key's closest ids and their scores, as `FactBase.closest_ids` finds them among
    `ids` (a base's facts, in their order): what another process computes for `closest_from`."""
    index = IdIndex(ids)
    if len(keys) >= INDEX_AT:
        index.index(keys)
    return {key: index.closest(key, MAX_SUGGESTIONS, ID_CUTOFF) for key in keys}


# --------------------------------------------------------------------------------------------
# The check
# --------------------------------------------------------------------------------------------
