"""Reading and registering source documents."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from kzfacts.ops.errors import Refused
from kzfacts.store.models import Source
from kzfacts.values import ValueParseError, ValueType, parse_value

MAX_SOURCE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    text: str
    sha256: str
    length: int


def read_source_text(path: Path, *, label: str | None = None) -> SourceText:
    """The text of a source file, refusing what cannot be a source (missing, empty, binary, not UTF-8)."""
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
    if b"\x00" in data:
        raise Refused(f"source file {name} is binary: convert it to UTF-8 text first")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(
            f"source file {name} is not UTF-8 (bad byte at offset {exc.start}): "
            "convert it, e.g. iconv -t UTF-8"
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise Refused(f"source file {name} holds only whitespace: a source needs its text")
    return SourceText(text, hashlib.sha256(text.encode("utf-8")).hexdigest(), len(text))


def relative_to_root(path: Path, root: Path) -> str:
    """The stored path: relative to the sources root, so the database travels with its folder."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(root.resolve()).as_posix()
    except ValueError:
        raise Refused(
            f"source file {path} is outside the sources root {root}: "
            "move it under the root or pass --root"
        ) from None


def source_file(source: Source, root: Path) -> Path:
    return root / source.path


def check_id(kind: str, value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,119}", value):
        raise Refused(
            f"{kind} id {value!r} is not a valid id: use letters, digits, '-', '_', '.', ':' "
            "(at most 120 characters, starting with a letter or digit)"
        )
    return value


def build_source(
    session: Session,
    path: Path,
    root: Path,
    *,
    source_id: str,
    title: str | None = None,
    publisher: str | None = None,
    published: date | None = None,
    precision: str | None = None,
    url: str | None = None,
    covers: str | None = None,
) -> Source:
    """A new Source row for `path` (not yet added to the session)."""
    check_id("source", source_id)
    if session.get(Source, source_id) is not None:
        raise Refused(f"source id {source_id!r} is already registered: choose another --id")
    stored_path = relative_to_root(path, root)
    text = read_source_text(path)
    return Source(
        id=source_id,
        path=stored_path,
        title=title,
        publisher=publisher,
        published=published,
        published_precision=precision or ("day" if published else None),
        url=url,
        covers=parse_covers(covers) if covers else None,
        sha256=text.sha256,
        length=text.length,
    )


def list_sources(session: Session) -> list[Source]:
    return list(session.exec(select(Source).order_by(Source.id)))


def default_root(db_path: Path | None) -> Path:
    """The folder source paths are relative to: the database's folder, else the working one."""
    env = os.environ.get("KZFACTS_ROOT")
    if env:
        return Path(env).resolve()
    return db_path.parent if db_path is not None else Path.cwd()


def parse_published(text: str) -> tuple[date, str]:
    """A publication date and its precision: YYYY-MM-DD (day), YYYY-MM (month) or YYYY (year)."""
    parts = text.strip().split("-")
    try:
        if len(parts) == 1:
            published, precision = date(int(parts[0]), 1, 1), "year"
        elif len(parts) == 2:
            published, precision = date(int(parts[0]), int(parts[1]), 1), "month"
        else:
            published, precision = date.fromisoformat(text.strip()), "day"
    except ValueError:
        raise Refused(
            f"publication date {text!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"
        ) from None
    if published > date.today():
        raise Refused(f"publication date {text!r} is in the future: give the date it was published")
    return published, precision


def parse_covers(text: str) -> str:
    """The period a source reports on, as written, once it reads as one date or range."""
    try:
        parse_value(text, ValueType.DATE)
    except ValueParseError:
        raise Refused(
            f"covers {text!r} is not a period: write a year (2012), a month (2012-05) or a "
            "range (2011 to 2012)"
        ) from None
    return text.strip()
