"""The pure checks as plain functions of text: anchor a quote, verify a fact. No database.

`FactDB.add_fact` runs the same checks (and the subject check against the database's
entities); these are for a notebook or a program that holds the source text itself.
"""

from __future__ import annotations

import hashlib
from datetime import date

from kzfacts.checks import facts
from kzfacts.checks.fact import FactInput, FactResult, SourceContext
from kzfacts.checks.quotes import check_quote
from kzfacts.results import QuoteAnchor
from kzfacts.text.anchor import PreparedSource
from kzfacts.text.limits import MAX_GAP


def anchor_quote(quote: str, source_text: str, *, max_gap: int = MAX_GAP) -> QuoteAnchor:
    """Where `quote` stands in `source_text`, as `kzfacts fact add` anchors it: exactly, or
    inexactly in ordinary words only; refused when it is altered, absent or ambiguous.
    `max_gap` is how far apart the fragments of a quote elided with '...' may stand."""
    text = PreparedSource(source_text)
    return QuoteAnchor.from_check(check_quote(quote, text, max_gap=max_gap), text)


def verify_fact(
    quote: str,
    value: str,
    value_type: str,
    source_text: str,
    *,
    predicate: str = "",
    published: date | None = None,
    precision: str | None = None,
    covers: str | None = None,
    as_of: str | None = None,
    fact_id: str = "fact",
    max_gap: int = MAX_GAP,
) -> FactResult:
    """Verify a fact against its source's text, as `fact add`, `load` and `audit` do: its time,
    its quote, the quote's boundaries and its value (`value_type`: duration, date, count,
    money, percent or status). `published`, with its `precision` (day, month or year), and
    `covers` (the period the source reports on) give dates without a year their year. The
    subject is not checked here: it needs the database's entities."""
    fact = FactInput(fact_id, "source", "", predicate, value, quote, as_of=as_of)
    source = SourceContext(value_type, published, precision, covers, max_gap)
    return facts.verify_fact(
        fact, source, PreparedSource(source_text), hashlib.sha256(source_text.encode()).hexdigest()
    )
