"""Counts, durations, money and percents: a number, maybe a vague word, maybe a unit or currency.

Each pattern finds candidates only; which one a stretch of text is ("four years" is a
duration, not the count four) is decided by the caller, longest match first. Each pattern is
tried only where a match can start (see scan.py): its `Scanner` says which tokens those are.
The pieces the patterns are made of are `values.quantity_grammar`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from fractions import Fraction
from functools import lru_cache

from kzfacts.values import scan
from kzfacts.values.dates import END, START
from kzfacts.values.model import ValueType
from kzfacts.values.numbers import parse_number
from kzfacts.values.quantity_grammar import (
    AFTER_DURATION_RANGE,
    AFTER_MONEY,
    AFTER_PERCENT,
    AFTER_QUANTITY,
    AFTER_RANGE,
    AGE,
    AGE_AFTER_NUMBER,
    AND_A_HALF,
    APOSTROPHE,
    CUR_AFTER,
    CUR_BEFORE,
    CURRENCY_AFTER,
    CURRENCY_BEFORE,
    FROM,
    GLUED_CURRENCY,
    GLUED_DURATION,
    GLUED_PREFIX,
    PERCENT,
    PREFIX,
    QUANTITY,
    SEP,
    SUFFIX,
    UNIT_WORDS,
    UNITS,
    QuantityMatch,
    qty,
    two_units,
    unit_regex,
)
from kzfacts.values.scan import NUMBER as NUMBER_START
from kzfacts.values.scan import Scanner
from kzfacts.values.start_hints import Follow, Glued
from kzfacts.values.vague import (
    VAGUE_BOUNDS,
    Bound,
    prefix_bound,
    suffix_bound,
)
from kzfacts.values.vocabulary import CURRENCIES, DAYS_PER

Handler = Callable[[re.Match[str]], QuantityMatch | None]
_PATTERNS: list[tuple[Scanner, Handler]] = []


def _pattern(
    regex: Callable[[str], str],
    *,
    core: int,
    lead: int = 0,
    reach: int = 0,
    gate: tuple[str, ...] | Callable[[scan.Text], bool] | None = None,
    glued: tuple[Glued, ...] = GLUED_PREFIX,
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


def _counted(m: re.Match[str], first: str, second: str | None) -> QuantityMatch | None:
    """A count, or a range of counts, in the groups `first` and `second`; not an age."""
    if AGE_AFTER_NUMBER.match(m.string, m.end()):
        return None
    numbers = _numbers(m, first, second)
    if numbers is None:
        return None
    return _make(m, ValueType.COUNT, _bounded(m, *numbers, discrete=True), "count")


@_pattern(
    lambda number: rf"{START}(?:{PREFIX})?(?P<n>{number})(?:{SUFFIX})?{END}",
    core=NUMBER_START,
    lead=_PREFIXED,
    reach=_PREFIXED_REACH,
)
def _count(m: re.Match[str]) -> QuantityMatch | None:
    return _counted(m, "n", None)


@_pattern(
    lambda number: rf"{START}(?:{PREFIX})?{FROM}(?P<n1>{number}){SEP}(?P<n2>{number}){END}",
    core=NUMBER_START,
    lead=_RANGE,
    reach=_RANGE_REACH,
    follow=AFTER_RANGE,
)
def _count_range(m: re.Match[str]) -> QuantityMatch | None:
    return _counted(m, "n1", "n2")


@_pattern(lambda _: rf"{START}(?P<q>{QUANTITY})\b", core=scan.QWORD | scan.A_FEW, glued=())
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
    lambda number: (
        rf"{START}(?:{PREFIX})?{qty(number)}\s*(?:-\s*)?{unit_regex('u')}"
        rf"(?P<half>{AND_A_HALF})?{APOSTROPHE}"
    ),
    core=NUMBER_START | scan.A_UNIT | scan.A_FEW | scan.QWORD,
    lead=scan.PREFIX,
    reach=3,
    gate=UNITS,
    glued=GLUED_DURATION,
    follow=AFTER_QUANTITY,
)
def _duration(m: re.Match[str]) -> QuantityMatch | None:
    if AGE.match(m.string, m.end()):
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
    lambda number: (
        rf"{START}(?:{PREFIX})?(?P<n1>{number}|\ban?)\s*{unit_regex('u1')}(?:\s*,\s*|\s+)"
        rf"(?:and\s+)?(?P<n2>{number}|\ban?)\s*{unit_regex('u2')}{APOSTROPHE}"
    ),
    core=NUMBER_START | scan.A_UNIT,
    lead=scan.PREFIX,
    reach=3,
    gate=lambda text: text.folded is not None and two_units(text.folded),
    glued=GLUED_DURATION,
    follow=Follow(UNIT_WORDS),
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
    lambda number: (
        rf"{START}(?:{PREFIX})?{FROM}(?P<n1>{number})\s*(?:{unit_regex('u1')}\s*)?{SEP}"
        rf"(?P<n2>{number})\s*(?:-\s*)?{unit_regex('u2')}{APOSTROPHE}"
    ),
    core=NUMBER_START,
    lead=_RANGE,
    reach=_RANGE_REACH,
    gate=UNITS,
    follow=AFTER_DURATION_RANGE,
)
def _duration_range(m: re.Match[str]) -> QuantityMatch | None:
    low, high = parse_number(m.group("n1")), parse_number(m.group("n2"))
    if low is None or high is None or not _range_ok(m) or AGE.match(m.string, m.end()):
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
    lambda number: (
        rf"{START}(?:{PREFIX})?(?P<cur>{CUR_BEFORE})\s*(?P<n1>{number})"
        rf"(?:{SEP}(?:(?P<cur2>{CUR_BEFORE})\s*)?(?P<n2>{number}))?{END}"
    ),
    core=scan.CUR,
    lead=scan.PREFIX,
    reach=3,
    gate=CURRENCY_BEFORE,
    glued=GLUED_CURRENCY,
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
    lambda number: (
        rf"{START}(?:{PREFIX})?{FROM}(?P<n1>{number})(?:{SEP}(?P<n2>{number}))?\s*"
        rf"(?P<cur>{CUR_AFTER})"
    ),
    core=NUMBER_START,
    lead=_RANGE,
    reach=_RANGE_REACH,
    gate=CURRENCY_AFTER,
    follow=AFTER_MONEY,
)
def _money_after(m: re.Match[str]) -> QuantityMatch | None:
    code = _currency(m.group("cur"))
    numbers = _numbers(m, "n1", "n2")
    if code is None or numbers is None:
        return None
    return _make(m, ValueType.MONEY, _bounded(m, *numbers, discrete=False), code)


# --- percents -----------------------------------------------------------------------------------


@_pattern(
    lambda number: (
        rf"{START}(?:{PREFIX})?{FROM}(?:(?P<n1>{number})\s*%?{SEP})?(?P<n2>{number}){PERCENT}"
    ),
    core=NUMBER_START,
    lead=_RANGE,
    reach=_RANGE_REACH,
    gate=("%", "cent", "pct"),
    follow=AFTER_PERCENT,
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
    for match, handler in scan.candidates(_PATTERNS, scanned):
        found = handler(match)
        if found is not None and found.end > found.start:
            yield found
