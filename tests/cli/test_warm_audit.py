"""The warm audit: nothing changed since the last audit, answered from an SQLite file with the
standard library. It prints and records what the full path (`run_audit`, through the ORM)
prints and records, and it steps aside whenever anything changed."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kzfacts.services.audit import run as run_module
from kzfacts.services.audit import warm as warm_module
from tests.cli.test_startup import loaded_after
from tests.conftest import BACKEND, Run, python_output

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="the warm path reads SQLite files")

FORMATS = ("text", "json", "sarif", "github")

LETTERS = """\
[[source]]
id = "letter-a"
path = "letter-a.txt"
published = "2009-11-18"

[[source]]
id = "letter-b"
path = "letter-b.txt"
published = "2009-11-18"

[[source]]
id = "letter-c"
path = "letter-c.txt"
published = "2009-11-18"
"""
PEOPLE = """\
- id: evgenia-nurlanova
  name: Evgenia Nurlanova
  kind: person
- id: yevgenia-nurlanova
  name: Yevgenia Nurlanova
  kind: person
"""
SENTENCES = """\
- id: nurlanova-four
  source: letter-a
  subject: Evgenia Nurlanova
  entity: evgenia-nurlanova
  predicate: sentence_length
  value: 4 years
  quote: was sentenced to four years' imprisonment in a colony
- id: nurlanova-five
  source: letter-b
  subject: Evgenia Nurlanova
  entity: evgenia-nurlanova
  predicate: sentence_length
  value: 5 years
  quote: was sentenced to five years' imprisonment in a colony
- id: nurlanova-colony
  source: letter-c
  subject: Evgenia Nurlanova
  entity: evgenia-nurlanova
  predicate: status
  value: imprisoned
  quote: was sentenced to six years' imprisonment in a colony
"""
WOUNDED = "some 100 were wounded"


def write_letters(seeded: Path) -> Path:
    """Three letters on one person, each giving her sentence in other words ("four", "five",
    "six" years), with her entity and a fact citing each: a folder for `kzfacts load`."""
    folder = seeded / "letters"
    (folder / "entities").mkdir(parents=True)
    (folder / "facts").mkdir()
    (folder / "sources.toml").write_text(LETTERS, encoding="utf-8")
    (folder / "entities" / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    (folder / "facts" / "facts.yaml").write_text(SENTENCES, encoding="utf-8")
    for name, words in (("letter-a", "four"), ("letter-b", "five"), ("letter-c", "six")):
        (folder / f"{name}.txt").write_text(
            f"Human rights defender Evgenia Nurlanova\nwas sentenced to {words} years' "
            "imprisonment in a colony for a road accident.\n",
            encoding="utf-8",
        )
    return folder


@pytest.fixture
def audited(seeded: Path, run: Run) -> Path:
    """The seed corpus audited once with findings of every kind an audit carries over: two
    quotes altered in a seed text (errors at their quotes), two letters that disagree (a
    contradiction), two spellings of one name (a duplicate entity) and a letter gone (its
    source and its fact missing)."""
    folder = write_letters(seeded)
    loaded = run("load", str(folder))
    assert loaded.exit_code == 0, loaded.output
    (folder / "letter-c.txt").unlink()
    appeal = next((seeded / "seeds").glob("001_*.txt"))
    text = appeal.read_text(encoding="utf-8")
    appeal.write_text(text.replace(WOUNDED, "some 200 were wounded"), encoding="utf-8")
    first = run("audit")
    assert first.exit_code == 1, first.output
    return seeded


@pytest.fixture
def warm_calls(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each warm audit's outcome, in order: True when it answered, False when it stepped aside."""
    outcomes: list[bool] = []
    original = warm_module.warm_audit

    def spy(*args: Any, **kwargs: Any) -> Any:
        report = original(*args, **kwargs)
        outcomes.append(report is not None)
        return report

    monkeypatch.setattr(warm_module, "warm_audit", spy)
    return outcomes


def refuse_full_audit(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("the full audit ran where the warm one should have answered")


TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def timeless(output: str) -> str:
    return TIME.sub("<time>", output)


def runs(database: Path) -> list[tuple[Any, ...]]:
    """Every recorded run without its times, and every finding, as stored."""
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT id, sources_checked, facts_checked, errors, warnings, full, facts_rechecked, "
            "entities_fingerprint, tool_version FROM auditrun ORDER BY id"
        ).fetchall()
        rows += connection.execute("SELECT * FROM finding ORDER BY id").fetchall()
        stamps = connection.execute("SELECT started_at, finished_at FROM auditrun").fetchall()
    # Both ways store moments in one format, the one SQLAlchemy writes.
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", s) for r in stamps for s in r)
    return rows


def test_the_warm_audit_prints_and_records_what_the_full_path_does(
    audited: Path,
    run: Run,
    clone_database: Callable[[], str],
    warm_calls: list[bool],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    warm = audited / "kzfacts.db"
    twin = Path(clone_database())
    full_path = f"sqlite:///{twin}"  # a URL: the ORM path, on the same file format
    outputs: dict[str, tuple[str, str]] = {}
    for output in FORMATS:
        through_orm = run("--db", full_path, "audit", "--format", output)
        with monkeypatch.context() as patched:  # here the warm path alone may answer
            patched.setattr(run_module, "run_audit", refuse_full_audit)
            answered = run("--db", str(warm), "audit", "--format", output)
        assert (answered.exit_code, through_orm.exit_code) == (1, 1), answered.output
        assert timeless(answered.stdout) == timeless(through_orm.stdout)
        outputs[output] = answered.stdout, through_orm.stdout
    assert warm_calls == [True] * len(FORMATS)
    assert runs(warm) == runs(twin)

    report = json.loads(outputs["json"][0])
    assert report["summary"]["full"] is False
    assert report["summary"]["facts_rechecked"] == 0
    codes = sorted({f["code"] for f in report["findings"]})
    assert codes == ["contradiction", "duplicate-entity", "quote-altered", "source-missing"]
    altered = [f for f in report["findings"] if f["code"] == "quote-altered"]
    assert len(altered) == 2 and all(f["file"].startswith("seeds/001_") for f in altered)
    sarif = json.loads(outputs["sarif"][0])
    placed = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "contradiction"]
    assert placed[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "letters/letter-b.txt"
    )
    assert placed[0]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "letters/letter-a.txt"
    )


def _edit_a_source(root: Path, run: Run) -> None:
    letter = root / "letters" / "letter-a.txt"
    letter.write_text("A new first line.\n" + letter.read_text(encoding="utf-8"), "utf-8")


def _edit_a_fact(root: Path, run: Run) -> None:
    assert run("fact", "edit", "nurlanova-four", "--note", "checked again").exit_code == 0


def _add_an_alias(root: Path, run: Run) -> None:
    assert run("entity", "alias", "add", "evgenia-nurlanova", "Evgenia N. Nurlanova").exit_code == 0


def _remove_a_source(root: Path, run: Run) -> None:
    removed = run("source", "remove", "letter-b", "--with-facts", "--reason", "withdrawn")
    assert removed.exit_code == 0, removed.output


def _lose_a_source_file(root: Path, run: Run) -> None:
    (root / "letters" / "letter-b.txt").unlink()


CHANGES = {
    "source edited": (_edit_a_source, "source-changed"),
    "fact edited": (_edit_a_fact, None),
    "alias added": (_add_an_alias, None),
    "source removed": (_remove_a_source, None),
    "source file gone": (_lose_a_source_file, "source-missing"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_any_change_takes_the_full_path_which_reports_it(
    audited: Path, run: Run, warm_calls: list[bool], change: str
) -> None:
    make, code = CHANGES[change]
    make(audited, run)
    result = run("audit", "--format", "json")
    assert warm_calls == [False]
    summary = json.loads(result.stdout)["summary"]
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    if code is not None:
        assert code in codes
    if change == "fact edited":
        assert summary["facts_rechecked"] == 1
    if change == "alias added":  # subjects bind to every entity's names: all re-checked
        assert summary["facts_rechecked"] == summary["facts_checked"]
    if change == "source removed":
        assert summary["facts_checked"] == 173 + 2
        assert "contradiction" not in codes
    again = run("audit", "--format", "json")  # and then nothing changed again
    assert warm_calls == [False, True]
    assert json.loads(again.stdout)["summary"]["facts_rechecked"] == 0


@pytest.mark.parametrize("option", ["--full", "--dry-run"])
def test_full_and_dry_run_take_the_full_path(
    audited: Path, run: Run, warm_calls: list[bool], option: str
) -> None:
    result = run("audit", option, "--format", "json")
    assert result.exit_code == 1
    assert warm_calls == []
    assert json.loads(result.stdout)["summary"]["full"] is (option == "--full")


@pytest.mark.parametrize("output", FORMATS)
def test_a_warm_audit_of_an_sqlite_file_loads_no_sqlalchemy(audited: Path, output: str) -> None:
    printed, modules = loaded_after("audit", "--format", output)
    assert [m for m in modules if m.startswith(("sqlalchemy", "sqlmodel", "alembic"))] == []
    assert "quote-altered" in printed


@pytest.mark.parametrize("output", FORMATS)
def test_a_full_audit_loads_no_module_it_does_not_use(audited: Path, output: str) -> None:
    """The full path loads SQLAlchemy, but not Alembic (no migration is due), rich (no
    terminal to draw a progress bar on) or SQLAlchemy's PostgreSQL dialect (an SQLite file)."""
    printed, modules = loaded_after("audit", "--full", "--format", output)
    assert "sqlalchemy.orm" in modules
    unused = ("alembic", "rich", "sqlalchemy.dialects.postgresql")
    assert [m for m in modules if m.startswith(unused)] == []
    assert "quote-altered" in printed


def test_a_warm_audit_through_the_api_loads_no_sqlalchemy(audited: Path) -> None:
    code = (
        "import sys\n"
        "from kzfacts import FactDB\n"
        "with FactDB.open('kzfacts.db') as db:\n"
        "    report = db.audit(workers=2)\n"
        "print(report.facts_rechecked, len(report.findings), report.full)\n"
        "print(sorted(m for m in sys.modules if m.startswith('sqlalchemy')))\n"
    )
    counts, modules = python_output(code).splitlines()
    assert modules == "[]"
    assert counts == "0 6 False"


def _rewrite_details(database: Path, rewrite: Callable[[str], str]) -> int:
    """Rewrite the detail text of the last run's findings in place; how many were rewritten."""
    with sqlite3.connect(database) as connection:
        (run_id,) = connection.execute("SELECT max(id) FROM auditrun").fetchone()
        rows = connection.execute(
            "SELECT id, detail FROM finding WHERE run_id = ? AND detail IS NOT NULL", (run_id,)
        ).fetchall()
        for finding_id, detail in rows:
            connection.execute(
                "UPDATE finding SET detail = ? WHERE id = ?", (rewrite(detail), finding_id)
            )
    return len(rows)


@pytest.mark.parametrize("written", ["by kzfacts", "otherwise"])
def test_the_carried_rows_are_recorded_as_the_full_path_records_them(
    audited: Path,
    run: Run,
    clone_database: Callable[[], str],
    monkeypatch: pytest.MonkeyPatch,
    written: str,
) -> None:
    """Rows that `finding_values` would write as they stand are copied inside SQLite; rows
    written otherwise (here: the same JSON with its non-ASCII letters escaped and no spaces)
    are recorded as the full path records them, not copied."""
    warm = audited / "kzfacts.db"
    if written == "otherwise":
        escaped = _rewrite_details(warm, lambda d: json.dumps(json.loads(d), separators=(",", ":")))
        assert escaped == 6  # all but the missing source's fact (a source changed then)
    twin = Path(clone_database())
    copies: list[tuple[int, ...]] = []
    stretches = warm_module._stretches

    def spied(*args: Any) -> Any:
        copies.extend(stretches(*args))
        return iter(copies)

    monkeypatch.setattr(warm_module, "_stretches", spied)
    with monkeypatch.context() as patched:
        patched.setattr(run_module, "run_audit", refuse_full_audit)
        answered = run("--db", str(warm), "audit", "--format", "json")
    through_orm = run("--db", f"sqlite:///{twin}", "audit", "--format", "json")
    assert timeless(answered.stdout) == timeless(through_orm.stdout)
    assert runs(warm) == runs(twin)
    if written == "by kzfacts":  # all but the missing source (rebuilt), in one stretch
        (run_id,) = sqlite3.connect(warm).execute("SELECT max(id) - 1 FROM auditrun").fetchone()
        assert [(new, last) for new, last, _, _ in copies] == [(run_id + 1, run_id)]
    else:
        assert copies == []
    with sqlite3.connect(warm) as connection:
        details = [
            detail
            for (detail,) in connection.execute(
                "SELECT detail FROM finding WHERE run_id = (SELECT max(id) FROM auditrun)"
            )
            if detail
        ]
    assert len(details) == 5  # the missing source, the two altered quotes, the pair of facts
    assert all(json.dumps(json.loads(d), ensure_ascii=False) == d for d in details)


def test_the_copied_rows_are_taken_in_stretches_in_the_order_reported() -> None:
    """Rows of the last run 11..17: a quote moved (14, not carried), the contradiction (16)
    reported after the facts' own findings though found between them: four statements."""
    last = [
        warm_module._FindingRow("quote-altered", "", f"fact-{i}", "s", None, i, "error")
        for i in range(11, 18)
    ]
    chosen = [last[i] for i in (0, 1, 2, 4, 6)] + [last[5]]
    assert list(warm_module._stretches(7, 8, last, chosen)) == [
        (8, 7, 11, 13),
        (8, 7, 15, 15),
        (8, 7, 17, 17),
        (8, 7, 16, 16),
    ]
    assert list(warm_module._stretches(7, 8, last, [])) == []
