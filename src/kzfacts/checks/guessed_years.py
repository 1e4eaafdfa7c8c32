"""Dates whose year only the source's date gives, where that year cannot hold.

A date written without a year takes, when nothing in the text gives one, the year that puts it
last before the source's date (`YearRule.year_for`): a report tells what happened. Two cases
break that guess, and `check_support` refuses the values that rest on it:

- the year lands the date after the source's own date (`after_source`): a source cannot
  report it;
- the text points ahead (`ahead_cue`): "In advance of the December vote", "the upcoming
  March congress", "will be held in June". In a letter of 11 October 2005 such a December may
  be the one after the letter (2005) or, in a story told of the past, the one before (2004):
  the source's date cannot tell which, and a fact of either year would be more precise than
  the quote. The quote must state the year, or the fact must hold under both readings
  ("2004-12 to 2005-12").
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from kzfacts.values import Value, ValueType
from kzfacts.values.date_specs import NO_OTHER_YEAR, YearRule

#: Words right before a date that place it ahead of the time the text is written from, with the
#: determiners and adjectives between them and the date.
_AHEAD = re.compile(
    r"(?P<cue>\b(?:in\s+advance\s+of|ahead\s+of|in\s+the\s+run[\s-]*up\s+to|upcoming"
    r"|forthcoming|coming|(?:scheduled|planned|slated)\s+for"
    r"|will\s+(?:\w+\s+){0,3}?(?:in|on|by|until|before)))"
    r"\s+(?:(?:the|this|its|their|his|her)\s+)?(?:(?:upcoming|forthcoming|coming)\s+)?\Z",
    re.IGNORECASE,
)
#: How far before a date its cue is looked for.
_CUE_REACH = 80


def after_source(mention: Value, years: YearRule) -> bool:
    """A date whose year was inferred may not fall after the source's own date."""
    latest = years.latest
    return (
        mention.type is ValueType.DATE
        and mention.year_inferred
        and latest is not None
        and mention.low > latest.toordinal()
    )


def ahead_cue(before: str, mention: Value) -> str | None:
    """The words pointing ahead right before a date whose year came from the source's date
    alone (`before`: the text before it in its sentence), or None."""
    if mention.type is not ValueType.DATE or not (mention.year_from or "").endswith(
        f"{NO_OTHER_YEAR})"
    ):
        return None
    found = _AHEAD.search(before[-_CUE_REACH:])
    return None if found is None else " ".join(found.group("cue").split())


def covers_both(mention: Value, value: Value) -> bool:
    """Whether `value` holds under both readings of a date pointed ahead to: the year the
    source's date gave it and the year after ("2004-12 to 2005-12" for "the December vote")."""
    try:
        later = date.fromordinal(int(mention.high))
        later = later.replace(year=later.year + 1)
    except ValueError:  # 29 February
        return False
    return (
        value.type is ValueType.DATE
        and value.low <= mention.low
        and later.toordinal() <= value.high
    )


def ahead_message(mention: Value, cue: str, years: YearRule) -> str:
    label = years.published_label or (years.reference.isoformat() if years.reference else "")
    return (
        f"the quote's {mention.text!r} follows {cue!r}: it may lie after the source's own date "
        f"({label}), so its year is not known ({_as_stated(mention)} if it lies before) — "
        "quote the words that state its year, or give a value that holds in both years"
    )


def _as_stated(mention: Value) -> str:
    """The date with the guessed year, without the note that it was guessed."""
    return replace(mention, year_inferred=False, year_from=None).describe()
