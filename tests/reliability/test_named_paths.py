"""A file or folder given to a command that names nothing, or not the kind the command takes,
is a usage error in every command: one line and exit 2, as click reports a path argument that
does not exist and as `check` does; what a file holds is refused with 1. The database is left
as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run
from tests.reliability.reliability_helpers import LETTER_2009, assert_refused, snapshot

NO_SOURCES = "give the folder holding sources.toml"
NO_IGNORED = "ignored-mentions file nowhere.yaml does not exist: check the path"


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["fact", "import", "nowhere.jsonl"], "file nowhere.jsonl does not exist: check the path"),
        (["fact", "import", "seeds"], "seeds is a folder: give a records file (.jsonl, .yaml, .yml, .csv)"),
        (["load", "nowhere"], f"folder nowhere does not exist: {NO_SOURCES}"),
        (["load", "seeds/sources.toml"], f"seeds/sources.toml is not a folder: {NO_SOURCES}"),
        (["audit", "--fresh", "nowhere"], f"folder nowhere does not exist: {NO_SOURCES}"),
        (["restore", "nowhere.jsonl"], "dump file nowhere.jsonl does not exist: check the path"),
        (["restore", "seeds"], "dump file seeds is not a file: give a file written by `kzfacts dump`"),
        (["source", "add", "nowhere.txt", "--id", "x"], "source file nowhere.txt does not exist: check the path"),
        (["source", "add", "seeds", "--id", "x"], "source seeds is not a regular file: give the path of a text file"),
        (["source", "coverage", "--ignore", "nowhere.yaml"], NO_IGNORED),
        (["suggest", LETTER_2009, "--ignore", "nowhere.yaml"], NO_IGNORED),
        (["dump", "--output", "nowhere/all.jsonl"], "folder nowhere does not exist: create it or choose another --output"),
        (["check", "nowhere.md"], "no such draft file: nowhere.md"),
    ],
)  # fmt: skip
def test_a_path_that_names_nothing_of_its_kind_is_a_usage_error(
    run: Run, seeded: Path, command: list[str], message: str
) -> None:
    before = snapshot()
    assert_refused(run(*command), 2, message)
    assert snapshot() == before


def _nothing_to_load(folder: str) -> str:
    return (
        f"folder {folder} holds no sources.toml, entities/*.yaml or facts/*.(yaml|jsonl|csv): "
        f"{NO_SOURCES}"
    )


@pytest.mark.parametrize(
    "layout",
    [
        {},  # an empty folder
        {"drafts/q.md": "Zhovtis was sentenced to four years."},  # drafts, not facts
        {"facts/f.json": "[]", "entities/people.txt": "A One"},  # files load does not read
        {"notes.toml": ""},
    ],
)
@pytest.mark.parametrize("command", [["load"], ["audit", "--fresh"]])
def test_a_folder_holding_nothing_load_reads_is_a_usage_error(
    run: Run, seeded: Path, command: list[str], layout: dict[str, str]
) -> None:
    """A CI step or hook given the wrong folder must not load nothing and pass."""
    (seeded / "adir").mkdir()
    for name, text in layout.items():
        (seeded / "adir" / name).parent.mkdir(parents=True, exist_ok=True)
        (seeded / "adir" / name).write_text(text, encoding="utf-8")
    before = snapshot()
    assert_refused(run(*command, "adir"), 2, _nothing_to_load("adir"))
    assert snapshot() == before


@pytest.mark.parametrize(
    ("layout", "loaded"),
    [
        ({"sources.toml": ""}, "0 sources, 0 entities, 0 aliases, 0 facts"),
        ({"entities.yaml": "- {id: a-one, name: A One}\n"}, "0 sources, 1 entities, 0 aliases, 0 facts"),
        ({"entities/people.yml": "- {id: a-one, name: A One}\n"}, "0 sources, 1 entities, 0 aliases, 0 facts"),
        ({"facts.jsonl": ""}, "0 sources, 0 entities, 0 aliases, 0 facts"),
        ({"facts/f.csv": ""}, "0 sources, 0 entities, 0 aliases, 0 facts"),
    ],
)  # fmt: skip
def test_a_folder_holding_any_file_load_reads_loads(
    run: Run, tmp_path: Path, layout: dict[str, str], loaded: str
) -> None:
    """sources.toml, an entities file or a facts file: any one makes a folder `load` takes."""
    assert run("init").exit_code == 0
    for name, text in layout.items():
        (tmp_path / "more" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "more" / name).write_text(text, encoding="utf-8")
    result = run("load", "more")
    assert (result.exit_code, result.stdout) == (
        0,
        f"loaded more: {loaded} added (0 already present)\n",
    )
