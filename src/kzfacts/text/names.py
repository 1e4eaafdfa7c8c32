"""Entity-name resolution across transliterations.

The sources spell one person several ways (Evgeniy/Yevgeniy Zhovtis, Nazarbaev/Nazarbayev,
Zharmahan Tuyakbai/Zharmakhan Tuyakbay), and some write names in Cyrillic. Two different
people, meanwhile, often share a given name (Yevgeniy Tankov, Evgeniy Zhovtis). So names are
compared part by part on a romanisation-folded key: every part of the shorter name must pair
with a part of the longer one, and the weakest pair sets the score. A whole-string similarity
cannot do this -- "Aleksandr Kim" and "Aleksandr Kin" are 92% alike as strings yet are two
surnames; "Nazarbaev" is 90% (WRatio) like "Notnursultan Notabishevich Notnazarbaev".

Nothing here guesses: exact alias hits win, close rivals make the answer "ambiguous", and
anything below the threshold is "new" (with the near misses an editor may have meant). A
partial name -- a surname alone, a first name alone, initials with a surname -- resolves
only when exactly one entity fits it, and a name with a given name or initial never matches a
bare surname: "Dmitry Kozlov" and "D. Kozlov" are not Vladimir Kozlov, whose surname "Kozlov"
(a separate lookup of surnames, never an alias) finds him only while he is the only Kozlov.

The folding lives in `text.transliteration` and the parts of a name and their pairing score in
`text.name_parts`; this module owns the index of candidate names and the resolution of a name.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from kzfacts.text.name_parts import NamePart, is_partial, name_parts, pair_score

__all__ = [
    "NameCandidate",
    "NameIndex",
    "NameMatch",
    "Resolution",
    "is_partial_name",
    "probable_duplicates",
    "resolve_name",
]

NEAR_MISS_SPAN = 20.0
"""How far below the threshold a match still counts as a near miss worth showing."""

MAX_ALTERNATIVES = 5


def is_partial_name(name: str) -> bool:
    """A surname alone, a first name alone, or initials (with at most one written-out name):
    never recorded as an alias automatically, resolved only when one entity fits."""
    return is_partial(name_parts(name))


def _exact_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


# --------------------------------------------------------------------------------------------
# Public value types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameCandidate:
    """An entity as the resolver sees it: its id, canonical name and aliases, and surnames
    that may stand alone for it (only when no other entity fits them)."""

    entity_id: str
    names: tuple[str, ...]
    surnames: tuple[str, ...] = ()


@dataclass(frozen=True)
class NameMatch:
    """One entity's best-scoring name against the name being resolved (score 0-100)."""

    entity_id: str
    matched_name: str
    score: float
    exact: bool


@dataclass(frozen=True)
class Resolution:
    """Outcome of resolving one name.

    `match` is set only for "exact" and "fuzzy". `alternatives` holds the close rivals of an
    "ambiguous" answer, or the near misses of a "new" one, best first, at most five.
    `partial`: the name was a surname, first name or initials alone (never kept as an alias).
    """

    kind: Literal["exact", "fuzzy", "ambiguous", "new"]
    match: NameMatch | None
    alternatives: tuple[NameMatch, ...]
    partial: bool = False


# --------------------------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    entity: int  # position of the entity in first-seen order
    name: str
    exact_key: str
    parts: tuple[NamePart, ...]
    vocab: tuple[int, ...]  # vocabulary index per part, -1 for an initial
    surname: bool = False  # from the surname lookup: matches only partial names


def _check_limits(threshold: float, margin: float) -> None:
    if not 0.0 <= threshold <= 100.0:
        raise ValueError(f"threshold must be between 0 and 100, got {threshold}")
    if margin < 0.0:
        raise ValueError(f"margin must not be negative, got {margin}")


class NameIndex:
    """Candidates folded once, for resolving many names against them.

    Fuzzy search first finds, with one rapidfuzz scan of the distinct folded name parts per
    part of the query, the entries sharing a close part; only those are scored in full. Names
    are folded into parts at the first fuzzy search: a subject that is exactly a known name
    (most of `fact add`) is resolved without folding them.
    """

    def __init__(self, candidates: Iterable[NameCandidate]) -> None:
        self._entity_ids: list[str] = []
        self._entity_pos: dict[str, int] = {}
        self._entries: list[_Entry] = []
        self._unfolded: list[tuple[int, str, str, bool]] = []  # (entity, name, key, surname)
        self._exact: dict[str, list[tuple[int, str]]] = {}  # (entity, name) by exact key
        self._vocab: list[str] = []
        self._vocab_pos: dict[str, int] = {}
        self._postings: list[list[int]] = []  # entries having the part at all
        self._anchors: list[list[int]] = []  # entries whose pairing must use the part
        self._seen: set[tuple[int, str]] = set()
        self._by_length: dict[int, tuple[list[str], list[int]]] = {}
        for candidate in candidates:
            self.add(candidate)

    def add(self, candidate: NameCandidate) -> None:
        """Index more names (a new entity, or another spelling of a known one) in place: an
        import creating thousands of entities must not rebuild the index for each."""
        entity = self._entity_pos.setdefault(candidate.entity_id, len(self._entity_ids))
        if entity == len(self._entity_ids):
            self._entity_ids.append(candidate.entity_id)
        names = [(n, False) for n in candidate.names]
        names += [(n, True) for n in candidate.surnames]
        for name, surname in names:
            exact_key = _exact_key(name)
            if not exact_key or (entity, exact_key) in self._seen:
                continue
            self._seen.add((entity, exact_key))
            if not surname:
                self._exact.setdefault(exact_key, []).append((entity, name))
            self._unfolded.append((entity, name, exact_key, surname))

    def _fold(self) -> None:
        """Fold the names added since the last fuzzy search into parts and index them."""
        for entity, name, exact_key, surname in self._unfolded:
            parts = name_parts(name)
            vocab: list[int] = []
            for part in parts:
                if part.initial:
                    vocab.append(-1)
                    continue
                pos = self._vocab_pos.setdefault(part.key, len(self._vocab))
                if pos == len(self._vocab):
                    self._vocab.append(part.key)
                    self._postings.append([])
                    self._anchors.append([])
                    words, positions = self._by_length.setdefault(len(part.key), ([], []))
                    words.append(part.key)
                    positions.append(pos)
                vocab.append(pos)
            index = len(self._entries)
            self._entries.append(
                _Entry(
                    entity=entity,
                    name=name,
                    exact_key=exact_key,
                    parts=parts,
                    vocab=tuple(vocab),
                    surname=surname,
                )
            )
            full = sorted(set(vocab) - {-1})
            for pos in full:
                self._postings[pos].append(index)
            # A pairing always uses the longer name's last part (see pair_score), so that
            # part is the name's anchor; a name with initials anchors on all its written-out
            # parts, since a query may pair them with its own initials.
            for pos in full if -1 in vocab else vocab[-1:]:
                self._anchors[pos].append(index)
        self._unfolded.clear()

    def __len__(self) -> int:
        return len(self._entity_ids)

    def resolve(self, name: str, *, threshold: float = 90.0, margin: float = 4.0) -> Resolution:
        """Resolve `name` to one entity, or say why not (ambiguous, new)."""
        _check_limits(threshold, margin)
        exact = self._exact_matches(name)
        if len(exact) == 1:
            return Resolution("exact", exact[0], ())
        if exact:
            return Resolution("ambiguous", None, tuple(exact[:MAX_ALTERNATIVES]))

        floor = max(0.0, threshold - NEAR_MISS_SPAN)
        query = name_parts(name)
        partial = is_partial(query)
        ranked = self._best_per_entity(self._scored(query, floor))
        if not ranked or ranked[0].score < threshold:
            return Resolution("new", None, tuple(ranked[:MAX_ALTERNATIVES]), partial)
        best = ranked[0]
        if partial:
            # A partial name fits every entity it reaches: resolved only when that is one.
            fits = [m for m in ranked if m.score >= threshold]
            if len(fits) == 1:
                return Resolution("fuzzy", best, (), True)
            return Resolution("ambiguous", None, tuple(fits[:MAX_ALTERNATIVES]), True)
        # A runner-up within the margin makes the answer ambiguous even if it is itself just
        # under the threshold: "fuzzy" means clearly ahead, and guessing merges people.
        close = [m for m in ranked if best.score - m.score < margin]
        if len(close) == 1:
            return Resolution("fuzzy", best, ())
        return Resolution("ambiguous", None, tuple(close[:MAX_ALTERNATIVES]))

    def probable_duplicates(self, *, threshold: float = 92.0) -> list[tuple[NameMatch, NameMatch]]:
        """Pairs of distinct entities with names scoring at least `threshold` against each
        other, best first; each pair once, the entity given first in the input on the left."""
        _check_limits(threshold, 0.0)
        self._fold()
        best: dict[tuple[int, int], tuple[float, bool, _Entry, _Entry]] = {}
        part_hits: dict[str, dict[int, float]] = {}
        for left in self._entries:
            if left.surname:  # two people may share a surname
                continue
            for right, score in self._scored(left.parts, threshold, part_hits):
                if right.entity == left.entity or right.surname or score < threshold:
                    continue
                a, b = (left, right) if left.entity < right.entity else (right, left)
                exact = a.exact_key == b.exact_key
                key = (a.entity, b.entity)
                if key not in best or (score, exact) > best[key][:2]:
                    best[key] = (score, exact, a, b)
        ordered = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        return [
            (
                NameMatch(self._entity_ids[a.entity], a.name, score, exact),
                NameMatch(self._entity_ids[b.entity], b.name, score, exact),
            )
            for _, (score, exact, a, b) in ordered
        ]

    # -- internals ---------------------------------------------------------------------------

    def _exact_matches(self, name: str) -> list[NameMatch]:
        return [
            NameMatch(self._entity_ids[entity], written, 100.0, True)
            for entity, written in self._exact.get(_exact_key(name), ())
        ]

    def _best_per_entity(self, scored: Iterable[tuple[_Entry, float]]) -> list[NameMatch]:
        best: dict[int, tuple[float, _Entry]] = {}
        for entry, score in scored:
            if entry.entity not in best or score > best[entry.entity][0]:
                best[entry.entity] = (score, entry)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        return [
            NameMatch(self._entity_ids[entity], entry.name, score, False)
            for entity, (score, entry) in ranked
        ]

    def _scored(
        self,
        query: tuple[NamePart, ...],
        floor: float,
        cache: dict[str, dict[int, float]] | None = None,
    ) -> list[tuple[_Entry, float]]:
        """Entries scoring at least `floor` against `query`.

        A score is never above any of its pairs of full parts, so the vocabulary scan with
        `floor` as cut-off finds every part an entry reaching `floor` can pair.
        """
        self._fold()
        full = [p for p in query if not p.initial]
        if not full or not self._vocab:
            return []
        hits = [self._similar_parts(part.key, floor, cache) for part in full]

        # Which entries can pair up with the query at all. An entry at least as long as the
        # query pairs its last part, a shorter one pairs the query's last part; in either
        # case with a full part of the other name, or else the entry holds initials and is
        # anchored on every full part. A query with initials is compared with every entry
        # sharing any part (they are rare, and their full parts mostly surnames).
        entries: set[int] = set()
        if len(full) < len(query):
            for found in hits:
                for pos in found:
                    entries.update(self._postings[pos])
        else:
            for found in hits:
                for pos in found:
                    entries.update(self._anchors[pos])
            for pos in hits[-1]:
                entries.update(
                    i for i in self._postings[pos] if len(self._entries[i].parts) < len(query)
                )

        partial = is_partial(query)
        whole = len(full) == len(query)  # no initials in the query
        results: list[tuple[_Entry, float]] = []
        for index in sorted(entries):
            entry = self._entries[index]
            if entry.surname and not partial:
                continue
            if floor > 0 and whole and -1 not in entry.vocab and not _can_pair(entry, hits):
                continue
            score = pair_score(query, entry.parts, entry.vocab, hits)
            if score >= floor:
                results.append((entry, score))
        return results

    def _similar_parts(
        self, key: str, floor: float, cache: dict[str, dict[int, float]] | None
    ) -> dict[int, float]:
        """Vocabulary positions of the parts at least `floor`-similar to `key`, with scores.

        Only lengths that can reach `floor` are scanned: the ratio is 100 * (1 - d / (a + b))
        for an edit distance d of at least |a - b|, so a high cut-off (duplicate search)
        skips most of the vocabulary.
        """
        from rapidfuzz import fuzz, process  # loads on the fuzzy path only

        if cache is not None and key in cache:
            return cache[key]
        slack = 1.0 - floor / 100.0
        shortest = len(key) * (1.0 - slack) / (1.0 + slack) - 1.0
        longest = len(key) * (1.0 + slack) / (1.0 - slack) + 1.0 if slack < 1.0 else math.inf
        found: dict[int, float] = {}
        for length, (words, positions) in self._by_length.items():
            if shortest <= length <= longest:
                for _, score, i in process.extract(
                    key, words, scorer=fuzz.ratio, score_cutoff=floor, limit=None
                ):
                    found[positions[i]] = score
        if cache is not None:
            cache[key] = found
        return found


# --------------------------------------------------------------------------------------------
# Convenience wrappers
# --------------------------------------------------------------------------------------------


def resolve_name(
    name: str,
    candidates: Sequence[NameCandidate],
    *,
    threshold: float = 90.0,
    margin: float = 4.0,
) -> Resolution:
    """Resolve one name against `candidates`.

    Callers that resolve many names should keep a `NameIndex`; this wrapper keeps the last
    few indexes, so repeated calls with the same candidates skip rebuilding (folding 10,000
    names costs about 0.3 s, a resolution about 1-2 ms).
    """
    return _index_for(candidates).resolve(name, threshold=threshold, margin=margin)


def probable_duplicates(
    candidates: Sequence[NameCandidate], *, threshold: float = 92.0
) -> list[tuple[NameMatch, NameMatch]]:
    """Pairs of distinct entities whose names probably denote the same person or organisation
    (for duplicate-entity warnings), best first."""
    return _index_for(candidates).probable_duplicates(threshold=threshold)


def _index_for(candidates: Sequence[NameCandidate]) -> NameIndex:
    frozen = tuple(candidates)
    try:
        return _cached_index(frozen)
    except TypeError:  # unhashable, e.g. names given as a list: index without the cache
        return NameIndex(frozen)


@functools.lru_cache(maxsize=4)
def _cached_index(candidates: tuple[NameCandidate, ...]) -> NameIndex:
    return NameIndex(candidates)


def _can_pair(entry: _Entry, hits: list[dict[int, float]]) -> bool:
    """Whether every pair a pairing of two names without initials needs can score above 0: a
    pair missing from `hits` scores 0, and the weakest pair bounds the score (`pair_score`).
    Most candidates sharing a surname fail here, before the costly pairing."""
    needed = min(len(hits), len(entry.vocab))
    query_paired = sum(1 for found in hits if any(v in found for v in entry.vocab))
    if query_paired < needed:
        return False
    return sum(1 for v in entry.vocab if any(v in found for found in hits)) >= needed
