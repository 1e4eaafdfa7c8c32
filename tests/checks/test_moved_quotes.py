"""A quote that an edit of its source only moved is found from the text before the edit: where
its stored text stands now, with no normalisation, search or edge rules, when the characters
those rules read around it are the ones they read where the anchor was accepted. On real seed
passages: an edit outside that reach carries the anchor over to the new place, and gives what
the full path gives; an edit inside it is anchored as usual, with its finding."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from kzfacts.checks.fact import FactInput, FactResult, StoredCheck
from kzfacts.checks.facts import verify_fact
from kzfacts.checks.findings import Code
from kzfacts.checks.quotes import EDGE_READ, moved_anchoring
from kzfacts.text.anchor import PreparedSource, Verdict
from tests.checks.test_moved_evidence import CHARGED, CONTEXTS, RELEASED, TOP, edited, stored_after
from tests.checks.test_subjects import seed_catalog, seed_text


def sha(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def check(fact: FactInput, raw: str, stored: StoredCheck, previous: str | None) -> FactResult:
    """The fact checked against `raw`, with the text its anchor was accepted in, or from scratch
    (nothing stored that a fast path could use)."""
    if previous is None:
        stored = replace(stored, anchor_sha256=None, support_key=None)
    return verify_fact(
        fact,
        CONTEXTS[fact.id],
        PreparedSource(raw),
        sha(raw),
        seed_catalog(),
        stored,
        previous=(previous, sha(previous)) if previous is not None else None,
    )


def outcome(result: FactResult) -> tuple[object, ...]:
    """What the two paths must agree on (a check from scratch has no passed value to keep)."""
    anchor = result.anchor
    return (
        [(f.code, f.message, f.detail) for f in result.findings],
        (anchor.start, anchor.end, anchor.exact, anchor.prefix, anchor.suffix) if anchor else None,
        result.verdict,
        result.support_key,
        [(p.name, p.found) for p in result.parts[:3]],  # time, quote, boundaries
    )


def test_a_paragraph_added_at_the_top_moves_the_anchor_without_a_search() -> None:
    raw = seed_text("001")
    for fact, start in ((CHARGED, 8501), (RELEASED, 8898)):
        stored = stored_after(fact, raw)
        assert stored.hint is not None and stored.hint.start == start
        changed = TOP + raw
        found = moved_anchoring(fact.quote, PreparedSource(changed), stored.hint, raw)
        assert found is not None and found.verdict is Verdict.EXACT
        assert found.anchor is not None
        assert (found.anchor.start, found.anchor.end) == (
            start + len(TOP),
            stored.hint.end + len(TOP),
        )
        carried = check(fact, changed, stored, raw)
        assert outcome(carried) == outcome(check(fact, changed, stored, None))
        assert [f.code for f in carried.findings] == [Code.QUOTE_MOVED]
        assert carried.findings[0].message == (
            f"quote found at {start + len(TOP)}-{stored.hint.end + len(TOP)}, "
            f"was at {start}-{stored.hint.end}: stored position updated"
        )


def test_an_edit_inside_what_the_edge_rules_read_is_anchored_as_usual() -> None:
    """A letter glued to "He" (the start of Viniavskii's quote), inside the edge rules' reach: the
    quote now cuts the source's word, which the full path finds and reports."""
    raw = seed_text("001")
    stored = stored_after(CHARGED, raw)
    assert stored.hint is not None
    changed = TOP + edited(raw, "2012. \n\nHe had been charged", "2012. \n\nXHe had been charged")
    assert moved_anchoring(CHARGED.quote, PreparedSource(changed), stored.hint, raw) is None
    again = check(CHARGED, changed, stored, raw)
    assert outcome(again) == outcome(check(CHARGED, changed, stored, None))
    assert [(f.code, f.message) for f in again.findings] == [
        (
            Code.QUOTE_ALTERED,
            "the quote differs from the source in protected words: the quote's 'He' cuts the "
            "source's word 'XHe' (boundary): start and end the quote on whole words",
        )
    ]


def test_an_edit_just_outside_what_the_edge_rules_read_carries_the_anchor() -> None:
    """The sentence before Viniavskii's quote edited further back ("was amnestied" to "had been
    amnestied", 47 characters before it): outside the edge rules' reach of 41 characters, so the
    anchor is carried over; the value and subject, whose reach it is inside, are read again,
    and everything equals the full path."""
    raw = seed_text("001")
    stored = stored_after(CHARGED, raw)
    assert stored.hint is not None
    changed = TOP + edited(raw, "2012, was amnestied and", "2012, had been amnestied and")
    at = changed.index(CHARGED.quote)
    assert at - changed.index("been amnestied") == 48 > EDGE_READ
    found = moved_anchoring(CHARGED.quote, PreparedSource(changed), stored.hint, raw)
    assert found is not None and found.anchor is not None and found.anchor.start == at
    carried = check(CHARGED, changed, stored, raw)
    assert outcome(carried) == outcome(check(CHARGED, changed, stored, None))
    assert [f.code for f in carried.findings] == [Code.QUOTE_MOVED]
    assert dict((p.name, p.found) for p in carried.parts)["value"] == "charged: supported"


def test_a_copy_of_the_quoted_sentence_elsewhere_is_searched_for() -> None:
    """The stored text now stands twice: which one is the quote's is the search's to tell."""
    raw = seed_text("001")
    stored = stored_after(RELEASED, raw)
    assert stored.hint is not None
    changed = "She " + RELEASED.quote + " 2012, as reported.\n\n" + raw
    assert moved_anchoring(RELEASED.quote, PreparedSource(changed), stored.hint, raw) is None
    again = check(RELEASED, changed, stored, raw)
    assert outcome(again) == outcome(check(RELEASED, changed, stored, None))
