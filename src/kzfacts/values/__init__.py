"""Typed values: "four years", "more than a dozen", "early October 2005" as intervals.

Pure functions only (no I/O): `parse_value` reads the one value an editor writes in a fact,
`find_values` finds every value mention in running text, `supports` and `overlaps` compare
them. The vague words and their bounds are in one table, `VAGUE_BOUNDS` (see `vague.py`).
"""

from kzfacts.values.compare import overlaps, supports
from kzfacts.values.model import Value, ValueParseError, ValueType
from kzfacts.values.numbers import number_to_words, parse_number, words_to_number
from kzfacts.values.parse import find_values, parse_value
from kzfacts.values.statuses import STATUS_CONFLICTS, STATUS_NAMES, STATUSES, canonical_status
from kzfacts.values.vague import VAGUE_BOUNDS, Bound, render_vague_table

__all__ = [
    "STATUSES",
    "STATUS_CONFLICTS",
    "STATUS_NAMES",
    "VAGUE_BOUNDS",
    "Bound",
    "Value",
    "ValueParseError",
    "ValueType",
    "canonical_status",
    "find_values",
    "number_to_words",
    "overlaps",
    "parse_number",
    "parse_value",
    "render_vague_table",
    "supports",
    "words_to_number",
]
