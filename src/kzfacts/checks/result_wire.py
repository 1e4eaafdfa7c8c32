"""A verified fact's result as plain tuples, for a worker process to send back.

An import's workers send one result a fact, with its parts, value, anchor and evidence.
Pickled as they are, each of those frozen dataclasses goes with its class and is rebuilt field
by field on the other side; as tuples of strings, numbers and dates they cost about half as
much to send and to rebuild. The fact itself is not sent: the process that planned it has it.
`tests/checks/test_result_wire.py` holds `from_wire(to_wire(r))` equal to `r`, and the fields
here to the dataclasses' own.
"""

from __future__ import annotations

from typing import Any

from kzfacts.checks.fact import FactInput, FactResult, Part
from kzfacts.checks.values import Evidence
from kzfacts.text.anchor import Anchor
from kzfacts.values import Value
from kzfacts.values.date_specs import YearRule

ResultWire = tuple[Any, ...]
"""A `FactResult` without its fact, as `to_wire` gives it."""


def to_wire(result: FactResult) -> ResultWire:
    """The result as plain tuples (its fact left out); findings, rare, go as they are."""
    anchor, value, evidence = result.anchor, result.value, result.evidence
    return (
        result.findings,
        None if anchor is None else _anchor(anchor),
        result.verdict,
        result.detail,
        result.not_found,
        result.support_key,
        tuple([(part.name, part.found, part.findings) for part in result.parts]),
        None if value is None else _value(value),
        result.position,
        None if evidence is None else _evidence(evidence),
        result.line,
        result.page,
        result.last_page,
        result.messages,
        result.valid_from,
        result.valid_to,
    )


def from_wire(fact: FactInput, wire: ResultWire) -> FactResult:
    """The result `to_wire` was given, for `fact`."""
    (findings, anchor, verdict, detail, not_found, key, parts, value, position, evidence,
     line, page, last_page, messages, valid_from, valid_to) = wire  # fmt: skip
    return FactResult(
        fact,
        findings,
        None if anchor is None else Anchor(*anchor),
        verdict,
        detail,
        not_found,
        key,
        tuple([Part(*part) for part in parts]),
        None if value is None else Value(*value),
        position,
        None if evidence is None else _evidence_from(evidence),
        line,
        page,
        last_page,
        messages,
        valid_from,
        valid_to,
    )


def _anchor(anchor: Anchor) -> tuple[Any, ...]:
    return (anchor.start, anchor.end, anchor.exact, anchor.prefix, anchor.suffix)


def _value(value: Value) -> tuple[Any, ...]:
    return (
        value.type, value.low, value.high, value.text, value.unit, value.precision,
        value.category, value.year_inferred, value.year_from, value.start, value.end,
    )  # fmt: skip


def _evidence(evidence: Evidence) -> tuple[Any, ...]:
    years = evidence.years
    return (
        evidence.text,
        evidence.start,
        evidence.end,
        (
            years.reference, years.latest, years.covers, years.covers_label, years.stated,
            years.published_label,
        ),
        evidence.around,
    )  # fmt: skip


def _evidence_from(wire: tuple[Any, ...]) -> Evidence:
    text, start, end, years, around = wire
    return Evidence(text, start, end, YearRule(*years), around)
