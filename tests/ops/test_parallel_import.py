"""A parallel import (worker processes verifying whole sources, the rows written in bulk) gives
exactly what an import of one record after another gives: the same results and messages, the
same refusals, and the same rows in every table — through the standard library on an SQLite
file and through the ORM on the same file named by a URL."""

from __future__ import annotations

import gc
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from kzfacts import FactDB, RecordsRefused
from kzfacts.checks.fact import FactResult
from kzfacts.checks.subjects import EntityCatalog, EntityNames, check_subject
from kzfacts.services.errors import Refused
from kzfacts.services.facts import imports
from kzfacts.services.facts.writer import FactWriter
from kzfacts.services.records.read import read_records
from kzfacts.text.anchor import PreparedSource
from kzfacts.text.normalize import line_and_column
from kzfacts.text.prepared import WORD
from tests.cli.test_fact_add_paths import table_rows
from tests.conftest import seed_text

pytestmark = pytest.mark.sqlite_only  # drives the SQLite file both ways

AMBIGUOUS = {
    "zsk-registration-rejections-count",
    "mukhortova-status-2014-10",
    "almaty-protest-2012-01-28-date",
}
"""Seed facts whose subject, once its entity is left out, names two entities of the import."""


def seed_records() -> list[dict[str, Any]]:
    """Every shipped seed fact as a record, in file order."""
    return [
        record
        for path in sorted((Path(__file__).parents[2] / "seeds" / "facts").glob("*.yaml"))
        for _, record in read_records(path)
    ]


def variants(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The seed facts under new ids: a third resolved by subject alone (spellings recorded as
    aliases, unknown subjects made entities), a sixth made new entities, the rest as shipped."""
    out = []
    zhovtis = next(r for r in records if r["id"] == "zhovtis-sentence-length-2009")
    for n, record in enumerate(records):
        record = dict(record, id=f"v-{record['id']}")
        if n % 3 == 1 and record["id"][2:] not in AMBIGUOUS:
            record.pop("entity", None)
        elif n % 6 == 2:
            record.pop("entity", None)
            record["new_entity"] = True
        out.append(record)
    spelled = dict(zhovtis, id="v-spelled", subject="Evgenii Zhovtis")  # recorded as an alias
    spelled.pop("entity")
    return [*out, spelled, dict(zhovtis, id="v-named", subject="lawyer Evgeniy Zhovtis")]


@pytest.fixture(params=[0, 1000], ids=["entities-wait", "entities-sent"])
def sent_entities(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many entities a plan may create before its sources wait for the end of the plan:
    none (every source after the first entity waits), or all the import creates (each source
    sent at once, with the entities created since the workers started)."""
    monkeypatch.setattr(imports, "SENT_ENTITIES_MAX", request.param)
    return int(request.param)


@pytest.fixture(params=[1, 1000], ids=["rows-written-ahead", "rows-written-at-the-end"])
def written_ahead(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many accepted records in a row the import writes while its workers verify the rest:
    one (each source's rows as they come), or more than the seed facts (all at the end)."""
    monkeypatch.setattr(imports, "WRITTEN_AHEAD_MIN", request.param)
    return int(request.param)


def rows_written_ahead(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many rows each write of a parallel import made while its workers verified."""
    counts: list[int] = []
    write_ahead = FactWriter.write_ahead

    def counted(writer: FactWriter, accepted: list[FactResult]) -> None:
        before = len(writer._written)
        write_ahead(writer, accepted)
        counts.append(len(writer._written) - before)

    monkeypatch.setattr(FactWriter, "write_ahead", counted)
    return counts


def import_three_ways(
    seeded: Path, records: list[Any], monkeypatch: pytest.MonkeyPatch, *, refused: bool
) -> list[tuple[Any, dict[str, list[tuple[Any, ...]]]]]:
    """(result or refused errors, every table's rows) of the ORM on a URL, of the standard
    library one record after another, and of worker processes (which, when a record is
    `refused`, hand the records back to be checked one by one: counted)."""
    monkeypatch.setattr(imports, "PARALLEL_MIN_FACTS", 1)
    one_by_one = imports.import_records
    calls: list[int] = []

    def counted(*args: Any) -> Any:
        calls.append(len(args[1]))
        return one_by_one(*args)

    monkeypatch.setattr(imports, "import_records", counted)
    file = seeded / "records.jsonl"
    file.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    outcomes = []
    for name, workers in (("orm", 1), ("serial", 1), ("parallel", 2)):
        database = seeded / f"{name}.db"
        shutil.copy(seeded / "kzfacts.db", database)
        target = f"sqlite:///{database}" if name == "orm" else str(database)
        with FactDB.open(target, root=seeded) as db:
            try:
                outcome: Any = db.import_records(file, workers=workers, by="alice").facts
            except RecordsRefused as refusal:
                outcome = refusal.errors
        outcomes.append((outcome, table_rows(database)))
    assert calls == [len(records)] * (3 if refused else 2)
    return outcomes


RESTATING = 175 - 29
"""The variants that restate the seed fact they copy: all but those made new entities."""
RESTATES_ELECTION = (
    "notice: 'v-presidential-election-2005-date' states what 'presidential-election-2005-date' "
    "states already (the same words of 'hrw-2005-presidential-election', entity, predicate, "
    "value and time): remove one with `kzfacts fact remove`, or give it --supersedes "
    "presidential-election-2005-date if it revises that fact"
)


def test_a_parallel_import_writes_the_rows_and_messages_of_a_serial_one(
    seeded: Path, monkeypatch: pytest.MonkeyPatch, sent_entities: int, written_ahead: int
) -> None:
    before = table_rows(seeded / "kzfacts.db")
    orm, serial, parallel = import_three_ways(
        seeded, variants(seed_records()), monkeypatch, refused=False
    )
    assert parallel == serial == orm
    facts, rows = parallel
    assert len(facts) == 175
    messages = [m for fact in facts for m in fact.messages if " states already " not in m]
    assert len(messages) == 30
    restating = [(f.id, m) for f in facts for m in f.messages if " states already " in m]
    assert len(restating) == RESTATING
    assert restating[0] == ("v-presidential-election-2005-date", RESTATES_ELECTION)
    assert messages[0] == (
        "created entity 'for-a-just-kazakhstan-zsk' for 'For a Just Kazakhstan (ZSK)'"
    )
    assert messages[-1] == (
        "subject 'Evgenii Zhovtis' resolved to entity 'evgeniy-zhovtis' (Evgeniy Zhovtis) by "
        "spelling (score 100); recorded as an alias — pass --entity to choose otherwise"
    )
    assert [(f.id, w.code.value) for f in facts for w in f.warnings] == [
        ("v-dvk-status-liquidated-2005", "subject-unverified"),
        ("v-dvk-rally-participants", "subject-unverified"),
    ]
    added = {table: len(rows[table]) - len(before[table]) for table in rows}
    assert {table: n for table, n in added.items() if n} == {
        "entity": 29, "fact": 175, "factversion": 175, "alias": 2,
    }  # fmt: skip
    assert [row[1:] for row in rows["alias"][-2:]] == [
        ("evgeniy-zhovtis", "Evgenii Zhovtis", "alias", "fact v-spelled"),
        ("evgeniy-zhovtis", "lawyer Evgeniy Zhovtis", "alias", "fact v-named"),
    ]


def test_a_refused_record_gets_the_refusals_of_a_serial_import_and_writes_nothing(
    seeded: Path, monkeypatch: pytest.MonkeyPatch, sent_entities: int, written_ahead: int
) -> None:
    before = table_rows(seeded / "kzfacts.db")
    records: list[Any] = variants(seed_records())
    zhovtis = next(r for r in records if r["id"] == "v-zhovtis-sentence-length-2009")
    records[10:10] = [
        dict(zhovtis, id="wrong-value", value="5 years"),
        dict(zhovtis, id="no-source", source="nope"),
        dict(zhovtis, id="v-zhovtis-sentence-length-2009"),  # the id of a later record
        "not a mapping",
    ]  # the record with that id comes first now: the later one is refused
    records += [dict(zhovtis, id="unknown-predicate", predicate="height")]
    for record in records:  # leaving the entity out makes these ambiguous
        if record["id"][2:] in AMBIGUOUS if isinstance(record, dict) else False:
            record.pop("entity", None)
    orm, serial, parallel = import_three_ways(seeded, records, monkeypatch, refused=True)
    assert parallel == serial == orm
    errors, rows = parallel
    assert rows == before
    assert [(e.number, e.fact_id, e.code) for e in errors] == [
        (5, "v-zsk-registration-rejections-count", "invalid-record"),
        (11, "wrong-value", "value-unsupported"),
        (12, "no-source", "source-missing"),
        (14, None, "invalid-record"),
        (118, "v-zhovtis-sentence-length-2009", "invalid-record"),
        (144, "v-mukhortova-status-2014-10", "invalid-record"),
        (171, "v-almaty-protest-2012-01-28-date", "invalid-record"),
        (180, "unknown-predicate", "invalid-record"),
    ]
    assert errors[4].message == (
        "fact id 'v-zhovtis-sentence-length-2009' already exists: choose another id"
    )


def test_rows_written_while_the_workers_verify_are_undone_when_a_later_record_is_refused(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last source's last record is refused by a worker once the rows of the records
    before that source's first were written: nothing stays written, the refusal is the serial
    import's."""
    monkeypatch.setattr(imports, "WRITTEN_AHEAD_MIN", 1)
    counts = rows_written_ahead(monkeypatch)
    before = table_rows(seeded / "kzfacts.db")
    records = variants(seed_records())
    records.append(dict(records[-1], id="wrong-value", value="5 years"))
    orm, serial, parallel = import_three_ways(seeded, records, monkeypatch, refused=True)
    assert parallel == serial == orm
    errors, rows = parallel
    assert rows == before
    assert [(e.number, e.fact_id, e.code) for e in errors] == [
        (len(records), "wrong-value", "value-unsupported")
    ]
    assert sum(counts) > 0


def test_a_record_that_states_no_fact_after_sources_were_sent_is_refused_as_by_a_serial_import(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record is read as a fact when its turn comes in the plan, once the sources before it
    went to the workers: one with an unknown field or a value that is no text is refused as
    the serial import refuses it, and nothing is written."""
    before = table_rows(seeded / "kzfacts.db")
    records: list[Any] = variants(seed_records())
    records[100:100] = [dict(records[99], id="extra-field", colour="red")]
    records[150:150] = [dict(records[149], id="listed-value", value=["4", "years"])]
    orm, serial, parallel = import_three_ways(seeded, records, monkeypatch, refused=True)
    assert parallel == serial == orm
    errors, rows = parallel
    assert rows == before
    assert [(e.number, e.fact_id, e.code, e.message) for e in errors] == [
        (
            101,
            "extra-field",
            "invalid-record",
            "unknown field(s) colour: fields are id, source, subject, predicate, value, quote, "
            "as_of, note, supersedes, entity, new_entity, event",
        ),
        (151, "listed-value", "invalid-record", "expected text, got list ['4', 'years']"),
    ]


def test_who_writes_is_refused_as_by_a_serial_import_when_rows_were_written_ahead(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer's name that cannot be recorded is refused once every record is accepted, as
    by the serial import, and not at all in a dry run: the import writes nothing ahead then."""
    monkeypatch.setattr(imports, "PARALLEL_MIN_FACTS", 1)
    monkeypatch.setattr(imports, "WRITTEN_AHEAD_MIN", 1)
    counts = rows_written_ahead(monkeypatch)
    records = [dict(r, id=f"by-{r['id']}") for r in seed_records()]
    before = table_rows(seeded / "kzfacts.db")
    refusals = []
    for workers in (1, 2):
        shutil.copy(seeded / "kzfacts.db", seeded / "by.db")
        with FactDB.open(seeded / "by.db", root=seeded) as db:
            with pytest.raises(Refused) as refused:
                db.import_records(records, workers=workers, by="x" * 201)
            assert len(
                db.import_records(records, workers=workers, by="x" * 201, dry_run=True).facts
            ) == len(records)
        refusals.append((type(refused.value), str(refused.value)))
        assert table_rows(seeded / "by.db") == before
    assert refusals[0] == refusals[1] == (Refused, "--by is 201 characters long: give at most 200")
    assert counts and not any(counts)


def test_a_dry_run_writes_nothing_ahead(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dry run's results are the import's, and no row is written, even for a while."""
    monkeypatch.setattr(imports, "PARALLEL_MIN_FACTS", 1)
    monkeypatch.setattr(imports, "WRITTEN_AHEAD_MIN", 1)
    counts = rows_written_ahead(monkeypatch)
    records = [dict(r, id=f"dry-{r['id']}") for r in seed_records()]
    with FactDB.open(seeded / "kzfacts.db", root=seeded) as db:
        tried = db.import_records(records, workers=2, dry_run=True).facts
        assert counts == []
        assert db.import_records(records, workers=2).facts == tried
    assert sum(counts) == len(records)


def test_the_collector_is_paused_for_an_import_and_left_as_it_was(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The records, results and rows live until the import ends: no collector pass walks them
    while it runs (in its workers neither: forked with it paused)."""
    monkeypatch.setattr(imports, "PARALLEL_MIN_FACTS", 1)
    records = [dict(r, id=f"gc-{r['id']}") for r in seed_records()]
    seen: list[bool] = []

    def progress(done: int, total: int) -> None:
        seen.append(gc.isenabled())

    for paused_before in (False, True):
        shutil.copy(seeded / "kzfacts.db", seeded / "gc.db")
        if paused_before:
            gc.disable()
        try:
            with FactDB.open(seeded / "gc.db", root=seeded) as db:
                imported = db.import_records(records, workers=2, progress=progress)
            assert gc.isenabled() is not paused_before
        finally:
            gc.enable()
        assert len(imported.facts) == len(records)
    assert seen and not any(seen)


def test_a_fact_is_checked_against_the_entities_known_when_it_came(seeded: Path) -> None:
    """A worker checks a fact against the entities of the whole import, as they stood when the
    fact came: an entity a later record creates is not yet named near it."""
    raw = seed_text("000")
    quote = "was sentenced to four years' imprisonment following an unfair trial"
    start = raw.index(quote)
    person = EntityNames("someone-else", "Someone Else", "person")
    zhovtis = EntityNames("evgeniy-zhovtis", "Evgeniy Zhovtis", "person")
    catalog = EntityCatalog([person])
    known = len(catalog.by_id)
    catalog.add(zhovtis)
    text = PreparedSource(raw)
    now = check_subject(text, start, start + len(quote), "someone-else", catalog)
    then = check_subject(text, start, start + len(quote), "someone-else", catalog.as_of(known))
    assert now.finding is not None and now.finding.code.value == "subject-mismatch"
    assert then.finding is not None and then.finding.code.value == "subject-unverified"
    assert catalog.as_of(len(catalog.by_id)) is catalog


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_a_source_s_lookups_give_what_a_scan_of_its_text_gives(name: str) -> None:
    """The line of an offset (bisection over the source's line breaks) and the places of a
    word (looked for when asked) are those of counting the text and splitting it into words,
    on each seed text and on it with Windows and old Mac line ends mixed in."""
    raw = seed_text(name)
    for text in (raw, raw.replace("\n", "\r\n", 40).replace("\n\n", "\r\r", 5)):
        source = PreparedSource(text)
        for offset in [*range(0, len(text) + 1, 7), *(m.end() for m in re.finditer("\r", text))]:
            assert source.line_of(offset) == line_and_column(text, offset)[0]
        index: dict[str, list[int]] = {}
        for match in WORD.finditer(source.plain.text):
            index.setdefault(match.group(0), []).append(match.start())
        assert {word: source.plain.positions(word) for word in index} == index
        assert source.plain.positions("zzzz") == []
