"""A source text prepared for anchoring, and the anchor of a quote in it.

Owns `PreparedSource` (a source text normalised once, in its plain and hyphen-joined readings,
each with a lazily built word index) and `Anchor`, where a quote stands in the raw text (W3C
TextQuote and TextPosition selectors). Pure.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from operator import add

from kzfacts.text.lines import LINE_BREAK
from kzfacts.text.normalize import LINE_END_HYPHEN, Normalized, normalize, readings
from kzfacts.text.pages import PAGE_BREAK, blank_furniture, pages_of

CONTEXT_CHARS = 32
"""Length of the stored prefix and suffix (W3C TextQuoteSelector)."""

WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Anchor:
    """Where a quote stands in its source: W3C TextQuote + TextPosition selectors."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


COMMON_WORD_PLACES = 500
"""A word with more places than this in a source is too common to say where a quote stands:
the approximate search does not vote with it, and its places are not all looked for."""


def whole_word_places(text: str, word: str, most: int | None = None) -> list[int] | None:
    """Where `word` (a run of word characters) stands in `text` as a whole word, as `WORD`
    splits it: each occurrence found by `str.find` with no word character (`str.isalnum` or
    "_", what `\\w` matches) either side. None as soon as there are more than `most`."""
    found: list[int] = []
    size, length = len(word), len(text)
    at = text.find(word)
    while at != -1:
        end = at + size  # `_word_char` written out: this loop runs for every occurrence
        after = text[end] if end < length else " "
        before = text[at - 1] if at else " "
        if not (after.isalnum() or after == "_" or before.isalnum() or before == "_"):
            found.append(at)
            if most is not None and len(found) > most:
                return None
            at = text.find(word, end + 1)  # a whole word ends at a non-word character
        else:
            at = text.find(word, at + 1)
    return found


def removed_hyphens(plain: str, joined: str) -> list[int] | None:
    """Where the hyphens stand in `plain` that `joined` leaves out, when `joined` is `plain`
    without some hyphens, each between two word characters (a line-end hyphen joined); else
    None."""
    removed: list[int] = []
    at = plain.find("-")
    while at != -1 and len(removed) < len(plain) - len(joined):
        if joined[at - len(removed) : at - len(removed) + 1] != "-":
            removed.append(at)
        at = plain.find("-", at + 1)
    if len(removed) != len(plain) - len(joined):
        return None
    bounds = zip([-1, *removed], [*removed, len(plain)], strict=True)
    kept = [plain[start + 1 : end] for start, end in bounds]
    if "".join(kept) != joined:
        return None
    for at in removed:
        if not (
            0 < at < len(plain) - 1 and _word_char(plain[at - 1]) and _word_char(plain[at + 1])
        ):
            return None
    return removed


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _merged_words(joined: str, removed: list[int]) -> list[tuple[int, str]]:
    """(start, word) of each word of `joined` that holds the place of a removed hyphen."""
    found: dict[int, str] = {}
    for count, at in enumerate(removed):
        start = end = at - count  # the word character that followed the hyphen
        while start > 0 and _word_char(joined[start - 1]):
            start -= 1
        while end < len(joined) and _word_char(joined[end]):
            end += 1
        found[start] = joined[start:end]
    return list(found.items())


@dataclass
class Form:
    """One normalised reading of a source, with the places of the words asked for. The joined
    reading keeps the plain one (`plain`): it reads its words' places from the plain one's."""

    norm: Normalized
    plain: Form | None = None
    _positions: dict[str, list[int] | None] = field(default_factory=dict, repr=False)

    @property
    def text(self) -> str:
        return self.norm.text

    @cached_property
    def _joins(self) -> tuple[list[int], set[int], list[tuple[int, str]]] | None:
        """For the joined reading: the plain reading's hyphens it leaves out (as a list and a
        set) and its words that hold their places; None when it is not the plain one without
        some hyphens between word characters."""
        if self.plain is None:
            return None
        removed = removed_hyphens(self.plain.text, self.text)
        if removed is None:
            return None
        return removed, set(removed), _merged_words(self.text, removed)

    def positions(self, word: str) -> list[int] | None:
        """Where `word` (a run of word characters) stands as a whole word, as `WORD` splits
        the text; None for a word with more than `COMMON_WORD_PLACES` places. Only a quote
        not found as written asks, for its few words: each is looked for when first asked (a
        literal search), never the whole text indexed (its ~17,000 words cost more than the
        few hundred words a source's searched quotes ask for)."""
        if word in self._positions:
            return self._positions[word]
        joins = self._joins
        plain = self.plain.positions(word) if joins is not None and self.plain is not None else None
        if joins is None or plain is None:  # the plain reading cannot tell: a search does
            found = whole_word_places(self.norm.text, word, COMMON_WORD_PLACES)
        else:
            found = _joined_places(word, plain, *joins)
        self._positions[word] = found
        return found


def _joined_places(
    word: str,
    plain: list[int],
    removed: list[int],
    removed_set: set[int],
    merged: list[tuple[int, str]],
) -> list[int] | None:
    """The places of `word` in the joined reading, read from its places in the plain one
    (`plain`) without a search (None: more than `COMMON_WORD_PLACES`): a word of the joined
    text that holds no removed hyphen is a word of the plain one beside none (its neighbours
    are the same characters), moved back by the hyphens removed before it; one that holds
    some is a merged word."""
    size = len(word)
    places = [
        at - bisect.bisect_left(removed, at)
        for at in plain
        if at - 1 not in removed_set and at + size not in removed_set
    ]
    joined = [start for start, merged_word in merged if merged_word == word]
    if joined:
        places = sorted(places + joined)
    return places if len(places) <= COMMON_WORD_PLACES else None


class PreparedSource:
    """A source text normalised once, for anchoring many quotes against it."""

    def __init__(self, raw: str) -> None:
        self.raw = raw

    @cached_property
    def _readings(self) -> tuple[Normalized, Normalized | None]:
        """The plain reading and, for a text with line-end hyphens, the joined one: both from
        one scan (they differ only at those hyphens), though the joined one is rarely read."""
        if not LINE_END_HYPHEN.search(self.raw):
            return normalize(self.raw), None
        return readings(self.raw)

    @cached_property
    def plain(self) -> Form:
        return Form(self._readings[0])

    @cached_property
    def reading(self) -> str:
        """The raw text with a PDF's running headers and footers blanked (same offsets): what
        the token guard and the stored-position check read, as the normaliser does."""
        return blank_furniture(self.raw)

    @cached_property
    def joined(self) -> Form | None:
        """The reading with line-end hyphens joined ("govern-\\nment"), if it differs."""
        joined = self._readings[1]
        if joined is None or joined.text == self.plain.text:
            return None
        return Form(joined, plain=self.plain)

    @property
    def forms(self) -> list[Form]:
        joined = self.joined
        return [self.plain] if joined is None else [self.plain, joined]

    @cached_property
    def _line_breaks(self) -> list[int]:
        """Where each line break starts (LF, CRLF or a lone CR, as `line_and_column` counts
        them): the line of an offset is then a bisection, not a count over the text."""
        raw = self.raw
        if "\r" in raw:
            return [match.start() for match in LINE_BREAK.finditer(raw)]
        lines = raw.split("\n")  # every break one LF: break k follows lines 0..k and k breaks
        return list(map(add, accumulate(map(len, lines[:-1])), range(len(lines) - 1)))

    def line_of(self, offset: int) -> int:
        """The 1-based line of `offset`, as `line_and_column` gives it."""
        return bisect.bisect_left(self._line_breaks, offset) + 1

    @cached_property
    def _paged(self) -> bool:
        return PAGE_BREAK in self.raw

    def pages_of(self, start: int, end: int) -> tuple[int, int] | None:
        """`pages.pages_of` the raw text, which is looked through for pages once, not once for
        each of its facts."""
        return pages_of(self.raw, start, end) if self._paged else None

    def anchor_at(self, start: int, end: int) -> Anchor:
        return Anchor(
            start=start,
            end=end,
            exact=self.raw[start:end],
            prefix=self.raw[max(0, start - CONTEXT_CHARS) : start],
            suffix=self.raw[end : end + CONTEXT_CHARS],
        )
