"""Fact exports with plain values: import records, Web Annotations, ClaimReviews, ratings."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from kzfacts.formats.exports import (
    AuditNote,
    Rating,
    annotation,
    claim_review,
    claim_sentence,
    import_order,
    import_record,
    rating,
    to_annotations,
    to_claim_reviews,
    to_csv,
    to_json_ld,
    to_jsonl,
)

FACT: dict[str, Any] = {
    "id": "zhovtis-sentence",
    "source_id": "letter",
    "subject": "Evgeniy Zhovtis",
    "entity_id": "evgeniy-zhovtis",
    "predicate": "sentence_length",
    "value": "4 years",
    "quote": "was sentenced to four years' imprisonment",
    "exact": "was sentenced to four years' imprisonment",
    "prefix": "Zhovtis, ",
    "suffix": " following",
    "position_start": 1326,
    "position_end": 1367,
    "as_of": "2009-11-18",
    "note": 'appeal, "upheld"',
    "supersedes": None,
    "value_low": 1461.0,
    "created_at": datetime(2024, 5, 1, 12, 0, 0),
}
SOURCES: dict[str, Any] = {
    "letter": {
        "id": "letter",
        "title": "Re: Kazakhstan's Stalled Reforms",
        "publisher": "Human Rights Watch",
        "published": date(2009, 11, 18),
        "published_precision": "day",
        "url": "https://example.org/letter",
    }
}
SUPPORTED = Rating(3, "Supported", "The quote is in the source as cited and states the value.")


def fact(**changes: Any) -> dict[str, Any]:
    return {**FACT, **changes}


def test_import_record_has_exactly_the_import_fields() -> None:
    assert import_record(FACT) == {
        "id": "zhovtis-sentence",
        "source": "letter",
        "subject": "Evgeniy Zhovtis",
        "predicate": "sentence_length",
        "value": "4 years",
        "quote": "was sentenced to four years' imprisonment",
        "as_of": "2009-11-18",
        "note": 'appeal, "upheld"',
        "supersedes": None,
        "entity": "evgeniy-zhovtis",
        "event": None,
    }


def test_model_rows_are_read_by_attribute() -> None:
    assert import_record(SimpleNamespace(**FACT)) == import_record(FACT)


def test_jsonl_is_one_object_per_line_without_empty_fields() -> None:
    assert to_jsonl([fact(as_of=None, note=None, quote="four «years»")]) == (
        '{"id": "zhovtis-sentence", "source": "letter", "subject": "Evgeniy Zhovtis", '
        '"predicate": "sentence_length", "value": "4 years", "quote": "four «years»", '
        '"entity": "evgeniy-zhovtis"}\n'
    )
    assert to_jsonl([]) == ""


def test_csv_quotes_commas_and_line_breaks() -> None:
    text = to_csv([fact(quote="four years,\nimprisonment")])
    assert text == (
        "id,source,subject,predicate,value,quote,as_of,note,supersedes,entity,event\n"
        'zhovtis-sentence,letter,Evgeniy Zhovtis,sentence_length,4 years,"four years,\n'
        'imprisonment",2009-11-18,"appeal, ""upheld""",,evgeniy-zhovtis,\n'
    )
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["quote"] == "four years,\nimprisonment"
    assert row["note"] == 'appeal, "upheld"'
    assert (
        to_csv([]) == "id,source,subject,predicate,value,quote,as_of,note,supersedes,entity,event\n"
    )


def test_a_revision_follows_the_fact_it_supersedes() -> None:
    reduced = fact(id="reduced", supersedes="original")
    original = fact(id="original")
    other = fact(id="other")
    again = fact(id="again", supersedes="reduced")
    ordered = import_order([again, reduced, other, original])
    assert [f["id"] for f in ordered] == ["original", "reduced", "again", "other"]
    assert [json.loads(line)["id"] for line in to_jsonl([reduced, original]).splitlines()] == [
        "original",
        "reduced",
    ]


def test_supersedes_outside_the_export_or_in_a_cycle_keeps_the_order() -> None:
    a = fact(id="a", supersedes="b")
    b = fact(id="b", supersedes="a")
    outside = fact(id="c", supersedes="not-exported")
    assert [f["id"] for f in import_order([outside, a, b])] == ["c", "b", "a"]


def test_rating_from_the_last_audit() -> None:
    assert rating([]) == SUPPORTED
    assert rating([AuditNote("quote-moved", "info", "moved")]) == SUPPORTED
    assert rating([AuditNote("quote-inexact", "warning", "'sentenced' → 'sentanced'")]) == Rating(
        2, "Inexact quote", "quote-inexact: 'sentenced' → 'sentanced'"
    )
    assert rating([AuditNote("contradiction", "warning", "4 vs 5 years")]) == Rating(
        2, "Disputed", "contradiction: 4 vs 5 years"
    )
    assert rating(
        [
            AuditNote("quote-inexact", "warning", "typo"),
            AuditNote("quote-altered", "error", "'four' → 'three'"),
        ]
    ) == Rating(1, "Not supported", "quote-altered: 'four' → 'three'; quote-inexact: typo")


def test_annotation_of_a_fact() -> None:
    assert annotation(FACT, SOURCES, SUPPORTED) == {
        "id": "urn:kzfacts:fact:zhovtis-sentence",
        "type": "Annotation",
        "motivation": "describing",
        "body": [
            {"type": "TextualBody", "purpose": "describing", "value": "4 years"},
            {"type": "TextualBody", "purpose": "classifying", "value": "sentence_length"},
            {"type": "TextualBody", "purpose": "identifying", "value": "Evgeniy Zhovtis"},
            {"type": "TextualBody", "purpose": "tagging", "value": "zhovtis-sentence"},
            {"type": "TextualBody", "purpose": "commenting", "value": "as of 2009-11-18"},
            {"type": "TextualBody", "purpose": "assessing", "value": "Supported"},
        ],
        "target": {
            "source": "https://example.org/letter",
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": "was sentenced to four years' imprisonment",
                    "prefix": "Zhovtis, ",
                    "suffix": " following",
                },
                {"type": "TextPositionSelector", "start": 1326, "end": 1367},
            ],
        },
        "created": "2024-05-01T12:00:00Z",
        "generator": {"type": "Software", "name": "kzfacts 0.1.0"},
    }


def test_annotation_without_url_anchor_or_verdict() -> None:
    sources = {"letter": {**SOURCES["letter"], "url": None}}
    bare = fact(exact=None, prefix=None, suffix=None, position_start=None, as_of=None)
    item = annotation(bare, sources, None)
    assert item["target"] == {"source": "urn:kzfacts:source:letter"}
    assert [b["purpose"] for b in item["body"]] == [
        "describing",
        "classifying",
        "identifying",
        "tagging",
    ]


def test_annotation_collection() -> None:
    collection = to_annotations([FACT, fact(id="other")], SOURCES, {"other": SUPPORTED})
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert (collection["type"], collection["total"]) == ("AnnotationCollection", 2)
    page = collection["first"]
    assert (page["type"], page["startIndex"]) == ("AnnotationPage", 0)
    assert [i["id"] for i in page["items"]] == [
        "urn:kzfacts:fact:zhovtis-sentence",
        "urn:kzfacts:fact:other",
    ]
    assert [b["value"] for b in page["items"][1]["body"] if b["purpose"] == "assessing"] == [
        "Supported"
    ]
    assert not [b for b in page["items"][0]["body"] if b["purpose"] == "assessing"]


def test_claim_review_of_a_fact() -> None:
    verdict = Rating(1, "Not supported", "quote-altered: 'four' → 'three'")
    assert claim_review(FACT, SOURCES, verdict, date(2024, 6, 2)) == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": "zhovtis-sentence",
        "claimReviewed": "Evgeniy Zhovtis: sentence length is 4 years as of 2009-11-18.",
        "itemReviewed": {
            "@type": "Claim",
            "@id": "urn:kzfacts:fact:zhovtis-sentence",
            "name": "zhovtis-sentence",
            "appearance": {
                "@type": "CreativeWork",
                "@id": "https://example.org/letter",
                "name": "Re: Kazakhstan's Stalled Reforms",
                "url": "https://example.org/letter",
                "publisher": {"@type": "Organization", "name": "Human Rights Watch"},
                "datePublished": "2009-11-18",
            },
            "author": {"@type": "Organization", "name": "Human Rights Watch"},
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "bestRating": 3,
            "worstRating": 1,
            "alternateName": "Not supported",
            "ratingExplanation": "quote-altered: 'four' → 'three'",
        },
        "author": {"@type": "Organization", "name": "kzfacts"},
        "datePublished": "2024-06-02",
    }


def test_claim_review_dates_only_as_precise_as_known_and_unknown_source() -> None:
    by_month = {"letter": {**SOURCES["letter"], "published_precision": "month", "url": None}}
    work = claim_review(FACT, by_month, SUPPORTED, date(2024, 6, 2))["itemReviewed"]["appearance"]
    assert work == {
        "@type": "CreativeWork",
        "@id": "urn:kzfacts:source:letter",
        "name": "Re: Kazakhstan's Stalled Reforms",
        "publisher": {"@type": "Organization", "name": "Human Rights Watch"},
        "datePublished": "2009-11",
    }
    by_year = {"letter": {**SOURCES["letter"], "published_precision": "year"}}
    work = claim_review(FACT, by_year, SUPPORTED, date(2024, 6, 2))["itemReviewed"]["appearance"]
    assert work["datePublished"] == "2009"
    unknown = claim_review(FACT, {}, SUPPORTED, date(2024, 6, 2))["itemReviewed"]
    assert unknown["appearance"] == {"@type": "CreativeWork", "@id": "urn:kzfacts:source:letter"}
    assert "author" not in unknown


def test_claim_sentence_without_as_of() -> None:
    assert claim_sentence(fact(as_of=None, predicate="event_date", value="2005-12-04")) == (
        "Evgeniy Zhovtis: event date is 2005-12-04."
    )


def test_claim_reviews_list_and_json_ld_text() -> None:
    reviews = to_claim_reviews([FACT], SOURCES, {"zhovtis-sentence": SUPPORTED}, date(2024, 6, 2))
    text = to_json_ld(reviews)
    assert text.endswith("}\n]\n")
    assert json.loads(text)[0]["reviewRating"]["alternateName"] == "Supported"
    assert "«" in to_json_ld({"q": "«"})
