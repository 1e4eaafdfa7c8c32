"""SARIF 2.1.0: findings as one run of the `kzfacts` tool, for code-scanning dashboards and editors.

Pure but for the project's URLs, read once from the installed package's metadata: findings
in, a JSON string out. Columns are code points (`columnKind` says so), the
same positions `kzfacts` stores; a region's end column is the one after its last character,
as SARIF and `locate` both count it.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib.metadata import metadata
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kzfacts import __version__
from kzfacts.checks.findings import RELATED_LOCATIONS as RELATED
from kzfacts.checks.findings import SEVERITY, Code, Finding, Location, Severity
from kzfacts.formats.headline import headline
from kzfacts.formats.paths import FileNames

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
BASE_ID = "SRCROOT"
FINGERPRINT = "kzfactsFinding/v2"
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
    Code.QUOTE_TOO_LONG: "The quote is a passage, not a quote: cite the sentence that states the fact.",
    Code.QUOTE_ELISION_TOO_LONG: "The fragments of an elided quote stand too far apart.",
    Code.SUBJECT_MISMATCH: "The text around the quote names another entity, not the fact's.",
    Code.SUBJECT_UNVERIFIED: "Nobody is named near the quote: its subject cannot be checked.",
    Code.SOURCE_MISSING: "The source document cannot be read.",
    Code.SOURCE_CHANGED: "The source text changed since it was registered.",
    Code.VALUE_UNSUPPORTED: "The fact's value is not what its quote states.",
    Code.VALUE_INVALID: "The fact's value cannot be read as its predicate's type.",
    Code.CONTRADICTION: "Facts about one entity, predicate and event (or period) disagree.",
    Code.UNSOURCED: "The fact has no source or no quote.",
    Code.DUPLICATE_ENTITY: "Two entities are probably the same person or thing.",
    Code.INVALID_RECORD: "A fact record is malformed.",
    Code.UNSOURCED_CLAIM: "A claim in a document cites no fact.",
    Code.UNKNOWN_FACT: "A document cites a fact id that does not exist.",
    Code.CLAIM_MISMATCH: "A document states something other than the fact it cites.",
    Code.CITES_BROKEN_FACT: "A document cites a fact that the audit found broken.",
    Code.CITES_REMOVED_FACT: "A document cites a fact that an editor removed.",
}


FIXES: dict[str, str] = {
    Code.QUOTE_NOT_FOUND: "Copy the quote again from the source document, word for word, or "
    "correct the fact's source id; the finding shows the closest real text.",
    Code.QUOTE_ALTERED: "Quote the source as it stands: a changed number, date, name, negation, "
    "legal term or modal changes the evidence. If the source was edited, restore it.",
    Code.QUOTE_INEXACT: "Fix the differing words in the quote (the finding lists them); the "
    "fact is accepted meanwhile.",
    Code.QUOTE_AMBIGUOUS: "Quote more of the sentence, so that only one place of the source "
    "matches.",
    Code.QUOTE_MISATTRIBUTED: "Cite the source that holds the quote (the finding names it).",
    Code.QUOTE_MOVED: "Nothing to do: the stored position was updated to the quote's new place.",
    Code.QUOTE_TOO_SHORT: "Quote at least four words: a shorter span is not evidence.",
    Code.SOURCE_MISSING: "Restore the source file at its registered path, or register the file "
    "where it now is.",
    Code.SOURCE_CHANGED: "Check the changed text: its facts were re-anchored, and any quote it "
    "no longer supports is reported on its own.",
    Code.VALUE_UNSUPPORTED: "Write the value as the quote states it: a fact may be as vague as "
    "its source, never more precise.",
    Code.VALUE_INVALID: "Write a value of the predicate's type (see `kzfacts predicate list`), "
    "e.g. '4 years', '2012-03-15', 'more than 12'.",
    Code.CONTRADICTION: "Check both quotes: record a revision with `supersedes`, give the facts "
    "their `as_of` dates, or correct the fact that misreads its source.",
    Code.UNSOURCED: "Give the fact its source and the exact words that state it.",
    Code.DUPLICATE_ENTITY: "Merge the two with `kzfacts entity merge`, or declare them "
    "different with `kzfacts entity distinct`.",
    Code.INVALID_RECORD: "Fix the record's fields as the message says.",
    Code.UNSOURCED_CLAIM: "Cite the fact that states the claim, e.g. [@fact-id] (the finding "
    "suggests facts), or add one with `kzfacts fact add`.",
    Code.UNKNOWN_FACT: "Cite an existing fact id (`kzfacts fact list`); the finding suggests "
    "the closest ids.",
    Code.CLAIM_MISMATCH: "Say what the cited fact says, or cite the fact that states what the "
    "sentence says.",
    Code.CITES_BROKEN_FACT: "Fix the cited fact or its source, then run `kzfacts audit` again.",
}


@cache
def project_url(label: str) -> str:
    """An address from pyproject.toml's `[project.urls]` (their one home), as the installed
    package's metadata holds them: Homepage, Documentation (the README: each finding code has
    its own anchor in its table of finding codes) or Repository."""
    entries = metadata("kzfacts").get_all("Project-URL") or []
    urls: dict[str, str] = dict(entry.split(", ", 1) for entry in entries)
    if label not in urls:
        raise RuntimeError(
            f"the installed kzfacts metadata has no {label} URL ([project.urls] in "
            "pyproject.toml): reinstall kzfacts (pip install -e . in a checkout)"
        )
    return urls[label]


def _description(code: str) -> str:
    """Codes may be added after this table was written: fall back to the code in words."""
    return DESCRIPTIONS.get(code) or code.replace("-", " ").capitalize() + "."


def _rule_name(code: str) -> str:
    return "".join(part.capitalize() for part in code.split("-"))


def _rule(code: Code) -> dict[str, Any]:
    level = LEVEL[SEVERITY[code]]
    described, fix = _description(code.value), FIXES.get(code.value, "See the README.")
    url = f"{project_url('Documentation')}#{code.value}"
    return {
        "id": code.value,
        "name": _rule_name(code.value),
        "shortDescription": {"text": described},
        "fullDescription": {"text": f"{described} {fix}"},
        "help": {
            "text": f"{code.value} ({level}): {described}\n\n{fix}\n\n{url}",
            "markdown": f"**`{code.value}`** ({level}): {described}\n\n{fix}\n\n"
            f"[Finding codes in the kzfacts README]({url})",
        },
        "helpUri": url,
        "defaultConfiguration": {"level": level},
        "properties": {"tags": ["kzfacts", "provenance"]},
    }


def _uri(path: str) -> str:
    """A relative URI reference: anything unsafe percent-encoded."""
    return quote(path, safe="/-._~")


def _region(location: Location) -> dict[str, int]:
    region = {"startLine": location.line, "startColumn": location.column}
    if location.end_line is not None and location.end_column is not None:
        region.update(endLine=location.end_line, endColumn=location.end_column)
    return region


def _artifact(path: str, names: FileNames) -> dict[str, str]:
    """Relative to the base folder, normalised (`file_reference`); a file outside it is an
    absolute file URI, with no base (SARIF's rule for an absolute URI)."""
    reference, relative = names.reference(path)
    if not relative:
        return {"uri": Path(reference).as_uri()}
    return {"uri": _uri(reference), "uriBaseId": BASE_ID}


def _physical(location: Location, names: FileNames) -> dict[str, Any]:
    """The file, and the region in it when its lines are the file's own: a PDF's or web page's
    place counts in the text kzfacts extracted (the message and `properties.detail` say where),
    so the finding is on the file as a whole."""
    physical: dict[str, Any] = {"artifactLocation": _artifact(location.path, names)}
    if location.in_file:
        physical["region"] = _region(location)
    return physical


def _identity(finding: Finding) -> str:
    """What makes a finding the same problem in the next run: never its line or its wording."""
    detail = finding.detail
    sides = detail.get("sides")
    if isinstance(sides, list):
        return ",".join(sorted(str(s.get("fact")) for s in sides if isinstance(s, dict)))
    entities = detail.get("entities")
    if isinstance(entities, list):
        return ",".join(sorted(str(e) for e in entities))
    sentence = detail.get("sentence")
    said = " ".join(str(sentence).casefold().split()) if sentence else ""
    return "\0".join((finding.fact or "", finding.source or "", said))


def fingerprints(
    findings: list[Finding], base: Path | None = None, start: Path | None = None
) -> list[str]:
    """One per finding, unique in the run: rule, file (as its URI names it) and identity,
    hashed; findings that share all three (a sentence said twice in one draft) are told apart
    by their order."""
    names = FileNames(base, start)
    seen: dict[str, int] = {}
    prints: list[str] = []
    for finding in findings:
        path = names.reference(finding.location.path)[0] if finding.location else ""
        material = "\0".join((finding.code.value, path, _identity(finding)))
        digest = hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]
        seen[digest] = seen.get(digest, 0) + 1
        prints.append(f"{digest}:{seen[digest]}")
    return prints


def _related(finding: Finding, names: FileNames) -> list[dict[str, Any]]:
    places = finding.detail.get(RELATED)
    if not isinstance(places, list):
        return []
    sides = {
        side.get("fact"): side for side in finding.detail.get("sides", []) if isinstance(side, dict)
    }
    related = []
    for number, place in enumerate(places, 1):
        side = sides.get(place.get("fact"), {})
        said = f"{side['value']} ({side['source']})" if "value" in side else "the other side"
        location = Location(
            place["file"], place["line"], place["column"], place.get("end_line"),
            place.get("end_column"),
        )  # fmt: skip
        related.append(
            {
                "id": number,
                "physicalLocation": _physical(location, names),
                "message": {"text": f"{place.get('fact')}: {said}"},
            }
        )
    return related


def _result(
    finding: Finding, rule_index: int, fingerprint: str, names: FileNames
) -> dict[str, Any]:
    properties: dict[str, Any] = {"fact": finding.fact, "source": finding.source}
    detail = {k: v for k, v in finding.detail.items() if k != RELATED}
    if detail:
        properties["detail"] = detail
    result: dict[str, Any] = {
        "ruleId": finding.code.value,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": headline(finding)},
    }
    if finding.location is not None:
        result["locations"] = [{"physicalLocation": _physical(finding.location, names)}]
    related = _related(finding, names)
    if related:
        result["relatedLocations"] = related
    result["partialFingerprints"] = {FINGERPRINT: fingerprint}
    result["properties"] = properties
    return result


def _base_uri(base: Path | None) -> dict[str, Any]:
    described = {"description": {"text": "The folder file paths are relative to."}}
    if base is None:
        return described
    uri = base.as_uri()
    return {"uri": uri if uri.endswith("/") else uri + "/", **described}


def render_sarif(
    findings: list[Finding],
    summary: dict[str, Any],
    *,
    run_kind: str = "audit",
    base: Path | None = None,
    start: Path | None = None,
) -> str:
    """One SARIF log with one run; rules are the codes that occur, in code order.

    `run_kind` (audit or check) tells the two kinds of run apart in code scanning (its
    category); `base` is `SRCROOT`, the folder file URIs are relative to (the repository's
    root, see `FileNames.for_code_scanning`), and `start` the folder the findings' relative
    paths start from (the sources root for audits, the working folder for checks; by default
    `base`).
    """
    names = FileNames(base, start)
    codes = sorted({f.code for f in findings}, key=lambda c: c.value)
    index = {code: i for i, code in enumerate(codes)}
    prints = fingerprints(findings, base, start)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kzfacts",
                        "version": __version__,
                        "informationUri": project_url("Homepage"),
                        "rules": [_rule(code) for code in codes],
                    }
                },
                "automationDetails": {"id": f"kzfacts/{run_kind}/"},
                "originalUriBaseIds": {BASE_ID: _base_uri(base)},
                "columnKind": "unicodeCodePoints",
                "results": [
                    _result(f, index[f.code], p, names)
                    for f, p in zip(findings, prints, strict=True)
                ],
                "properties": {"summary": summary},
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2, default=str)
