"""What a date as written covers: the date specifications, their days and their year.

Owns `Absolute` (days of a year, the year maybe unknown), `Relative` (days read against the
reference date: "last summer"), `Span` (two dates joined into a range), the rule that gives a
date without a year its year (`YearRule`), the resolution of a specification to days, and
the joining of neighbouring dates ("from A to B", "28 January and 25 February 2012").
`values.dates` finds dates in text. Pure.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from kzfacts.values.lazy import Lazy

SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
"""The months a season covers."""


class Absolute(NamedTuple):
    """Days from `first` to `last` ((month, day); day 0 = the month's last) of `year`.

    `year` None means "take it from the reference date". `years` is how many years after
    `year` the last day falls (for "2009-2012"). A tuple: one is made for every date found.
    """

    year: int | None
    first: tuple[int, int]
    last: tuple[int, int]
    precision: str
    years: int = 0

    def days(self, year: int) -> tuple[date, date] | None:
        try:
            low = date(year, *self.first)
            last_year = year + self.years
            month, day = self.last
            high = date(last_year, month, day or calendar.monthrange(last_year, month)[1])
        except ValueError:
            return None
        return (low, high) if low <= high else None


@dataclass(frozen=True)
class Relative:
    """A date read against the reference date ("this summer", "last month", "a year ago")."""

    days: Callable[[date], tuple[date, date]]
    precision: str


@dataclass(frozen=True)
class Span:
    """Two dates joined into one range ("from early 2011 to early 2012")."""

    first: DateSpec
    last: DateSpec


DateSpec = Absolute | Relative | Span


@dataclass(frozen=True)
class Resolved:
    low: date
    high: date
    precision: str
    year_inferred: bool
    year_from: str | None = None  # where an inferred year came from, under a `YearRule`


#: How a year taken from a date before it in the same text is described.
IN_THE_QUOTE = "before it in the quote"
#: How a year taken from the source's date alone ends its description: a guess that a date
#: lies before the source (`checks.guessed_years` refuses it where the text points ahead).
NO_OTHER_YEAR = "no other year near it"


@dataclass(frozen=True)
class YearRule:
    """Where a date written without a year ("On 23 January") takes its year from, in order:
    a year the text states before it (in the quote, or `stated`: just before the quote, in its
    sentence or the sentence before);
    else the period the source reports on (`covers`); else the latest such date not after the
    source's date (`latest`: its last possible day). Relative dates ("this year", "last
    month") read against `reference`, the publication date.
    """

    reference: date | None
    latest: date | None = None
    covers: tuple[date, date] | None = None
    covers_label: str = ""
    stated: tuple[int, str] | None = None
    published_label: str = ""

    def year_for(self, spec: Absolute, near: tuple[int, str] | None) -> tuple[int, str] | None:
        """The year for `spec` and the words that say where it came from."""
        if near is not None:
            return near[0], f"{near[1]!r} {IN_THE_QUOTE}"
        if self.stated is not None:
            return self.stated[0], f"{self.stated[1]!r} just before the quote"
        if self.covers is not None:
            first, last = self.covers
            for year in range(last.year, first.year - 1, -1):
                days = spec.days(year)
                if days is not None and first <= days[0] and days[1] <= last:
                    return year, f"the period the source covers ({self.covers_label})"
        latest = self.latest or self.reference
        if latest is None:
            return None
        year = latest.year
        days = spec.days(year)
        if days is None or days[0] > latest:
            year -= 1
        label = self.published_label or latest.isoformat()
        return year, f"the source's date ({label}; {NO_OTHER_YEAR})"


def resolve(
    spec: DateSpec,
    reference: date | None,
    years: YearRule | None = None,
    near: tuple[int, str] | None = None,
) -> Resolved | None:
    """The days a spec covers, or None (no year and no reference, or no such day).

    Without `years`, a missing year is the reference's; with it, `years` decides (`near`: the
    latest year the text states before the date).
    """
    if years is not None:
        reference = years.reference
    if isinstance(spec, Span):
        first = resolve(spec.first, reference, years, near)
        last = resolve(spec.last, reference, years, near)
        if first is None or last is None or first.low > last.high:
            return None
        inferred = first.year_inferred or last.year_inferred
        return Resolved(first.low, last.high, "range", inferred, first.year_from or last.year_from)
    if isinstance(spec, Relative):
        if reference is None:
            return None
        try:
            low, high = spec.days(reference)
        except (ValueError, OverflowError):
            return None
        origin = "the source's date" if years is not None else None
        return Resolved(low, high, spec.precision, True, origin)
    if spec.year is None:
        if years is not None:
            found = years.year_for(spec, near)
            if found is None:
                return None
            days = spec.days(found[0])
            return None if days is None else Resolved(*days, spec.precision, True, found[1])
        if reference is None:
            return None
        days = spec.days(reference.year)
        return None if days is None else Resolved(*days, spec.precision, True)
    days = spec.days(spec.year)
    return None if days is None else Resolved(*days, spec.precision, False)


def stated_year(spec: DateSpec) -> int | None:
    """The year a date written with one ends in ("2009-2012": 2012); None without one."""
    if isinstance(spec, Span):
        return stated_year(spec.last) or stated_year(spec.first)
    if isinstance(spec, Absolute) and spec.year is not None:
        return spec.year + spec.years
    return None


def has_year(spec: DateSpec) -> bool:
    return not isinstance(spec, Absolute) or spec.year is not None


def plausible(spec: Absolute) -> bool:
    """A date without a year must exist in some year (29 February: a leap year)."""
    return spec.days(2000 if spec.year is None else spec.year) is not None


class DateMatch(NamedTuple):
    """A date found in a text (a tuple: one is made for every date found)."""

    start: int
    end: int
    spec: DateSpec


# --- calendar arithmetic of relative dates ------------------------------------------------


def month_shift(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def whole_month(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def season(name: str, shift: int) -> Callable[[date], tuple[date, date]]:
    first, last = SEASONS[name]

    def days(ref: date) -> tuple[date, date]:
        year = ref.year
        if shift < 0 and ref.month <= last:  # "last summer" in July means the year before
            year -= 1
        if shift > 0 and ref.month >= first:
            year += 1
        return date(year, first, 1), whole_month(year, last)[1]

    return days


def shifted_unit(unit: str, shift: int) -> tuple[Callable[[date], tuple[date, date]], str] | None:
    if unit == "year":
        return (lambda ref: (date(ref.year + shift, 1, 1), date(ref.year + shift, 12, 31))), "year"
    if unit == "month":
        return (lambda ref: whole_month(*month_shift(ref, shift))), "month"
    if unit == "week":
        return (lambda ref: week_of(ref + timedelta(weeks=shift))), "range"
    if unit in SEASONS:
        return season(unit, shift), "part"
    return None


# --- joining neighbouring dates --------------------------------------------------------------

_RANGE_JOIN = Lazy(r"\s*(?:to|until|till|through|thru|[-–—])\s*", re.IGNORECASE)
_BETWEEN_JOIN = Lazy(r"\s*and\s*", re.IGNORECASE)
_LIST_JOIN = Lazy(r"\s*(?:,\s*(?:and|or)?|and|or|&)\s*", re.IGNORECASE)
_OPENER = Lazy(r"(?P<word>from|between)\s+$", re.IGNORECASE)


def _order(month_day: tuple[int, int]) -> tuple[int, int]:
    return month_day[0], month_day[1] or 32


def _borrow_year(spec: DateSpec, source: DateSpec, *, before: bool) -> DateSpec:
    """Give a year-less date the year of its neighbour (the year before if it would be later)."""
    if not isinstance(spec, Absolute) or spec.year is not None or not isinstance(source, Absolute):
        return spec
    if source.year is None:
        return spec
    year = source.year if before else source.year + source.years
    if before and _order(spec.first) > _order(source.first):
        year -= 1
    if not before and _order(spec.last) < _order(source.last):
        year += 1
    return spec._replace(year=year)


def join(text: str, first: DateMatch, second: DateMatch) -> tuple[DateMatch, DateMatch] | DateMatch:
    """One range for "A to B" / "between A and B"; else both, sharing a year if one lacks it."""
    between = text[first.end : second.start]
    opener = _OPENER.search(text, max(0, first.start - 12), first.start)
    word = opener.group("word").lower() if opener else ""
    is_range = bool(_RANGE_JOIN.fullmatch(between)) and word != "between"
    is_range = is_range or (bool(_BETWEEN_JOIN.fullmatch(between)) and word == "between")
    a = _borrow_year(first.spec, second.spec, before=True)
    b = _borrow_year(second.spec, first.spec, before=False)
    if is_range:
        spec = Span(a, b)
        if resolve(spec, date(2000, 1, 1)) is None:  # not in order: leave them apart
            return first, second
        start = opener.start() if opener else first.start
        return DateMatch(start, second.end, spec)
    if _LIST_JOIN.fullmatch(between) and not has_year(first.spec) and has_year(second.spec):
        return DateMatch(first.start, first.end, a), second
    return first, second
