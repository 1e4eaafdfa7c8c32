"""A status the quote says ended, through the real CLI on the seed corpus: `fact add` refuses
it at a time after the end and accepts it before, `fact edit` re-checks a changed `--as-of`,
and an audit re-checks a fact whose `as_of` another tool changed (the time a status holds is
part of what its passed check depended on)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Run, db_execute

# 001: Igor Viniavskii, "who had been held in for custody since January 2012, was amnestied and
# released on 15 March 2012"
CUSTODY = "been held in for custody"
ENDED = (
    "value-unsupported: the quote says 'held in for custody' ended: 'released' on "
    "'15 March 2012' follows it, before"
)


def add(run: Run, *extra: str):  # type: ignore[no-untyped-def]
    return run(
        "fact", "add", "--id", "viniavskii-custody", "--source", "nhc-iphr-2012-eu-appeal",
        "--subject", "Igor Viniavskii", "--entity", "igor-viniavskii", "--predicate", "status",
        "--value", "detained", "--quote", CUSTODY, *extra,
    )  # fmt: skip


def test_custody_after_the_release_is_refused_before_it_accepted(run: Run, seeded: Path) -> None:
    refused = add(run)
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"kzfacts: {ENDED} the source's date (2012-03-20)")
    accepted = add(run, "--as-of", "2012-02")
    assert accepted.exit_code == 0, accepted.stderr
    edited = run("fact", "edit", "viniavskii-custody", "--as-of", "2012-03-18")
    assert edited.exit_code == 1
    assert edited.stderr.startswith(f"kzfacts: {ENDED} --as-of 2012-03-18")


def test_an_audit_rechecks_an_as_of_another_tool_changed(run: Run, seeded: Path) -> None:
    assert add(run, "--as-of", "2012-02").exit_code == 0
    assert run("audit").exit_code == 0
    db_execute("update fact set as_of = '2012-03-18' where id = 'viniavskii-custody'")
    audited = run("audit", "--full", "--format", "json")
    assert audited.exit_code == 1
    found = [
        (f["code"], f["message"].split(" — ")[0])
        for f in json.loads(audited.stdout)["findings"]
        if f["fact"] == "viniavskii-custody"
    ]
    assert found == [
        (
            "value-unsupported",
            "the quote says 'held in for custody' ended: 'released' on '15 March 2012' follows "
            "it, before --as-of 2012-03-18",
        )
    ]
