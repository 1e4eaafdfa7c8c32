"""SARIF 2.1.0 output, validated against the official OASIS schema (tests/data)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator

from kzfacts import __version__
from kzfacts.checks.findings import Code, Finding, Location
from kzfacts.formats.sarif import _description, render_sarif
from tests.conftest import Run

SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "data" / "sarif-schema-2.1.0.json").read_text(
        encoding="utf-8"
    )
)
VALIDATOR = Draft4Validator(SCHEMA, format_checker=Draft4Validator.FORMAT_CHECKER)


def valid(log: dict[str, Any]) -> dict[str, Any]:
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []
    return log


def test_the_schema_rejects_what_it_should() -> None:
    """The validator is live: a result without a message is not SARIF."""
    log = json.loads(render_sarif([Finding(Code.UNSOURCED, "no source", "f1")], {}))
    del log["runs"][0]["results"][0]["message"]
    assert not VALIDATOR.is_valid(log)


def test_audit_with_errors_is_valid_sarif(run: Run, seeded: Path) -> None:
    letter = next((seeded / "seeds").glob("000_*.txt"))
    letter.write_text(
        letter.read_text(encoding="utf-8").replace("four years'", "three years'"),
        encoding="utf-8",
    )
    result = run("audit", "--format", "sarif")
    assert result.exit_code == 1
    log = valid(json.loads(result.stdout))
    assert log["version"] == "2.1.0"
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("kzfacts", __version__)
    assert [(r["id"], r["defaultConfiguration"]["level"]) for r in driver["rules"]] == [
        ("quote-altered", "error"),
        ("quote-moved", "note"),
        ("source-changed", "warning"),
    ]
    results = {(r["ruleId"], r["properties"]["fact"]): r for r in sarif_run["results"]}
    assert sorted(results) == [
        ("quote-altered", "zhovtis-sentence-length-2009"),
        ("quote-altered", "zhovtis-status-2009"),
        ("quote-moved", "eu-us-osce-statements-2009-date"),
        ("quote-moved", "yesergepov-status-2009"),
        ("source-changed", None),
    ]
    altered = results[("quote-altered", "zhovtis-sentence-length-2009")]
    assert altered["level"] == "error"
    assert altered["ruleIndex"] == 0
    assert altered["message"]["text"] == (
        "zhovtis-sentence-length-2009: the quote differs from the source in protected words: "
        "'four' → source 'three' (number)"
    )
    assert altered["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {
                    "uri": "seeds/000_62835f79900889c0.txt",
                    "uriBaseId": "SRCROOT",
                },
                "region": {"startLine": 9, "startColumn": 541, "endLine": 9, "endColumn": 645},
            }
        }
    ]
    assert altered["properties"]["source"] == "hrw-2009-stalled-reforms"
    assert results[("quote-moved", "yesergepov-status-2009")]["level"] == "note"
    assert results[("source-changed", None)]["level"] == "warning"
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    assert sarif_run["properties"]["summary"]["errors"] == 2


def test_clean_audit_is_valid_sarif(run: Run, seeded: Path) -> None:
    result = run("audit", "--format", "sarif")
    assert result.exit_code == 0
    log = valid(json.loads(result.stdout))
    (sarif_run,) = log["runs"]
    assert sarif_run["results"] == []
    assert sarif_run["tool"]["driver"]["rules"] == []
    assert sarif_run["properties"]["summary"]["facts_checked"] == 173


def test_findings_without_location_are_valid_and_levels_map() -> None:
    findings = [
        Finding(
            Code.DUPLICATE_ENTITY,
            "entities 'a' and 'b' are probably the same",
            detail={"entities": ["b", "a"]},
        ),
        Finding(
            Code.QUOTE_MOVED,
            "moved",
            "f1",
            "s1",
            location=Location("my sources/a#1.txt", 3, 4),
        ),
        Finding(
            Code.VALUE_UNSUPPORTED,
            "the quote says 4 years",
            "f2",
            "s1",
            location=Location("docs/ü.txt", 1, 1, 2, 1),
        ),
    ]
    log = valid(json.loads(render_sarif(findings, {"errors": 1})))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["duplicate-entity", "quote-moved", "value-unsupported"]
    assert rules[2]["shortDescription"]["text"] == "The fact's value is not what its quote states."
    duplicate, moved, unsupported = log["runs"][0]["results"]
    assert "locations" not in duplicate
    assert duplicate["level"] == "warning"
    assert duplicate["message"]["text"] == "entities 'a' and 'b' are probably the same"
    assert list(duplicate["partialFingerprints"]) == ["kzfactsFinding/v2"]
    assert duplicate["properties"] == {
        "fact": None,
        "source": None,
        "detail": {"entities": ["b", "a"]},
    }
    assert moved["level"] == "note"
    assert moved["ruleIndex"] == 1
    location = moved["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "my%20sources/a%231.txt"
    assert location["region"] == {"startLine": 3, "startColumn": 4}
    region = unsupported["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "docs/%C3%BC.txt"
    assert region["region"] == {"startLine": 1, "startColumn": 1, "endLine": 2, "endColumn": 1}
    assert (unsupported["level"], unsupported["ruleIndex"]) == ("error", 2)


def test_a_code_without_a_description_falls_back_to_its_words() -> None:
    assert _description("quote-not-found") == "The quote is not in its source."
    assert _description("some-future-code") == "Some future code."
