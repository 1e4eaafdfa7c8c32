"""The edge rules read the last word of a span and the word right before it from the end of the
text; they must read what the patterns they replace found."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kzfacts.text.edges import _last_word, edge_words

LAST_WORD = re.compile(r"([^\W_]+)[^\w]*$")
WORD_BEFORE = re.compile(r"([^\W_]+)\s*$")
CHARS = st.sampled_from(list("ab1 _!.,\n\t\u00a0é٣\u2003-'\"x"))


def found(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.search(text)
    return match.group(1) if match else ""


@settings(max_examples=3000)
@given(st.text(CHARS, max_size=14))
def test_the_last_word_is_the_one_the_patterns_find(text: str) -> None:
    assert _last_word(text, across="nonword") == found(LAST_WORD, text)
    assert _last_word(text, across="space") == found(WORD_BEFORE, text)


def test_examples() -> None:
    assert _last_word("left 45 people dead.)", across="nonword") == "dead"
    assert _last_word("sentenced to four_", across="nonword") == ""  # "_" is no letter
    assert _last_word("does not ", across="space") == "not"
    assert _last_word("does not, ", across="space") == ""  # a comma breaks the clause


def test_a_negation_right_before_the_span_is_reported_and_one_across_a_comma_is_not() -> None:
    """The 2009 letter: "does not fully meet" quoted from "fully meet"."""
    negated = edge_words("Kazakhstan's law does not ", "fully meet international standards", "")
    assert [(d.source, [c.value for c in d.classes]) for d in negated] == [("not", ["negation"])]
    assert edge_words("it does not, ", "fully meet international standards", "") == []
