"""Dates as sources write them, each the interval of days it covers, with its precision.

"2011" covers the whole year, "December 2011" the month, "late 2011" September to December,
"December 1-2, 2009" two days. A date written without a year ("on May 1", "early October")
takes the year of the reference date (the source's publication date) and says so with
`year_inferred`; so do dates relative to it ("this summer", "last month", "a year ago").
Without a reference such a date is not read at all: guessing a year would make a fact more
precise than its source.

Two dates joined by "to", "until", "-" (or "between … and") are one range; a date without a
year followed by "and"/"," and a date with one ("28 January and 25 February 2012") takes that
year from the text, so it is not inferred.

Ambiguities settled once: "2011-12" is December 2011 (ISO), not the years 2011 to 2012; a
month name alone is a date only after a preposition ("in March", "since September", "the
December vote") and, in running text, only capitalised ("may" is a verb); "a year ago" is
the calendar year before the reference's, "last summer" the latest summer already over.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction

from .numbers import NUMBER, parse_number
from .vague import VAGUE_BOUNDS, Bound, part_bound

MONTHS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
}
MONTHS |= {"oct": 10, "nov": 11, "dec": 12}

_FULL_MONTH = "|".join(name.lower() for name in calendar.month_name if name)
_ABBREVIATED = "|".join(
    sorted((m for m in MONTHS if m not in _FULL_MONTH.split("|")), key=len)[::-1]
)
_ANY_MONTH = rf"(?:{_FULL_MONTH})\b|(?:{_ABBREVIATED})\b\.?"
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}

#: Not inside a bigger number or identifier: "Kazakhstan2009-2012.pdf", "TA-2012-0089", "no.901".
START = r"(?<![\w.,/\\=&?#%$@:+])(?<!(?-i:[A-Z0-9])-)"
END = r"(?![\w/\\@%])(?![.,:/-]\d)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?:1[89]|20)\d\d"  # a year written with a month or a day
_BARE_YEAR = r"(?:19|20)\d\d"  # a year on its own: 1900-2099 only


def _month(group: str, names: str = _ANY_MONTH) -> str:
    """A month name; an abbreviation may end with a dot ("Sept."), which `MONTHS` lookups strip."""
    return rf"\b(?P<{group}>{names})(?!\w)"


_PART_MONTH = r"(?:early|late)\s+|mid\s*-?\s*|(?:the\s+)?(?:beginning|start|middle|end)\s+of\s+"
_PART_YEAR = (
    _PART_MONTH
    + r"|(?:the\s+)?(?:first|second)\s+(?:half|part)\s+of\s+"
    + r"|(?:the\s+)?(?:first|second|third|fourth)\s+quarter\s+of\s+"
    + r"|(?:the\s+)?(?:spring|summer|autumn|fall)(?:\s+of)?\s+"
)


@dataclass(frozen=True)
class Absolute:
    """Days from `first` to `last` ((month, day); day 0 = the month's last) of `year`.

    `year` None means "take it from the reference date". `years` is how many years after
    `year` the last day falls (for "2009-2012").
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


def resolve(spec: DateSpec, reference: date | None) -> Resolved | None:
    """The days a spec covers, or None (no year and no reference, or no such day)."""
    if isinstance(spec, Span):
        first = resolve(spec.first, reference)
        last = resolve(spec.last, reference)
        if first is None or last is None or first.low > last.high:
            return None
        inferred = first.year_inferred or last.year_inferred
        return Resolved(first.low, last.high, "range", inferred)
    if isinstance(spec, Relative):
        if reference is None:
            return None
        try:
            low, high = spec.days(reference)
        except (ValueError, OverflowError):
            return None
        return Resolved(low, high, spec.precision, True)
    if spec.year is None:
        if reference is None:
            return None
        days = spec.days(reference.year)
        return None if days is None else Resolved(*days, spec.precision, True)
    days = spec.days(spec.year)
    return None if days is None else Resolved(*days, spec.precision, False)


def has_year(spec: DateSpec) -> bool:
    return not isinstance(spec, Absolute) or spec.year is not None


def _plausible(spec: Absolute) -> bool:
    """A date without a year must exist in some year (29 February: a leap year)."""
    return spec.days(2000 if spec.year is None else spec.year) is not None


# --- the patterns -------------------------------------------------------------------------


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    spec: DateSpec


Handler = Callable[[re.Match[str], bool], DateMatch | None]
_PATTERNS: list[tuple[re.Pattern[str], Handler]] = []


def _pattern(regex: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _PATTERNS.append((re.compile(regex, re.IGNORECASE), handler))
        return handler

    return register


def _month_number(m: re.Match[str]) -> int:
    return MONTHS[m.group("m").lower().rstrip(".")]


def _capital(m: re.Match[str], group: str, strict: bool) -> bool:
    """In running text a month is capitalised: "may" is a verb, "march" a walk."""
    return not strict or m.group(group)[0].isupper()


def _whole(m: re.Match[str], spec: Absolute) -> DateMatch | None:
    return DateMatch(m.start(), m.end(), spec) if _plausible(spec) else None


def _days(m: re.Match[str], month: int, year: int | None) -> Absolute:
    day1 = int(re.sub(r"\D", "", m.group("d1")))
    if m.group("d2"):
        day2 = int(re.sub(r"\D", "", m.group("d2")))
        return Absolute(year, (month, day1), (month, day2), "range")
    return Absolute(year, (month, day1), (month, day1), "day")


@_pattern(rf"{START}(?P<y>[12]\d{{3}})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01]){END}")
def _iso_day(m: re.Match[str], strict: bool) -> DateMatch | None:
    day = (int(m.group("m")), int(m.group("d")))
    return _whole(m, Absolute(int(m.group("y")), day, day, "day"))


@_pattern(rf"{START}(?P<y>[12]\d{{3}})-(?P<m>0[1-9]|1[0-2]){END}")
def _iso_month(m: re.Match[str], strict: bool) -> DateMatch | None:
    month = int(m.group("m"))
    return _whole(m, Absolute(int(m.group("y")), (month, 1), (month, 0), "month"))


@_pattern(
    rf"{START}(?P<d>3[01]|[12]\d|0?[1-9])(?P<sep>[./])(?P<m>1[0-2]|0?[1-9])(?P=sep)"
    rf"(?P<y>[12]\d{{3}}){END}"
)
def _numeric_day(m: re.Match[str], strict: bool) -> DateMatch | None:
    day, month = int(m.group("d")), int(m.group("m"))
    if m.group("sep") == "/" and day <= 12 and day != month:
        return None
    return _whole(m, Absolute(int(m.group("y")), (month, day), (month, day), "day"))


@_pattern(
    rf"{START}(?:(?P<from>from|between)\s+)?(?P<y1>{_BARE_YEAR})\s*"
    rf"(?P<sep>[-–—]|to|until|till|through|and)\s*(?P<y2>{_BARE_YEAR}){END}"
)
def _year_range(m: re.Match[str], strict: bool) -> DateMatch | None:
    if (m.group("sep").lower() == "and") != ((m.group("from") or "").lower() == "between"):
        return None
    first, last = int(m.group("y1")), int(m.group("y2"))
    if last <= first:
        return None
    return _whole(m, Absolute(first, (1, 1), (12, 31), "range", years=last - first))


@_pattern(
    rf"{START}(?P<d1>{_DAY})(?:\s*[-–]\s*(?P<d2>{_DAY}))?\s+(?:of\s+)?{_month('m')}"
    rf"(?:\s*,)?\s+(?P<y>{_YEAR}){END}"
)
def _day_month_year(m: re.Match[str], strict: bool) -> DateMatch | None:
    if not _capital(m, "m", strict):
        return None
    return _whole(m, _days(m, _month_number(m), int(m.group("y"))))


@_pattern(
    rf"{_month('m')}\s+(?P<d1>{_DAY})(?:\s*[-–]\s*(?P<d2>{_DAY}))?(?:\s*,\s*|\s+)"
    rf"(?P<y>{_YEAR}){END}"
)
def _month_day_year(m: re.Match[str], strict: bool) -> DateMatch | None:
    if not _capital(m, "m", strict):
        return None
    return _whole(m, _days(m, _month_number(m), int(m.group("y"))))


@_pattern(rf"{_month('m')}\s+(?P<d1>{_DAY})(?:\s*[-–]\s*(?P<d2>{_DAY}))?{END}")
def _month_day(m: re.Match[str], strict: bool) -> DateMatch | None:
    if not _capital(m, "m", strict):
        return None
    return _whole(m, _days(m, _month_number(m), None))


@_pattern(rf"{START}(?P<d1>{_DAY})(?:\s*[-–]\s*(?P<d2>{_DAY}))?\s+(?:of\s+)?{_month('m')}")
def _day_month(m: re.Match[str], strict: bool) -> DateMatch | None:
    if not _capital(m, "m", strict):
        return None
    return _whole(m, _days(m, _month_number(m), None))


@_pattern(rf"{_month('m')}(?:\s*,)?\s+(?:of\s+)?(?P<y>{_YEAR}){END}")
def _month_year(m: re.Match[str], strict: bool) -> DateMatch | None:
    if not _capital(m, "m", strict):
        return None
    month = _month_number(m)
    return _whole(m, Absolute(int(m.group("y")), (month, 1), (month, 0), "month"))


@_pattern(
    r"(?:\b(?P<prep>in|since|until|till|by|during|from|before|after|through|throughout|of|the)"
    rf"\s+)?(?P<date>{_month('m', _FULL_MONTH)})(?!\s*,?\s*\d)"
)
def _bare_month(m: re.Match[str], strict: bool) -> DateMatch | None:
    """A month on its own is a date only after a preposition ("in March", "since September")."""
    if strict and (not m.group("prep") or not m.group("m")[0].isupper()):
        return None
    month = _month_number(m)
    return DateMatch(
        m.start("date"), m.end("date"), Absolute(None, (month, 1), (month, 0), "month")
    )


@_pattern(rf"\b(?P<part>{_PART_MONTH}){_month('m')}(?:(?:\s*,)?\s+(?P<y>{_YEAR}))?(?!\s*\d)")
def _part_of_month(m: re.Match[str], strict: bool) -> DateMatch | None:
    bound = part_bound(m.group("part"), "<month>")
    if bound is None or not _capital(m, "m", strict):
        return None
    month = _month_number(m)
    year = int(m.group("y")) if m.group("y") else None
    first, last = int(bound.low), int(bound.high)
    spec = Absolute(year, (month, first), (month, 0 if last >= 31 else last), "part")
    return _whole(m, spec)


@_pattern(rf"\b(?P<part>{_PART_YEAR})(?P<y>{_BARE_YEAR}){END}")
def _part_of_year(m: re.Match[str], strict: bool) -> DateMatch | None:
    bound = part_bound(m.group("part"), "<year>")
    if bound is None:
        return None
    first, last = int(bound.low), int(bound.high)
    return _whole(m, Absolute(int(m.group("y")), (first, 1), (last, 0), "part"))


@_pattern(rf"{START}(?P<y>{_BARE_YEAR}){END}")
def _bare_year(m: re.Match[str], strict: bool) -> DateMatch | None:
    return _whole(m, Absolute(int(m.group("y")), (1, 1), (12, 31), "year"))


@_pattern(rf"{START}(?:the\s+)?(?P<y>(?:19|20)\d0)['’]?s\b")
def _decade(m: re.Match[str], strict: bool) -> DateMatch | None:
    return _whole(m, Absolute(int(m.group("y")), (1, 1), (12, 31), "range", years=9))


# --- dates relative to the reference date --------------------------------------------------


def _month_shift(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _whole_month(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _week(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _season(name: str, shift: int) -> Callable[[date], tuple[date, date]]:
    first, last = _SEASONS[name]

    def days(ref: date) -> tuple[date, date]:
        year = ref.year
        if shift < 0 and ref.month <= last:  # "last summer" in July means the year before
            year -= 1
        if shift > 0 and ref.month >= first:
            year += 1
        return date(year, first, 1), _whole_month(year, last)[1]

    return days


def _this(unit: str, shift: int) -> tuple[Callable[[date], tuple[date, date]], str] | None:
    if unit == "year":
        return (lambda ref: (date(ref.year + shift, 1, 1), date(ref.year + shift, 12, 31))), "year"
    if unit == "month":
        return (lambda ref: _whole_month(*_month_shift(ref, shift))), "month"
    if unit == "week":
        return (lambda ref: _week(ref + timedelta(weeks=shift))), "range"
    if unit in _SEASONS:
        return _season(unit, shift), "part"
    return None


_SHIFTS = {"this": 0, "last": -1, "next": 1}


@_pattern(r"\b(?P<rel>this|last|next)\s+(?P<unit>year|month|week|spring|summer|autumn|fall)\b")
def _this_unit(m: re.Match[str], strict: bool) -> DateMatch | None:
    made = _this(m.group("unit").lower(), _SHIFTS[m.group("rel").lower()])
    if made is None:
        return None
    return DateMatch(m.start(), m.end(), Relative(*made))


@_pattern(rf"{_month('m')}\s+(?P<rel>this|last|next)\s+year\b")
def _month_this_year(m: re.Match[str], strict: bool) -> DateMatch | None:
    if not _capital(m, "m", strict):
        return None
    month = _month_number(m)
    shift = _SHIFTS[m.group("rel").lower()]
    spec = Relative(lambda ref: _whole_month(ref.year + shift, month), "month")
    return DateMatch(m.start(), m.end(), spec)


@_pattern(r"\b(?P<dir>later|earlier)\s+this\s+(?P<unit>year|month|week)\b")
def _later_this(m: re.Match[str], strict: bool) -> DateMatch | None:
    made = _this(m.group("unit").lower(), 0)
    if made is None:
        return None
    whole, _ = made
    later = m.group("dir").lower() == "later"

    def days(ref: date) -> tuple[date, date]:
        low, high = whole(ref)
        return (ref, high) if later else (low, ref)

    return DateMatch(m.start(), m.end(), Relative(days, "range"))


@_pattern(r"\b(?P<day>today|yesterday|tomorrow)\b")
def _today(m: re.Match[str], strict: bool) -> DateMatch | None:
    shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[m.group("day").lower()]

    def days(ref: date) -> tuple[date, date]:
        day = ref + timedelta(days=shift)
        return day, day

    spec = Relative(days, "day")
    return DateMatch(m.start(), m.end(), spec)


_AGO_QUANTITY = r"an?|a\s+couple\s+of|a\s+few|several"


@_pattern(rf"\b(?P<q>{NUMBER}|{_AGO_QUANTITY})\s+(?P<unit>years?|months?|weeks?|days?)\s+ago\b")
def _ago(m: re.Match[str], strict: bool) -> DateMatch | None:
    """ "a year ago" is the calendar year before the reference's; "two months ago" that month."""
    quantity = m.group("q").lower()
    bound: Bound | None = VAGUE_BOUNDS.get(" ".join(quantity.split()))
    if bound is not None:
        fewest, most = int(bound.low), int(bound.high)
    else:
        number = Fraction(1) if quantity in ("a", "an") else parse_number(quantity)
        if number is None or number.denominator != 1 or number > 10_000:
            return None
        fewest = most = int(number)
    unit = m.group("unit").lower().rstrip("s")
    precision = "range" if fewest != most else {"year": "year", "month": "month"}.get(unit, "day")

    def days(ref: date) -> tuple[date, date]:
        if unit == "year":
            return date(ref.year - most, 1, 1), date(ref.year - fewest, 12, 31)
        if unit == "month":
            return _whole_month(*_month_shift(ref, -most))[0], _whole_month(
                *_month_shift(ref, -fewest)
            )[1]
        step = 7 if unit == "week" else 1
        return ref - timedelta(days=step * most), ref - timedelta(days=step * fewest)

    return DateMatch(m.start(), m.end(), Relative(days, precision))


def find_dates(text: str, *, strict: bool) -> Iterator[DateMatch]:
    """Every candidate date mention (overlapping; the caller keeps the longest)."""
    for regex, handler in _PATTERNS:
        for match in regex.finditer(text):
            found = handler(match, strict)
            if found is not None and found.end > found.start:
                yield found


# --- joining neighbouring dates --------------------------------------------------------------

_RANGE_JOIN = re.compile(r"\s*(?:to|until|till|through|thru|[-–—])\s*", re.IGNORECASE)
_BETWEEN_JOIN = re.compile(r"\s*and\s*", re.IGNORECASE)
_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or|&)\s*", re.IGNORECASE)
_OPENER = re.compile(r"(?P<word>from|between)\s+$", re.IGNORECASE)


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
    return replace(spec, year=year)


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
