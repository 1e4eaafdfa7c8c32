"""Coverage: which values a document states that no fact cites (a new document's to-do list)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kzfacts.text.normalize import normalize, squash
from kzfacts.values import Value


@dataclass(frozen=True)
class Uncovered:
    mention: Value
    line: int


def passage_spans(text: str, passages: Sequence[str]) -> list[tuple[int, int]]:
    """Raw spans of every occurrence of each passage, found modulo layout noise."""
    norm = normalize(text)
    spans: list[tuple[int, int]] = []
    for passage in passages:
        needle = squash(passage)
        if not needle:
            continue
        pos = norm.text.find(needle)
        while pos != -1:
            spans.append(norm.raw_span(pos, pos + len(needle)))
            pos = norm.text.find(needle, pos + 1)
    return spans


def uncovered_mentions(
    text: str,
    mentions: Sequence[Value],
    cited: Sequence[tuple[int, int]],
    ignored: Sequence[tuple[int, int]],
) -> list[Uncovered]:
    """Mentions lying inside neither a cited span nor an ignored passage."""

    def inside(mention: Value, spans: Sequence[tuple[int, int]]) -> bool:
        return any(start <= mention.start and mention.end <= end for start, end in spans)

    return [
        Uncovered(m, text.count("\n", 0, m.start) + 1)
        for m in mentions
        if not inside(m, cited) and not inside(m, ignored)
    ]
