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


def _is_word_char(char: str) -> bool:
    """What `\\w` matches in a str pattern: a letter, digit or numeral, or the underscore."""
    return char.isalnum() or char == "_"


def whole_word_places(text: str, word: str) -> list[int]:
    """Where `word` (a run of word characters) stands in `text` as a whole word, as `WORD`
    splits it: each occurrence found by `str.find` with no word character either side."""
    found: list[int] = []
    size, length = len(word), len(text)
    at = text.find(word)
    while at != -1:
        end = at + size
        if (end == length or not _is_word_char(text[end])) and (
            at == 0 or not _is_word_char(text[at - 1])
        ):
            found.append(at)
            at = text.find(word, end + 1)  # a whole word ends at a non-word character
        else:
            at = text.find(word, at + 1)
    return found


@dataclass
class Form:
    """One normalised reading of a source, with the places of the words asked for."""

    norm: Normalized
    _positions: dict[str, list[int]] = field(default_factory=dict, repr=False)

    @property
    def text(self) -> str:
        return self.norm.text

    def positions(self, word: str) -> list[int]:
        """Where `word` (a run of word characters) stands as a whole word, as `WORD` splits
        the text. Only a quote not found as written asks, for its few words: each is looked
        for when first asked (a literal search), never the whole text indexed (its ~17,000
        words cost more than the few hundred words a source's searched quotes ask for)."""
        found = self._positions.get(word)
        if found is None:
            found = self._positions[word] = whole_word_places(self.norm.text, word)
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
