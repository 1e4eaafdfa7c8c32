"""The two forms most fact values are written in, read without the value scanners.

An import reads each record's value: most are a plain count ("753") or an ISO day
("2010-09-10"), and the scanners (every pattern of every type, then the longest wins) take
tens of microseconds for what a single pattern settles. `read_common_form` gives exactly the
`Value` that `parse_value` gives for them (the tests hold the two equal over every such form),
and None for anything else, which the scanners then read.
"""

from __future__ import annotations

import datetime
import re

from kzfacts.values.model import Value, ValueType

_PLAIN_COUNT = re.compile(r"[0-9]{1,7}")
"""A whole number written in ASCII digits alone, up to 9,999,999."""
_ISO_DAY = re.compile(r"(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")
"""A day of 1900-2099 as YYYY-MM-DD (a day the calendar lacks is left to the scanners)."""


def read_common_form(text: str, value_type: ValueType) -> Value | None:
    """The value `text` states when it is a plain count or an ISO day of its type; else None."""
    if value_type is ValueType.COUNT and _PLAIN_COUNT.fullmatch(text):
        number = float(int(text))
        return Value(ValueType.COUNT, number, number, text, "count", end=len(text))
    if value_type is ValueType.DATE and _ISO_DAY.fullmatch(text):
        try:
            day = float(datetime.date(int(text[:4]), int(text[5:7]), int(text[8:])).toordinal())
        except ValueError:  # 30 February
            return None
        return Value(ValueType.DATE, day, day, text, "date", precision="day", end=len(text))
    return None
