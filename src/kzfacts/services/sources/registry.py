"""Reading and registering source documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlmodel import Session, col, func, select

from kzfacts.services.errors import BadPath, Refused
from kzfacts.services.facts.history import Removal, remove_facts
from kzfacts.services.sources.extract import Extracted
from kzfacts.services.sources.files import MAX_SOURCE_BYTES as MAX_SOURCE_BYTES
from kzfacts.services.sources.files import SourceText as SourceText
from kzfacts.services.sources.files import check_id as check_id
from kzfacts.services.sources.files import confined as confined
from kzfacts.services.sources.files import default_root as default_root
from kzfacts.services.sources.files import read_source_text as read_source_text
from kzfacts.services.sources.snapshots import snapshot_text, store_snapshot
from kzfacts.store.models import Fact, Source, SourceVersion
from kzfacts.values import ValueParseError, ValueType, parse_value


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
    return confined(root, source.path)


def current_text(
    session: Session, source: Source, root: Path, *, snapshot_only: bool = False
) -> SourceText:
    """The text to verify against: the file's, or with `snapshot_only` the snapshot of the text
    last verified (no source file needed)."""
    if not snapshot_only:
        return read_source_text(source_file(source, root), label=source.path)
    text = snapshot_text(session, source.sha256)
    if text is None:
        raise Refused(
            f"source {source.id!r} has no snapshot of its text in the database: run "
            "`kzfacts audit` once with its file present"
        )
    return SourceText(text, source.sha256, len(text))


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
    """Register `path`: a new Source row and the snapshot of its text, added to the session.
    Title, publisher, date and URL a web page declares fill the ones not given."""
    check_id("source", source_id)
    if session.get(Source, source_id) is not None:
        raise Refused(f"source id {source_id!r} is already registered: choose another --id")
    if not path.exists():  # the first thing to fix, wherever it was meant to be
        raise BadPath(f"source file {path} does not exist: check the path")
    if not path.is_file():
        raise BadPath(f"source {path} is not a regular file: give the path of a text file")
    stored_path = relative_to_root(path, root)
    text = read_source_text(path)
    declared = text.extracted or Extracted(text.text)
    if published is None and declared.published:
        published, precision = _declared_date(declared.published)
    source = Source(
        id=source_id,
        path=stored_path,
        title=title or declared.title,
        publisher=publisher or declared.publisher,
        published=published,
        published_precision=precision or ("day" if published else None),
        url=url or declared.url,
        covers=parse_covers(covers) if covers else None,
        sha256=text.sha256,
        length=text.length,
    )
    session.add(source)
    session.flush()
    store_snapshot(session, source.id, text.text, text.sha256)
    return source


def _declared_date(text: str) -> tuple[date | None, str | None]:
    """A page's own publication date, when it is one kzfacts accepts from an editor."""
    try:
        return parse_published(text)
    except Refused:
        return None, None


def remove_source(
    session: Session, source_id: str, *, reason: str | None, by: str, with_facts: bool = False
) -> list[Removal]:
    """Unregister a source. While facts cite it, refused (naming them) unless `with_facts`,
    which removes those facts too, each with `reason` in its history."""
    source = registered_source(session, source_id)
    citing = list(
        session.exec(select(Fact.id).where(Fact.source_id == source_id).order_by(col(Fact.id)))
    )
    removals: list[Removal] = []
    if citing:
        if not with_facts:
            shown = ", ".join(citing[:10]) + (
                f" and {len(citing) - 10} more" if len(citing) > 10 else ""
            )
            raise Refused(
                f"source {source_id!r} is cited by {len(citing)} fact(s): {shown}; remove them "
                "first, or pass --with-facts --reason TEXT to remove them with the source"
            )
        if not reason or not reason.strip():
            raise Refused("--with-facts needs --reason: say why the facts are removed")
        removals = remove_facts(
            session, citing, reason=reason, by=by, via=f"kzfacts source remove {source_id}"
        )
    for version in session.exec(select(SourceVersion).where(SourceVersion.source_id == source_id)):
        session.delete(version)  # its texts stay, by sha256, for the facts' history
    session.flush()  # the versions go before the source they point at
    session.delete(source)
    session.flush()
    return removals


def registered_source(session: Session, source_id: str) -> Source:
    """The source registered under `source_id`; refused, with where to look, when none is."""
    source = session.get(Source, source_id)
    if source is None:
        raise Refused(f"unknown source {source_id!r}: see `kzfacts source list`")
    return source


def list_sources(session: Session) -> list[Source]:
    return list(session.exec(select(Source).order_by(Source.id)))


def sources_with_counts(session: Session) -> list[tuple[Source, int]]:
    """Every source, by id, with the number of facts citing it."""
    counts = dict(session.exec(select(Fact.source_id, func.count()).group_by(Fact.source_id)).all())
    return [(s, int(counts.get(s.id, 0))) for s in list_sources(session)]


def facts_citing(session: Session, source_id: str) -> int:
    """How many facts cite the source."""
    return len(session.exec(select(Fact.id).where(Fact.source_id == source_id)).all())


def find_source(session: Session, source_id: str) -> Source | None:
    return session.get(Source, source_id)


def parse_published(text: str) -> tuple[date, str]:
    """A publication date and its precision: YYYY-MM-DD (day), YYYY-MM (month) or YYYY (year)."""
    parts = text.strip().split("-")
    try:
        if len(parts) > 3 or any(len(part) > 4 for part in parts):
            raise ValueError(text)
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
