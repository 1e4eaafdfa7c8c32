"""schema.org ClaimReview of a draft's claims, reviewed against the facts they cite.

A ClaimReview rates somebody's statement. In kzfacts that is a sentence of a draft: it cites
facts, and `kzfacts check` says whether the sentence agrees with them and whether the last
audit found them sound. (A fact itself is checked against its own quote, so facts export as
`Claim`s with provenance, not as reviews.) Pure: checked sentences in, JSON-ready values out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kzfacts.checks.findings import Code, Finding
from kzfacts.formats.exports import SCHEMA_CONTEXT, fact_urn, organization

BEST_RATING = 3
WORST_RATING = 1


@dataclass(frozen=True)
class Rating:
    value: int
    name: str


SUPPORTED = Rating(3, "Supported by the cited facts")
UNVERIFIABLE = Rating(2, "Cites no sound fact")
CONTRADICTED = Rating(1, "Contradicted by the cited facts")
_UNVERIFIABLE_CODES = frozenset({Code.UNKNOWN_FACT, Code.CITES_BROKEN_FACT})


def rate(findings: Sequence[Finding], citations: Sequence[str]) -> tuple[Rating, str]:
    """The check's verdict on one cited sentence, and why: a mismatch with a cited fact
    outranks a citation that cannot be verified."""
    mismatches = [f for f in findings if f.code is Code.CLAIM_MISMATCH]
    if mismatches:
        return CONTRADICTED, "; ".join(f.message for f in mismatches)
    unverifiable = [f for f in findings if f.code in _UNVERIFIABLE_CODES]
    if unverifiable:
        return UNVERIFIABLE, "; ".join(f.message for f in unverifiable)
    cited = ", ".join(f"[@{key}]" for key in citations)
    return SUPPORTED, (
        f"The sentence agrees with {cited}; the last audit found each quoted in its source "
        "as cited, stating its value."
    )


@dataclass(frozen=True)
class ReviewedSentence:
    """A draft's sentence that cites facts (`text` on one line), with the findings in it."""

    text: str
    line: int
    column: int
    citations: tuple[str, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class ReviewedDraft:
    path: str
    front_matter: Mapping[str, Any]
    sentences: Sequence[ReviewedSentence]


def _people(value: object) -> list[dict[str, Any]]:
    """Front matter `author`: a name, a list of names, or mappings with a `name`."""
    items = value if isinstance(value, list) else [value]
    people = []
    for item in items:
        name = item.get("name") if isinstance(item, Mapping) else item
        if isinstance(name, str) and name.strip():
            people.append({"@type": "Person", "name": name.strip()})
    return people


def _date(value: object) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value.strip() if isinstance(value, str) and value.strip() else None


def _claim(draft: ReviewedDraft, sentence: ReviewedSentence) -> dict[str, Any]:
    front = draft.front_matter
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if isinstance(front.get("title"), str):
        appearance["name"] = front["title"]
    url = front.get("url")
    appearance["url"] = url if isinstance(url, str) and url else draft.path
    claim: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    authors = _people(front.get("author"))
    if authors:
        claim["author"] = authors[0] if len(authors) == 1 else authors
    published = _date(front.get("date"))
    if published:
        claim["datePublished"] = published
    return claim


def claim_review(
    draft: ReviewedDraft,
    sentence: ReviewedSentence,
    fact_urls: Mapping[str, str],
    reviewed: date,
) -> dict[str, Any]:
    """One sentence's review: claimReviewed is the sentence, isBasedOn the facts it cites."""
    rating, why = rate(sentence.findings, sentence.citations)
    based_on = []
    for key in sentence.citations:
        fact: dict[str, Any] = {"@type": "Claim", "@id": fact_urn(key), "identifier": key}
        if key in fact_urls:
            fact["appearance"] = {"@type": "CreativeWork", "url": fact_urls[key]}
        based_on.append(fact)
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "identifier": f"{draft.path}:{sentence.line}:{sentence.column}",
        "claimReviewed": sentence.text,
        "itemReviewed": _claim(draft, sentence),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating.value,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": rating.name,
            "ratingExplanation": why,
        },
        "isBasedOn": based_on,
        "author": organization("kzfacts"),
        "datePublished": reviewed.isoformat(),
    }


def claim_reviews(
    drafts: Sequence[ReviewedDraft], fact_urls: Mapping[str, str], reviewed: date
) -> list[dict[str, Any]]:
    return [
        claim_review(draft, sentence, fact_urls, reviewed)
        for draft in drafts
        for sentence in draft.sentences
    ]
