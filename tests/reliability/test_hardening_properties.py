"""Random input through `fact import`, `load` and `restore` (hypothesis), each example under a
memory limit and a time limit: whatever comes in, kzfacts accepts it or refuses it in one
line, and never shows a traceback."""

from __future__ import annotations

import json
import resource
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Run
from tests.reliability.reliability_helpers import LETTER_2009, ZHOVTIS_QUOTE, assert_no_traceback

pytestmark = pytest.mark.sqlite_only

MEMORY_HEADROOM = 1024 * 1024 * 1024  # each example may use 1 GB more than the test process
EXAMPLE = settings(
    max_examples=40,
    deadline=timedelta(seconds=20),  # the time limit: a slow example fails the test
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIELDS = ["id", "source", "subject", "predicate", "value", "quote", "as_of", "note", "entity"]

# Text of every kind: any code point (lone surrogates too, where JSON can carry them),
# controls, direction marks, and the words a fact record holds.
ANY_TEXT = st.text(st.characters(codec=None), max_size=60)
YAML_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
WORDS = st.sampled_from(
    [LETTER_2009, "Evgeniy Zhovtis", "sentence_length", "4 years", ZHOVTIS_QUOTE, "2009-13-45"]
)


def structures(text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**80), max_value=2**80),
        st.floats(allow_nan=False),
        text,
        WORDS,
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.one_of(st.sampled_from(FIELDS), text), inner, max_size=6),
        ),
        max_leaves=20,
    )


def records(text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """Mostly fact-shaped records with random values, sometimes anything at all."""
    shaped = st.fixed_dictionaries({}, optional={f: structures(text) for f in FIELDS})
    return st.one_of(shaped, structures(text))


@pytest.fixture
def memory_limit() -> Iterator[None]:
    """Cap the address space for the test: an input that would take the machine down fails it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    used = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    limit = used + MEMORY_HEADROOM
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def assert_accepted_or_refused_in_one_line(result: Any) -> None:
    assert_no_traceback(result)
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    if result.exit_code:
        lines = result.stderr.splitlines()
        assert lines and lines[-1].startswith("kzfacts: "), result.stderr
        assert all(line.strip() for line in lines), result.stderr


@EXAMPLE
@given(
    fmt=st.sampled_from(["jsonl", "yaml", "csv", "bytes"]),
    data=st.lists(records(YAML_TEXT), max_size=4),
    jsonl=st.lists(records(ANY_TEXT), max_size=4),
    raw=st.binary(max_size=300),
)
def test_random_files_through_fact_import(
    run: Run, seeded: Path, memory_limit: None, fmt: str, data: Any, jsonl: Any, raw: bytes
) -> None:
    path = seeded / f"random.{'yaml' if fmt == 'bytes' else fmt}"
    if fmt == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in jsonl), encoding="utf-8")
    elif fmt == "yaml":
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    elif fmt == "csv":
        cells = [str(v).replace('"', '""') for r in data if isinstance(r, dict) for v in r.values()]
        path.write_text("id,source,quote,value\n" + ",".join(f'"{c}"' for c in cells) + "\n")
    else:
        path.write_bytes(raw)
    assert_accepted_or_refused_in_one_line(run("fact", "import", str(path)))


@EXAMPLE
@given(
    entities=st.one_of(st.lists(records(YAML_TEXT), max_size=4), structures(YAML_TEXT)),
    facts=st.lists(records(YAML_TEXT), max_size=3),
    raw=st.one_of(st.none(), st.binary(max_size=200)),
)
def test_random_folders_through_load(
    run: Run, seeded: Path, memory_limit: None, entities: Any, facts: Any, raw: bytes | None
) -> None:
    folder = seeded / "random-folder"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "entities").mkdir(parents=True)
    (folder / "facts").mkdir()
    people = folder / "entities" / "people.yaml"
    if raw is None:
        people.write_text(yaml.safe_dump(entities, allow_unicode=True), encoding="utf-8")
    else:
        people.write_bytes(raw)
    (folder / "facts" / "f.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True))
    assert_accepted_or_refused_in_one_line(run("load", str(folder)))


@pytest.fixture(scope="module")
def dump_and_empty(
    tmp_path_factory: pytest.TempPathFactory, seeded_template: Path
) -> tuple[list[str], Path]:
    """The seed corpus's dump, and an empty initialised database to restore it into."""
    from typer.testing import CliRunner

    from kzfacts.cli.app import app

    folder = tmp_path_factory.mktemp("random-dumps")
    runner = CliRunner()
    dumped = runner.invoke(
        app, ["--db", str(seeded_template / "kzfacts.db"), "dump", "-o", str(folder / "a.jsonl")]
    )
    assert dumped.exit_code == 0
    assert runner.invoke(app, ["--db", str(folder / "empty.db"), "init"]).exit_code == 0
    return (folder / "a.jsonl").read_text().splitlines(), folder / "empty.db"


@EXAMPLE
@given(
    cuts=st.lists(st.integers(min_value=0, max_value=700), max_size=3),
    edits=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=700), st.text(max_size=12), structures(ANY_TEXT)
        ),
        max_size=3,
    ),
    junk=st.lists(st.one_of(ANY_TEXT.map(json.dumps), st.text(max_size=40)), max_size=2),
)
def test_random_dumps_through_restore(
    run: Run,
    tmp_path: Path,
    memory_limit: None,
    dump_and_empty: tuple[list[str], Path],
    cuts: list[int],
    edits: list[tuple[int, str, Any]],
    junk: list[str],
) -> None:
    lines, empty = dump_and_empty
    lines = list(lines)
    for index, column, value in edits:  # a random column of a random line gets a random value
        number = index % len(lines)
        record = json.loads(lines[number])
        target = record.get("row", record) if isinstance(record, dict) else record
        if isinstance(target, dict):
            key = column if column or not target else sorted(target)[index % len(target)]
            target[key] = value
        lines[number] = json.dumps(record)
    for index in cuts:
        del lines[index % len(lines)]
    path = tmp_path / "random.jsonl"
    path.write_text("\n".join(lines + junk) + "\n", encoding="utf-8")
    database = tmp_path / "restore.db"
    shutil.copy(empty, database)
    result = run("--db", str(database), "restore", str(path))
    assert_accepted_or_refused_in_one_line(result)
