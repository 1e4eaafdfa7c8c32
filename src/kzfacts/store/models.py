"""The tables. The schema itself is made only by the Alembic migrations in `migrations/`."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Index, LargeBinary, MetaData, UniqueConstraint, text
from sqlalchemy.orm import relationship
from sqlmodel import Field, SQLModel

from kzfacts.store.columns import AUDIT_COLUMNS, fact_document, json_columns
from kzfacts.store.rows import utcnow as utcnow

# Named constraints, so batch migrations on SQLite can find and alter them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata


def in_table_order(row: SQLModel, *, json: bool = False) -> dict[str, Any]:
    """A row's columns in the order its table declares them. (`model_dump` follows the order
    in which SQLAlchemy happened to load the attributes, which differs from run to run.)"""
    data = row.model_dump(mode="json" if json else "python")
    return {name: data[name] for name in type(row).model_fields}


class Source(SQLModel, table=True):
    """A registered document; facts cite spans of its text."""

    id: str = Field(primary_key=True, max_length=120)
    path: str = Field(max_length=1000)
    title: str | None = Field(default=None, max_length=1000)
    publisher: str | None = Field(default=None, max_length=1000)
    published: date | None = None
    published_precision: str | None = Field(default=None, max_length=10)
    url: str | None = Field(default=None, max_length=2000)
    #: the period the source reports on ("2012" for an annual report on 2012): the year of a
    #: date it writes without one
    covers: str | None = Field(default=None, max_length=100)
    sha256: str = Field(max_length=64)
    length: int
    registered_at: datetime = Field(default_factory=utcnow)


class Snapshot(SQLModel, table=True):
    """A text kzfacts verified quotes against, zlib-compressed, addressed by its sha256: what a
    source said when a fact was checked stays readable after the file changes or disappears."""

    sha256: str = Field(primary_key=True, max_length=64)
    length: int
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class SourceVersion(SQLModel, table=True):
    """One text a source has had, oldest first: registered, then each change an audit saw."""

    __table_args__ = (UniqueConstraint("source_id", "sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: str = Field(foreign_key="source.id", index=True, max_length=120)
    sha256: str = Field(foreign_key="snapshot.sha256", max_length=64)
    seen_at: datetime = Field(default_factory=utcnow)


class Entity(SQLModel, table=True):
    """A person, organisation, outlet, law or event that facts are about."""

    id: str = Field(primary_key=True, max_length=120)
    name: str = Field(max_length=500)
    kind: str = Field(default="other", max_length=40)
    created_at: datetime = Field(default_factory=utcnow)


class Alias(SQLModel, table=True):
    """Another spelling or transliteration of an entity's name, or a surname alone."""

    __table_args__ = (UniqueConstraint("entity_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: str = Field(foreign_key="entity.id", index=True, max_length=120)
    name: str = Field(max_length=500, index=True)
    kind: str = Field(default="alias", max_length=10, sa_column_kwargs={"server_default": "alias"})
    """"alias", or "surname": resolves a subject only when one entity has that surname."""
    origin: str | None = Field(default=None, max_length=500)
    """Where it came from: a seed file, `entity alias add`, the fact that introduced it."""


class Distinction(SQLModel, table=True):
    """Two entities an editor has declared different people or things (no duplicate-entity warning)."""

    __table_args__ = (UniqueConstraint("entity_id", "other_id"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: str = Field(foreign_key="entity.id", index=True, max_length=120)
    other_id: str = Field(foreign_key="entity.id", index=True, max_length=120)
    reason: str = Field(default="", max_length=1000)


class Predicate(SQLModel, table=True):
    """What a fact says about its entity, and the type of its value."""

    name: str = Field(primary_key=True, max_length=80)
    value_type: str = Field(max_length=20)
    changes_over_time: bool = False
    description: str = Field(default="", max_length=500)


class Fact(SQLModel, table=True):
    """A cited assertion with the anchor of the quote that states it."""

    # The facts with no record of their verified quote (restored): every audit asks whether
    # there are any, and this partial index answers without reading the table. On PostgreSQL
    # migration 0009 makes it partial too: a `postgresql_where` here would load SQLAlchemy's
    # PostgreSQL dialect in every command that loads the models, SQLite files included.
    __table_args__ = (
        Index("ix_fact_unanchored", "id", sqlite_where=text("anchor_quote_sha256 IS NULL")),
    )

    id: str = Field(primary_key=True, max_length=200)
    entity_id: str | None = Field(default=None, foreign_key="entity.id", index=True, max_length=120)
    subject: str = Field(max_length=500)
    predicate: str = Field(foreign_key="predicate.name", index=True, max_length=80)
    value: str = Field(max_length=500)
    value_low: float | None = None
    value_high: float | None = None
    value_unit: str | None = Field(default=None, max_length=20)
    value_category: str | None = Field(default=None, max_length=40)
    value_detail: str | None = Field(default=None, max_length=200)
    as_of: str | None = Field(default=None, max_length=100)
    valid_from: date | None = None
    valid_to: date | None = None
    valid_origin: str | None = Field(default=None, max_length=20)
    """Where the time of validity came from: "quote", "as_of" or "published"."""
    valid_words: str | None = Field(default=None, max_length=200)
    """The words of the quote that date the fact, when it is dated by its quote."""
    event_key: str | None = Field(default=None, max_length=200)
    """An editor's key shared by the facts about one event (e.g. kozlov-trial-2012)."""
    source_id: str | None = Field(default=None, foreign_key="source.id", index=True, max_length=120)
    quote: str | None = None
    exact: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    position_start: int | None = None
    position_end: int | None = None
    anchor_sha256: str | None = Field(default=None, max_length=64)
    anchor_verdict: str | None = Field(default=None, max_length=20)
    anchor_detail: str | None = None
    anchor_quote_sha256: str | None = Field(default=None, max_length=64)
    support_key: str | None = Field(default=None, max_length=64)
    note: str | None = None
    supersedes: str | None = Field(default=None, foreign_key="fact.id", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str | None = Field(default=None, max_length=200)
    updated_at: datetime = Field(default_factory=utcnow, index=True)

    # What the last audit found (`FactAudit`, loaded with the fact): when it verified the
    # fact, ok/warning/error, and its codes; None before any audit checked it.
    @property
    def last_verified_at(self) -> datetime | None:
        return self._audit.last_verified_at if self._audit is not None else None

    @property
    def audit_status(self) -> str | None:
        return self._audit.audit_status if self._audit is not None else None

    @property
    def audit_codes(self) -> str | None:
        return self._audit.audit_codes if self._audit is not None else None

    @property
    def _audit(self) -> FactAudit | None:
        audit: FactAudit | None = getattr(self, "audit", None)
        return audit

    def audit_columns(self) -> dict[str, Any]:
        """The last audit's word on it, as the columns `fact_view` shows."""
        return {name: getattr(self, name) for name in AUDIT_COLUMNS}

    def to_columns(self) -> dict[str, Any]:
        """Its columns in JSON form with the last audit's word on it, as `fact list` reads them
        from an SQLite file."""
        return json_columns({**self.model_dump(), **self.audit_columns()})

    def to_dict(self) -> dict[str, Any]:
        """The fact as `kzfacts fact list --format json` shows it."""
        return fact_document(self.to_columns())

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


class FactAudit(SQLModel, table=True):
    """The last audit's word on one fact, beside the fact's row rather than on it: an audit that
    checks every fact stamps every one, and this narrow row is rewritten in a tenth of the time
    the fact's own would take. Removing the fact removes it (ON DELETE CASCADE); a fact added
    since the last audit has none, or one with no status."""

    __table_args__ = {"sqlite_with_rowid": False}  # one B-tree, by fact id

    fact_id: str = Field(
        primary_key=True, foreign_key="fact.id", ondelete="CASCADE", max_length=200
    )
    last_verified_at: datetime | None = None
    audit_status: str | None = Field(default=None, max_length=10)
    audit_codes: str | None = Field(default=None, max_length=500)


# Loaded with its facts, in one more query for all of them (`selectin`): a detached fact still
# says what the last audit found. Read-only: audits write the table in bulk (`verdicts`).
Fact.__mapper__.add_property(  # type: ignore[attr-defined]
    "audit", relationship(FactAudit, lazy="selectin", viewonly=True, uselist=False)
)


class AuditRun(SQLModel, table=True):
    """One audit: when, over what, and how many findings of each severity."""

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    sources_checked: int = 0
    facts_checked: int = 0
    errors: int = 0
    warnings: int = 0
    full: bool = True
    facts_rechecked: int = 0
    entities_fingerprint: str = Field(default="", max_length=64)
    tool_version: str = Field(default="", max_length=40)


class Finding(SQLModel, table=True):
    """One problem an audit found. Removing its fact or source nulls the reference (ON DELETE
    SET NULL) and keeps the finding: it stays in the record of the audit that found it."""

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="auditrun.id", index=True)
    code: str = Field(max_length=40, index=True)
    severity: str = Field(max_length=10)
    fact_id: str | None = Field(
        default=None, foreign_key="fact.id", ondelete="SET NULL", max_length=200, index=True
    )
    source_id: str | None = Field(
        default=None, foreign_key="source.id", ondelete="SET NULL", max_length=120, index=True
    )
    message: str
    detail: str | None = None


class FactVersion(SQLModel, table=True):
    """One version of a fact: who changed it, when, through which command and why, and the fact
    as it then stood. Kept as text, without foreign keys: the history outlives a removed fact."""

    __table_args__ = (UniqueConstraint("fact_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    fact_id: str = Field(max_length=200, index=True)
    version: int
    action: str = Field(max_length=20)
    changed_by: str = Field(max_length=200)
    changed_at: datetime = Field(default_factory=utcnow)
    via: str | None = Field(default=None, max_length=200)
    reason: str | None = None
    subject: str = Field(max_length=500)
    entity_id: str | None = Field(default=None, max_length=120)
    predicate: str = Field(max_length=80)
    value: str = Field(max_length=500)
    as_of: str | None = Field(default=None, max_length=100)
    note: str | None = None
    source_id: str | None = Field(default=None, max_length=120)
    quote: str | None = None
    supersedes: str | None = Field(default=None, max_length=200)
    event_key: str | None = Field(default=None, max_length=200)
    """The fact's event key; NULL on a version of a removed fact older than schema 0011 (not
    recorded then), as on any version of a fact without one."""
