"""The token guard's tokens: each token's sentence start read by stepping back over the
whitespace before it, and the qualifiers beside numbers found by one look-up for each length
of phrase, give what reading the whole text before each token and comparing every phrase
gave (`reference_tokens`), on random text made of numbers, qualifiers and sentence ends."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzfacts.text.guard import (
    _PER_CENT,
    _TOKEN,
    Token,
    TokenClass,
    TokenDiff,
    is_number,
    token_key,
    tokenize,
)
from kzfacts.text.normalize import normalize
from kzfacts.text.protected_words import ARTICLES, QUALIFIERS_AFTER, QUALIFIERS_BEFORE
from tests.conftest import seed_text


def reference_tokens(text: str, before: str = "") -> list[Token]:
    """The tokens as read by comparing each token's whole text before it and every phrase."""
    context = normalize(before, fold_case=False).text.rstrip()
    norm = normalize(text, fold_case=False, join_line_end_hyphens=True).text
    norm = _PER_CENT.sub(lambda m: " " * (len(m.group(0)) - 7) + "percent", norm)
    tokens: list[Token] = []
    for match in _TOKEN.finditer(norm):
        before_token = norm[: match.start()].rstrip() or context
        opens = not before_token or before_token[-1] in '.!?:;"('
        words = [match.group("amount"), match.group("sign")] if match.group("sign") else [match[0]]
        tokens += [Token(word, token_key(word), word[0].isupper(), opens) for word in words]
    keys = [t.key for t in tokens]
    marked: set[int] = set()
    for index, token in enumerate(tokens):
        if not is_number(token):
            continue
        end = index - 1 if index > 0 and keys[index - 1] in ARTICLES else index
        for phrase in QUALIFIERS_BEFORE:
            if end >= len(phrase) and tuple(keys[end - len(phrase) : end]) == phrase:
                marked.update(range(end - len(phrase), end))
                break
        for phrase in QUALIFIERS_AFTER:
            if tuple(keys[index + 1 : index + 1 + len(phrase)]) == phrase:
                marked.update(range(index + 1, index + 1 + len(phrase)))
                break
    return [replace(t, qualifier=True) if i in marked else t for i, t in enumerate(tokens)]


QUALIFIER_WORDS = sorted({w for phrase in (*QUALIFIERS_BEFORE, *QUALIFIERS_AFTER) for w in phrase})
PIECES = [
    *QUALIFIER_WORDS, *sorted(ARTICLES), "300", "4", "12,000", "five", "Twenty", "$5", "€ 3",
    "%", "per cent", "percent", "years", "Court", "He", "govern-\nment", ".", "!", "?", ":",
    ";", '"', "(", ")", ",", "\u201c", "\u2014", " - ", "\n", "\n\n", "  ", "\t",
]  # fmt: skip
spaced = st.lists(st.sampled_from(PIECES).map(lambda p: f" {p} "), max_size=30).map("".join)
texts = spaced | st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join)


@settings(max_examples=400)
@given(texts, st.sampled_from(["", "  ", "the court.", "He said:", "on (", "up to", "about \n"]))
def test_tokens_are_those_of_reading_the_whole_text_before_each(text: str, before: str) -> None:
    assert tokenize(text, before=before) == reference_tokens(text, before)


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_the_seeds_tokens_are_those_of_reading_the_whole_text_before_each(name: str) -> None:
    text = seed_text(name)[:20000]
    for start in range(0, len(text), 997):
        piece, before = text[start : start + 300], text[max(0, start - 80) : start]
        assert tokenize(piece, before=before) == reference_tokens(piece, before)


def test_a_qualifier_is_marked_by_its_first_phrase_in_the_list() -> None:
    tokens = tokenize("not no more than 300 or more people")
    assert [t.text for t in tokens if t.qualifier] == ["no", "more", "than", "or", "more"]
    assert [t.text for t in tokenize("so more than 3") if t.qualifier] == ["more", "than"]


def test_a_word_left_out_or_added_is_said_in_words() -> None:
    """A refusal names what to do: the source's word the quote drops, or the quote's word the
    source lacks (no empty side shown as a symbol)."""
    dropped = TokenDiff("", "not", (TokenClass.NEGATION,))
    added = TokenDiff("never", "", (TokenClass.NEGATION,))
    changed = TokenDiff("four", "three", (TokenClass.NUMBER,))
    assert dropped.describe() == "the source's 'not' (negation) is left out: quote it too"
    assert added.describe() == "'never' (negation) is not in the source"
    assert changed.describe() == "'four' → source 'three' (number)"
