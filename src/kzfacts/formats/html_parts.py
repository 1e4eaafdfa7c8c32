"""Markup pieces of the HTML report: escaping, links, marked source text, badges.

Owns the small HTML fragments every section of the report is built from, and the nesting of
highlighted quotes (`<mark>`) in a source's text. Every piece of user data goes through `esc`.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kzfacts.checks.fact import FactResult
from kzfacts.formats.report_data import QuoteStatus, SourceDoc, status_of


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def fact_anchor(fact_id: str) -> str:
    """The id of a fact's highlighted span: findings and timelines link to `#fact-ID`."""
    return f"fact-{fact_id}"


def link(target: str, label: object, cls: str = "") -> str:
    klass = f' class="{esc(cls)}"' if cls else ""
    return f'<a href="#{esc(target)}"{klass}>{esc(label)}</a>'


# ---------------------------------------------------------------- marks in the source text


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    fact: FactResult
    number: int


def _open_mark(span: _Span, first: bool) -> str:
    f = span.fact
    ident = f' id="{esc(fact_anchor(f.id))}"' if first else ""
    cont = "" if first else " cont"
    title = f"{f.id}: {f.fact.predicate} = {f.fact.value} ({status_of(f.findings).value})"
    return (
        f'<mark{ident} class="quote {status_of(f.findings).value}{cont}" data-fact="{esc(f.id)}" '
        f'title="{esc(title)}">'
    )


def _refs(spans: Iterable[_Span]) -> str:
    """The numbered links to the facts whose spans end here (one group, numbers comma-separated)."""
    links = ",".join(
        f'<a href="#about-{esc(sp.fact.id)}" aria-label="fact {esc(sp.fact.id)}">{sp.number}</a>'
        for sp in spans
    )
    return f'<sup class="ref">{links}</sup>'


def marked_text(text: str, spans: Sequence[tuple[int, int, FactResult, int]]) -> str:
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


def fact_ref(fact_id: str | None, facts: dict[str, FactResult]) -> str:
    if not fact_id:
        return ""
    if fact_id in facts:
        return link(fact_anchor(fact_id), fact_id, "fact-link")
    return f'<code class="fact-link">{esc(fact_id)}</code>'


def source_ref(source_id: str | None, sources: dict[str, SourceDoc]) -> str:
    if not source_id:
        return ""
    if source_id in sources:
        return link(f"source-{source_id}", source_id, "source-link")
    return f'<code class="source-link">{esc(source_id)}</code>'


def flat(text: object) -> str:
    return " ".join(str(text or "").split())


def status_badge(status: QuoteStatus) -> str:
    label = {"ok": "quote exact", "inexact": "quote inexact", "broken": "quote broken"}
    return f'<span class="status {status.value}">{label[status.value]}</span>'
