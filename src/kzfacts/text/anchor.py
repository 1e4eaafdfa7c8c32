"""Quote anchoring: find where a source states a quote, then verify it is true to it.

Locating and verifying are separate steps. Locating tries the stored position,
then an exact find in the normalised source, then an approximate search
(rapidfuzz) in the few windows that share most of the quote's words. Verifying
is the token guard (`kzfacts.text.guard`). A quote may elide with "...", "…",
"[...]" or "[…]": every fragment must anchor, in order, close together, and an
elision may not leave out a negation or a qualifier of a number the quote keeps.
A quote starts and ends on a word boundary of the source: "2 May" cut out of
"12 May" is altered, not found.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from itertools import pairwise

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from kzfacts.text.edges import edge_words, elided_words
from kzfacts.text.guard import TokenClass, TokenDiff, compare_tokens, token_key
from kzfacts.text.limits import MAX_GAP
from kzfacts.text.normalize import (
    LINE_END_HYPHEN,
    Normalized,
    line_and_column,
    normalize,
    squash,
)
from kzfacts.text.pages import blank_furniture

MIN_WORDS = 4
"""A quote of fewer words is too short to be evidence of anything."""
MIN_FRAGMENT_WORDS = 2
APPROXIMATE_CUTOFF = 88.0
"""rapidfuzz partial_ratio a located span needs: about a tenth of the quote may differ."""
AMBIGUITY_MARGIN = 2.0
"""Two places scoring within this margin of each other are equally good: do not guess."""
MAX_OVERHANG = 2
"""A quote whose first or last words (this many or more) stand nowhere beside the located
span says more than the source: not found, however well the rest matches."""
CONTEXT_CHARS = 32
"""Length of the stored prefix and suffix (W3C TextQuoteSelector)."""

_QUOTE_WORD_MISSING = 1.0
_SOURCE_WORD_SKIPPED = 0.5
_ELLIPSIS = re.compile(r"\s*\[?\s*(?:\.\s?\.\s?\.|…)\s*\]?\s*")
_WORD = re.compile(r"\w+")
_ALIGNED = re.compile(r"\w+|[%$€£₸₽]")
"""What word alignment compares: words, and the signs that stand for words ("%", "percent")."""
_PER_CENT = re.compile(r"\bper cent\b")


class Verdict(StrEnum):
    EXACT = "exact"
    INEXACT = "inexact"
    ALTERED = "altered"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not-found"
    TOO_SHORT = "too-short"
    TOO_FAR_APART = "too-far-apart"


@dataclass(frozen=True)
class Anchor:
    """Where a quote stands in its source: W3C TextQuote + TextPosition selectors."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


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


@dataclass
class _Form:
    """One normalised reading of a source, with a lazily built word index."""

    norm: Normalized
    _index: dict[str, list[int]] | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return self.norm.text

    def word_positions(self) -> dict[str, list[int]]:
        if self._index is None:
            index: dict[str, list[int]] = defaultdict(list)
            for match in _WORD.finditer(self.norm.text):
                index[match.group(0)].append(match.start())
            self._index = dict(index)
        return self._index


class PreparedSource:
    """A source text normalised once, for anchoring many quotes against it."""

    def __init__(self, raw: str) -> None:
        self.raw = raw

    @cached_property
    def plain(self) -> _Form:
        return _Form(normalize(self.raw))

    @cached_property
    def reading(self) -> str:
        """The raw text with a PDF's running headers and footers blanked (same offsets): what
        the token guard and the stored-position check read, as the normaliser does."""
        return blank_furniture(self.raw)

    @cached_property
    def lowered(self) -> str:
        """The raw text lower-cased: a cheap first look before normalising it."""
        return self.raw.lower()

    @cached_property
    def joined(self) -> _Form | None:
        """The reading with line-end hyphens joined ("govern-\\nment"), if it differs."""
        if not LINE_END_HYPHEN.search(self.raw):
            return None
        joined = normalize(self.raw, join_line_end_hyphens=True)
        return None if joined.text == self.plain.text else _Form(joined)

    @property
    def forms(self) -> list[_Form]:
        joined = self.joined
        return [self.plain] if joined is None else [self.plain, joined]

    def line_of(self, offset: int) -> int:
        return line_and_column(self.raw, offset)[0]

    def anchor_at(self, start: int, end: int) -> Anchor:
        return Anchor(
            start=start,
            end=end,
            exact=self.raw[start:end],
            prefix=self.raw[max(0, start - CONTEXT_CHARS) : start],
            suffix=self.raw[end : end + CONTEXT_CHARS],
        )


@dataclass(frozen=True)
class _Hit:
    start: int  # normalised offsets in the form
    end: int
    score: float
    form: _Form


def split_fragments(quote: str) -> list[str]:
    """The quote's fragments between elisions, normalised; empty ones dropped."""
    return [f for f in (squash(part) for part in _ELLIPSIS.split(quote)) if f]


def raw_fragments(quote: str) -> list[str]:
    """The same fragments as the editor wrote them (case kept, for the token guard)."""
    return [part for part in _ELLIPSIS.split(quote) if squash(part)]


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _exact_hits(fragment: str, form: _Form, lo: int = 0, hi: int | None = None) -> list[_Hit]:
    text = form.text
    hits: list[_Hit] = []
    end = len(text) if hi is None else min(hi, len(text))
    pos = text.find(fragment, lo, end)
    while pos != -1:
        hits.append(_Hit(pos, pos + len(fragment), 100.0, form))
        pos = text.find(fragment, pos + 1, end)
    return hits


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """An alignment may cut a word at its edges; a cut number would look altered."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def _cuts_a_word(text: str, start: int, end: int) -> bool:
    """Does text[start:end] begin or end inside a word ("2 May" of "12 May")?"""
    return (0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum()) or (
        0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
    )


def _whole_words_first(hits: list[_Hit]) -> list[_Hit]:
    """Hits on word boundaries when there are any: a cut one is only reported, never chosen."""
    whole = [h for h in hits if not _cuts_a_word(h.form.text, h.start, h.end)]
    return whole or hits


def _align(fragment: str, form: _Form, lo: int, hi: int, cutoff: float) -> _Hit | None:
    text = form.text
    lo, hi = max(0, lo), min(len(text), hi)
    if hi <= lo:
        return None
    result = fuzz.partial_ratio_alignment(fragment, text[lo:hi], score_cutoff=cutoff)
    if result is None:
        return None
    start, end = _widen_to_words(text, lo + result.dest_start, lo + result.dest_end)
    # partial_ratio slides the shorter string along the longer one: a quote longer
    # than its source would "match" the whole source. Score the span itself.
    score = fuzz.ratio(fragment, text[start:end])
    if score < cutoff:
        return None
    return _Hit(start, end, score, form)


def _candidate_windows(fragment: str, form: _Form, limit: int = 8) -> list[tuple[int, int]]:
    """Regions that share enough of the fragment's words to be worth aligning."""
    words = [(m.group(0), m.start()) for m in _WORD.finditer(fragment) if len(m.group(0)) > 2]
    if not words:
        return []
    index = form.word_positions()
    size = max(16, len(fragment) // 4)
    votes: dict[int, set[int]] = defaultdict(set)
    for word_number, (word, offset) in enumerate(words):
        positions = index.get(word, ())
        if len(positions) > 500:
            continue  # too common to say anything about where the quote is
        for pos in positions:
            votes[(pos - offset) // size].add(word_number)
    needed = max(2, int(0.3 * len(words))) if len(words) > 2 else 1
    ranked = sorted(
        ((len(v), b) for b, v in votes.items() if len(v) >= needed), key=lambda x: -x[0]
    )[:limit]
    margin = len(fragment) // 2 + size
    return [(b * size - margin, b * size + len(fragment) + margin) for _, b in ranked]


def _approximate_windows(fragment: str, form: _Form, lo: int, end: int) -> list[tuple[int, int]]:
    """Where to align the fragment: [lo, end) when short, else the windows sharing its words."""
    if end - lo <= 4 * len(fragment) + 200:
        return [(lo, end)]
    return [(max(lo, a), min(end, b)) for a, b in _candidate_windows(fragment, form)]


def _approximate_hits(fragment: str, form: _Form, lo: int = 0, hi: int | None = None) -> list[_Hit]:
    """Best non-overlapping approximate hits, best first."""
    end = len(form.text) if hi is None else hi
    hits: list[_Hit] = []
    for a, b in _approximate_windows(fragment, form, lo, end):
        hit = _align(fragment, form, a, b, APPROXIMATE_CUTOFF)
        if hit is not None and not any(h.start < hit.end and hit.start < h.end for h in hits):
            hits.append(hit)
    hits.sort(key=lambda h: -h.score)
    return hits


def _closest(fragment: str, source: PreparedSource) -> str | None:
    """The real text that comes closest, to show the editor what the source says."""
    form = source.plain
    if not form.text:
        return None
    # Bounded by the quote and window sizes: a long text is searched where the quote's words are.
    windows = _approximate_windows(fragment, form, 0, len(form.text))
    aligned = [(fuzz.partial_ratio_alignment(fragment, form.text[a:b]), a) for a, b in windows]
    found = [(result, a) for result, a in aligned if result is not None]
    result, offset = max(found, key=lambda pair: pair[0].score, default=(None, 0))
    if result is None or result.score < 40:
        return None
    start, end = _widen_to_words(form.text, offset + result.dest_start, offset + result.dest_end)
    raw_start, raw_end = form.norm.raw_span(start, max(end, start + 1))
    return source.raw[raw_start:raw_end]


def _raw_span(hit: _Hit) -> tuple[int, int]:
    return hit.form.norm.raw_span(hit.start, hit.end)


def _context_score(source: PreparedSource, hit: _Hit, hint: Anchor) -> float:
    start, end = _raw_span(hit)
    before = source.raw[max(0, start - len(hint.prefix)) : start]
    after = source.raw[end : end + len(hint.suffix)]
    return fuzz.ratio(before, hint.prefix) + fuzz.ratio(after, hint.suffix)


def _pick(source: PreparedSource, hits: list[_Hit], hint: Anchor | None) -> list[_Hit]:
    """Break ties between equally good places with the stored context, else refuse to guess."""
    if len(hits) <= 1 or hint is None:
        return hits
    scored = sorted(hits, key=lambda h: -_context_score(source, h, hint))
    best, second = _context_score(source, scored[0], hint), _context_score(source, scored[1], hint)
    return [scored[0]] if best - second >= 20 else hits


def _dedupe(hits: list[_Hit]) -> list[_Hit]:
    """The same place found in both readings of the source counts once."""
    seen: set[tuple[int, int]] = set()
    unique: list[_Hit] = []
    for hit in hits:
        span = _raw_span(hit)
        if span not in seen:
            seen.add(span)
            unique.append(hit)
    return unique


def _locate_first(fragment: str, source: PreparedSource) -> list[_Hit]:
    """Exact in the plain reading, exact in the hyphen-joined one, then approximate.

    The joined reading is built only when the plain one has no exact match.
    """
    hits = _exact_hits(fragment, source.plain)
    if hits:
        return _dedupe(_whole_words_first(hits))
    joined = source.joined
    if joined is not None:
        hits = _exact_hits(fragment, joined)
        if hits:
            return _dedupe(_whole_words_first(hits))
    best: list[_Hit] = []
    for form in source.forms:
        hits = _approximate_hits(fragment, form)
        if hits and (not best or hits[0].score > best[0].score):
            best = hits
    if not best:
        return []
    top = best[0].score
    return [h for h in best if h.score >= top - AMBIGUITY_MARGIN]


def contains_exactly(quote: str, source: PreparedSource) -> bool:
    """Every fragment of the quote stands in the source as written (modulo layout noise)."""
    fragments = split_fragments(quote)
    if not fragments:
        return False
    if all(f in source.plain.text for f in fragments):
        return True
    joined = source.joined  # built only when the plain reading lacks a fragment
    return joined is not None and all(f in joined.text for f in fragments)


def _exact_in_other_form(
    fragment: str, prev: _Hit, source: PreparedSource, max_gap: int
) -> list[_Hit]:
    """Exact hits of `fragment` close after `prev` in the other reading: one fragment may hold
    a word hyphenated at a line end ("Tuleta-\neva") while the one before holds "so-called"."""
    raw_end = prev.form.norm.raw_end(prev.end - 1)
    for form in source.forms:
        if form is not prev.form:
            lo = form.norm.norm_index(raw_end)
            hits = _exact_hits(fragment, form, lo, lo + max_gap + len(fragment) + 1)
            if hits:
                return hits
    return []


def _extend(
    fragments: list[str], first: _Hit, source: PreparedSource, max_gap: int
) -> list[_Hit] | int:
    """Anchor the remaining fragments in order, each close after the previous one.

    When a fragment stands later in the text but further than `max_gap`, the distance
    (normalised characters) is returned instead, so the editor learns why; -1: not found.
    """
    chain = [first]
    for fragment in fragments[1:]:
        prev = chain[-1]
        lo, hi = prev.end, prev.end + max_gap + len(fragment) + 1
        hits = _whole_words_first(_exact_hits(fragment, prev.form, lo, hi))
        hits = [h for h in hits if h.start - prev.end <= max_gap] or _exact_in_other_form(
            fragment, prev, source, max_gap
        )
        if hits:
            chain.append(hits[0])
            continue
        approx = [
            h
            for h in _approximate_hits(fragment, prev.form, lo, hi)
            if h.start - prev.end <= max_gap
        ]
        if not approx:
            later = _exact_hits(fragment, prev.form, lo) or _approximate_hits(
                fragment, prev.form, lo
            )
            return min(h.start for h in later) - prev.end if later else -1
        chain.append(approx[0])
    return chain


def _refine(fragment: str, hit: _Hit) -> _Hit:
    """Re-find an approximate hit's edges by aligning words, with free gaps at both ends.

    A character alignment of the quote's length cuts a span short when the quote
    leaves words out; the token guard must see the whole stretch the quote stands
    for ("was released" against "was amnestied and released").
    """
    text = hit.form.text
    pad = len(fragment) // 4 + 10
    lo, hi = max(0, hit.start - pad), min(len(text), hit.end + pad)
    lo, hi = _widen_to_words(text, lo, hi)  # a window edge must not cut a word in two
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
    return _Hit(window[first].start(), window[end - 1].end(), hit.score, hit.form)


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
    quote_fragments: list[str], written: list[str], chain: list[_Hit], source: PreparedSource
) -> Anchoring:
    chain = [
        hit if hit.form.text[hit.start : hit.end] == fragment else _refine(fragment, hit)
        for fragment, hit in zip(quote_fragments, chain, strict=True)
    ]
    start, _ = _raw_span(chain[0])
    _, end = _raw_span(chain[-1])
    anchor = source.anchor_at(start, end)
    diffs: list[TokenDiff] = []
    exact = True
    for fragment, as_written, hit in zip(quote_fragments, written, chain, strict=True):
        if hit.form.text[hit.start : hit.end] == fragment:
            continue
        raw_start, raw_end = _raw_span(hit)
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
        left_start, left_end = _raw_span(left)
        right_start, right_end = _raw_span(right)
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
    diffs.extend(edge_words(raw[max(0, start - 40) : start], anchor.exact, raw[end : end + 40]))
    if not diffs:
        return anchoring
    return replace(
        anchoring,
        verdict=Verdict.ALTERED,
        diffs=(*anchoring.diffs, *diffs),
        closest=anchor.exact,
    )


def anchor_quote(
    quote: str, source: PreparedSource, *, hint: Anchor | None = None, max_gap: int = MAX_GAP
) -> Anchoring:
    """Locate `quote` in `source` and verify it; `hint` is the stored anchor, if any.

    `max_gap` is how far apart (normalised characters) elided fragments may stand.
    """
    return _check_edges(_anchor(quote, source, hint, max_gap), source)


def _anchor(quote: str, source: PreparedSource, hint: Anchor | None, max_gap: int) -> Anchoring:
    fragments, written = split_fragments(quote), raw_fragments(quote)
    if len(fragments) > 1 and _word_count(squash(quote)) >= MIN_WORDS:
        whole = squash(quote)
        # The source itself may hold the dots ("that “…foreigners"): then they are no elision.
        if whole in source.plain.text or (source.joined and whole in source.joined.text):
            fragments, written = [whole], [quote]
    if not fragments or sum(_word_count(f) for f in fragments) < MIN_WORDS:
        return Anchoring(Verdict.TOO_SHORT)
    if sum(len(f) for f in fragments) > 1.1 * len(source.plain.text) + 10:
        return Anchoring(Verdict.NOT_FOUND, closest=_closest(" ".join(fragments), source))
    if len(fragments) > 1 and any(_word_count(f) < MIN_FRAGMENT_WORDS for f in fragments):
        return Anchoring(Verdict.TOO_SHORT)

    if hint is not None and len(fragments) == 1:
        at_hint = source.reading[hint.start : hint.end]
        if hint.end <= len(source.raw) and squash(at_hint) == fragments[0]:
            return Anchoring(Verdict.EXACT, source.anchor_at(hint.start, hint.end), 100.0)

    firsts = _pick(source, _locate_first(fragments[0], source), hint)
    extended = [_extend(fragments, f, source, max_gap) for f in firsts]
    chains = [c for c in extended if isinstance(c, list)]
    gaps = [g for g in extended if isinstance(g, int) and g > 0]
    if len(chains) > 1 and hint is not None:
        by_first = {id(c[0]): c for c in chains}
        picked = _pick(source, [c[0] for c in chains], hint)
        chains = [by_first[id(h)] for h in picked]
    if not chains and gaps:
        return Anchoring(Verdict.TOO_FAR_APART, gap=min(gaps), max_gap=max_gap)
    if not chains:
        return Anchoring(Verdict.NOT_FOUND, closest=_closest(" ".join(fragments), source))
    if len(chains) > 1:
        spans = tuple((_raw_span(c[0])[0], _raw_span(c[-1])[1]) for c in chains)
        return Anchoring(Verdict.AMBIGUOUS, score=chains[0][0].score, candidates=spans)
    return _verify(fragments, written, chains[0], source)
