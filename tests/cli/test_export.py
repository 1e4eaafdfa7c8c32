"""`kzfacts fact export`: round trips through `fact import`, and the JSON-LD of a known fact."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from tests.conftest import SEEDS, Run, db_scalar

KNOWN = "zhovtis-sentence-length-2009"
KNOWN_QUOTE = (
    "the country's leading human rights defender, Evgeniy Zhovtis, was sentenced to four years' "
    "imprisonment"
)
HRW_2009 = "https://www.hrw.org/news/2009/11/18/letter-eu-ministers-regarding-osce-ministerial-council-athens"
VOLATILE = ("created_at", "updated_at", "created_by", "audit")
ANNOTATION_MODEL = Draft202012Validator(
    json.loads(
        (
            Path(__file__).resolve().parents[1] / "data" / "web-annotation-musts.schema.json"
        ).read_text(encoding="utf-8")
    )
)


def facts(run: Run, *database: str) -> list[dict[str, Any]]:
    result = run(*database, "fact", "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    listed: list[dict[str, Any]] = json.loads(result.stdout)
    return [{k: v for k, v in f.items() if k not in VOLATILE} for f in listed]


@pytest.fixture(scope="module")
def sources_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the seed sources and entities registered and no facts, built once."""
    from kzfacts.cli.app import app

    folder = tmp_path_factory.mktemp("sources-only")
    shutil.copytree(SEEDS, folder / "seeds", ignore=shutil.ignore_patterns("facts"))
    runner = CliRunner()
    database = ["--db", str(folder / "kzfacts.db")]
    assert runner.invoke(app, [*database, "init"]).exit_code == 0
    loaded = runner.invoke(app, [*database, "load", str(folder / "seeds")])
    assert loaded.exit_code == 0, loaded.output
    return folder


def empty_database_with_the_sources(run: Run, template: Path, folder: Path) -> list[str]:
    shutil.copytree(template, folder)
    database = ["--db", str(folder / "kzfacts.db")]
    assert facts(run, *database) == []
    return database


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_export_reimports_into_an_empty_database_with_the_same_facts(
    run: Run, seeded: Path, sources_only: Path, kind: str
) -> None:
    exported = run("fact", "export", "--format", kind)
    assert exported.exit_code == 0, exported.stderr
    path = seeded / f"facts.{kind}"
    path.write_text(exported.stdout, encoding="utf-8")

    database = empty_database_with_the_sources(run, sources_only, seeded / "other")
    imported = run(*database, "fact", "import", str(path))
    assert imported.exit_code == 0, imported.stderr
    assert imported.stdout.startswith(f"imported 173 facts from {path}")

    before, after = facts(run), facts(run, *database)
    assert len(before) == 173
    assert [f["id"] for f in after] == [f["id"] for f in before]
    for old, new in zip(before, after, strict=True):
        assert new == old, old["id"]
    assert [f["id"] for f in before if f["supersedes"]] != []


def test_jsonl_export_to_a_file_with_filters(run: Run, seeded: Path) -> None:
    result = run("fact", "export", "--predicate", "sentence_length", "--output", "out.jsonl")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "exported 4 facts to out.jsonl (jsonl)\n"
    records = [json.loads(line) for line in (seeded / "out.jsonl").read_text().splitlines()]
    assert [(r["id"], r.get("supersedes")) for r in records] == [
        ("zhakiyanov-sentence-length", None),
        (KNOWN, None),
        ("sokolova-sentence-length-2011", None),
        ("sokolova-sentence-length-2012", "sokolova-sentence-length-2011"),
    ]
    assert records[1] == {
        "id": KNOWN,
        "source": "hrw-2009-stalled-reforms",
        "subject": "Evgeniy Zhovtis",
        "predicate": "sentence_length",
        "value": "4 years",
        "quote": KNOWN_QUOTE,
        "as_of": "2009-11-18",
        "note": "as_of is the letter's date; the letter gives no date of the sentencing",
        "entity": "evgeniy-zhovtis",
    }
    subject = run("fact", "export", "--subject", "Zhovtis", "--source", "hrw-2009-stalled-reforms")
    assert [json.loads(line)["id"] for line in subject.stdout.splitlines()] == [
        KNOWN,
        "zhovtis-status-2009",
    ]
    nothing = run("fact", "export", "--format", "csv", "--source", "no-such-source")
    assert (nothing.exit_code, nothing.stdout) == (
        0,
        "id,source,subject,predicate,value,quote,as_of,note,supersedes,entity,event\n",
    )


LETTER_SHA = "4d9b91cc699234cbbd0a7798f8b804c0aef98319f8c6f714ebbc20390cdff06b"


def test_annotation_of_a_known_fact(run: Run, seeded: Path) -> None:
    result = run("fact", "export", "--format", "annotation", "--source", "hrw-2009-stalled-reforms")
    assert result.exit_code == 0, result.stderr
    collection = json.loads(result.stdout)
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == 7
    item = next(i for i in items if i["id"] == f"urn:kzfacts:fact:{KNOWN}")
    del item["created"]
    registered = item["target"]["state"].pop("sourceDate")
    assert registered.endswith("Z") and len(registered) == 20
    sha = db_scalar("SELECT sha256 FROM source WHERE id = 'hrw-2009-stalled-reforms'")
    assert item == {
        "id": f"urn:kzfacts:fact:{KNOWN}",
        "type": "Annotation",
        "motivation": "describing",
        "body": [
            {"type": "TextualBody", "purpose": "describing", "value": "4 years"},
            {"type": "TextualBody", "purpose": "classifying", "value": "sentence_length"},
            {"type": "TextualBody", "purpose": "identifying", "value": "Evgeniy Zhovtis"},
            {"type": "TextualBody", "purpose": "tagging", "value": KNOWN},
            {"type": "TextualBody", "purpose": "commenting", "value": "as of 2009-11-18"},
        ],
        "target": {
            "type": "SpecificResource",
            "source": HRW_2009,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": KNOWN_QUOTE,
                    "prefix": " to legal counsel. Furthermore, ",
                    "suffix": " following an unfair trial which",
                },
                {"type": "TextPositionSelector", "start": 1264, "end": 1367},
            ],
            "state": {"type": "TimeState", "cached": f"urn:sha256:{sha}"},
        },
        "generator": {"type": "Software", "name": "kzfacts 0.1.0"},
    }
    text = next((seeded / "seeds").glob("000_*.txt")).read_text(encoding="utf-8")
    assert hashlib.sha256(text.encode()).hexdigest() == LETTER_SHA
    assert text[1264 - 32 : 1367 + 32] == (
        " to legal counsel. Furthermore, " + KNOWN_QUOTE + " following an unfair trial which"
    )


def test_every_seed_annotation_meets_the_web_annotation_model(run: Run, seeded: Path) -> None:
    assert run("audit").exit_code == 0
    collection = json.loads(run("fact", "export", "--format", "annotation").stdout)
    assert [e.message for e in ANNOTATION_MODEL.iter_errors(collection)] == []
    items = collection["first"]["items"]
    assert len(items) == collection["total"] == 173
    sources = {i["target"]["source"] for i in items}
    assert HRW_2009 in sources
    assert not [s for s in sources if s.startswith("urn:kzfacts:")]
    # The schema is live: a position without the state of its text is refused.
    broken = json.loads(json.dumps(collection))
    del broken["first"]["items"][0]["target"]["state"]
    del broken["id"]
    errors = sorted(ANNOTATION_MODEL.iter_errors(broken), key=lambda e: len(e.absolute_path))
    assert [list(e.absolute_path) for e in errors] == [[], ["first", "items", 0, "target"]]
    assert errors[0].message == "'id' is a required property"

    def messages(error: Any) -> list[str]:
        return [error.message, *(m for c in error.context or [] for m in messages(c))]

    assert "'state' is a required property" in messages(errors[1])


def test_hypothesis_export_posts_each_fact_whose_source_has_a_url(run: Run, seeded: Path) -> None:
    result = run("fact", "export", "--format", "hypothesis")
    assert result.exit_code == 0, result.stderr
    payloads = [json.loads(line) for line in result.stdout.splitlines()]
    with_url = db_scalar(
        "SELECT count(*) FROM fact JOIN source ON source.id = fact.source_id "
        "WHERE source.url IS NOT NULL"
    )
    assert len(payloads) == with_url
    assert 0 < with_url < 173
    known = next(p for p in payloads if f"`{KNOWN}`" in p["text"])
    assert known["uri"] == HRW_2009
    assert known["target"] == [
        {
            "source": HRW_2009,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": KNOWN_QUOTE,
                    "prefix": " to legal counsel. Furthermore, ",
                    "suffix": " following an unfair trial which",
                }
            ],
        }
    ]
    assert known["tags"] == ["kzfacts", "sentence_length", "evgeniy-zhovtis"]
    assert set(known) == {"uri", "target", "text", "tags", "document"}


def test_facts_export_as_claims_with_provenance_not_as_reviews(run: Run, seeded: Path) -> None:
    letter = next((seeded / "seeds").glob("000_*.txt"))
    letter.write_text(
        letter.read_text(encoding="utf-8").replace("four years'", "three years'"),
        encoding="utf-8",
    )
    assert run("audit").exit_code == 1
    result = run("fact", "export", "--format", "claim", "--subject", "Zhovtis")
    assert result.exit_code == 0, result.stderr
    graph = json.loads(result.stdout)
    assert graph["@context"] == ["https://schema.org", {"prov": "http://www.w3.org/ns/prov#"}]
    claims = {c["identifier"]: c for c in graph["@graph"]}
    known = claims[KNOWN]
    assert "reviewRating" not in result.stdout
    # The claim is what the NGO's document states, quoted from the text it was anchored in.
    assert known["text"] == "Evgeniy Zhovtis: sentence length is 4 years as of 2009-11-18."
    assert known["appearance"]["@type"] == "Quotation"
    assert known["appearance"]["text"] == KNOWN_QUOTE
    assert known["appearance"]["isPartOf"]["url"] == HRW_2009
    anchored = db_scalar(f"SELECT anchor_sha256 FROM fact WHERE id = '{KNOWN}'")
    assert known["prov:wasQuotedFrom"] == {
        "@id": HRW_2009,
        "@type": "prov:Entity",
        "sha256": anchored,
    }
    assert known["prov:wasGeneratedBy"]["name"] == (
        "kzfacts audit — last audit: error (quote-altered)"
    )


def test_claimreview_is_not_a_fact_export(run: Run, seeded: Path) -> None:
    result = run("fact", "export", "--format", "claimreview")
    assert result.exit_code == 2
    assert "claimreview" in result.output


def test_unwritable_output_is_a_usage_error(run: Run, seeded: Path) -> None:
    result = run("fact", "export", "--output", str(seeded / "missing" / "out.csv"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"kzfacts: folder {seeded / 'missing'} does not exist: create it or choose another "
        "--output\n"
    )


def test_unknown_format_is_a_usage_error(run: Run, seeded: Path) -> None:
    result = run("fact", "export", "--format", "xml")
    assert result.exit_code == 2
    assert result.stdout == ""
