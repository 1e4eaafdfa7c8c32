"""A source text prepared for anchoring, and the anchor of a quote in it.

Owns `PreparedSource` (a source text normalised once, in its plain and hyphen-joined readings,
each with a lazily built word index) and `Anchor`, where a quote stands in the raw text (W3C
TextQuote and TextPosition selectors). Pure.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from kzfacts.text.lines import LINE_BREAK
from kzfacts.text.normalize import LINE_END_HYPHEN, Normalized, normalize, readings
from kzfacts.text.pages import blank_furniture

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


WORDS_BEFORE_INDEX = 32
"""Distinct words a form looks for one by one before it indexes its whole text at once."""


@dataclass
class Form:
    """One normalised reading of a source, with the places of the words asked for."""

    norm: Normalized
    _positions: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _indexed: bool = field(default=False, repr=False)

    @property
    def text(self) -> str:
        return self.norm.text

    def positions(self, word: str) -> list[int]:
        """Where `word` (a run of word characters) stands as a whole word, as `WORD` splits
        the text. Only a quote not found as written asks, for its few words: the first
        `WORDS_BEFORE_INDEX` are each looked for when asked (a literal scan); past them the
        whole text is indexed once, so that a long quote costs one pass, not one per word."""
        found = self._positions.get(word)
        if found is not None or self._indexed:
            return found or []
        text = self.norm.text
        if len(self._positions) >= WORDS_BEFORE_INDEX:
            index: dict[str, list[int]] = defaultdict(list)
            for match in WORD.finditer(text):
                index[match.group(0)].append(match.start())
            self._positions, self._indexed = dict(index), True
            return self._positions.get(word, [])
        ends = re.compile(rf"{re.escape(word)}(?!\w)")  # a literal first: a fast scan
        found = self._positions[word] = [
            m.start()
            for m in ends.finditer(text)
            if m.start() == 0 or not WORD.match(text, m.start() - 1)
        ]
        return found


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
        return None if joined is None or joined.text == self.plain.text else Form(joined)

    @property
    def forms(self) -> list[Form]:
        joined = self.joined
        return [self.plain] if joined is None else [self.plain, joined]

    @cached_property
    def _line_breaks(self) -> list[int]:
        """Where each line break starts (LF, CRLF or a lone CR, as `line_and_column` counts
        them): the line of an offset is then a bisection, not a count over the text."""
        return [match.start() for match in LINE_BREAK.finditer(self.raw)]

    def line_of(self, offset: int) -> int:
        """The 1-based line of `offset`, as `line_and_column` gives it."""
        return bisect.bisect_left(self._line_breaks, offset) + 1

    def anchor_at(self, start: int, end: int) -> Anchor:
        return Anchor(
            start=start,
            end=end,
            exact=self.raw[start:end],
            prefix=self.raw[max(0, start - CONTEXT_CHARS) : start],
            suffix=self.raw[end : end + CONTEXT_CHARS],
        )
