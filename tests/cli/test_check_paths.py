"""`kzfacts check` names its drafts in SARIF and annotations as a repository does: relative to
the root of the repository that holds the working folder (outside any, to the working folder),
normalised; a draft outside it by its absolute path (run from a subfolder, as a CI step with a
`working-directory` runs)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kzfacts.checks.findings import Code, Finding, Location
from kzfacts.formats.sarif import fingerprints
from tests.conftest import Run
from tests.formats.test_code_scanning import github_problems
from tests.formats.test_sarif import valid

DRAFT = "Zhovtis got five years [@zhovtis-sentence-length-2009].\n"
REGION = "line=1,col=13,endLine=1,endColumn=23"


@pytest.fixture
def project(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder `project/`, with `drafts/q.md` in it and `elsewhere/q.md` beside it."""
    for folder in ("project/drafts", "elsewhere"):
        (seeded / folder).mkdir(parents=True)
        (seeded / folder / "q.md").write_text(DRAFT, encoding="utf-8")
    monkeypatch.chdir(seeded / "project")
    return seeded / "project"


@pytest.mark.parametrize(
    "given", ["drafts/q.md", "./drafts/q.md", "drafts/../drafts/q.md", "../project/drafts/q.md"]
)
def test_a_draft_under_the_working_folder_is_named_relative_to_it(
    run: Run, project: Path, given: str
) -> None:
    sarif = run("check", given, "--format", "sarif")
    assert sarif.exit_code == 1
    log = valid(json.loads(sarif.stdout))
    assert github_problems(log) == []
    (result,) = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "drafts/q.md",
        "uriBaseId": "SRCROOT",
    }
    github = run("check", given, "--format", "github")
    assert github.stdout.splitlines()[0].startswith(
        f"::error file=drafts/q.md,{REGION},title=claim-mismatch::"
    )
    text = run("check", given)  # the report names the draft as it was given
    assert text.stdout.splitlines()[0] == Path(given).as_posix()


def test_a_draft_outside_the_working_folder_is_named_by_its_absolute_path(
    run: Run, project: Path
) -> None:
    """A file URI with no base in SARIF; for the runner, the absolute path, which it makes
    relative when the file is in the checkout and shows as it is when not."""
    outside = (project.parent / "elsewhere" / "q.md").resolve()
    sarif = run("check", "../elsewhere/q.md", "--format", "sarif")
    assert sarif.exit_code == 1
    log = valid(json.loads(sarif.stdout))
    (result,) = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": outside.as_uri()
    }
    assert github_problems(log) == [
        f"claim-mismatch {result['message']['text'][:40]!r}: absolute uri {outside.as_uri()}",
        f"claim-mismatch {result['message']['text'][:40]!r}: uri without a base",
    ]
    github = run("check", "../elsewhere/q.md", "--format", "github")
    escaped = str(outside).replace(":", "%3A").replace(",", "%2C")
    assert github.stdout.splitlines()[0].startswith(
        f"::error file={escaped},{REGION},title=claim-mismatch::"
    )


def test_one_draft_named_two_ways_keeps_its_fingerprint() -> None:
    def unsourced(path: str) -> Finding:
        place = Location(path, 3, 1)
        return Finding(
            Code.UNSOURCED_CLAIM, "m", detail={"sentence": "Four years."}, location=place
        )

    base = Path(os.sep) / "work"
    named = fingerprints([unsourced("drafts/q.md")], base)
    assert fingerprints([unsourced("drafts/../drafts/q.md")], base) == named
    assert fingerprints([unsourced(f"{os.sep}work{os.sep}drafts{os.sep}q.md")], base) == named
    assert fingerprints([unsourced("../drafts/q.md")], base) != named


def _places(run: Run, *given: str) -> tuple[list[str], list[dict[str, str]], str]:
    """The `file=` values of `check --format github`, the SARIF artifact locations and their
    SRCROOT, for the drafts `given`."""
    github = run("check", *given, "--format", "github")
    assert github.exit_code == 1
    files = [line.split("file=")[1].split(",")[0] for line in github.stdout.splitlines()[:-1]]
    log = valid(json.loads(run("check", *given, "--format", "sarif").stdout))
    (sarif_run,) = log["runs"]
    located = [
        r["locations"][0]["physicalLocation"]["artifactLocation"] for r in sarif_run["results"]
    ]
    return files, located, sarif_run["originalUriBaseIds"]["SRCROOT"]["uri"]


@pytest.mark.parametrize("kind", ["folder", "file"])
def test_in_a_repository_drafts_are_named_from_its_root(
    run: Run, project: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """Run from `project/drafts` in a repository whose root is `project/` (a `.git` folder, or
    the `.git` file of a linked worktree or submodule; the nearest, inside another one):
    GitHub reads paths from the root, so `q.md` is `drafts/q.md` and SRCROOT the root; a draft
    outside the repository keeps its absolute path. The text report names the draft as it was
    given."""
    (project.parent / ".git").mkdir()
    if kind == "folder":
        (project / ".git").mkdir()
    else:
        (project / ".git").write_text("gitdir: /elsewhere/.git/worktrees/project\n", "utf-8")
    monkeypatch.chdir(project / "drafts")
    outside = (project.parent / "elsewhere" / "q.md").resolve()
    files, located, root = _places(run, "q.md", "../../elsewhere/q.md")
    escaped = str(outside).replace(":", "%3A").replace(",", "%2C")
    assert files == ["drafts/q.md", escaped]
    assert located == [{"uri": "drafts/q.md", "uriBaseId": "SRCROOT"}, {"uri": outside.as_uri()}]
    assert root == project.resolve().as_uri() + "/"
    assert run("check", "q.md").stdout.splitlines()[0] == "q.md"


def test_a_repository_root_above_the_working_folder_names_the_drafts_beside_it(
    run: Run, project: Path
) -> None:
    """Run from `project/` in a repository whose root is the folder above it: a draft beside
    `project/` is in the repository too."""
    (project.parent / ".git").mkdir()
    files, located, root = _places(run, "drafts/q.md", "../elsewhere/q.md")
    assert files == ["project/drafts/q.md", "elsewhere/q.md"]
    assert [place["uri"] for place in located] == ["project/drafts/q.md", "elsewhere/q.md"]
    assert root == project.parent.resolve().as_uri() + "/"


def test_outside_any_repository_drafts_are_named_from_the_working_folder(
    run: Run, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "drafts")
    files, located, root = _places(run, "q.md")
    assert files == ["q.md"]
    assert located == [{"uri": "q.md", "uriBaseId": "SRCROOT"}]
    assert root == (project / "drafts").resolve().as_uri() + "/"
