"""The HTML report: one self-contained page. Pure: plain data in, one HTML string out.

Every piece of user data (source texts, quotes, names, messages) goes through `html.escape`;
the page loads nothing (a Content-Security-Policy forbids it) and needs no JavaScript.

The page is assembled here from the sections of `formats.html_findings` and the pieces of
`formats.html_parts`; its style sheet is `report.css`, shipped beside this module.
"""

from __future__ import annotations

from collections import defaultdict
from importlib.resources import files

from kzfacts.checks.fact import FactResult
from kzfacts.checks.findings import Code, Finding
from kzfacts.formats.counts import finding_counts, plural
from kzfacts.formats.html_findings import (
    FindingLinks,
    contradictions_section,
    findings_section,
)
from kzfacts.formats.html_parts import (
    esc,
    fact_anchor,
    fact_ref,
    flat,
    link,
    marked_text,
    status_badge,
)
from kzfacts.formats.report_data import (
    EntityDoc,
    QuoteStatus,
    ReportData,
    SourceDoc,
    status_of,
)
from kzfacts.text.pages import page_label

CSS = files("kzfacts.formats").joinpath("report.css").read_text(encoding="utf-8")
"""The report's style sheet, inlined in the page (the page loads nothing)."""


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
            finding_counts(errors, warnings, info),
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


def _fact_entry(
    fact: FactResult,
    number: int | None,
    placed: bool,
    own: list[Finding],
    entities: dict[str, EntityDoc],
    facts: dict[str, FactResult],
) -> str:
    """A fact's entry under its source; an unplaced quote carries the fact's mark here instead."""
    subject = (
        link(f"entity-{fact.fact.entity}", fact.fact.subject)
        if fact.fact.entity in entities
        else esc(fact.fact.subject)
    )
    lines = [
        f'<p class="claim">{subject} · <span class="pred">{esc(fact.fact.predicate)}</span> = '
        f'<strong class="val">{esc(fact.fact.value)}</strong> {status_badge(status_of(fact.findings))}</p>',
        f'<p class="meta"><code>{esc(fact.id)}</code>'
        + (f" · {page_label(fact.page, fact.last_page)}" if fact.page is not None else "")
        + (f" · as of {esc(fact.fact.as_of)}" if fact.fact.as_of else "")
        + (f" · revises {fact_ref(fact.fact.supersedes, facts)}" if fact.fact.supersedes else "")
        + (f" · {link(fact_anchor(fact.id), 'in the text ↑')}" if placed else "")
        + "</p>",
    ]
    if not placed:
        where = "has no quote" if not fact.fact.quote else "could not be placed in the text"
        quote = (
            f'<mark id="{esc(fact_anchor(fact.id))}" class="quote {status_of(fact.findings).value} unplaced" '
            f'data-fact="{esc(fact.id)}">{esc(flat(fact.fact.quote))}</mark>'
            if fact.fact.quote
            else f'<mark id="{esc(fact_anchor(fact.id))}" class="quote {status_of(fact.findings).value} '
            f'unplaced" data-fact="{esc(fact.id)}">(no quote)</mark>'
        )
        lines.append(f'<p class="unplaced-quote">Quote ({where}): {quote}</p>')
    if fact.fact.note:
        lines.append(f'<p class="note">{esc(fact.fact.note)}</p>')
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
    return f'<li class="fact {status_of(fact.findings).value}" id="about-{esc(fact.id)}">{label}{"".join(lines)}</li>'


def _source(
    source: SourceDoc,
    own_facts: list[FactResult],
    by_fact: dict[str, list[Finding]],
    source_findings: list[Finding],
    entities: dict[str, EntityDoc],
    facts: dict[str, FactResult],
) -> str:
    text = source.text
    placed: list[tuple[int, int, FactResult, int]] = []
    unplaced: list[FactResult] = []
    ordered = sorted(own_facts, key=lambda f: (f.position[0] if f.position else -1, f.id))
    for fact in ordered:
        span = fact.position
        if text is not None and span is not None and 0 <= span[0] < span[1] <= len(text):
            placed.append((span[0], span[1], fact, len(placed) + 1))
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
    broken = sum(status_of(f.findings) is QuoteStatus.BROKEN for f in own_facts)
    counts = f"{plural(len(own_facts), 'fact')}" + (f", {broken} broken" if broken else "")
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
    facts: dict[str, FactResult],
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
                " " + link(anchor, "contradiction", "flag warning")
                for anchor in in_pair.get(fact.id, [])
            )
            revision = (
                f" · revises {fact_ref(fact.fact.supersedes, facts)}"
                if fact.fact.supersedes
                else ""
            )
            if status_of(fact.findings) is not QuoteStatus.OK:
                flags += " " + status_badge(status_of(fact.findings))
            rows.append(
                f'<li class="{status_of(fact.findings).value}"><span class="when">{esc(entry.when or "undated")}</span> '
                f'<span class="what"><span class="pred">{esc(fact.fact.predicate)}</span> = '
                f"<strong>{esc(fact.fact.value)}</strong>{revision}{flags} "
                f'<span class="cite">{fact_ref(fact.id, facts)}'
                + (f" · {esc(fact.fact.source)}" if fact.fact.source else "")
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
        statuses[status_of(fact.findings)] += 1
    facts_of: dict[str | None, list[FactResult]] = defaultdict(list)
    for fact in data.facts:
        facts_of[fact.fact.source if fact.fact.source in sources else None].append(fact)
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
        f"<li>{esc(s.published or '')} {link(f'source-{s.id}', s.title or s.id)}</li>"
        for s in data.sources
    )
    nav = (
        '<nav aria-label="Contents"><ul>'
        f"<li>{link('summary', 'Summary')}</li>"
        f"<li>{link('findings', f'Findings ({len(data.findings)})')}</li>"
        f"<li>{link('contradictions', f'Contradictions ({len(pairs)})')}</li>"
        f"<li>{link('sources', 'Sources')}<ul>{nav_sources}</ul></li>"
        f"<li>{link('entities', 'Timelines')}</li>"
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
        f"<title>{esc(data.title)}</title><style>\n{CSS}</style></head><body>"
        f"<header><h1>{esc(data.title)}</h1></header>{nav}<main>"
        + _summary(data, statuses)
        + findings_section(data, FindingLinks(facts, sources, pair_ids, set(entities)))
        + contradictions_section(pairs, facts, sources, entities)
        + '<section id="sources" aria-labelledby="sources-h">'
        f'<h2 id="sources-h">Sources <span class="count">{len(data.sources)}</span></h2>'
        f"{legend}{source_html}</section>"
        + _timelines(data, facts, in_pair)
        + "</main></body></html>\n"
    )
