"""A fact whose quote an edit of its source only moved gets, without its search, edge rules,
value or subject being read again, the very result `verify_fact` gives it (as an audit keeps
it); any other edit is left to `verify_fact`. On real seed passages of 001, and on random edits
of that text around the facts' quotes."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kzfacts.checks.batch import check_source_batch
from kzfacts.checks.fact import FactInput, FactResult, StoredCheck
from kzfacts.checks.facts import verify_fact
from kzfacts.checks.findings import Code
from kzfacts.checks.moved import moved_result
from kzfacts.text.anchor import PreparedSource
from kzfacts.text.edges import surroundings
from tests.checks.test_moved_evidence import CHARGED, CONTEXTS, RELEASED, TOP, stored_after
from tests.checks.test_subjects import seed_catalog, seed_text


def _sha(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def stored_with_surroundings(fact: FactInput, raw: str) -> StoredCheck:
    """As an audit reads it after `raw` changed: with the anchor's surroundings in `raw`."""
    stored = stored_after(fact, raw)
    assert stored.hint is not None
    return replace(stored, cleared=surroundings(raw, stored.hint.start, stored.hint.end))


def both(fact: FactInput, old: str, new: str) -> tuple[FactResult | None, FactResult]:
    """The result told from the move, if it is told, and `verify_fact`'s."""
    stored = stored_with_surroundings(fact, old)
    text, context, catalog = PreparedSource(new), CONTEXTS[fact.id], seed_catalog()
    told = moved_result(fact, context, text, _sha(new), catalog, stored)
    full = verify_fact(fact, context, text, _sha(new), catalog, stored, keep_evidence=False)
    return told, full


@pytest.mark.parametrize("fact", [RELEASED, CHARGED], ids=lambda f: f.id)
def test_a_paragraph_added_above_is_told_from_the_move(fact: FactInput) -> None:
    raw = seed_text("001")
    told, full = both(fact, raw, TOP + raw)
    assert told == full
    assert told is not None and told.position is not None and full.anchor is not None
    assert [f.code for f in told.findings] == [Code.QUOTE_MOVED]
    assert told.position[0] == raw.index(fact.quote) + len(TOP)
    assert (
        told.support_key is not None
        and told.support_key[:49] == (stored_after(fact, raw).support_key or "")[:49]
    )


def test_an_edit_of_the_evidence_is_left_to_the_full_check() -> None:
    """The refusal: the year after the release date changed (what the date rule reads); the
    full check reads the value again, and it no longer holds."""
    raw = seed_text("001")
    at = raw.index(RELEASED.quote) + len(RELEASED.quote)
    assert raw[at : at + 5] == " 2012"
    new = TOP + raw[:at] + " 2010" + raw[at + 5 :]
    told, full = both(RELEASED, raw, new)
    assert told is None
    assert [f.code for f in full.findings] == [Code.QUOTE_MOVED, Code.VALUE_UNSUPPORTED]


def test_a_negation_put_before_the_quote_is_left_to_the_full_check() -> None:
    raw = seed_text("001")
    at = raw.index(CHARGED.quote)
    told, full = both(CHARGED, raw, TOP + raw[:at] + "not " + raw[at:])
    assert told is None
    assert [f.code for f in full.findings] == [Code.QUOTE_ALTERED]


def test_a_batch_gives_the_full_results() -> None:
    raw = seed_text("001")
    new = TOP + raw
    facts = [RELEASED, CHARGED]
    stored = [stored_with_surroundings(f, raw) for f in facts]
    contexts = [CONTEXTS[f.id] for f in facts]
    batch = check_source_batch(new, _sha(new), facts, contexts, stored, seed_catalog())
    text = PreparedSource(new)
    assert batch == [
        verify_fact(f, c, text, _sha(new), seed_catalog(), s, keep_evidence=False)
        for f, c, s in zip(facts, contexts, stored, strict=True)
    ]


_PIECES = st.sampled_from(
    ["not ", "about ", "no ", "never ", "1", "2013", " ", "\n\n", ".", "x", "He ", "Ms ", TOP,
     "was released from prison on 8 March", "He had been charged with calling for the"]
)  # fmt: skip
_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["start", "end", "anywhere"]),
        st.one_of(st.integers(min_value=-8, max_value=8), st.integers(-400, 400)),
        st.one_of(_PIECES, _PIECES, st.integers(min_value=1, max_value=30)),  # a number: cut
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=200, deadline=None)
@example(released=True, edits=[("start", -3000, TOP)], spread=0.0)
@given(released=st.booleans(), edits=_EDITS, spread=st.floats(min_value=0, max_value=1))
def test_a_result_told_from_the_move_is_the_full_one(
    released: bool, edits: list[tuple[str, int, str | int]], spread: float
) -> None:
    fact = RELEASED if released else CHARGED
    raw = seed_text("001")
    start = raw.index(fact.quote)
    new = raw
    for near, shift, piece in edits:
        base = {"start": start, "end": start + len(fact.quote), "anywhere": int(spread * len(new))}
        at = min(len(new), max(0, base[near] + shift))
        new = (
            new[:at] + piece + new[at:] if isinstance(piece, str) else new[:at] + new[at + piece :]
        )
    told, full = both(fact, raw, new)
    assert told is None or told == full
