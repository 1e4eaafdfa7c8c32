"""The copy-and-edit fast path of `text.normalize`: most texts are copied and edited only
where their length changes, instead of scanned token by token.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial

from kzfacts.text.normalized import (
    _DASHES,
    _HAS_COMBINING,
    Normalized,
    Segments,
    _fold_char,
)

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


_SPACE_RUN = re.compile("  +")
_EDITED_HYPHEN = re.compile(r"-(?<![^\s-]-)|-(?![^\s-])")
"""A hyphen that normalising edits or joins: one without a character on either side that is
neither whitespace nor another hyphen."""
_TO_SPACE = str.maketrans(dict.fromkeys(_ASCII_SPACES, " "))


def _spaces_only(raw: str, fold_case: bool) -> Normalized | None:
    """`normalize` of a text whose only edits are of its whitespace: ASCII without a backquote,
    a form feed (a page break, whose furniture is blanked), a URL or a hyphen but between two
    characters that are neither whitespace nor a hyphen ("so-called", kept as it is), as most
    short texts read around a quote are (a window of a hard-wrapped text). Each whitespace
    character reads as a space, a run of them as one (none at the start), the rest as it is
    (lower-cased with `fold_case`): the runs are found as runs of spaces once every whitespace
    character is one, without the token scan's or the edits' set-up; None for other texts."""
    if (
        not raw.isascii()
        or "`" in raw
        or "\f" in raw
        or "://" in raw
        or "www." in raw
        or ("-" in raw and _EDITED_HYPHEN.search(raw) is not None)
    ):
        return None
    spaced = raw.translate(_TO_SPACE)  # one for one: the runs stand where they stand in `raw`
    if fold_case:
        spaced = spaced.lower()
    lead = len(spaced) - len(spaced.lstrip(" "))
    edits = [(0, lead, 0)] if lead else []  # raw start, raw end, length of what stands there
    edits += [(match.start(), match.end(), 1) for match in _SPACE_RUN.finditer(spaced, lead)]
    text = _SPACE_RUN.sub(" ", spaced[lead:]) if len(edits) > bool(lead) else spaced[lead:]
    return Normalized(text, len(raw), partial(_segments, edits, len(raw)))


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
