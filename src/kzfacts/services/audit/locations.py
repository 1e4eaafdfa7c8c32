"""A place in a file for every audit finding, as GitHub code scanning requires of each result.

A fact's own findings already stand at its quote. The others get one here: a contradiction
at its first fact's quote, with the other facts' quotes as related locations; a duplicate
entity at the line of the entities file that defines it (else its first fact's quote); a
missing source at its `sources.toml` entry (else the path it was registered with); a fact
without a source at the line of the facts file that defines it.
"""

from __future__ import annotations

import re
import sqlite3
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import replace
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzfacts.checks.findings import RELATED_LOCATIONS as RELATED
from kzfacts.checks.findings import Code, Finding, Location, locate
from kzfacts.services.errors import Refused
from kzfacts.services.sources.files import read_source_text
from kzfacts.text.normalize import line_and_column

if TYPE_CHECKING:
    from sqlmodel import Session

    from kzfacts.services.facts.imports import RecordError

_BREAK = re.compile(r"[\r\n]")
_CRLF = re.compile(r"\r\n")


COUNTED_LOOKUPS = 4
"""Offsets of a text without carriage returns placed by counting its line feeds before its
line breaks are indexed: most sources of an audit get a finding or two, and counting (in C)
costs less than indexing a text of some hundred kilobytes."""


class LineIndex:
    """The line breaks of a text, indexed when first needed: the line and column of an offset
    by bisection, as `line_and_column` counts them (a line ends at LF, CRLF or a lone CR),
    instead of counting from the start of the text for each finding (an audit places one for
    every moved quote). The first few offsets of a text of line feeds alone are counted
    (`COUNTED_LOOKUPS`)."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.text = text
        self._counted = 0 if "\r" not in text else COUNTED_LOOKUPS
        self._breaks: list[int] | None = None
        self._pairs: list[int] = []

    def _index(self) -> list[int]:
        if self._breaks is None:
            if "\r" in self.text:
                self._breaks = [m.start() for m in _BREAK.finditer(self.text)]
                self._pairs = [m.start() for m in _CRLF.finditer(self.text)]
            else:  # line feeds alone: found by splitting (several times faster than a pattern)
                ends = accumulate(len(line) + 1 for line in self.text.split("\n"))
                self._breaks = [end - 1 for end in ends][:-1]
        return self._breaks

    def line_and_column(self, offset: int) -> tuple[int, int]:
        if not 0 <= offset <= self.length:
            return line_and_column(self.text, offset)
        if self._counted < COUNTED_LOOKUPS:
            self._counted += 1
            line_start = self.text.rfind("\n", 0, offset) + 1
            return self.text.count("\n", 0, offset) + 1, offset - line_start + 1
        breaks = self._index()
        before = bisect_left(breaks, offset)  # LF and CR before the offset
        pairs = bisect_left(self._pairs, offset - 1)  # CRLF wholly before it: one break each
        line_start = breaks[before - 1] + 1 if before else 0
        return before - pairs + 1, offset - line_start + 1

    def locate(self, path: str, start: int, end: int | None = None) -> Location:
        """What `findings.locate(path, text, start, end)` gives."""
        line, column = self.line_and_column(start)
        if end is None:
            return Location(path, line, column)
        return Location(path, line, column, *self.line_and_column(end))


_IDS_PER_QUERY = 500  # below every backend's limit on bound parameters
_ENTITY_FILES = ("entities/*.yaml", "entities/*.yml", "entities.yaml", "entities.yml")
_FACT_FILES = ("facts/*.yaml", "facts/*.yml", "facts/*.jsonl", "facts/*.csv", "facts.yaml")


class _Places:
    """Source texts, fact spans and definition files, each read at most once."""

    def __init__(self, database: sqlite3.Connection | Session, root: Path) -> None:
        self.root = root
        self.database = database
        self.sources = {row[0]: row[1] for row in self._rows("SELECT id, path FROM source", {})}
        self._spans: dict[str, tuple[str | None, int | None, int | None]] = {}
        self._texts: dict[str, str | None] = {}
        self._first_fact: dict[str, str | None] = {}
        self._entries: dict[str, Location | None] = {}
        self._definitions: dict[tuple[tuple[str, ...], tuple[Path, ...]], dict[str, Location]] = {}

    def _rows(self, sql: str, params: dict[str, str]) -> list[Any]:
        """One query, the same SQL through the standard library (an SQLite file read without
        SQLAlchemy, after a warm audit) or through the ORM's session."""
        if isinstance(self.database, sqlite3.Connection):
            return self.database.execute(sql, params).fetchall()
        from sqlalchemy import text

        return list(self.database.execute(text(sql), params).all())

    def _chunks(self, sql: str, keys: list[str]) -> Iterable[Any]:
        """The rows of `sql` (its `IN ({keys})` filled) for `keys`, a chunk of them at a time."""
        for start in range(0, len(keys), _IDS_PER_QUERY):
            chunk = keys[start : start + _IDS_PER_QUERY]
            params = {f"k{i}": key for i, key in enumerate(chunk)}
            yield from self._rows(sql.format(keys=", ".join(f":{name}" for name in params)), params)

    def read_spans(self, fact_ids: Iterable[str]) -> None:
        """Read the spans of these facts (only the findings' facts: not the whole table)."""
        wanted = sorted({f for f in fact_ids if f not in self._spans})
        sql = "SELECT id, source_id, position_start, position_end FROM fact WHERE id IN ({keys})"
        for fact_id, source_id, start, end in self._chunks(sql, wanted):
            self._spans[fact_id] = (source_id, start, end)

    def read_first_facts(self, entity_ids: Iterable[str]) -> None:
        """Each entity's first fact by id, whose quote stands for it when nothing defines it."""
        wanted = sorted(set(entity_ids) - set(self._first_fact))
        sql = "SELECT entity_id, min(id) FROM fact WHERE entity_id IN ({keys}) GROUP BY entity_id"
        found = {entity: first for entity, first in self._chunks(sql, wanted)}
        self._first_fact.update({entity: found.get(entity) for entity in wanted})
        self.read_spans(f for f in self._first_fact.values() if f is not None)

    def first_fact(self, entity_id: str) -> str | None:
        if entity_id not in self._first_fact:
            self.read_first_facts([entity_id])
        return self._first_fact[entity_id]

    def text(self, source_id: str) -> str | None:
        if source_id not in self._texts:
            path = self.sources.get(source_id)
            try:
                self._texts[source_id] = (
                    read_source_text(self.root / path).text if path is not None else None
                )
            except (Refused, OSError):
                self._texts[source_id] = None
        return self._texts[source_id]

    def quote(self, fact_id: str) -> Location | None:
        source_id, start, end = self._spans.get(fact_id, (None, None, None))
        text = self.text(source_id) if source_id else None
        if source_id is None or text is None or start is None:
            return None
        start = min(start, len(text))
        return locate(self.sources[source_id], text, start, min(end or start, len(text)))

    def definition(
        self, patterns: Iterable[str], folders: Iterable[Path], key: str
    ) -> Location | None:
        """The line `id: KEY` (YAML), `id = "KEY"` (TOML) or `"id": "KEY"` (JSON) defining KEY.
        Each set of files is read once, however many findings look in it."""
        where = (tuple(patterns), tuple(folders))
        if where not in self._definitions:
            self._definitions[where] = self._index_definitions(*where)
        return self._definitions[where].get(key)

    def _index_definitions(
        self, patterns: tuple[str, ...], folders: tuple[Path, ...]
    ) -> dict[str, Location]:
        """Every id these files define, at its first definition (folders, then patterns, then
        paths in order)."""
        index: dict[str, Location] = {}
        for folder in folders:
            for pattern in patterns:
                for path in sorted(folder.glob(pattern)):
                    for number, key in _id_lines(path):
                        index.setdefault(key, Location(self._relative(path), number, 1))
        return index

    def folders(self) -> list[Path]:
        """The root and its direct subfolders: where `kzfacts load` folders usually sit."""
        try:
            children = sorted(p for p in self.root.iterdir() if p.is_dir() and p.name[0] != ".")
        except OSError:
            children = []
        return [self.root, *children]

    def source_entry(self, source_id: str) -> Location | None:
        """`_find_source_entry`, once for each source (all its facts' findings stand there)."""
        if source_id not in self._entries:
            self._entries[source_id] = self._find_source_entry(source_id)
        return self._entries[source_id]

    def _find_source_entry(self, source_id: str) -> Location | None:
        """The `sources.toml` entry beside the source file (or above it), else its registered path."""
        path = self.sources.get(source_id)
        if path is None:
            return None
        folder = (self.root / path).parent
        while True:
            found = self.definition(("sources.toml",), (folder,), source_id)
            if found is not None:
                return found
            if folder == self.root or self.root not in folder.parents:
                return Location(path, 1, 1)
            folder = folder.parent

    def _relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


_ID_LINE = re.compile(r"""^\s*(?:-\s*)?["']?id["']?\s*[:=]\s*["']?(?P<key>.+?)["']?\s*[,}]?\s*$""")
_FLOW_ID_LINE = re.compile(r"""^\s*(?:-\s*)?\{\s*["']?id["']?\s*:\s*["']?(?P<key>[^"',}\s]+)""")
"""A mapping on one line that opens with its id: a YAML flow item `- {id: KEY, name: …}`, a
JSON Lines record `{"id": "KEY", …}`."""


def _id_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, id) of each line of `path` that defines an id."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return [
                (number, found.group("key"))
                for number, line in enumerate(handle, 1)
                if (found := _ID_LINE.match(line) or _FLOW_ID_LINE.match(line)) is not None
            ]
    except OSError:
        return []


def _as_detail(location: Location, fact: str | None) -> dict[str, Any]:
    return {"fact": fact, **location.to_dict()}


def _related_from_sides(finding: Finding) -> Finding:
    """A contradiction the audit placed already (each side at its quote): its other sides
    become the related locations."""
    if finding.code is not Code.CONTRADICTION or RELATED in finding.detail:
        return finding
    related = [
        {"fact": side.get("fact"), **side["location"]}
        for side in finding.detail.get("sides", [])
        if isinstance(side, dict) and side.get("location") and side.get("fact") != finding.fact
    ]
    if not related:
        return finding
    return replace(finding, detail={**finding.detail, RELATED: related})


def _place(finding: Finding, places: _Places) -> Finding:
    if finding.code is Code.CONTRADICTION:
        sides = [s.get("fact") for s in finding.detail.get("sides", []) if isinstance(s, dict)]
        spots = [(fact, places.quote(str(fact))) for fact in sides if fact]
        located = [(fact, spot) for fact, spot in spots if spot is not None]
        if not located:
            return finding
        (_, first), others = located[0], located[1:]
        related = [_as_detail(spot, fact) for fact, spot in others]
        return replace(finding, location=first, detail={**finding.detail, RELATED: related})
    if finding.code is Code.DUPLICATE_ENTITY:
        entities = [str(e) for e in finding.detail.get("entities", [])]
        for entity in entities:
            spot = places.definition(_ENTITY_FILES, places.folders(), entity)
            if spot is not None:
                return replace(finding, location=spot)
        for entity in entities:
            fact = places.first_fact(entity)
            spot = places.quote(fact) if fact else None
            if spot is not None:
                return replace(finding, location=spot)
        return finding
    if finding.code is Code.SOURCE_MISSING and finding.source:
        spot = places.source_entry(finding.source)
        return replace(finding, location=spot) if spot is not None else finding
    if finding.fact:
        spot = places.quote(finding.fact) or places.definition(
            _FACT_FILES, places.folders(), finding.fact
        )
        return replace(finding, location=spot) if spot is not None else finding
    return finding


def place_findings(
    database: sqlite3.Connection | Session, root: Path, findings: list[Finding]
) -> list[Finding]:
    """Every finding with a location where one can be found (those that have one are kept);
    `database` an SQLite file opened with the standard library, or a session."""
    findings = [_related_from_sides(f) for f in findings]
    if all(f.location is not None for f in findings):
        return findings
    places = _Places(database, root)
    places.read_spans(_facts_of(f for f in findings if f.location is None))
    places.read_first_facts(
        str(entity)
        for f in findings
        if f.location is None and f.code is Code.DUPLICATE_ENTITY
        for entity in f.detail.get("entities", [])
    )
    return [f if f.location is not None else _place(f, places) for f in findings]


def _facts_of(findings: Iterable[Finding]) -> set[str]:
    """The facts whose quotes may place these findings: their own, and a contradiction's sides."""
    facts: set[str] = set()
    for finding in findings:
        if finding.fact:
            facts.add(finding.fact)
        for side in finding.detail.get("sides", []):
            if isinstance(side, dict) and side.get("fact"):
                facts.add(str(side["fact"]))
    return facts


_LINE_PER_RECORD = (".jsonl", ".csv")
"""Records files whose record numbers are line numbers."""


def refused_records(errors: Iterable[tuple[str, RecordError]], root: Path) -> list[Finding]:
    """The records a folder's load refused, as findings at their places: a JSON Lines or CSV
    record's line, a YAML record's `id:` line (else the file's first), so that a fresh audit
    that cannot load its folder still reports in its format (code scanning, annotations)."""
    findings: list[Finding] = []
    ids: dict[str, dict[str, int]] = {}
    for name, error in errors:
        path = Path(name)
        if path.suffix.lower() in _LINE_PER_RECORD:
            line = error.number
        else:
            if name not in ids:  # each id at its first line
                ids[name] = {key: number for number, key in reversed(_id_lines(path))}
            line = ids[name].get(error.fact_id or "", 1)
        try:
            code = Code(error.code)
        except ValueError:
            code = Code.INVALID_RECORD
        try:
            shown = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            shown = path.as_posix()
        message = f"record {error.number} is refused: {error.message}"
        findings.append(Finding(code, message, error.fact_id, location=Location(shown, line, 1)))
    return findings
