"""What a suggestion for an unsourced claim is found by: how much of an entity's name a
sentence holds, the values of one type and unit a claim overlaps (interval tiers), and how
near a claim comes to a fact's value. `checks.fact_index.FactBase.suggest` puts them
together. Pure.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from itertools import compress
from operator import ge, itemgetter

from rapidfuzz import fuzz, process

from kzfacts.values import Value

ONE_TIER = 64
"""Values of a type and unit below which `Intervals` makes one tier."""

NAME_STOPWORDS = frozenset((
    "the", "of", "and", "for", "in", "on", "at", "to", "a", "an", "by", "with", "its", "his",
    "her", "their", "from", "against", "after", "before", "de", "del", "la", "le", "von", "van",
    "mr", "mrs", "ms", "dr", "president",
))  # fmt: skip
PARENTHESES = re.compile(r"\([^()]*\)")


Interval = tuple[float, float, str, str]
"""A fact's value bounds, its id and its entity's."""
NameKey = tuple[frozenset[str], str]
"""A name as its significant folded parts, and its surname when it is a person's."""
Overlaps = dict[str, tuple[float, float, tuple[str, str]]]
"""An entity's facts whose value a claim overlaps: each fact's bounds and (type, unit)."""


def name_score(
    words: tuple[str, ...],
    names: tuple[NameKey, ...],
    *,
    score_cutoff: float | None = None,
    held: dict[str, bool] | None = None,
) -> float:
    """How much of an entity's name a sentence's words hold (0-100), best over its names.

    A part counts when the sentence has it (after transliteration folding) or a word at least
    85% like it ("protest" / "protested"); a person's surname alone scores 90. `held` keeps
    the answer per part for these `words`: the candidate entities of one sentence share parts.
    """
    held = {} if held is None else held
    best = 0.0
    for parts, surname in names:
        matched = {p for p in parts if _holds(words, p, held)}
        score = 100.0 * len(matched) / len(parts)
        if surname and surname in matched:
            score = max(score, 90.0)
        best = max(best, score)
    return best if score_cutoff is None or best >= score_cutoff else 0.0


def _holds(words: tuple[str, ...], part: str, held: dict[str, bool]) -> bool:
    """Whether `words` has the name part, or a word at least 85% like it (answer kept)."""
    found = held.get(part)
    if found is None:
        found = held[part] = (
            part in words
            or process.extractOne(part, words, scorer=fuzz.ratio, score_cutoff=85) is not None
        )
    return found


_INFINITE = (math.inf, -math.inf)
_LOW = itemgetter(0)
_HIGH = itemgetter(1)
_ENTITY = itemgetter(3)


def _tier(width: float) -> int:
    """The power of two above a width: the tier of `Intervals` it goes into."""
    return math.frexp(width)[1] if width > 0 else -1075


class Intervals:
    """Values of one type and unit (each with its fact and entity), found by overlap without a
    scan of them all.

    Finite intervals go into tiers by width (powers of two); in a tier every interval starts
    no earlier than `query low - tier width`, so one bisect bounds the candidates. Fewer than
    `ONE_TIER` share one tier, the widest (a bisect per tier costs more than scanning a few).
    Open-ended intervals are few and scanned.
    """

    def __init__(self, items: Iterable[Interval]) -> None:
        finite: list[Interval] = []
        self._open: list[Interval] = []
        for item in items:
            (self._open if item[0] in _INFINITE or item[1] in _INFINITE else finite).append(item)
        tiers: dict[int, list[Interval]] = defaultdict(list)
        if len(finite) < ONE_TIER:
            if finite:
                tiers[_tier(max(item[1] - item[0] for item in finite))] = finite
        else:
            for item in finite:
                tiers[_tier(item[1] - item[0])].append(item)
        self._tiers: list[tuple[float, list[Interval], list[str], bool]] = []
        """Per tier: its width, its values, low first, their entities, and whether its values
        are points (or wider), so that every value of a claim's window reaches the claim's
        low: the window is filtered by the entities alone, which read as few objects as there
        are entities when each entity is one string (`FactBase` makes them so), not a hundred
        thousand tuples and strings out of the cache."""
        for exponent, members in tiers.items():
            members.sort(key=_LOW)  # ties in any order: suggestions are ranked by fact id
            owners = list(map(_ENTITY, members))
            width = math.ldexp(1.0, exponent)
            points = width == 0.0 and all(map(ge, map(_HIGH, members), map(_LOW, members)))
            self._tiers.append((width, members, owners, points))

    def overlapping(self, low: float, high: float, entities: Container[str]) -> list[Interval]:
        """The values overlapping [low, high] whose entity is in `entities`."""
        found = (
            [v for v in self._open if v[0] <= high and low <= v[1] and v[3] in entities]
            if self._open
            else []
        )
        held = entities.__contains__
        for width, members, owners, points in self._tiers:
            first = bisect.bisect_left(members, low - width, key=_LOW)
            last = bisect.bisect_right(members, high, key=_LOW)
            # some hundreds, of which the entities' are a few: those kept in C
            ours = compress(members[first:last], map(held, owners[first:last]))
            # a point's low reaches the claim's low, and so does its high
            found.extend(ours if points else (v for v in ours if v[1] >= low))
        return found


def nearness(low: float, high: float, kind: tuple[str, str], claims: Sequence[Value]) -> int:
    """How near claims come to a fact's value (bounds, type and unit), best first: 0 when a
    claim has its bounds, 1 when the value `supports` a claim, else 2 — what comparing its
    `FactBase.value` with the claims gives, without making that value."""
    if any(c.low == low and c.high == high for c in claims):
        return 0
    if any((c.type.value, c.unit) == kind and low <= c.low and c.high <= high for c in claims):
        return 1
    return 2


def best_facts(
    ranked: Iterable[tuple[object, float, str]],
    facts: Mapping[str, Overlaps],
    claims: Sequence[Value],
    limit: int,
) -> list[tuple[float, str]]:
    """The `limit` first (score, fact) of the ranked entities' facts, ranked by their entity's
    score, then how near a claim comes to the value (`nearness`), then fact id.

    `ranked` is (name, score, entity) best first, as `process.extract` gives it: the facts of
    a lower score than `limit` facts already have rank after all of them, so they are not
    weighed (at 100,000 facts an entity holds dozens of values a claim overlaps)."""
    scored: list[tuple[float, int, str]] = []
    level = None
    for _name, score, entity_id in ranked:
        if score != level:
            if len(scored) >= limit:
                break
            level = score
        for fact_id, (low, high, kind) in facts[entity_id].items():
            scored.append((-score, nearness(low, high, kind, claims), fact_id))
    scored.sort()
    return [(-negative_score, fact_id) for negative_score, _near, fact_id in scored[:limit]]
