"""The pure functions of the API on a real passage of the seed texts: what each refuses, and
the honest neighbour it accepts; and the JSON of every result."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kzfacts import ValueParseError, anchor_quote, parse_value, verify_fact

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
BRIEFING = (SEEDS / "003_b6f36896f5f86b0a.txt").read_text(encoding="utf-8")  # IPHR/KIBHR 2014
QUOTE = "a local court ordered an advertising agency to pay 145 000 EUR in damages"


def test_anchor_quote_finds_the_passage() -> None:
    found = anchor_quote(QUOTE, BRIEFING)
    assert (found.accepted, found.verdict, found.start, found.end, found.line) == (
        True, "exact", 1462, 1535, 13,
    )  # fmt: skip
    assert BRIEFING[found.start : found.end] == QUOTE == found.exact
    assert found.findings == ()


def test_a_typo_is_inexact_but_accepted() -> None:
    found = anchor_quote(QUOTE.replace("ordered", "orderd"), BRIEFING)
    assert (found.accepted, found.verdict, found.start, found.end) == (True, "inexact", 1462, 1535)
    data = json.loads(found.to_json())
    assert [(f["code"], f["message"]) for f in data["findings"]] == [
        (
            "quote-inexact",
            "quote differs from the source in ordinary words: 'orderd' → source 'ordered'",
        )
    ]


def test_another_currency_is_refused() -> None:
    altered = anchor_quote(QUOTE.replace("EUR", "USD"), BRIEFING)
    assert (altered.accepted, altered.verdict, altered.start) == (False, "altered", None)
    assert [f.code.value for f in altered.findings] == ["quote-altered"]
    assert json.loads(altered.findings[0].to_json())["severity"] == "error"


def test_parse_value_reads_the_amount_and_refuses_words_without_one() -> None:
    value = parse_value("145 000 EUR", "money")
    assert (value.low, value.high, value.unit) == (145000.0, 145000.0, "EUR")
    assert json.loads(value.to_json())["type"] == "money"
    with pytest.raises(ValueParseError, match=r"^could not read 'a lot' as a money; write one"):
        parse_value("a lot", "money")


def test_verify_fact_supports_the_stated_amount_only() -> None:
    kept = verify_fact(
        QUOTE, "145000 EUR", "money", BRIEFING, predicate="amount", published=date(2014, 11, 1),
        precision="month",
    )  # fmt: skip
    assert (kept.errors, kept.verdict, kept.position) == ((), "exact", (1462, 1535))
    data = json.loads(kept.to_json())
    assert (data["ok"], data["value"]["low"], data["value"]["unit"]) == (True, 145000.0, "EUR")
    assert [(p["name"], p["found"]) for p in data["parts"]] == [
        ("time", "holds at the source's date 2014-11-01"),
        ("quote", "exact at 1462-1535"),
        ("boundaries", "whole words"),
        ("value", "145,000 EUR: supported"),
        ("subject", "not checked"),
    ]
    wrong = verify_fact(QUOTE, "150000 EUR", "money", BRIEFING, predicate="amount")
    assert [f.code.value for f in wrong.errors] == ["value-unsupported"]
    assert json.loads(wrong.to_json())["ok"] is False


def test_verify_fact_refuses_an_impossible_as_of() -> None:
    result = verify_fact(
        QUOTE, "145000 EUR", "money", BRIEFING, predicate="amount", as_of="2014-13"
    )
    assert [f.code.value for f in result.errors] == ["value-invalid"]
    assert [p.found for p in result.parts][3] == "not checked: the quote does not stand"
