"""Quote anchoring: find where a source states a quote, then verify it is true to it.

Locating and verifying are separate steps. Locating tries the stored position,
then an exact find in the normalised source, then an approximate search
(rapidfuzz) in the few windows that share most of the quote's words. Verifying
is the token guard (`kzfacts.text.guard`). A quote may elide with "...", "…",
"[...]" or "[…]": every fragment must anchor, in order, close together, and an
elision may not leave out a negation or a qualifier of a number the quote keeps.
A quote starts and ends on a word boundary of the source: "2 May" cut out of
"12 May" is altered, not found.

The prepared source and the `Anchor` type live in `text.prepared`, the search for places in
`text.locate`; this module owns the verdict, the verification of a located span and the edges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import pairwise

from kzfacts.text.edges import EDGE_REACH, edge_words, elided_words
from kzfacts.text.guard import TokenClass, TokenDiff, compare_tokens, token_key
from kzfacts.text.limits import MAX_GAP
from kzfacts.text.locate import (
    Hit,
    closest_text,
    extend,
    locate_first,
    pick,
    raw_span,
    widen_to_words,
)
from kzfacts.text.normalize import LINE_END_HYPHEN, squash
from kzfacts.text.pages import PAGE_BREAK
from kzfacts.text.prepared import WORD, Anchor, PreparedSource
from kzfacts.text.stored_place import ELLIPSIS, stored_place, stored_text_at
from kzfacts.values.lazy import Lazy

# `Anchor` and `PreparedSource` are part of anchoring's interface (an anchor is what
# `anchor_quote` returns, a prepared source what it reads): callers import them from here.
__all__ = [
    "MAX_OVERHANG",
    "MIN_FRAGMENT_WORDS",
    "MIN_WORDS",
    "Anchor",
    "Anchoring",
    "PreparedSource",
    "Verdict",
    "anchor_quote",
    "contains_exactly",
    "moved_exactly",
    "raw_fragments",
    "split_fragments",
]

MIN_WORDS = 4
"""A quote of fewer words is too short to be evidence of anything."""
MIN_FRAGMENT_WORDS = 2
MAX_OVERHANG = 2
"""A quote whose first or last words (this many or more) stand nowhere beside the located
span says more than the source: not found, however well the rest matches."""

_QUOTE_WORD_MISSING = 1.0
_SOURCE_WORD_SKIPPED = 0.5
_ALIGNED = Lazy(r"\w+|[%$€£₸₽]")
"""What word alignment compares: words, and the signs that stand for words ("%", "percent")."""
_PER_CENT = Lazy(r"\bper cent\b")


class Verdict(StrEnum):
    EXACT = "exact"
    INEXACT = "inexact"
    ALTERED = "altered"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not-found"
    TOO_SHORT = "too-short"
    TOO_FAR_APART = "too-far-apart"


@dataclass(frozen=True)
class Anchoring:
    verdict: Verdict
    anchor: Anchor | None = None
    score: float = 0.0
    diffs: tuple[TokenDiff, ...] = ()
    candidates: tuple[tuple[int, int], ...] = ()
    closest: str | None = None
    gap: int = 0  # TOO_FAR_APART: how far apart the fragments stand (normalised characters)
    max_gap: int = MAX_GAP

    @property
    def accepted(self) -> bool:
        return self.verdict in (Verdict.EXACT, Verdict.INEXACT)

    @property
    def protected_diffs(self) -> tuple[TokenDiff, ...]:
        return tuple(d for d in self.diffs if d.protected)


def split_fragments(quote: str) -> list[str]:
    """The quote's fragments between elisions, normalised; empty ones dropped."""
    return [f for f in (squash(part) for part in ELLIPSIS.split(quote)) if f]


def raw_fragments(quote: str) -> list[str]:
    """The same fragments as the editor wrote them (case kept, for the token guard)."""
    return [part for part in ELLIPSIS.split(quote) if squash(part)]


def _word_count(text: str) -> int:
    return len(WORD.findall(text))


def contains_exactly(quote: str, source: PreparedSource) -> bool:
    """Every fragment of the quote stands in the source as written (modulo layout noise)."""
    fragments = split_fragments(quote)
    if not fragments:
        return False
    if all(f in source.plain.text for f in fragments):
        return True
    joined = source.joined  # built only when the plain reading lacks a fragment
    return joined is not None and all(f in joined.text for f in fragments)


def _refine(fragment: str, hit: Hit) -> Hit:
    """Re-find an approximate hit's edges by aligning words, with free gaps at both ends.

    A character alignment of the quote's length cuts a span short when the quote
    leaves words out; the token guard must see the whole stretch the quote stands
    for ("was released" against "was amnestied and released").
    """
    from rapidfuzz.distance import Indel  # loads on the fuzzy path only

    text = hit.form.text
    pad = len(fragment) // 4 + 10
    lo, hi = max(0, hit.start - pad), min(len(text), hit.end + pad)
    lo, hi = widen_to_words(text, lo, hi)  # a window edge must not cut a word in two
    quote_words = _ALIGNED.findall(_PER_CENT.sub("percent", fragment))
    window = list(_ALIGNED.finditer(text, lo, hi))
    if not quote_words or not window:
        return hit
    words = [m.group(0) for m in window]
    # "five" and "5" are one word here as in the guard, so a span does not lose its edge word.
    quote_keys, keys = [token_key(x) for x in quote_words], [token_key(x) for x in words]
    q, w = len(quote_words), len(words)
    # cost[i][j]: best alignment of quote_words[:i] ending at window word j, any start.
    # A source word the quote leaves out costs less than a quote word the source
    # lacks, and a misspelt word less than a different one: spans lean towards
    # covering what the quote skipped, so the guard sees it.
    cost: list[list[float]] = [[0.0] * (w + 1)] + [[float(i)] + [0.0] * w for i in range(1, q + 1)]
    start = [list(range(w + 1))] + [[0] * (w + 1) for _ in range(q)]
    for i in range(1, q + 1):
        for j in range(1, w + 1):
            a, b = quote_keys[i - 1], keys[j - 1]
            change = 0.0 if a == b else 2.0 * Indel.normalized_distance(a, b)
            diagonal = cost[i - 1][j - 1] + change
            up, left = cost[i - 1][j] + _QUOTE_WORD_MISSING, cost[i][j - 1] + _SOURCE_WORD_SKIPPED
            best = min(diagonal, up, left)
            cost[i][j] = best
            if best == diagonal:
                start[i][j] = start[i - 1][j - 1]
            elif best == left:
                start[i][j] = start[i][j - 1]
            else:
                start[i][j] = start[i - 1][j]
    end = min(range(1, w + 1), key=lambda j: (cost[q][j], start[q][j] - j))
    first = start[q][end]
    if first >= end:
        return hit
    low, high = _with_edge_marks(fragment, text, window[first].start(), window[end - 1].end())
    return Hit(low, high, hit.score, hit.form)


_LEADING_MARKS = Lazy(r"\A[^\w\s]+")
_TRAILING_MARKS = Lazy(r"[^\w\s]+\Z")


def _with_edge_marks(fragment: str, text: str, start: int, end: int) -> tuple[int, int]:
    """text[start:end], aligned word by word, widened over the marks the fragment itself opens
    or closes with (a quotation mark, a bracket, a full stop) where the text has them right
    there: the span the editor is shown then holds the closing quotation mark the quote has."""
    lead, trail = _LEADING_MARKS.search(fragment), _TRAILING_MARKS.search(fragment)
    if lead is not None and text[max(0, start - len(lead.group(0))) : start] == lead.group(0):
        start -= len(lead.group(0))
    if trail is not None and text.startswith(trail.group(0), end):
        end += len(trail.group(0))
    return start, end


def _reads_as(fragment: str, span: str) -> bool:
    """Whether `span` reads as `fragment` when each of its line-end hyphens is joined or kept as
    the fragment has it: "so-\ncalled" kept and "legislat-\nion" joined in one sentence."""

    def choose(match: re.Match[str]) -> str:
        head = re.search(r"[^\W\d_]+$", span[: match.start()])
        tail = re.match(r"[^\W\d_]+", span[match.end() :])
        word = (head.group(0) if head else "") + (tail.group(0) if tail else "")
        return "" if re.search(rf"\b{re.escape(word.casefold())}\b", fragment) else "-"

    if not LINE_END_HYPHEN.search(span):
        return False
    return squash(LINE_END_HYPHEN.sub(choose, span)) == fragment


def _verify(
    quote_fragments: list[str], written: list[str], chain: list[Hit], source: PreparedSource
) -> Anchoring:
    chain = [
        hit if hit.form.text[hit.start : hit.end] == fragment else _refine(fragment, hit)
        for fragment, hit in zip(quote_fragments, chain, strict=True)
    ]
    start, _ = raw_span(chain[0])
    _, end = raw_span(chain[-1])
    anchor = source.anchor_at(start, end)
    diffs: list[TokenDiff] = []
    exact = True
    for fragment, as_written, hit in zip(quote_fragments, written, chain, strict=True):
        if hit.form.text[hit.start : hit.end] == fragment:
            continue
        raw_start, raw_end = raw_span(hit)
        if any(
            _reads_as(fragment, source.reading[max(0, raw_start - lead) : raw_end + trail])
            for lead in range(3)
            for trail in range(3)
        ):  # the span was cut at word edges; the fragment may open or close on punctuation
            continue
        exact = False
        before = source.reading[max(0, raw_start - 80) : raw_start]
        diffs.extend(
            compare_tokens(as_written, source.reading[raw_start:raw_end], source_before=before)
        )
    for left, right in pairwise(chain):
        left_start, left_end = raw_span(left)
        right_start, right_end = raw_span(right)
        diffs.extend(
            elided_words(
                source.raw[left_start:left_end],
                source.raw[left_end:right_start],
                source.raw[right_start:right_end],
            )
        )
    score = min(h.score for h in chain)
    if exact and not diffs:
        return Anchoring(Verdict.EXACT, anchor, 100.0)
    if any(d.overhang >= MAX_OVERHANG for d in diffs):
        # The quote runs on past the place it was found: the source does not say it.
        return Anchoring(Verdict.NOT_FOUND, closest=anchor.exact)
    verdict = Verdict.ALTERED if any(d.protected for d in diffs) else Verdict.INEXACT
    return Anchoring(verdict, anchor, score, tuple(diffs), closest=anchor.exact)


def _word_around(raw: str, offset: int) -> str:
    """The whole word of the source that stands at `offset`."""
    start, end = offset, offset
    while start > 0 and raw[start - 1].isalnum():
        start -= 1
    while end < len(raw) and raw[end].isalnum():
        end += 1
    return raw[start:end]


def _check_edges(anchoring: Anchoring, source: PreparedSource) -> Anchoring:
    """An accepted span must start and end on word boundaries of the source, and may not
    leave a qualifier of its first or last number just outside ("300" of "about 300")."""
    anchor = anchoring.anchor
    if not anchoring.accepted or anchor is None:
        return anchoring
    raw, start, end = source.raw, anchor.start, anchor.end
    diffs: list[TokenDiff] = []
    for offset in (start, end):
        if 0 < offset < len(raw) and raw[offset - 1].isalnum() and raw[offset].isalnum():
            inside = raw[offset:end] if offset == start else raw[max(start, offset - 80) : offset]
            cut = re.match(r"\w*", inside) if offset == start else re.search(r"\w*$", inside)
            quoted = cut.group(0) if cut else inside
            diffs.append(TokenDiff(quoted, _word_around(raw, offset), (TokenClass.BOUNDARY,)))
    before, after = raw[max(0, start - EDGE_REACH) : start], raw[end : end + EDGE_REACH]
    diffs.extend(edge_words(before, anchor.exact, after))
    if not diffs:
        return anchoring
    return replace(
        anchoring,
        verdict=Verdict.ALTERED,
        diffs=(*anchoring.diffs, *diffs),
        closest=anchor.exact,
    )


def anchor_quote(
    quote: str,
    source: PreparedSource,
    *,
    hint: Anchor | None = None,
    max_gap: int = MAX_GAP,
) -> Anchoring:
    """Locate `quote` in `source` and verify it; `hint` is the stored anchor, if any.

    `max_gap` is how far apart (normalised characters) elided fragments may stand.
    """
    return _check_edges(_anchor(quote, source, hint, max_gap), source)


NEAR = 200
"""Characters searched either side of a moved quote's stored text: more than the token guard
(80) and the edge rules (40) read around a span."""


def moved_exactly(quote: str, source: PreparedSource, hint: Anchor) -> Anchoring | None:
    """What `anchor_quote` locates, before its edge rules, for a quote without elisions that
    stands, as its one fragment, where its stored text moved to (not at its stored place); None
    when it locates anything else there. The same steps as `_anchor`'s, in its order."""
    if ELLIPSIS.search(quote) is not None:  # then `ELLIPSIS.split` gives the quote alone
        return None
    fragment = squash(quote)
    moved = stored_text_at(hint, source.raw)
    if not fragment or _word_count(fragment) < MIN_WORDS or moved is None or moved == hint.start:
        return None
    place = (moved, moved + len(hint.exact))
    if stored_place(quote, fragment, source, hint, moved) != place:
        return None
    return Anchoring(Verdict.EXACT, source.anchor_at(*place), 100.0)


def _anchor_near(
    quote: str, source: PreparedSource, start: int, end: int, max_gap: int
) -> Anchoring | None:
    """The quote searched for only around raw[start:end], where its stored text stands (a quote
    worded otherwise than its source, which the stored-position test does not accept): the
    verdict of the text there, without normalising the whole source. None when it is not
    accepted there or is found off the stored text: then the whole source is searched."""
    low, high = max(0, start - NEAR), min(len(source.raw), end + NEAR)
    near = _anchor(quote, PreparedSource(source.raw[low:high]), None, max_gap)
    anchor = near.anchor
    if not near.accepted or anchor is None:
        return None
    if not (anchor.start < end - low and start - low < anchor.end):
        return None
    return replace(near, anchor=source.anchor_at(low + anchor.start, low + anchor.end))


def _anchor(quote: str, source: PreparedSource, hint: Anchor | None, max_gap: int) -> Anchoring:
    parts = ELLIPSIS.split(quote)  # as `split_fragments` and `raw_fragments`, squashed once
    squashed = [squash(part) for part in parts]
    fragments = [f for f in squashed if f]
    written = [part for part, f in zip(parts, squashed, strict=True) if f]
    if len(fragments) > 1 and _word_count(squash(quote)) >= MIN_WORDS:
        whole = squash(quote)
        # The source itself may hold the dots ("that “…foreigners"): then they are no elision.
        if whole in source.plain.text or (source.joined and whole in source.joined.text):
            fragments, written = [whole], [quote]
    if not fragments or sum(_word_count(f) for f in fragments) < MIN_WORDS:
        return Anchoring(Verdict.TOO_SHORT)
    # Before the source is normalised (its costliest step): a quote that stands at its stored
    # place, or where its stored text moved to, is found there (a quote found in the text is
    # never longer than the text, so the length test below cannot refuse it).
    if hint is not None and len(fragments) == 1:
        moved = stored_text_at(hint, source.raw)
        place = stored_place(quote, fragments[0], source, hint, moved)
        if place is not None:
            return Anchoring(Verdict.EXACT, source.anchor_at(*place), 100.0)
        # A PDF's page furniture is found on all its pages: its text is read whole.
        if moved is not None and PAGE_BREAK not in source.raw:
            near = _anchor_near(quote, source, moved, moved + len(hint.exact), max_gap)
            if near is not None:
                return near
    if sum(len(f) for f in fragments) > 1.1 * len(source.plain.text) + 10:
        return Anchoring(Verdict.NOT_FOUND, closest=closest_text(" ".join(fragments), source))
    if len(fragments) > 1 and any(_word_count(f) < MIN_FRAGMENT_WORDS for f in fragments):
        return Anchoring(Verdict.TOO_SHORT)

    firsts = pick(source, locate_first(fragments[0], source), hint)
    extended = [extend(fragments, f, source, max_gap) for f in firsts]
    chains = [c for c in extended if isinstance(c, list)]
    gaps = [g for g in extended if isinstance(g, int) and g > 0]
    if len(chains) > 1 and hint is not None:
        by_first = {id(c[0]): c for c in chains}
        picked = pick(source, [c[0] for c in chains], hint)
        chains = [by_first[id(h)] for h in picked]
    if not chains and gaps:
        return Anchoring(Verdict.TOO_FAR_APART, gap=min(gaps), max_gap=max_gap)
    if not chains:
        return Anchoring(Verdict.NOT_FOUND, closest=closest_text(" ".join(fragments), source))
    if len(chains) > 1:
        spans = tuple((raw_span(c[0])[0], raw_span(c[-1])[1]) for c in chains)
        return Anchoring(Verdict.AMBIGUOUS, score=chains[0][0].score, candidates=spans)
    return _verify(fragments, written, chains[0], source)
