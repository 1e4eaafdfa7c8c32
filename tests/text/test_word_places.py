"""A word's places in a normalised source, found by a literal search when asked, are those of
splitting the text into words with `WORD` (what the approximate search votes with)."""

from __future__ import annotations

import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from kzfacts.text.prepared import WORD, whole_word_places
from tests.conftest import seed_text


def _split_places(text: str, word: str) -> list[int]:
    return [m.start() for m in WORD.finditer(text) if m.group(0) == word]


def test_a_word_character_is_what_the_pattern_calls_one() -> None:
    """`whole_word_places` tells word characters with `str.isalnum` and "_", which is what
    `\\w` matches: on every code point."""
    word = re.compile(r"\w")
    differ = [
        c
        for c in map(chr, range(sys.maxunicode + 1))
        if bool(word.match(c)) != (c.isalnum() or c == "_")
    ]
    assert differ == []


def test_whole_words_only_at_the_edges_and_inside_longer_runs() -> None:
    """A run inside a longer word ("aaaa_aa", an Arabic-Indic digit beside it) is no place of
    it; a combining mark is no word character, so "aa\u0301" holds the word "aa"."""
    text = "aaa aa aaaa_aa aa\u0301 ٣aa aa٣ aa"
    assert whole_word_places(text, "aa") == [4, 15, 27]
    assert whole_word_places(text, "aaa") == [0]
    assert whole_word_places(text, "aaaa_aa") == [7]
    assert whole_word_places(text, "zz") == []
    for word in ("aa", "aaa", "aaaa_aa", "٣aa", "aa٣"):
        assert whole_word_places(text, word) == _split_places(text, word)


def test_every_word_of_a_seed_text_where_splitting_it_places_it() -> None:
    text = "\n".join(seed_text(name) for name in ("000", "001", "002", "003", "004")).casefold()
    index: dict[str, list[int]] = {}
    for match in WORD.finditer(text):
        index.setdefault(match.group(0), []).append(match.start())
    assert len(index) > 1500
    assert {word: whole_word_places(text, word) for word in index} == index


@given(
    st.text(alphabet=st.sampled_from("ab_1 -\u00e9\u0301\u2163."), max_size=60),
    st.text(alphabet=st.sampled_from("ab_1\u00e9\u2163"), min_size=1, max_size=4),
)
def test_any_text_and_word(text: str, word: str) -> None:
    assert whole_word_places(text, word) == _split_places(text, word)
