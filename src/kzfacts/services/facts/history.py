"""The history of every fact: each add, edit and removal is a version with who, when and why.

A removed fact leaves the fact table (so lists, audits, exports and drafts' suggestions no
longer see it) and lives on as its versions, the last of which says why it was removed.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kzfacts.services.errors import Refused, refuse_invisible
from kzfacts.store.rows import utcnow

if TYPE_CHECKING:  # the ORM loads in the commands that use it (`fact add` on a file does not)
    from sqlmodel import Session

    from kzfacts.services.facts.storage import VersionStore
    from kzfacts.store.models import Fact, FactVersion

USER_VARIABLE = "KZFACTS_USER"
MAX_NAME = 200
"""The longest name `changed_by` holds."""
RECORDED = (
    "subject", "entity_id", "predicate", "value", "as_of", "note", "source_id", "quote",
    "supersedes", "event_key",
)  # fmt: skip
"""The fields of a fact that a version records: what an editor states (anchors and parsed
values follow from them), the event key among them, as it decides which facts are compared."""
ADDED, EDITED, REMOVED = "added", "edited", "removed"


def current_user(by: str | None = None) -> str:
    """Who is making the change: `--by`, else $KZFACTS_USER, else the login name."""
    for name in (by, os.environ.get(USER_VARIABLE)):
        if name and name.strip():
            refuse_invisible("--by", name.strip())
            if len(name.strip()) > MAX_NAME:
                raise Refused(
                    f"--by is {len(name.strip())} characters long: give at most {MAX_NAME}"
                )
            return name.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _recorded(row: Mapping[str, Any]) -> dict[str, Any]:
    return {name: row.get(name) for name in RECORDED}


def _next_versions(store: VersionStore, fact_ids: Iterable[str]) -> dict[str, int]:
    """The number the next version of each fact takes (an id re-used after removal goes on)."""
    ids = list(dict.fromkeys(fact_ids))
    latest: dict[str, int] = {}
    for start in range(0, len(ids), 900):
        latest.update(store.latest_versions(ids[start : start + 900]))
    return {fact_id: latest.get(fact_id, 0) + 1 for fact_id in ids}


def append_versions(
    store: VersionStore,
    action: str,
    rows: list[dict[str, Any]],
    *,
    by: str,
    via: str | None,
    reason: str | None = None,
) -> None:
    """Append one version per fact row (a dict of fact columns), in bulk."""
    if not rows:
        return
    numbers = _next_versions(store, (row["id"] for row in rows))
    now = utcnow()
    versions = [
        {
            "fact_id": row["id"], "version": numbers[row["id"]], "action": action,
            "changed_by": by, "changed_at": now, "via": via, "reason": reason, **_recorded(row),
        }
        for row in rows
    ]  # fmt: skip
    for start in range(0, len(versions), 5000):
        store.insert("factversion", versions[start : start + 5000])


def record_versions(
    session: Session,
    action: str,
    rows: list[dict[str, Any]],
    *,
    by: str,
    via: str | None,
    reason: str | None = None,
) -> None:
    """`append_versions` in a session's unit of work."""
    from kzfacts.store.session_store import SessionStore

    append_versions(SessionStore(session), action, rows, by=by, via=via, reason=reason)


def fact_row(fact: Fact) -> dict[str, Any]:
    return fact.model_dump()


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class VersionView:
    """One version as `fact history` shows it: the row and what differs from the one before."""

    version: FactVersion
    changes: tuple[Change, ...]

    def to_dict(self) -> dict[str, Any]:
        data = self.version.model_dump(mode="json", exclude={"id"})
        data["changes"] = {c.field: {"before": c.before, "after": c.after} for c in self.changes}
        return data


def changes_between(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[Change]:
    """The recorded fields that differ; against nothing, every field that is set."""
    return [
        Change(name, before.get(name) if before else None, after.get(name))
        for name in RECORDED
        if (before.get(name) if before else None) != after.get(name)
    ]


def fact_history(session: Session, fact_id: str) -> list[VersionView]:
    """Every version of a fact, oldest first; Refused for an id that never was a fact."""
    from sqlmodel import col, select

    from kzfacts.store.models import FactVersion

    versions = list(
        session.exec(
            select(FactVersion)
            .where(FactVersion.fact_id == fact_id)
            .order_by(col(FactVersion.version))
        )
    )
    if not versions:
        raise Refused(f"unknown fact {fact_id!r}: it has no history (see `kzfacts fact list`)")
    views: list[VersionView] = []
    previous: dict[str, Any] | None = None
    for version in versions:
        current = version.model_dump()
        changes = () if version.action == REMOVED else tuple(changes_between(previous, current))
        views.append(VersionView(version, changes))
        previous = None if version.action == REMOVED else current
    return views


def removed_facts(session: Session, fact_ids: Iterable[str] | None = None) -> dict[str, str]:
    """Removed facts (not in the fact table, last version a removal) and why they were removed."""
    from sqlalchemy import func
    from sqlalchemy import select as core_select
    from sqlmodel import col

    from kzfacts.store.models import FactVersion

    latest = (
        core_select(col(FactVersion.fact_id), func.max(col(FactVersion.version)).label("top"))
        .group_by(col(FactVersion.fact_id))
        .subquery()
    )
    statement = (
        core_select(col(FactVersion.fact_id), col(FactVersion.reason))
        .join(
            latest,
            (col(FactVersion.fact_id) == latest.c.fact_id)
            & (col(FactVersion.version) == latest.c.top),
        )
        .where(col(FactVersion.action) == REMOVED)
    )
    if fact_ids is not None:
        statement = statement.where(col(FactVersion.fact_id).in_(list(fact_ids)))
    return {fact_id: reason or "" for fact_id, reason in session.execute(statement).all()}


def stored_fact(
    session: Session,
    fact_id: str,
    removed: str = "fact {fact_id!r} was removed ({reason}): `kzfacts fact history {fact_id}` "
    "shows its versions",
) -> Fact:
    """The fact stored under `fact_id`; refused, saying so, when it was removed or never was.

    `removed` words the refusal of a removed fact, from its `{fact_id}` and the `{reason}` it
    was removed for."""
    from kzfacts.store.models import Fact

    fact = session.get(Fact, fact_id)
    if fact is None:
        reason = removed_facts(session, [fact_id]).get(fact_id)
        if reason is not None:
            raise Refused(removed.format(fact_id=fact_id, reason=reason))
        raise Refused(f"unknown fact {fact_id!r}: see `kzfacts fact list`")
    return fact


@dataclass(frozen=True)
class Removal:
    """A removed fact and the facts that superseded it, which now supersede what it did."""

    fact_id: str
    successors: tuple[str, ...]
    supersedes: str | None


def remove_facts(
    session: Session, fact_ids: list[str], *, reason: str, by: str, via: str
) -> list[Removal]:
    """Remove facts, keeping their history; a fact that superseded one now supersedes what the
    removed fact superseded, so the revision chain stays whole."""
    from sqlmodel import col, select

    from kzfacts.store.models import Fact

    reason = reason.strip()
    if not reason:
        raise Refused("--reason is empty: say why the fact is removed (it stays in the history)")
    refuse_invisible("reason", reason, multiline=True)
    already = "fact {fact_id!r} was already removed ({reason})"
    facts = [stored_fact(session, fact_id, already) for fact_id in fact_ids]
    removing = {fact.id for fact in facts}
    snapshots = [fact_row(f) for f in facts]
    removals: list[Removal] = []
    now = utcnow()
    for fact in facts:
        successors = list(
            session.exec(select(Fact).where(Fact.supersedes == fact.id).order_by(col(Fact.id)))
        )
        inherited = fact.supersedes if fact.supersedes not in removing else None
        for successor in successors:
            successor.supersedes = inherited
            successor.updated_at = now
            session.add(successor)
        session.flush()
        kept = [s for s in successors if s.id not in removing]
        record_versions(
            session,
            EDITED,
            [fact_row(s) for s in kept],
            by=by,
            via=via,
            reason=f"the fact it superseded, {fact.id}, was removed: {reason}",
        )
        removals.append(Removal(fact.id, tuple(s.id for s in kept), inherited))
    record_versions(session, REMOVED, snapshots, by=by, via=via, reason=reason)
    for fact in facts:
        session.delete(fact)
        session.flush()
    return removals


def describe(value: Any) -> str:
    """A field's value on one line, as `fact history` prints it."""
    if value is None:
        return "(none)"
    text = " ".join(str(value).split())
    return repr(text) if len(text) <= 120 else repr(text[:117] + "...")


def when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")
