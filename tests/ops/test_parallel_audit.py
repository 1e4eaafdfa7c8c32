"""The cold audit's worker processes give exactly the findings of one process: the facts to
search for checked in workers while the standing ones are checked in the audit's process, and
the not-found quotes looked for in parts of the sources, each quote's answer the first source in
the sources' order that states it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kzfacts.checks.subjects import catalog_of
from kzfacts.services.audit import crossfacts, workers
from tests.conftest import Run, seed_text

ELECTION = "The presidential election scheduled for December 4, 2005 will be an important test"
"""Quoted by two facts of hrw-2005-presidential-election (004), stated nowhere else."""
CHAIRMANSHIP = "the OSCE participating states decided to give Kazakhstan the 2010 chairmanship"
"""Quoted by a fact of hrw-2009-stalled-reforms (000), stated nowhere else."""
ZHOVTIS = "Evgeniy Zhovtis, was sentenced to four years' imprisonment"
"""Stated by hrw-2009-stalled-reforms (000) only."""


def _texts() -> dict[str, str]:
    """The seed texts by source id, in the sources' order, the election sentence moved out of
    its own source into two later ones (iphr-nhc before nhc-iphr)."""
    return {
        "hrw-2005-presidential-election": seed_text("004").replace(ELECTION, "The election"),
        "hrw-2009-stalled-reforms": seed_text("000"),
        "iphr-kibhr-2014-dialogue-concerns": seed_text("003"),
        "iphr-nhc-2014-barroso-letter": seed_text("002") + "\n" + ELECTION + ".\n",
        "nhc-iphr-2012-eu-appeal": seed_text("001") + "\n" + ELECTION + ".\n",
    }


WANTED = [
    (ELECTION, "hrw-2005-presidential-election"),  # in two others: the first in order
    (ELECTION, "iphr-nhc-2014-barroso-letter"),  # its own skipped: the next that states it
    (CHAIRMANSHIP, "iphr-kibhr-2014-dialogue-concerns"),  # misattributed to 003: it is in 000
    (CHAIRMANSHIP, "hrw-2009-stalled-reforms"),  # only in its own
    ("the Ministry of Truth closed every newspaper in Almaty", "hrw-2009-stalled-reforms"),
    (ZHOVTIS.replace("four", "five"), "nhc-iphr-2012-eu-appeal"),  # one word off: nowhere
]
EXPECTED = [
    "iphr-nhc-2014-barroso-letter",
    "nhc-iphr-2012-eu-appeal",
    "hrw-2009-stalled-reforms",
    None,
    None,
    None,
]


@pytest.mark.parametrize("part_chars", [1, 60_000, 10**9])
def test_not_found_quotes_searched_for_in_parts_get_the_answers_of_one_search(
    monkeypatch: pytest.MonkeyPatch, part_chars: int
) -> None:
    texts = _texts()
    monkeypatch.setattr(workers, "PART_CHARS", part_chars)
    assert workers.first_found(WANTED, list(texts.items())) == EXPECTED
    with workers.AuditWorkers(2, lambda: catalog_of([])) as pool:
        assert workers.first_found_in_parts(WANTED, texts, pool)() == EXPECTED


def _audit_json(run: Run, database: str, count: int) -> list[dict[str, Any]]:
    result = run("--db", database, "audit", "--full", "--workers", str(count), "--format", "json")
    assert result.exit_code == 1, result.output  # the quotes not found are errors
    findings: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return findings


def test_a_cold_audit_in_workers_finds_what_one_process_finds(
    run: Run,
    seeded: Path,
    clone_database: Callable[[], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sources = seeded / "seeds"
    own = next(sources.glob("004_*.txt"))
    own.write_text(own.read_text(encoding="utf-8").replace(ELECTION, "The election"), "utf-8")
    for name in ("001", "002"):
        other = next(sources.glob(f"{name}_*.txt"))
        other.write_text(other.read_text(encoding="utf-8") + "\n" + ELECTION + ".\n", "utf-8")
    zero = next(sources.glob("000_*.txt"))
    zero.write_text(zero.read_text(encoding="utf-8").replace(CHAIRMANSHIP, "the states"), "utf-8")
    one, two = clone_database(), clone_database()

    alone = _audit_json(run, one, 1)
    sent: list[str] = []
    submit = workers.AuditWorkers.submit

    def recorded(pool: workers.AuditWorkers, wanted: int, function: Any, *args: Any) -> Any:
        sent.append(function.__name__)
        return submit(pool, wanted, function, *args)

    monkeypatch.setattr(workers.AuditWorkers, "submit", recorded)
    monkeypatch.setattr(workers, "PARALLEL_MIN_FACTS", 0)
    monkeypatch.setattr(crossfacts, "PARALLEL_MIN_SOURCES", 0)
    monkeypatch.setattr(workers, "PART_CHARS", 1)
    spread = _audit_json(run, two, 2)

    assert spread == alone
    # started before the sources are read; the facts of the four edited sources checked in the
    # workers (those of 003 stand); each of the five sources searched by its own part
    assert sent.count("int") == 1
    assert sent.count("_check_in_worker") == 4
    assert sent.count("first_found") == 5
    misattributed = sorted(
        (f["fact"], f["found_in"]) for f in spread if f["code"] == "quote-misattributed"
    )
    assert misattributed == [
        ("presidential-election-2005-date", "iphr-nhc-2014-barroso-letter"),
        ("presidential-election-2005-month", "iphr-nhc-2014-barroso-letter"),
    ]
    not_found = [f["fact"] for f in spread if f["code"] == "quote-not-found"]
    assert not_found == ["kazakhstan-osce-chairmanship-year-2009"]
