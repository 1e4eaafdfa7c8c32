"""What GitHub code scanning requires of an uploaded SARIF file, on real audits and checks.

GitHub's documented requirements ("SARIF support for code scanning" and "SARIF results exceed
limits"): at most 20 runs per file, 25,000 results and 25,000 rules per run, 1,000 locations
per result and 20 tags per rule; every result needs a location (a result without one fails
the whole upload); file paths relative to the repository; and fingerprints that tell one
alert from another, so that alerts are neither merged nor duplicated between runs.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from kzfacts.checks.findings import Code, Finding, Location
from kzfacts.formats.github import render_github
from kzfacts.formats.sarif import fingerprints, project_url, render_sarif
from tests.conftest import Run
from tests.formats.test_sarif import valid

GITHUB_LIMITS = {"runs": 20, "results": 25_000, "rules": 25_000, "locations": 1_000, "tags": 20}


def github_problems(log: dict[str, Any]) -> list[str]:
    """Everything GitHub would refuse or mishandle in this log, as readable lines."""
    problems: list[str] = []
    runs = log["runs"]
    if len(runs) > GITHUB_LIMITS["runs"]:
        problems.append(f"{len(runs)} runs")
    for run in runs:
        rules = run["tool"]["driver"]["rules"]
        if len(run["results"]) > GITHUB_LIMITS["results"]:
            problems.append(f"{len(run['results'])} results")
        if len(rules) > GITHUB_LIMITS["rules"]:
            problems.append(f"{len(rules)} rules")
        for rule in rules:
            if len(rule.get("properties", {}).get("tags", [])) > GITHUB_LIMITS["tags"]:
                problems.append(f"rule {rule['id']}: too many tags")
            for key in ("shortDescription", "fullDescription", "help", "helpUri"):
                if key not in rule:
                    problems.append(f"rule {rule['id']}: no {key}")
        if not run.get("automationDetails", {}).get("id"):
            problems.append("run without automationDetails.id")
        seen: set[tuple[str, str]] = set()
        for result in run["results"]:
            name = f"{result['ruleId']} {result['message']['text'][:40]!r}"
            places = result.get("locations", [])
            if not places or "physicalLocation" not in places[0]:
                problems.append(f"{name}: no physical location")
            if len(places) + len(result.get("relatedLocations", [])) > GITHUB_LIMITS["locations"]:
                problems.append(f"{name}: too many locations")
            for place in places + result.get("relatedLocations", []):
                uri = place["physicalLocation"]["artifactLocation"]["uri"]
                if uri.startswith(("/", "file:")) or "://" in uri:
                    problems.append(f"{name}: absolute uri {uri}")
                if place["physicalLocation"]["artifactLocation"].get("uriBaseId") is None:
                    problems.append(f"{name}: uri without a base")
                elif place["physicalLocation"]["artifactLocation"]["uriBaseId"] not in run.get(
                    "originalUriBaseIds", {}
                ):
                    problems.append(f"{name}: undeclared uri base")
            for key, value in result.get("partialFingerprints", {}).items():
                if (key, value) in seen:
                    problems.append(f"{name}: fingerprint shared with another result")
                seen.add((key, value))
            if not result.get("partialFingerprints"):
                problems.append(f"{name}: no fingerprint")
    return problems


def test_the_limit_check_catches_what_github_refuses() -> None:
    """The check is live: a result without a location, twins and absolute paths are caught."""
    log = json.loads(
        render_sarif(
            [
                Finding(Code.UNSOURCED, "no source", "f1"),
                Finding(Code.QUOTE_MOVED, "moved", "f2", location=Location("/abs/a.txt", 1, 1)),
            ],
            {},
        )
    )
    log["runs"][0]["results"].append(log["runs"][0]["results"][1])
    assert github_problems(log) == [
        "unsourced 'f1: no source': no physical location",
        "quote-moved 'f2: moved': absolute uri file:///abs/a.txt",
        "quote-moved 'f2: moved': uri without a base",
        "quote-moved 'f2: moved': absolute uri file:///abs/a.txt",
        "quote-moved 'f2: moved': uri without a base",
        "quote-moved 'f2: moved': fingerprint shared with another result",
    ]


SOURCES = """\
[[source]]
id = "letter-a"
path = "letter-a.txt"
published = "2009-11-18"

[[source]]
id = "letter-b"
path = "letter-b.txt"
published = "2009-11-18"

[[source]]
id = "letter-gone"
path = "letter-gone.txt"
published = "2009-11-18"
"""
ENTITIES = """\
- id: evgeniy-zhovtis
  name: Evgeniy Zhovtis
  kind: person
- id: yevgeniy-zhovtis
  name: Yevgeniy Zhovtis
  kind: person
"""
FACTS = """\
- id: zhovtis-four
  source: letter-a
  subject: Evgeniy Zhovtis
  entity: evgeniy-zhovtis
  predicate: sentence_length
  value: 4 years
  quote: was sentenced to four years' imprisonment in a colony
- id: zhovtis-five
  source: letter-b
  subject: Evgeniy Zhovtis
  entity: evgeniy-zhovtis
  predicate: sentence_length
  value: 5 years
  quote: was sentenced to five years' imprisonment in a colony
- id: gone-fact
  source: letter-gone
  subject: Evgeniy Zhovtis
  entity: evgeniy-zhovtis
  predicate: sentence_date
  value: 2009-09
  quote: He was sentenced in September 2009 after a trial
"""


@pytest.fixture
def corpus(tmp_path: Path, run: Run) -> Path:
    """Two letters that disagree, a probable duplicate entity, and two sources that vanish:
    one listed in sources.toml, one added by hand."""
    folder = tmp_path / "corpus"
    (folder / "entities").mkdir(parents=True)
    (folder / "facts").mkdir()
    (folder / "sources.toml").write_text(SOURCES, encoding="utf-8")
    (folder / "entities" / "people.yaml").write_text(ENTITIES, encoding="utf-8")
    (folder / "facts" / "facts.yaml").write_text(FACTS, encoding="utf-8")
    for name, words in (("letter-a", "four"), ("letter-b", "five")):
        (folder / f"{name}.txt").write_text(
            f"Human rights defender Evgeniy Zhovtis\nwas sentenced to {words} years' "
            "imprisonment in a colony for a road accident.\n",
            encoding="utf-8",
        )
    (folder / "letter-gone.txt").write_text(
        "In Almaty. He was sentenced in September 2009 after a trial that fell short.\n",
        encoding="utf-8",
    )
    (tmp_path / "extra.txt").write_text("A note added by hand, with a few words.\n", "utf-8")
    assert run("init").exit_code == 0
    loaded = run("load", str(folder))
    assert loaded.exit_code == 0, loaded.output
    added = run("source", "add", str(tmp_path / "extra.txt"), "--id", "extra")
    assert added.exit_code == 0, added.output
    (folder / "letter-gone.txt").unlink()
    (tmp_path / "extra.txt").unlink()
    return tmp_path


def _results(log: dict[str, Any]) -> dict[tuple[str, str | None], dict[str, Any]]:
    return {
        (r["ruleId"], r["properties"]["fact"] or r["properties"]["source"]): r
        for r in log["runs"][0]["results"]
    }


def _place(result: dict[str, Any]) -> tuple[str, int]:
    physical = result["locations"][0]["physicalLocation"]
    return physical["artifactLocation"]["uri"], physical["region"]["startLine"]


def test_every_audit_result_has_a_place_github_accepts(run: Run, corpus: Path) -> None:
    result = run("audit", "--format", "sarif")
    assert result.exit_code == 1
    log = valid(json.loads(result.stdout))
    assert github_problems(log) == []
    (sarif_run,) = log["runs"]
    assert sarif_run["automationDetails"] == {"id": "kzfacts/audit/"}
    assert sarif_run["originalUriBaseIds"]["SRCROOT"]["uri"] == corpus.resolve().as_uri() + "/"
    results = _results(log)
    assert sorted(results) == [
        ("contradiction", "zhovtis-five"),
        ("duplicate-entity", None),
        ("source-missing", "extra"),
        ("source-missing", "gone-fact"),
        ("source-missing", "letter-gone"),
    ]
    contradiction = results[("contradiction", "zhovtis-five")]
    assert _place(contradiction) == ("corpus/letter-b.txt", 2)
    assert contradiction["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 54,
    }  # fmt: skip
    assert contradiction["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {
                "artifactLocation": {"uri": "corpus/letter-a.txt", "uriBaseId": "SRCROOT"},
                "region": {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 54},
            },
            "message": {"text": "zhovtis-four: 4 years (letter-a)"},
        }
    ]
    # The entities file line that defines the first of the two entities.
    assert _place(results[("duplicate-entity", None)]) == ("corpus/entities/people.yaml", 1)
    # A source listed in sources.toml: its entry; one added by hand: its registered path.
    assert _place(results[("source-missing", "letter-gone")]) == ("corpus/sources.toml", 12)
    assert _place(results[("source-missing", "gone-fact")]) == ("corpus/sources.toml", 12)
    assert _place(results[("source-missing", "extra")]) == ("extra.txt", 1)


def test_fingerprints_survive_runs_and_moved_lines(run: Run, corpus: Path) -> None:
    first = _results(json.loads(run("audit", "--format", "sarif").stdout))
    letter = corpus / "corpus" / "letter-b.txt"
    letter.write_text("A new first line.\n\n" + letter.read_text("utf-8"), encoding="utf-8")
    again = _results(json.loads(run("audit", "--full", "--format", "sarif").stdout))
    moved = again[("contradiction", "zhovtis-five")]
    assert _place(moved) == ("corpus/letter-b.txt", 4)
    assert {k: r["partialFingerprints"] for k, r in again.items() if k in first} == {
        k: r["partialFingerprints"] for k, r in first.items()
    }


def test_rules_carry_help_and_a_link_to_their_readme_row(run: Run, corpus: Path) -> None:
    log = json.loads(run("audit", "--format", "sarif").stdout)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    rule = rules["duplicate-entity"]
    assert rule["helpUri"].endswith("README.md#duplicate-entity")
    assert rule["fullDescription"]["text"] == (
        "Two entities are probably the same person or thing. Merge the two with "
        "`kzfacts entity merge`, or declare them different with `kzfacts entity distinct`."
    )
    assert rule["help"]["markdown"].startswith("**`duplicate-entity`** (warning): ")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for code in Code:
        assert f'<a id="{code.value}"></a>' in readme, code


def test_the_project_urls_have_one_home_in_pyproject(run: Run, corpus: Path) -> None:
    """SARIF's links and the README's remote pre-commit `repo` are pyproject's [project.urls],
    read from the installed metadata (a stale install is caught here too)."""
    project = Path(__file__).resolve().parents[2]
    with (project / "pyproject.toml").open("rb") as file:
        urls = tomllib.load(file)["project"]["urls"]
    assert {label: project_url(label) for label in urls} == urls
    assert set(urls) == {"Homepage", "Documentation", "Repository"}
    assert urls["Documentation"] == f"{urls['Repository']}/blob/main/README.md"
    driver = json.loads(run("audit", "--format", "sarif").stdout)["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == urls["Homepage"]
    assert {r["id"]: r["helpUri"] for r in driver["rules"]} == {
        r["id"]: f"{urls['Documentation']}#{r['id']}" for r in driver["rules"]
    }
    readme = (project / "README.md").read_text(encoding="utf-8")
    remote = re.findall(r"^  - repo: (\S+)$", readme, re.M)
    assert [r for r in remote if r != "local"] == [urls["Repository"]]


DRAFT = """\
# Notes

Zhovtis spent four years in a colony.

Zhovtis spent four years in a colony.

He was released in 2012 after three years.
"""


def test_check_run_fingerprints_each_unsourced_claim_apart(
    run: Run, seeded: Path, tmp_path: Path
) -> None:
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "drafts" / "b.md").write_text(DRAFT, encoding="utf-8")
    absolute = str(tmp_path / "drafts" / "b.md")
    result = run("check", "drafts/a.md", absolute, "--format", "sarif")
    assert result.exit_code == 1
    log = valid(json.loads(result.stdout))
    assert github_problems(log) == []
    (sarif_run,) = log["runs"]
    assert sarif_run["automationDetails"] == {"id": "kzfacts/check/"}
    assert sarif_run["originalUriBaseIds"]["SRCROOT"]["uri"] == Path.cwd().as_uri() + "/"
    places = [(_place(r), r["ruleId"]) for r in sarif_run["results"]]
    assert places == [
        (("drafts/a.md", 3), "unsourced-claim"),
        (("drafts/a.md", 5), "unsourced-claim"),
        (("drafts/a.md", 7), "unsourced-claim"),
        (("drafts/b.md", 3), "unsourced-claim"),
        (("drafts/b.md", 5), "unsourced-claim"),
        (("drafts/b.md", 7), "unsourced-claim"),
    ]
    prints = [r["partialFingerprints"]["kzfactsFinding/v2"] for r in sarif_run["results"]]
    assert len(set(prints)) == 6
    # The same sentence twice in one file: the same problem, told apart by its order.
    assert prints[0].split(":")[0] == prints[1].split(":")[0]
    assert (prints[0].split(":")[1], prints[1].split(":")[1]) == ("1", "2")


def test_fingerprint_ignores_position_and_wording_but_not_file_or_claim() -> None:
    def unsourced(path: str, line: int, sentence: str, message: str = "m") -> Finding:
        return Finding(
            Code.UNSOURCED_CLAIM,
            message,
            detail={"sentence": sentence},
            location=Location(path, line, 1),
        )

    base = fingerprints([unsourced("a.md", 3, "He served four years.")])
    assert fingerprints([unsourced("a.md", 9, "He  served FOUR years.", "other")]) == base
    assert fingerprints([unsourced("b.md", 3, "He served four years.")]) != base
    assert fingerprints([unsourced("a.md", 3, "He served five years.")]) != base


def test_sarif_of_25000_findings_stays_within_github_limits() -> None:
    findings = [
        Finding(Code.QUOTE_MOVED, "moved", f"f{i}", "s", location=Location("a.txt", i + 1, 1))
        for i in range(GITHUB_LIMITS["results"])
    ]
    log = json.loads(render_sarif(findings, {}, base=Path(os.sep)))
    assert github_problems(log) == []


# A quote's place in a PDF or a web page counts in the text kzfacts extracted: it is no line of
# the file, so code scanning gets the file alone; a text source keeps its region.


@pytest.mark.parametrize(
    ("path", "region"),
    [
        ("seeds/statement.html", None),
        ("seeds/appeal-2012.PDF", None),
        (
            "seeds/001_a1ab934a03b6f5dc.txt",
            {"startLine": 14, "startColumn": 3, "endLine": 14, "endColumn": 80},
        ),
    ],
)
def test_a_place_in_extracted_text_is_on_the_file_as_a_whole(
    path: str, region: dict[str, int] | None
) -> None:
    where = Location(path, 14, 3, 14, 80)
    finding = Finding(Code.QUOTE_INEXACT, "differs in spelling", "f1", "s1", location=where)
    log = json.loads(render_sarif([finding], {}))
    physical = valid(log)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert physical.get("region") == region
    assert physical["artifactLocation"]["uri"] == path
    place = f"file={path},line=14,col=3,endLine=14,endColumn=80" if region else f"file={path}"
    assert render_github([finding], {}).splitlines()[0] == (
        f"::warning {place},title=quote-inexact::f1: differs in spelling"
    )
