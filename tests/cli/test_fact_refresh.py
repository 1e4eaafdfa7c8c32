"""`kzfacts fact refresh` on the seed corpus through the real CLI: a fact whose derived fields
an earlier release's rules wrote (the time it holds, how its value was read) gets what this
release reads; what editors stated, anchors and histories stay; a fact whose source changed
since it was verified is left as it is until the audit anchors it again."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Run, db_execute, db_scalar

LIQUIDATED = "dvk-status-liquidated-2005"  # "the January 6 court decision liquidating the DVK"
OUSTER = "akayev-ouster-date"  # "led to the ouster of Kyrgyz President Askar Akaev in March"
ELECTION_REPORT = Path("seeds", "004_e77f42745581b012.txt")  # their source, of 2005-10-11
FACTS = 173


def _as_an_older_release_wrote_it() -> None:
    """The status took the source's date (its quote's "January 6" was not read), and the
    month read no word of where its year came from."""
    db_execute(
        "update fact set valid_from = '2005-10-11', valid_to = '2005-10-11', "
        "valid_origin = 'published', valid_words = null where id = :i",
        i=LIQUIDATED,
    )
    db_execute("update fact set value_detail = 'precision=month' where id = :i", i=OUSTER)


def _stored(fact_id: str) -> tuple[str, str, str, str | None]:
    row = tuple(
        db_scalar(f"select {column} from fact where id = :i", i=fact_id)
        for column in ("valid_from", "valid_to", "valid_origin", "valid_words")
    )
    return tuple(str(v) if v is not None else None for v in row)  # type: ignore[return-value]


def test_facts_written_by_older_rules_get_what_this_release_reads(seeded: Path, run: Run) -> None:
    _as_an_older_release_wrote_it()
    versions = db_scalar("select count(*) from factversion")
    dry = run("fact", "refresh", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        f"{OUSTER}: value_detail precision=month → precision=month; year from the source's "
        "date (2005-10-11; no other year near it)",
        f"{LIQUIDATED}: valid_from 2005-10-11 → 2005-01-06; valid_to 2005-10-11 → 2005-01-06; "
        "valid_origin published → quote; valid_words - → January 6",
        f"would refresh 2 of {FACTS} facts ({FACTS - 2} unchanged)",
    ]
    assert _stored(LIQUIDATED) == ("2005-10-11", "2005-10-11", "published", None)
    done = run("fact", "refresh")
    assert (done.exit_code, done.stdout.splitlines()[-1]) == (
        0, f"refreshed 2 of {FACTS} facts ({FACTS - 2} unchanged)",
    )  # fmt: skip
    assert _stored(LIQUIDATED) == ("2005-01-06", "2005-01-06", "quote", "January 6")
    assert db_scalar("select count(*) from factversion") == versions  # a refresh is no edit
    again = run("fact", "refresh", "--format", "json")
    assert json.loads(again.stdout) == {"read": FACTS, "refreshed": [], "not_refreshed": []}


def test_the_facts_named_are_the_only_ones_read(seeded: Path, run: Run) -> None:
    _as_an_older_release_wrote_it()
    named = run("fact", "refresh", LIQUIDATED, "--format", "json")
    assert named.exit_code == 0, named.stderr
    assert json.loads(named.stdout) == {
        "read": 1,
        "refreshed": [
            {
                "id": LIQUIDATED,
                "changes": {
                    "valid_from": {"before": "2005-10-11", "after": "2005-01-06"},
                    "valid_to": {"before": "2005-10-11", "after": "2005-01-06"},
                    "valid_origin": {"before": "published", "after": "quote"},
                    "valid_words": {"before": None, "after": "January 6"},
                },
            }
        ],
        "not_refreshed": [],
    }
    assert db_scalar("select value_detail from fact where id = :i", i=OUSTER) == ("precision=month")
    unknown = run("fact", "refresh", "no-such-fact")
    assert (unknown.exit_code, unknown.stderr) == (
        1, "kzfacts: unknown fact 'no-such-fact': see `kzfacts fact list`\n",
    )  # fmt: skip


def test_a_fact_whose_source_changed_waits_for_the_audit(seeded: Path, run: Run) -> None:
    _as_an_older_release_wrote_it()
    report = seeded / ELECTION_REPORT
    report.write_text("A paragraph added on top.\n\n" + report.read_text(encoding="utf-8"))
    waiting = run("fact", "refresh", LIQUIDATED)
    assert (waiting.exit_code, waiting.stdout, waiting.stderr) == (
        1,
        "refreshed 0 of 1 fact (0 unchanged)\n",
        f"{LIQUIDATED}: not refreshed: its source's text changed since it was verified: run "
        "`kzfacts audit` first, which anchors it again\nkzfacts: 1 fact not refreshed\n",
    )
    assert _stored(LIQUIDATED) == ("2005-10-11", "2005-10-11", "published", None)
    assert run("audit").exit_code in (0, 1)  # anchors the source's facts in its new text
    refreshed = run("fact", "refresh", LIQUIDATED)
    assert (refreshed.exit_code, refreshed.stdout.splitlines()[-1]) == (
        0, "refreshed 1 of 1 fact (0 unchanged)",
    )  # fmt: skip
    assert _stored(LIQUIDATED) == ("2005-01-06", "2005-01-06", "quote", "January 6")
