"""Prose: a draft as sentences, each with the citations that belong to it.

Owns sentence splitting (of drafts and of plain source texts) and the parsed `Draft`; the
masking of markup it reads through lives in `checks.masking`. Pure: text in, sentences out.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # masking loads with the first draft: source sentences need none of it
    from kzfacts.checks.masking import Blocks, Citation, Directive

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".qmd", ".rmd"})


def is_markdown(path: str) -> bool:
    """Markdown by file suffix; anything else is read as plain text."""
    dot = path.rfind(".")
    return dot != -1 and path[dot:].lower() in MARKDOWN_SUFFIXES


@dataclass(frozen=True)
class Sentence:
    """A sentence of prose: `text` is the masked prose of [start, end) (markup as spaces)."""

    start: int
    end: int
    text: str
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Draft:
    text: str
    prose: str
    sentences: tuple[Sentence, ...]
    citations: tuple[Citation, ...]
    directives: tuple[Directive, ...]
    problems: tuple[tuple[int, str], ...] = ()
    """(offset, message) of directives that could not be read."""


_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]*(\S))")
"""A run of stops and closers, then space, then (group 1) the next sentence's first character
past its opening quotes: one match a candidate end, so the split makes no second search."""
_STOPS = ".!?…"
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_TOKEN_REACH = 64
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "no",
        "nos",
        "vs",
        "cf",
        "al",
        "e.g",
        "i.e",
        "art",
        "arts",
        "para",
        "paras",
        "sec",
        "ch",
        "vol",
        "vols",
        "p",
        "pp",
        "fig",
        "figs",
        "gen",
        "col",
        "lt",
        "sgt",
        "rev",
        "hon",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "govt",
        "approx",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "ed",
        "eds",
        "op",
        "cit",
        "ibid",
    ]
)


def _token_before(prose: str, start: int, end: int) -> str:
    """The run of non-space characters ending at `end` (not before `start`): the word a stop
    follows, found without searching the whole sentence before it."""
    low = max(start, end - _TOKEN_REACH)
    window = prose[low:end]
    if not window or window[-1].isspace():
        return ""
    token = window.rsplit(None, 1)[-1]
    if len(token) < len(window) or low == start:
        return token
    i = low  # a run longer than the window: walk back to its start
    while i > start and not prose[i - 1].isspace():
        i -= 1
    return prose[i:end]


def _is_abbreviation(token: str) -> bool:
    word = token.lstrip("\"'“‘([").lower()
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "E. Zhovtis"
    return word in ABBREVIATIONS or _INITIALS.fullmatch(word) is not None


def _stop_starts(prose: str, start: int, end: int) -> list[int]:
    """Where a stop character stands in prose[start:end], in order: found with `str.find`,
    which is many times faster than a pattern search stepping through every character."""
    found: list[int] = []
    for char in _STOPS:
        at = prose.find(char, start, end)
        while at != -1:
            found.append(at)
            at = prose.find(char, at + 1, end)
    found.sort()
    return found


def _split_block(prose: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in prose[start:end]: a stop, then space, then a capital letter."""
    spans: list[tuple[int, int]] = []
    cursor = start
    resume = start  # as a search would: a stop run is read once, from its first character
    match = _SENTENCE_END.match
    for at in _stop_starts(prose, start, end):
        if at < resume:
            continue
        stop = match(prose, at, end)
        if stop is None:
            continue
        stop_start, stop_end = at, stop.end()
        resume = stop_end
        if not stop.group(1).isupper():
            continue
        if (
            stop_end - stop_start == 1
            and prose[stop_start] == "."
            and _is_abbreviation(_token_before(prose, cursor, stop_start))
        ):
            continue
        spans.append((cursor, stop_end))
        cursor = stop.start(1)
        while cursor > stop_end and prose[cursor - 1] in "\"'“‘([":
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


def _blocks(prose: str, shown: str, layout: Blocks) -> list[tuple[int, int]]:
    """Paragraph-like runs of prose lines: broken by blank lines and block markup.

    A line is blank when nothing but space is left of it once code and comments are hidden
    (`shown`): a line holding only a citation still belongs to its paragraph.
    """
    from kzfacts.checks.masking import line_spans

    out: list[tuple[int, int]] = []
    current: list[tuple[int, int]] = []

    def flush() -> None:
        if current:
            out.append((current[0][0], current[-1][1]))
            current.clear()

    for i, (start, end) in enumerate(line_spans(prose)):
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
    from kzfacts.checks.masking import mask_draft

    masked = mask_draft(text, markdown=markdown)
    prose = masked.prose
    citations = masked.citations

    spans: list[tuple[int, int]] = []
    owners: list[tuple[int, int]] = []  # the stretch of prose whose citations a sentence owns
    for block_start, block_end in _blocks(prose, masked.shown, masked.layout):
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
        text,
        prose,
        sentences,
        tuple(citations),
        tuple(masked.directives),
        tuple(sorted(masked.problems)),
    )
