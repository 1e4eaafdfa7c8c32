"""Verdicts are never stale or trusted blindly, and nothing outside the sources root is read:
an incremental audit equals `--full` after a source comes back, a restored dump is verified
again, and a path or symbolic link that leaves the root is refused when it would be read."""

from __future__ import annotations

import hashlib
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

from tests.conftest import Run, db_scalar
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


# -- restore: nothing carried over as verified ----------------------------------------------


def edited_dump(run: Run, tmp_path: Path, edit: Any) -> Path:
    dump = tmp_path / "all.jsonl"
    assert run("dump", "--output", str(dump)).exit_code == 0
    lines = dump.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines[1:]]
    for record in records:
        edit(record["table"], record["row"])
    body = "".join(json.dumps(r) + "\n" for r in records)
    dump.write_text(lines[0] + "\n" + body, encoding="utf-8")
    return dump


def fresh_database(run: Run, tmp_path: Path) -> str:
    database = str(tmp_path / "restored.db")
    assert run("--db", database, "init").exit_code == 0
    return database


@pytest.mark.sqlite_only
def test_the_first_audit_after_a_restore_verifies_a_consistently_edited_quote_again(
    run: Run, seeded: Path, tmp_path: Path
) -> None:
    assert run("audit").exit_code == 0

    def five_years(table: str, row: dict[str, Any]) -> None:
        if table == "fact" and row["id"] == ZHOVTIS_FACT:
            row["quote"] = row["quote"].replace("four years", "five years")
            row["exact"] = row["exact"].replace("four years", "five years")
            row["value"], row["value_low"], row["value_high"] = "5 years", 1826.25, 1826.25
            row["anchor_quote_sha256"] = hashlib.sha256(row["quote"].encode()).hexdigest()

    dump = edited_dump(run, tmp_path, five_years)
    database = fresh_database(run, tmp_path)
    restored = run("--db", database, "--root", str(seeded), "restore", str(dump))
    assert restored.exit_code == 0, restored.stderr
    result = run("--db", database, "--root", str(seeded), "audit", "--format", "json")
    report = json.loads(result.stdout)
    assert report["summary"]["full"] is False
    assert report["summary"]["facts_rechecked"] == report["summary"]["facts_checked"] == 173
    assert [(c, f) for c, f, _ in codes(report)] == [("quote-altered", ZHOVTIS_FACT)]
    assert result.exit_code == 1


@pytest.mark.sqlite_only
@pytest.mark.parametrize("path", ["../../../etc/passwd", "/etc/passwd", "seeds/../../outside.txt"])
def test_restore_refuses_a_source_path_that_leaves_the_root(
    run: Run, seeded: Path, tmp_path: Path, path: str
) -> None:
    def escape(table: str, row: dict[str, Any]) -> None:
        if table == "source" and row["id"] == LETTER_2009:
            row["path"] = path

    dump = edited_dump(run, tmp_path, escape)
    database = fresh_database(run, tmp_path)
    line = next(
        n
        for n, text in enumerate(dump.read_text().splitlines(), start=1)
        if f'"id": "{LETTER_2009}"' in text and '"table": "source"' in text
    )
    assert_refused(
        run("--db", database, "restore", str(dump)),
        1,
        f"{dump}:{line}: source.path {path!r} cannot be read (a path leading outside the "
        "sources root): the dump is damaged",
    )
    assert db_scalar("SELECT count(*) FROM fact") == 173  # the seeded database is untouched


# -- a source replaced by a symbolic link to a file outside the root -------------------------


@pytest.fixture
def linked_out(seeded: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2009 letter replaced by a symbolic link to a copy of it outside the sources root."""
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    path = letter(seeded)
    outside.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    path.unlink()
    path.symlink_to(outside)
    return outside


def test_a_source_linked_outside_the_root_is_missing_with_why_and_never_read(
    run: Run, seeded: Path, linked_out: Path
) -> None:
    report = audit_json(run)
    missing = [f for f in report["findings"] if f["code"] == "source-missing" and not f.get("fact")]
    path = letter(seeded).relative_to(seeded).as_posix()
    assert [f["message"] for f in missing] == [
        f"source file {path} leads outside the sources root {seeded} through a symbolic link: "
        "kzfacts reads only files under the root; put the document itself there"
    ]
    facts = {
        f["fact"] for f in report["findings"] if f["code"] == "source-missing" and f.get("fact")
    }
    assert len(facts) == db_scalar("SELECT count(*) FROM fact WHERE source_id = :s", s=LETTER_2009)
    assert (
        db_scalar("SELECT sha256 FROM source WHERE id = :s", s=LETTER_2009)
        == hashlib.sha256(linked_out.read_bytes()).hexdigest()
    )  # the registered text: the linked file was not registered in its place

    linked_out.write_text("Evgeniy Zhovtis, was sentenced to nine years' imprisonment\n")
    report_html = seeded / "report.html"
    run("report", "--output", str(report_html))
    assert "nine years" not in report_html.read_text(encoding="utf-8")
    assert "four years" in report_html.read_text(encoding="utf-8")  # the other sources are shown


def test_source_add_and_doctor_refuse_a_link_leading_outside_the_root(
    run: Run, seeded: Path, linked_out: Path
) -> None:
    doctor = run("doctor")
    assert doctor.exit_code == 1
    path = letter(seeded).relative_to(seeded).as_posix()
    assert (
        f"problem  sources: source {LETTER_2009!r}: source file {path} leads outside the sources "
        f"root {seeded} through a symbolic link"
    ) in doctor.stdout
    assert_refused(
        run("source", "add", str(letter(seeded)), "--id", "linked"),
        1,
        f"source file {letter(seeded)} is outside the sources root {seeded}: move it under the "
        "root or pass --root",
    )


# -- worker processes -------------------------------------------------------------------------

POOL_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from kzfacts.checks.subjects import catalog_of
    from kzfacts.services.audit import workers

    def slow(*args, **kwargs):
        time.sleep(120)
        return []

    workers.check_source_batch = slow
    workers.PARALLEL_MIN_FACTS = 0
    batches = [(f"text {n}", "sha", workers.Batch([n], [None], [None])) for n in range(int(sys.argv[1]))]
    with workers.AuditWorkers(int(sys.argv[2]), lambda: catalog_of([])) as pool:
        workers.run_batches(batches, pool, progress=None)
    """
)


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_workers_are_no_more_than_sources_and_exit_within_a_second_of_the_audit(
    tmp_path: Path,
) -> None:
    script = tmp_path / "pool.py"
    script.write_text(POOL_SCRIPT)
    audit = subprocess.Popen([sys.executable, str(script), "2", "8"])
    try:
        deadline = time.monotonic() + 60
        while len(workers := _children(audit.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)  # a pool that would start more than two has started them by now
        workers = _children(audit.pid)
        assert len(workers) == 2
        os.kill(audit.pid, signal.SIGKILL)
        audit.wait()
        killed = time.monotonic()
        while any(_alive(w) for w in workers) and time.monotonic() - killed < 5:
            time.sleep(0.05)
        assert not any(_alive(w) for w in workers)
        assert time.monotonic() - killed < 1.0
    finally:
        audit.kill()
        for worker in _children(audit.pid):
            os.kill(worker, signal.SIGKILL)
