"""A word's places in a normalised source, found by a literal search when asked, are those of
splitting the text into words with `WORD` (what the approximate search votes with); in the
joined reading, read from the plain one's, they are those a search of it finds."""

from __future__ import annotations

import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from kzfacts.text.prepared import (
    COMMON_WORD_PLACES,
    WORD,
    Form,
    PreparedSource,
    removed_hyphens,
    whole_word_places,
)
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


def _joined_form(raw: str) -> Form | None:
    return PreparedSource(raw).joined


def _every_word_placed_as_found(form: Form, words: set[str]) -> None:
    for word in sorted(words):
        assert form.positions(word) == whole_word_places(form.text, word, COMMON_WORD_PLACES)


def test_the_joined_reading_places_words_as_a_search_of_it_does() -> None:
    """The joined reading reads its words' places from the plain one's (`Form._joins`): on the
    seed texts with line-end hyphens, every word of both readings is placed as a literal search
    of the joined text places it, the merged ones ("govern-\\nment") too."""
    derived = 0
    for name in ("000", "001", "002", "003", "004"):
        joined = _joined_form(seed_text(name))
        if joined is None:
            continue
        assert joined.plain is not None
        derived += joined._joins is not None
        _every_word_placed_as_found(
            joined, {*WORD.findall(joined.text), *WORD.findall(joined.plain.text)}
        )
    assert derived >= 1


def test_a_word_common_in_the_plain_reading_is_looked_for_in_the_joined_one() -> None:
    """501 places in the plain reading (too common to vote), 500 in the joined one, where one
    of them is merged into a longer word: found by a search of the joined text."""
    raw = "ab " * 500 + "ab-\ncd ends."
    joined = _joined_form(raw)
    assert joined is not None and joined.plain is not None
    assert joined.plain.positions("ab") is None
    assert joined.positions("ab") == [3 * i for i in range(500)]
    assert joined.positions("abcd") == [1500]
    assert joined.positions("cd") == []


def test_a_reading_that_is_not_the_plain_one_without_hyphens() -> None:
    assert removed_hyphens("so-called gov-ernment", "so-called government") == [13]
    assert removed_hyphens("so-called", "socalled!") is None
    assert removed_hyphens("so - called", "so  called") is None  # no word character beside
    assert removed_hyphens("-called", "called") is None
    assert removed_hyphens("so-called", "so-called") == []


@given(
    st.lists(
        st.sampled_from(
            ["ab", "b", "a1", "_", "é", "Ⅳ", " ", "-", "-\n", "- \n ", "\n", ".", "--"]
        ),
        max_size=40,
    )
)
def test_any_text_with_line_end_hyphens(pieces: list[str]) -> None:
    raw = "".join(pieces)
    joined = _joined_form(raw)
    if joined is None:
        return
    assert joined.plain is not None
    words = {*WORD.findall(joined.text), *WORD.findall(joined.plain.text), "ab", "b", "abab"}
    _every_word_placed_as_found(joined, words)
