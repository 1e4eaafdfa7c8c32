"""Words just outside a quote, or inside its elisions, that change what it says.

A quote may be true word for word and still mislead: "300 protesters" of the source's "about
300 protesters" drops a qualifier at its edge, "fully meet" of "does not fully meet" drops the
negation that governs it, and "the charges were … dropped" elides a "never". The token guard
compares what the quote says; these rules look at what it leaves out.
"""

from __future__ import annotations

import re
from typing import Literal

from kzfacts.text.guard import (
    Token,
    TokenClass,
    TokenDiff,
    is_number,
    token_key,
    tokenize,
)
from kzfacts.text.protected_words import (
    ARTICLES,
    NEGATIONS,
    NUMBER_WORDS,
    QUALIFIERS_AFTER,
    QUALIFIERS_BEFORE,
)


def _qualifier_before(tokens: list[Token], number: Token | None) -> list[Token]:
    """The qualifier phrase that ends `tokens` when `number` (the next token) is a number."""
    if number is None or not is_number(number):
        return []
    keys = [t.key for t in tokens]
    end = len(keys) - 1 if keys and keys[-1] in ARTICLES else len(keys)
    for phrase in QUALIFIERS_BEFORE:
        if end >= len(phrase) and tuple(keys[end - len(phrase) : end]) == phrase:
            return tokens[end - len(phrase) : end]
    return []


def _qualifier_after(tokens: list[Token], number: Token | None) -> list[Token]:
    """The qualifier phrase that opens `tokens` when `number` (the token before) is a number."""
    if number is None or not is_number(number):
        return []
    keys = tuple(t.key for t in tokens)
    for phrase in QUALIFIERS_AFTER:
        if keys[: len(phrase)] == phrase:
            return tokens[: len(phrase)]
    return []


def _first_number(tokens: list[Token]) -> Token | None:
    """The span's first token if it is a number, or its second after an article ("a dozen")."""
    if tokens and tokens[0].key in ARTICLES:
        tokens = tokens[1:]
    return tokens[0] if tokens else None


_EDGE = 40
"""Characters at either end of a span that hold its first two and its last token."""
EDGE_REACH = 40
"""Characters either side of a span that the edge rules read (`edge_words`' `before` and
`after`, and the characters beside each end that tell a cut word)."""

Surroundings = tuple[str, int, int]
"""A span with what the edge rules read around it: the text from `EDGE_REACH` before it to
`EDGE_REACH` after it (less at the text's start or end), where the span starts in that text,
and its length."""


def surroundings(raw: str, start: int, end: int) -> Surroundings:
    """What the edge rules read of `raw` for the span raw[start:end]. The rules read nothing
    else (the text's start or end shows as a shorter lead or tail), so two spans with the same
    surroundings, in any two texts, get the same edge verdict."""
    low = max(0, start - EDGE_REACH)
    return raw[low : end + EDGE_REACH], start - low, end - start


def _last_word(text: str, *, across: Literal["space", "nonword"]) -> str:
    """The run of letters and digits (`[^\\W_]+`) that ends `text` once the characters that
    `across` names are stripped from its end: "space" (then it is the word right before a span,
    with no clause break between) or "nonword" (any run of characters that are not `\\w`).
    Empty when there is none. Read from the end, not searched from the start: every quote
    asks twice."""
    end = len(text)
    if across == "space":
        end = len(text.rstrip())
    else:
        while end and not (text[end - 1].isalnum() or text[end - 1] == "_"):
            end -= 1
    start = end
    while start and text[start - 1].isalnum():
        start -= 1
    return text[start:end]


_WORD = re.compile(r"[^\W_]+")


def _looks_numeric(word: str) -> bool:
    return word[0].isdigit() or word.casefold() in NUMBER_WORDS


def edge_words(before: str, span: str, after: str) -> list[TokenDiff]:
    """Protected words just outside the span that change what it says: a qualifier of its
    first or last number (the quote "300 protesters" of the source's "about 300
    protesters"), or a negation right before it ("fully meet" of "does not fully meet")."""
    diffs: list[TokenDiff] = []
    dropped: list[Token] = []
    # The span's edges suffice, and are tokenised only when they hold a number.
    opening = _WORD.findall(span[:_EDGE])[:2]
    if opening and opening[0].casefold() in ARTICLES:
        opening = opening[1:]
    if opening and _looks_numeric(opening[0]):
        first = _first_number(tokenize(span[:_EDGE]))
        dropped += _qualifier_before(tokenize(before), first)
    last = _last_word(span[-_EDGE:], across="nonword")
    if last and _looks_numeric(last):
        dropped += _qualifier_after(tokenize(after), tokenize(span[-_EDGE:])[-1])
    if dropped:
        words = " ".join(t.text for t in dropped)
        diffs.append(TokenDiff("", words, (TokenClass.QUALIFIER,)))
    governing = _last_word(before, across="space")
    if governing and token_key(governing) in NEGATIONS:
        diffs.append(TokenDiff("", governing, (TokenClass.NEGATION,)))
    return diffs


def elided_words(left: str, gap: str, right: str) -> list[TokenDiff]:
    """What an elision may not leave out: a negation, or a qualifier of a number the quote
    keeps on either side of it ("the charges were … dropped" for "were never dropped")."""
    gap_tokens = tokenize(gap)
    if not gap_tokens:
        return []
    diffs: list[TokenDiff] = []
    negations = [t.text for t in gap_tokens if t.key in NEGATIONS]
    if negations:
        diffs.append(TokenDiff("…", " ".join(negations), (TokenClass.ELIDED_NEGATION,)))
    right_tokens, left_tokens = tokenize(right), tokenize(left)
    qualifier = _qualifier_before(gap_tokens, _first_number(right_tokens))
    qualifier += _qualifier_after(gap_tokens, left_tokens[-1] if left_tokens else None)
    if qualifier:
        words = " ".join(t.text for t in qualifier)
        diffs.append(TokenDiff("…", words, (TokenClass.ELIDED_QUALIFIER,)))
    return diffs
