"""Restatements: a fact that states exactly what another fact states already.

Two facts restate each other when they cite overlapping spans of one source (the same words)
and say the same of the same entity: one predicate, one value (as read: "4 years" and "four
years" are one value) and one event, holding at overlapping times. The second adds nothing but
a second count of everything it says: a report or a timeline lists the claim twice, and
`kzfacts check` offers it twice among a mention's facts. A fact that names the other as the
one it revises (`supersedes`), or is named by it, is a revision, not a restatement. Pure: the
keys are read from fact rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import Any

RESTATEMENT_COLUMNS = (
    "source_id", "entity_id", "predicate", "value_low", "value_high", "value_unit",
    "value_category", "event_key", "valid_from", "valid_to", "position_start", "position_end",
)  # fmt: skip
"""The columns of a fact's row that say what it states, when it holds and where it is quoted:
the same statement, holding at overlapping times, in overlapping spans of one source is a
restatement."""

Key = tuple[object, ...]
_read = itemgetter(*RESTATEMENT_COLUMNS)
_EVER = ("0000-00-00", "9999-99-99")
"""The times a fact without a time of validity holds at: any."""


def _iso(day: Any, otherwise: str) -> str:
    """A day as ISO text (a row about to be written holds `date` objects, one read back from
    SQLite their text), which orders as the days do."""
    if day is None:
        return otherwise
    return day if isinstance(day, str) else str(day.isoformat())


class Statements:
    """The facts seen so far, by what they state, each with the span it quotes and the time it
    holds at."""

    def __init__(self) -> None:
        self._seen: dict[Key, list[tuple[int, int, str, str, str, str | None]]] = {}

    def first_of(self, row: Mapping[str, Any]) -> str | None:
        """The first fact seen that states what `row` states in a span overlapping its own, at
        a time overlapping its own (one says "March 2012", the other "20 March 2012"), and is
        no revision of it nor revised by it; or None. `row` is seen from now on."""
        *what, valid_from, valid_to, start, end = _read(row)
        if start is None or end is None:
            return None  # not anchored: where it quotes is not known
        low, high = _iso(valid_from, _EVER[0]), _iso(valid_to, _EVER[1])
        seen = self._seen.setdefault(tuple(what), [])
        fact_id, revises = row["id"], row.get("supersedes")
        first = next(
            (
                other
                for s, e, other, since, until, its in seen
                if s < end and start < e and since <= high and low <= until
                and fact_id not in (other, its) and other != revises
            ),
            None,
        )  # fmt: skip
        seen.append((start, end, fact_id, low, high, revises))
        return first


def restated(row: Mapping[str, Any], first: str | None) -> str | None:
    """The notice for a fact row that restates the fact `first` (`Statements.first_of`)."""
    if first is None:
        return None
    return (
        f"notice: {row['id']!r} states what {first!r} states already (the same words of "
        f"{row['source_id']!r}, entity, predicate, value and time): remove one with "
        f"`kzfacts fact remove`, or give it --supersedes {first} if it revises that fact"
    )


def restatements(rows: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """Every fact (in the order given) that restates an earlier one: (its id, the first's id)."""
    seen = Statements()
    found: list[tuple[str, str]] = []
    for row in rows:
        first = seen.first_of(row)
        if first is not None:
            found.append((row["id"], first))
    return found
