"""Drafts: the facts a draft is checked against, loaded once from the database.

Plain column selects on the session's connection, not ORM objects nor the ORM's result
layer: a database of a hundred thousand facts loads in a fraction of a second this way, and the
check indexes them once (see `checks.fact_index.FactBase`).
"""

from __future__ import annotations

import os
import threading
import time
from collections import defaultdict
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select as core_select
from sqlmodel import Session, col

from kzfacts.checks.drafts import (
    DraftResult,
    SentenceValues,
    check_draft,
    read_texts,
    texts_to_read,
)
from kzfacts.checks.fact_index import EntityRecord, FactBase
from kzfacts.checks.findings import Finding, Severity, locate
from kzfacts.checks.prose import is_markdown, parse_draft
from kzfacts.formats.claimreviews import ReviewedSentence
from kzfacts.services.facts.history import removed_facts
from kzfacts.store.models import Alias, AuditRun, Entity, Fact, Predicate, Source
from kzfacts.store.models import Finding as FindingRow

PARALLEL_MIN_SENTENCES = 2000
"""Below this many sentence texts to read, a second process costs more than it saves."""
READ_CHUNK = 100
"""Sentence texts per task of the second process: small, so that the work is shared evenly."""


def load_fact_base(session: Session) -> FactBase:
    """Every fact with what the draft checks need, and the facts the last audit found broken."""
    connection = session.connection()  # Core rows: the ORM's result layer doubles the cost
    value_types = dict(
        connection.execute(core_select(col(Predicate.name), col(Predicate.value_type))).all()
    )
    published = dict(connection.execute(core_select(col(Source.id), col(Source.published))).all())
    facts = connection.execute(
        core_select(
            col(Fact.id),
            col(Fact.entity_id),
            col(Fact.predicate),
            col(Fact.value),
            col(Fact.value_low),
            col(Fact.value_high),
            col(Fact.value_unit),
            col(Fact.value_category),
            col(Fact.quote),
            col(Fact.source_id),
        )
    ).all()  # one fetch: row by row costs as much again
    aliases: dict[str, list[str]] = defaultdict(list)
    for entity_id, name in connection.execute(
        core_select(col(Alias.entity_id), col(Alias.name)).order_by(col(Alias.id))
    ):
        aliases[entity_id].append(name)
    entities = [
        EntityRecord(entity_id, kind, (name, *aliases.get(entity_id, ())))
        for entity_id, kind, name in connection.execute(
            core_select(col(Entity.id), col(Entity.kind), col(Entity.name))
        )
    ]
    run_id, broken = last_audit_errors(session)
    return FactBase(
        facts,
        entities,
        broken,
        run_id,
        removed_facts(session),
        value_types=value_types,
        published=published,
    )


def last_audit_errors(session: Session) -> tuple[int | None, dict[str, list[str]]]:
    """The last audit run's id and, per fact, the codes of its error findings."""
    run_id = session.execute(
        core_select(col(AuditRun.id)).order_by(col(AuditRun.id).desc()).limit(1)
    ).scalar()
    broken: dict[str, list[str]] = defaultdict(list)
    if run_id is None:
        return None, {}
    for fact_id, code in session.execute(
        core_select(col(FindingRow.fact_id), col(FindingRow.code)).where(
            col(FindingRow.run_id) == run_id,
            col(FindingRow.severity) == Severity.ERROR.value,
            col(FindingRow.fact_id).is_not(None),
        )
    ):
        if fact_id is not None:
            broken[fact_id].append(code)
    return run_id, dict(broken)


def cited_sentences(label: str, text: str, findings: list[Finding]) -> list[ReviewedSentence]:
    """Every sentence of a draft that cites a fact (what `check --format claimreview` reviews)."""
    draft = parse_draft(text, markdown=is_markdown(label))
    cited = []
    for sentence in draft.sentences:
        if not sentence.citations:
            continue
        span = locate(label, text, sentence.start, sentence.end)
        start, end = (span.line, span.column), (span.end_line or span.line, span.end_column or 0)
        inside = tuple(
            f
            for f in findings
            if f.location is not None and start <= (f.location.line, f.location.column) < end
        )
        keys = tuple(dict.fromkeys(c.key for c in sentence.citations))
        said = " ".join(text[sentence.start : sentence.end].split())
        cited.append(ReviewedSentence(said, span.line, span.column, keys, inside))
    return cited


def front_matter(text: str) -> dict[str, Any]:
    """The draft's leading YAML block (`---` … `---`), or {} when it has none or it is not
    a mapping: the author, date, title and url a review names."""
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}
    for end, line in enumerate(lines[1:], 1):
        if line.rstrip() in ("---", "..."):
            try:
                data = yaml.safe_load("\n".join(lines[1:end]))
            except yaml.YAMLError:
                return {}
            return data if isinstance(data, dict) else {}
    return {}


def source_urls(session: Session) -> dict[str, str]:
    """Each fact's source URL, for facts whose source has one."""
    rows = session.execute(
        core_select(col(Fact.id), col(Source.url))
        .join(Source, col(Source.id) == col(Fact.source_id))
        .where(col(Source.url).is_not(None))
    )
    return {fact_id: url for fact_id, url in rows}


def read_draft(path: Path) -> str:
    """The draft's text; OSError or UnicodeDecodeError when it cannot be read as UTF-8 text."""
    return path.read_text(encoding="utf-8-sig")


def check_drafts(base: FactBase, drafts: list[tuple[str, str]]) -> list[DraftResult]:
    """Check each (label, text) draft; the label is how findings name the file."""
    with DraftCheck(drafts) as checking:
        return checking.run(base)


PARENT_POLL_SECONDS = 0.2
"""How often the second process checks that the check that started it is still there."""


def _watch_parent(parent: int) -> None:
    """In the second process: exit once the check is gone (killed), so it never outlives it."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


class DraftCheck:
    """Checking drafts, started before the facts are loaded: when there are enough sentences, a
    second process reads their values (most of a check's time) meanwhile, chunk by chunk from
    the first; `run` takes back the chunks it has not started, from the last, until they meet.
    """

    def __init__(self, drafts: list[tuple[str, str]]) -> None:
        self.drafts = drafts
        self.parsed = [parse_draft(text, markdown=is_markdown(label)) for label, text in drafts]
        texts = list(dict.fromkeys(t for d in self.parsed for t in texts_to_read(d)))
        self._chunks = [texts[i : i + READ_CHUNK] for i in range(0, len(texts), READ_CHUNK)]
        self._futures: list[Future[dict[str, SentenceValues]]] = []
        self._pool: ProcessPoolExecutor | None = None
        if len(texts) >= PARALLEL_MIN_SENTENCES and (os.cpu_count() or 1) > 1:
            try:
                self._pool = ProcessPoolExecutor(
                    max_workers=1, initializer=_watch_parent, initargs=(os.getpid(),)
                )
                self._futures = [self._pool.submit(read_texts, c) for c in self._chunks]
            except OSError:  # no second process to be had: everything is read in `run`
                self.close()

    def __enter__(self) -> DraftCheck:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        self._futures = []

    def _read(self) -> dict[str, SentenceValues]:
        if not self._futures:
            return read_texts(t for chunk in self._chunks for t in chunk)
        read: dict[str, SentenceValues] = {}
        pending = list(zip(self._chunks, self._futures, strict=True))
        while pending and pending[-1][1].cancel():
            read.update(read_texts(pending.pop()[0]))
        for chunk, future in pending:
            try:
                read.update(future.result())
            except (BrokenProcessPool, OSError):  # the second process died: read it here
                read.update(read_texts(chunk))
        return read

    def run(self, base: FactBase) -> list[DraftResult]:
        """Each draft's findings against `base`."""
        read = self._read()
        self.close()
        return [
            check_draft(label, text, base, draft=draft, read=read)
            for (label, text), draft in zip(self.drafts, self.parsed, strict=True)
        ]


def citing_drafts(drafts: list[tuple[str, str]], fact_id: str) -> list[tuple[str, int]]:
    """(label, line) of every citation of `fact_id` in the given (label, text) drafts."""
    found: list[tuple[str, int]] = []
    for label, text in drafts:
        draft = parse_draft(text, markdown=is_markdown(label))
        found.extend(
            (label, text.count("\n", 0, c.start) + 1) for c in draft.citations if c.key == fact_id
        )
    return found
