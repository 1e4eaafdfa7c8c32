"""The value every parser returns: an interval in a canonical unit, plus the words it came from.

Every value is an interval so that vague words ("about", "more than a dozen", "late 2011")
compare with exact ones by containment alone; the unit is fixed per type so that two values
of one type compare without conversion (money is the exception: currencies are never converted).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


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
    year_from: str | None = None  # where an inferred year came from (see dates.YearRule)
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def describe(self) -> str:
        """A short human rendering, e.g. "13 or more", "Oct 2005 (early: 1–10 Oct)"."""
        from kzfacts.values.render import describe

        return describe(self)
