"""Masking a draft: the prose a reader reads, at the offsets of the file.

Owns the Markdown layer of a draft: front matter, code, comments, block and inline markup are
replaced by spaces (newlines kept), so every offset of the masked prose still points into the
file; citations (pandoc's `[@key]`) and `<!-- kzfacts ... -->` directives are read on the way.
Pure: text in, masked text out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Citation:
    """One cited key: `start`/`end` span `@key` in the draft; `bracket` the whole `[...]`."""

    key: str
    start: int
    end: int
    bracket: tuple[int, int]


@dataclass(frozen=True)
class Directive:
    """A `<!-- kzfacts ... -->` comment; `line` is the 1-based line its comment ends on."""

    kind: Literal["off", "on", "ignore-next-line"]
    start: int
    end: int
    line: int
    reason: str | None = None


class _Mask:
    """The draft's characters, with markup replaced by spaces (newlines kept)."""

    def __init__(self, text: str) -> None:
        self._lines = text.replace("\r", " ")  # where the newlines are: hiding keeps them
        self.chars = list(self._lines)
        self._joined: str | None = None  # the text as last joined, until something is hidden

    def hide(self, start: int, end: int) -> None:
        self._joined = None
        if self._lines.find("\n", start, end) < 0:  # a span within a line: at once
            self.chars[start:end] = " " * (end - start)
            return
        for i in range(start, end):
            if self.chars[i] != "\n":
                self.chars[i] = " "

    def text(self) -> str:
        if self._joined is None:
            self._joined = "".join(self.chars)
        return self._joined


_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})([^`]*)$")
_THEMATIC = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_ATX = re.compile(r"( {0,3}#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_SECTION_NUMBER = re.compile(r"(?:\d+\.)*\d+\.?(?=[ \t])")
_QUOTE_MARKERS = re.compile(r" {0,3}>(?:[ \t]?>)*[ \t]?")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?:\[[ xX]\][ \t]+)?|$)")
_LINK_DEFINITION = re.compile(r" {0,3}\[[^\]^][^\]]*\]:[ \t]*\S")
_FOOTNOTE_DEFINITION = re.compile(r" {0,3}\[\^[^\]\s]+\]:")
_TABLE_DELIMITER = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


@dataclass
class Blocks:
    """Line-level facts about the draft: where blocks must break, which lines stand alone."""

    break_before: set[int] = field(default_factory=set)
    alone: set[int] = field(default_factory=set)


def line_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _front_matter_end(lines: list[str]) -> int:
    """Number of lines of a leading YAML (---) or TOML (+++) block; 0 without one."""
    if not lines:
        return 0
    opener = lines[0].rstrip()
    if opener not in ("---", "+++"):
        return 0
    closers = ("---", "...") if opener == "---" else ("+++",)
    for i in range(1, len(lines)):
        if lines[i].rstrip() in closers:
            return i + 1
    return 0


def _table_lines(lines: list[str]) -> set[int]:
    """Lines of pipe tables: a header row, its delimiter row and the rows after it."""
    rows: set[int] = set()
    for i in range(1, len(lines)):
        if "|" in lines[i - 1] and "|" in lines[i] and _TABLE_DELIMITER.match(lines[i]):
            rows.update((i - 1, i))
            j = i + 1
            while j < len(lines) and "|" in lines[j] and lines[j].strip():
                rows.add(j)
                j += 1
    return rows


def _mask_blocks(text: str, mask: _Mask) -> Blocks:
    """Hide front matter, code blocks and block markup (headings, list markers, tables)."""
    blocks = Blocks()
    spans = line_spans(text)
    lines = [text[s:e].replace("\r", "") for s, e in spans]
    front = _front_matter_end(lines)
    for i in range(front):
        mask.hide(*spans[i])
    if front:
        blocks.break_before.add(front)
    tables = _table_lines(lines)
    fence: tuple[str, int] | None = None
    previous_blank = True
    previous_code = False
    in_list = False
    for i in range(front, len(lines)):
        line, (start, end) = lines[i], spans[i]
        if fence is not None:
            mask.hide(start, end)
            stripped = line.strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= fence[1]:
                fence = None
                blocks.break_before.add(i + 1)
            continue
        opening = _FENCE.match(line)
        if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            fence = (opening.group(1)[0], len(opening.group(1)))
            mask.hide(start, end)
            blocks.break_before.add(i)
            previous_blank, previous_code = False, False
            continue
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if not blank and indented and (previous_code or (previous_blank and not in_list)):
            mask.hide(start, end)
            blocks.break_before.update((i, i + 1))
            previous_blank, previous_code = False, True
            continue
        if blank:
            previous_blank = True
            continue
        previous_code = False
        if previous_blank and not indented and not _LIST_ITEM.match(line):
            in_list = False
        previous_blank = False
        if i in tables:
            for j, ch in enumerate(line):
                if ch == "|":
                    mask.hide(start + j, start + j + 1)
            if _TABLE_DELIMITER.match(line):
                mask.hide(start, end)
            blocks.alone.add(i)
            continue
        if _THEMATIC.match(line) or (_SETEXT.match(line) and i > front):
            mask.hide(start, end)
            blocks.alone.add(i)
            continue
        if _LINK_DEFINITION.match(line):
            mask.hide(start, end)
            blocks.alone.add(i)
            continue
        offset = 0
        quoted = _QUOTE_MARKERS.match(line)
        if quoted:
            mask.hide(start, start + quoted.end())
            offset = quoted.end()
        heading = _ATX.match(line, offset)
        if heading:
            mask.hide(start + offset, start + heading.end())
            closing = _ATX_CLOSE.search(line, heading.end())
            if closing:
                mask.hide(start + closing.start(), end)
            number = _SECTION_NUMBER.match(line, heading.end())
            if number:
                mask.hide(start + number.start(), start + number.end())
            blocks.alone.add(i)
            continue
        footnote = _FOOTNOTE_DEFINITION.match(line, offset)
        if footnote:
            mask.hide(start + offset, start + footnote.end())
            blocks.break_before.add(i)
            continue
        item = _LIST_ITEM.match(line, offset)
        if item:
            mask.hide(start + offset, start + item.end())
            blocks.break_before.add(i)
            in_list = True
    return blocks


_INLINE_OPENERS = re.compile(r"`+|<!--")
_DIRECTIVE = re.compile(r"\s*kzfacts\b(?P<rest>.*)", re.DOTALL | re.IGNORECASE)
_DIRECTIVE_BODY = re.compile(
    r"\s*(?P<kind>off|on|ignore-next-line)\b"
    r"(?:\s+reason\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|“(?P<cq>[^”]*)”))?\s*$",
    re.IGNORECASE,
)


def _mask_code_and_comments(
    text: str, mask: _Mask, *, markdown: bool
) -> tuple[list[Directive], list[tuple[int, str]]]:
    """Hide inline code and HTML comments, reading `kzfacts` directives from the comments.

    One left-to-right scan, since whichever opens first wins: a backtick inside a comment is
    not code, and `<!--` inside code is not a comment.
    """
    current = mask.text()
    directives: list[Directive] = []
    problems: list[tuple[int, str]] = []
    pos = 0
    while True:
        opener = _INLINE_OPENERS.search(current, pos)
        if opener is None:
            break
        if opener.group() == "<!--":
            close = current.find("-->", opener.end())
            end = len(current) if close == -1 else close + 3
            body = text[opener.end() : close if close != -1 else len(text)]
            _read_directive(text, body, opener.start(), end, directives, problems)
            mask.hide(opener.start(), end)
            pos = end
            continue
        if not markdown:
            pos = opener.end()
            continue
        run = opener.group()
        paragraph_end = re.compile(r"\n[ \t]*\n").search(current, opener.end())
        limit = paragraph_end.start() if paragraph_end else len(current)
        closing = re.compile(rf"(?<!`){run}(?!`)").search(current, opener.end(), limit)
        if closing is None:
            pos = opener.end()
            continue
        mask.hide(opener.start(), closing.end())
        pos = closing.end()
    return directives, problems


def _read_directive(
    text: str,
    body: str,
    start: int,
    end: int,
    directives: list[Directive],
    problems: list[tuple[int, str]],
) -> None:
    named = _DIRECTIVE.match(body)
    if named is None:
        return
    parsed = _DIRECTIVE_BODY.match(named.group("rest"))
    if parsed is None:
        problems.append(
            (
                start,
                f"unreadable directive <!--{' '.join(body.split())}-->: write "
                "<!-- kzfacts off -->, <!-- kzfacts on --> or "
                '<!-- kzfacts ignore-next-line reason="…" -->',
            )
        )
        return
    kind = parsed.group("kind").lower()
    reason = next((r for r in parsed.group("dq", "sq", "cq") if r is not None), None)
    line = text.count("\n", 0, end) + 1
    directives.append(Directive(kind, start, end, line, reason))  # type: ignore[arg-type]


# Pandoc: a key starts with a letter, digit or _, and may hold internal punctuation.
_KEY = r"-?@(?:\{(?P<braced>[^{}\s]+)\}|(?P<key>\w(?:[:.#$%&\-+?<>~/]*\w)*))"
_CITATION_KEY = re.compile(rf"(?:(?<=[\s;\[])|^){_KEY}")
_BRACKET = re.compile(r"(?<![!\]\\^])\[(?P<body>[^\[\]]*)\](?![(\[:])")


def _mask_citations(mask: _Mask) -> list[Citation]:
    current = mask.text()
    citations: list[Citation] = []
    for bracket in _BRACKET.finditer(current):
        body = bracket.group("body")
        if "@" not in body or ("\n" in body and re.search(r"\n[ \t]*\n", body)):
            continue
        offset = bracket.start("body")
        found = [
            Citation(
                m.group("braced") or m.group("key"),
                offset + m.start() + (1 if m.group().startswith("-") else 0),
                offset + m.end(),
                bracket.span(),
            )
            for m in _CITATION_KEY.finditer(body)
        ]
        if found:
            citations.extend(found)
            mask.hide(*bracket.span())
    return citations


_INLINE_MARKUP: tuple[tuple[re.Pattern[str], bool], ...] = (
    # (pattern, hide the whole match) — otherwise hide only the groups named "hide*"
    (re.compile(r"!\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])"), True),  # images
    (re.compile(r"\[\^[^\]\s]+\]"), True),  # footnote references
    (re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s]+)>"), True),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), True),  # HTML tags
    (re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"), True),  # entities
    (re.compile(r"(?P<hide1>\[)[^\[\]\n]*(?P<hide2>\]\([^)\n]*\))"), False),  # inline links
    (re.compile(r"(?P<hide1>\[)[^\[\]\n]+(?P<hide2>\]\[[^\[\]\n]*\])"), False),  # reference links
    (re.compile(r"(?P<hide1>\^\[)[^\[\]]*(?P<hide2>\])"), False),  # inline footnotes
    (re.compile(r"\\(?=[!-/:-@\[-`{-~])"), True),  # backslash escapes
    (re.compile(r"\*+|~~|(?<![^\W_])_+|_+(?![^\W_])"), True),  # emphasis, strikeout
)
_INLINE_MARKERS: tuple[tuple[str, ...], ...] = (
    ("![",), ("[^",), ("<",), ("<",), ("&",), ("](",), ("][",), ("^[",), ("\\",), ("*", "~~", "_"),
)  # fmt: skip
"""What every match of the `_INLINE_MARKUP` pattern in the same place holds one of: a text
holding none of them is not searched (most drafts hold no link, footnote or tag)."""


def _mask_inline_markup(mask: _Mask) -> None:
    for (pattern, whole), held in zip(_INLINE_MARKUP, _INLINE_MARKERS, strict=True):
        current = mask.text()
        if not any(marker in current for marker in held):
            continue
        for m in pattern.finditer(current):
            if whole:
                mask.hide(*m.span())
                continue
            for name, span in ((n, m.span(n)) for n in m.groupdict() if n.startswith("hide")):
                if name and span[0] != -1:
                    mask.hide(*span)


@dataclass(frozen=True)
class Masked:
    """A draft's masks: `shown` hides code and comments only; `prose` hides all markup."""

    shown: str
    prose: str
    layout: Blocks
    citations: list[Citation]
    directives: list[Directive]
    problems: list[tuple[int, str]]


def mask_draft(text: str, *, markdown: bool) -> Masked:
    """Mask a draft; plain text (`markdown=False`) loses only its comments and citations."""
    mask = _Mask(text)
    layout = _mask_blocks(text, mask) if markdown else Blocks()
    directives, problems = _mask_code_and_comments(text, mask, markdown=markdown)
    shown = mask.text()
    citations = _mask_citations(mask)
    if markdown:
        _mask_inline_markup(mask)
    return Masked(shown, mask.text(), layout, citations, directives, problems)
