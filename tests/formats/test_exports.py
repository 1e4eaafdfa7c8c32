"""Fact exports with plain values: import records, Web Annotations, Hypothesis payloads, Claims."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from kzfacts.formats.exports import (
    annotation,
    claim,
    claim_sentence,
    hypothesis_payload,
    import_order,
    import_record,
    to_annotations,
    to_claims,
    to_csv,
    to_hypothesis,
    to_json_ld,
    to_jsonl,
)

SHA = "4d9b91cc6992" + "0" * 52
SOURCE_SHA = "2eaed8ae0f11" + "0" * 52

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
    "anchor_sha256": SHA,
    "audit_status": "ok",
    "audit_codes": None,
    "last_verified_at": datetime(2024, 6, 2, 8, 0, 0),
}
SOURCES: dict[str, Any] = {
    "letter": {
        "id": "letter",
        "title": "Re: Kazakhstan's Stalled Reforms",
        "publisher": "Human Rights Watch",
        "published": date(2009, 11, 18),
        "published_precision": "day",
        "url": "https://example.org/letter",
        "sha256": SOURCE_SHA,
        "registered_at": datetime(2024, 4, 30, 9, 0, 0),
    }
}


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


def test_annotation_of_a_fact() -> None:
    assert annotation(FACT, SOURCES) == {
        "id": "urn:kzfacts:fact:zhovtis-sentence",
        "type": "Annotation",
        "motivation": "describing",
        "body": [
            {"type": "TextualBody", "purpose": "describing", "value": "4 years"},
            {"type": "TextualBody", "purpose": "classifying", "value": "sentence_length"},
            {"type": "TextualBody", "purpose": "identifying", "value": "Evgeniy Zhovtis"},
            {"type": "TextualBody", "purpose": "tagging", "value": "zhovtis-sentence"},
            {"type": "TextualBody", "purpose": "commenting", "value": "as of 2009-11-18"},
            {"type": "TextualBody", "purpose": "assessing", "value": "last audit: ok"},
        ],
        "target": {
            "type": "SpecificResource",
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
            "state": {
                "type": "TimeState",
                "sourceDate": "2024-04-30T09:00:00Z",
                "cached": f"urn:sha256:{SHA}",
            },
        },
        "created": "2024-05-01T12:00:00Z",
        "generator": {"type": "Software", "name": "kzfacts 0.1.0"},
    }


def test_positions_only_with_the_state_of_the_text_they_count_in() -> None:
    """Without the anchored text's sha256 the offsets would count in an unnamed text."""
    item = annotation(fact(anchor_sha256=None), SOURCES)
    assert item["target"] == {
        "type": "SpecificResource",
        "source": "https://example.org/letter",
        "selector": {
            "type": "TextQuoteSelector",
            "exact": "was sentenced to four years' imprisonment",
            "prefix": "Zhovtis, ",
            "suffix": " following",
        },
    }


def test_annotation_without_url_anchor_or_verdict() -> None:
    sources = {"letter": {**SOURCES["letter"], "url": None}}
    bare = fact(exact=None, prefix=None, suffix=None, position_start=None, as_of=None)
    item = annotation({**bare, "audit_status": None}, sources)
    assert item["target"] == {"type": "SpecificResource", "source": f"urn:sha256:{SOURCE_SHA}"}
    assert [b["purpose"] for b in item["body"]] == [
        "describing",
        "classifying",
        "identifying",
        "tagging",
    ]


def test_annotation_collection_and_page_have_ids_that_name_their_content() -> None:
    collection = to_annotations([FACT, fact(id="other", audit_status="error")], SOURCES)
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert (collection["type"], collection["total"]) == ("AnnotationCollection", 2)
    assert collection["id"].startswith("urn:kzfacts:annotations:")
    page = collection["first"]
    assert page["id"] == collection["id"] + ":page:1" == collection["last"]
    assert (page["type"], page["partOf"], page["startIndex"]) == (
        "AnnotationPage",
        collection["id"],
        0,
    )
    assert [i["id"] for i in page["items"]] == [
        "urn:kzfacts:fact:zhovtis-sentence",
        "urn:kzfacts:fact:other",
    ]
    assert to_annotations([FACT, fact(id="other")], SOURCES)["id"] == collection["id"]
    assert to_annotations([FACT], SOURCES)["id"] != collection["id"]


def test_hypothesis_payload_of_a_fact_whose_source_has_a_url() -> None:
    assert hypothesis_payload(FACT, SOURCES) == {
        "uri": "https://example.org/letter",
        "target": [
            {
                "source": "https://example.org/letter",
                "selector": [
                    {
                        "type": "TextQuoteSelector",
                        "exact": "was sentenced to four years' imprisonment",
                        "prefix": "Zhovtis, ",
                        "suffix": " following",
                    }
                ],
            }
        ],
        "text": "Evgeniy Zhovtis: sentence length is 4 years as of 2009-11-18.\n\n"
        'kzfacts fact `zhovtis-sentence`: appeal, "upheld"',
        "tags": ["kzfacts", "sentence_length", "evgeniy-zhovtis"],
        "document": {"title": ["Re: Kazakhstan's Stalled Reforms"]},
    }
    without_url = {"letter": {**SOURCES["letter"], "url": None}}
    assert hypothesis_payload(FACT, without_url) is None
    lines = to_hypothesis([FACT, fact(id="b"), fact(id="c", source_id="gone")], SOURCES)
    assert [json.loads(line)["text"].rsplit("`", 2)[1] for line in lines.splitlines()] == [
        "zhovtis-sentence",
        "b",
    ]


def test_claim_with_its_quotation_and_provenance() -> None:
    assert claim(FACT, SOURCES) == {
        "@type": "Claim",
        "@id": "urn:kzfacts:fact:zhovtis-sentence",
        "identifier": "zhovtis-sentence",
        "text": "Evgeniy Zhovtis: sentence length is 4 years as of 2009-11-18.",
        "about": {"@type": "Thing", "name": "Evgeniy Zhovtis"},
        "appearance": {
            "@type": "Quotation",
            "text": "was sentenced to four years' imprisonment",
            "isPartOf": {
                "@type": "CreativeWork",
                "@id": "https://example.org/letter",
                "name": "Re: Kazakhstan's Stalled Reforms",
                "url": "https://example.org/letter",
                "publisher": {"@type": "Organization", "name": "Human Rights Watch"},
                "datePublished": "2009-11-18",
            },
        },
        "author": {"@type": "Organization", "name": "Human Rights Watch"},
        "datePublished": "2009-11-18",
        "prov:wasQuotedFrom": {
            "@id": "https://example.org/letter",
            "@type": "prov:Entity",
            "sha256": SHA,
        },
        "prov:wasGeneratedBy": {
            "@type": "prov:Activity",
            "name": "kzfacts audit — last audit: ok",
            "prov:endedAtTime": "2024-06-02T08:00:00Z",
        },
    }
    assert "reviewRating" not in json.dumps(to_claims([FACT], SOURCES))


def test_claim_dates_only_as_precise_as_known_and_unknown_source() -> None:
    by_month = {"letter": {**SOURCES["letter"], "published_precision": "month", "url": None}}
    document = claim(FACT, by_month)["appearance"]["isPartOf"]
    assert document == {
        "@type": "CreativeWork",
        "@id": f"urn:sha256:{SOURCE_SHA}",
        "name": "Re: Kazakhstan's Stalled Reforms",
        "publisher": {"@type": "Organization", "name": "Human Rights Watch"},
        "datePublished": "2009-11",
    }
    by_year = {"letter": {**SOURCES["letter"], "published_precision": "year"}}
    assert claim(FACT, by_year)["datePublished"] == "2009"
    unknown = claim(FACT, {})
    assert unknown["appearance"]["isPartOf"] == {
        "@type": "CreativeWork",
        "@id": "urn:kzfacts:source:letter",
    }
    assert "author" not in unknown


def test_claim_sentence_without_as_of() -> None:
    assert claim_sentence(fact(as_of=None, predicate="event_date", value="2005-12-04")) == (
        "Evgeniy Zhovtis: event date is 2005-12-04."
    )


def test_claims_graph_and_json_ld_text() -> None:
    graph = to_claims([FACT], SOURCES)
    assert graph["@context"] == ["https://schema.org", {"prov": "http://www.w3.org/ns/prov#"}]
    text = to_json_ld(graph)
    assert text.endswith("}\n")
    assert json.loads(text)["@graph"][0]["@type"] == "Claim"
    assert "«" in to_json_ld({"q": "«"})
