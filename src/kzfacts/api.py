"""`FactDB`: a kzfacts database opened from Python, a thin layer over the services in `services/`.

The CLI and this class call the same services, so a fact added here is checked exactly as
`kzfacts fact add` checks it, and an audit here is `kzfacts audit`. Each write is one
transaction: committed whole, or (refused, or `dry_run`) not at all. See docs/api.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from kzfacts.services.sources.files import default_root
from kzfacts.store import sqlite
from kzfacts.store.errors import ConfigError
from kzfacts.text.limits import MAX_GAP

if TYPE_CHECKING:  # the services load when first used: opening a database stays cheap
    from sqlalchemy.engine import URL, Engine
    from sqlmodel import Session

    from kzfacts.checks.fact import FactResult
    from kzfacts.checks.findings import Finding
    from kzfacts.results import EditedFact, ImportResult
    from kzfacts.services.audit import AuditReport, Progress
    from kzfacts.services.facts.storage import FactStore
    from kzfacts.services.facts.timeline import EntityProfile
    from kzfacts.services.records.load import LoadResult
    from kzfacts.store.models import Fact

VIA = "kzfacts API"
"""How a fact's history names the way a change came in, for changes made through FactDB."""


class FactDB:
    """A kzfacts database at its schema head, and the folder its source paths are relative to.

    Open it with `FactDB.open`; close it with `close()` or a `with` block.
    """

    def __init__(
        self,
        engine: Engine | None,
        url: URL | None,
        root: Path,
        *,
        snapshot_only: bool = False,
        file: Path | None = None,
    ) -> None:
        """`engine` and `url`, or an SQLite `file` alone: its engine (and SQLAlchemy) is made
        when first needed, and a warm audit needs none."""
        if url is None and file is None:
            raise ValueError("FactDB needs the database's URL or its SQLite file")
        self._engine = engine
        self._url = url
        self.file = file  # the SQLite file named as a plain path; None for a URL
        self.root = root
        self.snapshot_only = snapshot_only  # verify against stored snapshots, not source files
        self._checked = False

    @property
    def url(self) -> URL:
        """The database's SQLAlchemy URL (loads SQLAlchemy)."""
        if self._url is None:
            from kzfacts.store.engine import resolve_url

            self._url = resolve_url(str(self.file))
        return self._url

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made when first asked for."""
        if self._engine is None:
            from kzfacts.store.engine import make_engine

            self._engine = make_engine(self.url)
        return self._engine

    def check_head(self) -> None:
        """Refuse a database whose schema is not this kzfacts' head (checked once); an SQLite
        file with no engine yet is checked through the standard library."""
        if self._checked:
            return
        if self._engine is None and self.file is not None:
            sqlite.open_at_head(self.file).close()
        else:
            from kzfacts.store.schema import require_head

            require_head(self.engine, self.url)
        self._checked = True

    def require_head(self) -> Engine:
        """The engine, once the schema is checked to be this kzfacts' head (checked once)."""
        self.check_head()
        return self.engine

    @classmethod
    def open(
        cls,
        url_or_path: str | os.PathLike[str] | URL,
        root: str | os.PathLike[str] | None = None,
        *,
        snapshot_only: bool = False,
    ) -> FactDB:
        """Open the database at a file path (SQLite) or an SQLAlchemy URL. `root` is the folder
        source paths are relative to (default: KZFACTS_ROOT, else the database file's folder,
        or the working folder for a server database). Raises ConfigError, without changing
        anything, when the database is missing or its schema is not this kzfacts' (run
        `kzfacts init`)."""
        value = (
            sqlite.database_value(os.fspath(url_or_path))
            if isinstance(url_or_path, str | os.PathLike)
            else None
        )
        file = sqlite.database_file(value) if value is not None else None
        if file is not None:  # a plain path: SQLAlchemy loads when something needs the engine
            folder = Path(root).resolve() if root else default_root(file)
            db = cls(None, None, folder, snapshot_only=snapshot_only, file=file)
        else:
            from kzfacts.store.engine import make_engine, resolve_url, sqlite_path

            url = resolve_url(value) if value is not None else url_or_path
            assert not isinstance(url, str | os.PathLike)
            folder = Path(root).resolve() if root else default_root(sqlite_path(url))
            db = cls(make_engine(url), url, folder, snapshot_only=snapshot_only)
        try:
            db.check_head()
        except BaseException:
            db.close()
            raise
        return db

    @classmethod
    def init(
        cls,
        url_or_path: str | os.PathLike[str] | URL,
        root: str | os.PathLike[str] | None = None,
        *,
        snapshot_only: bool = False,
    ) -> FactDB:
        """Create the database, or upgrade its schema to this kzfacts' head, and open it: what
        `kzfacts init` does (idempotent; the one deliberate upgrade). Raises ConfigError, without
        changing anything, when a database file's folder is missing or the schema is newer than
        this kzfacts."""
        from sqlalchemy.engine import URL

        from kzfacts.store import migrate  # Alembic loads only when a schema is created
        from kzfacts.store.engine import make_engine, resolve_url, sqlite_path

        url = url_or_path if isinstance(url_or_path, URL) else resolve_url(os.fspath(url_or_path))
        path = sqlite_path(url)
        if path is not None and not path.parent.is_dir():
            raise ConfigError(f"folder {path.parent} does not exist: create it or choose another")
        folder = Path(root).resolve() if root else default_root(path)
        db = cls(make_engine(url), url, folder, snapshot_only=snapshot_only)
        try:
            before = migrate.current_revision(db.engine)
            if before is not None and before not in migrate.known_revisions(db.engine):
                raise ConfigError(
                    f"database {db.label} has schema {before}, newer than this kzfacts knows: "
                    "upgrade kzfacts"
                )
            migrate.upgrade(db.engine)
            db.require_head()
        except BaseException:
            db.close()
            raise
        return db

    @property
    def label(self) -> str:
        """The database as messages name it: its file, or its URL without the password."""
        if self._url is None:
            return str(self.file)
        from kzfacts.store.schema import database_label

        return database_label(self.url)

    def close(self) -> None:
        """Close the pooled connections (a server counts them)."""
        if self._engine is not None:
            self._engine.dispose()

    def __enter__(self) -> FactDB:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # Units of work, for the services this class does not wrap.

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back when it raises."""
        from kzfacts.store.engine import transaction

        with transaction(self.require_head()) as session:
            yield session

    @contextmanager
    def _fact_store(self, *, keep: bool) -> Iterator[tuple[FactStore, bool]]:
        """The fact writer's store in one transaction, and whether worker processes may share
        its work: an SQLite file named by its path through the standard library (no
        SQLAlchemy), a database named by a URL through a session. Rolled back when the block
        raises or `keep` is false."""
        if self.file is None:
            from kzfacts.store.session_store import SessionStore

            with self.write() as session:
                yield SessionStore(session), False
                if not keep:
                    session.rollback()
            return
        from kzfacts.store.sqlite_store import SqliteStore

        with sqlite.write_transaction(self.file, keep=keep) as connection:
            yield SqliteStore(connection), True

    @contextmanager
    def read(self) -> Iterator[Session]:
        from sqlmodel import Session

        with Session(self.require_head()) as session:
            yield session

    @contextmanager
    def throwaway(self) -> Iterator[Session]:
        """Work as `write` does, then discard it; SQLite works on an in-memory copy, so a
        database on a read-only mount can be audited."""
        from kzfacts.store.engine import rolled_back, scratch_copy, sqlite_path

        engine = self.require_head()
        scratch = scratch_copy(engine) if sqlite_path(self.url) is not None else None
        try:
            with rolled_back(scratch or engine) as session:
                yield session
        finally:
            if scratch is not None:
                scratch.dispose()

    # Facts.

    def add_fact(
        self,
        id: str,
        source: str,
        subject: str,
        predicate: str,
        value: str,
        quote: str,
        *,
        as_of: str | None = None,
        note: str | None = None,
        supersedes: str | None = None,
        entity: str | None = None,
        new_entity: bool = False,
        event: str | None = None,
        by: str | None = None,
        dry_run: bool = False,
        max_gap: int = MAX_GAP,
        via: str = VIA,
    ) -> FactResult:
        """Add one fact: the quote is anchored and the value and subject checked first.
        Raises Refused (its `findings` say why) and writes nothing when a check fails.
        Returns the verified fact, its `fact.entity` the entity its subject resolved to."""
        from kzfacts.checks.fact import FactInput
        from kzfacts.services.facts.add import add_fact
        from kzfacts.services.facts.inputs import check_fields
        from kzfacts.store.session_store import SessionStore

        data = check_fields(FactInput(
            id=id, source=source, subject=subject, predicate=predicate, value=value,
            quote=quote, as_of=as_of, note=note, supersedes=supersedes, entity=entity,
            new_entity=new_entity, event=event,
        ))  # fmt: skip
        with self.write() as session:
            accepted = add_fact(
                SessionStore(session), self.root, data, via=via, by=by, max_gap=max_gap,
                write=not dry_run,
            )  # fmt: skip
            if dry_run:
                session.rollback()
        return accepted

    def edit_fact(
        self,
        fact_id: str,
        *,
        value: str | None = None,
        quote: str | None = None,
        subject: str | None = None,
        entity: str | None = None,
        new_entity: bool = False,
        predicate: str | None = None,
        as_of: str | None = None,
        note: str | None = None,
        source: str | None = None,
        by: str | None = None,
        dry_run: bool = False,
        via: str = VIA,
    ) -> EditedFact:
        """Change a fact, checked as a new one is; None leaves a field as it is, "" clears
        `as_of` or `note`. The old version stays in the fact's history."""
        from kzfacts.results import EditedFact
        from kzfacts.services.facts.edit import FactChanges
        from kzfacts.services.facts.edit import edit_fact as edit_stored_fact
        from kzfacts.services.facts.writer import FactWriter
        from kzfacts.store.session_store import SessionStore

        changes = FactChanges(
            value=value, quote=quote, subject=subject, entity=entity, new_entity=new_entity,
            predicate=predicate, as_of=as_of, note=note, source=source,
        )  # fmt: skip
        with self.write() as session:
            writer = FactWriter(SessionStore(session), self.root, created_by=via, by=by)
            edit = edit_stored_fact(session, writer, fact_id, changes, write=not dry_run)
            if dry_run:
                session.rollback()
        return EditedFact(edit.accepted, edit.changes)

    def import_records(
        self,
        records: Iterable[Mapping[str, Any]] | str | os.PathLike[str],
        *,
        by: str | None = None,
        dry_run: bool = False,
        max_gap: int = MAX_GAP,
        via: str = VIA,
        progress: Progress | None = None,
        workers: int | None = None,
    ) -> ImportResult:
        """Import fact records (mappings with the fields of `add_fact`, or a .jsonl, .yaml or
        .csv file of them), all or nothing: RecordsRefused, with every refused record in its
        `errors`, and nothing written when one is refused. On an SQLite file named by its path,
        `workers` processes (default: the cores available) read the sources and verify their
        facts; a database named by a URL is written one fact after another."""
        from kzfacts.results import ImportResult, RecordsRefused
        from kzfacts.services.facts.imports import import_in_parallel
        from kzfacts.services.facts.writer import FactWriter
        from kzfacts.services.records.read import read_records

        numbered = (
            read_records(Path(records))
            if isinstance(records, str | os.PathLike)
            else list(enumerate((dict(r) for r in records), start=1))
        )

        def make_writer(store: FactStore) -> FactWriter:
            return FactWriter(store, self.root, created_by=via, by=by, max_gap=max_gap)

        with self._fact_store(keep=not dry_run) as (store, parallel):
            writer, accepted, errors = import_in_parallel(
                store, make_writer, numbered, progress, workers=workers if parallel else 1
            )
            if errors:
                raise RecordsRefused(errors, len(numbered))
            if not dry_run:
                writer.write(accepted)
        return ImportResult(tuple(accepted))

    def load(
        self,
        folder: str | os.PathLike[str],
        *,
        dry_run: bool = False,
        max_gap: int = MAX_GAP,
        progress: Progress | None = None,
    ) -> LoadResult:
        """Register a folder's sources and entities and import its facts, as `kzfacts load`
        (what is already there stays as it is), all or nothing: RecordsRefused, with every
        refused record in its `errors`, and nothing written when one is refused."""
        from kzfacts.results import RecordsRefused
        from kzfacts.services.records.load import load_folder

        with self.write() as session:
            result = load_folder(session, Path(folder), self.root, progress, max_gap=max_gap)
            if result.errors:
                session.rollback()
                errors = [error for _, error in result.errors]
                raise RecordsRefused(errors, len(errors) + result.facts_added)
            if dry_run:
                session.rollback()
        return result

    def facts(
        self,
        *,
        source: str | None = None,
        subject: str | None = None,
        predicate: str | None = None,
        broken: bool = False,
    ) -> list[Fact]:
        """Facts in source order; `subject` matches the subject as written or the entity's
        name; `broken`, the facts the last audit found an error about. The rows are loaded
        whole and detached from the session: they stay readable once it is closed, and
        changing one changes nothing in the database."""
        from kzfacts.services.facts.queries import select_facts

        with self.read() as session:
            rows = select_facts(
                session, source=source, subject=subject, predicate=predicate, broken=broken
            )
            session.expunge_all()
        return rows

    def entity(self, entity_id: str) -> EntityProfile:
        """An entity's names, its facts grouped by event on a timeline, and the last audit's
        contradictions about it. Refused for an unknown id."""
        from kzfacts.services.facts.timeline import entity_profile

        with self.read() as session:
            return entity_profile(session, entity_id)

    # Audits and drafts.

    def audit(
        self,
        full: bool = False,
        *,
        workers: int = 1,
        dry_run: bool = False,
        max_gap: int = MAX_GAP,
        progress: Progress | None = None,
    ) -> AuditReport:
        """Re-anchor the facts against the current sources, re-check values and subjects, find
        contradictions, and record the run (`dry_run`: record nothing). Incremental unless
        `full`: only facts whose source or row changed since the last audit are re-checked.
        On an SQLite file opened by its path, an audit that finds nothing changed is answered
        with the standard library alone (`services/audit/warm.py`), without SQLAlchemy."""
        if self.file is not None and not (full or dry_run or self.snapshot_only):
            from kzfacts.services.audit.warm import warm_audit

            self.check_head()
            with closing(sqlite.connect(self.file)) as connection:
                report = warm_audit(connection, self.root)
            if report is not None:
                return report
        from kzfacts.services.audit import run_audit

        unit = self.throwaway() if dry_run else self.write()
        with unit as session:
            return run_audit(
                session,
                self.root,
                full=full,
                workers=workers,
                progress=progress,
                snapshot_only=self.snapshot_only,
                max_gap=max_gap,
            )

    def check_draft(
        self, text_or_path: str | os.PathLike[str], *, label: str = "draft.md"
    ) -> list[Finding]:
        """Check a draft against the facts: every sentence stating a value must cite a fact
        ([@fact-id]) that says the same. A path is read (UTF-8); a str is the draft's text,
        named `label` in the findings (a .md label reads it as Markdown)."""
        from kzfacts.services.drafts import DraftCheck, load_fact_base, read_draft

        if isinstance(text_or_path, os.PathLike):
            path = Path(text_or_path)
            label, text = path.as_posix(), read_draft(path)
        else:
            text = text_or_path
        with DraftCheck([(label, text)]) as checking:  # reads sentences while the facts load
            if self.file is not None:  # an SQLite file: the standard library, no SQLAlchemy
                with closing(sqlite.open_at_head(self.file)) as connection:
                    base = load_fact_base(connection, checking.cited)
            else:
                with self.read() as session:
                    base = load_fact_base(session, checking.cited)
            (result,) = checking.run(base)
        return list(result.findings)
