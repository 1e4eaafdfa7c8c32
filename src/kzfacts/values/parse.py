"""Finding value mentions in running text, and reading the one value an editor writes in a fact.

Every pattern of every type proposes candidates; the longest wins a stretch of text ("four
years" is a duration, so its "four" is not also a count; "five million tenge" is money), ties
going to the more specific type (a bare "2011" is a date before it is a count). URLs are
skipped: their digits are identifiers, not values.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from itertools import starmap
from typing import Generic, NamedTuple, TypeVar

from kzfacts.values import scan
from kzfacts.values.common_forms import read_common_form
from kzfacts.values.date_clues import may_hold_a_date
from kzfacts.values.date_specs import DateMatch, DateSpec, YearRule, join, resolve, stated_year
from kzfacts.values.dates import find_dates
from kzfacts.values.lazy import Lazy
from kzfacts.values.model import Value, ValueParseError, ValueType
from kzfacts.values.quantities import find_quantities
from kzfacts.values.statuses import STATUS_NAMES, canonical_status, find_statuses

_PRIORITY = {
    ValueType.MONEY: 0,
    ValueType.PERCENT: 1,
    ValueType.DURATION: 2,
    ValueType.DATE: 3,
    ValueType.COUNT: 4,
    ValueType.STATUS: 5,
}
_URL = Lazy(r"(?:\bhttps?://|\bwww\.)\S+", re.IGNORECASE)

EXAMPLES: dict[ValueType, str] = {
    ValueType.DURATION: "'4 years', 'seven-year', '7 years 6 months', '2 to 7 days', 'over a year'",
    ValueType.DATE: (
        "'2012-03-15', '2011-12', '2011', '15 March 2012', 'early October 2005', 'late 2011', "
        "'2009-12-01 to 2009-12-02'"
    ),
    ValueType.COUNT: "'16', 'about 100', 'more than 12', '2000 to 5000', 'at least 50', 'dozens'",
    ValueType.MONEY: (
        "'5000000 KZT', 'about 40000 USD', '145 000 EUR', 'more than 81 million tenge'"
    ),
    ValueType.PERCENT: "'30%', 'over 30%', '20 to 30 percent'",
    ValueType.STATUS: ", ".join(STATUS_NAMES),
}


class _Candidate(NamedTuple):
    """A mention one pattern proposes (a tuple: made by the thousand, cheaply)."""

    type: ValueType
    start: int
    end: int
    low: float = 0.0
    high: float = 0.0
    unit: str = ""
    date: DateSpec | None = None
    category: str | None = None
    negated: bool = False

    @property
    def length(self) -> int:
        return self.end - self.start


def _candidates(text: str, *, strict: bool) -> list[_Candidate]:
    scanned = _scanned(text)
    # a quantity's fields are a candidate's first fields, in order
    found: list[_Candidate] = list(starmap(_Candidate, find_quantities(text, scanned)))
    dates = _last_dates[0][1] if strict and _last_dates and _last_dates[0][0] == text else None
    if dates is None:
        dates = list(find_dates(text, strict=strict, scanned=scanned))
        if strict:  # for `_states_a_date` of the same text: a quote that is the span just read
            _last_dates[:] = [(text, dates)]
    found += [
        _Candidate(ValueType.DATE, start, end, 0.0, 0.0, "date", spec) for start, end, spec in dates
    ]
    found += [
        _Candidate(
            ValueType.STATUS, s.start, s.end, unit="status", category=s.category, negated=s.negated
        )
        for s in find_statuses(text, scanned)
    ]
    folded = scanned.folded
    if folded is not None and "http" not in folded and "www." not in folded:
        return found  # no URL in the text
    urls = [m.span() for m in _URL.finditer(text)]
    return [c for c in found if not any(c.start < end and start < c.end for start, end in urls)]


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest first, then by type priority; keep those that overlap nothing kept."""
    kept: list[_Candidate] = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, _PRIORITY[c.type], c.start)):
        for k in kept:  # a loop, not all(): this runs for every candidate of every text read
            if c.start < k.end and k.start < c.end:
                break
        else:
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def _join_dates(text: str, selected: list[_Candidate]) -> list[_Candidate]:
    """Neighbouring dates become one range ("from A to B") or share a year ("A and B 2012")."""
    out: list[_Candidate] = []
    for c in selected:
        last = out[-1] if out else None
        if last is None or last.type != ValueType.DATE or c.type != ValueType.DATE:
            out.append(c)
            continue
        assert last.date is not None and c.date is not None
        joined = join(
            text, DateMatch(last.start, last.end, last.date), DateMatch(c.start, c.end, c.date)
        )
        if isinstance(joined, DateMatch):
            out[-1] = last._replace(start=joined.start, end=joined.end, date=joined.spec)
        else:
            out[-1] = last._replace(date=joined[0].spec)
            out.append(c)
    return out


def _value(
    text: str,
    c: _Candidate,
    reference: datetime.date | None,
    years: YearRule | None = None,
    near: tuple[int, str] | None = None,
) -> Value | None:
    """The candidate as a Value; None for a negated status or a date with no year to take."""
    mention = text[c.start : c.end]
    if c.type == ValueType.STATUS:
        if c.negated or c.category is None:
            return None
        index = float(STATUS_NAMES.index(c.category))
        return Value(
            c.type, index, index, mention, "status", category=c.category, start=c.start, end=c.end
        )
    if c.type == ValueType.DATE:
        assert c.date is not None
        resolved = resolve(c.date, _as_date(reference), years, near)
        if resolved is None:
            return None
        return Value(
            c.type,
            float(resolved.low.toordinal()),
            float(resolved.high.toordinal()),
            mention,
            "date",
            precision=resolved.precision,
            year_inferred=resolved.year_inferred,
            year_from=resolved.year_from,
            start=c.start,
            end=c.end,
        )
    return Value(c.type, c.low, c.high, mention, c.unit, start=c.start, end=c.end)


def _as_date(reference: datetime.date | None) -> datetime.date | None:
    if isinstance(reference, datetime.datetime):
        return reference.date()
    return reference


#: Texts up to this long have what they state remembered (`_Remembered`): an import reads the
#: same wording again and again (a fact's value such as "4 years" against each source's date, a
#: quote that two facts cite); a longer text rarely repeats, and is not kept alive by the cache.
_REMEMBERED_CHARS = 2000
_REMEMBERED_TEXTS = 4096
_Read = TypeVar("_Read")


class _Remembered(Generic[_Read]):
    """`read` of a text, remembered for the last `_REMEMBERED_TEXTS` short texts (`cached`).
    Only what depends on the text alone is remembered (not the reference date, the years or
    the type asked for)."""

    def __init__(self, read: Callable[[str], _Read]) -> None:
        self.read = read
        self.cached = lru_cache(maxsize=_REMEMBERED_TEXTS)(read)

    def __call__(self, text: str) -> _Read:
        return self.read(text) if len(text) > _REMEMBERED_CHARS else self.cached(text)


_last_scanned: list[scan.Text] = []


def _scanned(text: str, *, keep: bool = False) -> scan.Text:
    """The text as the scanners read it: the one kept, if it is this text; with `keep`, kept for
    the next call (a quote asked for its dates is tokenized once for `_states_a_date` and for
    `_mentions`)."""
    last = _last_scanned[0] if _last_scanned else None
    if last is not None and last.text == text:
        return last
    scanned = scan.Text(text)
    if keep:
        _last_scanned[:] = [scanned]
    return scanned


@_Remembered
def _all_candidates(text: str) -> tuple[_Candidate, ...]:
    """Every candidate of every type, as `parse_value` weighs them."""
    return tuple(_candidates(text, strict=False))


@_Remembered
def _mentions(text: str) -> tuple[_Candidate, ...]:
    """The mentions `find_values` reads: the longest candidates, neighbouring dates joined."""
    return tuple(_join_dates(text, _select(_candidates(text, strict=True))))


_last_dates: list[tuple[str, list[DateMatch]]] = []


@_Remembered
def _states_a_date(text: str) -> bool:
    """Whether any date pattern finds a date in the text: without one, the text states no date
    whatever the other patterns find (a quote asked for its dates often holds none). The dates
    found are kept for `_candidates` of the same text, which reads them next, and those that
    `_candidates` found last are taken as they are."""
    if _last_dates and _last_dates[0][0] == text:
        return bool(_last_dates[0][1])
    folded = scan.fold(text)
    if len(folded) == len(text) and not may_hold_a_date(folded):
        dates = []  # not even tokenized
    else:
        dates = list(find_dates(text, strict=True, scanned=_scanned(text, keep=True)))
    _last_dates[:] = [(text, dates)]
    return bool(dates)


def find_values(
    text: str,
    value_type: ValueType | None = None,
    *,
    reference: datetime.date | None = None,
    years: YearRule | None = None,
) -> list[Value]:
    """Every value mention in running text, in order, never overlapping (longest match wins).

    Dates without a year take it from `reference` (the source's publication date), or, given
    `years`, from the latest year the text states before them, else as `years` says; without
    either they are left out. Statuses right after a negation are left out.
    """
    text = _plain_letters(text)
    if value_type == ValueType.DATE and not _states_a_date(text):
        return []  # what the other types' patterns find cannot make a date
    # A type is asked for when a fact is checked against its quote, which is read again and
    # again; prose read for all its values (a draft, a source) seldom repeats a sentence.
    selected = _mentions(text) if value_type is not None else _mentions.read(text)
    # Only the mentions of the type asked for are read as values; a rule for years also reads
    # the year each date states, for the dates after it.
    if years is None:
        return [
            v
            for c in selected
            if (value_type is None or c.type == value_type)
            and (v := _value(text, c, reference)) is not None
        ]
    values = []
    near: tuple[int, str] | None = None
    for c in selected:
        if value_type is None or c.type == value_type:
            value = _value(text, c, reference, years, near)
            if value is not None:
                values.append(value)
        year = stated_year(c.date) if c.date is not None else None
        if year is not None:
            near = (year, text[c.start : c.end])
    return values


def _parse_status(text: str) -> Value:
    category = canonical_status(text)
    if category is None:
        found = list(find_statuses(text))
        if any(s.negated for s in found):
            raise ValueParseError(
                f"{text.strip()!r} is negated: a status fact states what is, "
                f"one of: {EXAMPLES[ValueType.STATUS]}"
            )
        categories = sorted({s.category for s in found})
        if len(categories) > 1:
            raise ValueParseError(
                f"{text.strip()!r} states {len(categories)} statuses ({', '.join(categories)}): "
                "write one fact per status"
            )
        if not categories:
            raise ValueParseError(
                f"could not read {text.strip()!r} as a status; write one of: "
                f"{EXAMPLES[ValueType.STATUS]}"
            )
        category = categories[0]
    index = float(STATUS_NAMES.index(category))
    return Value(ValueType.STATUS, index, index, text, "status", category=category, end=len(text))


# A minus sign standing before a number (not a range dash: "2-5", "4 - 5"), or the word.
_MINUS = Lazy(r"(?<![\w.,])[-\u2212\u2012\u2013](?=\s*\d)|\bminus\b", re.IGNORECASE)


# Letters that case-insensitive matching folds into ASCII ones (long s, dotless and dotted i,
# the Kelvin sign): replaced one for one, so offsets hold and word look-ups find them.
_PLAIN_LETTERS = str.maketrans({"\u017f": "s", "\u0131": "i", "\u0130": "I", "\u212a": "K"})


def _plain_letters(text: str) -> str:
    return text.translate(_PLAIN_LETTERS) if not text.isascii() else text


def _is_negative(text: str) -> bool:
    for match in _MINUS.finditer(text):
        before = text[: match.start()].rstrip()
        if match.group(0).lower() == "minus" or not before or not before[-1].isdigit():
            return True
    return False


def parse_value(
    text: str, value_type: ValueType, *, reference: datetime.date | None = None
) -> Value:
    """The one value of `value_type` an editor wrote ("more than 12", "2011-12", "5000000 KZT").

    Words around it are allowed ("four years' imprisonment", "on May 1"); a second value, stray
    digits, or a value that reads as another type ("four years" as a count) are refused.
    """
    value_type = ValueType(value_type)
    common = read_common_form(text, value_type)
    if common is not None:
        return common
    # Only a date reads against the reference date (a date without its year takes its year).
    day = _as_date(reference) if value_type == ValueType.DATE else None
    if len(text) > _REMEMBERED_CHARS:
        return _parse(text, value_type, day)
    read = _parsed(text, value_type, day)
    if isinstance(read, str):
        raise ValueParseError(read)
    return read


@lru_cache(maxsize=_REMEMBERED_TEXTS)
def _parsed(text: str, value_type: ValueType, reference: datetime.date | None) -> Value | str:
    """`_parse`, a refusal as its message, remembered: an import parses the same wording again
    and again ("4 years" against each source's date, which only a date reads)."""
    try:
        return _parse(text, value_type, reference)
    except ValueParseError as refused:
        return str(refused)


def _parse(text: str, value_type: ValueType, reference: datetime.date | None) -> Value:
    if not text.strip():
        raise ValueParseError(f"empty {value_type} value; write one such as {EXAMPLES[value_type]}")
    if _is_negative(text):
        raise ValueParseError("negative values are not allowed")
    text = _plain_letters(text)
    if value_type == ValueType.STATUS:
        return _parse_status(text)
    shown = text.strip()
    candidates = _all_candidates(text)
    own = _join_dates(text, _select([c for c in candidates if c.type == value_type]))
    if not own:
        other = _select([c for c in candidates if c.type != ValueType.STATUS])
        hint = f" (it reads as a {other[0].type})" if len(other) == 1 else ""
        raise ValueParseError(
            f"could not read {shown!r} as a {value_type}{hint}; "
            f"write one {value_type} such as {EXAMPLES[value_type]}"
        )
    if len(own) > 1:
        parts = ", ".join(repr(text[c.start : c.end]) for c in own)
        raise ValueParseError(
            f"{shown!r} holds {len(own)} {value_type} values ({parts}): write one"
        )
    mention = own[0]
    for other_candidate in candidates:
        if (
            other_candidate.type not in (value_type, ValueType.STATUS)
            and other_candidate.start <= mention.start
            and mention.end <= other_candidate.end
            and other_candidate.length > mention.length
        ):
            words = text[other_candidate.start : other_candidate.end]
            raise ValueParseError(
                f"{words!r} is a {other_candidate.type}, not a {value_type}; "
                f"write a {value_type} such as {EXAMPLES[value_type]}"
            )
    rest = (text[: mention.start] + " " + text[mention.end :]).strip()
    if re.search(r"\d", rest):
        raise ValueParseError(
            f"could not read {rest!r} in {shown!r}; write one {value_type} such as "
            f"{EXAMPLES[value_type]}"
        )
    value = _value(text, mention, reference)
    if value is None:
        raise ValueParseError(
            f"{shown!r} has no year: write one (e.g. 'May 1, 2005') or give the source's "
            "publication date to take it from"
        )
    return replace(value, text=text, start=0, end=len(text))
