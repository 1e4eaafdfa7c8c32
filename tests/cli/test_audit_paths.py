"""`kzfacts audit` names its sources in SARIF and annotations from the root of the repository
that holds the working folder, where GitHub reads them from, whatever the sources root; outside
any repository, from the sources root."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import BACKEND, Run
from tests.formats.test_code_scanning import github_problems
from tests.formats.test_sarif import valid


@pytest.fixture
def data(seeded: Path) -> Path:
    """The seed corpus and its database in `repo/data/` (the sources root), one source edited
    since it was loaded (`source-changed`, `quote-inexact`)."""
    folder = seeded / "repo" / "data"
    folder.mkdir(parents=True)
    shutil.move(seeded / "seeds", folder / "seeds")
    if BACKEND == "sqlite":
        shutil.move(seeded / "kzfacts.db", folder / "kzfacts.db")
    letter = next((folder / "seeds").glob("000_*.txt"))
    letter.write_text(letter.read_text("utf-8").replace(" the ", " teh "), encoding="utf-8")
    return folder


def _places(run: Run, data: Path) -> tuple[set[str], set[str], str]:
    """The `file=` values of `audit --format github` run from the working folder, the SARIF
    artifact URIs and their SRCROOT."""
    where = Path(os.path.relpath(data, Path.cwd())).as_posix()
    options = ["--db", f"{where}/kzfacts.db"] if BACKEND == "sqlite" else ["--root", where]
    github = run(*options, "audit", "--format", "github")
    files = {line.split("file=")[1].split(",")[0] for line in github.stdout.splitlines()[:-1]}
    log = valid(json.loads(run(*options, "audit", "--format", "sarif").stdout))
    assert github_problems(log) == []
    (sarif_run,) = log["runs"]
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif_run["results"]
    }
    return files, uris, sarif_run["originalUriBaseIds"]["SRCROOT"]["uri"]


@pytest.mark.parametrize("working", ["repo", "repo/data", "repo/data/seeds"])
def test_in_a_repository_sources_are_named_from_its_root(
    run: Run, data: Path, monkeypatch: pytest.MonkeyPatch, working: str
) -> None:
    """`kzfacts --db data/kzfacts.db audit` run from the repository's root, or from a folder
    below it, names `data/seeds/000_….txt`, not `seeds/000_….txt`."""
    repo = data.parent
    (repo / ".git").mkdir()
    monkeypatch.chdir(repo.parent / working)
    letter = next((data / "seeds").glob("000_*.txt")).name
    assert _places(run, data) == (
        {f"data/seeds/{letter}"},
        {f"data/seeds/{letter}"},
        repo.resolve().as_uri() + "/",
    )


def test_outside_any_repository_sources_are_named_from_the_sources_root(
    run: Run, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(data.parent)
    letter = next((data / "seeds").glob("000_*.txt")).name
    assert _places(run, data) == (
        {f"seeds/{letter}"},
        {f"seeds/{letter}"},
        data.resolve().as_uri() + "/",
    )
