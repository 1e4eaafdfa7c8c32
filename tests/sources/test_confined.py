"""Confinement of many stored paths at once (`confined` with the folders resolved so far): the
same file, or the same refusal, as resolving each path whole."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kzfacts.services.errors import Refused
from kzfacts.services.sources.files import confined
from tests.conftest import seed_text


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A sources root holding a seed text, links to it from inside and outside the root, a
    linked folder inside, and a link to a folder outside."""
    inside, outside = tmp_path / "root", tmp_path / "outside"
    (inside / "texts").mkdir(parents=True)
    outside.mkdir()
    (inside / "texts" / "appeal.txt").write_text(seed_text("001"), encoding="utf-8")
    (outside / "appeal.txt").write_text(seed_text("001"), encoding="utf-8")
    (inside / "texts" / "linked.txt").symlink_to(inside / "texts" / "appeal.txt")
    (inside / "texts" / "escape.txt").symlink_to(outside / "appeal.txt")
    (inside / "mirror").symlink_to(inside / "texts")
    (inside / "away").symlink_to(outside)
    return inside


STORED = [
    "texts/appeal.txt",
    "texts/linked.txt",  # a link to a file inside: allowed
    "texts/escape.txt",  # a link to a file outside: refused
    "mirror/appeal.txt",  # through a linked folder inside: allowed
    "mirror/escape.txt",
    "away/appeal.txt",  # through a linked folder outside: refused
    "texts/../texts/appeal.txt",
    "texts/../../outside/appeal.txt",
    "texts/missing.txt",  # confined, though not there (reading it is refused later)
    "texts/.",  # a folder under the root: confined (and refused when read)
    "texts/..",  # the root itself
    "texts/",
    "/etc/hostname",
]


def outcome(root: Path, stored: str, folders: dict[str, str] | None) -> str:
    try:
        return str(confined(root, stored, root.resolve(), folders))
    except Refused as refused:
        return f"refused: {refused}"


def test_many_paths_resolve_as_each_path_whole(root: Path) -> None:
    folders: dict[str, str] = {}
    alone = [outcome(root, stored, None) for stored in STORED]
    together = [outcome(root, stored, folders) for stored in STORED]
    assert together == alone
    assert [o.startswith("refused") for o in alone] == [
        False, False, True, False, True, True, False, True, False, False, True, False, True
    ]  # fmt: skip
    assert alone[2] == (
        f"refused: source file texts/escape.txt leads outside the sources root {root} through a "
        "symbolic link: kzfacts reads only files under the root; put the document itself there"
    )
    # Each folder was resolved once, the linked ones to where they lead.
    assert folders[str(root / "mirror")] == os.path.realpath(root / "texts")
    assert folders[str(root / "away")] == os.path.realpath(root.parent / "outside")
