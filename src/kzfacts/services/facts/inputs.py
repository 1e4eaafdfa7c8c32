"""A fact as an editor states it (`checks.facts.FactInput`), read from the command line or from
one record of a file.

Its fields are checked for invisible characters here; whether the fact stands is the writer's
question (`facts.writer`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from kzfacts.checks.fact import FactInput
from kzfacts.services.errors import Refused, refuse_invisible

FACT_FIELDS = (
    "id", "source", "subject", "predicate", "value", "quote", "as_of", "note", "supersedes",
    "entity", "new_entity", "event",
)  # fmt: skip
REQUIRED_FIELDS = ("id", "source", "subject", "predicate", "value", "quote")


def check_fields(data: FactInput) -> FactInput:
    """Refuse a stated fact whose fields hold invisible characters (quotes and notes may hold
    line breaks); checked where an editor states a fact, not on every audit."""
    for name in (
        "id",
        "source",
        "subject",
        "predicate",
        "value",
        "as_of",
        "supersedes",
        "entity",
        "event",
    ):
        value = getattr(data, name)
        if value is not None:
            refuse_invisible(name, value)
    for name in ("quote", "note"):
        value = getattr(data, name)
        if value is not None:
            refuse_invisible(name, value, multiline=True)
    return data


def from_record(record: dict[str, Any]) -> FactInput:
    """The fact one record of an import file states."""
    unknown = sorted(set(record) - set(FACT_FIELDS))
    if unknown:
        raise Refused(
            f"unknown field(s) {', '.join(map(_field_name, unknown))}: fields are "
            f"{', '.join(FACT_FIELDS)}"
        )
    missing = [f for f in REQUIRED_FIELDS if record.get(f) in (None, "")]
    if missing:
        raise Refused(f"missing field(s) {', '.join(missing)}")
    values = {k: _text(v) for k, v in record.items() if k != "new_entity" and v not in (None, "")}
    flag = record.get("new_entity")
    new_entity = str(flag).strip().lower() in ("1", "true", "yes") if flag is not None else False
    return check_fields(FactInput(**values, new_entity=new_entity))


def record_source(record: dict[str, Any]) -> str:
    """The source a record cites, as `from_record` reads it; refused when it is no text."""
    return _text(record.get("source"))


def _field_name(name: str) -> str:
    """A field name as written, or quoted when it holds what would break the line."""
    return name if name and name.isprintable() and name.strip() == name else repr(name)


def _text(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool | int | float | str):
        return str(value).strip()
    raise Refused(f"expected text, got {type(value).__name__} {value!r}")
