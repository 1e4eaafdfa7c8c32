"""A fact about a new entity (`--new-entity`, kind other) whose quote does not name it: the
subject rule warns, in words that fit an entity of no particular kind."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Run


def test_a_new_entity_not_named_near_the_quote_is_warned_about(run: Run, seeded: Path) -> None:
    added = run(
        "fact", "add", "--id", "ahc-arrests", "--source", "hrw-2005-presidential-election",
        "--subject", "Almaty Helsinki Committee", "--new-entity",
        "--predicate", "detained_count", "--value", "7",
        "--quote", "In response, police arrested seven DVK members",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert (
        "warning: subject-unverified: neither the quote nor the two sentences before it name "
        "Almaty Helsinki Committee or another entity: check that the quote is about Almaty "
        "Helsinki Committee"
    ) in added.stderr
