"""Name parts: a name as its words, and how well two names' words pair up.

Owns what a part of a name is (a folded word, or an initial), which leading titles carry no
identity, which parts may abbreviate which, masculine and feminine forms of one name, and the
pairing score of two names that the name index ranks by. Pure.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kzfacts.text.transliteration import NAME_WORD, fold_name, fold_word, prepare

# Leading honorifics carry no identity: "President Nazarbaev" is Nazarbaev. Only leading
# ones are dropped, so "Office of the President" keeps its last word.
_TITLES = frozenset(
    fold_name(t)
    for t in (
        "president",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mister",
        "madam",
        "mme",
        "dr",
        "doctor",
        "prof",
        "professor",
        "sir",
    )
)
# Two-letter romanised initials (Zh. Tuyakbai, Ye. Zhovtis) count as initials only when
# written with a full stop; single letters always do.
_DIGRAPH_INITIALS = frozenset(
    {"zh", "kh", "sh", "ch", "ts", "ya", "yu", "ye", "yo", "dzh", "shch", "sch"}
)

INITIAL_SCORE = 95.0
"""Score of an initial against a full given name with that initial ("M." ~ "Marat"): a
match, but weaker than a written-out name, so the full spelling wins when both exist."""

EXTRA_PART_PENALTY = 4.0
"""Score lost per part of the longer name left unpaired (a patronymic, a given name beside a
bare surname), so the more complete match ranks first and long organisation names cannot
be matched by a few of their words."""


@dataclass(frozen=True, slots=True)
class NamePart:
    raw: str  # romanised and casefolded, before the folding rules (keeps "ye", "zh")
    key: str  # folded
    initial: bool


def name_parts(name: str) -> tuple[NamePart, ...]:
    """The parts of a name, leading titles dropped ("President Nazarbaev" is Nazarbaev)."""
    parts: list[NamePart] = []
    for m in NAME_WORD.finditer(prepare(name)):
        raw = m.group(1)
        key = fold_word(raw)
        if not key:
            continue
        initial = raw.isalpha() and (
            len(raw) == 1 or (m.group(2) is not None and raw in _DIGRAPH_INITIALS)
        )
        parts.append(NamePart(raw, key, initial))
    while len(parts) > 1 and not parts[0].initial and parts[0].key in _TITLES:
        parts.pop(0)
    return tuple(parts)


def _initial_fits(initial: NamePart, other: NamePart) -> bool:
    """Whether an initial can abbreviate `other` (a full part or another initial).

    Compared on both raw and folded spellings, so "Ye." and "E." fit Yevgeniy and Evgeniy;
    a bare "Y." also fits a name folded to a leading e (Y. for Evgeniy).
    """
    if other.initial:
        return (
            initial.key == other.key
            or initial.raw.startswith(other.raw)
            or other.raw.startswith(initial.raw)
        )
    return (
        other.raw.startswith(initial.raw)
        or other.key.startswith(initial.key)
        or (initial.raw.startswith("y") and other.key.startswith("e"))
    )


def _gender_forms(a: str, b: str) -> bool:
    """Whether two folded parts are the masculine and feminine form of one name.

    Russian and Kazakh names mark the feminine with a final -a (Nazarbaev / Nazarbaeva,
    Yevgeniy / Yevgeniya, Aleksandr / Aleksandra; Vinyavsky / Vinyavskaya folds to
    viniavski / viniavska). One letter apart, they score about 92, yet name two people.
    """
    if len(a) < len(b):
        a, b = b, a
    return a == b + "a" or (
        len(a) == len(b) and a[:-1] == b[:-1] and {a[-1:], b[-1:]} == {"a", "i"}
    )


def _last_full(parts: tuple[NamePart, ...]) -> int:
    """Position of the last part that is not an initial (the last part if all are)."""
    return next((i for i in reversed(range(len(parts))) if not parts[i].initial), len(parts) - 1)


def is_partial(parts: tuple[NamePart, ...]) -> bool:
    """Fewer than two written-out parts: a surname or first name alone, or initials."""
    return bool(parts) and sum(not p.initial for p in parts) < 2


def pair_score(
    query: tuple[NamePart, ...],
    parts: tuple[NamePart, ...],
    vocab: tuple[int, ...],
    hits: list[dict[int, float]],
) -> float:
    """Score of the best pairing of two names' parts: its weakest pair, less the penalty
    for unpaired parts (0 if no pair joins two written-out parts).

    The last written-out part of the longer name must be paired: the surname, in the order
    these documents use (the initials of "Kozlov A. K." do not count), or the head noun of
    an organisation. So a lone "Nazarbaev" is Nursultan Nazarbayev, but "Vladimir" is not
    every Vladimir and "Human Rights" is not Human Rights Watch.

    `parts` and `vocab` are the other name's parts and, per part, its position in the index's
    vocabulary of folded parts (-1 for an initial).

    `hits` holds, per full (non-initial) part of the query in order, the similarities from
    the vocabulary scan; a pair missing there was below its cut-off and counts as 0, which
    only ever affects scores below that cut-off anyway.
    """
    # Position of each full query part among the full parts, i.e. in `hits`.
    hit_of = list(itertools.accumulate((not p.initial for p in query), initial=-1))[1:]

    def part_score(qi: int, ci: int) -> float:
        q, c = query[qi], parts[ci]
        if q.initial:
            return INITIAL_SCORE if _initial_fits(q, c) else 0.0
        if c.initial:
            return INITIAL_SCORE if _initial_fits(c, q) else 0.0
        if _gender_forms(q.key, c.key):
            return 0.0
        return hits[hit_of[qi]].get(vocab[ci], 0.0)

    n_query, n_entry = len(query), len(parts)
    if n_entry == 1 < n_query:
        return 0.0  # a bare surname or first name cannot confirm the query's other names
    pairs = sorted(
        ((part_score(qi, ci), qi, ci) for qi in range(n_query) for ci in range(n_entry)),
        reverse=True,
    )
    if n_query > n_entry:
        last = _last_full(query)
        pairs.insert(0, next(p for p in pairs if p[1] == last))
    elif n_entry > n_query:
        last = _last_full(parts)
        pairs.insert(0, next(p for p in pairs if p[2] == last))

    used_q: set[int] = set()
    used_c: set[int] = set()
    weakest = 100.0
    full_pair = False
    for score, qi, ci in pairs:
        if qi in used_q or ci in used_c:
            continue
        used_q.add(qi)
        used_c.add(ci)
        weakest = min(weakest, score)
        full_pair = full_pair or not (query[qi].initial or parts[ci].initial)
        if len(used_q) == min(n_query, n_entry):
            break
    if not full_pair:
        return 0.0
    return max(0.0, weakest - EXTRA_PART_PENALTY * abs(n_query - n_entry))


def may_pair(names: Iterable[tuple[int, str]], threshold: float) -> set[int]:
    """Owners of a name that may score at least `threshold` (`pair_score`) against a name of
    another owner: a sound filter before the scoring, so that only plausible pairs are scored.

    Two names without initials reach the threshold only if every part of the shorter pairs
    with a part of the longer at a similarity of at least `threshold`: so the names whose
    parts are each that similar to a part of one name are found by intersecting, per part,
    the names holding a similar part (rare parts make these sets small). A name with an
    initial may pair more loosely: its owner is kept, and so is every owner of a name that
    shares a similar written-out part with it (a pairing needs one such pair at least).
    """
    parsed = [(owner, name_parts(name)) for owner, name in names]
    postings: dict[str, set[int]] = defaultdict(set)  # folded part -> names holding it
    for index, (_, parts) in enumerate(parsed):
        for part in parts:
            if not part.initial:
                postings[part.key].add(index)
    similar = _similar_keys(list(postings), threshold)
    # Per part, the names holding a similar part: once for each part, not for each name.
    near = {key: set().union(*(postings[k] for k in keys)) for key, keys in similar.items()}
    kept: set[int] = set()
    for owner, parts in parsed:
        full = [p.key for p in parts if not p.initial]
        if not full:
            continue
        reach = [near[key] for key in full]
        if len(full) < len(parts):  # initials: kept, with whoever shares a similar part
            partners = set().union(*reach)
            kept.add(owner)
        else:
            partners = set.intersection(*reach)
            partners = {i for i in partners if len(parsed[i][1]) >= len(parts)}
        found = {parsed[i][0] for i in partners} - {owner}
        if found:
            kept |= found | {owner}
    return kept


def _similar_keys(keys: list[str], threshold: float) -> dict[str, list[str]]:
    """Each folded part with the parts at least `threshold`-similar to it (itself included).
    Only lengths that can reach the threshold are compared (see `NameIndex._similar_parts`)."""
    from rapidfuzz import fuzz, process  # loads on the fuzzy path only

    by_length: dict[int, list[str]] = defaultdict(list)
    for key in keys:
        by_length[len(key)].append(key)
    slack = 1.0 - threshold / 100.0
    similar: dict[str, list[str]] = {}
    for key in keys:
        shortest = len(key) * (1.0 - slack) / (1.0 + slack) - 1.0
        longest = len(key) * (1.0 + slack) / (1.0 - slack) + 1.0 if slack < 1.0 else math.inf
        found: list[str] = []
        for length, words in by_length.items():
            if shortest <= length <= longest:
                found += [w for w, _, _ in process.extract(
                    key, words, scorer=fuzz.ratio, score_cutoff=threshold, limit=None
                )]  # fmt: skip
        similar[key] = found
    return similar


# --------------------------------------------------------------------------------------------
# Convenience wrappers
# --------------------------------------------------------------------------------------------
