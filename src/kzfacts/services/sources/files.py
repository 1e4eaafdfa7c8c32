"""Source files as kzfacts reads them: their text, where a stored path may lead, ids, and the
sources root. Imports no database layer, so that `fact add` on an SQLite file starts fast and an
audit that finds nothing changed reads and hashes the sources without loading it;
`services/sources/registry.py` registers and lists sources over the ORM."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from kzfacts.services.errors import Refused
from kzfacts.services.sources.extract import Extracted, extract, is_extracted

MAX_SOURCE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    text: str
    sha256: str
    length: int
    extracted: Extracted | None = None  # what a PDF or web page says about itself


def read_source_text(path: Path, *, label: str | None = None) -> SourceText:
    """The text of a source file, refusing what cannot be a source (missing, empty, binary, not
    UTF-8); of a PDF or web page, the text its extractor reads (`kzfacts.services.sources.extract`)."""
    name = label or str(path)
    if not path.exists():
        raise Refused(f"source file {name} does not exist: check the path")
    if not path.is_file():
        raise Refused(f"source {name} is not a regular file: give the path of a text file")
    size = path.stat().st_size
    if size == 0:
        raise Refused(f"source file {name} is empty: a source needs its text")
    if size > MAX_SOURCE_BYTES:
        raise Refused(
            f"source file {name} is {size // (1024 * 1024)} MB, over the "
            f"{MAX_SOURCE_BYTES // (1024 * 1024)} MB limit: split the document"
        )
    data = path.read_bytes()
    if is_extracted(path):
        extracted = extract(path, data, name)
        text = extracted.text
        return SourceText(
            text, hashlib.sha256(text.encode("utf-8")).hexdigest(), len(text), extracted
        )
    if b"\x00" in data:
        raise Refused(f"source file {name} is binary: convert it to UTF-8 text first")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(
            f"source file {name} is not UTF-8 (bad byte at offset {exc.start}): "
            "convert it, e.g. iconv -t UTF-8"
        ) from None
    # A byte-order mark is not text: offsets count from the character after it, while the
    # sha256 is the file's own (what `sha256sum` prints).
    text = text.removeprefix("\ufeff")
    if not text or text.isspace():  # as `not text.strip()`, without copying the text
        raise Refused(f"source file {name} holds only whitespace: a source needs its text")
    return SourceText(text, hashlib.sha256(data).hexdigest(), len(text))


def text_file_sha256(path: Path) -> str | None:
    """The sha256 `read_source_text` records for a text file — its bytes' own — without
    decoding them; None for a PDF or web page (the sha256 of its extracted text) and for a file
    that cannot be read."""
    if is_extracted(path):
        return None
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()  # both release the GIL
    except OSError:
        return None


def confined(
    root: Path, stored_path: str, inside: Path | None = None, folders: dict[str, str] | None = None
) -> Path:
    """The file a stored path names, refused when it leads outside the sources root (a `..`
    path, an absolute one, or a symbolic link to elsewhere): checked each time it is read.
    `inside` is the root resolved and `folders` the folders resolved so far, for a caller that
    checks many paths at once."""
    path = root / stored_path
    # Compared as text (`realpath` gives both in one normal form): no Path made per source.
    resolved, under = _realpath(str(path), folders), str(inside or root.resolve())
    if not resolved.startswith(under.rstrip(os.sep) + os.sep) or resolved == under:
        through = " through a symbolic link" if path.is_symlink() else ""
        raise Refused(
            f"source file {stored_path} leads outside the sources root {root}{through}: "
            "kzfacts reads only files under the root; put the document itself there"
        )
    return path


def _realpath(path: str, folders: dict[str, str] | None) -> str:
    """`os.path.realpath(path)`; with `folders`, its folder is resolved once for all the files
    in it (kept there), and the file's own name only when it is a symbolic link."""
    folder, name = os.path.split(path)
    if folders is None or name in ("", ".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder)
    return os.path.join(real, name)


def check_id(kind: str, value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,119}", value):
        raise Refused(
            f"{kind} id {value!r} is not a valid id: use letters, digits, '-', '_', '.', ':' "
            "(at most 120 characters, starting with a letter or digit)"
        )
    return value


def default_root(db_path: Path | None) -> Path:
    """The folder source paths are relative to: the database's folder, else the working one."""
    env = os.environ.get("KZFACTS_ROOT")
    if env:
        return Path(env).resolve()
    return db_path.parent if db_path is not None else Path.cwd()
