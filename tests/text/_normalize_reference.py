"""The normaliser as first written: a frozen reference for the differential test of the faster one."""

# ruff: noqa
# mypy: ignore-errors
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from kzfacts.text.pages import blank_furniture

_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
# URLs are page furniture (the 2012 appeal's footers stand mid-sentence): read as whitespace.
_URL_LINE = r"(?:https?://|www\.)\S+"

# One scan finds everything whose length or shape changes; the rest is copied 1:1.
_TOKEN = re.compile(
    rf"(?P<dash>\s*[{_DASHES}]+\s*)"
    rf"|(?P<ws>\s*(?:[^\S ]|{_URL_LINE})(?:\s|{_URL_LINE})*| {{2,}})"
    r"|(?P<zw>[\u00ad\u200b\u200c\u200d\u2060\ufeff]+)"
    r"|(?P<other>[^\x00-\x7f])"
)
# A hyphen at a line end between letters: "govern-\nment" is one word, but the
# 2012 appeal also breaks real compounds there ("so-\n\ncalled"); the joined
# variant reads it as one word, the plain variant keeps the hyphen.
LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u2010][ \t]*\n\s*(?=[^\W\d_])")

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


@dataclass(frozen=True)
class Normalized:
    """Normalised text plus the segments that map it back to the raw text.

    A segment is (normalised start, raw start, raw end, copied). In a copied
    segment character i of the normalised text is character raw_start + (i -
    norm_start) of the raw text; otherwise every character of the segment stands
    for the whole raw range (a whitespace run, an ellipsis expanded to dots).
    """

    text: str
    raw_length: int
    _norm_starts: tuple[int, ...]
    _raw_starts: tuple[int, ...]
    _raw_ends: tuple[int, ...]
    _copied: tuple[bool, ...]

    def raw_start(self, index: int) -> int:
        """Raw offset where normalised character `index` begins."""
        k = bisect_right(self._norm_starts, index) - 1
        if self._copied[k]:
            return self._raw_starts[k] + index - self._norm_starts[k]
        return self._raw_starts[k]

    def raw_end(self, index: int) -> int:
        """Raw offset just past normalised character `index`."""
        k = bisect_right(self._norm_starts, index) - 1
        if self._copied[k]:
            return self._raw_starts[k] + index - self._norm_starts[k] + 1
        return self._raw_ends[k]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) of the normalised span [start, end); end > start."""
        return self.raw_start(start), self.raw_end(end - 1)

    def norm_index(self, raw_offset: int) -> int:
        """First normalised index whose raw start is at or after `raw_offset`."""
        lo, hi = 0, len(self.text)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.raw_start(mid) < raw_offset:
                lo = mid + 1
            else:
                hi = mid
        return lo


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.norm_starts: list[int] = []
        self.raw_starts: list[int] = []
        self.raw_ends: list[int] = []
        self.copied: list[bool] = []
        self.last = ""

    def add(self, out: str, raw_start: int, raw_end: int) -> None:
        if not out:
            return
        copied = len(out) == raw_end - raw_start
        if (
            copied
            and self.copied
            and self.copied[-1]
            and self.raw_ends[-1] == raw_start
            and self.norm_starts[-1] + (self.raw_ends[-1] - self.raw_starts[-1]) == self.length
        ):
            self.raw_ends[-1] = raw_end
        else:
            self.norm_starts.append(self.length)
            self.raw_starts.append(raw_start)
            self.raw_ends.append(raw_end)
            self.copied.append(copied)
        self.parts.append(out)
        self.length += len(out)
        self.last = out[-1]

    def build(self, raw_length: int) -> Normalized:
        if not self.norm_starts:
            self.norm_starts, self.raw_starts, self.raw_ends, self.copied = [0], [0], [0], [True]
        return Normalized(
            "".join(self.parts),
            raw_length,
            tuple(self.norm_starts),
            tuple(self.raw_starts),
            tuple(self.raw_ends),
            tuple(self.copied),
        )


def normalize(
    raw: str, *, fold_case: bool = True, join_line_end_hyphens: bool = False
) -> Normalized:
    """Normalise `raw` for matching and keep the map back to raw offsets.

    NFKC; curly, low and mismatched quote marks to straight ones; every dash to
    "-" with the spaces around it dropped ("time-18 years-it" = "time - 18 years -
    it"); the ellipsis character to "..."; soft hyphens and zero-width characters
    removed; whitespace runs, PDF hard line breaks, blank lines and URL-only lines
    to one space; Cyrillic look-alikes inside Latin words to Latin; case folded.
    """
    text = blank_furniture(fold_lookalikes(raw))
    out = _Builder()
    pos = 0
    pending_space: tuple[int, int] | None = None
    after_dash = False
    joins = (
        {m.start(): m.end() for m in LINE_END_HYPHEN.finditer(text)}
        if join_line_end_hyphens
        else {}
    )

    def flush_space() -> None:
        nonlocal pending_space
        if pending_space is not None:
            if out.length and out.last != " ":
                out.add(" ", *pending_space)
            pending_space = None

    def copy(start: int, end: int) -> None:
        nonlocal after_dash
        if start >= end:
            return
        chunk = text[start:end]
        if chunk[0] == " ":
            # A single space left between tokens: treat it like any whitespace run.
            handle_space(start, start + 1)
            start += 1
            chunk = chunk[1:]
            if not chunk:
                return
        flush_space()
        after_dash = False
        piece = chunk.lower().translate(_ASCII_FIX) if fold_case else chunk.translate(_ASCII_FIX)
        out.add(piece, start, end)

    def handle_space(start: int, end: int) -> None:
        nonlocal pending_space
        if after_dash:
            return
        pending_space = (start, end) if pending_space is None else (pending_space[0], end)

    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if start < pos:
            continue
        join_end = joins.get(start) if joins else None
        if join_end is None and joins and match.lastgroup == "dash":
            inner = start + len(match.group(0)) - len(match.group(0).lstrip())
            join_end = joins.get(inner)
            if join_end is not None:
                copy(pos, start)
                handle_space(start, inner)
                pos = join_end
                continue
        copy(pos, start)
        pos = end
        kind = match.lastgroup
        if join_end is not None:
            pos = join_end
            continue
        if kind == "ws":
            handle_space(start, end)
        elif kind == "dash":
            pending_space = None
            out.add("-", start, end)
            after_dash = True
        elif kind == "zw":
            continue
        else:
            folded = _fold_char(match.group(0), fold_case)
            if folded.isspace():
                handle_space(start, end)
                continue
            flush_space()
            after_dash = False
            out.add(folded, start, end)
    copy(pos, len(text))
    flush_space()
    return out.build(len(raw))


def squash(text: str) -> str:
    """The normalised form of a short string (a quote, a fragment), trimmed."""
    return normalize(text).text.strip()
