"""A source's line breaks: a text without a carriage return has its breaks found by splitting
it at each line feed, and gives the places the line-break pattern finds, as any text does."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzfacts.text.lines import LINE_BREAK
from kzfacts.text.prepared import PreparedSource
from tests.conftest import seed_text


def pattern_breaks(text: str) -> list[int]:
    return [match.start() for match in LINE_BREAK.finditer(text)]


@given(st.lists(st.sampled_from(["a", "bc", " ", "\n", "\n\n", "\r\n", "\r", "\f"])).map("".join))
def test_a_text_s_line_breaks_are_those_the_pattern_finds(text: str) -> None:
    source = PreparedSource(text)
    assert source._line_breaks == pattern_breaks(text)
    for offset in range(len(text) + 1):
        assert source.line_of(offset) == len([b for b in pattern_breaks(text) if b < offset]) + 1


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_a_seed_s_line_breaks_are_those_the_pattern_finds(name: str) -> None:
    text = seed_text(name)
    assert "\r" not in text  # the seeds are split at their line feeds
    assert PreparedSource(text)._line_breaks == pattern_breaks(text)
