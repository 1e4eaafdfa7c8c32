"""Which predicate a value mention states, from the words bound to it: the one table of cue
words that `kzfacts suggest` uses, and the kinds of entity each predicate is said of.

Swapping in another word table means replacing `predicate_for` (and `fits`); nothing else
reads these tables.
"""

from __future__ import annotations

from collections.abc import Sequence

from kzfacts.values import ValueType

DEFAULT_PREDICATE = {
    ValueType.DATE: "event_date",
    ValueType.DURATION: "duration",
    ValueType.COUNT: "count",
    ValueType.MONEY: "amount",
    ValueType.PERCENT: "percentage",
    ValueType.STATUS: "status",
}
"""The predicate of a mention whose clause holds no cue word."""

PREDICATE_CUES: dict[ValueType, tuple[tuple[str, tuple[str, ...]], ...]] = {
    ValueType.DATE: (
        ("sentence_date", ("sentenced", "convicted", "sentence", "verdict", "imprisoned",
                           "jailed")),
        ("release_date", ("released", "freed", "release")),
        ("arrest_date", ("arrested", "arrest", "detained", "detention", "apprehended", "custody")),
        ("law_in_force_date", ("force", "effect", "effective")),
        ("law_adopted_date", ("adopted", "signed", "enacted", "passed", "amended", "approved")),
        ("registration_date", ("registered", "registration")),
        ("closure_date", ("closed", "close", "liquidated", "liquidation", "shut", "dissolved",
                          "banned", "bankrupt")),
    ),
    ValueType.DURATION: (
        ("sentence_length", ("sentenced", "sentence", "imprisonment", "imprisoned", "prison",
                             "colony", "jail", "term", "serving")),
        ("ban_length", ("ban", "banned", "barred", "prohibited")),
        ("detention_length", ("detention", "detained", "custody", "arrest", "jailed")),
    ),
    ValueType.COUNT: (
        ("death_toll", ("killed", "died", "dead", "deaths", "death", "fatalities")),
        ("injured_count", ("injured", "wounded", "hurt")),
        ("detained_count", ("detained", "arrested", "detentions", "arrests")),
        ("confiscated_count", ("confiscated", "seized", "copies")),
        ("closed_count", ("closed", "shut", "liquidated")),
        ("member_count", ("members", "membership", "signatures")),
        ("participant_count", ("participants", "protesters", "demonstrators", "took", "gathered",
                               "attended", "stormed", "men", "marchers", "marching", "marched",
                               "rally")),
    ),
}  # fmt: skip
"""Cue words per value type: the nearest cue to the mention in its clause names the predicate."""

PREDICATE_KINDS: dict[str, frozenset[str]] = {
    "sentence_date": frozenset({"person"}),
    "release_date": frozenset({"person"}),
    "arrest_date": frozenset({"person"}),
    "sentence_length": frozenset({"person"}),
    "ban_length": frozenset({"person", "media", "organisation", "party"}),
    "detention_length": frozenset({"person"}),
    "law_adopted_date": frozenset({"law"}),
    "law_in_force_date": frozenset({"law"}),
    "registration_date": frozenset({"organisation", "party", "media"}),
    "closure_date": frozenset({"organisation", "party", "media"}),
}
"""The kinds of entity a cued predicate is said of; about any other kind, the cue is not taken."""


def predicate_for(
    value_type: ValueType, before: Sequence[str], after: Sequence[str]
) -> tuple[str, str | None]:
    """The predicate and the cue word that chose it, from the content words (no "the", "was")
    before and after the mention in its clause: the cue nearest the mention wins. At the same distance a count takes the word after it ("some 100 were
    wounded"), any other value the word before it ("released on 8 March")."""
    cues = PREDICATE_CUES.get(value_type, ())
    best: tuple[float, str, str] | None = None
    after_bias = 0.0 if value_type is ValueType.COUNT else 0.5
    sides = ((0.5 - after_bias, list(reversed(before))), (after_bias, list(after)))
    for side, content in sides:
        for distance, word in enumerate(content):
            for predicate, cue_words in cues:
                if word in cue_words and (best is None or distance + side < best[0]):
                    best = (distance + side, predicate, word)
    if best is None:
        return DEFAULT_PREDICATE[value_type], None
    return best[1], best[2]


def fits(predicate: str, kind: str) -> bool:
    """Whether a predicate can be said of an entity of this kind."""
    kinds = PREDICATE_KINDS.get(predicate)
    return kinds is None or kind in kinds
