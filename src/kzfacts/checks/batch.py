"""An audit's unit of work: the facts of one source checked against its current text, each
with what `verify_fact` finds, keeping only what an audit records. Most facts of an audit
stand unchanged where they were anchored and passed their value check on the same evidence:
they are recorded without building the account of each part. Pure and picklable, so audits
can spread sources over worker processes."""

from __future__ import annotations

from kzfacts.checks.fact import FactInput, FactResult, SourceContext, StoredCheck
from kzfacts.checks.facts import stands_unchanged, stored_inexact, verify_fact
from kzfacts.checks.moved import moved_result
from kzfacts.checks.subjects import EntityCatalog
from kzfacts.checks.support_keys import key_at, same_support
from kzfacts.checks.values import parse_validity
from kzfacts.text.anchor import PreparedSource, Verdict


def standing(
    fact: FactInput,
    source: SourceContext,
    stored: StoredCheck,
    raw: str,
    sha256: str,
    catalog: EntityCatalog | None,
    *,
    stands: bool = False,
) -> FactResult | None:
    """What `verify_fact` records for an audit (no evidence kept) of a fact whose quote stands
    unchanged, whose time reads and whose value check passed before on the same evidence,
    without building its parts; None otherwise. Each step is the one `verify_fact` takes: a
    quote that stands has no findings but the stored inexact one, and an unchanged key reads
    no value and checks no subject. `stands`: `stands_unchanged` was found true already."""
    hint = stored.hint
    if hint is None or not (stands or stands_unchanged(fact, source, stored, raw, sha256)):
        return None
    position = (hint.start, hint.end)
    key = standing_key(
        fact.quote, fact.value, fact.predicate, fact.entity, fact.subject, fact.as_of, source,
        stored.support_key, position, raw, sha256, catalog,
    )  # fmt: skip
    if key is None:
        return None
    inexact = stored.anchor_verdict == Verdict.INEXACT.value
    found = (stored_inexact(fact, stored),) if inexact else ()
    return FactResult(fact, found, support_key=key, position=position)


def standing_key(
    quote: str,
    value: str,
    predicate: str,
    entity: str | None,
    subject: str,
    as_of: str | None,
    source: SourceContext,
    stored_key: str | None,
    position: tuple[int, int],
    raw: str,
    sha256: str,
    catalog: EntityCatalog | None,
) -> str | None:
    """The support key `standing` records for a fact whose quote stands unchanged at `position`
    (`quote_stands`), from its fields and stored key: None when `standing` gives None."""
    if source.value_type is None or (as_of and parse_validity(as_of, source.published) is None):
        return None
    key = key_at(
        quote, value, predicate, entity, subject, as_of, source, stored_key, raw, sha256,
        catalog, position,
    )  # fmt: skip
    return key if same_support(stored_key, key) else None


def check_source_batch(
    raw: str,
    sha256: str,
    facts: list[FactInput],
    sources: list[SourceContext],
    stored: list[StoredCheck],
    catalog: EntityCatalog | None = None,
    *,
    stand: bool = False,
) -> list[FactResult]:
    """Every fact of one source, against its current text (the unit of work of a worker process).

    `sources` and `stored` run alongside `facts`: each fact's source context and stored check.
    `stand`: every fact's quote was found to stand unchanged (`stands_unchanged`) by the
    caller, which need not be tested again."""
    text = PreparedSource(raw)
    # What was read stays in the worker: an audit needs the findings, not the parts, the values
    # or the evidence they were read from (pickled back, they doubled the cost of a worker's result).
    results: list[FactResult] = []
    for fact, context, check in zip(facts, sources, stored, strict=True):
        result = standing(fact, context, check, raw, sha256, catalog, stands=stand) or moved_result(
            fact, context, text, sha256, catalog, check
        )
        if result is None:
            result = verify_fact(fact, context, text, sha256, catalog, check, keep_evidence=False)
        results.append(result)
    return results
