"""`kzfacts check --format claimreview`: each sentence that cites facts, reviewed against them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import Run

HRW_2009 = "https://www.hrw.org/news/2009/11/18/letter-eu-ministers-regarding-osce-ministerial-council-athens"
DRAFT = """\
---
title: Zhovtis note
author: [Ann Editor, {name: Bo Writer}]
date: 2024-06-01
url: https://example.org/notes/zhovtis
---

# Zhovtis

Zhovtis was sentenced to five years [@zhovtis-sentence-length-2009].

He was sentenced to four years' imprisonment [@zhovtis-sentence-length-2009].

The election was held on 4 December 2005 [@no-such-fact].

He served four years in a colony.
"""


def test_each_cited_sentence_is_rated_by_the_check(run: Run, seeded: Path, tmp_path: Path) -> None:
    assert run("audit").exit_code == 0
    (tmp_path / "note.md").write_text(DRAFT, encoding="utf-8")
    result = run("check", "note.md", "--format", "claimreview")
    assert result.exit_code == 1  # the findings still fail the check
    reviews = json.loads(result.stdout)
    # The unsourced last sentence cites nothing to review it against.
    assert [(r["identifier"], r["reviewRating"]["ratingValue"]) for r in reviews] == [
        ("note.md:10:1", 1),
        ("note.md:12:1", 3),
        ("note.md:14:1", 2),
    ]
    contradicted, supported, unverifiable = reviews
    assert contradicted["claimReviewed"] == (
        "Zhovtis was sentenced to five years [@zhovtis-sentence-length-2009]."
    )
    assert contradicted["reviewRating"]["alternateName"] == "Contradicted by the cited facts"
    assert contradicted["reviewRating"]["ratingExplanation"].startswith(
        "the sentence says 'five years' (5 years), but [@zhovtis-sentence-length-2009] is"
    )
    assert supported["itemReviewed"] == {
        "@type": "Claim",
        "appearance": {
            "@type": "CreativeWork",
            "name": "Zhovtis note",
            "url": "https://example.org/notes/zhovtis",
        },
        "author": [
            {"@type": "Person", "name": "Ann Editor"},
            {"@type": "Person", "name": "Bo Writer"},
        ],
        "datePublished": "2024-06-01",
    }
    assert supported["isBasedOn"] == [
        {
            "@type": "Claim",
            "@id": "urn:kzfacts:fact:zhovtis-sentence-length-2009",
            "identifier": "zhovtis-sentence-length-2009",
            "appearance": {"@type": "CreativeWork", "url": HRW_2009},
        }
    ]
    assert supported["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 3,
        "bestRating": 3,
        "worstRating": 1,
        "alternateName": "Supported by the cited facts",
        "ratingExplanation": "The sentence agrees with [@zhovtis-sentence-length-2009]; the last "
        "audit found each quoted in its source as cited, stating its value.",
    }
    assert supported["author"] == {"@type": "Organization", "name": "kzfacts"}
    assert supported["datePublished"] == datetime.now(UTC).date().isoformat()
    assert unverifiable["reviewRating"]["alternateName"] == "Cites no sound fact"


def test_a_fact_broken_by_an_edited_source_makes_its_claims_unverifiable(
    run: Run, seeded: Path, tmp_path: Path
) -> None:
    letter = next((seeded / "seeds").glob("000_*.txt"))
    letter.write_text(
        letter.read_text(encoding="utf-8").replace("four years'", "three years'"),
        encoding="utf-8",
    )
    assert run("audit").exit_code == 1
    (tmp_path / "plain.md").write_text(
        "He was sentenced to four years' imprisonment [@zhovtis-sentence-length-2009].\n",
        encoding="utf-8",
    )
    (review,) = json.loads(run("check", "plain.md", "--format", "claimreview").stdout)
    assert review["reviewRating"]["ratingValue"] == 2
    assert (
        "which the last audit (run 1) found broken: quote-altered"
        in (review["reviewRating"]["ratingExplanation"])
    )
    # Without front matter, the claim appears in the draft file itself.
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "appearance": {"@type": "CreativeWork", "url": "plain.md"},
    }


def test_audit_has_no_claimreview_format(run: Run, seeded: Path) -> None:
    result = run("audit", "--format", "claimreview")
    assert result.exit_code == 2
