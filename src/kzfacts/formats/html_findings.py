"""The findings and contradictions sections of the HTML report.

Owns how a finding is shown (its code, severity, links to its fact, source and entities, and the
quote beside what the source says) and how the two sides of a contradiction stand side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kzfacts.checks.fact import FactResult
from kzfacts.checks.findings import Finding, Severity
from kzfacts.formats.html_parts import esc, fact_ref, flat, link, source_ref, status_badge
from kzfacts.formats.report_data import EntityDoc, QuoteStatus, ReportData, SourceDoc, status_of

SEVERITY_LABEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _compare(finding: Finding) -> str:
    """The quote next to what the source says there (or the closest text), as in the text report."""
    d = finding.detail
    rows: list[str] = []
    if d.get("quote") and "sides" not in d:
        rows.append(f'<dt>quote</dt><dd><q class="said">{esc(flat(d["quote"]))}</q></dd>')
        shown = d.get("found") or d.get("closest")
        if shown and finding.severity is not Severity.INFO:
            label = "source" if d.get("found") else "closest"
            rows.append(f'<dt>{label}</dt><dd><q class="found">{esc(flat(shown))}</q></dd>')
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


@dataclass(frozen=True)
class FindingLinks:
    """What a finding can link to: the report's facts and sources by id, the anchor of each
    contradiction's side-by-side view (by the finding's `id()`), and the entities with a timeline."""

    facts: dict[str, FactResult]
    sources: dict[str, SourceDoc]
    pair_ids: dict[int, str]
    linkable: set[str]


def _finding(finding: Finding, links: FindingLinks) -> str:
    sev = finding.severity
    refs: list[str] = []
    sides = finding.detail.get("sides")
    if isinstance(sides, list):
        refs += [
            fact_ref(side.get("fact"), links.facts) for side in sides if isinstance(side, dict)
        ]
    else:
        refs.append(fact_ref(finding.fact, links.facts))
    refs.append(source_ref(finding.source, links.sources))
    entities = finding.detail.get("entities")
    if isinstance(entities, list):
        refs += [
            link(f"entity-{e}", e, "entity-link")
            if e in links.linkable
            else f'<code class="entity-link">{esc(e)}</code>'
            for e in entities
        ]
    if id(finding) in links.pair_ids:
        refs.append(link(links.pair_ids[id(finding)], "side by side", "pair-link"))
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


def findings_section(data: ReportData, links: FindingLinks) -> str:
    ordered = sorted(
        data.findings,
        key=lambda f: (-f.severity.rank, f.source or "", f.fact or "", f.code.value),
    )
    body = (
        '<ol class="findings">' + "".join(_finding(f, links) for f in ordered) + "</ol>"
        if ordered
        else '<p class="none">No findings: every quote stands in its source and supports its value.</p>'
    )
    return (
        '<section id="findings" aria-labelledby="findings-h">'
        f'<h2 id="findings-h">Findings <span class="count">{len(ordered)}</span></h2>'
        f"{body}</section>"
    )


def _side(side: dict[str, Any], facts: dict[str, FactResult], sources: dict[str, SourceDoc]) -> str:
    value, meaning = str(side.get("value") or ""), str(side.get("meaning") or "")
    fact = facts.get(str(side.get("fact")))
    source = sources.get(str(side.get("source")))
    badge = (
        f" {status_badge(status_of(fact.findings))}"
        if fact and status_of(fact.findings) is not QuoteStatus.OK
        else ""
    )
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
        + f"<blockquote>{esc(flat(side.get('quote')))}</blockquote>"
        f'<p class="cite">{fact_ref(side.get("fact"), facts)} · '
        f"{source_ref(side.get('source'), sources)}{dated}</p>"
        "</div>"
    )


def contradictions_section(
    pairs: list[tuple[str, Finding]],
    facts: dict[str, FactResult],
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
            (link(f"entity-{entity}", name) if entity in entities else esc(name))
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
