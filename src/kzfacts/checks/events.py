"""When a fact holds, and which event it is about: the rules per predicate, in one table.

A predicate is a *state* (its value changes over time and holds until the entity's next fact
for it: a sentence's length, a status), an *event* (it can hold several times for one entity:
arrests, releases, death tolls; facts are about one event when their dates fall within the
predicate's window), or *once* (a law is adopted once). A fact holds at the date its quote
states for it, when the quote states one date near a word of the predicate ("sentenced on
8 August 2011 to six years"); else at the editor's `as_of`; else at its source's publication date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kzfacts.checks.guessed_years import ahead_cue
from kzfacts.values import Value, ValueType, find_values, supports
from kzfacts.values.date_specs import YearRule
from kzfacts.values.lazy import Lazy
from kzfacts.values.statuses import find_statuses


class Kind(StrEnum):
    STATE = "state"
    EVENT = "event"
    ONCE = "once"


class Window(StrEnum):
    """How far apart two dates of one event may be: the same day, month or year; or any."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    ANY = "any"


@dataclass(frozen=True)
class PredicateRule:
    kind: Kind
    window: Window
    cues: str = ""
    """Word stems that bind a date of the quote to the predicate (a regex alternation)."""


_SENTENCE = r"sentenc|convict|imprison|jail|verdict|prison term"
_STATUS = (
    r"releas|imprison|jail|detain|arrest|convict|sentenc|acquit|amnest|pardon|fined|regist"
    r"|suspend|clos|liquidat|block|charg|trial|tried|exile|died|psychiatr|investigat"
)
RULES: dict[str, PredicateRule] = {
    "sentence_length": PredicateRule(Kind.STATE, Window.DAY, _SENTENCE),
    "ban_length": PredicateRule(Kind.STATE, Window.DAY, r"\bban|barred|prohibit|sentenc"),
    "status": PredicateRule(Kind.STATE, Window.DAY, _STATUS),
    "arrest_date": PredicateRule(Kind.EVENT, Window.DAY),
    "release_date": PredicateRule(Kind.EVENT, Window.MONTH),
    "sentence_date": PredicateRule(Kind.EVENT, Window.MONTH),
    "event_date": PredicateRule(Kind.EVENT, Window.DAY),
    "detention_length": PredicateRule(Kind.EVENT, Window.DAY, r"detain|detention|custody|arrest"),
    "death_toll": PredicateRule(Kind.EVENT, Window.MONTH, r"kill|died|dead|death|shot"),
    "injured_count": PredicateRule(Kind.EVENT, Window.MONTH, r"injur|wound|hurt"),
    "detained_count": PredicateRule(Kind.EVENT, Window.DAY, r"detain|arrest"),
    "participant_count": PredicateRule(
        Kind.EVENT, Window.DAY, r"protest|demonstrat|rall|strik|gather|particip|took part"
    ),
    "confiscated_count": PredicateRule(Kind.EVENT, Window.DAY, r"confiscat|seiz"),
    "closed_count": PredicateRule(Kind.EVENT, Window.DAY, r"clos|shut|liquidat|suspend"),
    "amount": PredicateRule(Kind.EVENT, Window.DAY, r"fine|damages|suit|award|ordered to pay"),
    "count": PredicateRule(Kind.EVENT, Window.DAY),
    "duration": PredicateRule(Kind.EVENT, Window.DAY),
    "percentage": PredicateRule(Kind.EVENT, Window.DAY),
    "law_adopted_date": PredicateRule(Kind.ONCE, Window.ANY),
    "law_in_force_date": PredicateRule(Kind.ONCE, Window.ANY),
    "registration_date": PredicateRule(Kind.ONCE, Window.ANY),
    "closure_date": PredicateRule(Kind.ONCE, Window.ANY),
    "member_count": PredicateRule(Kind.ONCE, Window.ANY),
}
BIND_DISTANCE = 60
"""Characters between a predicate's word and a date of the quote for the date to be bound."""
_CLAUSE_BREAK = Lazy(r"[.;:!?()\"]")


def rule_for(predicate: str, changes_over_time: bool = False) -> PredicateRule:
    """A predicate's rule; one outside the table is a state if it changes over time, else once."""
    found = RULES.get(predicate)
    if found is not None:
        return found
    return PredicateRule(Kind.STATE if changes_over_time else Kind.ONCE, Window.ANY)


@dataclass(frozen=True)
class StatedDate:
    low: date
    high: date
    words: str
    inferred: bool = False
    """The date's year was taken from outside the quote (`YearRule`)."""


def quote_date(quote: str, predicate: str, value: Value, years: YearRule) -> StatedDate | None:
    """The one date the quote states for the fact, or None; a date without a year takes it as
    `years` says, as the value check reads it (`inferred` when no year in the quote gave it).

    A date-valued fact holds at its own date (the quote's words that support it). Any other
    fact takes the quote's date when every word of its predicate in the quote (of a status:
    the words that state it, `_predicate_words`) binds the same date: the first date after the
    word ("released on 8 March 2012"), else the nearest before it ("On 8 October 2012 the court
    sentenced"), in the same clause and within `BIND_DISTANCE` characters.
    """
    if value.type is ValueType.DATE:
        dates = find_values(quote, ValueType.DATE, years=years)
        stated = next((d for d in dates if supports(d, value)), None)
        low, high = _days(value)
        if stated is None:  # read with the year of the sentence before, it may
            return StatedDate(low, high, value.text, inferred=True)
        return StatedDate(low, high, stated.text, stated.year_inferred)
    words = _predicate_words(quote, predicate, value)
    if not words:
        return None
    # a date the quote points ahead to has no year the source's date can give (guessed_years)
    dates = [
        d
        for d in find_values(quote, ValueType.DATE, years=years)
        if ahead_cue(quote[: d.start], d) is None
    ]
    if not dates:
        return None
    bound: dict[tuple[float, float], Value] = {}
    for start, end in words:
        after = [d for d in dates if d.start >= end and _near(quote, end, d.start)]
        before = [d for d in dates if d.end <= start and _near(quote, d.end, start)]
        found = after[0] if after else (before[-1] if before else None)
        if found is not None:
            bound[(found.low, found.high)] = found
    if len(bound) != 1:
        return None
    found = next(iter(bound.values()))
    low, high = _days(found)
    return StatedDate(low, high, found.text, found.year_inferred)


def _predicate_words(quote: str, predicate: str, value: Value) -> list[tuple[int, int]]:
    """Where the quote's words of the predicate stand, which bind its dates: for a status, the
    phrases that state the fact's own status ("held in custody since January 2012", not the
    release that ended it: "was amnestied and released on 15 March 2012"); else the predicate's
    cues. None, and the dates are not read."""
    if value.type is ValueType.STATUS:
        return [
            (s.start, s.end)
            for s in find_statuses(quote)
            if s.category == value.category and not s.negated
        ]
    cues = rule_for(predicate).cues
    return [m.span() for m in re.finditer(cues, quote, re.IGNORECASE)] if cues else []


def _near(text: str, gap_start: int, gap_end: int) -> bool:
    """Whether a gap of text is short and crosses no clause boundary."""
    if gap_end - gap_start > BIND_DISTANCE:
        return False
    return _CLAUSE_BREAK.search(text, gap_start, gap_end) is None


def _days(value: Value) -> tuple[date, date]:
    return date.fromordinal(int(value.low)), date.fromordinal(int(value.high))


def widen(low: date, high: date, window: Window) -> tuple[date, date]:
    """A fact's dates widened to whole units of the window (the span one event may cover)."""
    if window is Window.ANY:
        return date.min, date.max
    if window is Window.YEAR:
        return date(low.year, 1, 1), date(high.year, 12, 31)
    if window is Window.MONTH:
        last = calendar.monthrange(high.year, high.month)[1]
        return date(low.year, low.month, 1), date(high.year, high.month, last)
    return low, high


def period_label(low: date, high: date) -> str:
    """A date interval as precisely as it is known: "2009", "2009-02", a day, or a range."""
    if low == date.min and high == date.max:
        return "any time"
    if (low.month, low.day, high.month, high.day) == (1, 1, 12, 31):
        return str(low.year) if low.year == high.year else f"{low.year}–{high.year}"
    next_day = date.fromordinal(min(high.toordinal() + 1, date.max.toordinal()))
    if low.day == 1 and next_day.day == 1:
        first, last = low.strftime("%Y-%m"), high.strftime("%Y-%m")
        return first if first == last else f"{first} – {last}"
    return low.isoformat() if low == high else f"{low.isoformat()} – {high.isoformat()}"
