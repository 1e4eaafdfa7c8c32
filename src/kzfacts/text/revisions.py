"""What changed between two versions of a source around each quoted passage.

A source that changed is re-read by the passages its facts quote: each quote is anchored in
both versions, and the words around it (a window of `CONTEXT` characters each side) are
compared, so an editor sees whether a fact's evidence changed without reading the whole diff.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

from kzfacts.text.anchor import PreparedSource, anchor_quote
from kzfacts.text.pages import pages_of

CONTEXT = 200
_TOKEN = re.compile(r"\S+")


class PassageStatus(StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    GONE = "gone"  # not in the new version at all
    ABSENT = "absent"  # not in the old version either (a fact anchored in a later version)


@dataclass(frozen=True)
class Edit:
    """A run of words: kept ("="), removed ("-") or added ("+")."""

    op: str
    text: str


@dataclass(frozen=True)
class PassageChange:
    fact: str
    status: PassageStatus
    old_span: tuple[int, int] | None
    new_span: tuple[int, int] | None
    old_pages: tuple[int, int] | None  # the first and last, in a PDF
    new_pages: tuple[int, int] | None
    edits: tuple[Edit, ...]  # the window around the passage, old to new


def _span(quote: str, source: PreparedSource) -> tuple[int, int] | None:
    """Where the quote stands, even altered (its changed words are what the diff shows)."""
    anchor = anchor_quote(quote, source).anchor
    return (anchor.start, anchor.end) if anchor is not None else None


def _window(text: str, span: tuple[int, int], width: int = CONTEXT) -> str:
    start, end = span
    lo = text.rfind(" ", 0, max(0, start - width)) + 1
    hi = text.find(" ", min(len(text), end + width))
    return text[lo : hi if hi >= 0 else len(text)]


def _trimmed(edits: tuple[Edit, ...]) -> tuple[Edit, ...]:
    """Without the added words at either end: the new window is wider than the old one, so
    that a passage whose surroundings moved is compared with all of them."""
    kept = list(edits)
    while kept and kept[0].op == "+":
        kept.pop(0)
    while kept and kept[-1].op == "+":
        kept.pop()
    return tuple(kept)


def word_edits(old: str, new: str) -> tuple[Edit, ...]:
    """A word diff of two passages; layout (line breaks, spaces) is not a change."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    edits: list[Edit] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            edits.append(Edit("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            edits.append(Edit("-", " ".join(a[i1:i2])))
        if j2 > j1:
            edits.append(Edit("+", " ".join(b[j1:j2])))
    return tuple(edits)


def passage_changes(old: str, new: str, quotes: list[tuple[str, str]]) -> list[PassageChange]:
    """For each (fact id, quote): where it stands in `old` and `new`, and the words that changed
    around it."""
    old_source, new_source = PreparedSource(old), PreparedSource(new)
    changes: list[PassageChange] = []
    for fact, quote in quotes:
        old_span, new_span = _span(quote, old_source), _span(quote, new_source)
        old_pages = pages_of(old, *old_span) if old_span else None
        new_pages = pages_of(new, *new_span) if new_span else None
        edits: tuple[Edit, ...] = ()
        if old_span is None:
            status, edits = PassageStatus.ABSENT, ()
        elif new_span is None:
            status, edits = (
                PassageStatus.GONE,
                (Edit("-", " ".join(_TOKEN.findall(_window(old, old_span)))),),
            )
        else:
            edits = _trimmed(
                word_edits(_window(old, old_span), _window(new, new_span, CONTEXT + 80))
            )
            changed = any(e.op != "=" for e in edits)
            status = PassageStatus.CHANGED if changed else PassageStatus.UNCHANGED
        changes.append(PassageChange(fact, status, old_span, new_span, old_pages, new_pages, edits))
    return changes
