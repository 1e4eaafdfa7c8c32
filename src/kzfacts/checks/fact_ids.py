"""Fact ids most like a mistyped one, found without scoring every id.

The score is rapidfuzz's `token_set_ratio` of the ids' words (`utils.default_process`). With
A the key's distinct words, B an id's, S = A ∩ B, and each set's length that of its sorted
words joined by spaces, that score is 100 when S is not empty and A ⊆ B or B ⊆ A; otherwise
the best of
- the ratio of S + (A - S) to S + (B - S): at most `fuzz.ratio` of the two sets' characters
  each sorted (their indel distance is at least the difference of their character counts),
  which rapidfuzz computes as fast as it reads them, over the ids of the lengths that let it
  reach the cutoff (it is at most 200 · the shorter length / both lengths); ids with the same
  characters share one bound (a large base's ids are mostly the same words and digits in
  another order: 100,000 ids have some 20,000 distinct sets of characters);
- 2·|S| / (|S| + |A|) and 2·|S| / (|S| + |B|), which need a shared word: the ids holding the
  shared words are looked up in an index of the key's words (and of the ids' lengths).
Only ids that one of these bounds lets reach the cutoff are scored, in their order, so the ids
found, their scores and the order of ties are those of scoring every id. Pure.
"""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import combinations, compress, repeat
from operator import ne, not_

from rapidfuzz import fuzz, process, utils

MAX_KEY_WORDS = 8
"""A key of more distinct words is compared with every id (its subsets are too many)."""
SEEDS = 8
"""Ids scored first, per id asked for, when the key's rarest word does not find enough: the
score of the last one asked for is the least a better id must reach, a bound far tighter than
the cutoff."""
RARE_WORD = 1000
"""Ids a word may be in and still be the first looked at (a fact's own number, a name)."""
_MARGIN = 0.5
"""Score points a bound is given in hand, against the rounding of two float computations."""


INDEX_AT = 8
"""Unknown keys from which the ids are indexed: building the index costs about as much as
scoring every id for that many keys, and a key then costs a fifth of that or less."""


class IdIndex:
    """The ids' words; for many keys, also their lengths and sorted characters, indexed once."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self.words = list(map(utils.default_process, ids))
        self._sorted_lengths: list[int] = []
        self._letters_by_length: list[str] = []
        """The distinct sorted characters of the ids' words (each word once), shortest first."""
        self._holders_by_length: list[list[int]] = []
        """The positions of the ids with each of those characters."""
        self._lengths: list[int] = []
        self._splits: list[list[str]] = []
        self._by_word: dict[str, list[int]] = {}
        """Word (of a key) → the ids holding it, in their order, each once."""
        self._by_length: dict[str, tuple[list[int], list[int]]] = {}
        """Word → the ids holding it, shortest first, and their lengths (made when asked)."""
        self.indexed = False

    def index(self, keys: Iterable[str] = ()) -> None:
        """Index the ids' lengths and sorted characters, so that a key scores few ids, and
        their words that `keys` hold (a key's other words are indexed when it is looked up).
        Ids with the same sorted characters are grouped (in C: no Python step per id)."""
        splits = list(map(str.split, self.words))
        joined = list(map(" ".join, splits))
        repeating = map(ne, map(len, splits), map(len, map(set, splits)))
        for position in compress(range(len(splits)), repeating):
            joined[position] = " ".join(dict.fromkeys(splits[position]))  # a word counts once
        self._splits = splits
        self._lengths = list(map(len, joined))
        by_letters: dict[str, list[int]] = {}
        fresh: Iterator[list[int]] = map(list, repeat((), len(joined)))  # a new group's list
        groups = map(by_letters.setdefault, map("".join, map(sorted, joined)), fresh)
        deque(map(list.append, groups, range(len(joined))), maxlen=0)
        self._letters_by_length = sorted(by_letters, key=len)
        self._sorted_lengths = list(map(len, self._letters_by_length))
        self._holders_by_length = list(map(by_letters.__getitem__, self._letters_by_length))
        self.indexed = True
        self._index_words({w for key in keys for w in utils.default_process(key).split()})

    def _index_words(self, words: Iterable[str]) -> None:
        """Index the ids holding each of `words` not indexed yet: one pass over the ids, in C
        but for those holding one of them (an id's words are not all indexed: a key's words
        are a few of the thousands the ids hold)."""
        wanted = set(words).difference(self._by_word)
        if not wanted:
            return
        by_word: dict[str, list[int]] = {word: [] for word in wanted}
        splits = self._splits
        holding = map(not_, map(wanted.isdisjoint, splits))
        for position in compress(range(len(splits)), holding):
            for word in wanted.intersection(splits[position]):  # once per id, as a seed
                by_word[word].append(position)
        self._by_word.update(by_word)

    def closest(self, key: str, limit: int, cutoff: float) -> list[tuple[str, float]]:
        """The `limit` best ids scoring at least `cutoff`, best first (ties in the ids' order):
        `process.extract` of the key over every id's words, with fewer ids scored once
        indexed."""
        query = utils.default_process(key)
        key_words = frozenset(query.split())
        if not key_words:  # no word, no score
            return []
        if not self.indexed or len(key_words) > MAX_KEY_WORDS or cutoff <= _MARGIN:
            return self._scored(query, range(len(self.ids)), limit, cutoff)
        self._index_words(key_words)
        joined = " ".join(key_words)
        letters = "".join(sorted(joined))
        held = [w for w in key_words if self._holders(w)]  # a mistyped word holds no id
        rarest = self._by_word[min(held, key=self._holders)] if held else []
        first = self._scored(query, rarest, limit, cutoff) if len(rarest) <= RARE_WORD else []
        if len(first) < limit:
            best = self._bounded(letters, SEEDS * limit, cutoff - _MARGIN)
            seeds = set(best).union(rarest[:RARE_WORD])  # the ids of the best first bounds
            first = self._scored(query, sorted(seeds), limit, cutoff)
        least = (first[-1][1] if len(first) == limit else cutoff) - _MARGIN
        found = self._sharing(key_words, len(joined), least / 100)
        found.update(self._bounded(letters, None, least))
        return self._scored(query, sorted(found), limit, cutoff)

    def _bounded(self, letters: str, limit: int | None, least: float) -> list[int]:
        """The ids whose first bound reaches `least` (about the `limit` best, in no set
        order): `fuzz.ratio` of the sorted characters, over the ids whose length lets it reach
        `least` (it is at most 200 · the shorter length / both lengths)."""
        share = least / 100
        size = len(letters)
        lengths = self._sorted_lengths
        first = bisect.bisect_left(lengths, size * share / (2 - share) - 1)  # 1: float slack
        last = bisect.bisect_right(lengths, size * (2 - share) / share + 1)
        found = process.extract(
            letters,
            self._letters_by_length[first:last],
            scorer=fuzz.ratio,
            processor=None,
            limit=limit,
            score_cutoff=least,
        )
        holders = self._holders_by_length
        positions = [p for _letters, _bound, i in found for p in holders[first + i]]
        return positions if limit is None else positions[:limit]

    def _holders(self, word: str) -> int:
        return len(self._by_word.get(word, ()))

    def _scored(
        self, query: str, positions: Sequence[int], limit: int, cutoff: float
    ) -> list[tuple[str, float]]:
        found = process.extract(
            query,
            [self.words[p] for p in positions],
            scorer=fuzz.token_set_ratio,
            processor=None,
            limit=limit,
            score_cutoff=cutoff,
        )
        return [(self.ids[positions[i]], score) for _words, score, i in found]

    def _sharing(self, key_words: frozenset[str], key_length: int, ratio: float) -> set[int]:
        """Every id sharing words with the key whose score through them may reach `ratio`."""
        found: set[int] = set()
        for size in range(1, len(key_words) + 1):
            for shared in combinations(sorted(key_words), size):
                shared_length = sum(map(len, shared)) + size - 1
                found.update(self._holding(shared, key_length, shared_length, ratio))
        return found

    def _holding(
        self, shared: tuple[str, ...], key_length: int, shared_length: int, ratio: float
    ) -> list[int]:
        """The ids holding every word of `shared` that may score `ratio` through them: all of
        them when the key is `shared` or mostly it, else those short enough that `shared` is
        most of them (an id made of these words alone included)."""
        rarest = min(shared, key=self._holders)
        held = self._by_word.get(rarest)
        if held is None:
            return []
        whole = shared_length == key_length
        if not whole and 2 * shared_length < ratio * (shared_length + key_length):
            longest = shared_length * (2 - ratio) / ratio
            by_length, lengths = self._shortest_first(rarest)
            held = by_length[: bisect.bisect_right(lengths, longest)]
        if len(shared) == 1:
            return held
        others = [w for w in shared if w != rarest]
        words = self.words
        return [p for p in held if all(w in words[p].split() for w in others)]

    def _shortest_first(self, word: str) -> tuple[list[int], list[int]]:
        ordered = self._by_length.get(word)
        if ordered is None:
            held = sorted(self._by_word[word], key=self._lengths.__getitem__)
            ordered = self._by_length[word] = (held, [self._lengths[p] for p in held])
        return ordered
