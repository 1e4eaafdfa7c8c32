"""Verdicts are never stale or trusted blindly, and nothing outside the sources root is read:
an incremental audit equals `--full` after a source comes back, a restored dump is verified
again, and a path or symbolic link that leaves the root is refused when it would be read."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, db_execute, db_scalar
from tests.reliability.reliability_helpers import LETTER_2009, assert_no_traceback, assert_refused

ZHOVTIS_FACT = "zhovtis-sentence-length-2009"


def letter(root: Path) -> Path:
    return next((root / "seeds").glob("000_*.txt"))


def audit_json(run: Run, *args: str) -> dict[str, Any]:
    result = run("audit", "--format", "json", *args)
    assert_no_traceback(result)
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def codes(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted(
        (f["code"], f.get("fact") or "", f.get("source") or "") for f in report["findings"]
    )


# -- a source missing for one audit, back unchanged -----------------------------------------


@pytest.mark.parametrize("how", ["file moved away", "wrong --root"])
def test_a_source_back_unchanged_reports_nothing_on_the_next_plain_audit(
    run: Run, seeded: Path, tmp_path: Path, how: str
) -> None:
    assert codes(audit_json(run)) == []
    path = letter(seeded)
    if how == "file moved away":
        path.rename(path.with_suffix(".away"))
        missing = audit_json(run)
        path.with_suffix(".away").rename(path)
        expected = {LETTER_2009}
    else:
        (tmp_path / "elsewhere").mkdir()
        result = run("--root", str(tmp_path / "elsewhere"), "audit", "--format", "json")
        missing = json.loads(result.stdout)
        expected = SOURCES
    assert {source for code, _, source in codes(missing) if code == "source-missing"} == expected
    back = audit_json(run)
    assert back["summary"]["full"] is False
    assert codes(back) == []
    assert codes(audit_json(run, "--full")) == []


SOURCES = {
    "hrw-2005-presidential-election",
    LETTER_2009,
    "nhc-iphr-2012-eu-appeal",
    "iphr-nhc-2014-barroso-letter",
    "iphr-kibhr-2014-dialogue-concerns",
}
