"""The facts part of `FactDB` (`kzfacts.api`): add, edit, import and load facts, and read
them and their entities, through the services the CLI calls. Each write is one transaction.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzfacts.api_connection import Connection
from kzfacts.text.limits import MAX_GAP

if TYPE_CHECKING:
    from kzfacts.checks.fact import FactResult
    from kzfacts.results import EditedFact, ImportResult
    from kzfacts.services.audit import Progress
    from kzfacts.services.facts.refresh import Refresh
    from kzfacts.services.facts.storage import FactStore
    from kzfacts.services.facts.timeline import EntityProfile
    from kzfacts.services.records.load import LoadResult
    from kzfacts.store.models import Fact

VIA = "kzfacts API"
"""How a fact's history names the way a change came in, for changes made through FactDB."""


class FactsAPI(Connection):
    """What `FactDB` does to facts and reads of them."""

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
        supersedes: str | None = None,
        event: str | None = None,
        by: str | None = None,
        dry_run: bool = False,
        via: str = VIA,
    ) -> EditedFact:
        """Change a fact, checked as a new one is; None leaves a field as it is, "" clears
        `as_of`, `note`, `supersedes` or `event`. The old version stays in the fact's history."""
        from kzfacts.results import EditedFact
        from kzfacts.services.facts.edit import FactChanges
        from kzfacts.services.facts.edit import edit_fact as edit_stored_fact
        from kzfacts.services.facts.writer import FactWriter
        from kzfacts.store.session_store import SessionStore

        changes = FactChanges(
            value=value, quote=quote, subject=subject, entity=entity, new_entity=new_entity,
            predicate=predicate, as_of=as_of, note=note, source=source, supersedes=supersedes,
            event=event,
        )  # fmt: skip
        with self.write() as session:
            writer = FactWriter(SessionStore(session), self.root, created_by=via, by=by)
            edit = edit_stored_fact(session, writer, fact_id, changes, write=not dry_run)
            if dry_run:
                session.rollback()
        return EditedFact(edit.accepted, edit.changes)

    def refresh_facts(
        self,
        fact_ids: Iterable[str] = (),
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> Refresh:
        """Derive the stored facts' value bounds and times of validity again by this release's
        rules (default: every fact), and store those that changed, in one transaction; with
        `dry_run`, only say which would change. What editors stated and the facts' histories
        stay as they are (`services/facts/refresh.py`)."""
        from kzfacts.services.facts.refresh import refresh_facts
        from kzfacts.services.facts.writer import FactWriter
        from kzfacts.store.session_store import SessionStore

        with self.write() as session:
            writer = FactWriter(SessionStore(session), self.root)
            refresh = refresh_facts(
                session, writer, tuple(fact_ids), write=not dry_run, progress=progress
            )
            if dry_run:
                session.rollback()
        return refresh

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
        from kzfacts.services.collector import pause_collector
        from kzfacts.services.facts.imports import import_in_parallel
        from kzfacts.services.facts.writer import FactWriter
        from kzfacts.services.records.read import read_records

        def make_writer(store: FactStore) -> FactWriter:
            return FactWriter(store, self.root, created_by=via, by=by, max_gap=max_gap)

        resume = pause_collector()  # the records, results and rows live until the end
        try:
            numbered = (
                read_records(Path(records))
                if isinstance(records, str | os.PathLike)
                else list(enumerate((dict(r) for r in records), start=1))
            )
            with self._fact_store(keep=not dry_run) as (store, parallel):
                writer, accepted, errors = import_in_parallel(
                    store,
                    make_writer,
                    numbered,
                    progress,
                    workers=workers if parallel else 1,
                    dry_run=dry_run,
                )
                if errors:
                    raise RecordsRefused(errors, len(numbered))
                if not dry_run:
                    writer.write(accepted)
        finally:
            resume()
        return ImportResult(tuple(accepted), tuple(number for number, _ in numbered))

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
