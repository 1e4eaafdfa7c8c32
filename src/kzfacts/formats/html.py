"""The HTML report: one self-contained page. Pure: plain data in, one HTML string out.

Every piece of user data (source texts, quotes, names, messages) goes through `html.escape`;
the page loads nothing (a Content-Security-Policy forbids it) and needs no JavaScript.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kzfacts.checks.findings import Code, Finding, Severity


class QuoteStatus(StrEnum):
    """How a fact's quote stands in its source today (the class of its `<mark>`)."""

    OK = "ok"
    INEXACT = "inexact"
    BROKEN = "broken"


# Findings that mean the quote no longer stands, as quoted, in its own source.
BROKEN_CODES = frozenset(
    {
        Code.QUOTE_NOT_FOUND,
        Code.QUOTE_ALTERED,
        Code.QUOTE_AMBIGUOUS,
        Code.QUOTE_MISATTRIBUTED,
        Code.QUOTE_TOO_SHORT,
        Code.QUOTE_TOO_LONG,
        Code.QUOTE_ELISION_TOO_LONG,
        Code.SOURCE_MISSING,
        Code.UNSOURCED,
    }
)


def quote_status(codes: Iterable[Code]) -> QuoteStatus:
    """A fact's quote status from the codes of its findings (a value finding is not a quote's)."""
    found = set(codes)
    if found & BROKEN_CODES:
        return QuoteStatus.BROKEN
    if Code.QUOTE_INEXACT in found:
        return QuoteStatus.INEXACT
    return QuoteStatus.OK


@dataclass(frozen=True)
class SourceDoc:
    id: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    path: str | None = None
    url: str | None = None
    text: str | None = None  # None: the file cannot be read


@dataclass(frozen=True)
class FactDoc:
    """One fact; `start`/`end` are code-point offsets of its span in the source's current text,
    None when the quote cannot be placed there (not found, ambiguous, no source)."""

    id: str
    subject: str
    predicate: str
    value: str
    quote: str | None
    source: str | None
    start: int | None = None
    end: int | None = None
    status: QuoteStatus = QuoteStatus.OK
    entity: str | None = None
    supersedes: str | None = None
    as_of: str | None = None
    note: str | None = None
    page: int | None = None  # in a PDF source


@dataclass(frozen=True)
class TimelineEntry:
    when: str
    fact: str


@dataclass(frozen=True)
class EntityDoc:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()


@dataclass(frozen=True)
class ReportData:
    summary: dict[str, Any]
    findings: Sequence[Finding]
    sources: Sequence[SourceDoc]
    facts: Sequence[FactDoc]
    entities: Sequence[EntityDoc] = ()
    title: str = "kzfacts audit report"


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def fact_anchor(fact_id: str) -> str:
    """The id of a fact's highlighted span: findings and timelines link to `#fact-ID`."""
    return f"fact-{fact_id}"


def _link(target: str, label: object, cls: str = "") -> str:
    klass = f' class="{esc(cls)}"' if cls else ""
    return f'<a href="#{esc(target)}"{klass}>{esc(label)}</a>'


# ---------------------------------------------------------------- marks in the source text


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    fact: FactDoc
    number: int


def _open_mark(span: _Span, first: bool) -> str:
    f = span.fact
    ident = f' id="{esc(fact_anchor(f.id))}"' if first else ""
    cont = "" if first else " cont"
    title = f"{f.id}: {f.predicate} = {f.value} ({f.status.value})"
    return (
        f'<mark{ident} class="quote {f.status.value}{cont}" data-fact="{esc(f.id)}" '
        f'title="{esc(title)}">'
    )


def _refs(spans: Iterable[_Span]) -> str:
    """The numbered links to the facts whose spans end here (one group, numbers comma-separated)."""
    links = ",".join(
        f'<a href="#about-{esc(sp.fact.id)}" aria-label="fact {esc(sp.fact.id)}">{sp.number}</a>'
        for sp in spans
    )
    return f'<sup class="ref">{links}</sup>'


def marked_text(text: str, spans: Sequence[tuple[int, int, FactDoc, int]]) -> str:
    """The escaped text with one `<mark>` per span, properly nested.

    Overlapping spans are split: when a span ends inside a later-opened one, the inner marks are
    closed and reopened as continuation segments (`cont`, no id), so every span keeps exactly one
    element with its id — its first segment — and the HTML stays well formed. Where spans end, a
    group of numbered references leads to their facts' entries.
    """
    items = sorted(
        (_Span(s, e, f, n) for s, e, f, n in spans if 0 <= s < e <= len(text)),
        key=lambda sp: (sp.start, -sp.end, sp.fact.id),
    )
    starts: dict[int, list[_Span]] = defaultdict(list)
    for sp in items:
        starts[sp.start].append(sp)
    bounds = sorted({0, len(text)} | {sp.start for sp in items} | {sp.end for sp in items})
    out: list[str] = []
    stack: list[_Span] = []
    previous = 0
    for pos in bounds:
        out.append(esc(text[previous:pos]))
        previous = pos
        ending = [i for i, sp in enumerate(stack) if sp.end == pos]
        if ending:
            out.append(_refs(sorted((sp for sp in stack if sp.end == pos), key=lambda x: x.number)))
            popped = stack[ending[0] :]
            del stack[ending[0] :]
            out.extend("</mark>" for _ in popped)
            for sp in popped:
                if sp.end != pos:
                    out.append(_open_mark(sp, first=False))
                    stack.append(sp)
        for sp in starts.get(pos, []):
            out.append(_open_mark(sp, first=True))
            stack.append(sp)
    return "".join(out)


# ---------------------------------------------------------------- sections


SEVERITY_LABEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _summary(data: ReportData, statuses: dict[QuoteStatus, int]) -> str:
    s = data.summary
    errors, warnings, info = (
        int(s.get("errors", 0)),
        int(s.get("warnings", 0)),
        int(s.get("info", 0)),
    )
    verdict = "clean" if errors == 0 and warnings == 0 else ("failing" if errors else "warnings")
    facts = s.get("facts_checked", len(data.facts))
    sources = s.get("sources_checked", len(data.sources))
    rows = [
        ("Facts", f"{facts} checked in {sources} sources"),
        (
            "Quotes",
            f"{statuses[QuoteStatus.OK]} exact, {statuses[QuoteStatus.INEXACT]} inexact, "
            f"{statuses[QuoteStatus.BROKEN]} broken",
        ),
        (
            "Findings",
            f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}, "
            f"{_plural(info, 'notice')}",
        ),
    ]
    if "run" in s:
        rows.append(("Audit run", str(s["run"])))
    if s.get("finished_at"):
        rows.append(("Audited at", str(s["finished_at"])))
    by_code = s.get("by_code") or {}
    codes = "".join(
        f'<li><code>{esc(code)}</code> <span class="count">{esc(n)}</span></li>'
        for code, n in by_code.items()
    )
    return (
        '<section id="summary" aria-labelledby="summary-h">'
        f'<h2 id="summary-h">Summary <span class="verdict {verdict}">{esc(verdict)}</span></h2>'
        '<dl class="summary">'
        + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
        + "</dl>"
        + (f'<ul class="codes">{codes}</ul>' if codes else "")
        + "</section>"
    )


def _fact_ref(fact_id: str | None, facts: dict[str, FactDoc]) -> str:
    if not fact_id:
        return ""
    if fact_id in facts:
        return _link(fact_anchor(fact_id), fact_id, "fact-link")
    return f'<code class="fact-link">{esc(fact_id)}</code>'


def _source_ref(source_id: str | None, sources: dict[str, SourceDoc]) -> str:
    if not source_id:
        return ""
    if source_id in sources:
        return _link(f"source-{source_id}", source_id, "source-link")
    return f'<code class="source-link">{esc(source_id)}</code>'


def _flat(text: object) -> str:
    return " ".join(str(text or "").split())


def _compare(finding: Finding) -> str:
    """The quote next to what the source says there (or the closest text), as in the text report."""
    d = finding.detail
    rows: list[str] = []
    if d.get("quote") and "sides" not in d:
        rows.append(f'<dt>quote</dt><dd><q class="said">{esc(_flat(d["quote"]))}</q></dd>')
        shown = d.get("found") or d.get("closest")
        if shown and finding.severity is not Severity.INFO:
            label = "source" if d.get("found") else "closest"
            rows.append(f'<dt>{label}</dt><dd><q class="found">{esc(_flat(shown))}</q></dd>')
    differences = d.get("differences")
    if isinstance(differences, list) and differences:
        items = "".join(
            f"<li><del>{esc(x.get('quote') or '∅')}</del> → <ins>{esc(x.get('source') or '∅')}</ins>"
            + (
                f" <small>({esc(', '.join(c for c in x.get('classes', []) if c != 'ordinary'))})</small>"
                if any(c != "ordinary" for c in x.get("classes", []))
                else ""
            )
            + "</li>"
            for x in differences
            if isinstance(x, dict)
        )
        rows.append(f'<dt>differs</dt><dd><ul class="diffs">{items}</ul></dd>')
    if d.get("found_in"):
        rows.append(f"<dt>found in</dt><dd>{esc(d['found_in'])}</dd>")
    return f'<dl class="compare">{"".join(rows)}</dl>' if rows else ""


def _finding(
    finding: Finding,
    facts: dict[str, FactDoc],
    sources: dict[str, SourceDoc],
    pair_ids: dict[int, str],
    linkable: set[str],
) -> str:
    sev = finding.severity
    refs: list[str] = []
    sides = finding.detail.get("sides")
    if isinstance(sides, list):
        refs += [_fact_ref(side.get("fact"), facts) for side in sides if isinstance(side, dict)]
    else:
        refs.append(_fact_ref(finding.fact, facts))
    refs.append(_source_ref(finding.source, sources))
    entities = finding.detail.get("entities")
    if isinstance(entities, list):
        refs += [
            _link(f"entity-{e}", e, "entity-link")
            if e in linkable
            else f'<code class="entity-link">{esc(e)}</code>'
            for e in entities
        ]
    if id(finding) in pair_ids:
        refs.append(_link(pair_ids[id(finding)], "side by side", "pair-link"))
    where = ""
    if finding.location is not None:
        loc = finding.location
        where = f'<span class="where">{esc(loc.path)}:{loc.line}:{loc.column}</span>'
    return (
        f'<li class="finding {sev.value}">'
        f'<p class="head"><span class="sev {sev.value}">{esc(SEVERITY_LABEL[sev])}</span> '
        f"<code>{esc(finding.code.value)}</code> "
        + " ".join(r for r in refs if r)
        + f" {where}</p>"
        f'<p class="message">{esc(finding.message)}</p>' + _compare(finding) + "</li>"
    )


def _findings(
    data: ReportData,
    facts: dict[str, FactDoc],
    sources: dict[str, SourceDoc],
    pair_ids: dict[int, str],
    linkable: set[str],
) -> str:
    ordered = sorted(
        data.findings,
        key=lambda f: (-f.severity.rank, f.source or "", f.fact or "", f.code.value),
    )
    body = (
        '<ol class="findings">'
        + "".join(_finding(f, facts, sources, pair_ids, linkable) for f in ordered)
        + "</ol>"
        if ordered
        else '<p class="none">No findings: every quote stands in its source and supports its value.</p>'
    )
    return (
        '<section id="findings" aria-labelledby="findings-h">'
        f'<h2 id="findings-h">Findings <span class="count">{len(ordered)}</span></h2>'
        f"{body}</section>"
    )


def _side(side: dict[str, Any], facts: dict[str, FactDoc], sources: dict[str, SourceDoc]) -> str:
    value, meaning = str(side.get("value") or ""), str(side.get("meaning") or "")
    fact = facts.get(str(side.get("fact")))
    source = sources.get(str(side.get("source")))
    badge = f" {_status_badge(fact.status)}" if fact and fact.status is not QuoteStatus.OK else ""
    dated = f" ({esc(source.published)})" if source and source.published else ""
    return (
        '<div class="side">'
        f'<p class="value"><strong>{esc(value)}</strong>'
        + (
            f' <span class="meaning">= {esc(meaning)}</span>'
            if meaning and meaning != value
            else ""
        )
        + f"{badge}</p>"
        + (
            '<p class="stale">stated after the timeline had replaced it</p>'
            if side.get("stale")
            else ""
        )
        + f"<blockquote>{esc(_flat(side.get('quote')))}</blockquote>"
        f'<p class="cite">{_fact_ref(side.get("fact"), facts)} · '
        f"{_source_ref(side.get('source'), sources)}{dated}</p>"
        "</div>"
    )


def _contradictions(
    pairs: list[tuple[str, Finding]],
    facts: dict[str, FactDoc],
    sources: dict[str, SourceDoc],
    entities: dict[str, EntityDoc],
) -> str:
    items: list[str] = []
    for anchor, finding in pairs:
        sides = [s for s in finding.detail.get("sides", []) if isinstance(s, dict)]
        entity = str(finding.detail.get("entity") or "")
        predicate = str(finding.detail.get("predicate") or "")
        event = str(finding.detail.get("event") or "")
        values = finding.detail.get("values")
        name = entities[entity].name if entity in entities else entity
        heading = (
            (_link(f"entity-{entity}", name) if entity in entities else esc(name))
            + (f' · <span class="pred">{esc(predicate)}</span>' if predicate else "")
            + (f' · <span class="event">{esc(event)}</span>' if event else "")
            + (f" · {len(values)} values" if isinstance(values, list) else "")
            if entity
            else esc(finding.message)
        )
        items.append(
            f'<li class="pair-item"><article class="pair" id="{esc(anchor)}">'
            f"<h3>{heading}</h3>"
            f'<div class="sides">{"".join(_side(s, facts, sources) for s in sides)}</div>'
            "</article></li>"
        )
    body = (
        f'<ol class="pairs">{"".join(items)}</ol>'
        if items
        else '<p class="none">No contradictions between facts.</p>'
    )
    return (
        '<section id="contradictions" aria-labelledby="contradictions-h">'
        f'<h2 id="contradictions-h">Contradictions <span class="count">{len(items)}</span></h2>'
        f"{body}</section>"
    )


def _status_badge(status: QuoteStatus) -> str:
    label = {"ok": "quote exact", "inexact": "quote inexact", "broken": "quote broken"}
    return f'<span class="status {status.value}">{label[status.value]}</span>'


def _fact_entry(
    fact: FactDoc,
    number: int | None,
    placed: bool,
    own: list[Finding],
    entities: dict[str, EntityDoc],
    facts: dict[str, FactDoc],
) -> str:
    """A fact's entry under its source; an unplaced quote carries the fact's mark here instead."""
    subject = (
        _link(f"entity-{fact.entity}", fact.subject)
        if fact.entity in entities
        else esc(fact.subject)
    )
    lines = [
        f'<p class="claim">{subject} · <span class="pred">{esc(fact.predicate)}</span> = '
        f'<strong class="val">{esc(fact.value)}</strong> {_status_badge(fact.status)}</p>',
        f'<p class="meta"><code>{esc(fact.id)}</code>'
        + (f" · p. {fact.page}" if fact.page is not None else "")
        + (f" · as of {esc(fact.as_of)}" if fact.as_of else "")
        + (f" · revises {_fact_ref(fact.supersedes, facts)}" if fact.supersedes else "")
        + (f" · {_link(fact_anchor(fact.id), 'in the text ↑')}" if placed else "")
        + "</p>",
    ]
    if not placed:
        where = "has no quote" if not fact.quote else "could not be placed in the text"
        quote = (
            f'<mark id="{esc(fact_anchor(fact.id))}" class="quote {fact.status.value} unplaced" '
            f'data-fact="{esc(fact.id)}">{esc(_flat(fact.quote))}</mark>'
            if fact.quote
            else f'<mark id="{esc(fact_anchor(fact.id))}" class="quote {fact.status.value} '
            f'unplaced" data-fact="{esc(fact.id)}">(no quote)</mark>'
        )
        lines.append(f'<p class="unplaced-quote">Quote ({where}): {quote}</p>')
    if fact.note:
        lines.append(f'<p class="note">{esc(fact.note)}</p>')
    if own:
        lines.append(
            '<ul class="own">'
            + "".join(
                f'<li class="{f.severity.value}"><code>{esc(f.code.value)}</code> {esc(f.message)}</li>'
                for f in own
            )
            + "</ul>"
        )
    label = f'<span class="num">{number}</span>' if number is not None else ""
    return f'<li class="fact {fact.status.value}" id="about-{esc(fact.id)}">{label}{"".join(lines)}</li>'


def _source(
    source: SourceDoc,
    own_facts: list[FactDoc],
    by_fact: dict[str, list[Finding]],
    source_findings: list[Finding],
    entities: dict[str, EntityDoc],
    facts: dict[str, FactDoc],
) -> str:
    text = source.text
    placed: list[tuple[int, int, FactDoc, int]] = []
    unplaced: list[FactDoc] = []
    ordered = sorted(own_facts, key=lambda f: (f.start if f.start is not None else -1, f.id))
    for fact in ordered:
        ok = (
            text is not None
            and fact.start is not None
            and fact.end is not None
            and 0 <= fact.start < fact.end <= len(text)
        )
        if ok:
            assert fact.start is not None and fact.end is not None
            placed.append((fact.start, fact.end, fact, len(placed) + 1))
        else:
            unplaced.append(fact)
    numbers = {f.id: n for _, _, f, n in placed}
    meta = [
        ("Publisher", source.publisher),
        ("Published", source.published),
        ("File", source.path),
    ]
    meta_html = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in meta if v)
    if source.url:
        # Only web addresses become links: a `javascript:` URL stays inert text.
        url = (
            f'<a href="{esc(source.url)}" rel="noopener noreferrer">{esc(source.url)}</a>'
            if source.url.lower().startswith(("https://", "http://"))
            else esc(source.url)
        )
        meta_html += f'<dt>URL</dt><dd class="url">{url}</dd>'
    warnings = "".join(
        f'<p class="source-finding {f.severity.value}"><code>{esc(f.code.value)}</code> '
        f"{esc(f.message)}</p>"
        for f in source_findings
    )
    body = (
        f'<div class="text" lang="en">{marked_text(text, placed)}</div>'
        if text is not None
        else '<p class="missing">The text of this source cannot be read.</p>'
    )
    entries = "".join(
        _fact_entry(f, numbers.get(f.id), f.id in numbers, by_fact.get(f.id, []), entities, facts)
        for f in [p[2] for p in placed] + unplaced
    )
    broken = sum(f.status is QuoteStatus.BROKEN for f in own_facts)
    counts = f"{_plural(len(own_facts), 'fact')}" + (f", {broken} broken" if broken else "")
    return (
        f'<article class="source" id="source-{esc(source.id)}">'
        f"<h3>{esc(source.title or source.id)}</h3>"
        f'<p class="meta"><code>{esc(source.id)}</code> · {esc(counts)}</p>'
        f'<dl class="source-meta">{meta_html}</dl>{warnings}{body}'
        + (
            f'<h4>Facts cited from this source</h4><ol class="facts">{entries}</ol>'
            if entries
            else ""
        )
        + "</article>"
    )


def _timelines(
    data: ReportData,
    facts: dict[str, FactDoc],
    in_pair: dict[str, list[str]],
) -> str:
    items: list[str] = []
    for entity in data.entities:
        if not entity.timeline:
            continue
        rows: list[str] = []
        for entry in entity.timeline:
            fact = facts.get(entry.fact)
            if fact is None:
                continue
            flags = "".join(
                " " + _link(anchor, "contradiction", "flag warning")
                for anchor in in_pair.get(fact.id, [])
            )
            revision = f" · revises {_fact_ref(fact.supersedes, facts)}" if fact.supersedes else ""
            if fact.status is not QuoteStatus.OK:
                flags += " " + _status_badge(fact.status)
            rows.append(
                f'<li class="{fact.status.value}"><span class="when">{esc(entry.when or "undated")}</span> '
                f'<span class="what"><span class="pred">{esc(fact.predicate)}</span> = '
                f"<strong>{esc(fact.value)}</strong>{revision}{flags} "
                f'<span class="cite">{_fact_ref(fact.id, facts)}'
                + (f" · {esc(fact.source)}" if fact.source else "")
                + "</span></span></li>"
            )
        aliases = (
            f'<p class="aliases">also: {esc(", ".join(entity.aliases))}</p>'
            if entity.aliases
            else ""
        )
        items.append(
            f'<li class="entity" id="entity-{esc(entity.id)}">'
            f"<h3>{esc(entity.name)} <small>{esc(entity.kind)} · <code>{esc(entity.id)}</code></small></h3>"
            f'{aliases}<ol class="timeline">{"".join(rows)}</ol></li>'
        )
    body = (
        f'<ol class="entities">{"".join(items)}</ol>'
        if items
        else '<p class="none">No entities.</p>'
    )
    return (
        '<section id="entities" aria-labelledby="entities-h">'
        f'<h2 id="entities-h">Timelines <span class="count">{len(items)}</span></h2>'
        f"{body}</section>"
    )


def render_html(data: ReportData) -> str:
    """The whole report page."""
    facts = {f.id: f for f in data.facts}
    sources = {s.id: s for s in data.sources}
    # Only entities with facts get a timeline, so only they can be linked to.
    entities = {e.id: e for e in data.entities if e.timeline}
    by_fact: dict[str, list[Finding]] = defaultdict(list)
    by_source: dict[str, list[Finding]] = defaultdict(list)
    for finding in data.findings:
        if finding.fact:
            by_fact[finding.fact].append(finding)
        elif finding.source:
            by_source[finding.source].append(finding)
    pairs: list[tuple[str, Finding]] = []
    pair_ids: dict[int, str] = {}
    in_pair: dict[str, list[str]] = defaultdict(list)
    for finding in data.findings:
        if finding.code is Code.CONTRADICTION:
            anchor = f"contradiction-{len(pairs) + 1}"
            pairs.append((anchor, finding))
            pair_ids[id(finding)] = anchor
            for side in finding.detail.get("sides", []):
                if isinstance(side, dict) and side.get("fact"):
                    in_pair[str(side["fact"])].append(anchor)
    statuses = {s: 0 for s in QuoteStatus}
    for fact in data.facts:
        statuses[fact.status] += 1
    facts_of: dict[str | None, list[FactDoc]] = defaultdict(list)
    for fact in data.facts:
        facts_of[fact.source if fact.source in sources else None].append(fact)
    source_html = "".join(
        _source(s, facts_of.get(s.id, []), by_fact, by_source.get(s.id, []), entities, facts)
        for s in data.sources
    )
    orphans = facts_of.get(None, [])
    if orphans:
        entries = "".join(
            _fact_entry(f, None, False, by_fact.get(f.id, []), entities, facts) for f in orphans
        )
        source_html += (
            '<article class="source" id="source-none"><h3>Facts without a readable source</h3>'
            f'<ol class="facts">{entries}</ol></article>'
        )
    nav_sources = "".join(
        f"<li>{esc(s.published or '')} {_link(f'source-{s.id}', s.title or s.id)}</li>"
        for s in data.sources
    )
    nav = (
        '<nav aria-label="Contents"><ul>'
        f"<li>{_link('summary', 'Summary')}</li>"
        f"<li>{_link('findings', f'Findings ({len(data.findings)})')}</li>"
        f"<li>{_link('contradictions', f'Contradictions ({len(pairs)})')}</li>"
        f"<li>{_link('sources', 'Sources')}<ul>{nav_sources}</ul></li>"
        f"<li>{_link('entities', 'Timelines')}</li>"
        "</ul></nav>"
    )
    legend = (
        '<p class="legend">Highlights: <mark class="quote ok">exact quote</mark> '
        '<mark class="quote inexact">inexact (ordinary words differ)</mark> '
        '<mark class="quote broken">broken (not as quoted)</mark>; '
        "the number after a quote leads to its fact.</p>"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        '<meta name="generator" content="kzfacts">'
        f"<title>{esc(data.title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{esc(data.title)}</h1></header>{nav}<main>"
        + _summary(data, statuses)
        + _findings(data, facts, sources, pair_ids, set(entities))
        + _contradictions(pairs, facts, sources, entities)
        + '<section id="sources" aria-labelledby="sources-h">'
        f'<h2 id="sources-h">Sources <span class="count">{len(data.sources)}</span></h2>'
        f"{legend}{source_html}</section>"
        + _timelines(data, facts, in_pair)
        + "</main></body></html>\n"
    )


CSS = """
:root{color-scheme:light;--ink:#1b1b1b;--muted:#5b5b5b;--line:#d8d8d8;--bg:#fff;
--ok:#fff1a8;--inexact:#ffd8a8;--broken:#ffc9c9;--err:#b3261e;--warn:#8a5a00;--info:#4a5a6a;
--accent:#1c4e80}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--ink);background:var(--bg);
font:16px/1.55 system-ui,-apple-system,"Segoe UI","DejaVu Sans",Roboto,sans-serif;
overflow-wrap:anywhere}
header,nav,main{max-width:52rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.6rem;margin:1rem 0 .5rem}
h2{font-size:1.3rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:2px solid var(--ink)}
h3{font-size:1.1rem;margin:1.25rem 0 .25rem}
h4{font-size:1rem;margin:1rem 0 .5rem}
small,.meta,.where,.cite{color:var(--muted);font-size:.875rem}
code{font:.85em/1.3 ui-monospace,"DejaVu Sans Mono",monospace;background:#f3f3f3;
padding:0 .2em;border-radius:3px}
a{color:var(--accent)}
nav ul{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
nav ul ul{display:block;font-size:.875rem;margin:.15rem 0 .25rem}
nav ul ul li{margin:.15rem 0;color:var(--muted)}
.count{font-size:.8em;font-weight:normal;color:var(--muted)}
.verdict{font-size:.75em;padding:.05em .5em;border-radius:1em;vertical-align:middle;color:#fff}
.verdict.clean{background:#2e7d32}.verdict.warnings{background:var(--warn)}
.verdict.failing{background:var(--err)}
dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
dl.summary dt{font-weight:600}dl.summary dd{margin:0}
ul.codes{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
ol.findings,ol.pairs,ol.entities{list-style:none;padding:0;margin:0}
.finding{border-left:4px solid var(--line);padding:.4rem .75rem;margin:.6rem 0;background:#fafafa}
.finding.error{border-color:var(--err)}.finding.warning{border-color:var(--warn)}
.finding.info{border-color:var(--info)}
.finding p{margin:.15rem 0}
.sev{font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em}
.sev.error,.own .error code,.source-finding.error code{color:var(--err)}
.sev.warning,.own .warning code,.source-finding.warning code{color:var(--warn)}
.sev.info{color:var(--info)}
dl.compare{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.15rem .75rem;
margin:.35rem 0 0;font-size:.925rem}
dl.compare dt{color:var(--muted)}dl.compare dd{margin:0}
ul.diffs{margin:0;padding-left:1.1rem}
del{background:#ffe0e0}ins{background:#dff5df;text-decoration:none}
.sides{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:.75rem}
.side{border:1px solid var(--line);border-radius:6px;padding:.5rem .75rem;background:#fafafa}
.side p{margin:.2rem 0}.meaning{color:var(--muted);font-size:.875rem}
blockquote{margin:.4rem 0;padding-left:.6rem;border-left:3px solid var(--line);font-style:italic}
.pair h3{margin-top:1rem}
.legend{font-size:.9rem}
.source{margin:1.5rem 0 2.5rem}
dl.source-meta{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:0 .75rem;
font-size:.875rem;margin:.25rem 0 .75rem}
dl.source-meta dt{color:var(--muted)}dl.source-meta dd{margin:0}
.text{white-space:pre-wrap;font-family:Georgia,"DejaVu Serif",serif;font-size:1rem;line-height:1.6;
border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;background:#fffefa}
mark.quote{color:inherit;border-radius:2px;padding:0 .05em;scroll-margin:30vh 0}
mark.quote mark.quote{padding:.1em 0;box-shadow:inset 0 -2px 0 rgba(0,0,0,.25)}
mark.ok{background:var(--ok)}
mark.inexact{background:var(--inexact);text-decoration:underline dotted #a65b00}
mark.broken{background:var(--broken);text-decoration:underline wavy var(--err);
text-decoration-skip-ink:none}
mark.quote:target{outline:3px solid var(--accent);outline-offset:1px}
sup.ref{font:600 .7rem/1 system-ui,sans-serif;margin-left:.1em}
sup.ref a{text-decoration:none}
ol.facts{list-style:none;padding:0;margin:0;font-size:.925rem}
li.fact{position:relative;padding:.35rem .5rem .35rem 2.3rem;border-top:1px solid var(--line)}
li.fact:target{background:#eef4fb}
li.fact.broken{background:#fff5f5}
.num{position:absolute;left:.4rem;top:.4rem;font-weight:700;color:var(--muted)}
li.fact p{margin:.1rem 0}
.status{font-size:.75rem;padding:0 .4em;border-radius:1em;white-space:nowrap;border:1px solid}
.status.ok{color:#2e6b30}.status.inexact{color:var(--warn)}.status.broken{color:var(--err)}
ul.own{margin:.2rem 0;padding-left:1rem}
.note{color:var(--muted);font-style:italic}
.source-finding{margin:.25rem 0;font-size:.9rem}
.missing{color:var(--err)}
li.entity{margin:0 0 1rem}
ol.timeline{list-style:none;margin:.25rem 0;padding:0 0 0 .75rem;border-left:2px solid var(--line)}
ol.timeline li{margin:.3rem 0;display:flex;flex-wrap:wrap;gap:0 .75rem}
ol.timeline li.broken{box-shadow:-5px 0 0 var(--err)}
.when{font-variant-numeric:tabular-nums;min-width:6.5rem;font-weight:600}
.what{flex:1 1 14rem}
.flag{font-size:.8rem;color:var(--warn)}
.aliases{margin:0;color:var(--muted);font-size:.875rem}
.none{color:var(--muted)}
@media (max-width:40rem){
body{font-size:15px}
h1{font-size:1.35rem}
.sides{grid-template-columns:minmax(0,1fr)}
.text{padding:.5rem .6rem}
li.fact{padding-left:1.9rem}
}
@media print{
@page{margin:1.5cm}
body{font-size:10pt;background:#fff}
nav{display:none}
header,main{max-width:none;padding:0}
a{color:inherit;text-decoration:none}
mark,.finding,.side,.verdict,del,ins,li.fact{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.finding,.pair,li.fact,ol.timeline li,dl.summary{break-inside:avoid}
h2,h3,h4{break-after:avoid}
.source{break-before:page}
.text{border:none;padding:0}
.sides{grid-template-columns:1fr 1fr}
mark.broken{outline:1px solid var(--err)}
}
"""
