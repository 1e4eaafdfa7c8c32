"""Facts out of kzfacts: re-importable records (JSON Lines, CSV) and linked data (JSON-LD).

Pure: facts and sources arrive as plain mappings or model rows (read by field name), each
fact with the verdict the last audit wrote on it; strings and JSON-ready values come out.

- `jsonl`/`csv` carry exactly the fields `kzfacts fact import` accepts, ordered so that a fact
  comes after the fact it supersedes: importing the export into a database with the same
  sources and entities recreates the same facts (the anchors are recomputed, and agree).
- `annotation` is a W3C Web Annotation collection: each fact annotates its quoted span of its
  source (TextQuoteSelector; a TextPositionSelector only with the state of the text it counts in).
- `hypothesis` is one Hypothesis API payload per fact whose source has a URL.
- `claim` is schema.org Claims with PROV-O provenance: what each fact states, where it is
  quoted from. Facts are not rated as reviews: a fact is checked against its own quote.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from kzfacts import __version__
from kzfacts.text.pages import page_label

IMPORT_FIELDS = (
    "id", "source", "subject", "predicate", "value", "quote", "as_of", "note", "supersedes",
    "entity", "event",
)  # fmt: skip
# Record field ← fact column, where the names differ.
_COLUMN = {"source": "source_id", "entity": "entity_id", "event": "event_key"}

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SCHEMA_CONTEXT = "https://schema.org"
PROV_CONTEXT = "http://www.w3.org/ns/prov#"


def _get(obj: object, name: str) -> Any:
    """A field of a plain mapping or of a model row, None when absent."""
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def fact_urn(fact_id: str) -> str:
    return f"urn:kzfacts:fact:{fact_id}"


def source_urn(source_id: str) -> str:
    return f"urn:kzfacts:source:{source_id}"


def text_urn(sha256: str) -> str:
    """A text named by its content: the same bytes anywhere have the same name."""
    return f"urn:sha256:{sha256}"


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


def _source_of(fact: object, sources: Mapping[str, object]) -> object | None:
    source_id = _get(fact, "source_id")
    return sources.get(str(source_id)) if source_id is not None else None


def _source_iri(fact: object, sources: Mapping[str, object]) -> str:
    """The source's URL where it is known; else the text itself, named by its sha256."""
    source = _source_of(fact, sources)
    url = _get(source, "url") if source is not None else None
    if url:
        return str(url)
    sha = _get(source, "sha256") if source is not None else None
    return text_urn(str(sha)) if sha else source_urn(str(_get(fact, "source_id") or "unknown"))


PDF_FRAGMENT = "http://tools.ietf.org/rfc/rfc3778"
"""A FragmentSelector of this kind names one page of a PDF (`page=N`): where the quote begins."""


def _quote_selector(fact: object) -> dict[str, Any] | None:
    exact = _get(fact, "exact")
    if exact is None:
        return None
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": exact}
    for name in ("prefix", "suffix"):
        if _get(fact, name):
            quote[name] = _get(fact, name)
    return quote


def _target(
    fact: object, sources: Mapping[str, object], pages: tuple[int, int] | None = None
) -> dict[str, Any]:
    """The quoted span of the source. Character offsets count in the text kzfacts anchored
    the quote in, which may differ from the live page: the TextPositionSelector comes only
    with a `state` naming that text (a TimeState whose cached copy is the text's sha256).
    A quote from a PDF also names its first page: a FragmentSelector (RFC 3778) refined by the
    quote, so that each selector of the list selects the quote, as the model asks of
    alternatives (a client that picks the page alone would highlight all of it)."""
    target: dict[str, Any] = {"type": "SpecificResource", "source": _source_iri(fact, sources)}
    selectors: list[dict[str, Any]] = []
    quote = _quote_selector(fact)
    if quote is not None:
        selectors.append(quote)
    start, end = _get(fact, "position_start"), _get(fact, "position_end")
    sha = _get(fact, "anchor_sha256")
    source = _source_of(fact, sources)
    registered = _timestamp(_get(source, "registered_at")) if source is not None else None
    if start is not None and end is not None and sha and registered:
        selectors.append({"type": "TextPositionSelector", "start": start, "end": end})
        target["state"] = {"type": "TimeState", "sourceDate": registered, "cached": text_urn(sha)}
    if pages is not None and quote is not None:
        selectors.append(
            {
                "type": "FragmentSelector",
                "conformsTo": PDF_FRAGMENT,
                "value": f"page={pages[0]}",
                "refinedBy": quote,
            }
        )
    if selectors:
        target["selector"] = selectors if len(selectors) > 1 else selectors[0]
    return target


def _verdict(fact: object) -> str | None:
    """What the last audit found, in words (None before any audit)."""
    status = _get(fact, "audit_status")
    if status is None:
        return None
    codes = _get(fact, "audit_codes")
    return f"last audit: {status}" + (f" ({codes})" if codes else "")


def annotation(
    fact: object, sources: Mapping[str, object], pages: tuple[int, int] | None = None
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
    verdict = _verdict(fact)
    if verdict is not None:
        body.append({"type": "TextualBody", "purpose": "assessing", "value": verdict})
    item: dict[str, Any] = {
        "id": fact_urn(str(_get(fact, "id"))),
        "type": "Annotation",
        "motivation": "describing",
        "body": body,
        "target": _target(fact, sources, pages),
    }
    created = _timestamp(_get(fact, "created_at"))
    if created:
        item["created"] = created
    item["generator"] = {"type": "Software", "name": f"kzfacts {__version__}"}
    return item


def to_annotations(
    facts: Iterable[object],
    sources: Mapping[str, object],
    pages: Mapping[str, tuple[int, int]] | None = None,
) -> dict[str, Any]:
    """An AnnotationCollection whose one page holds every fact's annotation. The collection's
    id names what it holds (a digest of the annotation ids), so the same facts give the same
    ids. `pages` gives the first and last pages of the facts quoted from PDFs."""
    items = [annotation(f, sources, (pages or {}).get(str(_get(f, "id")))) for f in facts]
    digest = hashlib.sha256("\n".join(i["id"] for i in items).encode("utf-8")).hexdigest()
    collection = f"urn:kzfacts:annotations:{digest[:32]}"
    page = f"{collection}:page:1"
    return {
        "@context": ANNO_CONTEXT,
        "id": collection,
        "type": "AnnotationCollection",
        "label": "kzfacts facts",
        "total": len(items),
        "first": {
            "id": page,
            "type": "AnnotationPage",
            "partOf": collection,
            "startIndex": 0,
            "items": items,
        },
        "last": page,
    }


def hypothesis_payload(fact: object, sources: Mapping[str, object]) -> dict[str, Any] | None:
    """The body of a Hypothesis `POST /api/annotations` for one fact, or None when its source
    has no URL (Hypothesis annotates web pages). Only the quote selector: character offsets
    in kzfacts' text do not count in the page."""
    source = _source_of(fact, sources)
    url = _get(source, "url") if source is not None else None
    quote = _quote_selector(fact)
    if not url or quote is None:
        return None
    text = claim_sentence(fact) + f"\n\nkzfacts fact `{_get(fact, 'id')}`"
    if _get(fact, "note"):
        text += f": {_get(fact, 'note')}"
    tags = ["kzfacts", str(_get(fact, "predicate"))]
    if _get(fact, "entity_id"):
        tags.append(str(_get(fact, "entity_id")))
    payload: dict[str, Any] = {
        "uri": str(url),
        "target": [{"source": str(url), "selector": [quote]}],
        "text": text,
        "tags": tags,
    }
    if _get(source, "title"):
        payload["document"] = {"title": [str(_get(source, "title"))]}
    return payload


def to_hypothesis(facts: Iterable[object], sources: Mapping[str, object]) -> str:
    """One payload per line, for the facts whose source has a URL."""
    payloads = (hypothesis_payload(f, sources) for f in facts)
    return "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in payloads if p is not None)


def claim_sentence(fact: object) -> str:
    """'Evgeniy Zhovtis: sentence length is 4 years as of 2009-11-18.'"""
    predicate = str(_get(fact, "predicate")).replace("_", " ")
    sentence = f"{_get(fact, 'subject')}: {predicate} is {_get(fact, 'value')}"
    if _get(fact, "as_of"):
        sentence += f" as of {_get(fact, 'as_of')}"
    return sentence + "."


def organization(name: object) -> dict[str, Any]:
    return {"@type": "Organization", "name": str(name)}


def _document(
    fact: object, sources: Mapping[str, object], pages: tuple[int, int] | None = None
) -> dict[str, Any]:
    source = _source_of(fact, sources)
    work: dict[str, Any] = {"@type": "CreativeWork", "@id": _source_iri(fact, sources)}
    if pages is not None:
        work["pagination"] = page_label(*pages)
    if source is None:
        return work
    for key, value in (
        ("name", _get(source, "title")),
        ("url", _get(source, "url")),
        (
            "publisher",
            organization(_get(source, "publisher")) if _get(source, "publisher") else None,
        ),
        ("datePublished", _published(source)),
    ):
        if value:
            work[key] = value
    return work


def claim(
    fact: object, sources: Mapping[str, object], pages: tuple[int, int] | None = None
) -> dict[str, Any]:
    """One fact as a schema.org Claim: what it states, appearing as a quotation that is part of
    its source document; PROV-O says the quotation was quoted from that text (its sha256)."""
    document = _document(fact, sources, pages)
    source = _source_of(fact, sources)
    item: dict[str, Any] = {
        "@type": "Claim",
        "@id": fact_urn(str(_get(fact, "id"))),
        "identifier": str(_get(fact, "id")),
        "text": claim_sentence(fact),
        "about": {"@type": "Thing", "name": str(_get(fact, "subject"))},
        "appearance": {
            "@type": "Quotation",
            "text": str(_get(fact, "quote") or ""),
            "isPartOf": document,
        },
    }
    if "publisher" in document:
        item["author"] = document["publisher"]
    if "datePublished" in document:
        item["datePublished"] = document["datePublished"]
    quoted_from: dict[str, Any] = {"@id": document["@id"], "@type": "prov:Entity"}
    sha = _get(fact, "anchor_sha256") or (_get(source, "sha256") if source is not None else None)
    if sha:
        quoted_from["sha256"] = str(sha)
    item["prov:wasQuotedFrom"] = quoted_from
    verdict = _verdict(fact)
    if verdict is not None:
        item["prov:wasGeneratedBy"] = {
            "@type": "prov:Activity",
            "name": f"kzfacts audit — {verdict}",
            "prov:endedAtTime": _timestamp(_get(fact, "last_verified_at")),
        }
    return item


def to_claims(
    facts: Iterable[object],
    sources: Mapping[str, object],
    pages: Mapping[str, tuple[int, int]] | None = None,
) -> dict[str, Any]:
    """Every fact as a Claim, in one JSON-LD graph with the schema.org and PROV-O contexts;
    a fact quoted from a PDF names its pages (`pagination`: "p. 6", "pp. 7–8")."""
    return {
        "@context": [SCHEMA_CONTEXT, {"prov": PROV_CONTEXT}],
        "@graph": [claim(f, sources, (pages or {}).get(str(_get(f, "id")))) for f in facts],
    }


def to_json_ld(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
