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

This module owns the patterns that find dates in text; what a date covers and where its year
comes from is `values.date_specs`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from fractions import Fraction

from kzfacts.values import scan
from kzfacts.values.date_clues import scanned_may_hold_a_date
from kzfacts.values.date_specs import (
    SEASONS,
    Absolute,
    DateMatch,
    Relative,
    month_shift,
    plausible,
    shifted_unit,
    whole_month,
)
from kzfacts.values.lazy import Lazy
from kzfacts.values.numbers import parse_number
from kzfacts.values.scan import Scanner
from kzfacts.values.start_hints import Glued
from kzfacts.values.vague import VAGUE_BOUNDS, Bound, part_bound
from kzfacts.values.vocabulary import MONTHS

_FULL_MONTH = "|".join(name.lower() for name in calendar.month_name if name)
_ABBREVIATED = "|".join(
    sorted((m for m in MONTHS if m not in _FULL_MONTH.split("|")), key=len)[::-1]
)
_ANY_MONTH = rf"(?:{_FULL_MONTH})\b|(?:{_ABBREVIATED})\b\.?"

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
#: Gates (see scan.py): the words every match of a part of a month, or of a year, holds.
_MONTH_PART_WORDS = ("early", "late", "mid", "beginning", "start", "middle", "end")
_YEAR_PART_WORDS = (*_MONTH_PART_WORDS, "half", "part", "quarter", *SEASONS)


# --- the patterns -------------------------------------------------------------------------


# Where matches start (see scan.py): a digit, a month, or the words below.
_PREPOSITIONS = "in since until till by during from before after through throughout of the"
scan.flag_words(scan.MONTH, MONTHS)
scan.flag_words(scan.FULL_MONTH, _FULL_MONTH.split("|"))
scan.flag_words(scan.PREP, _PREPOSITIONS.split())
_PARTS_OF_MONTH = ("early", "late", "mid", "the", "beginning", "start", "middle", "end")
scan.flag_words(scan.PART_MONTH, _PARTS_OF_MONTH)
scan.flag_words(scan.PART_YEAR, (*_PARTS_OF_MONTH, "first", "second", "third", "fourth", *SEASONS))
scan.flag_words(scan.FROM, ("from", "between"))
scan.flag_words(scan.THE, ("the",))
scan.flag_words(scan.RELATIVE, ("this", "last", "next"))
scan.flag_words(scan.LATER, ("later", "earlier"))
scan.flag_words(scan.TODAY, ("today", "yesterday", "tomorrow"))
_GLUED_MID = (Glued(Lazy("mid"), Lazy("mid"), ("mid",)),)  # "mid2011"


def _has_month(text: scan.Text) -> bool:
    return text.has(scan.MONTH)


Handler = Callable[[re.Match[str], bool], DateMatch | None]
_PATTERNS: list[tuple[Scanner, Handler]] = []


def _pattern(
    regex: str | Callable[[str], str],
    *,
    core: int | None,
    lead: int = 0,
    reach: int = 0,
    gate: tuple[str, ...] | Callable[[scan.Text], bool] | None = None,
    glued: tuple[Glued, ...] = (),
) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        scanner = Scanner(regex, core, lead, reach, gate, glued)
        _PATTERNS.append((scanner, handler))
        return handler

    return register


def _month_number(m: re.Match[str]) -> int:
    return MONTHS[m.group("m").lower().rstrip(".")]


def _capital(m: re.Match[str], group: str, strict: bool) -> bool:
    """In running text a month is capitalised: "may" is a verb, "march" a walk."""
    return not strict or m.group(group)[0].isupper()


def _month_spec(year: int | None, month: int) -> Absolute:
    """The whole of `month` (day 0 is its last day)."""
    return Absolute(year, (month, 1), (month, 0), "month")


def _whole(m: re.Match[str], spec: Absolute) -> DateMatch | None:
    return DateMatch(m.start(), m.end(), spec) if plausible(spec) else None


def _days(m: re.Match[str], strict: bool, year: int | None) -> DateMatch | None:
    """A day or a range of days ("1-2") of the month in group "m"; `year` None when not written."""
    if not _capital(m, "m", strict):
        return None
    month = _month_number(m)
    day1 = int(re.sub(r"\D", "", m.group("d1")))
    if m.group("d2"):
        day2 = int(re.sub(r"\D", "", m.group("d2")))
        return _whole(m, Absolute(year, (month, day1), (month, day2), "range"))
    return _whole(m, Absolute(year, (month, day1), (month, day1), "day"))


@_pattern(
    rf"{START}(?P<y>[12]\d{{3}})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01]){END}",
    core=scan.YEAR,
    gate=("-",),
)
def _iso_day(m: re.Match[str], strict: bool) -> DateMatch | None:
    day = (int(m.group("m")), int(m.group("d")))
    return _whole(m, Absolute(int(m.group("y")), day, day, "day"))


@_pattern(rf"{START}(?P<y>[12]\d{{3}})-(?P<m>0[1-9]|1[0-2]){END}", core=scan.YEAR, gate=("-",))
def _iso_month(m: re.Match[str], strict: bool) -> DateMatch | None:
    return _whole(m, _month_spec(int(m.group("y")), int(m.group("m"))))


@_pattern(
    rf"{START}(?P<d>3[01]|[12]\d|0?[1-9])(?P<sep>[./])(?P<m>1[0-2]|0?[1-9])(?P=sep)"
    rf"(?P<y>[12]\d{{3}}){END}",
    core=scan.DIGIT,
    gate=(".", "/"),
)
def _numeric_day(m: re.Match[str], strict: bool) -> DateMatch | None:
    """Day first, as sources outside the United States write it: "15.03.2012". With slashes,
    read only when no other order can be meant ("15/03/2012"; "03/04/2012" is not)."""
    day, month = int(m.group("d")), int(m.group("m"))
    if m.group("sep") == "/" and day <= 12 and day != month:
        return None
    return _whole(m, Absolute(int(m.group("y")), (month, day), (month, day), "day"))


@_pattern(
    rf"{START}(?:(?P<from>from|between)\s+)?(?P<y1>{_BARE_YEAR})\s*"
    rf"(?P<sep>[-–—]|to|until|till|through|and)\s*(?P<y2>{_BARE_YEAR}){END}",
    core=scan.YEAR,
    lead=scan.FROM,
    reach=1,
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
    rf"(?:\s*,)?\s+(?P<y>{_YEAR}){END}",
    core=scan.DIGIT,
    gate=_has_month,
)
def _day_month_year(m: re.Match[str], strict: bool) -> DateMatch | None:
    return _days(m, strict, int(m.group("y")))


@_pattern(
    rf"{_month('m')}\s+(?P<d1>{_DAY})(?:\s*[-–]\s*(?P<d2>{_DAY}))?(?:\s*,\s*|\s+)"
    rf"(?P<y>{_YEAR}){END}",
    core=scan.MONTH,
)
def _month_day_year(m: re.Match[str], strict: bool) -> DateMatch | None:
    return _days(m, strict, int(m.group("y")))


@_pattern(rf"{_month('m')}\s+(?P<d1>{_DAY})(?:\s*[-–]\s*(?P<d2>{_DAY}))?{END}", core=scan.MONTH)
def _month_day(m: re.Match[str], strict: bool) -> DateMatch | None:
    return _days(m, strict, None)


@_pattern(
    rf"{START}(?P<d1>{_DAY})(?:\s*[-–]\s*(?P<d2>{_DAY}))?\s+(?:of\s+)?{_month('m')}",
    core=scan.DIGIT,
    gate=_has_month,
)
def _day_month(m: re.Match[str], strict: bool) -> DateMatch | None:
    return _days(m, strict, None)


@_pattern(rf"{_month('m')}(?:\s*,)?\s+(?:of\s+)?(?P<y>{_YEAR}){END}", core=scan.MONTH)
def _month_year(m: re.Match[str], strict: bool) -> DateMatch | None:
    if not _capital(m, "m", strict):
        return None
    return _whole(m, _month_spec(int(m.group("y")), _month_number(m)))


@_pattern(
    r"(?:\b(?P<prep>in|since|until|till|by|during|from|before|after|through|throughout|of|the)"
    rf"\s+)?(?P<date>{_month('m', _FULL_MONTH)})(?!\s*,?\s*\d)",
    core=scan.FULL_MONTH,
    lead=scan.PREP,
    reach=1,
)
def _bare_month(m: re.Match[str], strict: bool) -> DateMatch | None:
    """A month on its own is a date only after a preposition ("in March", "since September")."""
    if strict and (not m.group("prep") or not m.group("m")[0].isupper()):
        return None
    return DateMatch(m.start("date"), m.end("date"), _month_spec(None, _month_number(m)))


@_pattern(
    rf"\b(?P<part>{_PART_MONTH}){_month('m')}(?:(?:\s*,)?\s+(?P<y>{_YEAR}))?(?!\s*\d)",
    core=scan.MONTH,
    lead=scan.PART_MONTH,
    reach=3,
    gate=_MONTH_PART_WORDS,
)
def _part_of_month(m: re.Match[str], strict: bool) -> DateMatch | None:
    bound = part_bound(m.group("part"), "<month>")
    if bound is None or not _capital(m, "m", strict):
        return None
    month = _month_number(m)
    year = int(m.group("y")) if m.group("y") else None
    first, last = int(bound.low), int(bound.high)
    spec = Absolute(year, (month, first), (month, 0 if last >= 31 else last), "part")
    return _whole(m, spec)


@_pattern(
    rf"\b(?P<part>{_PART_YEAR})(?P<y>{_BARE_YEAR}){END}",
    core=scan.YEAR,
    lead=scan.PART_YEAR,
    reach=4,
    gate=_YEAR_PART_WORDS,
    glued=_GLUED_MID,
)
def _part_of_year(m: re.Match[str], strict: bool) -> DateMatch | None:
    bound = part_bound(m.group("part"), "<year>")
    if bound is None:
        return None
    first, last = int(bound.low), int(bound.high)
    return _whole(m, Absolute(int(m.group("y")), (first, 1), (last, 0), "part"))


@_pattern(rf"{START}(?P<y>{_BARE_YEAR}){END}", core=scan.YEAR)
def _bare_year(m: re.Match[str], strict: bool) -> DateMatch | None:
    return _whole(m, Absolute(int(m.group("y")), (1, 1), (12, 31), "year"))


@_pattern(
    rf"{START}(?:the\s+)?(?P<y>(?:19|20)\d0)['’]?s\b",
    core=scan.YEAR,
    lead=scan.THE,
    reach=1,
    gate=("0s", "0's", "0’s"),
)
def _decade(m: re.Match[str], strict: bool) -> DateMatch | None:
    return _whole(m, Absolute(int(m.group("y")), (1, 1), (12, 31), "range", years=9))


# --- dates relative to the reference date --------------------------------------------------


_SHIFTS = {"this": 0, "last": -1, "next": 1}


@_pattern(
    r"\b(?P<rel>this|last|next)\s+(?P<unit>year|month|week|spring|summer|autumn|fall)\b",
    core=scan.RELATIVE,
)
def _this_unit(m: re.Match[str], strict: bool) -> DateMatch | None:
    made = shifted_unit(m.group("unit").lower(), _SHIFTS[m.group("rel").lower()])
    if made is None:
        return None
    return DateMatch(m.start(), m.end(), Relative(*made))


@_pattern(rf"{_month('m')}\s+(?P<rel>this|last|next)\s+year\b", core=scan.MONTH)
def _month_this_year(m: re.Match[str], strict: bool) -> DateMatch | None:
    if not _capital(m, "m", strict):
        return None
    month = _month_number(m)
    shift = _SHIFTS[m.group("rel").lower()]
    spec = Relative(lambda ref: whole_month(ref.year + shift, month), "month")
    return DateMatch(m.start(), m.end(), spec)


@_pattern(r"\b(?P<dir>later|earlier)\s+this\s+(?P<unit>year|month|week)\b", core=scan.LATER)
def _later_this(m: re.Match[str], strict: bool) -> DateMatch | None:
    made = shifted_unit(m.group("unit").lower(), 0)
    if made is None:
        return None
    whole, _ = made
    later = m.group("dir").lower() == "later"

    def days(ref: date) -> tuple[date, date]:
        low, high = whole(ref)
        return (ref, high) if later else (low, ref)

    return DateMatch(m.start(), m.end(), Relative(days, "range"))


@_pattern(r"\b(?P<day>today|yesterday|tomorrow)\b", core=scan.TODAY)
def _today(m: re.Match[str], strict: bool) -> DateMatch | None:
    shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[m.group("day").lower()]

    def days(ref: date) -> tuple[date, date]:
        day = ref + timedelta(days=shift)
        return day, day

    spec = Relative(days, "day")
    return DateMatch(m.start(), m.end(), spec)


_AGO_QUANTITY = r"an?|a\s+couple\s+of|a\s+few|several"


@_pattern(
    lambda number: (
        rf"\b(?P<q>{number}|{_AGO_QUANTITY})\s+(?P<unit>years?|months?|weeks?|days?)\s+ago\b"
    ),
    core=None,
    gate=("ago",),
)
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
            return whole_month(*month_shift(ref, -most))[0], whole_month(
                *month_shift(ref, -fewest)
            )[1]
        step = 7 if unit == "week" else 1
        return ref - timedelta(days=step * most), ref - timedelta(days=step * fewest)

    return DateMatch(m.start(), m.end(), Relative(days, precision))


def find_dates(text: str, *, strict: bool, scanned: scan.Text | None = None) -> Iterator[DateMatch]:
    """Every candidate date mention (overlapping; the caller keeps the longest).

    `scanned` is `scan.Text(text)`, when the caller has it already.
    """
    scanned = scan.Text(text) if scanned is None else scanned
    if not scanned_may_hold_a_date(scanned):
        return
    for match, handler in scan.candidates(_PATTERNS, scanned):
        found = handler(match, strict)
        if found is not None and found.end > found.start:
            yield found
