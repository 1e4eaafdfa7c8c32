"""The audit's fast paths give what the full path gives, on random edits of the seed texts.

Fast: a fact whose source text is unchanged at its stored position is taken as it is (no
normalisation, no search), and a value and subject check that passed is not repeated on the
same evidence (the same text, span and entity names). Full: the same fact
with nothing stored to short-cut it (no anchor sha256, no support key), anchored and checked
from scratch, subjects against the seed entities. Both must report the same findings and leave
the same anchor.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from kzfacts.checks.fact import FactInput, FactResult, SourceContext, StoredCheck
from kzfacts.checks.facts import quote_sha256, verify_fact
from kzfacts.checks.findings import Code
from kzfacts.checks.subjects import EntityCatalog, EntityNames, catalog_of
from kzfacts.text.anchor import Anchor, PreparedSource
from tests.conftest import database_url

EDITS = ("prepend", "delete", "replace", "insert", "typo", "paragraph", "drop", "duplicate")
MOVES = ("prepend", "insert", "paragraph", "drop", "duplicate")
"""Edits that move quotes without touching them."""
Item = tuple[FactInput, SourceContext, StoredCheck]
"""A fact as the audit reads it: what it states, its source's context, its stored check."""
_ITEMS: dict[Path, dict[str, tuple[str, list[Item]]]] = {}
"""The seed facts, read once per test (hypothesis runs the examples with one database)."""
_CATALOGS: dict[Path, EntityCatalog] = {}
"""The seed entities' names, read with the facts: subjects are checked on both paths."""


def seed_items(root: Path) -> dict[str, tuple[str, list[Item]]]:
    """source id -> (its text, its facts as the audit reads them) from the seeded database."""
    engine = create_engine(database_url())
    try:
        with engine.connect() as connection:
            sources = connection.execute(text("SELECT id, path, published FROM source")).all()
            facts = connection.execute(
                text(
                    "SELECT f.id, f.source_id, f.quote, f.value, p.value_type, f.position_start, "
                    "f.position_end, f.exact, f.prefix, f.suffix, f.anchor_sha256, "
                    "f.anchor_verdict, f.anchor_detail, f.anchor_quote_sha256, f.support_key, "
                    "f.predicate, f.entity_id, f.subject "
                    "FROM fact f JOIN predicate p ON p.name = f.predicate ORDER BY f.id"
                )
            ).all()
            entities = connection.execute(text("SELECT id, name, kind FROM entity")).all()
            aliases = connection.execute(text("SELECT entity_id, name FROM alias")).all()
    finally:
        engine.dispose()
    names: dict[str, list[str]] = {}
    for alias in aliases:
        names.setdefault(alias.entity_id, []).append(alias.name)
    _CATALOGS[root] = catalog_of(
        EntityNames(e.id, e.name, e.kind, tuple(sorted(names.get(e.id, [])))) for e in entities
    )
    texts = {s.id: (root / s.path).read_text(encoding="utf-8") for s in sources}
    published: dict[str, Any] = {s.id: s.published for s in sources}
    items: dict[str, tuple[str, list[Item]]] = {sid: (t, []) for sid, t in texts.items()}
    for f in facts:
        reference = published[f.source_id]
        if isinstance(reference, str):
            reference = date.fromisoformat(reference)
        items[f.source_id][1].append((
            FactInput(
                f.id, f.source_id, f.subject, f.predicate, f.value, f.quote, entity=f.entity_id
            ),
            SourceContext(f.value_type, reference),
            StoredCheck(
                hint=Anchor(f.position_start, f.position_end, f.exact, f.prefix or "", f.suffix or ""),
                anchor_sha256=f.anchor_sha256, anchor_verdict=f.anchor_verdict,
                anchor_detail=f.anchor_detail, anchor_quote_sha256=f.anchor_quote_sha256,
                support_key=f.support_key,
            ),
        ))  # fmt: skip
    return items


def edit(raw: str, kind: str, rng: random.Random, spans: list[tuple[int, int]]) -> str:
    """One edit of a real seed text, most of them inside a quoted span (`spans`)."""
    start, end = rng.choice(spans)
    at = rng.randrange(start, max(start + 1, end - 1))
    if kind == "prepend":  # a paragraph added at the top: every offset moves
        return "An editor's note added at the top of the document.\n\n" + raw
    if kind == "delete":  # a few words of a quote removed
        return raw[:at] + raw[at + rng.randrange(1, 30) :]
    if kind == "insert":  # a sentence added before a quote
        return raw[:start] + "A sentence was added here. " + raw[start:]
    if kind == "paragraph":  # a paragraph added where one begins, before a quote
        at = max(0, raw.rfind("\n\n", 0, start))
        return raw[:at] + "\n\nA paragraph was added here. It says nothing of note." + raw[at:]
    if kind == "drop":  # the paragraph before a quote removed: the quote and all after it move
        end_of_previous = raw.rfind("\n\n", 0, start)
        begin = raw.rfind("\n\n", 0, end_of_previous) if end_of_previous > 0 else -1
        return raw[: max(0, begin)] + raw[end_of_previous:] if end_of_previous > 0 else raw
    if kind == "duplicate":  # a quoted sentence copied elsewhere, in other words around it
        return "As the report itself put it at the time: " + raw[start:end] + " (quoted).\n\n" + raw
    if kind == "replace":  # a number in a quote changed
        for old, new in (("four", "five"), ("2011", "2012"), ("six", "seven"), ("100", "200")):
            found = raw.find(old, start, end)
            if found >= 0:
                return raw[:found] + new + raw[found + len(old) :]
        return raw
    # two letters swapped inside a word of a quote: an inexact quote (earlier edits of the
    # same run may have shortened the text below the span's stored offsets)
    at = max(0, min(at, len(raw) - 2))
    while at + 2 < len(raw) and not (raw[at].isalpha() and raw[at + 1].isalpha()):
        at += 1
    return raw[:at] + raw[at + 1] + raw[at] + raw[at + 2 :]


def outcome(result: FactResult, item: Item) -> tuple[object, ...]:
    """The findings, and the span the fact is anchored at after the check."""
    anchor = result.anchor or item[2].hint  # no new anchor: the stored one stands
    assert anchor is not None
    findings = [(f.code, f.message, sorted(f.detail.items(), key=str)) for f in result.findings]
    return findings, (anchor.start, anchor.end, anchor.exact)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(0, 2**32 - 1), kinds=st.lists(st.sampled_from(EDITS), min_size=0, max_size=4)
)
# An inexact quote whose only difference is punctuation: no "differences" either way.
@example(seed=583, kinds=["replace", "insert", "delete", "delete"])
def test_fast_paths_equal_the_full_path(seeded: Path, seed: int, kinds: list[str]) -> None:
    rng = random.Random(seed)
    if seeded not in _ITEMS:
        _ITEMS[seeded] = seed_items(seeded)
    for source_id, (raw, items) in sorted(_ITEMS[seeded].items()):
        edited = raw
        spans = [(i[2].hint.start, i[2].hint.end) for i in items if i[2].hint is not None]
        for kind in kinds:  # offsets of later edits are of the text as first stored: near enough
            edited = edit(edited, kind, rng, spans)
        sha = hashlib.sha256(edited.encode("utf-8")).hexdigest()
        prepared = PreparedSource(edited)
        catalog = _CATALOGS[seeded]
        # Then an edit that moves what the first audit stored (an inexact quote's stored text too).
        later = edit(edited, rng.choice(MOVES), rng, spans)
        later_sha = hashlib.sha256(later.encode("utf-8")).hexdigest()
        later_prepared = PreparedSource(later)
        for item in items:
            # The first audit after the edit: the stored anchor is of the old text.
            fast = check(item, PreparedSource(edited), sha, catalog)
            full = check(from_scratch(item), prepared, sha, catalog)
            assert outcome(fast, item) == outcome(full, item), (source_id, item[0].id, kinds)
            # Where the stored text moved to is where the search finds the quote, when the
            # search can tell one place (a copy of it with the same context: it cannot).
            found = check(searched(item), prepared, sha, catalog)
            if found.anchor is not None:
                assert found_at(fast, item) == found_at(found, item), (item[0].id, kinds)
            # The next audit, after the first stored what it found: the stored position holds.
            stored = stored_after(item, full, sha)
            fast = check(stored, PreparedSource(edited), sha, catalog)
            full = check(from_scratch(stored), prepared, sha, catalog)
            assert outcome(fast, stored) == outcome(full, stored), (source_id, item[0].id, kinds)
            # The audit after the later edit.
            fast = check(stored, PreparedSource(later), later_sha, catalog)
            full = check(from_scratch(stored), later_prepared, later_sha, catalog)
            assert outcome(fast, stored) == outcome(full, stored), (source_id, item[0].id, kinds)
            found = check(searched(stored), later_prepared, later_sha, catalog)
            if found.anchor is not None:
                assert found_at(fast, stored) == found_at(found, stored), (item[0].id, kinds)


def check(item: Item, text: PreparedSource, sha: str, catalog: EntityCatalog) -> FactResult:
    fact, source, stored = item
    return verify_fact(fact, source, text, sha, catalog, stored=stored)


def searched(item: Item) -> Item:
    """The fact as the search alone finds it: its stored context breaks ties between places,
    but neither its stored position nor its stored text are looked at."""
    fact, source, stored = item
    assert stored.hint is not None
    return (
        fact,
        source,
        StoredCheck(replace(stored.hint, start=-1, end=-1, exact=""), None, None, None),
    )


def found_at(result: FactResult, item: Item) -> tuple[object, ...]:
    """Where the quote stands after the check, with its verdict and findings (a quote's move
    is reported only against a stored position: not compared)."""
    anchor = result.anchor or item[2].hint
    assert anchor is not None
    findings = [(f.code, f.message) for f in result.findings if f.code is not Code.QUOTE_MOVED]
    return findings, result.verdict or item[2].anchor_verdict, (anchor.start, anchor.end)


def from_scratch(item: Item) -> Item:
    """The fact with nothing stored that a fast path could use (the anchor stays as a hint)."""
    fact, source, stored = item
    return fact, source, replace(stored, anchor_sha256=None, support_key=None)


def stored_after(item: Item, result: FactResult, sha: str) -> Item:
    """The fact as an audit leaves it in the database (see `services/audit/results.py: updates`)."""
    fact, source, stored = item
    stored = replace(stored, support_key=result.support_key)
    if result.anchor is None:
        return fact, source, stored
    return (
        fact,
        source,
        replace(
            stored,
            hint=result.anchor,
            anchor_sha256=sha,
            anchor_verdict=result.verdict,
            anchor_detail=result.detail,
            anchor_quote_sha256=quote_sha256(fact.quote),
        ),
    )
