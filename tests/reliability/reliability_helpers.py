"""Shared checks of the reliability suite: a refusal is one line, an exit code, and no change."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect, text
from typer.testing import Result

from tests.conftest import database_url

# Sources of the seed corpus, as `seeded` registers them.
LETTER_2009 = "hrw-2009-stalled-reforms"
APPEAL_2012 = "nhc-iphr-2012-eu-appeal"
ZHOVTIS_QUOTE = "Evgeniy Zhovtis, was sentenced to four years' imprisonment"


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the current test's database, in a stable order."""
    engine = create_engine(database_url())
    try:
        with engine.connect() as connection:
            tables = sorted(inspect(connection).get_table_names())
            return {
                name: sorted(
                    (tuple(row) for row in connection.execute(text(f'SELECT * FROM "{name}"'))),
                    key=repr,
                )
                for name in tables
            }
    finally:
        engine.dispose()


def count(table: str) -> int:
    engine = create_engine(database_url())
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())
    finally:
        engine.dispose()


def assert_no_traceback(result: Result) -> None:
    """CliRunner catches an escaped exception and reports exit code 1: that is a crash, not a refusal."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"crashed with {result.exception!r}"
    )
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


def assert_refused(result: Result, code: int, message: str | None = None) -> str:
    """One line on stderr (exactly `message` when given), nothing on stdout, exit `code`."""
    assert_no_traceback(result)
    assert result.exit_code == code, (result.exit_code, result.stderr)
    assert result.stdout == "", result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kzfacts: ")
    line = lines[0]
    if message is not None:
        expected = f"kzfacts: {message}"
        assert line == expected, f"\n got: {line!r}\nwant: {expected!r}"
    return line


def fact_args(
    fact_id: str = "reliability-fact",
    *,
    source: str = LETTER_2009,
    subject: str = "Evgeniy Zhovtis",
    predicate: str = "sentence_length",
    value: str = "4 years",
    quote: str = ZHOVTIS_QUOTE,
    extra: tuple[str, ...] = (),
) -> list[str]:
    return [
        "fact", "add", "--id", fact_id, "--source", source, "--subject", subject,
        "--predicate", predicate, "--value", value, "--quote", quote, *extra,
    ]  # fmt: skip


def kzfacts_command() -> list[str]:
    """The installed console script next to this interpreter, else the app run by this Python."""
    script = Path(sys.executable).with_name("kzfacts")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-c", "from kzfacts.cli.app import main; main()"]
