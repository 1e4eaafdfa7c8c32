"""A finding's file as code scanning and workflow annotations name it.

GitHub resolves a relative path against the repository's root, and makes an absolute one under
its checkout relative to it; `./a.md`, `x/../a.md` or `../a.md` match no file there. So a run
inside a git work tree names its files from that tree's root, wherever in it kzfacts runs:
`repository_root` finds it by walking up from the working folder (pure paths and a stat per
folder, no git process); the rest is pure.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePath


def file_reference(path: str, base: Path | None, start: Path | None = None) -> tuple[str, bool]:
    """`path` (relative to `start`, the folder a run's paths start from, by default `base`; or
    absolute) and whether it is relative: relative to `base` when the file is under it, with
    forward slashes and no `.` or `..` segment; else its absolute path, normalised. Without a
    base, a relative path is normalised and stays relative."""
    given = PurePath(path.replace("\\", "/"))
    origin = start or base
    normal = PurePath(os.path.normpath(given if origin is None else origin / given))
    if not normal.is_absolute():
        return normal.as_posix(), True
    if base is not None and normal.is_relative_to(base):
        return normal.relative_to(base).as_posix(), True
    return str(normal), False


def _ceilings() -> set[Path]:
    """GIT_CEILING_DIRECTORIES, as git reads it: absolute folders the search does not climb
    into (a test's or a sandbox's fence)."""
    listed = os.environ.get("GIT_CEILING_DIRECTORIES", "").split(os.pathsep)
    return {Path(entry).resolve() for entry in listed if entry and os.path.isabs(entry)}


def repository_root(folder: Path) -> Path | None:
    """The git work tree's root that holds `folder` (absolute): the nearest of it and its
    ancestors with a `.git` folder, or a `.git` file (a linked worktree, a submodule); None
    outside any repository, or when the search reaches a GIT_CEILING_DIRECTORIES folder."""
    ceilings = _ceilings()
    for candidate in (folder, *folder.parents):
        if candidate != folder and candidate in ceilings:
            return None
        if os.path.exists(candidate / ".git"):  # False for a folder it may not read
            return candidate
    return None


@dataclass(frozen=True)
class FileNames:
    """How one run names its files: relative to `base` (SARIF's `SRCROOT`), findings' relative
    paths read from `start` (by default `base`)."""

    base: Path | None = None
    start: Path | None = None

    @classmethod
    def for_code_scanning(cls, start: Path | None) -> FileNames:
        """From the root of the repository that holds the working folder, so that GitHub finds
        the files wherever in it the step ran; outside any repository, from `start` (the
        sources root of an audit, the working folder of a check)."""
        try:
            here = Path.cwd().resolve()
        except OSError:  # a working folder removed under the run
            return cls(start, start)
        return cls(repository_root(here) or start, start)

    def reference(self, path: str) -> tuple[str, bool]:
        return file_reference(path, self.base, self.start)
