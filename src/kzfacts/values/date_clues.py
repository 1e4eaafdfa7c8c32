"""Whether a text may hold a date at all, told before any date pattern is tried: most
sentences hold no year's digits and no word of a date, and are not searched (`values.dates`)."""

from __future__ import annotations

import calendar

from kzfacts.values import scan
from kzfacts.values.lazy import Lazy
from kzfacts.values.vocabulary import MONTHS

#: What every date pattern's match holds, in the text folded (`scan.fold`): a year's four
#: digits, or a whole word that is a month's name or a word of a relative date.
_YEAR_DIGITS = Lazy(r"[12]\d{3}")
_CLUE_WORDS = frozenset(
    (
        *(name.lower() for name in calendar.month_name if name),
        *MONTHS,
        *("this", "last", "next", "later", "earlier", "today", "yesterday", "tomorrow", "ago"),
    )
)
_CLUE_WORD = Lazy(rf"\b(?:{'|'.join(sorted(_CLUE_WORDS))})\b")


def may_hold_a_date(folded: str | None) -> bool:
    """False when no date pattern can match the text; `folded` is the text folded (`scan.fold`),
    None when folding changed its length (then every pattern is tried)."""
    return folded is None or (
        _YEAR_DIGITS.search(folded) is not None or _CLUE_WORD.search(folded) is not None
    )


def scanned_may_hold_a_date(scanned: scan.Text) -> bool:
    """`may_hold_a_date` of a text already cut into tokens: a clue word is one of them."""
    folded = scanned.folded
    return folded is None or (
        _YEAR_DIGITS.search(folded) is not None or not _CLUE_WORDS.isdisjoint(scanned.tokens)
    )
