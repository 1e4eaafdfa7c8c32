"""The one table of vague words and the bounds they stand for.

A source that says "more than a dozen died" states an interval, not a number; to check a fact
against it (and two facts against each other) every vague word needs written-down bounds. They
live here and nowhere else: the parsers look words up in `VAGUE_BOUNDS`, and this docstring
holds the same table for people (a test keeps the two equal; `render_vague_table()` prints it).

N is the number the word qualifies, in the unit written after it ("about 100" → N = 100;
"over a year" → N = 365.25 days). Counts are whole numbers, so "more than 12" starts at 13;
amounts (durations, money, percents) are continuous, so "more than 30%" starts just above 30.
A quantity word before a unit scales the unit ("several years" = 3–9 years). Month parts are
days of that month ("late" ends on its last day); year parts are months of that year.

| words | bounds |
|---|---|
| about N | 0.9·N – 1.1·N |
| around N | 0.9·N – 1.1·N |
| approximately N | 0.9·N – 1.1·N |
| approx. N | 0.9·N – 1.1·N |
| roughly N | 0.9·N – 1.1·N |
| some N | 0.9·N – 1.1·N |
| an estimated N | 0.9·N – 1.1·N |
| estimated N | 0.9·N – 1.1·N |
| circa N | 0.9·N – 1.1·N |
| nearly N | 0.9·N – N |
| almost N | 0.9·N – N |
| close to N | 0.9·N – N |
| just under N | 0.9·N – N |
| more than N | counts N+1 – ∞; amounts just above N – ∞ |
| over N | counts N+1 – ∞; amounts just above N – ∞ |
| above N | counts N+1 – ∞; amounts just above N – ∞ |
| in excess of N | counts N+1 – ∞; amounts just above N – ∞ |
| upwards of N | counts N+1 – ∞; amounts just above N – ∞ |
| > N | counts N+1 – ∞; amounts just above N – ∞ |
| at least N | N – ∞ |
| no fewer than N | N – ∞ |
| no less than N | N – ∞ |
| not less than N | N – ∞ |
| a minimum of N | N – ∞ |
| ≥ N | N – ∞ |
| >= N | N – ∞ |
| N or more | N – ∞ |
| N+ | N – ∞ |
| up to N | 0 – N |
| at most N | 0 – N |
| no more than N | 0 – N |
| not more than N | 0 – N |
| a maximum of N | 0 – N |
| within N | 0 – N |
| ≤ N | 0 – N |
| <= N | 0 – N |
| N or fewer | 0 – N |
| N or less | 0 – N |
| fewer than N | counts 0 – N−1; amounts 0 – just below N |
| less than N | counts 0 – N−1; amounts 0 – just below N |
| under N | counts 0 – N−1; amounts 0 – just below N |
| below N | counts 0 – N−1; amounts 0 – just below N |
| < N | counts 0 – N−1; amounts 0 – just below N |
| a couple of | 2 – 3 |
| a few | 2 – 5 |
| several | 3 – 9 |
| dozens | 24 – 99 |
| hundreds | 200 – 999 |
| thousands | 2,000 – 9,999 |
| tens of thousands | 20,000 – 99,999 |
| hundreds of thousands | 200,000 – 999,999 |
| millions | 2,000,000 – 9,999,999 |
| early <month> | days 1–10 |
| beginning of <month> | days 1–10 |
| start of <month> | days 1–10 |
| mid <month> | days 11–20 |
| middle of <month> | days 11–20 |
| late <month> | days 21–last |
| end of <month> | days 21–last |
| early <year> | Jan–Apr |
| beginning of <year> | Jan–Apr |
| start of <year> | Jan–Apr |
| mid <year> | May–Aug |
| middle of <year> | May–Aug |
| late <year> | Sep–Dec |
| end of <year> | Sep–Dec |
| first half of <year> | Jan–Jun |
| first part of <year> | Jan–Jun |
| second half of <year> | Jul–Dec |
| second part of <year> | Jul–Dec |
| first quarter of <year> | Jan–Mar |
| second quarter of <year> | Apr–Jun |
| third quarter of <year> | Jul–Sep |
| fourth quarter of <year> | Oct–Dec |
| spring <year> | Mar–May |
| summer <year> | Jun–Aug |
| autumn <year> | Sep–Nov |
| fall <year> | Sep–Nov |

Not in the table, because they are not vague: ranges ("2,000 to 5,000", "from two to seven
days", "between 2009 and 2012", "December 1-2, 2009") are exactly their two ends, and "a dozen"
is 12. Winter is left out: it straddles two years. Dates relative to the source's date ("this
summer", "last month", "a year ago") are read against the reference date: see `dates.py`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Literal

BoundKind = Literal[
    "times",  # [low·N, high·N]
    "more-than",  # [N+1 or just above N, ∞]
    "at-least",  # [N, ∞]
    "at-most",  # [0, N]
    "fewer-than",  # [0, N−1 or just below N]
    "fixed",  # [low, high] (in the unit that follows, if any)
    "days-of-month",  # days low..high of a month; 31 means its last day
    "months-of-year",  # months low..high of a year
]


@dataclass(frozen=True)
class Bound:
    """What one vague word means; `low`/`high` are factors, numbers, days or months by `kind`."""

    kind: BoundKind
    low: float = 0.0
    high: float = math.inf

    def __post_init__(self) -> None:  # the table is written with ints; values are floats
        object.__setattr__(self, "low", float(self.low))
        object.__setattr__(self, "high", float(self.high))

    def apply(self, low: Fraction, high: Fraction, *, discrete: bool) -> tuple[float, float]:
        """The interval this word makes of [low, high] (N alone is [N, N]), as floats.

        Exact arithmetic first, so that "about 100" is [90, 110], not 110.00000000000001.
        """
        if self.kind == "times":
            factor_low, factor_high = Fraction(repr(self.low)), Fraction(repr(self.high))
            return float(low * factor_low), float(high * factor_high)
        if self.kind == "more-than":
            if discrete and low.denominator == 1:
                return float(low + 1), math.inf
            return math.nextafter(float(low), math.inf), math.inf
        if self.kind == "at-least":
            return float(low), math.inf
        if self.kind == "at-most":
            return 0.0, float(high)
        if self.kind == "fewer-than":
            if discrete and high.denominator == 1:
                return 0.0, max(0.0, float(high - 1))
            return 0.0, max(0.0, math.nextafter(float(high), -math.inf))
        raise ValueError(f"{self.kind} bounds do not qualify a number")


def _rows() -> dict[str, Bound]:
    rows: dict[str, Bound] = {}

    def add(words: str, bound: Bound) -> None:
        for word in words.split("|"):
            rows[word] = bound

    add(
        "about N|around N|approximately N|approx. N|roughly N|some N|an estimated N"
        "|estimated N|circa N|~ N|≈ N",
        Bound("times", 0.9, 1.1),
    )
    add("nearly N|almost N|close to N|just under N", Bound("times", 0.9, 1.0))
    add("more than N|over N|above N|in excess of N|upwards of N|> N", Bound("more-than"))
    add(
        "at least N|no fewer than N|no less than N|not less than N|a minimum of N|≥ N|>= N"
        "|N or more|N+",
        Bound("at-least"),
    )
    add(
        "up to N|at most N|no more than N|not more than N|a maximum of N|within N|≤ N|<= N"
        "|N or fewer|N or less",
        Bound("at-most"),
    )
    add("fewer than N|less than N|under N|below N|< N", Bound("fewer-than"))
    add("a couple of", Bound("fixed", 2, 3))
    add("a few", Bound("fixed", 2, 5))
    add("several", Bound("fixed", 3, 9))
    add("dozens", Bound("fixed", 24, 99))
    add("hundreds", Bound("fixed", 200, 999))
    add("thousands", Bound("fixed", 2_000, 9_999))
    add("tens of thousands", Bound("fixed", 20_000, 99_999))
    add("hundreds of thousands", Bound("fixed", 200_000, 999_999))
    add("millions", Bound("fixed", 2_000_000, 9_999_999))
    add("early <month>|beginning of <month>|start of <month>", Bound("days-of-month", 1, 10))
    add("mid <month>|middle of <month>", Bound("days-of-month", 11, 20))
    add("late <month>|end of <month>", Bound("days-of-month", 21, 31))
    add("early <year>|beginning of <year>|start of <year>", Bound("months-of-year", 1, 4))
    add("mid <year>|middle of <year>", Bound("months-of-year", 5, 8))
    add("late <year>|end of <year>", Bound("months-of-year", 9, 12))
    add("first half of <year>|first part of <year>", Bound("months-of-year", 1, 6))
    add("second half of <year>|second part of <year>", Bound("months-of-year", 7, 12))
    add("first quarter of <year>", Bound("months-of-year", 1, 3))
    add("second quarter of <year>", Bound("months-of-year", 4, 6))
    add("third quarter of <year>", Bound("months-of-year", 7, 9))
    add("fourth quarter of <year>", Bound("months-of-year", 10, 12))
    add("spring <year>", Bound("months-of-year", 3, 5))
    add("summer <year>", Bound("months-of-year", 6, 8))
    add("autumn <year>|fall <year>", Bound("months-of-year", 9, 11))
    return rows


VAGUE_BOUNDS: Mapping[str, Bound] = MappingProxyType(_rows())

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _number(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def describe_bound(bound: Bound) -> str:
    """The bounds column of the table, for people."""
    if bound.kind == "times":
        low = f"{bound.low:g}·N"
        high = "N" if bound.high == 1 else f"{bound.high:g}·N"
        return f"{low} – {high}"
    if bound.kind == "more-than":
        return "counts N+1 – ∞; amounts just above N – ∞"
    if bound.kind == "at-least":
        return "N – ∞"
    if bound.kind == "at-most":
        return "0 – N"
    if bound.kind == "fewer-than":
        return "counts 0 – N−1; amounts 0 – just below N"
    if bound.kind == "fixed":
        return f"{_number(bound.low)} – {_number(bound.high)}"
    if bound.kind == "days-of-month":
        last = "last" if bound.high >= 31 else _number(bound.high)
        return f"days {_number(bound.low)}–{last}"
    return f"{MONTH_ABBR[int(bound.low) - 1]}–{MONTH_ABBR[int(bound.high) - 1]}"


def render_vague_table() -> str:
    """`VAGUE_BOUNDS` as the Markdown table in this module's docstring (and the README)."""
    lines = ["| words | bounds |", "|---|---|"]
    lines += [f"| {words} | {describe_bound(bound)} |" for words, bound in VAGUE_BOUNDS.items()]
    return "\n".join(lines)


def prefix_bound(words: str) -> Bound | None:
    """The bound for a modifier written before a number ("More  than", "approx") or None."""
    key = " ".join(words.lower().split())
    if key == "approx":
        key = "approx."
    return VAGUE_BOUNDS.get(f"{key} N")


def suffix_bound(words: str) -> Bound | None:
    """The bound for a modifier written after a number ("or more", "+") or None."""
    key = " ".join(words.lower().split())
    return VAGUE_BOUNDS.get(f"N {key}") or VAGUE_BOUNDS.get(f"N{key}")


def part_bound(words: str, of: Literal["<month>", "<year>"]) -> Bound | None:
    """The bound for a part of a month or year ("the end of", "mid-", "first half of")."""
    key = " ".join(words.lower().replace("-", " ").split())
    if key.startswith("the "):
        key = key[4:]
    if (
        key.endswith(" of")
        and of == "<year>"
        and key[:-3] in ("spring", "summer", "autumn", "fall")
    ):
        key = key[:-3]
    return VAGUE_BOUNDS.get(f"{key} {of}")


def _prefix_words() -> list[str]:
    return [k[:-2] for k in VAGUE_BOUNDS if k.endswith(" N")]


def _suffix_words() -> list[str]:
    return [k[1:].strip() for k in VAGUE_BOUNDS if k.startswith("N")]


PREFIX_WORDS: tuple[str, ...] = tuple(sorted(_prefix_words(), key=len, reverse=True))
SUFFIX_WORDS: tuple[str, ...] = tuple(sorted(_suffix_words(), key=len, reverse=True))
QUANTITY_WORDS: tuple[str, ...] = tuple(
    sorted((k for k, b in VAGUE_BOUNDS.items() if b.kind == "fixed"), key=len, reverse=True)
)
