"""Counts, durations, money and percents: a number, maybe a vague word, maybe a unit or currency.

Each pattern finds candidates only; which one a stretch of text is ("four years" is a
duration, not the count four) is decided by the caller, longest match first. Each pattern is
tried only where a match can start (see scan.py): its `Scanner` says which tokens those are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from kzfacts.values import scan
from kzfacts.values.dates import END, START
from kzfacts.values.model import ValueType
from kzfacts.values.numbers import NUMBER, NUMBER_FIRST_WORDS, parse_number
from kzfacts.values.scan import NUMBER as NUMBER_START
from kzfacts.values.scan import Follow, Glued, Scanner
from kzfacts.values.vague import (
    PREFIX_WORDS,
    QUANTITY_WORDS,
    SUFFIX_WORDS,
    VAGUE_BOUNDS,
    Bound,
    prefix_bound,
    suffix_bound,
)
from kzfacts.values.vocabulary import CURRENCIES, DAYS_PER


def _words_regex(words: tuple[str, ...]) -> str:
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


_PREFIX = rf"(?P<pre>{_words_regex(PREFIX_WORDS)})"
_SUFFIX = (
    "(?P<suf>"
    + "|".join(
        (r"\s+" + r"\s+".join(w.split())) if w[0].isalnum() else re.escape(w) for w in SUFFIX_WORDS
    )
    + ")"
)
_QUANTITY = "|".join(r"\s+".join(w.split()) for w in QUANTITY_WORDS)
_SEP = r"\s*(?P<sep>to|and|-|–|—)\s*"
_FROM = r"(?:(?P<from>from|between)\s+)?"


def _unit(group: str) -> str:
    return rf"(?P<{group}>years?|months?|weeks?|days?|hours?|decades?)\b"


#: "and a half" after a number or unit, also hyphenated: "seven-and-a-half years".
_AND_A_HALF = r"(?:\s+|\s*-\s*)and(?:\s+|\s*-\s*)a(?:\s+|\s*-\s*)half"
_QTY = rf"(?P<q>{NUMBER}(?:{_AND_A_HALF})?|\bhalf\s+an?|\ban?|(?:{_QUANTITY})(?:\s+of)?)"
#: A duration followed by these is an age: "her 14-year-old daughter", "ten years of age".
_AGE = re.compile(r"(?:\s+|\s*-\s*)old\b|\s+of\s+age\b", re.IGNORECASE)
#: A number followed by these is an age too, and no count: "an 18-year-old DVK worker".
_AGE_AFTER_NUMBER = re.compile(
    rf"\s*(?:-\s*)?(?:years?|months?|weeks?|days?)(?:{_AGE.pattern})", re.IGNORECASE
)
_APOSTROPHE = r"(?:['’](?!\w))?"
_CUR_BEFORE = r"U\.?\s?S\.?\s*\$|US\$|USD|EUR|KZT|RUB|GBP|CHF|\$|€|£|₸"
_CUR_AFTER = (
    r"(?:tenge|KZT|USD|EUR|RUB|GBP|CHF|euros?|(?:U\.?S\.?\s+|US\s+)?dollars?|roubles?|rubles?"
    r"|pounds\s+sterling)\b"
)
_PERCENT = r"(?:%|\s*per\s*cent\b|\s*percent\b|\s*pct\b)"


@dataclass(frozen=True)
class QuantityMatch:
    type: ValueType
    start: int
    end: int
    low: float
    high: float
    unit: str


# --- where matches start (see scan.py) --------------------------------------------------------


def _first_token(words: str) -> str:
    first = re.match(r"\w+|[^\w\s]", words.lower())
    assert first is not None
    return first.group()


scan.flag_words(scan.NUMWORD, NUMBER_FIRST_WORDS)
scan.flag_words(scan.PREFIX, (_first_token(w) for w in PREFIX_WORDS))
scan.flag_words(scan.FROM, ("from", "between"))
scan.flag_words(scan.QWORD, (_first_token(w) for w in QUANTITY_WORDS if _first_token(w) != "a"))
scan.flag_words(scan.CUR, ("$", "€", "£", "₸", "u", "us"))

#: A vague word that may run into the number: "approx5", "approx.5".
_GLUED_PREFIX = tuple(
    Glued(re.compile(re.escape(head)), re.compile(re.escape(head)))
    for head in sorted({_first_token(w) for w in PREFIX_WORDS if w.endswith(".")})
)
_GLUED_QUANTITY = "|".join(
    ["an?", *(re.escape(w) for w in QUANTITY_WORDS if " " not in w)]  # "ayear", "severaldays"
)
#: A duration's quantity run into its unit: "ayear", "severaldays" (no space is required).
_GLUED_DURATION = (
    *_GLUED_PREFIX,
    Glued(
        re.compile(rf"(?:{_GLUED_QUANTITY})(?:year|month|week|day|hour|decade)"),
        re.compile(rf"(?:{_GLUED_QUANTITY})(?:years?|months?|weeks?|days?|hours?|decades?)\Z"),
    ),
)
#: A currency code run into the number: "USD100", "EUR5".
_GLUED_CURRENCY = (
    *_GLUED_PREFIX,
    Glued(re.compile("usd|eur|kzt|rub|gbp|chf"), re.compile("usd|eur|kzt|rub|gbp|chf")),
)
_UNITS = ("year", "month", "week", "day", "hour", "decade")
_CURRENCY_BEFORE = ("$", "€", "£", "₸", "usd", "eur", "kzt", "rub", "gbp", "chf")
_CURRENCY_AFTER = ("tenge", "kzt", "usd", "eur", "rub", "gbp", "chf", "dollar", "rouble", "pounds")


#: What comes right after a pattern's first number (see scan.Follow).
_UNIT_WORDS = frozenset(u + s for u in _UNITS for s in ("", "s"))
_SEPARATORS = frozenset({"-", "–", "—"})
_TO = ("to", "and")  # `_SEP` has no space around "to"/"and" to require: "5to6", "2 tothree"
_AFTER_RANGE = Follow(_SEPARATORS, _TO)
#: A duration's quantity may end without a word boundary ("half ayear", "a fewyears",
#: "hundreds ofyears", "two and a halfyears"): its last word and the unit in one token.
_QUANTITY_TAILS = "an?|half|of|few|thousands|hundreds|millions|several|dozens"
_AFTER_QUANTITY = Follow(
    _UNIT_WORDS | {"-"},
    glued=re.compile(rf"(?:{_QUANTITY_TAILS})(?:years?|months?|weeks?|days?|hours?|decades?)"),
)
_AFTER_DURATION_RANGE = Follow(_UNIT_WORDS | _SEPARATORS, _TO)
_AFTER_MONEY = Follow(
    _SEPARATORS
    | {"tenge", "kzt", "usd", "eur", "rub", "gbp", "chf", "euro", "euros", "dollar", "dollars"}
    | {"u", "us", "rouble", "roubles", "ruble", "rubles", "pounds"},
    _TO,
)
_AFTER_PERCENT = Follow(_SEPARATORS | {"%"}, (*_TO, "per", "pct"))


def _two_units(folded: str) -> bool:
    return sum(folded.count(unit) for unit in _UNITS) >= 2


Handler = Callable[[re.Match[str]], QuantityMatch | None]
_PATTERNS: list[tuple[Scanner, Handler]] = []


def _pattern(
    regex: str,
    *,
    core: int,
    lead: int = 0,
    reach: int = 0,
    gate: tuple[str, ...] | Callable[[scan.Text], bool] | None = None,
    glued: tuple[Glued, ...] = _GLUED_PREFIX,
    follow: Follow | None = None,
) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        scanner = Scanner(regex, core, lead, reach, gate, glued, follow)
        _PATTERNS.append((scanner, handler))
        return handler

    return register


#: Where a match can start: at a number, or at a vague word before it (up to 3 tokens: "no
#: fewer than"), or at that and "from"/"between" (4 tokens).
_PREFIXED = scan.PREFIX
_PREFIXED_REACH = 3
_RANGE = scan.PREFIX | scan.FROM
_RANGE_REACH = 4


def _group(m: re.Match[str], name: str) -> str | None:
    """A named group's text, or None if the pattern has no such group or it did not take part."""
    return m.group(name) if name in m.re.groupindex else None


def _range_ok(m: re.Match[str]) -> bool:
    """ "and" joins a range only after "between": "two and three" is two numbers."""
    sep = (_group(m, "sep") or "").lower()
    opener = (_group(m, "from") or "").lower()
    return sep != "and" or opener == "between"


def _bounded(
    m: re.Match[str], low: Fraction, high: Fraction, discrete: bool
) -> tuple[float, float] | None:
    """Apply the vague word before or after the number, if any; None if that makes no sense."""
    prefix, suffix = _group(m, "pre"), _group(m, "suf")
    if prefix and suffix:
        return None
    bound: Bound | None = None
    if prefix:
        bound = prefix_bound(prefix)
    elif suffix:
        bound = suffix_bound(suffix)
    if bound is None:
        return None if (prefix or suffix) else (float(low), float(high))
    return bound.apply(low, high, discrete=discrete)


def _numbers(m: re.Match[str], first: str, second: str | None) -> tuple[Fraction, Fraction] | None:
    low = parse_number(m.group(first))
    high = low if second is None or not m.group(second) else parse_number(m.group(second))
    if low is None or high is None:
        return None
    if second and m.group(second) and (low >= high or not _range_ok(m)):
        return None
    return low, high


def _make(
    m: re.Match[str], kind: ValueType, interval: tuple[float, float] | None, unit: str
) -> QuantityMatch | None:
    if interval is None:
        return None
    return QuantityMatch(kind, m.start(), m.end(), interval[0], interval[1], unit)


# --- counts -----------------------------------------------------------------------------------


@_pattern(
    rf"{START}(?:{_PREFIX})?(?P<n>{NUMBER})(?:{_SUFFIX})?{END}",
    core=NUMBER_START,
    lead=_PREFIXED,
    reach=_PREFIXED_REACH,
)
def _count(m: re.Match[str]) -> QuantityMatch | None:
    if _AGE_AFTER_NUMBER.match(m.string, m.end()):
        return None
    numbers = _numbers(m, "n", None)
    if numbers is None:
        return None
    return _make(m, ValueType.COUNT, _bounded(m, *numbers, discrete=True), "count")


@_pattern(
    rf"{START}(?:{_PREFIX})?{_FROM}(?P<n1>{NUMBER}){_SEP}(?P<n2>{NUMBER}){END}",
    core=NUMBER_START,
    lead=_RANGE,
    reach=_RANGE_REACH,
    follow=_AFTER_RANGE,
)
def _count_range(m: re.Match[str]) -> QuantityMatch | None:
    if _AGE_AFTER_NUMBER.match(m.string, m.end()):
        return None
    numbers = _numbers(m, "n1", "n2")
    if numbers is None:
        return None
    return _make(m, ValueType.COUNT, _bounded(m, *numbers, discrete=True), "count")


@_pattern(rf"{START}(?P<q>{_QUANTITY})\b", core=scan.QWORD | scan.A_FEW, glued=())
def _count_words(m: re.Match[str]) -> QuantityMatch | None:
    bound = VAGUE_BOUNDS[" ".join(m.group("q").lower().split())]
    return QuantityMatch(ValueType.COUNT, m.start(), m.end(), bound.low, bound.high, "count")


# --- durations --------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _quantity(text: str) -> tuple[Fraction, Fraction] | None:
    """How many units "four", "a", "half a", "one and a half", "several" stand for."""
    words = " ".join(text.lower().split())
    if words in ("a", "an"):
        return Fraction(1), Fraction(1)
    if words in ("half a", "half an"):
        return Fraction(1, 2), Fraction(1, 2)
    bare = words.removesuffix(" of")
    if bare in VAGUE_BOUNDS:
        bound = VAGUE_BOUNDS[bare]
        return Fraction(int(bound.low)), Fraction(int(bound.high))
    words = re.sub(r"\s*-\s*", " ", words)  # "seven-and-a-half"
    half = words.endswith(" and a half")
    number = parse_number(words.removesuffix(" and a half"))
    if number is None:
        return None
    number += Fraction(1, 2) if half else 0
    return number, number


def _days(unit: str) -> Fraction:
    return DAYS_PER[unit.lower().rstrip("s")]


@_pattern(
    rf"{START}(?:{_PREFIX})?{_QTY}\s*(?:-\s*)?{_unit('u')}(?P<half>{_AND_A_HALF})?{_APOSTROPHE}",
    core=NUMBER_START | scan.A_UNIT | scan.A_FEW | scan.QWORD,
    lead=scan.PREFIX,
    reach=3,
    gate=_UNITS,
    glued=_GLUED_DURATION,
    follow=_AFTER_QUANTITY,
)
def _duration(m: re.Match[str]) -> QuantityMatch | None:
    if _AGE.match(m.string, m.end()):
        return None  # an age is never a duration
    quantity = _quantity(m.group("q"))
    if quantity is None:
        return None
    low, high = quantity
    if m.group("half"):
        if low != high or low.denominator != 1:
            return None
        low = high = low + Fraction(1, 2)
    unit = _days(m.group("u"))
    return _make(m, ValueType.DURATION, _bounded(m, low * unit, high * unit, False), "day")


@_pattern(
    rf"{START}(?:{_PREFIX})?(?P<n1>{NUMBER}|\ban?)\s*{_unit('u1')}(?:\s*,\s*|\s+)(?:and\s+)?"
    rf"(?P<n2>{NUMBER}|\ban?)\s*{_unit('u2')}{_APOSTROPHE}",
    core=NUMBER_START | scan.A_UNIT,
    lead=scan.PREFIX,
    reach=3,
    gate=lambda text: text.folded is not None and _two_units(text.folded),
    glued=_GLUED_DURATION,
    follow=Follow(_UNIT_WORDS),
)
def _compound_duration(m: re.Match[str]) -> QuantityMatch | None:
    """ "7 years 6 months", "four years and two months": the smaller unit second."""
    first, second = _quantity(m.group("n1")), _quantity(m.group("n2"))
    unit1, unit2 = _days(m.group("u1")), _days(m.group("u2"))
    if first is None or second is None or unit2 >= unit1:
        return None
    days = first[0] * unit1 + second[0] * unit2
    return _make(m, ValueType.DURATION, _bounded(m, days, days, False), "day")


@_pattern(
    rf"{START}(?:{_PREFIX})?{_FROM}(?P<n1>{NUMBER})\s*(?:{_unit('u1')}\s*)?{_SEP}(?P<n2>{NUMBER})"
    rf"\s*(?:-\s*)?{_unit('u2')}{_APOSTROPHE}",
    core=NUMBER_START,
    lead=_RANGE,
    reach=_RANGE_REACH,
    gate=_UNITS,
    follow=_AFTER_DURATION_RANGE,
)
def _duration_range(m: re.Match[str]) -> QuantityMatch | None:
    low, high = parse_number(m.group("n1")), parse_number(m.group("n2"))
    if low is None or high is None or not _range_ok(m) or _AGE.match(m.string, m.end()):
        return None
    low *= _days(m.group("u1") or m.group("u2"))
    high *= _days(m.group("u2"))
    if low >= high:
        return None
    return _make(m, ValueType.DURATION, _bounded(m, low, high, discrete=False), "day")


# --- money --------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _currency(written: str) -> str | None:
    key = re.sub(r"\s+", " ", written.lower())
    return CURRENCIES.get(key) or CURRENCIES.get(key.replace(" ", ""))


@_pattern(
    rf"{START}(?:{_PREFIX})?(?P<cur>{_CUR_BEFORE})\s*(?P<n1>{NUMBER})"
    rf"(?:{_SEP}(?:(?P<cur2>{_CUR_BEFORE})\s*)?(?P<n2>{NUMBER}))?{END}",
    core=scan.CUR,
    lead=scan.PREFIX,
    reach=3,
    gate=_CURRENCY_BEFORE,
    glued=_GLUED_CURRENCY,
)
def _money_before(m: re.Match[str]) -> QuantityMatch | None:
    code = _currency(m.group("cur"))
    if code is None or (m.group("cur2") and _currency(m.group("cur2")) != code):
        return None
    numbers = _numbers(m, "n1", "n2")
    if numbers is None:
        return None
    return _make(m, ValueType.MONEY, _bounded(m, *numbers, discrete=False), code)


@_pattern(
    rf"{START}(?:{_PREFIX})?{_FROM}(?P<n1>{NUMBER})(?:{_SEP}(?P<n2>{NUMBER}))?\s*"
    rf"(?P<cur>{_CUR_AFTER})",
    core=NUMBER_START,
    lead=_RANGE,
    reach=_RANGE_REACH,
    gate=_CURRENCY_AFTER,
    follow=_AFTER_MONEY,
)
def _money_after(m: re.Match[str]) -> QuantityMatch | None:
    code = _currency(m.group("cur"))
    numbers = _numbers(m, "n1", "n2")
    if code is None or numbers is None:
        return None
    return _make(m, ValueType.MONEY, _bounded(m, *numbers, discrete=False), code)


# --- percents -----------------------------------------------------------------------------------


@_pattern(
    rf"{START}(?:{_PREFIX})?{_FROM}(?:(?P<n1>{NUMBER})\s*%?{_SEP})?(?P<n2>{NUMBER}){_PERCENT}",
    core=NUMBER_START,
    lead=_RANGE,
    reach=_RANGE_REACH,
    gate=("%", "cent", "pct"),
    follow=_AFTER_PERCENT,
)
def _percent(m: re.Match[str]) -> QuantityMatch | None:
    if m.group("n1"):
        numbers = _numbers(m, "n1", "n2")
    else:
        numbers = None if m.group("from") else _numbers(m, "n2", None)
    if numbers is None:
        return None
    return _make(m, ValueType.PERCENT, _bounded(m, *numbers, discrete=False), "%")


def find_quantities(text: str, scanned: scan.Text | None = None) -> Iterator[QuantityMatch]:
    """Every candidate count, duration, money or percent mention (overlapping).

    `scanned` is `scan.Text(text)`, when the caller has it already.
    """
    scanned = scan.Text(text) if scanned is None else scanned
    flags = scanned.all_flags
    for scanner, handler in _PATTERNS:
        if scanner.needs and not scanner.needs & flags:
            continue  # as scanner.skips(scanned), without the call
        for match in scanner.finditer(scanned):
            found = handler(match)
            if found is not None and found.end > found.start:
                yield found
