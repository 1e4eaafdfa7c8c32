"""A stored anchor's surroundings in the text it was accepted in (`StoredCheck.cleared`) spare
the edge rules only where they would find nothing: the verdict is the one of anchoring without them,
on real seed passages and on random edits of the seed texts around their facts' quotes."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kzfacts.text import anchor as anchoring
from kzfacts.text.anchor import PreparedSource, Verdict, anchor_quote
from kzfacts.text.edges import surroundings
from kzfacts.text.limits import MAX_GAP
from tests.conftest import seed_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
QUOTE = "Natalia Sokolova, a lawyer advising striking oil workers who"  # seed 001
TOP = "An editor's note: this report was corrected on 2 April 2012.\n\n"


@cache
def _seed_quotes() -> list[tuple[str, str]]:
    """(seed text, quote) of every seed fact whose quote is accepted in its source."""
    paths = {}
    for block in (SEEDS / "sources.toml").read_text(encoding="utf-8").split("[[source]]")[1:]:
        fields = dict(
            line.split(" = ", 1) for line in block.splitlines() if line[:4] in ("id =", "path")
        )
        paths[fields["id"].strip('"')] = fields["path"].strip('"')
    found = []
    for path in sorted((SEEDS / "facts").glob("*.yaml")):
        for fact in yaml.safe_load(path.read_text(encoding="utf-8")):
            raw = (SEEDS / paths[fact["source"]]).read_text(encoding="utf-8")
            if anchor_quote(fact["quote"], PreparedSource(raw)).accepted:
                found.append((raw, fact["quote"]))
    return found


def _both(quote: str, old: str, new: str) -> tuple[Any, Any, int]:
    """Anchoring `quote` in `new` after it was accepted in `old`: its edges read only where its
    surroundings differ from the stored anchor's in `old` (as `checks.moved` tells a moved
    quote), and with its edges read; and whether the first read them."""
    first = anchor_quote(quote, PreparedSource(old))
    assert first.accepted and first.anchor is not None
    hint = first.anchor
    cleared = surroundings(old, hint.start, hint.end)
    source = PreparedSource(new)
    located = anchoring._anchor(quote, source, hint, MAX_GAP)
    found = located.anchor
    read = not (
        located.accepted
        and found is not None
        and surroundings(new, found.start, found.end) == cleared
    )
    spared = anchoring._check_edges(located, source) if read else located
    full = anchor_quote(quote, source, hint=hint)
    return spared, full, int(read)


def test_a_quote_moved_by_a_paragraph_above_keeps_its_verdict_without_its_edges_read() -> None:
    raw = seed_text("001")
    spared, full, edge_reads = _both(QUOTE, raw, TOP + raw)
    assert spared == full
    assert spared.verdict is Verdict.EXACT and spared.anchor is not None
    assert spared.anchor.start == raw.index(QUOTE[:20]) + len(TOP)
    assert edge_reads == 0


@pytest.mark.parametrize("inserted", ["not ", "never "])
def test_a_negation_put_right_before_the_quote_is_read(inserted: str) -> None:
    """The refusal: "not" now stands right before the quote; its surroundings changed, so the
    edge rules read them and the quote is altered, as without the stored surroundings."""
    raw = seed_text("001")
    at = raw.index(QUOTE[:20])
    spared, full, edge_reads = _both(QUOTE, raw, raw[:at] + inserted + raw[at:])
    assert spared == full
    assert spared.verdict is Verdict.ALTERED
    assert [d.source for d in spared.diffs] == [inserted.strip()]
    assert edge_reads == 1


def test_a_negation_before_a_run_of_blank_lines_is_read() -> None:
    """Nothing but line breaks between a negation and the quote: it is right before it, however
    far, as far as the edge rules read (40 characters)."""
    raw = seed_text("001")
    at = raw.index(QUOTE[:20])
    old = raw[:at] + "\n" * 30 + raw[at:]
    spared, full, edge_reads = _both(QUOTE, old, old[:at] + "not" + old[at:])
    assert spared == full
    assert spared.verdict is Verdict.ALTERED
    assert edge_reads == 1


def test_a_negation_beyond_what_the_edge_rules_read_changes_nothing() -> None:
    """The honest neighbour: the same word 41 characters before the quote is outside what the
    edge rules read; the verdict stands, its edges unread."""
    raw = seed_text("001")
    at = raw.index(QUOTE[:20]) - 41
    spared, full, edge_reads = _both(QUOTE, raw, raw[:at] + "not " + raw[at:])
    assert spared == full
    assert spared.verdict is Verdict.EXACT
    assert edge_reads == 0


_PIECES = st.sampled_from(
    ["not ", "about ", "no ", "never ", "more than ", "1", "12 ", "a", "A", " ", "\n\n", "-",
     ".", "x", "é", TOP, "Natalia Sokolova, a lawyer advising\nstriking oil workers who "]
)  # fmt: skip
_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["start", "end", "anywhere", "padding"]),
        st.one_of(st.integers(min_value=-8, max_value=8), st.integers(min_value=-60, max_value=60)),
        st.one_of(_PIECES, _PIECES, st.integers(min_value=1, max_value=30)),  # a number: cut
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=300, deadline=None)
@example(which=0, padding="\n" * 20, edits=[("padding", 2, "not ")], spread=0.0)
@given(
    which=st.integers(min_value=0),
    padding=st.sampled_from(["", " " * 12, "\n" * 20, " \n \n \n ", "\n\n\n\n\n\n"]),
    edits=_EDITS,
    spread=st.floats(min_value=0, max_value=1),
)
def test_stored_surroundings_give_the_verdict_of_reading_the_edges(
    which: int, padding: str, edits: list[tuple[str, int, str | int]], spread: float
) -> None:
    """A seed quote accepted in its source (white space added before it, so that a word put
    further away may still stand right before it), then the source edited near it or anywhere."""
    quotes = _seed_quotes()
    raw, quote = quotes[which % len(quotes)]
    first = anchor_quote(quote, PreparedSource(raw)).anchor
    assert first is not None
    raw = raw[: first.start] + padding + raw[first.start :]
    first = anchor_quote(quote, PreparedSource(raw)).anchor
    assert first is not None
    new = raw
    for near, shift, piece in edits:
        base = {
            "start": first.start,
            "end": first.end,
            "anywhere": int(spread * len(new)),
            "padding": first.start - len(padding),  # before the white space added
        }[near]
        at = min(len(new), max(0, base + shift))
        new = (
            new[:at] + piece + new[at:] if isinstance(piece, str) else new[:at] + new[at + piece :]
        )
    spared, full, _ = _both(quote, raw, new)
    assert spared == full
