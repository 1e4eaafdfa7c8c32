"""A finding's file as code scanning and workflow annotations name it. Pure.

GitHub resolves a relative path against the repository's root, and makes an absolute one under
its checkout relative to it; `./a.md`, `x/../a.md` or `../a.md` match no file there.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath


def file_reference(path: str, base: Path | None) -> tuple[str, bool]:
    """`path` (relative to `base`, the folder a run's paths start from, or absolute) and
    whether it is relative: relative to `base` when the file is under it, with forward
    slashes and no `.` or `..` segment; else its absolute path, normalised. Without a base,
    a relative path is normalised and stays relative."""
    given = PurePath(path.replace("\\", "/"))
    normal = PurePath(os.path.normpath(given if base is None else base / given))
    if not normal.is_absolute():
        return normal.as_posix(), True
    if base is not None and normal.is_relative_to(base):
        return normal.relative_to(base).as_posix(), True
    return str(normal), False
