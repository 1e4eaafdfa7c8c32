"""The token guard: a similarity score finds the place, it cannot say the quote is true to it.

After an approximate match, the quote's tokens are aligned with the located
span's. Every differing token must be an ordinary word; a changed number, date,
month, currency, percent, negation, qualifier of a number, proper name, legal term
or modal makes the quote altered — "four years" → "five years" is 98 % similar and
still a lie, and so is "300 protesters" for "about 300 protesters".

This module owns the tokens, their classes and the alignment; the word lists that decide a
token's class live in `text.protected_words`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from enum import StrEnum

from kzfacts.text.normalize import normalize
from kzfacts.text.protected_words import (
    ARTICLES,
    LEGAL_TERMS,
    MODALS,
    NEGATIONS,
    NUMBER_WORDS,
    PERCENT_WORDS,
    QUALIFIERS_AFTER,
    QUALIFIERS_BEFORE,
    SENTENCE_OPENERS,
)
from kzfacts.values.lazy import Lazy
from kzfacts.values.vocabulary import CURRENCY_WORDS, MONTHS


class TokenClass(StrEnum):
    ORDINARY = "word"
    NUMBER = "number"
    MONTH = "month"
    CURRENCY = "currency"
    PERCENT = "percent"
    NEGATION = "negation"
    PROPER_NAME = "proper name"
    LEGAL = "legal term"
    MODAL = "modal"
    QUALIFIER = "qualifier"
    BOUNDARY = "boundary"
    ELIDED_NEGATION = "elided-negation"
    ELIDED_QUALIFIER = "elided-qualifier"


_TOKEN = Lazy(
    r"(?P<abbr>[^\W\d_](?:\.[^\W\d_])+\.?)"  # "U.S." is one token, the same as "US"
    r"|(?P<sign>[$€£₸₽])\s?(?P<amount>\d+(?:[.,]\d+)*)"  # "$5" reads as "5 $", like "5 dollars"
    r"|\d+(?:[.,]\d+)*|[^\W_]+|[$€£₸₽%]"
)
_PER_CENT = Lazy(r"\bper\s?cent\b", re.IGNORECASE)
_SAME_AS = {"percent": "%", "dollar": "$", "dollars": "$", "usd": "$"}
"""Words that are one token with a sign: "30 percent" is "30%", "5 dollars" is "$5"."""


@dataclass(frozen=True)
class Token:
    text: str
    key: str  # what is compared: case-folded, number words as digits
    capitalised: bool
    sentence_start: bool
    qualifier: bool = False  # part of a vague word that qualifies a number beside it


@dataclass(frozen=True)
class TokenDiff:
    """One differing stretch of the alignment: what the quote says vs. the source."""

    quote: str
    source: str
    classes: tuple[TokenClass, ...]
    overhang: int = 0  # quote words past either end of the located span (nothing to compare)

    @property
    def protected(self) -> bool:
        return any(c is not TokenClass.ORDINARY for c in self.classes)

    def describe(self) -> str:
        if any(c in _ELIDED for c in self.classes):
            kinds = ", ".join(c.value for c in self.classes)
            return f"the elision {self.quote!r} leaves out the source's {self.source!r} ({kinds})"
        if TokenClass.BOUNDARY in self.classes:
            return (
                f"the quote's {self.quote!r} cuts the source's word {self.source!r} (boundary): "
                "start and end the quote on whole words"
            )
        kinds = ", ".join(c.value for c in self.classes if c is not TokenClass.ORDINARY)
        label = f" ({kinds})" if kinds else ""
        if not self.quote:  # a word of the source that the quote drops, inside it or beside it
            return f"the source's {self.source!r}{label} is left out: quote it too"
        if not self.source:
            return f"{self.quote!r}{label} is not in the source"
        return f"{self.quote!r} → source {self.source!r}{label}"


def token_key(word: str) -> str:
    """What two tokens are compared by: case-folded, number words as digits, "U.S." as "us",
    "percent" as "%"."""
    key = word.casefold()
    if key in NUMBER_WORDS:
        return str(NUMBER_WORDS[key])
    if key[0].isdigit():
        return key.replace(",", "")
    if "." in key:
        return key.replace(".", "")
    return _SAME_AS.get(key, key)


_ELIDED = (TokenClass.ELIDED_NEGATION, TokenClass.ELIDED_QUALIFIER)


def tokenize(text: str, *, before: str = "") -> list[Token]:
    """Tokens of `text` after layout normalisation, keeping case for proper names.

    `before` is the text preceding it (the source around a located span), which says
    whether the first token starts a sentence.
    """
    context = normalize(before, fold_case=False).text.rstrip() if before else ""
    # A word broken across a line end ("senten-\nced") is one word to compare.
    norm = normalize(text, fold_case=False, join_line_end_hyphens=True).text
    norm = _PER_CENT.sub(lambda m: " " * (len(m.group(0)) - 7) + "percent", norm)
    tokens: list[Token] = []
    for match in _TOKEN.finditer(norm):
        opens = _opens_sentence(norm, match.start(), context)
        if match.group("sign"):
            words = [match.group("amount"), match.group("sign")]
        else:
            words = [match.group(0)]
        for word in words:
            tokens.append(Token(word, token_key(word), word[0].isupper(), opens))
    return _mark_qualifiers(tokens)


_OPENERS = '.!?:;"('
"""What a sentence (or a clause a capital may open) follows."""


def _opens_sentence(norm: str, start: int, context: str) -> bool:
    """Whether the token at `start` follows nothing but whitespace in `norm`, after a `context`
    that is empty or ends in `_OPENERS`, or follows one of them (whitespace apart): what
    `norm[:start].rstrip() or context` ends in, found by stepping back over the whitespace
    only."""
    while start and norm[start - 1].isspace():
        start -= 1
    last = norm[start - 1] if start else context[-1:]
    return not last or last in _OPENERS


def is_number(token: Token) -> bool:
    return token.key[0].isdigit()


def _ranked(phrases: tuple[tuple[str, ...], ...]) -> dict[int, dict[tuple[str, ...], int]]:
    """The phrases by length, each with its place in `phrases` (the first that matches wins)."""
    ranked: dict[int, dict[tuple[str, ...], int]] = {}
    for place, phrase in enumerate(phrases):
        ranked.setdefault(len(phrase), {}).setdefault(phrase, place)
    return ranked


_BEFORE = _ranked(QUALIFIERS_BEFORE)
_AFTER = _ranked(QUALIFIERS_AFTER)


def _first_phrase(
    ranked: dict[int, dict[tuple[str, ...], int]], keys: list[str], start: int, *, ending: bool
) -> int:
    """The length of the first phrase (in its list's order) that `keys` hold ending at `start`
    (`ending`) or beginning there; 0 when none: one look-up for each length of phrase,
    not a comparison with every phrase."""
    best: tuple[int, int] | None = None
    for size, places in ranked.items():
        if ending and start < size:
            continue
        words = keys[start - size : start] if ending else keys[start : start + size]
        place = places.get(tuple(words))
        if place is not None and (best is None or place < best[0]):
            best = (place, size)
    return best[1] if best else 0


def _mark_qualifiers(tokens: list[Token]) -> list[Token]:
    """Flag the words of a vague qualifier that stand beside a number ("more than a dozen",
    "15 or more"): only there are "over", "some" or "under" protected."""
    keys = [t.key for t in tokens]
    marked: set[int] = set()
    for index, token in enumerate(tokens):
        if not is_number(token):
            continue
        end = index - 1 if index > 0 and keys[index - 1] in ARTICLES else index
        size = _first_phrase(_BEFORE, keys, end, ending=True)
        marked.update(range(end - size, end))
        size = _first_phrase(_AFTER, keys, index + 1, ending=False)
        marked.update(range(index + 1, index + 1 + size))
    if not marked:
        return tokens
    return [replace(t, qualifier=True) if i in marked else t for i, t in enumerate(tokens)]


_WORD_CLASSES: tuple[tuple[Collection[str], TokenClass], ...] = (
    (MONTHS, TokenClass.MONTH),
    (CURRENCY_WORDS, TokenClass.CURRENCY),
    (PERCENT_WORDS, TokenClass.PERCENT),
    (NEGATIONS, TokenClass.NEGATION),
    (LEGAL_TERMS, TokenClass.LEGAL),
    (MODALS, TokenClass.MODAL),
)
"""The word lists that make a word protected, each with its class; the first list holding a
word decides."""


def classify(token: Token) -> TokenClass:
    """The class of a token; anything not ordinary is protected."""
    word = token.text.casefold()
    if word[0].isdigit() or word in NUMBER_WORDS:
        return TokenClass.NUMBER
    if token.qualifier:
        return TokenClass.QUALIFIER
    for words, word_class in _WORD_CLASSES:
        if word in words:
            return word_class
    if token.capitalised and (not token.sentence_start or word not in SENTENCE_OPENERS):
        return TokenClass.PROPER_NAME
    return TokenClass.ORDINARY


def is_typo(quoted: Token, real: Token) -> bool:
    """A misspelling of one ordinary word or legal term, on either side, not a different word.

    "imprisonmnet" for "imprisonment" is a typo, and so is a source's "sentanced";
    "five" for "four" is not, nor a changed proper name, nor one real legal term
    put for another ("convicted" for "acquitted").
    """
    from rapidfuzz.distance import Indel  # loads on the fuzzy path only

    classes = (classify(quoted), classify(real))
    if any(c not in (TokenClass.ORDINARY, TokenClass.LEGAL) for c in classes):
        return False
    if classes == (TokenClass.LEGAL, TokenClass.LEGAL):
        return False
    if min(len(quoted.key), len(real.key)) < 5 or quoted.key[0] != real.key[0]:
        return False
    return Indel.normalized_similarity(quoted.key, real.key) >= 0.8


def compare_tokens(quote: str, source_span: str, *, source_before: str = "") -> list[TokenDiff]:
    """Every stretch where the quote's tokens differ from the located span's.

    The quote is compared as the editor wrote it (case kept), the span with the source
    text before it, so that names are recognised on both sides.
    """
    from rapidfuzz.distance import Levenshtein  # loads on the fuzzy path only

    quote_tokens = tokenize(quote)
    source_tokens = tokenize(source_span, before=source_before)
    ops = Levenshtein.opcodes([t.key for t in quote_tokens], [t.key for t in source_tokens])
    diffs: list[TokenDiff] = []
    for index, op in enumerate(ops):
        if op.tag == "equal":
            continue
        at_edge = index in (0, len(ops) - 1)
        q_side = quote_tokens[op.src_start : op.src_end]
        s_side = source_tokens[op.dest_start : op.dest_end]
        classes = tuple(dict.fromkeys(classify(t) for t in (*q_side, *s_side)))
        if len(q_side) == len(s_side) == 1 and is_typo(q_side[0], s_side[0]):
            classes = (TokenClass.ORDINARY,)
        diffs.append(
            TokenDiff(
                quote=" ".join(t.text for t in q_side),
                source=" ".join(t.text for t in s_side),
                classes=classes,
                overhang=len(q_side) if at_edge and op.tag == "delete" else 0,
            )
        )
    return diffs
