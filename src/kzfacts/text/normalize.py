"""Normalisation of source and quote text, with a map back to raw offsets.

Sources come from PDFs and web pages: hard line breaks, URL-only page footers in
the middle of sentences, curly and mismatched quote marks, dashes of every width.
An editor types a quote without any of that. Both sides go through `normalize`, so
a quote matches its source modulo layout noise, and every normalised offset maps
back to the raw text, so the stored anchor points at what the document really says.
"""

from __future__ import annotations

import re
import unicodedata

from kzfacts.text.normalize_edits import _by_edits, _non_ascii, _spaces_only
from kzfacts.text.normalized import (
    _COMBINING,
    _DASHES,
    _HAS_COMBINING,
    _URL_LINE,
    Normalized,
    _fold_char,
    fold_lookalikes,
)
from kzfacts.text.pages import blank_furniture

# `Normalized` and `fold_lookalikes` are part of normalisation's interface: callers import
# them from here.
__all__ = [
    "LINE_END_HYPHEN",
    "Normalized",
    "fold_lookalikes",
    "layout_folded",
    "line_and_column",
    "normalize",
    "plain_forms",
    "readings",
    "squash",
]


# One scan finds everything whose length or shape changes; the rest is copied 1:1. The
# lookahead lets the scan skip, in one step, every position where no token can start
# (letters, digits, single spaces), which is most of a text.
def _token_pattern(combining: bool) -> re.Pattern[str]:
    start = (
        rf"(?=[^\x00-\x7f]|[\t\n\r\f\v\x1c-\x1f{_DASHES}]| [\s{_DASHES}]"
        + (rf"|\S[{_COMBINING}]" if combining else "")
        + r"| (?:https?://|www\.)|https?://|www\.)"
    )
    return re.compile(
        start
        + rf"(?:(?P<dash>\s*[{_DASHES}]+\s*)"
        + rf"|(?P<ws>\s*(?:[^\S ]|{_URL_LINE})(?:\s|{_URL_LINE})*| {{2,}})"
        + r"|(?P<zw>[\u00ad\u200b\u200c\u200d\u2060\ufeff]+)"
        + rf"|(?P<composed>\S?[{_COMBINING}]+)"
        + r"|(?P<other>[^\x00-\x7f]))"
    )


_TOKEN = _token_pattern(combining=False)
# Looking for a letter before a combining mark at every position costs time: only in texts
# that hold combining marks.
_TOKEN_COMBINING = _token_pattern(combining=True)
# A hyphen at a line end between letters: "govern-\nment" is one word, but the
# 2012 appeal also breaks real compounds there ("so-\n\ncalled"); the joined
# variant reads it as one word, the plain variant keeps the hyphen. The hyphen comes first
# in the pattern, its letter in a look-behind: a search then stops only at hyphens, not at
# every character of a text (seven times faster on a 100 KB source).
LINE_END_HYPHEN = re.compile(r"[-\u2010](?<=[^\W\d_][-\u2010])[ \t]*\n\s*(?=[^\W\d_])")


_UPPER_TO_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ`", "abcdefghijklmnopqrstuvwxyz'")


def _copy_text(text: str, fold_case: bool) -> str:
    """The text with ASCII folded character for character; other characters stay as they are
    (each is a token of its own, folded on its own), so offsets do not move."""
    if not fold_case:
        return text.replace("`", "'")
    lowered = text.lower()
    if len(lowered) == len(text):  # every character lower-cased to one: offsets hold
        return lowered.replace("`", "'")
    return text.translate(_UPPER_TO_LOWER)


def normalize(
    raw: str, *, fold_case: bool = True, join_line_end_hyphens: bool = False
) -> Normalized:
    """Normalise `raw` for matching and keep the map back to raw offsets.

    NFKC; curly, low and mismatched quote marks to straight ones; every dash to
    "-" with the spaces around it dropped ("time-18 years-it" = "time - 18 years -
    it"); the ellipsis character to "..."; soft hyphens and zero-width characters
    removed; whitespace runs, PDF hard line breaks, blank lines and URLs to one
    space; the running headers, footers and page numbers of a PDF's pages (see
    `text.pages`) to whitespace too; Cyrillic look-alikes inside Latin words to Latin;
    case folded.
    """
    plain, joined = _readings(raw, fold_case, join_line_end_hyphens)
    return joined if join_line_end_hyphens else plain


def readings(raw: str) -> tuple[Normalized, Normalized]:
    """`normalize(raw)` and `normalize(raw, join_line_end_hyphens=True)`: from one scan of the
    text where the edits apply, the second costing little more than the first."""
    return _readings(raw, True, True)


def layout_folded(raw: str) -> tuple[str, frozenset[str]]:
    """What both normalisers read: `raw` with Cyrillic look-alikes folded and page furniture
    blanked (offsets hold), and the distinct non-ASCII characters of the folded text."""
    chars = _non_ascii(raw)
    text = raw
    if any("\u0400" <= char <= "\u04ff" for char in chars):
        text = fold_lookalikes(raw)
        chars = _non_ascii(text)
    return blank_furniture(text), chars


def _readings(raw: str, fold_case: bool, join: bool) -> tuple[Normalized, Normalized]:
    spaced = _spaces_only(raw, fold_case)  # no line-end hyphen: joined reads as plain
    if spaced is not None:
        return spaced, spaced
    text, chars = layout_folded(raw)
    fast = _by_edits(text, chars, fold_case, join)
    if fast is not None:
        return fast
    plain = _by_tokens(text, len(raw), fold_case, False)
    return plain, _by_tokens(text, len(raw), fold_case, True) if join else plain


def _by_tokens(
    text: str, raw_length: int, fold_case: bool, join_line_end_hyphens: bool
) -> Normalized:
    """The token scan: any text (the layout already folded), one token at a time."""
    copied_text = _copy_text(text, fold_case)
    parts: list[str] = []
    norm_starts: list[int] = []
    raw_starts: list[int] = []
    raw_ends: list[int] = []
    copied: list[bool] = []
    length = 0
    last = ""
    pending: tuple[int, int] | None = None  # a whitespace run waiting for the next output
    after_dash = False
    joins = (
        {m.start(): m.end() for m in LINE_END_HYPHEN.finditer(text)}
        if join_line_end_hyphens
        else {}
    )

    def emit(out: str, start: int, end: int) -> None:
        """Append output standing for raw [start, end); merge contiguous one-to-one pieces."""
        nonlocal pending, after_dash
        if pending is not None:
            if length and last != " ":
                _segment(" ", *pending)
            pending = None
        after_dash = False
        if out:
            _segment(out, start, end)

    def _segment(out: str, start: int, end: int) -> None:
        nonlocal length, last
        one_to_one = len(out) == end - start
        if (
            one_to_one
            and copied
            and copied[-1]
            and raw_ends[-1] == start
            and norm_starts[-1] + (raw_ends[-1] - raw_starts[-1]) == length
        ):
            raw_ends[-1] = end
        else:
            norm_starts.append(length)
            raw_starts.append(start)
            raw_ends.append(end)
            copied.append(one_to_one)
        parts.append(out)
        length += len(out)
        last = out[-1]

    def space(start: int, end: int) -> None:
        nonlocal pending
        if not after_dash:
            pending = (start, end) if pending is None else (pending[0], end)

    def copy(start: int, end: int) -> None:
        if start >= end:
            return
        if text[start] == " ":
            # A single space left between tokens: like any whitespace run.
            space(start, start + 1)
            start += 1
            if start == end:
                return
        emit(copied_text[start:end], start, end)

    pos = 0
    scanner = _TOKEN_COMBINING if _HAS_COMBINING.search(text) else _TOKEN
    for match in scanner.finditer(text):
        start, end = match.span()
        if start < pos:
            continue
        kind = match.lastgroup
        if joins:
            join_end = joins.get(start)
            if join_end is None and kind == "dash":
                token = match.group(0)
                inner = start + len(token) - len(token.lstrip())
                join_end = joins.get(inner)
                if join_end is not None:
                    copy(pos, start)
                    space(start, inner)
                    pos = join_end
                    continue
            if join_end is not None:
                copy(pos, start)
                pos = join_end
                continue
        copy(pos, start)
        pos = end
        if kind == "ws":
            space(start, end)
        elif kind == "dash":
            pending = None
            _segment("-", start, end)
            after_dash = True
        elif kind == "composed":
            composed = unicodedata.normalize("NFC", match.group(0))
            emit("".join(_fold_char(c, fold_case) for c in composed), start, end)
        elif kind == "other":
            folded = _fold_char(match.group(0), fold_case)
            if folded.isspace():
                space(start, end)
            else:
                emit(folded, start, end)
    copy(pos, len(text))
    if pending is not None and length and last != " ":
        _segment(" ", *pending)
    if not norm_starts:
        norm_starts, raw_starts, raw_ends, copied = [0], [0], [0], [True]
    return Normalized(
        "".join(parts),
        raw_length,
        (tuple(norm_starts), tuple(raw_starts), tuple(raw_ends), tuple(copied)),
    )


def plain_forms(text: str) -> str:
    """Compatibility characters read as what they stand for (the ligature "ﬁ" as "fi", a
    full-width "４" as "4"): the text values are read from. Offsets may move."""
    return unicodedata.normalize("NFKC", text)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset`; a line ends at LF, CRLF or a lone CR."""
    breaks = text.count("\n", 0, offset) + text.count("\r", 0, offset)
    breaks -= text.count("\r\n", 0, offset)
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    return breaks + 1, offset - line_start + 1


_EDITED_ASCII = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1f`-]")
"""ASCII characters that normalising edits besides their case: whitespace but the space, the
backquote, a dash (with the spaces beside it)."""


def _kept_but_case(text: str) -> bool:
    """Whether normalising `text` only lower-cases it: ASCII, with nothing `_EDITED_ASCII`
    matches, no run of spaces and no URL."""
    return (
        text.isascii()
        and _EDITED_ASCII.search(text) is None
        and "  " not in text
        and "://" not in text
        and "www." not in text
    )


def squash(text: str) -> str:
    """The normalised form of a short string (a quote, a fragment), trimmed: most quotes are
    only lower-cased (`_kept_but_case`), and are not scanned for tokens."""
    if _kept_but_case(text):
        return text.lower().strip()
    return normalize(text).text.strip()
