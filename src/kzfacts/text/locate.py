"""Locating a quote's fragments in a source: exact, in the hyphen-joined reading, approximate.

Owns the search for the places a fragment may stand — exact finds, then rapidfuzz alignment in
the few windows that share most of its words — the choice between equally good places (by the
stored context, else none), the chaining of elided fragments close after one another, and the
closest real text to show when nothing is found. Verifying a place is `text.anchor`'s. Pure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kzfacts.text.prepared import WORD, Anchor, Form, PreparedSource

APPROXIMATE_CUTOFF = 88.0
"""rapidfuzz partial_ratio a located span needs: about a tenth of the quote may differ."""
AMBIGUITY_MARGIN = 2.0
"""Two places scoring within this margin of each other are equally good: do not guess."""


@dataclass(frozen=True)
class Hit:
    start: int  # normalised offsets in the form
    end: int
    score: float
    form: Form


def exact_hits(fragment: str, form: Form, lo: int = 0, hi: int | None = None) -> list[Hit]:
    text = form.text
    hits: list[Hit] = []
    end = len(text) if hi is None else min(hi, len(text))
    pos = text.find(fragment, lo, end)
    while pos != -1:
        hits.append(Hit(pos, pos + len(fragment), 100.0, form))
        pos = text.find(fragment, pos + 1, end)
    return hits


def widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
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


def whole_words_first(hits: list[Hit]) -> list[Hit]:
    """Hits on word boundaries when there are any: a cut one is only reported, never chosen."""
    whole = [h for h in hits if not _cuts_a_word(h.form.text, h.start, h.end)]
    return whole or hits


def _align(fragment: str, form: Form, lo: int, hi: int, cutoff: float) -> Hit | None:
    from rapidfuzz import fuzz  # loads on the fuzzy path only

    text = form.text
    lo, hi = max(0, lo), min(len(text), hi)
    if hi <= lo:
        return None
    result = fuzz.partial_ratio_alignment(fragment, text[lo:hi], score_cutoff=cutoff)
    if result is None:
        return None
    start, end = widen_to_words(text, lo + result.dest_start, lo + result.dest_end)
    # partial_ratio slides the shorter string along the longer one: a quote longer
    # than its source would "match" the whole source. Score the span itself.
    score = fuzz.ratio(fragment, text[start:end])
    if score < cutoff:
        return None
    return Hit(start, end, score, form)


def _candidate_windows(fragment: str, form: Form, limit: int = 8) -> list[tuple[int, int]]:
    """Regions that share enough of the fragment's words to be worth aligning."""
    words = [(m.group(0), m.start()) for m in WORD.finditer(fragment) if len(m.group(0)) > 2]
    if not words:
        return []
    size = max(16, len(fragment) // 4)
    votes: dict[int, set[int]] = defaultdict(set)
    for word_number, (word, offset) in enumerate(words):
        positions = form.positions(word)
        if positions is None:
            continue  # too common to say anything about where the quote is
        for pos in positions:
            votes[(pos - offset) // size].add(word_number)
    needed = max(2, int(0.3 * len(words))) if len(words) > 2 else 1
    ranked = sorted(
        ((len(v), b) for b, v in votes.items() if len(v) >= needed), key=lambda x: -x[0]
    )[:limit]
    margin = len(fragment) // 2 + size
    return [(b * size - margin, b * size + len(fragment) + margin) for _, b in ranked]


def _approximate_windows(fragment: str, form: Form, lo: int, end: int) -> list[tuple[int, int]]:
    """Where to align the fragment: [lo, end) when short, else the windows sharing its words."""
    if end - lo <= 4 * len(fragment) + 200:
        return [(lo, end)]
    return [(max(lo, a), min(end, b)) for a, b in _candidate_windows(fragment, form)]


def approximate_hits(fragment: str, form: Form, lo: int = 0, hi: int | None = None) -> list[Hit]:
    """Best non-overlapping approximate hits, best first."""
    end = len(form.text) if hi is None else hi
    hits: list[Hit] = []
    for a, b in _approximate_windows(fragment, form, lo, end):
        hit = _align(fragment, form, a, b, APPROXIMATE_CUTOFF)
        if hit is not None and not any(h.start < hit.end and hit.start < h.end for h in hits):
            hits.append(hit)
    hits.sort(key=lambda h: -h.score)
    return hits


def closest_text(fragment: str, source: PreparedSource) -> str | None:
    """The real text that comes closest, to show the editor what the source says."""
    from rapidfuzz import fuzz  # loads on the fuzzy path only

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
    start, end = widen_to_words(form.text, offset + result.dest_start, offset + result.dest_end)
    raw_start, raw_end = form.norm.raw_span(start, max(end, start + 1))
    return source.raw[raw_start:raw_end]


def raw_span(hit: Hit) -> tuple[int, int]:
    return hit.form.norm.raw_span(hit.start, hit.end)


def _context_score(source: PreparedSource, hit: Hit, hint: Anchor) -> float:
    from rapidfuzz import fuzz  # loads on the fuzzy path only

    start, end = raw_span(hit)
    before = source.raw[max(0, start - len(hint.prefix)) : start]
    after = source.raw[end : end + len(hint.suffix)]
    return fuzz.ratio(before, hint.prefix) + fuzz.ratio(after, hint.suffix)


def pick(source: PreparedSource, hits: list[Hit], hint: Anchor | None) -> list[Hit]:
    """Break ties between equally good places with the stored context, else refuse to guess."""
    if len(hits) <= 1 or hint is None:
        return hits
    scored = sorted(hits, key=lambda h: -_context_score(source, h, hint))
    best, second = _context_score(source, scored[0], hint), _context_score(source, scored[1], hint)
    return [scored[0]] if best - second >= 20 else hits


def dedupe(hits: list[Hit]) -> list[Hit]:
    """The same place found in both readings of the source counts once."""
    if len(hits) < 2:
        return hits  # most quotes stand once: nothing to map to the raw text
    seen: set[tuple[int, int]] = set()
    unique: list[Hit] = []
    for hit in hits:
        span = raw_span(hit)
        if span not in seen:
            seen.add(span)
            unique.append(hit)
    return unique


def locate_first(fragment: str, source: PreparedSource) -> list[Hit]:
    """Exact in the plain reading, exact in the hyphen-joined one, then approximate.

    The joined reading is built only when the plain one has no exact match.
    """
    hits = exact_hits(fragment, source.plain)
    if hits:
        return dedupe(whole_words_first(hits))
    joined = source.joined
    if joined is not None:
        hits = exact_hits(fragment, joined)
        if hits:
            return dedupe(whole_words_first(hits))
    best: list[Hit] = []
    for form in source.forms:
        hits = approximate_hits(fragment, form)
        if hits and (not best or hits[0].score > best[0].score):
            best = hits
    if not best:
        return []
    top = best[0].score
    return [h for h in best if h.score >= top - AMBIGUITY_MARGIN]


def _exact_in_other_form(
    fragment: str, prev: Hit, source: PreparedSource, max_gap: int
) -> list[Hit]:
    """Exact hits of `fragment` close after `prev` in the other reading: one fragment may hold
    a word hyphenated at a line end ("Tuleta-\neva") while the one before holds "so-called"."""
    raw_end = prev.form.norm.raw_end(prev.end - 1)
    for form in source.forms:
        if form is not prev.form:
            lo = form.norm.norm_index(raw_end)
            hits = exact_hits(fragment, form, lo, lo + max_gap + len(fragment) + 1)
            if hits:
                return hits
    return []


def extend(
    fragments: list[str], first: Hit, source: PreparedSource, max_gap: int
) -> list[Hit] | int:
    """Anchor the remaining fragments in order, each close after the previous one.

    When a fragment stands later in the text but further than `max_gap`, the distance
    (normalised characters) is returned instead, so the editor learns why; -1: not found.
    """
    chain = [first]
    for fragment in fragments[1:]:
        prev = chain[-1]
        lo, hi = prev.end, prev.end + max_gap + len(fragment) + 1
        hits = whole_words_first(exact_hits(fragment, prev.form, lo, hi))
        hits = [h for h in hits if h.start - prev.end <= max_gap] or _exact_in_other_form(
            fragment, prev, source, max_gap
        )
        if hits:
            chain.append(hits[0])
            continue
        approx = [
            h
            for h in approximate_hits(fragment, prev.form, lo, hi)
            if h.start - prev.end <= max_gap
        ]
        if not approx:
            later = exact_hits(fragment, prev.form, lo) or approximate_hits(fragment, prev.form, lo)
            return min(h.start for h in later) - prev.end if later else -1
        chain.append(approx[0])
    return chain
