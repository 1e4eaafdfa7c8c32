"""The normalised text and the character folds both normalisers share.

`Normalized` is what `text.normalize` gives: a normalised text with the map back to raw
offsets. The constants and folds here say what a character reads as; the token scan
(`text.normalize`) and the copy-and-edit fast path (`text.normalize_edits`) both read them.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

# Combining marks: a letter followed by them is composed (NFC) before it is folded (NFKC), so
# a source in decomposed form ("e" + U+0301, as macOS and some PDF tools write) matches a
# quote typed precomposed ("é").
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
# URLs are page furniture (the 2012 appeal's footers stand mid-sentence): read as whitespace.
_URL_LINE = r"(?:https?://|www\.)\S+"
_HAS_COMBINING = re.compile(f"[{_COMBINING}]")

_CHAR_MAP = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    "\u2026": "...",
}
# Cyrillic letters that look like Latin ones; folded only inside a word that also
# has Latin letters (text pasted from Kazakh and Russian sites mixes scripts).
_LOOKALIKES = str.maketrans(
    "АВЕКМНОРСТУХаеорсухіјѕӏԁ",
    "ABEKMHOPCTYXaeopcyxijsld",
)
_MIXED_WORD = re.compile(r"[A-Za-z\u0400-\u04ff]*[\u0400-\u04ff][A-Za-z\u0400-\u04ff]*")
_HAS_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ASCII_FIX = str.maketrans({"`": "'"})


def fold_lookalikes(text: str) -> str:
    """Replace Cyrillic look-alike letters inside Latin words; length-preserving."""
    if not _HAS_CYRILLIC.search(text):
        return text

    def fold(match: re.Match[str]) -> str:
        word = match.group(0)
        if re.search(r"[A-Za-z]", word):
            return word.translate(_LOOKALIKES)
        return word

    return _MIXED_WORD.sub(fold, text)


def _fold_char(char: str, fold_case: bool) -> str:
    mapped = _CHAR_MAP.get(char)
    if mapped is not None:
        return mapped
    out = unicodedata.normalize("NFKC", char)
    out = "".join(_CHAR_MAP.get(c, c) for c in out)
    return out.casefold() if fold_case else out


Segments = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[bool, ...]]
"""Normalised starts, raw starts, raw ends and whether copied, segment by segment."""


@dataclass(frozen=True)
class Normalized:
    """Normalised text plus the segments that map it back to the raw text.

    A segment is (normalised start, raw start, raw end, copied). In a copied
    segment character i of the normalised text is character raw_start + (i -
    norm_start) of the raw text; otherwise every character of the segment stands
    for the whole raw range (a whitespace run, an ellipsis expanded to dots). The segments
    may be given as a function that builds them, called when an offset is first mapped: most
    texts searched are never mapped.
    """

    text: str
    raw_length: int
    _given: Segments | Callable[[], Segments] = field(repr=False, compare=False)

    @cached_property
    def _segments(self) -> Segments:
        given = self._given
        return given() if callable(given) else given

    def raw_start(self, index: int) -> int:
        """Raw offset where normalised character `index` begins."""
        norm_starts, raw_starts, _, copied = self._segments
        k = bisect_right(norm_starts, index) - 1
        if copied[k]:
            return raw_starts[k] + index - norm_starts[k]
        return raw_starts[k]

    def raw_end(self, index: int) -> int:
        """Raw offset just past normalised character `index`."""
        norm_starts, raw_starts, raw_ends, copied = self._segments
        k = bisect_right(norm_starts, index) - 1
        if copied[k]:
            return raw_starts[k] + index - norm_starts[k] + 1
        return raw_ends[k]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) of the normalised span [start, end); end > start."""
        return self.raw_start(start), self.raw_end(end - 1)

    @cached_property
    def _last_starts(self) -> tuple[int, ...]:
        """The raw start of each segment's last character (raw starts never decrease along the
        text): `norm_index` bisects them, not every character."""
        norm_starts, raw_starts, _, copied = self._segments
        ends = (*norm_starts[1:], len(self.text))
        return tuple(
            raw + (end - norm - 1 if kept else 0)
            for norm, raw, end, kept in zip(norm_starts, raw_starts, ends, copied, strict=True)
        )

    def norm_index(self, raw_offset: int) -> int:
        """First normalised index whose raw start is at or after `raw_offset` (the length of
        the text when there is none): the first segment that reaches it, then the place in it."""
        if not self.text:
            return 0
        k = bisect_left(self._last_starts, raw_offset)
        if k == len(self._last_starts):
            return len(self.text)
        norm_starts, raw_starts, _, copied = self._segments
        if copied[k]:
            return norm_starts[k] + max(0, raw_offset - raw_starts[k])
        return norm_starts[k]
