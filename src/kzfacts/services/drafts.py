"""Drafts: the facts a draft is checked against, loaded once from the database.

The loading SQL is written once (plain column selects, no ORM objects) and runs on an SQLite
file through the standard library's `sqlite3` — a check of an SQLite file never loads
SQLAlchemy, whose import alone costs more than loading ten thousand facts — or through the
session of a database named by a URL; both give the same rows in the same order, so the check
prints the same bytes either way. The check indexes the facts once (see
`checks.fact_index.FactBase`).
"""

from __future__ import annotations

import bisect
import os
import sqlite3
from collections import defaultdict
from collections.abc import Collection, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

from kzfacts.checks.drafts import (
    DraftResult,
    SentenceValues,
    check_draft,
    read_texts,
    texts_to_read,
)
from kzfacts.checks.fact_index import EntityRecord, FactBase, closest_ids_of
from kzfacts.checks.findings import Finding, Severity
from kzfacts.checks.prose import is_markdown, parse_draft
from kzfacts.services.collector import pause_collector
from kzfacts.services.worker_exit import exit_with_parent, worker_context
from kzfacts.text.lines import LineBreaks

if TYPE_CHECKING:
    from sqlmodel import Session

    from kzfacts.formats.claimreviews import ReviewedSentence

PARALLEL_MIN_SENTENCES = 2000
"""Below this many sentence texts to read, a second process costs more than it saves."""
READ_CHUNK = 100
"""Sentence texts per task of the second process: small, so that the work is shared evenly."""

Database: TypeAlias = "sqlite3.Connection | Session"
"""An SQLite file opened with `sqlite3`, or a session of a database named by a URL."""

PREDICATE_TYPES = "SELECT predicate.name, predicate.value_type FROM predicate"
SOURCE_DATES = "SELECT source.id, source.published FROM source"
UNCITED_COLUMNS = (
    "fact.id, fact.entity_id, fact.predicate, fact.value, fact.value_low, fact.value_high, "
    "fact.value_unit"
)
FACT_COLUMNS = f"{UNCITED_COLUMNS}, fact.value_category, fact.quote, fact.source_id"
FACTS = f"SELECT {FACT_COLUMNS} FROM fact"
UNCITED_FACTS = f"SELECT {UNCITED_COLUMNS} FROM fact"
"""Every fact without its category, quote and source (a fifth of the reading), which only a
fact the draft cites needs: those are read again in full (`CITED_FACTS`)."""
CITED_FACTS = f"SELECT {FACT_COLUMNS} FROM fact WHERE fact.id IN "
CITED_AT_ONCE = 500
"""Cited ids per query (bound parameters: within SQLite's and PostgreSQL's limits)."""
ALIASES = "SELECT alias.entity_id, alias.name FROM alias ORDER BY alias.id"
ENTITIES = "SELECT entity.id, entity.kind, entity.name FROM entity"
LAST_RUN = "SELECT auditrun.id FROM auditrun ORDER BY auditrun.id DESC LIMIT 1"
RUN_ERRORS = (
    "SELECT finding.fact_id, finding.code FROM finding WHERE finding.run_id = :run "
    "AND finding.severity = :severity AND finding.fact_id IS NOT NULL"
)
REMOVED_FACTS = (
    "SELECT factversion.fact_id, factversion.reason FROM factversion "
    "WHERE factversion.action = 'removed' AND factversion.version = "
    "(SELECT max(latest.version) FROM factversion AS latest "
    "WHERE latest.fact_id = factversion.fact_id)"
)
"""Removed facts (their last version is a removal; `services.facts.history` writes it) and why.
The last version is looked up for the removals alone (grouping every fact's versions to find
each one's last took 0.07 s of CPU at 100,000 facts, this 0.01 s)."""
SOURCE_URLS = (
    "SELECT fact.id, source.url FROM fact JOIN source ON source.id = fact.source_id "
    "WHERE source.url IS NOT NULL"
)


class StoredFact(NamedTuple):
    """A fact row as the draft check reads it (`checks.fact_index.FactRow`)."""

    id: str
    entity_id: str | None
    predicate: str
    value: str
    value_low: float | None
    value_high: float | None
    value_unit: str | None
    value_category: str | None
    quote: str | None
    source_id: str | None


class UncitedFact(NamedTuple):
    """A fact row as the draft check reads it for a fact the drafts do not cite: what finds
    and names it as a suggestion (`checks.fact_index.FactRow`)."""

    id: str
    entity_id: str | None
    predicate: str
    value: str
    value_low: float | None
    value_high: float | None
    value_unit: str | None

    @property
    def value_category(self) -> None:
        return None

    @property
    def quote(self) -> None:
        return None

    @property
    def source_id(self) -> None:
        return None


_stored_fact = partial(tuple.__new__, StoredFact)
"""A row as a `StoredFact`, made in C (`StoredFact._make` runs Python for each of 100,000)."""
_uncited_fact = partial(tuple.__new__, UncitedFact)


def _rows(database: Database, sql: str, params: dict[str, Any] | None = None) -> Sequence[Any]:
    """All rows of one query, in one fetch (row by row costs as much again)."""
    if isinstance(database, sqlite3.Connection):
        return database.execute(sql, params or {}).fetchall()
    from sqlalchemy import text

    return database.execute(text(sql), params or {}).all()


def _date(value: date | str | None) -> date | None:
    """A stored date: `sqlite3` returns the ISO text SQLAlchemy stores in an SQLite file."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def load_fact_base(database: Database, cited: Collection[str] | None = None) -> FactBase:
    """Every fact with what the draft checks need, and the facts the last audit found broken.

    With `cited` (the ids the drafts cite: `DraftCheck.cited`), only those facts are read with
    their category, quote and source; the others' are None, which no check of those drafts
    reads."""
    value_types = dict(_rows(database, PREDICATE_TYPES))
    published = {source_id: _date(day) for source_id, day in _rows(database, SOURCE_DATES)}
    facts: list[StoredFact] | list[UncitedFact]
    if cited is None:
        facts = list(map(_stored_fact, _rows(database, FACTS)))
    else:
        facts = list(map(_uncited_fact, _rows(database, UNCITED_FACTS)))
    aliases: dict[str, list[str]] = defaultdict(list)
    for entity_id, name in _rows(database, ALIASES):
        aliases[entity_id].append(name)
    entities = [
        EntityRecord(entity_id, kind, (name, *aliases.get(entity_id, ())))
        for entity_id, kind, name in _rows(database, ENTITIES)
    ]
    run_id, broken = last_audit_errors(database)
    removed = {fact_id: reason or "" for fact_id, reason in _rows(database, REMOVED_FACTS)}
    base = FactBase(
        facts,
        entities,
        broken,
        run_id,
        removed,
        value_types=value_types,
        published=published,
    )
    if cited is not None:  # in their places: the facts' order is the closest ids' tie order
        base.facts.update((fact.id, fact) for fact in _cited_facts(database, cited))
    return base


def _cited_facts(database: Database, cited: Collection[str]) -> list[StoredFact]:
    """The cited facts (those that exist), each with every column the check reads."""
    keys = sorted(cited)
    found: list[StoredFact] = []
    for start in range(0, len(keys), CITED_AT_ONCE):
        chunk = keys[start : start + CITED_AT_ONCE]
        names = ", ".join(f":id{i}" for i in range(len(chunk)))
        params = {f"id{i}": key for i, key in enumerate(chunk)}
        found.extend(map(_stored_fact, _rows(database, f"{CITED_FACTS}({names})", params)))
    return found


def last_audit_errors(database: Database) -> tuple[int | None, dict[str, list[str]]]:
    """The last audit run's id and, per fact, the codes of its error findings."""
    last = _rows(database, LAST_RUN)
    if not last:
        return None, {}
    run_id = last[0][0]
    broken: dict[str, list[str]] = defaultdict(list)
    params = {"run": run_id, "severity": Severity.ERROR.value}
    for fact_id, code in _rows(database, RUN_ERRORS, params):
        broken[fact_id].append(code)
    return run_id, dict(broken)


def cited_sentences(label: str, text: str, findings: list[Finding]) -> list[ReviewedSentence]:
    """Every sentence of a draft that cites a fact (what `check --format claimreview` reviews),
    with the findings that stand in it, in their order.

    Sentences are placed by bisection over the draft's line breaks and findings over their
    places, sorted once (counting the breaks before each sentence and scanning every finding
    for each took 18 s for a draft of 7,000 cited sentences)."""
    from kzfacts.formats.claimreviews import ReviewedSentence  # a review alone needs it

    draft = parse_draft(text, markdown=is_markdown(label))
    lines = LineBreaks(text)
    placed = sorted(
        (f.location.line, f.location.column, n)
        for n, f in enumerate(findings)
        if f.location is not None
    )
    places = [(line, column) for line, column, _n in placed]
    cited = []
    for sentence in draft.sentences:
        if not sentence.citations:
            continue
        start, end = lines.place(sentence.start), lines.place(sentence.end)
        first, last = bisect.bisect_left(places, start), bisect.bisect_left(places, end)
        inside = tuple(findings[n] for n in sorted(p[2] for p in placed[first:last]))
        keys = tuple(dict.fromkeys(c.key for c in sentence.citations))
        said = " ".join(text[sentence.start : sentence.end].split())
        cited.append(ReviewedSentence(said, *start, keys, inside))
    return cited


def front_matter(text: str) -> dict[str, Any]:
    """The draft's leading YAML block (`---` … `---`), or {} when it has none or it is not
    a mapping: the author, date, title and url a review names."""
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}
    import yaml  # only a review reads the front matter

    for end, line in enumerate(lines[1:], 1):
        if line.rstrip() in ("---", "..."):
            try:
                data = yaml.safe_load("\n".join(lines[1:end]))
            except yaml.YAMLError:
                return {}
            return data if isinstance(data, dict) else {}
    return {}


def source_urls(database: Database) -> dict[str, str]:
    """Each fact's source URL, for facts whose source has one."""
    return {fact_id: url for fact_id, url in _rows(database, SOURCE_URLS)}


def read_draft(path: Path) -> str:
    """The draft's text; OSError or UnicodeDecodeError when it cannot be read as UTF-8 text."""
    return path.read_text(encoding="utf-8-sig")


class DraftCheck:
    """Checking drafts, started before the facts are loaded: when there are enough sentences, a
    second process reads their values (most of a check's time) meanwhile, chunk by chunk from
    the first; `run` takes back the chunks it has not started, from the last, until they meet.

    From its start to its end (`close`) the cyclic garbage collector is paused, in this process
    and the second: the check makes millions of objects (the sentences, a hundred thousand fact
    rows, their index) and no cycles to speak of, so that each full collection scanned them all
    for nothing (at 100,000 facts a sixth of the check's own time). Its garbage is freed by
    reference counting as before; the collector runs again at `close`, after the values read
    are dropped and, when the caller keeps no reference to the facts given to `run`, after the
    facts are freed: its first collection then scans what the check leaves, not the facts
    (0.15-0.21 s of CPU at 100,000 facts when they were still held, now 0.02 s). Use it in a
    `with` block: a check never closed leaves the collector paused.
    """

    def __init__(self, drafts: list[tuple[str, str]]) -> None:
        self._futures: list[Future[dict[str, SentenceValues]]] = []
        self._pool: ProcessPoolExecutor | None = None
        self._resume_collector = pause_collector()
        try:
            self._start(drafts)
        except BaseException:
            self.close()
            raise

    def _start(self, drafts: list[tuple[str, str]]) -> None:
        self.drafts = drafts
        self.parsed = [parse_draft(text, markdown=is_markdown(label)) for label, text in drafts]
        texts = list(dict.fromkeys(t for d in self.parsed for t in texts_to_read(d)))
        self._chunks = [texts[i : i + READ_CHUNK] for i in range(0, len(texts), READ_CHUNK)]
        self._read_here: dict[str, SentenceValues] = {}
        if texts and len(texts) >= PARALLEL_MIN_SENTENCES and (os.cpu_count() or 1) > 1:
            # The first chunk is read here, before the second process is forked: the value
            # patterns most sentences need are compiled once, not once in each process.
            self._read_here = read_texts(self._chunks.pop(0))
            try:
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=worker_context(),
                    initializer=exit_with_parent,
                    initargs=(os.getpid(),),
                )
                self._futures = [self._pool.submit(read_texts, c) for c in self._chunks]
            except OSError:  # no second process to be had: the rest is read in `run`
                self._stop_reading()

    @property
    def cited(self) -> set[str]:
        """Every id the drafts cite: the facts `load_fact_base` reads in full."""
        return {c.key for draft in self.parsed for c in draft.citations}

    def __enter__(self) -> DraftCheck:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the second process, drop the values read, run the collector again."""
        self._stop_reading()
        self._read_here = {}
        self._resume_collector()

    def _stop_reading(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        self._futures = []

    def _read(self) -> dict[str, SentenceValues]:
        read = self._read_here
        if not self._futures:
            read.update(read_texts(t for chunk in self._chunks for t in chunk))
            return read
        pending = list(zip(self._chunks, self._futures, strict=True))
        while pending and pending[-1][1].cancel():
            read.update(read_texts(pending.pop()[0]))
        for chunk, future in pending:
            try:
                read.update(future.result())
            except Exception:  # the second process failed or died: read it here
                read.update(read_texts(chunk))
        return read

    def run(self, base: FactBase) -> list[DraftResult]:
        """Each draft's findings against `base`; the second process, done reading, looks up
        the ids closest to the unknown ones meanwhile."""
        read = self._read()
        keys = base.unknown(c.key for draft in self.parsed for c in draft.citations)
        if self._pool is not None and keys:
            try:
                closest = self._pool.submit(closest_ids_of, list(base.facts), keys)
            except Exception:  # no second process to take it: looked up here
                pass
            else:
                base.closest_from(lambda: _taken(closest))
        try:
            return [
                check_draft(label, text, base, draft=draft, read=read)
                for (label, text), draft in zip(self.drafts, self.parsed, strict=True)
            ]
        finally:
            self._stop_reading()


def _taken(
    closest: Future[dict[str, list[tuple[str, float]]]],
) -> dict[str, list[tuple[str, float]]]:
    """The second process's closest ids, or none when it failed in any way, died included
    (they are then looked up here)."""
    try:
        return closest.result()
    except Exception:
        return {}


def citing_drafts(drafts: list[tuple[str, str]], fact_id: str) -> list[tuple[str, int]]:
    """(label, line) of every citation of `fact_id` in the given (label, text) drafts."""
    found: list[tuple[str, int]] = []
    for label, text in drafts:
        draft = parse_draft(text, markdown=is_markdown(label))
        found.extend(
            (label, text.count("\n", 0, c.start) + 1) for c in draft.citations if c.key == fact_id
        )
    return found
