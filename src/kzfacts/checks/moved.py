"""A fact whose quote an edit of its source only moved: `verify_fact`'s result for it (as an
audit keeps it: no parts, no value read, no evidence), told without its search, its edge rules,
its value or its subject, when nothing they read changed.

The quote, without elisions, stands as its stored text where that text moved to (and not at
its stored place): `anchor.moved_exactly` takes `_anchor`'s own first steps. Its surroundings
are those in which its accepted anchor stood in the text it was accepted in (`StoredCheck.cleared`),
so the edge rules, which read nothing else, find nothing again. Its value check's
key is the stored one (`same_support`: the same quote, value, rules and evidence read), so
`verify_fact` would read neither its value nor its subject. What remains of `verify_fact`'s
result is what is built here, from the same functions: the quote-moved finding, the new anchor,
its position and key. Any other case returns None, and `verify_fact` decides.
"""

from __future__ import annotations

from kzfacts.checks.fact import FactInput, FactResult, SourceContext, StoredCheck
from kzfacts.checks.quotes import anchoring_detail, moved_finding, too_long
from kzfacts.checks.subjects import EntityCatalog
from kzfacts.checks.support_keys import same_support, support_key_at
from kzfacts.checks.values import parse_validity
from kzfacts.text.anchor import PreparedSource, Verdict, moved_exactly
from kzfacts.text.edges import surroundings


def moved_result(
    fact: FactInput,
    source: SourceContext,
    text: PreparedSource,
    sha256: str,
    catalog: EntityCatalog | None,
    stored: StoredCheck,
) -> FactResult | None:
    """`verify_fact(fact, source, text, sha256, catalog, stored, keep_evidence=False)` for a
    quote its source's edit only moved (see the module); None for any other fact."""
    hint = stored.hint
    if (
        hint is None
        or stored.cleared is None
        or stored.anchor_sha256 == sha256  # the text did not change: `stands_unchanged` decides
        or source.value_type is None
        or too_long(fact.quote)
        or (fact.as_of and parse_validity(fact.as_of, source.published) is None)  # a finding
    ):
        return None
    anchoring = moved_exactly(fact.quote, text, hint)
    anchor = anchoring.anchor if anchoring is not None else None
    if anchoring is None or anchor is None:
        return None
    if surroundings(text.raw, anchor.start, anchor.end) != stored.cleared:
        return None
    position = (anchor.start, anchor.end)
    key = support_key_at(fact, source, stored, text.raw, sha256, catalog, position)
    if not same_support(stored.support_key, key):
        return None
    detail = anchoring_detail(anchoring, fact.quote)
    return FactResult(
        fact,
        (moved_finding(anchor, hint, detail, fact.id, fact.source),),
        anchor=anchor,
        verdict=Verdict.EXACT.value,
        support_key=key,
        position=position,
    )
