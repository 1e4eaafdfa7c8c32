"""A stored anchor is trusted under the quote rules it was accepted under (`ANCHOR_RULES`, in
every anchor's `quote_sha256`): an audit does not read again the edges of a quote that stands
where it stood, or that an edit only moved. So the rules' words and code are pinned to that
version: changing them without bumping it would leave every anchor accepted before unread by
the new rule."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kzfacts.checks.facts import ANCHOR_RULES
from kzfacts.text import protected_words

TEXT = Path(__file__).resolve().parents[2] / "src" / "kzfacts" / "text"
RULE_CODE = ("edges.py", "stored_place.py")
"""How the edge rules read a quote's surroundings, and how a stored anchor is placed again."""

PINNED = {"2": "8ec8c99ffd453bbf81f83a5fed97aef665cd81f4574bf22dee12bc90573439b7"}
"""`ANCHOR_RULES` -> `_digest()` under it. Re-pinned without a new version only for a change
that reads exactly as before (edges.py's last words, read from the end instead of searched:
tests/text/test_edge_last_word.py holds them to the patterns they replaced)."""


def _words() -> str:
    """Every word list of the token guard and edge rules (those built from `values`' tables
    included), in a stable order."""
    lists = []
    for name in sorted(vars(protected_words)):
        value = getattr(protected_words, name)
        if name.isupper() and isinstance(value, dict | frozenset | set | tuple):
            items = value.items() if isinstance(value, dict) else value
            lists.append(f"{name}={sorted(map(repr, items))}")
    return "\n".join(lists)


def _digest() -> str:
    digest = hashlib.sha256(_words().encode())
    for name in RULE_CODE:
        digest.update((TEXT / name).read_bytes())
    return digest.hexdigest()


def test_the_quote_rules_are_those_of_their_version() -> None:
    assert PINNED.get(ANCHOR_RULES) == _digest(), (
        "the quote rules' words (text/protected_words.py) or code (text/edges.py, "
        "stored_place.py) changed: bump ANCHOR_RULES in checks/facts.py and pin "
        f"{ANCHOR_RULES!r}: {_digest()!r} here"
    )


def test_a_negation_added_to_the_word_lists_is_another_digest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The change the pin exists for: "hardly" made a negation, the rules' version unchanged."""
    monkeypatch.setattr(protected_words, "NEGATIONS", protected_words.NEGATIONS | {"hardly"})
    assert PINNED.get(ANCHOR_RULES) != _digest()
