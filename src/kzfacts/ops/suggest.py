"""`kzfacts suggest`: a fact record proposed for every value mention of a source that no fact
cites, each verified as `fact add` would verify it, for an editor to review and import."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, col, select

from kzfacts.checks.coverage import passage_spans, uncovered_mentions
from kzfacts.checks.quotes import check_quote
from kzfacts.checks.suggest import (
    DEFAULT_PREDICATE,
    EntityChoice,
    EntityNames,
    choose_entity,
    clause_span,
    confidence,
    new_subject,
    fits,
    predicate_for,
    sentence_breaks,
    sentence_span,
    states_status,
    words,
)
from kzfacts.checks.values import check_support, parse_fact_value
from kzfacts.ops.coverage import CHECKABLE
from kzfacts.ops.errors import Refused
from kzfacts.ops.sources import check_id, read_source_text, source_file
from kzfacts.store.models import Alias, Entity, Fact, Predicate, Source
from kzfacts.text.anchor import PreparedSource
from kzfacts.values import Value, ValueType, find_values

PROPOSED = CHECKABLE | {ValueType.STATUS}
"""Every kind of value a fact states, statuses included (a status word is a fact's value)."""


@dataclass(frozen=True)
class Suggestion:
    """One proposed fact record, with how sure kzfacts is of it and why."""

    record: dict[str, Any]
    confidence: float
    line: int
    entity: EntityChoice | None
    cue: str | None


def _entities(session: Session, reference: Any) -> list[EntityNames]:
    aliases: dict[str, list[str]] = {}
    for alias in session.exec(select(Alias).order_by(col(Alias.id))):
        aliases.setdefault(alias.entity_id, []).append(alias.name)
    found = []
    for entity in session.exec(select(Entity).order_by(col(Entity.id))):
        names = (entity.name, *aliases.get(entity.id, ()))
        dates = tuple(
            (v.low, v.high)
            for v in find_values(entity.name, ValueType.DATE, reference=reference)
            if entity.kind == "event"
        )
        found.append(EntityNames(entity.id, entity.kind, names, dates))
    return found


def _slug(text: str) -> str:
    return "-".join(words(text))[:60].strip("-") or "value"


def _value_text(mention: Value) -> str:
    if mention.type is ValueType.STATUS and mention.category:
        return mention.category
    return " ".join(mention.text.split())


def suggest_facts(
    session: Session, root: Path, source_id: str, ignored: list[str] | None = None
) -> list[Suggestion]:
    """Proposals for the source's uncited mentions, in text order, one per entity, predicate
    and value; only proposals whose quote anchors and supports the value are kept."""
    source = session.get(Source, source_id)
    if source is None:
        raise Refused(f"unknown source {source_id!r}: see `kzfacts source list`")
    text = read_source_text(source_file(source, root), label=f"{source.path} (source {source.id})").text
    prepared = PreparedSource(text)
    published = source.published
    value_types = {p.name: p.value_type for p in session.exec(select(Predicate))}
    cited = [
        (f.position_start, f.position_end)
        for f in session.exec(select(Fact).where(Fact.source_id == source_id))
        if f.position_start is not None and f.position_end is not None
    ]
    existing = set(session.exec(select(Fact.id)))
    entities = _entities(session, published)
    mentions = [m for m in find_values(text, reference=published) if m.type in PROPOSED]
    skipped = passage_spans(text, ignored or [])
    suggestions: list[Suggestion] = []
    seen: set[tuple[str, str, float, float, str | None]] = set()
    ids: set[str] = set()
    breaks = sentence_breaks(text)
    for item in uncovered_mentions(text, mentions, cited, skipped):
        mention = item.mention
        begin, finish = clause_span(text, mention.start, mention.end, breaks)
        s_begin, s_end = sentence_span(text, mention.start, mention.end, breaks)
        clause = text[begin:finish]
        sentence = text[s_begin:s_end]
        predicate, cue = predicate_for(
            mention.type, words(text[begin : mention.start]), words(text[mention.end : finish])
        )
        if value_types.get(predicate) != mention.type.value:
            continue
        dates = frozenset(
            (m.low, m.high)
            for m in mentions
            if m.type is ValueType.DATE and s_begin <= m.start and m.end <= s_end
        )
        candidates = entities
        if mention.type is ValueType.STATUS:
            before = text[begin : mention.start]
            candidates = [e for e in entities if any(states_status(before, n) for n in e.names)]
        entity = choose_entity(
            candidates, clause, sentence, mention.start - s_begin, mention, predicate, dates
        )
        if entity is None and s_begin > 0 and mention.type is not ValueType.STATUS:
            # Named in the sentence before ("Natalia Sokolova … . She was released …").
            p_begin, _ = sentence_span(text, s_begin - 1, s_begin - 1, breaks)
            earlier = choose_entity(
                entities, "", text[p_begin:s_begin], s_begin - p_begin, mention, predicate
            )
            if earlier is not None:
                entity = replace(earlier, score=earlier.score - 1, how=f"{earlier.how}, sentence before")
        if entity is not None and not fits(predicate, entity.kind):
            predicate, cue = DEFAULT_PREDICATE[mention.type], None
        if mention.type is ValueType.STATUS and entity is None:
            continue  # a status word not said of an entity named before it is not proposed
        value = _value_text(mention)
        key = (entity.entity_id if entity else "", predicate, mention.low, mention.high, mention.category)
        if key in seen:
            continue
        quote = re.sub(r"\s+", " ", clause).strip()
        parsed, _ = parse_fact_value(value, mention.type.value, published)
        if parsed is None:
            continue
        if not check_quote(quote, prepared, source_id=source_id).accepted:
            continue
        if check_support(quote, parsed, mention.type.value, published) is not None:
            continue
        seen.add(key)
        subject = entity.name if entity else new_subject(clause, mention.start - begin)
        base = f"{entity.entity_id if entity else _slug(subject)}-{predicate}-{_slug(value)}"[:190]
        fact_id, number = base, 2
        while fact_id in ids or fact_id in existing:
            fact_id, number = f"{base}-{number}", number + 1
        check_id("fact", fact_id)
        ids.add(fact_id)
        score = confidence(entity, cue, mention)
        why = [entity.how if entity else "new entity", f"predicate from {cue!r}" if cue else "no cue word"]
        record: dict[str, Any] = {
            "id": fact_id, "source": source_id, "subject": subject, "predicate": predicate,
            "value": value, "quote": quote,
            "note": f"suggested, confidence {score:.2f} ({'; '.join(why)})",
        }  # fmt: skip
        if entity is not None:
            record["entity"] = entity.entity_id
        else:
            record["new_entity"] = True
        suggestions.append(Suggestion(record, score, item.line, entity, cue))
    return suggestions


def render_suggestions(suggestions: list[Suggestion], output_format: str) -> str:
    """YAML (with each proposal's confidence as a comment) or JSONL: both `fact import` reads."""
    if output_format == "jsonl":
        return "".join(json.dumps(s.record, ensure_ascii=False) + "\n" for s in suggestions)
    parts = []
    for s in suggestions:
        dumped = yaml.safe_dump([s.record], allow_unicode=True, sort_keys=False, width=100)
        parts.append(f"# line {s.line}, confidence {s.confidence:.2f}\n{dumped}")
    return "".join(parts)
