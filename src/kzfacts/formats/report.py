"""Rendering audits and facts as text and JSON. Pure: strings in, strings out."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

from kzfacts.checks.findings import Finding, Severity, summarize
from kzfacts.formats.counts import audited, finding_counts, run_label
from kzfacts.formats.headline import headline


def audit_json(findings: list[Finding], summary: dict[str, Any]) -> str:
    return indented_json({"findings": [f.to_dict() for f in findings], "summary": summary})


def indented_json(data: Any) -> str:
    """`json.dumps(data, ensure_ascii=False, indent=2, default=str)`, the same text in about
    two thirds of the time: with an indent the standard library encodes in Python, a generator
    step for every value, and an audit's report holds hundreds of thousands of values."""
    return _text(data, "\n", set())


def _text(value: Any, newline: str, open_: set[int]) -> str:
    """`value` as JSON at the depth `newline` is indented to; `open_` holds the containers
    being written (a circular one is refused, as `json.dumps` refuses it)."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is dict or kind is list:
        if not value:
            return "{}" if kind is dict else "[]"
        if id(value) in open_:
            raise ValueError("Circular reference detected")
        open_.add(id(value))
        inner = newline + "  "
        if kind is dict:
            entries = [
                (encode_basestring(k) if type(k) is str else _key(k))
                + ": "
                + (write(v) if (write := _SCALARS.get(type(v))) else _text(v, inner, open_))
                for k, v in value.items()
            ]
            text = "{" + inner + ("," + inner).join(entries) + newline + "}"
        else:
            items = [
                write(v) if (write := _SCALARS.get(type(v))) else _text(v, inner, open_)
                for v in value
            ]
            text = "[" + inner + ("," + inner).join(items) + newline + "]"
        open_.discard(id(value))
        return text
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, (dict, list, tuple)):  # a subclass, a tuple: as `json.dumps` writes it
        if id(value) in open_:
            raise ValueError("Circular reference detected")
        open_.add(id(value))
        plain = dict(value.items()) if isinstance(value, dict) else list(value)
        text = _text(plain, newline, open_)
        open_.discard(id(value))
        return text
    return _text(str(value), newline, open_)  # `default=str`


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (_INFINITY, -_INFINITY):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


_INFINITY = float("inf")
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _float,
    bool: lambda value: "true" if value else "false",
    type(None): lambda _: "null",
}
"""How each plain scalar type is written, looked up once per value."""


def _key(key: Any) -> str:
    """A key that is not a str, as `json.dumps` writes it (or refuses it)."""
    if isinstance(key, str):
        return encode_basestring(key)
    if isinstance(key, float):
        return encode_basestring(_float(key))
    if key is True or key is False or key is None:
        return f'"{json.dumps(key)}"'
    if isinstance(key, int):
        return encode_basestring(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def audit_summary(findings: list[Finding], **extra: Any) -> dict[str, Any]:
    counts = summarize(findings)
    by_code: dict[str, int] = defaultdict(int)
    for f in findings:
        by_code[f.code.value] += 1
    return {
        **extra,
        "errors": counts["error"],
        "warnings": counts["warning"],
        "info": counts["info"],
        "by_code": dict(sorted(by_code.items())),
    }


def _flat(text: str | None) -> str:
    return " ".join((text or "").split())


def contradiction_lines(detail: dict[str, Any], indent: str = "      ") -> list[str]:
    """A contradiction's distinct values, each with the facts, sources and quotes stating it."""
    sides = {side["fact"]: side for side in detail.get("sides", [])}
    lines: list[str] = []
    for value in detail["values"]:
        stale = "  (stated after the timeline had replaced it)" if value.get("stale") else ""
        lines.append(f"{indent}{value['value']} = {value['meaning']}{stale}")
        for fact_id in value["facts"]:
            side = sides.get(fact_id, {})
            lines.append(
                f'{indent}  {fact_id} [{side.get("source")}]: "{_flat(side.get("quote"))}"'
            )
    return lines


def contradiction_text(detail: dict[str, Any]) -> str:
    """One contradiction as `entity show` prints it: the event, then every value."""
    head = f"    {detail.get('predicate')}, {detail.get('event')}:"
    return "\n".join([head, *contradiction_lines(detail)])


def _side_by_side(finding: Finding) -> list[str]:
    d = finding.detail
    lines: list[str] = []
    if "values" in d:
        return contradiction_lines(d)
    if "sides" in d:
        for side in d["sides"]:
            lines.append(
                f"      {side['fact']}: {side['value']} = {side['meaning']}  [{side['source']}]"
            )
            lines.append(f'        "{_flat(side["quote"])}"')
        return lines
    if d.get("quote"):
        lines.append(f'      quote:  "{_flat(d["quote"])}"')
    shown = d.get("found") or d.get("closest")
    if shown and finding.severity is not Severity.INFO:
        label = "source" if d.get("found") else "closest"
        lines.append(f'      {label}: "{_flat(shown)}"')
    return lines


def audit_text(findings: list[Finding], summary: dict[str, Any]) -> str:
    """A readable report grouped by source, quote and source text side by side for each problem."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[finding.source or "(no source)"].append(finding)
    out: list[str] = []
    for source in sorted(groups):
        out.append(f"{source}")
        for f in sorted(groups[source], key=lambda x: (-x.severity.rank, x.fact or "", x.code)):
            out.append(f"  {f.severity.value:<7} {f.code.value:<20} {headline(f)}")
            out.extend(_side_by_side(f))
        out.append("")
    counts = finding_counts(summary["errors"], summary["warnings"], summary["info"])
    out.append(audited(summary) + counts + run_label(summary))
    return "\n".join(out)


def table(rows: list[list[str]], headers: list[str]) -> str:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
