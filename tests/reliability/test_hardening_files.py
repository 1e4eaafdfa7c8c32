"""Unicode and offsets, read-only mounts and full disks: a decomposed source matches a
precomposed quote, compatibility characters are read as values, a byte-order mark and lone
carriage returns do not shift what kzfacts reports, a database on a read-only mount can be
read, and a full disk leaves every file kzfacts writes as it was."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from kzfacts.checks.values import Evidence, check_support, parse_fact_value, source_years
from kzfacts.text.anchor import PreparedSource, Verdict, anchor_quote
from tests.conftest import Run, seed_text
from tests.reliability.reliability_helpers import (
    ZHOVTIS_QUOTE,
    fact_args,
    kzfacts_command,
    snapshot,
)

SENTENCE = "the country's leading human rights defender, Evgeniy Zhovtis, was sentenced"


def accented(text: str, form: str) -> str:
    """The 2009 letter's sentence with the name spelt "Evgéniy", in NFC or NFD."""
    return unicodedata.normalize(form, text.replace("Evgeniy Zhovtis", "Evgéniy Zhovtis"))


# -- normalisation: compose, then fold --------------------------------------------------------


def test_a_decomposed_source_matches_a_precomposed_quote() -> None:
    source = PreparedSource(accented(seed_text("000"), "NFD"))
    quote = accented(SENTENCE, "NFC")
    result = anchor_quote(quote, source)
    assert result.verdict is Verdict.EXACT
    assert result.anchor is not None
    assert result.anchor.exact == accented(SENTENCE, "NFD")  # the source's own characters
    # The honest neighbour: another accent on the same letter is another name.
    other = anchor_quote(quote.replace("é", "è"), source)
    assert other.verdict is not Verdict.EXACT


def test_a_precomposed_source_matches_a_decomposed_quote() -> None:
    source = PreparedSource(accented(seed_text("000"), "NFC"))
    result = anchor_quote(accented(SENTENCE, "NFD"), source)
    assert result.verdict is Verdict.EXACT


@pytest.mark.parametrize(
    ("verbatim", "value", "supported"),
    [
        ("was sentenced to \ufb01ve years' imprisonment", "5 years", True),  # the ligature "ﬁ"
        ("was sentenced to \uff14 years' imprisonment", "4 years", True),  # a full-width "４"
        ("was sentenced to \ufb01ve years' imprisonment", "4 years", False),
        ("was sentenced to \uff14 years' imprisonment", "5 years", False),
    ],
)
def test_compatibility_characters_in_a_verbatim_quote_are_read_as_values(
    verbatim: str, value: str, supported: bool
) -> None:
    parsed, _ = parse_fact_value(value, "duration", None)
    assert parsed is not None
    evidence = Evidence.of_text(verbatim, source_years(None, None))
    assert (check_support(evidence, parsed, "sentence_length", "duration") is None) is supported


# -- a byte-order mark, lone carriage returns --------------------------------------------------


def test_a_source_with_a_byte_order_mark(run: Run, seeded: Path) -> None:
    text = seed_text("000")
    path = seeded / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert run("source", "add", "bom.txt", "--id", "bom").exit_code == 0
    shown = json.loads(run("source", "show", "bom", "--format", "json").stdout)
    assert shown["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()  # as sha256sum says
    assert shown["length"] == len(text)  # the mark is not a character of the text
    added = run(*fact_args("bom-fact", source="bom"))
    assert added.exit_code == 0, added.stderr
    fact = json.loads(run("fact", "show", "bom-fact", "--format", "json").stdout)
    position = fact["anchor"]["TextPositionSelector"]
    start = text.index(ZHOVTIS_QUOTE)
    assert (position["start"], position["end"]) == (start, start + len(ZHOVTIS_QUOTE))
    audit = json.loads(run("audit", "--format", "json").stdout)
    assert [f for f in audit["findings"] if f.get("source") == "bom"] == []  # no sha mismatch


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_line_numbers_count_lone_carriage_returns(run: Run, seeded: Path, newline: str) -> None:
    text = seed_text("000")
    line = text[: text.index(ZHOVTIS_QUOTE)].count("\n") + 1
    (seeded / "cr.txt").write_bytes(text.replace("\n", newline).encode("utf-8"))
    assert run("source", "add", "cr.txt", "--id", "cr").exit_code == 0
    added = run(*fact_args("cr-fact", source="cr"))
    assert added.exit_code == 0, added.stderr
    assert f"cr line {line}, characters" in added.stdout
    assert line == 9


# -- a read-only mount, a full disk (in a private mount namespace) ----------------------------


def _namespaces() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False)
    return probe.returncode == 0


needs_namespaces = pytest.mark.skipif(
    not _namespaces(), reason="needs `unshare -rm` (user and mount namespaces) to mount"
)


def in_namespace(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = " ".join(kzfacts_command()) if len(kzfacts_command()) == 1 else None
    assert command is not None, "needs the kzfacts console script"
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", script.replace("kzfacts ", f"{command} ")],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.sqlite_only
@needs_namespaces
def test_a_wal_database_on_a_read_only_mount_can_be_read(seeded: Path) -> None:
    (seeded / "ro").mkdir()
    done = in_namespace(
        "mount --bind . ro && mount -o remount,bind,ro ro && "
        "kzfacts --db ro/kzfacts.db --root ro fact list --format json > listed.json; "
        "echo $? > listed.code; "
        "kzfacts --db ro/kzfacts.db --root ro audit --dry-run --format json > audited.json; "
        "echo $? > audited.code; "
        f"kzfacts --db ro/kzfacts.db --root ro {' '.join(repr(a) for a in fact_args('ro-fact'))}",
        seeded,
    )
    assert (seeded / "listed.code").read_text().strip() == "0"
    assert len(json.loads((seeded / "listed.json").read_text())) == 173
    assert (seeded / "audited.code").read_text().strip() == "0"
    audited = json.loads((seeded / "audited.json").read_text())
    assert (audited["findings"], audited["summary"]["facts_checked"]) == ([], 173)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"kzfacts: database {seeded}/ro/kzfacts.db is read-only (attempt to write a readonly "
        "database): this command must write to it; copy it to a writable folder, or check its "
        "file permissions (commands that only read, such as fact list, work)"
    ]


@pytest.mark.sqlite_only
@needs_namespaces
def test_a_full_disk_leaves_every_written_file_as_it_was(seeded: Path) -> None:
    """A 64 KB file system: the export, the report and the dump do not fit; the old files stay."""
    (seeded / "small").mkdir()
    old = {name: f"the old {name}\n" for name in ("facts.jsonl", "report.html", "all.jsonl")}
    done = in_namespace(
        "mount -t tmpfs -o size=64k tmpfs small && "
        + "".join(f"printf '{content}' > small/{name} && " for name, content in old.items())
        + "kzfacts fact export --output small/facts.jsonl; echo $? > export.code; "
        "kzfacts report --output small/report.html; echo $? > report.code; "
        "kzfacts dump --output small/all.jsonl; echo $? > dump.code; "
        "for f in facts.jsonl report.html all.jsonl; do cp small/$f kept-$f; done; ls -A small",
        seeded,
    )
    assert done.stdout.split() == sorted(old)  # no partial file left behind
    for name, content in old.items():
        assert (seeded / f"kept-{name}").read_text() == content
    codes = [(seeded / f"{c}.code").read_text().strip() for c in ("export", "report", "dump")]
    assert codes == ["2", "2", "2"]
    errors = [line for line in done.stderr.splitlines() if line.startswith("kzfacts: ")]
    assert errors == [
        f"kzfacts: cannot write small/{name} (No space left on device): choose another --output"
        for name in ("facts.jsonl", "report.html", "all.jsonl")
    ]


def test_audit_dry_run_reports_and_records_nothing(run: Run, seeded: Path) -> None:
    path = next((seeded / "seeds").glob("000_*.txt"))
    path.write_text(path.read_text(encoding="utf-8").replace("four years", "five years"))
    before = snapshot()
    dry = run("audit", "--dry-run", "--format", "json")
    assert dry.exit_code == 1
    found = {(f["code"], f.get("fact")) for f in json.loads(dry.stdout)["findings"]}
    assert ("quote-altered", "zhovtis-sentence-length-2009") in found
    assert ("source-changed", None) in found
    assert snapshot() == before  # no run recorded, no anchor or sha256 updated
    real = run("audit", "--format", "json")
    assert {(f["code"], f.get("fact")) for f in json.loads(real.stdout)["findings"]} == found
