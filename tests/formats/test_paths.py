"""The repository root that code scanning names files from: found by a walk up from a folder,
as git finds its work tree, without running git."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kzfacts.formats.paths import repository_root


def test_the_nearest_folder_with_a_git_folder_or_file_is_the_root(tmp_path: Path) -> None:
    below = tmp_path / "outer" / "inner" / "drafts"
    below.mkdir(parents=True)
    assert repository_root(below) is None
    (tmp_path / "outer" / ".git").mkdir()
    assert repository_root(below) == tmp_path / "outer"
    (tmp_path / "outer" / "inner" / ".git").write_text("gitdir: ../.git/modules/inner\n", "utf-8")
    assert repository_root(below) == tmp_path / "outer" / "inner"


def test_the_walk_stops_below_a_ceiling_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIT_CEILING_DIRECTORIES, as git reads it: the walk does not climb into a listed folder,
    but a working folder that is one is searched."""
    below = tmp_path / "repo" / "drafts"
    below.mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    monkeypatch.delenv("GIT_CEILING_DIRECTORIES")
    assert repository_root(below) == tmp_path
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", os.pathsep.join(["relative", str(tmp_path)]))
    assert repository_root(below) is None
    assert repository_root(tmp_path) == tmp_path
