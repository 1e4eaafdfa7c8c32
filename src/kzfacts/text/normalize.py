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
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial

from kzfacts.text.pages import blank_furniture

# Combining marks: a letter followed by them is composed (NFC) before it is folded (NFKC), so
# a source in decomposed form ("e" + U+0301, as macOS and some PDF tools write) matches a
# quote typed precomposed ("é").
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
# URLs are page furniture (the 2012 appeal's footers stand mid-sentence): read as whitespace.
_URL_LINE = r"(?:https?://|www\.)\S+"


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
_HAS_COMBINING = re.compile(f"[{_COMBINING}]")
# A hyphen at a line end between letters: "govern-\nment" is one word, but the
# 2012 appeal also breaks real compounds there ("so-\n\ncalled"); the joined
# variant reads it as one word, the plain variant keeps the hyphen. The hyphen comes first
# in the pattern, its letter in a look-behind: a search then stops only at hyphens, not at
# every character of a text (seven times faster on a 100 KB source).
LINE_END_HYPHEN = re.compile(r"[-\u2010](?<=[^\W\d_][-\u2010])[ \t]*\n\s*(?=[^\W\d_])")

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


_ASCII_BYTES = bytes(range(128))
_DASH_CHARS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
_ZERO_WIDTH = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_ASCII_SPACES = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
# Searched for apart, each from its literal start ("http", "www."): many times faster than
# one pattern that starts with either.
_URL_PATTERNS = (re.compile(r"https?://\S+"), re.compile(r"www\.\S+"))
_FROM_SPACE = frozenset(("dash", "ws", "run"))
# A URL with a dash beside its run of whitespace: the token scan gives the dash a narrower raw
# span than whitespace would get, so such a text takes the token scan.
_THEN_DASH = re.compile(rf"\s*+[{_DASHES}]")


def _non_ascii(text: str) -> frozenset[str]:
    """The distinct non-ASCII characters of `text`. Its UTF-8 without the ASCII bytes is the
    UTF-8 of those characters: two byte-level passes, many times faster than a regex."""
    if text.isascii():
        return frozenset()
    found = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return frozenset(found.decode("utf-8", "surrogatepass"))


def _urls(text: str) -> list[tuple[int, int]]:
    """The spans of the URLs in `text`, as `_URL_LINE` finds them from left to right."""
    spans: list[tuple[int, int]] = []
    if "://" not in text and "www." not in text:
        return spans
    found = sorted(m.span() for pattern in _URL_PATTERNS for m in pattern.finditer(text))
    for start, end in found:
        if not spans or start >= spans[-1][1]:
            spans.append((start, end))
    return spans


def _dash_before(text: str, start: int) -> bool:
    """Whether a dash stands before `start`, whitespace apart."""
    while start and text[start - 1].isspace():
        start -= 1
    return bool(start) and text[start - 1] in _DASH_CHARS


@lru_cache(maxsize=4096)
def _alone(char: str, fold_case: bool) -> str | None:
    """What a non-ASCII character stands for wherever it stands, or None when its reading
    depends on its neighbours (combining and zero-width characters, folds with spaces)."""
    if char.isspace():
        return " "
    if char in _DASH_CHARS:
        return "-"
    if char in _ZERO_WIDTH or _HAS_COMBINING.match(char):
        return None
    out = _fold_char(char, fold_case)
    if not out or any(c.isspace() for c in out) or (fold_case and out.lower() != out):
        return None
    return out


_BREAKS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
"""Every whitespace character but the space."""


@lru_cache(maxsize=256)
def _edit_pattern(longer: str, join: bool, spaces: bool) -> re.Pattern[str]:
    """Whatever changes length: a whitespace run of two or more (or one opening the text), a
    dash with whitespace or dashes beside it, a line-end hyphen to join, a character in `longer`
    (it folds to more or fewer characters). It opens with one character class, so a search
    skips at C speed to the next candidate. Without `spaces` the class leaves out the space (a
    sixth of a text): a run or dash token that starts with a space then starts one character
    before the match, for a text without two spaces in a row."""
    join_alt = r"(?P<join>(?<=[^\W\d_][-\u2010])[ \t]*\n\s*(?=[^\W\d_]))|" if join else ""
    other = f"|(?<=[{longer}])" if longer else ""
    after_space = "" if spaces else r"|(?<= .)"
    return re.compile(
        rf"[{' ' if spaces else ''}{_BREAKS}{_DASHES}{longer}](?:"
        rf"(?<=\s)(?:(?P<dash>\s*[{_DASHES}]+\s*)|(?P<ws>\s+|(?<=\A\s){after_space}))"
        rf"|(?<=[{_DASHES}])(?:{join_alt}(?P<run>[{_DASHES}]+\s*|\s+{after_space}))"
        rf"{other})",
        re.DOTALL,
    )


def _by_edits(
    text: str, chars: frozenset[str], fold_case: bool, join: bool
) -> tuple[Normalized, Normalized] | None:
    """`normalize` by copying the text and editing only where its length changes, for a text
    whose every non-ASCII character reads the same wherever it stands (see `_alone`); None
    for other texts. A 100 KB source takes a few hundred edits (its blank lines) instead of a
    token for every line break, quote mark and dash. Gives the plain reading and, with `join`,
    the joined one (else the plain one again): a line-end hyphen is a dash token in the one
    and a deletion of the same span in the other, so one scan makes both."""
    copy = text
    urls = _urls(text)
    if urls:
        if any(_dash_before(text, start) or _THEN_DASH.match(text, end) for start, end in urls):
            return None
        pieces, last = [], 0
        for start, end in urls:
            pieces += [text[last:start], "\n" * (end - start)]
            last = end
        copy = text = "".join([*pieces, text[last:]])
        chars = _non_ascii(text) if chars else chars
    longer: list[str] = []
    replace: dict[str, str] = {}
    for char in chars:
        out = _alone(char, fold_case)
        if out is None:
            return None
        if len(out) != 1:
            longer.append(char)
        elif out != char:
            replace[char] = out
    # One replacement after another is fastest, unless one would replace what another put in.
    if len(replace) > 16 or any(out in replace for out in replace.values()):
        copy = copy.translate({ord(char): out for char, out in replace.items()})
    else:
        for char, out in replace.items():
            copy = copy.replace(char, out)
    for char in _ASCII_SPACES:
        if char in copy:
            copy = copy.replace(char, " ")
    copy = copy.replace("`", "'")
    if fold_case:
        copy = copy.lower()
        if len(copy) != len(text):
            return None
    parts: list[str] = []
    edits: list[tuple[int, int, int]] = []  # raw start, raw end, length of what stands there
    joins: list[int] = []  # which edits join a line-end hyphen
    pos = 0
    spaces = text.startswith(" ") or "  " in text
    for match in _edit_pattern("".join(sorted(longer)), join, spaces).finditer(text):
        start, end = match.span()
        kind = match.lastgroup
        if not spaces and kind in _FROM_SPACE and start > pos and text[start - 1] == " ":
            start -= 1
        if kind == "ws":
            out = " " if start else ""
        elif kind == "join":
            out = ""
            joins.append(len(edits))
        elif kind is None:
            out = _alone(text[start], fold_case) or ""
        else:
            out = "-"
        parts += (copy[pos:start], out)
        edits.append((start, end, len(out)))
        pos = end
    parts.append(copy[pos:])
    joined = Normalized("".join(parts), len(text), partial(_segments, edits, len(text)))
    if not joins:
        return joined, joined
    plain_edits = list(edits)
    for k in joins:
        parts[2 * k + 1] = "-"
        start, end, _ = edits[k]
        plain_edits[k] = (start, end, 1)
    plain = Normalized("".join(parts), len(text), partial(_segments, plain_edits, len(text)))
    return plain, joined


def _segments(edits: list[tuple[int, int, int]], size: int) -> Segments:
    """The segments of a text copied but for `edits`: a copied segment between two edits, and
    one for what each edit puts in (a deletion puts in nothing)."""
    norm_starts: list[int] = []
    raw_starts: list[int] = []
    raw_ends: list[int] = []
    copied: list[bool] = []
    length = pos = 0
    for start, end, size_out in [*edits, (size, size, 0)]:
        if start > pos:
            norm_starts.append(length)
            raw_starts.append(pos)
            raw_ends.append(start)
            copied.append(True)
            length += start - pos
        if size_out:
            norm_starts.append(length)
            raw_starts.append(start)
            raw_ends.append(end)
            copied.append(False)
            length += size_out
        pos = end
    if not norm_starts:
        return (0,), (0,), (0,), (True,)
    return tuple(norm_starts), tuple(raw_starts), tuple(raw_ends), tuple(copied)


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


def _readings(raw: str, fold_case: bool, join: bool) -> tuple[Normalized, Normalized]:
    chars = _non_ascii(raw)
    text = raw
    if any("\u0400" <= char <= "\u04ff" for char in chars):
        text = fold_lookalikes(raw)
        chars = _non_ascii(text)
    text = blank_furniture(text)
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


def squash(text: str) -> str:
    """The normalised form of a short string (a quote, a fragment), trimmed."""
    return normalize(text).text.strip()
