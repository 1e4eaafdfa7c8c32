"""Two editors adding facts at once lose nothing (SQLite with WAL and a busy timeout, or PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import Run

EDITOR = textwrap.dedent(
    """
    import sys
    from typer.testing import CliRunner
    from kzfacts.cli.app import app

    prefix, count = sys.argv[1], int(sys.argv[2])
    runner = CliRunner()
    for n in range(count):
        result = runner.invoke(app, [
            "fact", "add", "--id", f"{prefix}-{n}", "--source", "hrw-2009-stalled-reforms",
            "--subject", "Evgeniy Zhovtis", "--predicate", "sentence_length", "--value", "4 years",
            "--quote", "Evgeniy Zhovtis, was sentenced to four years' imprisonment",
        ])
        if result.exit_code != 0:
            print(result.output, result.stderr, file=sys.stderr)
            sys.exit(1)
    """
)


def test_two_editors_adding_at_once_lose_nothing(run: Run, seeded: Path) -> None:
    before = len(json.loads(run("fact", "list", "--format", "json").stdout))
    editors = [
        subprocess.Popen(
            [sys.executable, "-c", EDITOR, prefix, "25"],
            cwd=seeded,
            env=os.environ.copy(),
            stderr=subprocess.PIPE,
            text=True,
        )
        for prefix in ("alice", "bob")
    ]
    for editor in editors:
        _, errors = editor.communicate(timeout=300)
        assert editor.returncode == 0, errors
    facts = json.loads(run("fact", "list", "--format", "json").stdout)
    ids = {f["id"] for f in facts}
    assert len(facts) == before + 50
    assert {f"{p}-{n}" for p in ("alice", "bob") for n in range(25)} <= ids
    assert run("audit").exit_code == 0
