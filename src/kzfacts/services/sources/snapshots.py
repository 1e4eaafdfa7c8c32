"""Snapshots: every text kzfacts verified quotes against, kept in the database.

A source's text is stored when it is registered and again each time an audit finds it
changed, beside the earlier ones: zlib-compressed, addressed by its sha256. A fact's
`anchor_sha256` names the snapshot it was verified against, so what a source said when a fact
was checked stays readable after the file changes or disappears, and a team may keep only the
database (the sources' texts then read from the snapshots alone).
"""

from __future__ import annotations

import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session, col, func, select

from kzfacts.services.errors import Refused
from kzfacts.store.models import Fact, Snapshot, Source, SourceVersion
from kzfacts.text.pages import pages_of

if TYPE_CHECKING:
    from kzfacts.text.revisions import PassageChange


def compress(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 6)


def decompress(content: bytes) -> str:
    return zlib.decompress(content).decode("utf-8")


def store_snapshot(session: Session, source_id: str, text: str, sha256: str) -> bool:
    """Keep `text` as a version of the source; False when the source already had it."""
    if session.get(Snapshot, sha256) is None:
        session.add(Snapshot(sha256=sha256, length=len(text), content=compress(text)))
        session.flush()
    known = session.exec(
        select(SourceVersion.id).where(
            SourceVersion.source_id == source_id, SourceVersion.sha256 == sha256
        )
    ).first()
    if known is not None:
        return False
    session.add(SourceVersion(source_id=source_id, sha256=sha256))
    session.flush()
    return True


def store_new_versions(session: Session, versions: list[tuple[str, str, str]]) -> None:
    """Keep new versions of sources at once, as `store_snapshot` keeps each: (source id, sha256,
    text), none of them a version of its source yet (`known_versions`). A text another source
    already has is not stored again; the others are compressed on threads (zlib lets go of the
    interpreter), with one query and one flush for all: an audit after an edit stores many."""
    if not versions:
        return
    shas = sorted({sha for _, sha, _ in versions})
    have: set[str] = set()
    for start in range(0, len(shas), 500):
        chunk = shas[start : start + 500]
        have.update(session.exec(select(Snapshot.sha256).where(col(Snapshot.sha256).in_(chunk))))
    new = {sha: text for _, sha, text in versions if sha not in have}
    with ThreadPoolExecutor(max_workers=2) as pool:
        contents = dict(zip(new, pool.map(compress, new.values()), strict=True))
    for sha, content in contents.items():
        session.add(Snapshot(sha256=sha, length=len(new[sha]), content=content))
    session.add_all(
        SourceVersion(source_id=source_id, sha256=sha) for source_id, sha, _ in versions
    )
    session.flush()


def known_versions(session: Session) -> set[tuple[str, str]]:
    """(source id, sha256) of every stored version, read in one query."""
    rows = session.exec(select(SourceVersion.source_id, SourceVersion.sha256)).all()
    return {(source_id, sha) for source_id, sha in rows}


def snapshot_length(session: Session, sha256: str) -> int | None:
    snapshot = session.get(Snapshot, sha256)
    return snapshot.length if snapshot is not None else None


def snapshot_text(session: Session, sha256: str | None) -> str | None:
    snapshot = session.get(Snapshot, sha256) if sha256 else None
    return decompress(snapshot.content) if snapshot is not None else None


def versions(session: Session, source_id: str) -> list[SourceVersion]:
    """The source's versions, oldest first."""
    statement = (
        select(SourceVersion)
        .where(SourceVersion.source_id == source_id)
        .order_by(col(SourceVersion.id))
    )
    return list(session.exec(statement))


def facts_per_version(session: Session, source_id: str) -> dict[str | None, int]:
    """How many of the source's facts were verified against each of its texts (by sha256)."""
    return dict(
        session.exec(
            select(Fact.anchor_sha256, func.count())
            .where(Fact.source_id == source_id)
            .group_by(Fact.anchor_sha256)
        ).all()
    )


def resolve_version(session: Session, source_id: str, ref: str) -> SourceVersion:
    """A version by its number in `source versions` (1 = oldest) or a prefix of its sha256."""
    found = versions(session, source_id)
    if ref.isdigit() and 1 <= int(ref) <= len(found):
        return found[int(ref) - 1]
    matches = [v for v in found if v.sha256.startswith(ref.lower())] if len(ref) >= 4 else []
    if len(matches) == 1:
        return matches[0]
    raise Refused(
        f"source {source_id!r} has no version {ref!r}: give its number or the start of its "
        "sha256 (see `kzfacts source versions`)"
    )


@dataclass(frozen=True)
class QuoteInContext:
    """A fact's quote where it stands in the snapshot it was verified against."""

    before: str
    exact: str
    after: str
    pages: tuple[int, int] | None  # the first and last, in a PDF
    sha256: str


def quote_in_context(
    session: Session, sha256: str | None, start: int | None, end: int | None, width: int = 160
) -> QuoteInContext | None:
    """The span [start, end) of snapshot `sha256` with `width` characters around it."""
    text = snapshot_text(session, sha256)
    if text is None or sha256 is None or start is None or end is None or end > len(text):
        return None
    return QuoteInContext(
        text[max(0, start - width) : start],
        text[start:end],
        text[end : end + width],
        pages_of(text, start, end),
        sha256,
    )


def snapshot_pages(
    session: Session, spans: list[tuple[str, str | None, int | None, int | None]]
) -> dict[str, tuple[int, int]]:
    """The first and last pages of each (id, snapshot sha256, start, end) whose snapshot is a
    PDF's paged text."""
    texts: dict[str, str | None] = {}
    pages: dict[str, tuple[int, int]] = {}
    for key, sha256, start, end in spans:
        if sha256 is None or start is None or end is None:
            continue
        if sha256 not in texts:
            texts[sha256] = snapshot_text(session, sha256)
        text = texts[sha256]
        found = pages_of(text, start, end) if text is not None else None
        if found is not None:
            pages[key] = found
    return pages


@dataclass(frozen=True)
class SourceDiff:
    old: SourceVersion
    new: SourceVersion
    old_number: int
    new_number: int
    changes: list[PassageChange]


def source_diff(
    session: Session, source_id: str, old_ref: str | None = None, new_ref: str | None = None
) -> SourceDiff:
    """The changes between two versions of a source around every passage its facts quote; by
    default between the last two versions."""
    if session.get(Source, source_id) is None:
        raise Refused(f"unknown source {source_id!r}: see `kzfacts source list`")
    found = versions(session, source_id)
    if old_ref is None or new_ref is None:
        if (old_ref is None) != (new_ref is None):
            raise Refused("give both versions to compare (OLD NEW), or neither for the last two")
        if len(found) < 2:
            raise Refused(
                f"source {source_id!r} has {len(found)} version(s): nothing to compare yet"
            )
        old, new = found[-2], found[-1]
    else:
        old, new = (
            resolve_version(session, source_id, old_ref),
            resolve_version(session, source_id, new_ref),
        )
    old_text, new_text = snapshot_text(session, old.sha256), snapshot_text(session, new.sha256)
    assert old_text is not None and new_text is not None  # a version's snapshot row exists
    quotes = session.exec(
        select(Fact.id, Fact.quote)
        .where(Fact.source_id == source_id, col(Fact.quote).is_not(None))
        .order_by(col(Fact.position_start), col(Fact.id))
    ).all()
    from kzfacts.text.revisions import passage_changes  # the anchoring layer, only for a diff

    changes = passage_changes(old_text, new_text, [(i, q) for i, q in quotes if q])
    return SourceDiff(old, new, found.index(old) + 1, found.index(new) + 1, changes)
