"""Suggestions: a fact record proposed for every value mention of a source that no fact
cites, each verified as a new fact is (`facts.writer`), for an editor to review and import."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, col, select

from kzfacts.checks.coverage import passage_spans, uncovered_mentions
from kzfacts.checks.predicate_cues import DEFAULT_PREDICATE, fits, predicate_for
from kzfacts.checks.quotes import check_quote
from kzfacts.checks.suggest import (
    EntityChoice,
    EntityNames,
    choose_entity,
    clause_span,
    confidence,
    content_words,
    new_subject,
    not_a_quantity,
    sentence_breaks,
    sentence_span,
    states_status,
    status_fits,
    words,
)
from kzfacts.checks.values import (
    check_support,
    evidence_at,
    parse_fact_value,
    source_years,
    stored_bounds,
)
from kzfacts.services.sources.coverage import CHECKABLE
from kzfacts.services.sources.registry import (
    check_id,
    read_source_text,
    registered_source,
    source_file,
)
from kzfacts.store.models import Alias, Entity, Fact, Predicate
from kzfacts.text.anchor import PreparedSource
from kzfacts.values import Value, ValueType, find_values
from kzfacts.values.date_specs import YearRule

PROPOSED = CHECKABLE | {ValueType.STATUS}
"""Every kind of value a fact states, statuses included (a status word is a fact's value)."""


@dataclass(frozen=True)
class Suggestion:
    """One proposed fact record, with how sure kzfacts is of it and why."""

    record: dict[str, Any]
    confidence: float
    line: int


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
            if entity.kind in ("event", "law")
        )
        found.append(EntityNames(entity.id, entity.kind, names, dates))
    return found


def _slug(text: str) -> str:
    return "-".join(words(text))[:60].strip("-") or "value"


def _value_text(mention: Value) -> str:
    if mention.type is ValueType.STATUS and mention.category:
        return mention.category
    return " ".join(mention.text.split()).rstrip("'’")  # "four years' imprisonment"


def _verified(
    quote: str,
    value: str,
    predicate: str,
    value_type: ValueType,
    source: PreparedSource,
    years: YearRule,
) -> bool:
    """The checks `fact add` makes: the value reads as its type, the quote anchors in the
    source, and the source states the value there, bound to the predicate."""
    parsed, _ = parse_fact_value(value, value_type.value, years.reference)
    if parsed is None:
        return False
    anchor = check_quote(quote, source).anchoring.anchor
    if anchor is None:
        return False
    evidence = evidence_at(
        source.raw, anchor.start, anchor.end, years, dates=value_type is ValueType.DATE
    )
    return check_support(evidence, parsed, predicate, value_type.value) is None


def _named_before(
    text: str,
    begin: int,
    breaks: list[tuple[int, int]],
    entities: list[EntityNames],
    mention: Value,
    predicate: str,
    look_back: int,
) -> EntityChoice | None:
    """The entity named in one of the `look_back` sentences before `begin`, the nearest first;
    one that fits the predicate's kind ("her sentence": a person) before any other."""
    found: EntityChoice | None = None
    for back in range(1, look_back + 1):
        if begin <= 0:
            break
        start, _ = sentence_span(text, begin - 1, begin - 1, breaks)
        choice = choose_entity(entities, "", text[start:begin], begin - start, mention, predicate)
        if choice is not None:
            choice = replace(choice, how=f"{choice.how}, {back} sentence(s) before")
            if fits(predicate, choice.kind):
                return choice
            found = found or choice
        begin = start
    return found


def _record(
    fact_id: str,
    source_id: str,
    subject: str,
    predicate: str,
    value: str,
    quote: str,
    entity: EntityChoice | None,
    cue: str | None,
    score: float,
) -> dict[str, Any]:
    """A fact record as `fact import` reads it; the note says how sure and why."""
    why = [
        entity.how if entity else "new entity",
        f"predicate from {cue!r}" if cue else "no cue word",
    ]
    record: dict[str, Any] = {
        "id": fact_id, "source": source_id, "subject": subject, "predicate": predicate,
        "value": value, "quote": quote,
        "note": f"suggested, confidence {score:.2f} ({'; '.join(why)})",
    }  # fmt: skip
    if entity is not None:
        record["entity"] = entity.entity_id
    else:
        record["new_entity"] = True
    return record


def _entity_choices(
    text: str,
    clause: tuple[int, int],
    sentence: tuple[int, int],
    breaks: list[tuple[int, int]],
    entities: list[EntityNames],
    mention: Value,
    predicate: str,
    dates: frozenset[tuple[float, float]],
) -> list[EntityChoice | None]:
    """The entities a mention is about: for a status, every entity it is said of; otherwise the
    one the sentence (or the sentences before it) names, or None for a new entity."""
    (begin, finish), (s_begin, s_end) = clause, sentence
    clause_text, sentence_text = text[begin:finish], text[s_begin:s_end]
    at = mention.start - s_begin
    if mention.type is ValueType.STATUS:
        # One status word may be said of several entities ("Evrazia and KUB were blocked").
        # The mention itself may hold the link ("were blocked").
        before, after = text[s_begin : mention.end], text[mention.end : s_end]
        said_of = [
            e
            for e in entities
            if status_fits(mention.category, e.kind)
            and any(states_status(before, n, after) for n in e.names)
        ]
        return [
            c
            for e in said_of
            if (c := choose_entity([e], clause_text, sentence_text, at, mention, predicate, dates))
        ]
    entity = choose_entity(entities, clause_text, sentence_text, at, mention, predicate, dates)
    if entity is None:
        return [_named_before(text, s_begin, breaks, entities, mention, predicate, 3)]
    if not fits(predicate, entity.kind) and entity.kind not in ("event", "law"):
        # "her sentence was reduced … by the Supreme Court": the person named just before.
        earlier = _named_before(text, s_begin, breaks, entities, mention, predicate, 1)
        if earlier is not None and fits(predicate, earlier.kind):
            return [earlier]
    return [entity]


def suggest_facts(
    session: Session, root: Path, source_id: str, ignored: list[str] | None = None
) -> list[Suggestion]:
    """Proposals for the source's uncited mentions, in text order, one per entity, predicate
    and value; only proposals whose quote anchors and supports the value are kept."""
    source = registered_source(session, source_id)
    text = read_source_text(
        source_file(source, root), label=f"{source.path} (source {source.id})"
    ).text
    prepared = PreparedSource(text)
    published = source.published
    years = source_years(published, source.published_precision, source.covers)
    value_types = {p.name: p.value_type for p in session.exec(select(Predicate))}
    facts = list(session.exec(select(Fact).where(Fact.source_id == source_id)))
    cited = [
        (f.position_start, f.position_end)
        for f in facts
        if f.position_start is not None and f.position_end is not None
    ]
    existing = set(session.exec(select(Fact.id)))
    entities = _entities(session, published)
    mentions = [m for m in find_values(text, reference=published) if m.type in PROPOSED]
    skipped = passage_spans(text, ignored or [])
    suggestions: list[Suggestion] = []
    # A fact the source already has is not proposed again, wherever else the source says it.
    seen: set[tuple[str, str, float | None, float | None, str | None]] = {
        (f.entity_id or "", f.predicate, f.value_low, f.value_high, f.value_category) for f in facts
    }
    ids: set[str] = set()
    breaks = sentence_breaks(text)
    for item in uncovered_mentions(text, mentions, cited, skipped):
        mention = item.mention
        if not_a_quantity(text, mention):
            continue
        begin, finish = clause_span(text, mention.start, mention.end, breaks)
        s_begin, s_end = sentence_span(text, mention.start, mention.end, breaks)
        clause = text[begin:finish]
        predicate, cue = predicate_for(
            mention.type,
            content_words(text[begin : mention.start]),
            content_words(text[mention.end : finish]),
        )
        if value_types.get(predicate) != mention.type.value:
            continue
        dates = frozenset(
            (m.low, m.high)
            for m in mentions
            if m.type is ValueType.DATE and s_begin <= m.start and m.end <= s_end
        )
        choices = _entity_choices(
            text, (begin, finish), (s_begin, s_end), breaks, entities, mention, predicate, dates
        )
        quote = re.sub(r"\s+", " ", clause).strip()
        value = _value_text(mention)
        for entity in choices:
            chosen, cue_word = predicate, cue
            if entity is not None and not fits(predicate, entity.kind):
                chosen, cue_word = DEFAULT_PREDICATE[mention.type], None
            key = (
                entity.entity_id if entity else "",
                chosen,
                *stored_bounds(mention),
                mention.category,
            )
            if key in seen or not _verified(quote, value, chosen, mention.type, prepared, years):
                continue
            seen.add(key)
            subject = (
                entity.name
                if entity
                else new_subject(clause, mention.start - begin, mention.end - begin)
            )
            base = f"{entity.entity_id if entity else _slug(subject)}-{chosen}-{_slug(value)}"
            fact_id, number = base[:190], 2
            while fact_id in ids or fact_id in existing:
                fact_id, number = f"{base[:190]}-{number}", number + 1
            check_id("fact", fact_id)
            ids.add(fact_id)
            score = confidence(entity, cue_word, mention)
            record = _record(
                fact_id, source_id, subject, chosen, value, quote, entity, cue_word, score
            )
            suggestions.append(Suggestion(record, score, item.line))
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
