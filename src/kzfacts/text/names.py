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
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

__all__ = [
    "NameCandidate",
    "NameIndex",
    "NameMatch",
    "Resolution",
    "fold_name",
    "is_partial_name",
    "probable_duplicates",
    "resolve_name",
]

# --------------------------------------------------------------------------------------------
# Folding
# --------------------------------------------------------------------------------------------

# Marks that stand for a soft sign or an apostrophe inside a name (Il'yas, Grigor`ev, the
# scholarly prime ʹ). They are dropped, not turned into spaces, so the word stays whole.
_DROPPED = "'’‘`´ʹʺʼʻ′″"

# Latin letters whose diacritic carries a sound the English-style spellings write as a
# digraph (Czech/scholarly ž = zh), or that have no decomposition at all (ł, ø, đ).
_LATIN_SPECIAL: dict[str, str] = {
    "ž": "zh",
    "š": "sh",
    "č": "ch",
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "æ": "ae",
    "œ": "oe",
    "ı": "i",
}

# A plain, English-leaning transliteration (close to BGN/PCGN), including the Kazakh and
# Ukrainian letters. It only has to bring Cyrillic spellings near their Latin twins: the
# folding rules below absorb the remaining y/i, kh/h and zh/j differences.
_CYRILLIC: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Kazakh
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
    # Ukrainian, Belarusian, Serbian
    "є": "ye",
    "ї": "yi",
    "ґ": "g",
    "ў": "u",
    "ј": "j",
}
_CHAR_TABLE = str.maketrans(
    {**{c: "" for c in _DROPPED}, **_LATIN_SPECIAL, **_CYRILLIC},
)
# Context rules that a one-letter table cannot express: a word-initial е is "ye" (Евгений
# -> Yevgeniy, the common English spelling), and a soft sign before a vowel is a "y" glide
# (Григорьев -> Grigoryev).
_CYR_INITIAL_E = re.compile(r"(?<!\w)е")
_CYR_SOFT_GLIDE = re.compile(r"[ьъ](?=[еёюяи])")

# The romanisation variants folded per word, applied until nothing changes (so the result
# is a fixed point and folding is idempotent).
_WORD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile("x"), "ks"),  # Alexander / Aleksandr
    (re.compile("kh"), "h"),  # Zharmakhan / Zharmahan
    (re.compile("dzh|dj|zh"), "j"),  # Zhakianov / Jakianov, Dzhambul / Djambul
    (re.compile("^ye"), "e"),  # Yevgeniy / Evgeniy, Yesergepov / Esergepov
    (re.compile("y"), "i"),  # ya/ia, yu/iu, -iy/-ii/-y/-yi, Sergey / Sergei
    (re.compile(r"([a-z])\1+"), r"\1"),  # double letters: Kassymov / Kasymov, -ii
    (re.compile("(?<=[aeiou])i(?=[aeou])"), ""),  # glide: Nazarbayev / Nazarbaev
)

_WORD = re.compile(r"([^\W_]+)(\.)?")


def _prepare(name: str) -> str:
    """Normalise, casefold, romanise and strip diacritics, leaving words and separators."""
    if name.isascii():  # the common case; the same result, several times faster
        return name.lower().translate(_CHAR_TABLE)
    text = unicodedata.normalize("NFKC", name).casefold()
    text = unicodedata.normalize("NFKC", text)
    text = _romanise_cyrillic(text)
    # Decompose and drop the combining marks (Tuyakbaý, Zhovtís); a Cyrillic letter that
    # only now lost its mark is romanised in a second pass.
    text = "".join(
        ch
        for ch in unicodedata.normalize("NFKD", text)
        if not unicodedata.category(ch).startswith("M")
    )
    return _romanise_cyrillic(text)


def _romanise_cyrillic(text: str) -> str:
    text = _CYR_SOFT_GLIDE.sub("y", text)
    text = _CYR_INITIAL_E.sub("ye", text)
    return text.translate(_CHAR_TABLE)


@functools.lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    while True:
        folded = word
        for pattern, replacement in _WORD_RULES:
            folded = pattern.sub(replacement, folded)
        if folded == word:
            return folded
        word = folded


def fold_name(name: str) -> str:
    """Romanisation-folded key under which transliteration variants of a name coincide.

    NFKC, casefold, Cyrillic romanised, diacritics stripped, apostrophes and soft signs
    dropped, any other non-alphanumeric character a word break; then per word kh->h,
    zh/dj/dzh->j, word-initial ye->e, y->i, doubled letters single, and an i between vowels
    dropped. "Yevgeniy", "Evgeny" and "Евгений" all fold to "evgeni". The key is for
    comparison only: it over-merges on purpose and is never shown to a user.
    """
    words = (_fold_word(m.group(1)) for m in _WORD.finditer(_prepare(name)))
    return " ".join(w for w in words if w)


# --------------------------------------------------------------------------------------------
# Name parts
# --------------------------------------------------------------------------------------------

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

NEAR_MISS_SPAN = 20.0
"""How far below the threshold a match still counts as a near miss worth showing."""

MAX_ALTERNATIVES = 5


@dataclass(frozen=True, slots=True)
class _Part:
    raw: str  # romanised and casefolded, before the folding rules (keeps "ye", "zh")
    key: str  # folded
    initial: bool


def _parts(name: str) -> tuple[_Part, ...]:
    parts: list[_Part] = []
    for m in _WORD.finditer(_prepare(name)):
        raw = m.group(1)
        key = _fold_word(raw)
        if not key:
            continue
        initial = raw.isalpha() and (
            len(raw) == 1 or (m.group(2) is not None and raw in _DIGRAPH_INITIALS)
        )
        parts.append(_Part(raw, key, initial))
    while len(parts) > 1 and not parts[0].initial and parts[0].key in _TITLES:
        parts.pop(0)
    return tuple(parts)


def _initial_fits(initial: _Part, other: _Part) -> bool:
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


def _last_full(parts: tuple[_Part, ...]) -> int:
    """Position of the last part that is not an initial (the last part if all are)."""
    return next((i for i in reversed(range(len(parts))) if not parts[i].initial), len(parts) - 1)


def _is_partial(parts: tuple[_Part, ...]) -> bool:
    return bool(parts) and sum(not p.initial for p in parts) < 2


def is_partial_name(name: str) -> bool:
    """A surname alone, a first name alone, or initials (with at most one written-out name):
    never recorded as an alias automatically, resolved only when one entity fits."""
    return _is_partial(_parts(name))


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
    parts: tuple[_Part, ...]
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
    part of the query, the entries sharing a close part; only those are scored in full.
    """

    def __init__(self, candidates: Iterable[NameCandidate]) -> None:
        self._entity_ids: list[str] = []
        self._entity_pos: dict[str, int] = {}
        self._entries: list[_Entry] = []
        self._exact: dict[str, list[int]] = {}
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
            parts = _parts(name)
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
            if not surname:
                self._exact.setdefault(exact_key, []).append(index)
            full = sorted(set(vocab) - {-1})
            for pos in full:
                self._postings[pos].append(index)
            # A pairing always uses the longer name's last part (see _pair_score), so that
            # part is the name's anchor; a name with initials anchors on all its written-out
            # parts, since a query may pair them with its own initials.
            for pos in full if -1 in vocab else vocab[-1:]:
                self._anchors[pos].append(index)

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
        query = _parts(name)
        partial = _is_partial(query)
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
        matches: list[NameMatch] = []
        for index in self._exact.get(_exact_key(name), ()):
            entry = self._entries[index]
            matches.append(NameMatch(self._entity_ids[entry.entity], entry.name, 100.0, True))
        return matches

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
        query: tuple[_Part, ...],
        floor: float,
        cache: dict[str, dict[int, float]] | None = None,
    ) -> list[tuple[_Entry, float]]:
        """Entries scoring at least `floor` against `query`.

        A score is never above any of its pairs of full parts, so the vocabulary scan with
        `floor` as cut-off finds every part an entry reaching `floor` can pair.
        """
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

        partial = _is_partial(query)
        whole = len(full) == len(query)  # no initials in the query
        results: list[tuple[_Entry, float]] = []
        for index in sorted(entries):
            entry = self._entries[index]
            if entry.surname and not partial:
                continue
            if floor > 0 and whole and -1 not in entry.vocab and not _can_pair(entry, hits):
                continue
            score = _pair_score(query, entry, hits)
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


def _can_pair(entry: _Entry, hits: list[dict[int, float]]) -> bool:
    """Whether every pair a pairing of two names without initials needs can score above 0: a
    pair missing from `hits` scores 0, and the weakest pair bounds the score (`_pair_score`).
    Most candidates sharing a surname fail here, before the costly pairing."""
    needed = min(len(hits), len(entry.vocab))
    query_paired = sum(1 for found in hits if any(v in found for v in entry.vocab))
    if query_paired < needed:
        return False
    return sum(1 for v in entry.vocab if any(v in found for found in hits)) >= needed


def _pair_score(query: tuple[_Part, ...], entry: _Entry, hits: list[dict[int, float]]) -> float:
    """Score of the best pairing of two names' parts: its weakest pair, less the penalty
    for unpaired parts (0 if no pair joins two written-out parts).

    The last written-out part of the longer name must be paired: the surname, in the order
    these documents use (the initials of "Kozlov A. K." do not count), or the head noun of
    an organisation. So a lone "Nazarbaev" is Nursultan Nazarbayev, but "Vladimir" is not
    every Vladimir and "Human Rights" is not Human Rights Watch.

    `hits` holds, per full (non-initial) part of the query in order, the similarities from
    the vocabulary scan; a pair missing there was below its cut-off and counts as 0, which
    only ever affects scores below that cut-off anyway.
    """
    # Position of each full query part among the full parts, i.e. in `hits`.
    hit_of = list(itertools.accumulate((not p.initial for p in query), initial=-1))[1:]

    def part_score(qi: int, ci: int) -> float:
        q, c = query[qi], entry.parts[ci]
        if q.initial:
            return INITIAL_SCORE if _initial_fits(q, c) else 0.0
        if c.initial:
            return INITIAL_SCORE if _initial_fits(c, q) else 0.0
        if _gender_forms(q.key, c.key):
            return 0.0
        return hits[hit_of[qi]].get(entry.vocab[ci], 0.0)

    n_query, n_entry = len(query), len(entry.parts)
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
        last = _last_full(entry.parts)
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
        full_pair = full_pair or not (query[qi].initial or entry.parts[ci].initial)
        if len(used_q) == min(n_query, n_entry):
            break
    if not full_pair:
        return 0.0
    return max(0.0, weakest - EXTRA_PART_PENALTY * abs(n_query - n_entry))


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
