"""Claims: which value mentions make a sentence of a draft a checkable claim.

Owns the rule that picks claims from the values the parser finds (bare years, relative dates,
"one" and numbers that name something are not claims), the mentions a cited fact is compared
with, and the cheap word test that spares sentences without a value the parse. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kzfacts.values import Value, ValueType
from kzfacts.values.vague import QUANTITY_WORDS
from kzfacts.values.vocabulary import CURRENCIES, MONTHS, SMALL

_CLAIM_TYPES = frozenset(
    {ValueType.DURATION, ValueType.DATE, ValueType.COUNT, ValueType.MONEY, ValueType.PERCENT}
)
_YEARS_ONLY = re.compile(
    r"(?:(?:from|between|in)\s+)?(?:19|20)\d\d"
    r"(?:\s*(?:-|–|—|to|until|and|through)\s*(?:\d\d)?\d\d)?s?",
    re.IGNORECASE,
)
_IDENTIFIER_BEFORE = re.compile(
    r"(?:\b(?:articles?|paragraphs?|paras?|sections?|chapters?|pages?|parts?|clauses?|"
    r"annex(?:es)?|resolutions?)\.?|\b(?:arts?|no|nos|sec|ch|pp?|vol)\.|§|#|№)\s*$",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]+")
_MONTH_WORD = re.compile(rf"\b(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\b", re.I)
# Words without which a sentence states no claim (see `claims_in`): number words, vague
# quantities, units of time, months and seasons, currencies, percent. Tested against every
# sentence of the seed corpus; a sentence that cites a fact is always parsed in full.
_TRIGGER_WORDS = frozenset(
    set(SMALL)
    | {"hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion"}
    | {"billions", "dozen", "dozens", "half", "mln", "bn"}
    | {word for phrase in QUANTITY_WORDS for word in phrase.split() if len(word) > 2}
    | {"hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years"}
    | {"decade", "decades", "spring", "summer", "autumn", "fall", "winter"}
    | set(MONTHS)
    | {word for name in CURRENCIES for word in _WORD.findall(name)}
    | {"percent", "pct", "cent", "tenge", "euro", "euros"}
)
_TRIGGER_SYMBOLS = re.compile(r"[\d%$€£₸]")


def may_state_a_value(text: str) -> bool:
    """Cheap test that `find_values` could find a claim; it is the costly part of a check."""
    if _TRIGGER_SYMBOLS.search(text):
        return True
    return any(word in _TRIGGER_WORDS for word in _WORD.findall(text.lower()))


def _relative_date(mention: Value) -> bool:
    """ "today", "last year", "two months ago": relative to a moment the draft does not fix."""
    return not _DIGIT.search(mention.text) and not _MONTH_WORD.search(mention.text)


def _identifier(text: str, mention: Value) -> bool:
    """A number that names something ("Article 164", "No. 5"), not a quantity."""
    return mention.type is ValueType.COUNT and bool(
        _IDENTIFIER_BEFORE.search(text, 0, mention.start)
    )


def comparable_mentions(text: str, mentions: Sequence[Value]) -> list[Value]:
    """Mentions a cited fact's value is compared with (statuses and bare years included)."""
    return [
        m
        for m in mentions
        if not (m.type is ValueType.DATE and _relative_date(m)) and not _identifier(text, m)
    ]


def claims_in(text: str, mentions: Sequence[Value]) -> list[Value]:
    """The mentions that make a sentence a checkable claim.

    Every number, date, duration, amount or percent the value parser finds, except: statuses
    (not in the list), a year on its own or a span of years ("in 2009", "2005–2014": the frame of
    a sentence, or part of a name), relative dates ("last year"), the word "one" ("one of the
    …"), and numbers that name something ("Article 164", "No. 5").
    """
    claims: list[Value] = []
    for m in comparable_mentions(text, mentions):
        if m.type not in _CLAIM_TYPES:
            continue
        if m.type is ValueType.DATE and _YEARS_ONLY.fullmatch(m.text.strip()):
            continue
        if m.type is ValueType.COUNT and m.text.strip().lower() == "one":
            continue
        claims.append(m)
    return claims
