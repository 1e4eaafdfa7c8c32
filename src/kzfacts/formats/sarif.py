"""SARIF 2.1.0: findings as one run of the `kzfacts` tool, for code-scanning dashboards and editors.

Pure: findings in, a JSON string out. Columns are code points (`columnKind` says so), the
same positions `kzfacts` stores; a region's end column is the one after its last character,
as SARIF and `locate` both count it.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from kzfacts import __version__
from kzfacts.checks.findings import SEVERITY, Code, Finding, Location, Severity

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

DESCRIPTIONS: dict[str, str] = {
    Code.QUOTE_NOT_FOUND: "The quote is not in its source.",
    Code.QUOTE_ALTERED: "The quote differs from its source in a protected word "
    "(a number, date, negation, qualifier, name, legal term or modal), cuts a word, "
    "or elides a negation or qualifier.",
    Code.QUOTE_INEXACT: "The quote differs from its source in ordinary words only.",
    Code.QUOTE_AMBIGUOUS: "The quote matches several places in its source: quote more of it.",
    Code.QUOTE_MISATTRIBUTED: "The quote is in another registered source, not the one cited.",
    Code.QUOTE_MOVED: "The quote was found at a new position; the stored anchor was updated.",
    Code.QUOTE_TOO_SHORT: "The quote is too short to anchor reliably.",
    Code.QUOTE_ELISION_TOO_LONG: "The fragments of an elided quote stand too far apart.",
    Code.SUBJECT_MISMATCH: "The text around the quote names another entity, not the fact's.",
    Code.SUBJECT_UNVERIFIED: "Nobody is named near the quote: its subject cannot be checked.",
    Code.SOURCE_MISSING: "The source document cannot be read.",
    Code.SOURCE_CHANGED: "The source text changed since it was registered.",
    Code.VALUE_UNSUPPORTED: "The fact's value is not what its quote states.",
    Code.VALUE_INVALID: "The fact's value cannot be read as its predicate's type.",
    Code.CONTRADICTION: "Two facts about the same entity and predicate disagree for the same time.",
    Code.UNSOURCED: "The fact has no source or no quote.",
    Code.DUPLICATE_ENTITY: "Two entities are probably the same person or thing.",
    Code.INVALID_RECORD: "A fact record is malformed.",
    Code.UNSOURCED_CLAIM: "A claim in a document cites no fact.",
    Code.UNKNOWN_FACT: "A document cites a fact id that does not exist.",
    Code.CLAIM_MISMATCH: "A document states something other than the fact it cites.",
    Code.CITES_BROKEN_FACT: "A document cites a fact that the audit found broken.",
}


def _description(code: str) -> str:
    """Codes may be added after this table was written: fall back to the code in words."""
    return DESCRIPTIONS.get(code) or code.replace("-", " ").capitalize() + "."


def _rule_name(code: str) -> str:
    return "".join(part.capitalize() for part in code.split("-"))


def _rule(code: Code) -> dict[str, Any]:
    return {
        "id": code.value,
        "name": _rule_name(code.value),
        "shortDescription": {"text": _description(code.value)},
        "defaultConfiguration": {"level": LEVEL[SEVERITY[code]]},
    }


def _uri(path: str) -> str:
    """A relative URI reference: forward slashes, anything unsafe percent-encoded."""
    return quote(path.replace("\\", "/"), safe="/-._~")


def _region(location: Location) -> dict[str, int]:
    region = {"startLine": location.line, "startColumn": location.column}
    if location.end_line is not None and location.end_column is not None:
        region.update(endLine=location.end_line, endColumn=location.end_column)
    return region


def _message(finding: Finding) -> str:
    return f"{finding.fact}: {finding.message}" if finding.fact else finding.message


def _fingerprint(finding: Finding) -> str:
    """Stable across runs (no positions or wording), so dashboards can follow one problem."""
    parts = [finding.code.value, finding.fact or "", finding.source or ""]
    entities = finding.detail.get("entities")
    if isinstance(entities, list):
        parts.append(",".join(sorted(str(e) for e in entities)))
    return ":".join(parts)


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    properties: dict[str, Any] = {"fact": finding.fact, "source": finding.source}
    if finding.detail:
        properties["detail"] = finding.detail
    result: dict[str, Any] = {
        "ruleId": finding.code.value,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": _message(finding)},
    }
    if finding.location is not None:
        result["locations"] = [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.location.path)},
                    "region": _region(finding.location),
                }
            }
        ]
    result["partialFingerprints"] = {"kzfactsFinding/v1": _fingerprint(finding)}
    result["properties"] = properties
    return result


def render_sarif(findings: list[Finding], summary: dict[str, Any]) -> str:
    """One SARIF log with one run; rules are the codes that occur, in code order."""
    codes = sorted({f.code for f in findings}, key=lambda c: c.value)
    index = {code: i for i, code in enumerate(codes)}
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kzfacts",
                        "version": __version__,
                        "rules": [_rule(code) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index[f.code]) for f in findings],
                "properties": {"summary": summary},
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2, default=str)
