"""Facts out of kzfacts: re-importable records (JSON Lines, CSV) and linked data (JSON-LD).

Pure: facts and sources arrive as plain mappings or model rows (read by field name), the
last audit's verdicts as `AuditNote`s; strings and JSON-ready values come out.

- `jsonl`/`csv` carry exactly the fields `kzfacts fact import` accepts, ordered so that a fact
  comes after the fact it supersedes: importing the export into a database with the same
  sources and entities recreates the same facts (the anchors are recomputed, and agree).
- `annotation` is a W3C Web Annotation collection: each fact annotates its quoted span
  (TextQuoteSelector + TextPositionSelector, in code points; in a PDF, a FragmentSelector
  naming the page) of its source, in the state kzfacts verified it: the target's TimeState
  names the snapshot of the text by its sha256.
- `claimreview` is schema.org ClaimReview: the fact is the claim, its source the appearance,
  and the last audit's verdict the rating.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from kzfacts import __version__

IMPORT_FIELDS = (
    "id", "source", "subject", "predicate", "value", "quote", "as_of", "note", "supersedes",
    "entity",
)  # fmt: skip
# Record field ← fact column, where the names differ.
_COLUMN = {"source": "source_id", "entity": "entity_id"}

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SCHEMA_CONTEXT = "https://schema.org"


def _get(obj: object, name: str) -> Any:
    """A field of a plain mapping or of a model row, None when absent."""
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def fact_urn(fact_id: str) -> str:
    return f"urn:kzfacts:fact:{fact_id}"


def source_urn(source_id: str) -> str:
    return f"urn:kzfacts:source:{source_id}"


# --- re-importable records -------------------------------------------------------------------


def import_record(fact: object) -> dict[str, str | None]:
    """The fact as `kzfacts fact import` reads it: the editor's fields, none of the computed ones."""
    record: dict[str, str | None] = {}
    for name in IMPORT_FIELDS:
        value = _get(fact, _COLUMN.get(name, name))
        record[name] = None if value is None else str(value)
    return record


def import_order(facts: Iterable[object]) -> list[object]:
    """The facts in their given order, except that each follows the fact it supersedes.

    An import refuses `supersedes` naming a fact it has not seen yet, so a revision must
    not come first just because its source sorts first.
    """
    items = list(facts)
    by_id = {str(_get(f, "id")): f for f in items}
    done: set[str] = set()
    ordered: list[object] = []

    def place(fact: object, chain: set[str]) -> None:
        fact_id = str(_get(fact, "id"))
        if fact_id in done or fact_id in chain:
            return
        target = _get(fact, "supersedes")
        if target is not None and str(target) in by_id:
            place(by_id[str(target)], chain | {fact_id})
        done.add(fact_id)
        ordered.append(fact)

    for fact in items:
        place(fact, set())
    return ordered


def to_jsonl(facts: Iterable[object]) -> str:
    """One JSON object per line; empty fields are left out (import reads them as absent)."""
    lines = []
    for fact in import_order(facts):
        record = {k: v for k, v in import_record(fact).items() if v is not None}
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


def to_csv(facts: Iterable[object]) -> str:
    """A header of the import fields, then one row per fact; empty cells are absent fields."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=IMPORT_FIELDS, lineterminator="\n")
    writer.writeheader()
    for fact in import_order(facts):
        writer.writerow({k: "" if v is None else v for k, v in import_record(fact).items()})
    return buffer.getvalue()


# --- the last audit's verdict ----------------------------------------------------------------


@dataclass(frozen=True)
class AuditNote:
    """One finding of an audit about a fact, as recorded (codes are plain text: a newer
    kzfacts may have written codes this one does not know)."""

    code: str
    severity: str
    message: str


@dataclass(frozen=True)
class Rating:
    value: int
    name: str
    explanation: str


BEST_RATING = 3
WORST_RATING = 1
SUPPORTED = "Supported"
INEXACT_QUOTE = "Inexact quote"
DISPUTED = "Disputed"
NOT_SUPPORTED = "Not supported"


def rating(notes: Sequence[AuditNote]) -> Rating:
    """Errors outrank an inexact quote, which outranks a contradiction; notices do not count."""
    errors = [n for n in notes if n.severity == "error"]
    warnings = [n for n in notes if n.severity == "warning"]

    def explain(chosen: list[AuditNote]) -> str:
        return "; ".join(f"{n.code}: {n.message}" for n in chosen)

    if errors:
        return Rating(WORST_RATING, NOT_SUPPORTED, explain(errors + warnings))
    if any(n.code == "quote-inexact" for n in warnings):
        return Rating(2, INEXACT_QUOTE, explain(warnings))
    if warnings:
        return Rating(2, DISPUTED, explain(warnings))
    return Rating(
        BEST_RATING,
        SUPPORTED,
        "The quote is in the source as cited and states the value.",
    )


# --- JSON-LD ---------------------------------------------------------------------------------


def _published(source: object) -> str | None:
    """The publication date only as precisely as it is known (2012, 2012-03, 2012-03-20)."""
    published = _get(source, "published")
    if published is None:
        return None
    text = published.isoformat() if isinstance(published, date) else str(published)
    precision = _get(source, "published_precision")
    return {"year": text[:4], "month": text[:7]}.get(str(precision), text)


def _timestamp(value: object) -> str | None:
    if not isinstance(value, datetime):
        return None if value is None else str(value)
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _source_iri(fact: object, sources: Mapping[str, object]) -> str:
    source_id = _get(fact, "source_id")
    source = sources.get(str(source_id)) if source_id is not None else None
    url = _get(source, "url") if source is not None else None
    return str(url) if url else source_urn(str(source_id or "unknown"))


PDF_FRAGMENT = "http://tools.ietf.org/rfc/rfc3778"


def snapshot_urn(sha256: str) -> str:
    return f"urn:kzfacts:snapshot:sha256:{sha256}"


def _selectors(fact: object, page: int | None = None) -> list[dict[str, Any]]:
    selectors: list[dict[str, Any]] = []
    exact = _get(fact, "exact")
    if exact is not None:
        quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": exact}
        for name in ("prefix", "suffix"):
            if _get(fact, name):
                quote[name] = _get(fact, name)
        selectors.append(quote)
    start, end = _get(fact, "position_start"), _get(fact, "position_end")
    if start is not None and end is not None:
        selectors.append({"type": "TextPositionSelector", "start": start, "end": end})
    if page is not None:
        selectors.append(
            {"type": "FragmentSelector", "conformsTo": PDF_FRAGMENT, "value": f"page={page}"}
        )
    return selectors


def annotation(
    fact: object, sources: Mapping[str, object], verdict: Rating | None, page: int | None = None
) -> dict[str, Any]:
    """One fact as a Web Annotation of its quoted span (no @context: the collection has it)."""
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "describing", "value": str(_get(fact, "value"))},
        {"type": "TextualBody", "purpose": "classifying", "value": str(_get(fact, "predicate"))},
        {"type": "TextualBody", "purpose": "identifying", "value": str(_get(fact, "subject"))},
        {"type": "TextualBody", "purpose": "tagging", "value": str(_get(fact, "id"))},
    ]
    if _get(fact, "as_of"):
        body.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": f"as of {_get(fact, 'as_of')}",
            }
        )
    if verdict is not None:
        body.append({"type": "TextualBody", "purpose": "assessing", "value": verdict.name})
    target: dict[str, Any] = {"source": _source_iri(fact, sources)}
    selectors = _selectors(fact, page)
    if selectors:
        target["selector"] = selectors
    if _get(fact, "anchor_sha256"):
        target["state"] = {"type": "TimeState", "cached": snapshot_urn(_get(fact, "anchor_sha256"))}
    item: dict[str, Any] = {
        "id": fact_urn(str(_get(fact, "id"))),
        "type": "Annotation",
        "motivation": "describing",
        "body": body,
        "target": target,
    }
    created = _timestamp(_get(fact, "created_at"))
    if created:
        item["created"] = created
    item["generator"] = {"type": "Software", "name": f"kzfacts {__version__}"}
    return item


def to_annotations(
    facts: Iterable[object],
    sources: Mapping[str, object],
    verdicts: Mapping[str, Rating] | None = None,
    pages: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """An AnnotationCollection whose first (only) page holds every fact's annotation; `pages`
    gives the page of the facts quoted from PDFs."""
    items = [
        annotation(
            f,
            sources,
            (verdicts or {}).get(str(_get(f, "id"))),
            (pages or {}).get(str(_get(f, "id"))),
        )
        for f in facts
    ]
    return {
        "@context": ANNO_CONTEXT,
        "type": "AnnotationCollection",
        "label": "kzfacts facts",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def claim_sentence(fact: object) -> str:
    """'Evgeniy Zhovtis: sentence length is 4 years as of 2009-11-18.'"""
    predicate = str(_get(fact, "predicate")).replace("_", " ")
    sentence = f"{_get(fact, 'subject')}: {predicate} is {_get(fact, 'value')}"
    if _get(fact, "as_of"):
        sentence += f" as of {_get(fact, 'as_of')}"
    return sentence + "."


def _organization(name: object) -> dict[str, Any]:
    return {"@type": "Organization", "name": str(name)}


def _appearance(
    fact: object, sources: Mapping[str, object], page: int | None = None
) -> dict[str, Any]:
    source_id = _get(fact, "source_id")
    source = sources.get(str(source_id)) if source_id is not None else None
    work: dict[str, Any] = {"@type": "CreativeWork", "@id": _source_iri(fact, sources)}
    if page is not None:
        work["pagination"] = f"p. {page}"
    if source is None:
        return work
    for key, value in (
        ("name", _get(source, "title")),
        ("url", _get(source, "url")),
        (
            "publisher",
            _organization(_get(source, "publisher")) if _get(source, "publisher") else None,
        ),
        ("datePublished", _published(source)),
    ):
        if value:
            work[key] = value
    return work


def claim_review(
    fact: object,
    sources: Mapping[str, object],
    verdict: Rating,
    reviewed: date,
    page: int | None = None,
) -> dict[str, Any]:
    """One fact as a self-contained ClaimReview (it can be pasted into a page on its own)."""
    fact_id = str(_get(fact, "id"))
    claim: dict[str, Any] = {
        "@type": "Claim",
        "@id": fact_urn(fact_id),
        "name": fact_id,
        "appearance": _appearance(fact, sources, page),
    }
    publisher = claim["appearance"].get("publisher")
    if publisher:
        claim["author"] = publisher
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "identifier": fact_id,
        "claimReviewed": claim_sentence(fact),
        "itemReviewed": claim,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": verdict.value,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": verdict.name,
            "ratingExplanation": verdict.explanation,
        },
        "author": _organization("kzfacts"),
        "datePublished": reviewed.isoformat(),
    }


def to_claim_reviews(
    facts: Iterable[object],
    sources: Mapping[str, object],
    verdicts: Mapping[str, Rating],
    reviewed: date,
    pages: Mapping[str, int] | None = None,
) -> list[dict[str, Any]]:
    """Every fact must have a verdict: a fact the last audit did not see has no rating."""
    return [
        claim_review(
            f,
            sources,
            verdicts[str(_get(f, "id"))],
            reviewed,
            (pages or {}).get(str(_get(f, "id"))),
        )
        for f in facts
    ]


def to_json_ld(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
