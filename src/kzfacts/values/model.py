"""The value every parser returns: an interval in a canonical unit, plus the words it came from.

Every value is an interval so that vague words ("about", "more than a dozen", "late 2011")
compare with exact ones by containment alone; the unit is fixed per type so that two values
of one type compare without conversion (money is the exception: currencies are never converted).
A value describes itself in a short human rendering, for findings that put two sides next to
each other.
"""

from __future__ import annotations

import calendar
import json
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from kzfacts.values.vague import VAGUE_BOUNDS
from kzfacts.values.vocabulary import DAYS_PER, MONTH_ABBR


class ValueType(StrEnum):
    DURATION = "duration"
    DATE = "date"
    COUNT = "count"
    MONEY = "money"
    PERCENT = "percent"
    STATUS = "status"


class ValueParseError(ValueError):
    """A value that could not be understood; the message is one line naming the accepted forms."""


@dataclass(frozen=True)
class Value:
    """One value as an inclusive interval [low, high] in the canonical unit of its type.

    Canonical units: durations in days (year = 365.25, month = 30.4375, week = 7); dates as
    `date.toordinal()` of the first and last day covered; counts as numbers; money in the major
    unit of an ISO 4217 currency; percents in percentage points; statuses as the index of their
    category (only `category` matters for them).
    """

    type: ValueType
    low: float
    high: float
    text: str
    unit: str
    precision: str | None = None
    category: str | None = None
    year_inferred: bool = False
    year_from: str | None = None  # where an inferred year came from (see date_specs.YearRule)
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def describe(self) -> str:
        """A short human rendering, e.g. "13 or more", "Oct 2005 (early: 1–10 Oct)"."""
        return _describe(self)


def _number(x: float) -> str:
    rounded = round(float(x), 6)
    if rounded.is_integer():
        return f"{int(rounded):,}"
    return f"{rounded:,}".rstrip("0").rstrip(".")


def _strictly(x: float) -> bool:
    """A bound one float past a round number: what "more than N" / "fewer than N" leave."""
    rounded = round(x, 6)
    return x != rounded and x in (
        math.nextafter(rounded, math.inf),
        math.nextafter(rounded, -math.inf),
    )


def _unstrict(x: float) -> float:
    return round(x, 6)


def _interval(low: float, high: float, text: Callable[[float], str], discrete: bool = False) -> str:
    if low == high:
        return text(low)
    if math.isinf(high):
        if _strictly(low):
            return f"> {text(_unstrict(low))}"
        return f"{text(low)} or more" if discrete else f"≥ {text(low)}"
    if low == 0:
        if _strictly(high):
            return f"< {text(_unstrict(high))}"
        return f"up to {text(high)}" if discrete else f"≤ {text(high)}"
    return f"{text(low)}–{text(high)}"


def _plural(n: float, unit: str) -> str:
    return f"{_number(n)} {unit}" + ("" if n == 1 else "s")


def _whole(count: float) -> bool:
    return count >= 1 and abs(count - round(count)) < 1e-9


def _duration(days: float) -> str:
    """In the largest unit that says it exactly: "4 years", "7 years 6 months", "10 days"."""
    if days == 0:
        return "0 days"
    year, month = float(DAYS_PER["year"]), float(DAYS_PER["month"])
    if _whole(days / year):
        return _plural(round(days / year), "year")
    years = math.floor(days / year)
    months = (days - years * year) / month
    if years >= 1 and _whole(months) and round(months) < 12:
        return f"{_plural(years, 'year')} {_plural(round(months), 'month')}"
    for unit, size in (("month", month), ("week", 7.0), ("day", 1.0)):
        if _whole(days / size):
            return _plural(round(days / size), unit)
    hours = days * 24
    if abs(hours - round(hours)) < 1e-9:
        return _plural(round(hours), "hour")
    return _plural(round(days, 3), "day")


def _duration_interval(low: float, high: float) -> str:
    if low != high and not math.isinf(high) and low != 0:
        for unit in ("year", "month", "week", "day"):
            size = float(DAYS_PER.get(unit, 7))
            a, b = low / size, high / size
            if all(abs(x - round(x, 6)) < 1e-9 and x >= 1 for x in (a, b)):
                return f"{_number(a)}–{_number(b)} {unit}s"
    return _interval(low, high, _duration)


def _month_part(low: date, high: date) -> str | None:
    """ "Oct 2005 (early: 1–10 Oct)" when the days are a part of one month in the table."""
    if (low.year, low.month) != (high.year, high.month):
        return None
    last = calendar.monthrange(high.year, high.month)[1]
    for words, bound in VAGUE_BOUNDS.items():
        if bound.kind == "days-of-month" and (low.day, high.day) == (
            bound.low,
            last if bound.high >= 31 else bound.high,
        ):
            name = words.removesuffix(" <month>")
            abbr = MONTH_ABBR[low.month - 1]
            return f"{abbr} {low.year} ({name}: {low.day}–{high.day} {abbr})"
    return None


def _year_part(low: date, high: date) -> str | None:
    """ "2011 (late: Sep–Dec)" when the months are a part of one year in the table."""
    if low.year != high.year or low.day != 1 or high != _month_end(high):
        return None
    for words, bound in VAGUE_BOUNDS.items():
        if bound.kind == "months-of-year" and (low.month, high.month) == (bound.low, bound.high):
            name = words.removesuffix(" <year>").removesuffix(" of")
            first, last = MONTH_ABBR[low.month - 1], MONTH_ABBR[high.month - 1]
            return f"{low.year} ({name}: {first}–{last})"
    return None


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _date(value: Value) -> str:
    low, high = date.fromordinal(int(value.low)), date.fromordinal(int(value.high))
    whole_months = low.day == 1 and high == _month_end(high)
    if low == high:
        shown = low.isoformat()
    elif whole_months and (low.year, low.month) == (high.year, high.month):
        shown = f"{MONTH_ABBR[low.month - 1]} {low.year}"
    elif whole_months and (low.month, high.month) == (1, 12):
        shown = str(low.year) if low.year == high.year else f"{low.year}–{high.year}"
    elif value.precision == "part":
        shown = _month_part(low, high) or _year_part(low, high) or f"{low} to {high}"
    elif low.year == high.year and low.month == high.month:
        shown = f"{low.day}–{high.day} {MONTH_ABBR[low.month - 1]} {low.year}"
    elif whole_months:
        first, last = MONTH_ABBR[low.month - 1], MONTH_ABBR[high.month - 1]
        shown = f"{first} {low.year} – {last} {high.year}"
    else:
        shown = f"{low} to {high}"
    if value.year_from:
        return f"{shown} (year from {value.year_from})"
    return shown + (" (year from the source's date)" if value.year_inferred else "")


def _describe(value: Value) -> str:
    """A short human rendering: "4 years", "13 or more", "2012-03-15", "> 81,000,000 KZT"."""
    if value.type == ValueType.STATUS:
        return value.category or value.text
    if value.type == ValueType.DATE:
        return _date(value)
    if value.type == ValueType.DURATION:
        return _duration_interval(value.low, value.high)
    if value.type == ValueType.COUNT:
        return _interval(value.low, value.high, _number, discrete=True)
    if value.type == ValueType.PERCENT:
        return _interval(value.low, value.high, _number) + "%"
    return f"{_interval(value.low, value.high, _number)} {value.unit}"
