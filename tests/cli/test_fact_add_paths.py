"""`fact add` on an SQLite file writes through the standard library (`sqlite3`), a database named
by a URL through SQLAlchemy: the same sequence of adds on two copies of the seed database gives
the same output, the same exit codes and the same rows in every table."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from kzfacts.store.schema import SCHEMA_REVISION
from tests.conftest import Run

pytestmark = pytest.mark.sqlite_only  # drives the SQLite file both ways

HRW, APPEAL = "hrw-2009-stalled-reforms", "nhc-iphr-2012-eu-appeal"
ZHOVTIS = "Evgeniy Zhovtis, was sentenced to four years' imprisonment"
UNFAIR = "was sentenced to four years' imprisonment following an unfair trial"
YESERGEPOV = "the sentencing of journalist Ramazan Yesergepov"
RELEASED = "was released from prison on 8 March 2012"


def fact(fact_id: str, source: str, subject: str, predicate: str, value: str, quote: str,
         *extra: str) -> list[str]:  # fmt: skip
    return [
        "fact", "add", "--id", fact_id, "--source", source, "--subject", subject,
        "--predicate", predicate, "--value", value, "--quote", quote, *extra,
    ]  # fmt: skip


# fmt: off
SEQUENCE = [
    # the subject is an entity's name
    fact("f-exact", HRW, "Evgeniy Zhovtis", "sentence_length", "4 years", ZHOVTIS,
         "--as-of", "2009-09", "--note", "the first sentence"),
    # no entity has this name: one is created
    fact("f-new", HRW, "reform steps of early 2009", "event_date", "2009-02",
         "Minimal reform steps in February 2009"),
    # a new entity is created, then the value is refused: neither is kept
    fact("f-refused-after-entity", HRW, "reform steps of late 2009", "event_date", "2010-05",
         "Minimal reform steps in February 2009"),
    # another spelling of a known name: resolved and recorded as an alias
    fact("f-fuzzy", HRW, "Evgenii Zhovtis", "status", "convicted", UNFAIR),
    # --entity with a longer name: the name becomes an alias of that entity
    fact("f-entity", HRW, "journalist Ramazan Yesergepov", "status", "convicted", YESERGEPOV,
         "--entity", "ramazan-yesergepov"),
    fact("f-new-entity", APPEAL, "N. Sokolova", "release_date", "2012-03-08", RELEASED,
         "--new-entity"),
    fact("f-supersedes", HRW, "Evgeniy Zhovtis", "sentence_length", "4 years",
         f"{UNFAIR} which was upheld on appeal", "--supersedes", "zhovtis-sentence-length-2009"),
    fact("f-event", HRW, "Evgeniy Zhovtis", "status", "convicted", f"Evgeniy Zhovtis, {UNFAIR}",
         "--event", "zhovtis-trial-2009", "--by", "carol"),
    # refused: a value the quote does not support, an unknown source, a quote of another
    # source, an id already taken
    fact("f-wrong", HRW, "Evgeniy Zhovtis", "sentence_length", "5 years", ZHOVTIS),
    fact("f-no-source", "nope", "Evgeniy Zhovtis", "sentence_length", "4 years", ZHOVTIS),
    fact("f-elsewhere", HRW, "Natalia Sokolova", "release_date", "2012-03-08", RELEASED),
    fact("f-exact", HRW, "Evgeniy Zhovtis", "sentence_length", "4 years", ZHOVTIS),
    # checked, not written
    fact("f-dry", HRW, "Ramazan Yesergepov", "status", "convicted", YESERGEPOV, "--dry-run"),
    # the same spelling again: already an alias, not recorded twice
    fact("f-fuzzy-again", HRW, "Evgenii Zhovtis", "status", "convicted",
         f"{UNFAIR} which was upheld"),
]
# fmt: on
OUTCOMES = [0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0]


def table_rows(database: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in insertion order (a table without rowids: in key order), each digit of a moment written as 0 (when a row
    was written differs between the two runs; how it is written does not)."""
    with closing(sqlite3.connect(database)) as connection:
        tables = {
            name: "WITHOUT ROWID" in sql.upper()
            for name, sql in connection.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        }
        rows: dict[str, list[tuple[Any, ...]]] = {}
        for table, keyed in tables.items():
            order = "1" if keyed else "rowid"  # a table without rowids: by its key, first
            types = [t for _, _, t, *_ in connection.execute(f"PRAGMA table_info({table})")]
            rows[table] = [
                tuple(
                    re.sub(r"\d", "0", value) if kind == "DATETIME" and value is not None else value
                    for kind, value in zip(types, row, strict=True)
                )
                for row in connection.execute(f"SELECT * FROM {table} ORDER BY {order}")
            ]
    return rows


def test_the_standard_library_and_the_orm_write_the_same_rows(
    run: Run, seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KZFACTS_USER", "alice")
    quick, orm = seeded / "quick.db", seeded / "orm.db"
    shutil.copy(seeded / "kzfacts.db", quick)
    shutil.copy(seeded / "kzfacts.db", orm)
    before = table_rows(quick)
    for arguments, outcome in zip(SEQUENCE, OUTCOMES, strict=True):
        through_file = run("--db", str(quick), "--root", str(seeded), *arguments)
        through_orm = run("--db", f"sqlite:///{orm}", "--root", str(seeded), *arguments)
        assert (through_file.exit_code, through_file.stdout, through_file.stderr) == (
            through_orm.exit_code, through_orm.stdout, through_orm.stderr,
        ), arguments  # fmt: skip
        assert through_file.exit_code == outcome, (arguments, through_file.stderr)
    after = table_rows(quick)
    assert after == table_rows(orm)
    added = {row[0] for row in after["fact"]} - {row[0] for row in before["fact"]}
    assert added == {"f-exact", "f-new", "f-fuzzy", "f-entity", "f-new-entity", "f-supersedes",
                     "f-event", "f-fuzzy-again"}  # fmt: skip
    new_entities = set(after["entity"]) - set(before["entity"])
    assert {row[:3] for row in new_entities} == {
        ("reform-steps-of-early-2009", "reform steps of early 2009", "other"),
        ("n-sokolova", "N. Sokolova", "other"),
    }
    new_aliases = [row[1:] for row in after["alias"][len(before["alias"]) :]]
    assert new_aliases == [
        ("evgeniy-zhovtis", "Evgenii Zhovtis", "alias", "fact f-fuzzy"),
        ("ramazan-yesergepov", "journalist Ramazan Yesergepov", "alias", "fact f-entity"),
    ]
    versions = [row[1:6] for row in after["factversion"][len(before["factversion"]) :]]
    assert [v[0] for v in versions] == [
        "f-exact", "f-new", "f-fuzzy", "f-entity", "f-new-entity", "f-supersedes", "f-event",
        "f-fuzzy-again",
    ]  # fmt: skip
    moment = "0000-00-00 00:00:00.000000"  # as SQLAlchemy writes a moment in SQLite
    assert {v[1:] for v in versions} == {
        (1, "added", "alice", moment),
        (1, "added", "carol", moment),
    }


def test_a_dry_run_and_a_refusal_on_a_file_write_nothing(run: Run, seeded: Path) -> None:
    database = seeded / "kzfacts.db"
    before = table_rows(database)
    dry = run(*fact("f-dry", HRW, "reform steps", "event_date", "2009-02",
                    "Minimal reform steps in February 2009", "--dry-run"))  # fmt: skip
    assert dry.exit_code == 0, dry.stderr
    assert dry.stderr == (  # the alias it would record is not written either
        "subject 'reform steps' resolved to entity 'kazakhstan-february-2009-reforms' "
        "(Kazakhstan's February 2009 reform steps) by spelling (score 96); recorded as an alias "
        "— pass --entity to choose otherwise\n"
        "notice: 'f-dry' states what 'kazakhstan-february-2009-reforms-date' states already (the "
        "same words of 'hrw-2009-stalled-reforms', entity, predicate, value and time): remove one "
        "with `kzfacts fact remove`, or give it --supersedes "
        "kazakhstan-february-2009-reforms-date if it revises that fact\n"
        "dry run: nothing was written\n"
    )
    refused = run(*SEQUENCE[2])
    assert refused.exit_code == 1
    assert table_rows(database) == before


def test_fact_add_on_a_file_loads_no_sqlalchemy_nor_rapidfuzz(seeded: Path) -> None:
    """An import check in a fresh interpreter; a URL still goes through SQLAlchemy. A quote
    found as written needs no fuzzy matching."""
    code = (
        "import sys\n"
        "from kzfacts.__main__ import run\n"
        "print('exit', run())\n"
        "heavy = ('sqlalchemy', 'sqlmodel', 'alembic', 'rich', 'rapidfuzz')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)}))\n"
    )

    def loaded(database: str, fact_id: str) -> tuple[str, list[str]]:
        arguments = fact(fact_id, HRW, "Evgeniy Zhovtis", "sentence_length", "4 years", ZHOVTIS)
        done = subprocess.run(
            [sys.executable, "-c", code, "--db", database, *arguments],
            capture_output=True, text=True, check=True, timeout=120, cwd=seeded,
        )  # fmt: skip
        output, _, modules = done.stdout.rstrip("\n").rpartition("\n")
        return output, eval(modules)  # a list literal printed above

    database = seeded / "kzfacts.db"
    added = "hrw-2009-stalled-reforms line 9, characters 1309-1367 (exact), entity evgeniy-zhovtis"
    assert loaded(str(database), "quick") == (f"added quick: {added}\nexit 0", [])
    through_orm, modules = loaded(f"sqlite:///{database}", "orm")
    assert through_orm == f"added orm: {added}\nexit 0"
    assert modules == ["sqlalchemy", "sqlmodel"]


def test_a_schema_behind_is_refused_before_anything_is_read_both_ways(
    run: Run, seeded: Path
) -> None:
    database = seeded / "kzfacts.db"
    with closing(sqlite3.connect(database)) as db, db:
        db.execute("UPDATE alembic_version SET version_num = '0006'")
    before = table_rows(database)
    arguments = SEQUENCE[0]
    quick = run("--db", str(database), *arguments)
    through_orm = run("--db", f"sqlite:///{database}", *arguments)
    says = f"kzfacts: database {database} schema is behind (0006 < {SCHEMA_REVISION}): run `kzfacts init`\n"
    assert (quick.exit_code, quick.stdout, quick.stderr) == (2, "", says)
    assert (through_orm.exit_code, through_orm.stdout, through_orm.stderr) == (2, "", says)
    assert table_rows(database) == before
