"""A quote that lists several people, through the real CLI on the seed corpus: `fact add`
refuses a status taken from another person's item, and an audit reports it with the same code
when another tool writes the fact anyway."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Run, db_execute

# 003: "These include Roza Tuletaeva and Vadim Kuramshin, who continue to serve prison sentences
# handed down in unfair trials; Zinaida Mukhortova, who has again been forcibly placed in
# psychiatric care; and Yevgeniy Tankov, …"
LISTED = (
    "Roza Tuletaeva and Vadim Kuramshin, who continue to serve prison sentences handed down in "
    "unfair trials; Zinaida Mukhortova, who has again been forcibly placed in psychiatric care"
)


def add(run: Run, fact_id: str, entity: str, status: str):  # type: ignore[no-untyped-def]
    return run(
        "fact", "add", "--id", fact_id, "--source", "iphr-kibhr-2014-dialogue-concerns",
        "--subject", entity, "--entity", entity, "--predicate", "status", "--value", status,
        "--quote", LISTED,
    )  # fmt: skip


def test_another_person_s_status_is_refused_and_audited(run: Run, seeded: Path) -> None:
    refused = add(run, "mukhortova-prison", "zinaida-mukhortova", "imprisoned")
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        "kzfacts: subject-mismatch: the part of the quote that states 'serve prison sentences' "
    )
    assert add(run, "mukhortova-care", "zinaida-mukhortova", "in-psychiatric-care").exit_code == 0
    assert add(run, "kuramshin-prison", "vadim-kuramshin", "imprisoned").exit_code == 0
    # Another tool turns the honest fact into the refused one.
    db_execute("update fact set value = 'imprisoned' where id = 'mukhortova-care'")
    report = json.loads(run("audit", "--format", "json").stdout)
    codes = [(f["fact"], f["code"]) for f in report["findings"] if f["severity"] == "error"]
    assert codes == [("mukhortova-care", "subject-mismatch")]
