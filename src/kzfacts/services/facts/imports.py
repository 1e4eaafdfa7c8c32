"""Importing many fact records at once: each checked by the writer, all written or none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kzfacts.checks.fact import FactResult
from kzfacts.checks.findings import Code
from kzfacts.services.errors import Refused
from kzfacts.services.facts.inputs import from_record
from kzfacts.services.facts.writer import FactWriter


@dataclass(frozen=True)
class RecordError:
    number: int
    fact_id: str | None
    code: str
    message: str


def import_records(
    writer: FactWriter,
    records: list[tuple[int, dict[str, Any]]],
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[FactResult], list[RecordError]]:
    """Check every record; the caller writes only when there are no errors (all or nothing)."""
    accepted: list[FactResult] = []
    errors: list[RecordError] = []
    for done, (number, record) in enumerate(records, start=1):
        if progress is not None and (done % 100 == 0 or done == len(records)):
            progress(done, len(records))
        fact_id = record.get("id") if isinstance(record, dict) else None
        try:
            if not isinstance(record, dict):
                raise Refused(f"a record must be a mapping of fields, got {type(record).__name__}")
            accepted.append(writer.prepare(from_record(record)))
        except Refused as exc:
            code = exc.findings[0].code.value if exc.findings else Code.INVALID_RECORD.value
            message = str(exc).removeprefix(f"{code}: ")
            errors.append(RecordError(number, str(fact_id) if fact_id else None, code, message))
    return accepted, errors
