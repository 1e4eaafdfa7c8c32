"""Drafts: Markdown or plain-text prose whose every checkable claim must cite a fact.

A draft cites facts with pandoc's citation syntax, fact ids as keys: `[@zhovtis-sentence]`,
`[@a; @b]`, `[see @a, p. 2]`. `check_draft` reads the prose as the reader sees it — front
matter, code and markup masked to spaces, so every offset still points into the file — splits it
into sentences, finds the values each sentence states with the same parser that checks facts'
quotes, and reports:

- `unsourced-claim`: a sentence states a value and cites no fact (with up to three facts whose
  entity and value match the sentence, found through indexes, never by comparing every fact);
- `unknown-fact`: a cited id is not a fact;
- `claim-mismatch`: the sentence states a value of the cited fact's type and none of those
  values can be the fact's ("five years" citing a four-year sentence);
- `cites-broken-fact`: the cited fact failed the last audit;
- `cites-removed-fact`: the cited fact was removed (with the editor's reason).

Suppressions work as in prose linters (`<!-- kzfacts off -->` … `<!-- kzfacts on -->`,
`<!-- kzfacts ignore-next-line reason="…" -->`) and are counted, so a CI log shows how much was
silenced. Pure: text and facts in, findings out.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal, NamedTuple

from rapidfuzz import fuzz, process, utils

from kzfacts.checks.findings import Code, Finding, Location
from kzfacts.text.names import fold_name
from kzfacts.values import (
    STATUS_NAMES,
    Value,
    ValueType,
    canonical_status,
    find_values,
    overlaps,
    supports,
)
from kzfacts.values.dates import MONTHS
from kzfacts.values.numbers import SMALL
from kzfacts.values.quantities import CURRENCIES
from kzfacts.values.vague import QUANTITY_WORDS

__all__ = [
    "Citation",
    "Directive",
    "Draft",
    "DraftResult",
    "EntityRecord",
    "FactBase",
    "FactRecord",
    "Sentence",
    "Suggestion",
    "check_draft",
    "claims_in",
    "is_markdown",
    "parse_draft",
]

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".qmd", ".rmd"})
MAX_SUGGESTIONS = 3
MAX_ID_LOOKUPS = 50
COMMON_PART = 500
"""A name part shared by more entities than this (a common given name, "Kazakhstan") finds
no candidates on its own: they must be found by a rarer part, or by a surname."""
SUGGESTION_CUTOFF = 60.0
"""Least entity score (0-100) for a suggestion: most of the entity's name is in the sentence,
or a person's surname is."""

# A date without a year in a draft has no publication date to take one from. Claims are found
# with this stand-in year; a yearless date is compared with a fact only after taking the year of
# the fact's source (as the fact itself did).
_STAND_IN = date(2000, 1, 1)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def is_markdown(path: str) -> bool:
    """Markdown by file suffix; anything else is read as plain text."""
    dot = path.rfind(".")
    return dot != -1 and path[dot:].lower() in MARKDOWN_SUFFIXES


# --------------------------------------------------------------------------------------------
# The parsed draft
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """One cited key: `start`/`end` span `@key` in the draft; `bracket` the whole `[...]`."""

    key: str
    start: int
    end: int
    bracket: tuple[int, int]


@dataclass(frozen=True)
class Sentence:
    """A sentence of prose: `text` is the masked prose of [start, end) (markup as spaces)."""

    start: int
    end: int
    text: str
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Directive:
    """A `<!-- kzfacts ... -->` comment; `line` is the 1-based line its comment ends on."""

    kind: Literal["off", "on", "ignore-next-line"]
    start: int
    end: int
    line: int
    reason: str | None = None


@dataclass(frozen=True)
class Draft:
    text: str
    prose: str
    sentences: tuple[Sentence, ...]
    citations: tuple[Citation, ...]
    directives: tuple[Directive, ...]
    problems: tuple[tuple[int, str], ...] = ()
    """(offset, message) of directives that could not be read."""


# --------------------------------------------------------------------------------------------
# Masking: the prose a reader reads, at the offsets of the file
# --------------------------------------------------------------------------------------------


class _Mask:
    """The draft's characters, with markup replaced by spaces (newlines kept)."""

    def __init__(self, text: str) -> None:
        self.chars = list(text.replace("\r", " "))

    def hide(self, start: int, end: int) -> None:
        for i in range(start, end):
            if self.chars[i] != "\n":
                self.chars[i] = " "

    def text(self) -> str:
        return "".join(self.chars)


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
class _Blocks:
    """Line-level facts about the draft: where blocks must break, which lines stand alone."""

    break_before: set[int] = field(default_factory=set)
    alone: set[int] = field(default_factory=set)


def _line_spans(text: str) -> list[tuple[int, int]]:
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


def _mask_blocks(text: str, mask: _Mask) -> _Blocks:
    """Hide front matter, code blocks and block markup (headings, list markers, tables)."""
    blocks = _Blocks()
    spans = _line_spans(text)
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
        if "@" not in body or re.search(r"\n[ \t]*\n", body):
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


def _mask_inline_markup(mask: _Mask) -> None:
    for pattern, whole in _INLINE_MARKUP:
        current = mask.text()
        for m in pattern.finditer(current):
            if whole:
                mask.hide(*m.span())
                continue
            for name, span in ((n, m.span(n)) for n in m.groupdict() if n.startswith("hide")):
                if name and span[0] != -1:
                    mask.hide(*span)


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_NEXT_START = re.compile(r"\s+[\"'“‘(\[]*(?P<first>\S)")
ABBREVIATIONS = _words(
    "mr mrs ms dr prof st no nos vs cf al e.g i.e art arts para paras sec ch vol vols p pp "
    "fig figs gen col lt sgt rev hon jr sr inc ltd co corp dept govt approx jan feb mar "
    "apr jun jul aug sep sept oct nov dec ed eds op cit ibid"
)


def _token_before(prose: str, start: int, end: int) -> str:
    """The run of non-space characters ending at `end` (not before `start`): the word a stop
    follows, found without searching the whole sentence before it."""
    i = end
    while i > start and not prose[i - 1].isspace():
        i -= 1
    return prose[i:end]


def _is_abbreviation_token(token: str) -> bool:
    word = token.lstrip("\"'“‘([").lower()
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "E. Zhovtis"
    return word in ABBREVIATIONS or bool(re.fullmatch(r"(?:[^\W\d_]\.)+[^\W\d_]", word))


def _split_block(prose: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in prose[start:end]: a stop, then space, then a capital letter."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for stop in _SENTENCE_END.finditer(prose, start, end):
        following = _NEXT_START.match(prose, stop.end(), end)
        if following is None or not following.group("first").isupper():
            continue
        if stop.group() == "." and _is_abbreviation_token(
            _token_before(prose, cursor, stop.start())
        ):
            continue
        spans.append((cursor, stop.end()))
        cursor = following.start("first")
        while cursor > stop.end() and prose[cursor - 1] in "\"'“‘([":
            cursor -= 1
    spans.append((cursor, end))
    trimmed: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and prose[s].isspace():
            s += 1
        while e > s and prose[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a plain text (a source document). Blank lines do not end a sentence:
    documents converted from PDF put them between the lines of one."""
    return _split_block(text, 0, len(text))


def _blocks(prose: str, shown: str, layout: _Blocks) -> list[tuple[int, int]]:
    """Paragraph-like runs of prose lines: broken by blank lines and block markup.

    A line is blank when nothing but space is left of it once code and comments are hidden
    (`shown`): a line holding only a citation still belongs to its paragraph.
    """
    out: list[tuple[int, int]] = []
    current: list[tuple[int, int]] = []

    def flush() -> None:
        if current:
            out.append((current[0][0], current[-1][1]))
            current.clear()

    for i, (start, end) in enumerate(_line_spans(prose)):
        if i in layout.break_before or i in layout.alone:
            flush()
        if not shown[start:end].strip():
            flush()
            continue
        current.append((start, end))
        if i in layout.alone:
            flush()
    flush()
    return out


def parse_draft(text: str, *, markdown: bool = True) -> Draft:
    """The draft's sentences (with the citations that belong to each), citations and directives.

    A citation belongs to the sentence it stands in, or to the one before it when it follows
    that sentence's final stop ("… four years. [@a]").
    """
    mask = _Mask(text)
    layout = _mask_blocks(text, mask) if markdown else _Blocks()
    directives, problems = _mask_code_and_comments(text, mask, markdown=markdown)
    shown = mask.text()
    citations = _mask_citations(mask)
    if markdown:
        _mask_inline_markup(mask)
    prose = mask.text()

    spans: list[tuple[int, int]] = []
    owners: list[tuple[int, int]] = []  # the stretch of prose whose citations a sentence owns
    for block_start, block_end in _blocks(prose, shown, layout):
        found = _split_block(prose, block_start, block_end)
        for n, (s, e) in enumerate(found):
            own_start = block_start if n == 0 else s
            own_end = found[n + 1][0] if n + 1 < len(found) else block_end
            spans.append((s, e))
            owners.append((own_start, own_end))
    starts = [o[0] for o in owners]
    cited: dict[int, list[Citation]] = defaultdict(list)
    for citation in citations:
        k = bisect.bisect_right(starts, citation.start) - 1
        if k >= 0 and citation.start < owners[k][1]:
            cited[k].append(citation)
    sentences = tuple(
        Sentence(s, e, prose[s:e], tuple(cited.get(k, ()))) for k, (s, e) in enumerate(spans)
    )
    return Draft(
        text, prose, sentences, tuple(citations), tuple(directives), tuple(sorted(problems))
    )


# --------------------------------------------------------------------------------------------
# Claims
# --------------------------------------------------------------------------------------------

_CLAIM_TYPES = frozenset(
    {ValueType.DURATION, ValueType.DATE, ValueType.COUNT, ValueType.MONEY, ValueType.PERCENT}
)
_YEARS_ONLY = re.compile(
    r"(?:(?:from|between|in)\s+)?(?:19|20)\d\d"
    r"(?:\s*(?:-|–|—|to|until|and|through)\s*(?:\d\d)?\d\d)?s?",
    re.IGNORECASE,
)
_IDENTIFIER_BEFORE = re.compile(
    r"(?:\b(?:articles?|paragraphs?|paras?|sections?|chapters?|pages?|parts?|clauses?|"
    r"annex(?:es)?|resolutions?)\.?|\b(?:arts?|no|nos|sec|ch|pp?|vol)\.|§|#|№)\s*$",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]+")
_MONTH_WORD = re.compile(rf"\b(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\b", re.I)
# Words without which a sentence states no claim (see `claims_in`): number words, vague
# quantities, units of time, months and seasons, currencies, percent. Tested against every
# sentence of the seed corpus; a sentence that cites a fact is always parsed in full.
_TRIGGER_WORDS = frozenset(
    set(SMALL)
    | {"hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion"}
    | {"billions", "dozen", "dozens", "half", "mln", "bn"}
    | {word for phrase in QUANTITY_WORDS for word in phrase.split() if len(word) > 2}
    | {"hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years"}
    | {"decade", "decades", "spring", "summer", "autumn", "fall", "winter"}
    | set(MONTHS)
    | {word for name in CURRENCIES for word in _WORD.findall(name)}
    | {"percent", "pct", "cent", "tenge", "euro", "euros"}
)
_TRIGGER_SYMBOLS = re.compile(r"[\d%$€£₸]")


def _may_state_a_value(text: str) -> bool:
    """Cheap test that `find_values` could find a claim; it is the costly part of a check."""
    if _TRIGGER_SYMBOLS.search(text):
        return True
    return any(word in _TRIGGER_WORDS for word in _WORD.findall(text.lower()))


def _relative_date(mention: Value) -> bool:
    """ "today", "last year", "two months ago": relative to a moment the draft does not fix."""
    return not _DIGIT.search(mention.text) and not _MONTH_WORD.search(mention.text)


def _identifier(text: str, mention: Value) -> bool:
    """A number that names something ("Article 164", "No. 5"), not a quantity."""
    return mention.type is ValueType.COUNT and bool(
        _IDENTIFIER_BEFORE.search(text, 0, mention.start)
    )


def _comparable(text: str, mentions: Sequence[Value]) -> list[Value]:
    """Mentions a cited fact's value is compared with (statuses and bare years included)."""
    return [
        m
        for m in mentions
        if not (m.type is ValueType.DATE and _relative_date(m)) and not _identifier(text, m)
    ]


def claims_in(text: str, mentions: Sequence[Value]) -> list[Value]:
    """The mentions that make a sentence a checkable claim.

    Every number, date, duration, amount or percent the value parser finds, except: statuses
    (not in the list), a year on its own or a span of years ("in 2009", "2005–2014": the frame of
    a sentence, or part of a name), relative dates ("last year"), the word "one" ("one of the
    …"), and numbers that name something ("Article 164", "No. 5").
    """
    claims: list[Value] = []
    for m in _comparable(text, mentions):
        if m.type not in _CLAIM_TYPES:
            continue
        if m.type is ValueType.DATE and _YEARS_ONLY.fullmatch(m.text.strip()):
            continue
        if m.type is ValueType.COUNT and m.text.strip().lower() == "one":
            continue
        claims.append(m)
    return claims


# --------------------------------------------------------------------------------------------
# The facts a draft is checked against
# --------------------------------------------------------------------------------------------


class FactRecord(NamedTuple):
    """What a check needs of one fact (a tuple: a hundred thousand are loaded at once)."""

    id: str
    entity: str | None
    predicate: str
    value_type: str | None
    value: str
    low: float | None
    high: float | None
    unit: str | None
    category: str | None
    quote: str | None
    source: str | None
    published: date | None


class EntityRecord(NamedTuple):
    id: str
    kind: str
    names: tuple[str, ...]  # the canonical name first, then the aliases


@dataclass(frozen=True)
class Suggestion:
    fact: str
    entity: str
    value: str
    predicate: str
    score: float

    def describe(self) -> str:
        return f"[@{self.fact}] ({self.entity}: {self.predicate} {self.value})"


_NAME_STOPWORDS = _words(
    "the of and for in on at to a an by with its his her their from against after before "
    "de del la le von van mr mrs ms dr president"
)
_PARENTHESES = re.compile(r"\([^()]*\)")


_Interval = tuple[float, float, str]
"""A fact's value bounds and its id."""
_NameKey = tuple[frozenset[str], str]
"""A name as its significant folded parts, and its surname when it is a person's."""


def _name_score(
    words: tuple[str, ...], names: tuple[_NameKey, ...], *, score_cutoff: float | None = None
) -> float:
    """How much of an entity's name a sentence's words hold (0-100), best over its names.

    A part counts when the sentence has it (after transliteration folding) or a word at least
    85% like it ("protest" / "protested"); a person's surname alone scores 90.
    """
    present = set(words)
    best = 0.0
    for parts, surname in names:
        matched = {
            p
            for p in parts
            if p in present
            or process.extractOne(p, words, scorer=fuzz.ratio, score_cutoff=85) is not None
        }
        score = 100.0 * len(matched) / len(parts)
        if surname and surname in matched:
            score = max(score, 90.0)
        best = max(best, score)
    return best if score_cutoff is None or best >= score_cutoff else 0.0


class _Intervals:
    """Values of one (entity, type, unit), found by overlap without a scan of them all.

    Finite intervals go into tiers by width (powers of two); in a tier every interval starts
    no earlier than `query low - tier width`, so one bisect bounds the candidates. Open-ended
    intervals are few and scanned.
    """

    def __init__(self, items: Iterable[tuple[float, float, str]]) -> None:
        tiers: dict[int, list[tuple[float, float, str]]] = defaultdict(list)
        self._open: list[tuple[float, float, str]] = []
        for low, high, fact_id in items:
            if math.isinf(low) or math.isinf(high):
                self._open.append((low, high, fact_id))
                continue
            width = high - low
            tiers[math.frexp(width)[1] if width > 0 else -1075].append((low, high, fact_id))
        self._tiers: list[tuple[float, list[float], list[tuple[float, float, str]]]] = []
        for exponent, members in tiers.items():
            members.sort()
            self._tiers.append((math.ldexp(1.0, exponent), [m[0] for m in members], members))

    def overlapping(self, low: float, high: float) -> list[str]:
        found = [i for lo, hi, i in self._open if lo <= high and low <= hi]
        for width, lows, members in self._tiers:
            first = bisect.bisect_left(lows, low - width)
            last = bisect.bisect_right(lows, high)
            found.extend(i for lo, hi, i in members[first:last] if hi >= low)
        return found


class FactBase:
    """Every fact, indexed once: by id, by entity name parts, by entity + type + value.

    `broken` maps a fact id to the codes of the error findings the last audit reported on it;
    `removed` maps a removed fact's id to the reason it was removed.
    """

    def __init__(
        self,
        facts: Iterable[FactRecord],
        entities: Iterable[EntityRecord] = (),
        broken: Mapping[str, Sequence[str]] | None = None,
        audit_run: int | None = None,
        removed: Mapping[str, str] | None = None,
    ) -> None:
        self.facts: dict[str, FactRecord] = {f.id: f for f in facts}
        self.removed: dict[str, str] = dict(removed or {})
        self.entities: dict[str, EntityRecord] = {e.id: e for e in entities}
        self.broken: dict[str, tuple[str, ...]] = {
            k: tuple(sorted(set(v))) for k, v in (broken or {}).items()
        }
        self.audit_run = audit_run
        self._values: dict[str, Value | None] = {}
        self._groups: dict[str, dict[tuple[str, str], list[_Interval]]] | None = None
        self._indexes: dict[tuple[str, str, str], _Intervals] = {}
        self._parts: dict[str, set[str]] | None = None
        self._decisive: dict[str, set[str]] = {}
        self._name_keys: dict[str, tuple[_NameKey, ...]] = {}
        self._folded: dict[str, str] = {}
        self._closest: dict[str, list[str]] = {}
        self._ids: list[str] = []
        self._id_words: list[str] | None = None

    def __len__(self) -> int:
        return len(self.facts)

    def get(self, fact_id: str) -> FactRecord | None:
        return self.facts.get(fact_id)

    def entity_name(self, fact: FactRecord) -> str:
        entity = self.entities.get(fact.entity or "")
        return entity.names[0] if entity and entity.names else (fact.entity or "?")

    def value(self, fact_id: str) -> Value | None:
        """The fact's value as stored (open bounds are NULL); None when it cannot be compared."""
        if fact_id not in self._values:
            self._values[fact_id] = self._value(self.facts[fact_id])
        return self._values[fact_id]

    @staticmethod
    def _value(fact: FactRecord) -> Value | None:
        try:
            value_type = ValueType(fact.value_type or "")
        except ValueError:
            return None
        if value_type is ValueType.STATUS:
            category = fact.category or canonical_status(fact.value)
            if category is None:
                return None
            index = float(STATUS_NAMES.index(category)) if category in STATUS_NAMES else 0.0
            return Value(value_type, index, index, fact.value, "status", category=category)
        if not fact.unit or (fact.low is None and fact.high is None):
            return None
        low = -math.inf if fact.low is None else fact.low
        high = math.inf if fact.high is None else fact.high
        return Value(value_type, low, high, fact.value, fact.unit)

    # -- unknown ids ---------------------------------------------------------------------------

    def closest_ids(self, key: str) -> list[str]:
        """Fact ids most like a mistyped or shortened one ("zhanaozen-death-toll").

        One rapidfuzz pass over the ids' words, cached per key; after `MAX_ID_LOOKUPS` distinct
        unknown keys no more are looked up, so a draft citing another database stays fast.
        """
        if key not in self._closest:
            if len(self._closest) >= MAX_ID_LOOKUPS:
                return []
            if self._id_words is None:
                self._ids = list(self.facts)
                self._id_words = [utils.default_process(i) for i in self._ids]
            found = process.extract(
                utils.default_process(key),
                self._id_words,
                scorer=fuzz.token_set_ratio,
                processor=None,
                limit=MAX_SUGGESTIONS,
                score_cutoff=80,
            )
            best = found[0][1] if found else 0.0
            self._closest[key] = [self._ids[i] for _w, score, i in found if score >= best - 5]
        return self._closest[key]

    # -- suggestions ---------------------------------------------------------------------------

    def _fold(self, word: str) -> str:
        folded = self._folded.get(word)
        if folded is None:
            folded = self._folded[word] = fold_name(word)
        return folded

    def _significant_parts(self, name: str) -> frozenset[str]:
        words = _PARENTHESES.sub(" ", name).split()
        parts = {self._fold(w) for w in words if w.lower().strip(".,'’") not in _NAME_STOPWORDS}
        return frozenset(p for word in parts for p in word.split() if len(p) > 1 or p.isdigit())

    def _surname(self, name: str) -> str:
        words = _PARENTHESES.sub(" ", name).split()
        folded = self._fold(words[-1]).split() if words else []
        return folded[-1] if folded else ""

    def _build(self) -> None:
        """Name parts → entities, and (entity, type, unit) → values: built on first use."""
        self._parts = defaultdict(set)
        self._decisive = defaultdict(set)
        for entity in self.entities.values():
            keys: list[_NameKey] = []
            for name in entity.names:
                parts = self._significant_parts(name)
                if not parts:
                    continue
                surname = self._surname(name) if entity.kind == "person" else ""
                keys.append((parts, surname if surname in parts else ""))
                for part in parts:
                    self._parts[part].add(entity.id)
                if len(parts) == 1:
                    self._decisive[next(iter(parts))].add(entity.id)
                elif surname in parts:
                    self._decisive[surname].add(entity.id)
            self._name_keys[entity.id] = tuple(keys)
        grouped: dict[str, dict[tuple[str, str], list[_Interval]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for fact in self.facts.values():
            if (
                fact.entity is None
                or not fact.unit
                or fact.value_type in (None, ValueType.STATUS.value)
                or (fact.low is None and fact.high is None)
            ):
                continue
            low = -math.inf if fact.low is None else fact.low
            high = math.inf if fact.high is None else fact.high
            grouped[fact.entity][(fact.value_type or "", fact.unit)].append((low, high, fact.id))
        self._groups = grouped

    def _intervals(self, entity_id: str, value_type: str, unit: str) -> _Intervals | None:
        """The entity's values of one type and unit, indexed on first use."""
        key = (entity_id, value_type, unit)
        index = self._indexes.get(key)
        if index is None:
            assert self._groups is not None
            items = self._groups[entity_id].get((value_type, unit))
            if items is None:
                return None
            index = self._indexes[key] = _Intervals(items)
        return index

    def suggest(self, sentence: str, claims: Sequence[Value]) -> list[Suggestion]:
        """Up to three facts whose entity the sentence names and whose value a claim overlaps."""
        if self._groups is None or self._parts is None:
            self._build()
        assert self._groups is not None and self._parts is not None
        words = frozenset(
            part
            for w in re.findall(r"[^\W_]+", sentence)
            if w.lower() not in _NAME_STOPWORDS
            for part in self._fold(w).split()
        )
        candidates: set[str] = set()
        for word in words:
            candidates.update(self._decisive.get(word, ()))
            sharing = self._parts.get(word, ())
            if len(sharing) <= COMMON_PART:
                candidates.update(sharing)
        claims = [c for c in claims if not c.year_inferred]
        facts: dict[str, list[str]] = {}
        for entity_id in candidates:
            if entity_id not in self._groups:
                continue
            found: list[str] = []
            for claim in claims:
                index = self._intervals(entity_id, claim.type.value, claim.unit)
                if index is not None:
                    found.extend(index.overlapping(claim.low, claim.high))
            if found:
                facts[entity_id] = found
        if not facts:
            return []
        ranked = process.extract(
            tuple(sorted(words)),
            {entity_id: self._name_keys.get(entity_id, ()) for entity_id in facts},
            scorer=_name_score,
            processor=None,
            limit=None,
            score_cutoff=SUGGESTION_CUTOFF,
        )
        scored: list[tuple[float, int, str]] = []
        for _choice, score, entity_id in ranked:
            for fact_id in set(facts[entity_id]):
                value = self.value(fact_id)
                closeness = 2
                if value is not None:
                    if any(c.low == value.low and c.high == value.high for c in claims):
                        closeness = 0
                    elif any(supports(c, value) for c in claims):
                        closeness = 1
                scored.append((-score, closeness, fact_id))
        scored.sort()
        out: list[Suggestion] = []
        for negative_score, _closeness, fact_id in scored[:MAX_SUGGESTIONS]:
            fact = self.facts[fact_id]
            out.append(
                Suggestion(
                    fact_id, self.entity_name(fact), fact.value, fact.predicate, -negative_score
                )
            )
        return out


# --------------------------------------------------------------------------------------------
# The check
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftResult:
    path: str
    findings: list[Finding]
    sentences: int
    claims: int
    citations: int
    suppressions: int
    suppressed: list[Finding]
    problems: list[str]


@dataclass(frozen=True)
class _Raw:
    finding: Finding
    start: int
    end: int
    sentence: tuple[int, int] | None


def _shown(mention: Value) -> str:
    """A mention as the report quotes it: one line, without a possessive's apostrophe."""
    return "'" + " ".join(mention.text.split()).rstrip("'’") + "'"


def _quoted(mentions: Sequence[Value]) -> str:
    return ", ".join(_shown(m) for m in mentions)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _check_citation(citation: Citation, base: FactBase) -> Finding | None:
    fact = base.get(citation.key)
    if fact is None and citation.key in base.removed:
        return Finding(
            Code.CITES_REMOVED_FACT,
            f"cites [@{citation.key}], which was removed: {base.removed[citation.key]} — cite "
            f"another fact (`kzfacts fact history {citation.key}` shows what it said)",
            citation.key,
            detail={"reason": base.removed[citation.key]},
        )
    if fact is None:
        closest = base.closest_ids(citation.key)
        hint = (
            ": did you mean " + " or ".join(f"[@{c}]" for c in closest) + "?"
            if closest
            else ": `kzfacts fact list` shows the ids, `kzfacts fact add` adds a fact"
        )
        return Finding(
            Code.UNKNOWN_FACT,
            f"cites [@{citation.key}], which is not a fact id{hint}",
            citation.key,
            detail={"did_you_mean": closest},
        )
    codes = base.broken.get(fact.id)
    if codes:
        run = f" (run {base.audit_run})" if base.audit_run is not None else ""
        return Finding(
            Code.CITES_BROKEN_FACT,
            f"cites [@{fact.id}], which the last audit{run} found broken: {', '.join(codes)} — "
            "fix the fact or its source, then run `kzfacts audit` again",
            fact.id,
            fact.source,
            {"audit_codes": list(codes), "audit_run": base.audit_run},
        )
    return None


def _stated(mention: Value, fact: FactRecord) -> Value | None:
    """The mention as the fact would read it: a yearless date takes the year of its source."""
    if not mention.year_inferred:
        return mention
    if fact.published is None:
        return None
    again = find_values(mention.text, ValueType.DATE, reference=fact.published)
    return again[0] if len(again) == 1 else None


def _mismatch(
    said: str, mentions: Sequence[Value], fact: FactRecord, value: Value
) -> tuple[Finding, Value] | None:
    """`claim-mismatch` when the sentence states values of the fact's type and none can be it."""
    stated = [s for m in mentions if m.type is value.type and (s := _stated(m, fact)) is not None]
    if not stated or any(overlaps(s, value) for s in stated):
        return None
    says = ", ".join(f"{_shown(s)} ({s.describe()})" for s in stated)
    quote = _flat(fact.quote or "")
    message = (
        f"the sentence says {says}, but [@{fact.id}] is {fact.value!r} ({value.describe()})"
        + (f'; its source says: "{quote}"' if quote else "")
    )
    detail = {
        "quote": fact.quote,
        "value": fact.value,
        "stated": [s.text for s in stated],
        "sentence": _flat(said),
    }
    return Finding(Code.CLAIM_MISMATCH, message, fact.id, fact.source, detail), stated[0]


def _unsourced(sentence: Sentence, said: str, claims: Sequence[Value], base: FactBase) -> Finding:
    suggestions = base.suggest(sentence.text, claims)
    noun = "claim" if len(claims) == 1 else "claims"
    verb = "cites" if len(claims) == 1 else "cite"
    if suggestions:
        hint = "cite the fact that states it, e.g. " + ", ".join(s.describe() for s in suggestions)
    else:
        hint = "cite the fact that states it, or add one with `kzfacts fact add`"
    return Finding(
        Code.UNSOURCED_CLAIM,
        f"{noun} {_quoted(claims)} {verb} no fact: {hint}",
        detail={
            "claims": [m.text for m in claims],
            "sentence": _flat(said),
            "suggestions": [
                {"fact": s.fact, "entity": s.entity, "predicate": s.predicate, "value": s.value}
                for s in suggestions
            ],
        },
    )


_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|while|but|whereas)\b", re.IGNORECASE)
"""Where a sentence's next clause begins: a citation covers the claims of its own clause."""


def _uncovered(sentence: Sentence, claims: Sequence[Value]) -> list[Value]:
    """Claims no citation covers: a citation covers the claims of its own clause that stand
    before it ("on 15 January 2012 [@a], and five officers were convicted in May 2012": the
    second clause is unsourced). A citation after the sentence's stop covers its last clause."""
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(sentence.text)]
    marks = [
        (bisect.bisect_right(breaks, c.start - sentence.start), c.start - sentence.start)
        for c in sentence.citations
    ]
    return [
        claim
        for claim in claims
        if not any(
            clause == bisect.bisect_right(breaks, claim.start) and at >= claim.end
            for clause, at in marks
        )
    ]


def _sentence_findings(sentence: Sentence, said: str, base: FactBase) -> tuple[list[_Raw], bool]:
    """The sentence's own findings (not its citations'), and whether it states a claim.

    `said` is the sentence as written (with its markup and citations), for the report.
    """
    cited = bool(sentence.citations)
    if not cited and not _may_state_a_value(sentence.text):
        return [], False
    mentions = find_values(sentence.text, reference=_STAND_IN)
    claims = claims_in(sentence.text, mentions)
    span = (sentence.start, sentence.end)
    raws: list[_Raw] = []
    unsourced = _uncovered(sentence, claims) if cited else claims
    if unsourced:
        first = unsourced[0]
        finding = _unsourced(sentence, said, unsourced, base)
        raws.append(_Raw(finding, sentence.start + first.start, sentence.start + first.end, span))
    comparable = _comparable(sentence.text, mentions)
    seen: set[str] = set()
    for citation in sentence.citations:
        if citation.key in seen or citation.key not in base.facts:
            continue
        seen.add(citation.key)
        value = base.value(citation.key)
        if value is None:
            continue
        found = _mismatch(said, comparable, base.facts[citation.key], value)
        if found is not None:
            finding, where = found
            raws.append(
                _Raw(finding, sentence.start + where.start, sentence.start + where.end, span)
            )
    return raws, bool(claims)


class _Locator:
    """`findings.locate`, with the line starts found once: a draft may have many findings."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def _point(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def __call__(self, start: int, end: int | None = None) -> Location:
        line, column = self._point(start)
        if end is None:
            return Location(self.path, line, column)
        end_line, end_column = self._point(end)
        return Location(self.path, line, column, end_line, end_column)


def _line_bounds(text: str, line: int) -> tuple[int, int]:
    spans = _line_spans(text)
    return spans[line - 1] if 0 < line <= len(spans) else (len(text), len(text))


def _suppressed_by(draft: Draft) -> tuple[list[tuple[int, int]], list[tuple[int, int]], int]:
    """Offset ranges switched off, line ranges to ignore, and how many suppressions there are."""
    regions: list[tuple[int, int]] = []
    ignored: list[tuple[int, int]] = []
    off_at: int | None = None
    count = 0
    lines = draft.text.split("\n")
    for directive in draft.directives:
        if directive.kind == "off":
            count += 1
            if off_at is None:
                off_at = directive.end
        elif directive.kind == "on":
            if off_at is not None:
                regions.append((off_at, directive.start))
                off_at = None
        else:
            count += 1
            target = directive.line  # 0-based index of the line after the directive's
            while target < len(lines) and not lines[target].strip():
                target += 1
            if target < len(lines):
                ignored.append(_line_bounds(draft.text, target + 1))
    if off_at is not None:
        regions.append((off_at, len(draft.text)))
    return regions, ignored, count


def check_draft(
    path: str, text: str, base: FactBase, *, markdown: bool | None = None
) -> DraftResult:
    """Check one draft against the facts; `path` is how findings name the file."""
    draft = parse_draft(text, markdown=is_markdown(path) if markdown is None else markdown)
    raws: list[_Raw] = []
    claims = 0
    owner: dict[Citation, tuple[int, int]] = {}
    for sentence in draft.sentences:
        said = text[sentence.start : sentence.end]
        found, claim = _sentence_findings(sentence, said, base)
        raws.extend(found)
        claims += claim
        for citation in sentence.citations:
            owner[citation] = (sentence.start, sentence.end)
    for citation in draft.citations:
        problem = _check_citation(citation, base)
        if problem is not None:
            raws.append(_Raw(problem, citation.start, citation.end, owner.get(citation)))

    regions, ignored, count = _suppressed_by(draft)

    def silenced(raw: _Raw) -> bool:
        if any(start <= raw.start < end for start, end in regions):
            return True
        touched = raw.sentence or (raw.start, raw.end)
        return any(touched[0] <= end and start <= touched[1] for start, end in ignored)

    findings: list[Finding] = []
    suppressed: list[Finding] = []
    where = _Locator(path, text)
    for raw in sorted(raws, key=lambda r: (r.start, r.finding.code.value, r.finding.fact or "")):
        located = replace(raw.finding, location=where(raw.start, raw.end))
        (suppressed if silenced(raw) else findings).append(located)
    unmatched = [
        (d.start, "<!-- kzfacts on --> without an earlier <!-- kzfacts off -->")
        for d in _unmatched_on(draft.directives)
    ]
    problems = [
        f"{path}:{where(offset).line}: {message}"
        for offset, message in sorted([*draft.problems, *unmatched])
    ]
    return DraftResult(
        path,
        findings,
        len(draft.sentences),
        claims,
        len(draft.citations),
        count,
        suppressed,
        problems,
    )


def _unmatched_on(directives: Sequence[Directive]) -> list[Directive]:
    off = False
    unmatched: list[Directive] = []
    for directive in directives:
        if directive.kind == "off":
            off = True
        elif directive.kind == "on":
            if not off:
                unmatched.append(directive)
            off = False
    return unmatched
