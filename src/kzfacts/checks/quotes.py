"""The quote check: anchor a fact's quote in its source and say what is wrong, if anything."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from kzfacts.checks.findings import Code, Finding
from kzfacts.text.anchor import (
    Anchor,
    Anchoring,
    PreparedSource,
    Verdict,
    anchor_quote,
    contains_exactly,
    split_fragments,
)
from kzfacts.text.limits import MAX_GAP
from kzfacts.text.skeleton import skeleton, source_skeleton

MAX_QUOTE_CHARS = 2000
MAX_QUOTE_WORDS = 300


@dataclass(frozen=True)
class QuoteCheck:
    """The outcome for one fact: its findings and, when accepted, where the quote stands."""

    anchoring: Anchoring
    findings: tuple[Finding, ...]

    @property
    def accepted(self) -> bool:
        return self.anchoring.accepted


def snippet(text: str | None, limit: int = 240) -> str:
    """The text on one line, cut to `limit` characters with "…": what a message shows of it."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def describe_refusal(anchoring: Anchoring) -> tuple[Code, str]:
    """The finding code and one-line reason for a quote that was not accepted."""
    verdict = anchoring.verdict
    if verdict is Verdict.TOO_SHORT:
        return (
            Code.QUOTE_TOO_SHORT,
            "the quote is too short to be evidence: quote at least a few words",
        )
    if verdict is Verdict.AMBIGUOUS:
        places = ", ".join(f"{s}-{e}" for s, e in anchoring.candidates[:5])
        return (
            Code.QUOTE_AMBIGUOUS,
            f"the quote matches {len(anchoring.candidates)} places equally well "
            f"(offsets {places}): quote more of the sentence",
        )
    if verdict is Verdict.TOO_FAR_APART:
        return (
            Code.QUOTE_ELISION_TOO_LONG,
            f"the fragments stand {anchoring.gap:,} characters apart; an elision may span at "
            f"most {anchoring.max_gap:,}: quote two facts, or raise `--max-gap`",
        )
    if verdict is Verdict.ALTERED:
        changed = "; ".join(d.describe() for d in anchoring.protected_diffs)
        return (
            Code.QUOTE_ALTERED,
            f"the quote differs from the source in protected words: {changed}",
        )
    closest = (
        f'; closest text in the source: "{snippet(anchoring.closest)}"' if anchoring.closest else ""
    )
    return Code.QUOTE_NOT_FOUND, f"the quote is not in the source{closest}"


def anchoring_detail(anchoring: Anchoring, quote: str) -> dict[str, object]:
    detail: dict[str, object] = {"quote": quote, "verdict": anchoring.verdict.value}
    if anchoring.anchor is not None:
        detail.update(
            start=anchoring.anchor.start, end=anchoring.anchor.end, found=anchoring.anchor.exact
        )
    elif anchoring.closest:
        detail["closest"] = anchoring.closest
    if anchoring.verdict is Verdict.TOO_FAR_APART:
        detail.update(gap=anchoring.gap, max_gap=anchoring.max_gap)
    if anchoring.diffs:
        detail["differences"] = [
            {"quote": d.quote, "source": d.source, "classes": [c.value for c in d.classes]}
            for d in anchoring.diffs
        ]
    if anchoring.candidates:
        detail["candidates"] = [list(c) for c in anchoring.candidates]
    return detail


def too_long(quote: str) -> bool:
    """Longer than this is a passage, not a quote; the cap also bounds what anchoring costs."""
    return len(quote) > MAX_QUOTE_CHARS or len(quote.split()) > MAX_QUOTE_WORDS


def moved_finding(
    anchor: Anchor,
    hint: Anchor,
    detail: dict[str, object],
    fact_id: str | None,
    source_id: str | None,
) -> Finding:
    """A quote accepted at `anchor`, stored at `hint` (`detail`: its `anchoring_detail`)."""
    return Finding(
        Code.QUOTE_MOVED,
        f"quote found at {anchor.start}-{anchor.end}, "
        f"was at {hint.start}-{hint.end}: stored position updated",
        fact_id,
        source_id,
        {**detail, "previous_start": hint.start, "previous_end": hint.end},
    )


def check_quote(
    quote: str,
    source: PreparedSource,
    *,
    fact_id: str | None = None,
    source_id: str | None = None,
    hint: Anchor | None = None,
    max_gap: int = MAX_GAP,
) -> QuoteCheck:
    """Anchor the quote; findings say what an editor or fact-checker must know about it."""
    if too_long(quote):
        message = (
            f"the quote is {len(quote):,} characters and {len(quote.split()):,} words, over the "
            f"limit of {MAX_QUOTE_CHARS:,} characters or {MAX_QUOTE_WORDS} words: a passage is "
            "not a quote; split it into the sentences that state the fact, one fact each"
        )
        finding = Finding(Code.QUOTE_TOO_LONG, message, fact_id, source_id, {"quote": quote})
        return QuoteCheck(Anchoring(Verdict.NOT_FOUND), (finding,))
    anchoring = anchor_quote(quote, source, hint=hint, max_gap=max_gap)
    detail = anchoring_detail(anchoring, quote)
    findings: list[Finding] = []
    if anchoring.accepted and anchoring.anchor is not None:
        if hint is not None and (hint.start, hint.end) != (
            anchoring.anchor.start,
            anchoring.anchor.end,
        ):
            findings.append(moved_finding(anchoring.anchor, hint, detail, fact_id, source_id))
        if anchoring.verdict is Verdict.INEXACT:
            diff = "; ".join(d.describe() for d in anchoring.diffs) or "punctuation only"
            findings.append(
                Finding(
                    Code.QUOTE_INEXACT,
                    f"quote differs from the source in ordinary words: {diff}",
                    fact_id,
                    source_id,
                    detail,
                )
            )
    else:
        code, message = describe_refusal(anchoring)
        findings.append(Finding(code, message, fact_id, source_id, detail))
    return QuoteCheck(anchoring, tuple(findings))


def find_elsewhere(quote: str, others: Mapping[str, PreparedSource]) -> str | None:
    """The id of another source that states the quote exactly (it was attributed to the wrong one)."""
    return find_all_elsewhere([(quote, None)], others.items())[0]


class _Wanted:
    """A not-found quote and the skeletons of its fragments (`text.skeleton`), which a
    source's skeleton must hold before the source is read: a fragment of the source's
    normalised text has its skeleton in the source's, so no source that states the quote is
    passed over, whatever its layout (URLs, ligatures, hyphens at line ends, look-alikes)."""

    def __init__(self, quote: str, own: str | None) -> None:
        self.quote, self.own = quote, own
        self.needed = sorted({skeleton(f) for f in split_fragments(quote)}, key=len, reverse=True)

    def may_be_in(self, source: bytes | None) -> bool:
        """Whether `source` (a source's skeleton; None: unknown) may hold the quote."""
        return source is None or all(part in source for part in self.needed)


def find_all_elsewhere(
    wanted: Sequence[tuple[str, str | None]],
    others: Iterable[tuple[str, PreparedSource | Callable[[], PreparedSource]]],
) -> list[str | None]:
    """For each (quote, its own source id), the first of `others` other than its own that
    states the quote exactly (it was attributed to the wrong source), or None.

    One pass over the sources, in their order, for every quote at once: each source is read
    (normalised) at most once, only when its skeleton holds the skeleton of each fragment of
    some quote (an exact first look: see `_Wanted`), and let go before the next, so an audit's
    not-found quotes cost one reading of the sources that may hold them and the memory of one
    source. `others` may give a source as a function that prepares it."""
    found: list[str | None] = [None] * len(wanted)
    pending = {i: _Wanted(q, own) for i, (q, own) in enumerate(wanted) if not too_long(q)}
    for source_id, given in others:
        if not pending:
            break
        text: PreparedSource | None = None
        shape: bytes | None = None
        for i, want in list(pending.items()):
            if want.own == source_id:
                continue
            if text is None:
                text = given() if callable(given) else given
                shape = source_skeleton(text.raw)
            if not want.may_be_in(shape):
                continue
            if contains_exactly(want.quote, text) and anchor_quote(want.quote, text).accepted:
                found[i] = source_id
                del pending[i]
    return found
