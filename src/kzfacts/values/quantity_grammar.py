"""The grammar of counts, durations, money and percents: the pieces their patterns are made of.

Owns the regular-expression pieces (vague words before and after a number, quantities,
currencies written before or after it, percent), the match type, and where a match can start
and what may follow its first number (the scanner's flags, see `values.scan`). The patterns
themselves are `values.quantities`. Pure.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from kzfacts.values import scan
from kzfacts.values.lazy import Lazy
from kzfacts.values.model import ValueType
from kzfacts.values.numbers import NUMBER_FIRST_WORDS
from kzfacts.values.start_hints import Follow, Glued
from kzfacts.values.vague import PREFIX_WORDS, QUANTITY_WORDS, SUFFIX_WORDS


def words_regex(words: tuple[str, ...]) -> str:
    parts = []
    for word in words:
        tokens = word.split()
        regex = r"\s+".join(re.escape(t) for t in tokens)
        if word.endswith("."):
            parts.append(rf"\b{regex[:-2]}\.?\s*")  # "approx." or "approx"
        elif word[-1].isalnum():
            parts.append(rf"\b{regex}\s+" if word[0].isalnum() else rf"{regex}\s+")
        else:
            parts.append(rf"{regex}\s*")
    return "|".join(parts)


PREFIX = rf"(?P<pre>{words_regex(PREFIX_WORDS)})"
SUFFIX = (
    "(?P<suf>"
    + "|".join(
        (r"\s+" + r"\s+".join(w.split())) if w[0].isalnum() else re.escape(w) for w in SUFFIX_WORDS
    )
    + ")"
)
QUANTITY = "|".join(r"\s+".join(w.split()) for w in QUANTITY_WORDS)
SEP = r"\s*(?P<sep>to|and|-|–|—)\s*"
FROM = r"(?:(?P<from>from|between)\s+)?"


def unit_regex(group: str) -> str:
    return rf"(?P<{group}>years?|months?|weeks?|days?|hours?|decades?)\b"


#: "and a half" after a number or unit, also hyphenated: "seven-and-a-half years".
AND_A_HALF = r"(?:\s+|\s*-\s*)and(?:\s+|\s*-\s*)a(?:\s+|\s*-\s*)half"


def qty(number: str) -> str:
    """A duration's quantity: a number (`number`: its regex), maybe and a half, "a", "several"."""
    return rf"(?P<q>{number}(?:{AND_A_HALF})?|\bhalf\s+an?|\ban?|(?:{QUANTITY})(?:\s+of)?)"


#: A duration followed by these is an age: "her 14-year-old daughter", "ten years of age".
AGE = Lazy(r"(?:\s+|\s*-\s*)old\b|\s+of\s+age\b", re.IGNORECASE)
#: A number followed by these is an age too, and no count: "an 18-year-old DVK worker".
AGE_AFTER_NUMBER = Lazy(
    rf"\s*(?:-\s*)?(?:years?|months?|weeks?|days?)(?:{AGE.pattern})", re.IGNORECASE
)
APOSTROPHE = r"(?:['’](?!\w))?"
CUR_BEFORE = r"U\.?\s?S\.?\s*\$|US\$|USD|EUR|KZT|RUB|GBP|CHF|\$|€|£|₸"
CUR_AFTER = (
    r"(?:tenge|KZT|USD|EUR|RUB|GBP|CHF|euros?|(?:U\.?S\.?\s+|US\s+)?dollars?|roubles?|rubles?"
    r"|pounds\s+sterling)\b"
)
PERCENT = r"(?:%|\s*per\s*cent\b|\s*percent\b|\s*pct\b)"


class QuantityMatch(NamedTuple):
    """A count, duration, money or percent found in a text (a tuple: made by the thousand)."""

    type: ValueType
    start: int
    end: int
    low: float
    high: float
    unit: str


# --- where matches start (see scan.py) --------------------------------------------------------


def first_token(words: str) -> str:
    first = re.match(r"\w+|[^\w\s]", words.lower())
    assert first is not None
    return first.group()


scan.flag_words(scan.NUMWORD, NUMBER_FIRST_WORDS)
scan.flag_words(scan.PREFIX, (first_token(w) for w in PREFIX_WORDS))
scan.flag_words(scan.FROM, ("from", "between"))
scan.flag_words(scan.QWORD, (first_token(w) for w in QUANTITY_WORDS if first_token(w) != "a"))
scan.flag_words(scan.CUR, ("$", "€", "£", "₸", "u", "us"))

UNITS = ("year", "month", "week", "day", "hour", "decade")
CURRENCY_CODES = ("usd", "eur", "kzt", "rub", "gbp", "chf")
#: A vague word that may run into the number: "approx5", "approx.5".
GLUED_PREFIX = tuple(
    Glued(Lazy(re.escape(head)), Lazy(re.escape(head)), (head,))
    for head in sorted({first_token(w) for w in PREFIX_WORDS if w.endswith(".")})
)
GLUED_QUANTITY = "|".join(
    ["an?", *(re.escape(w) for w in QUANTITY_WORDS if " " not in w)]  # "ayear", "severaldays"
)
#: A duration's quantity run into its unit: "ayear", "severaldays" (no space is required).
GLUED_DURATION = (
    *GLUED_PREFIX,
    Glued(
        Lazy(rf"(?:{GLUED_QUANTITY})(?:year|month|week|day|hour|decade)"),
        Lazy(rf"(?:{GLUED_QUANTITY})(?:years?|months?|weeks?|days?|hours?|decades?)\Z"),
        UNITS,
    ),
)
#: A currency code run into the number: "USD100", "EUR5".
GLUED_CURRENCY = (
    *GLUED_PREFIX,
    Glued(Lazy("|".join(CURRENCY_CODES)), Lazy("|".join(CURRENCY_CODES)), CURRENCY_CODES),
)
CURRENCY_BEFORE = ("$", "€", "£", "₸", "usd", "eur", "kzt", "rub", "gbp", "chf")
CURRENCY_AFTER = ("tenge", "kzt", "usd", "eur", "rub", "gbp", "chf", "dollar", "rouble", "pounds")


#: What comes right after a pattern's first number (see start_hints.Follow).
UNIT_WORDS = frozenset(u + s for u in UNITS for s in ("", "s"))
SEPARATORS = frozenset({"-", "–", "—"})
TO = ("to", "and")  # `SEP` has no space around "to"/"and" to require: "5to6", "2 tothree"
AFTER_RANGE = Follow(SEPARATORS, TO)
#: A duration's quantity may end without a word boundary ("half ayear", "a fewyears",
#: "hundreds ofyears", "two and a halfyears"): its last word and the unit in one token.
QUANTITY_TAILS = "an?|half|of|few|thousands|hundreds|millions|several|dozens"
AFTER_QUANTITY = Follow(
    UNIT_WORDS | {"-"},
    glued=Lazy(rf"(?:{QUANTITY_TAILS})(?:years?|months?|weeks?|days?|hours?|decades?)"),
)
AFTER_DURATION_RANGE = Follow(UNIT_WORDS | SEPARATORS, TO)
AFTER_MONEY = Follow(
    SEPARATORS
    | {"tenge", "kzt", "usd", "eur", "rub", "gbp", "chf", "euro", "euros", "dollar", "dollars"}
    | {"u", "us", "rouble", "roubles", "ruble", "rubles", "pounds"},
    TO,
)
AFTER_PERCENT = Follow(SEPARATORS | {"%"}, (*TO, "per", "pct"))


def two_units(folded: str) -> bool:
    return sum(folded.count(unit) for unit in UNITS) >= 2
