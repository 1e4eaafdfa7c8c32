"""`kzfacts check`: a citation covers the claims of its own clause, up to its mark."""

from __future__ import annotations

import pytest

from tests.checks.test_drafts import check

ZHOVTIS = "Evgeniy Zhovtis was sentenced to four years' imprisonment"


def unsourced(text: str) -> list[list[str]]:
    """The claims of every unsourced-claim finding, in order."""
    return [f.detail["claims"] for f in check(text).findings if f.code.value == "unsourced-claim"]


def test_a_citation_does_not_cover_the_next_clause_of_its_sentence() -> None:
    text = (
        f"{ZHOVTIS} [@zhovtis-sentence], and Yevgeniy Tankov was sentenced to five years in "
        "May 2010.\n"
    )
    assert unsourced(text) == [["five years", "May 2010"]]
    finding = next(f for f in check(text).findings if f.code.value == "unsourced-claim")
    assert finding.location is not None and finding.location.column == text.index("five") + 1


def test_each_clause_citing_its_own_fact_is_sourced() -> None:
    text = (
        f"{ZHOVTIS} [@zhovtis-sentence], and Yevgeniy Tankov was sentenced to five years "
        "[@tankov-sentence].\n"
    )
    assert [f.code.value for f in check(text).findings] == []


@pytest.mark.parametrize("joint", ["; ", ", while ", ", but ", ", and "])
def test_every_clause_break_starts_a_new_clause(joint: str) -> None:
    text = f"{ZHOVTIS} [@zhovtis-sentence]{joint}more than a dozen people died in Zhanaozen.\n"
    assert unsourced(text) == [["more than a dozen"]]


def test_and_without_a_comma_joins_one_clause() -> None:
    text = (
        "In Zhanaozen more than a dozen people died and some 100 were wounded "
        "[@zhanaozen-deaths].\n"
    )
    assert unsourced(text) == []


def test_a_claim_after_the_last_citation_is_unsourced() -> None:
    assert unsourced("Evgeniy Zhovtis [@zhovtis-sentence] was sentenced to four years.\n") == [
        ["four years"]
    ]
    assert unsourced(f"{ZHOVTIS}. [@zhovtis-sentence]\n") == []
