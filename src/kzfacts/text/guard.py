"""The token guard: a similarity score finds the place, it cannot say the quote is true to it.

After an approximate match, the quote's tokens are aligned with the located
span's. Every differing token must be an ordinary word; a changed number, date,
month, currency, percent, negation, proper name, legal term or modal makes the
quote altered — "four years" → "five years" is 98 % similar and still a lie.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz.distance import Indel, Levenshtein

from kzfacts.text.normalize import normalize
from kzfacts.values.numbers import SMALL


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


# Number words compare as their values, so "four" and "4" are one token.
NUMBER_WORDS: dict[str, int] = dict(SMALL)
NUMBER_WORDS.update(
    {
        "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9,
        "dozen": 12, "dozens": 24, "hundreds": 200, "thousands": 2000, "half": 0, "once": 1,
        "twice": 2, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
        "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "single": 1, "double": 2,
        "triple": 3, "none": 0,
    }
)  # fmt: skip
MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
CURRENCIES = frozenset(
    [
        "tenge",
        "kzt",
        "dollar",
        "dollars",
        "usd",
        "eur",
        "euro",
        "euros",
        "rouble",
        "roubles",
        "ruble",
        "rubles",
        "rub",
        "som",
        "pound",
        "pounds",
        "gbp",
        "$",
        "€",
        "£",
        "₸",
        "₽",
    ]
)
PERCENT_WORDS = frozenset({"%", "percent", "per", "cent", "percentage"})
NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "without",
        "nor",
        "neither",
        "none",
        "nobody",
        "nothing",
        "nowhere",
        "cannot",
        "unable",
        "didn",
        "doesn",
        "don",
        "isn",
        "wasn",
        "weren",
        "hasn",
        "haven",
        "hadn",
        "won",
        "wouldn",
        "shouldn",
        "couldn",
        "mustn",
        "aren",
    ]
)
LEGAL_TERMS = frozenset(
    [
        "acquitted",
        "acquittal",
        "convicted",
        "conviction",
        "suspended",
        "parole",
        "probation",
        "pardoned",
        "pardon",
        "released",
        "release",
        "sentenced",
        "sentence",
        "imprisoned",
        "imprisonment",
        "jailed",
        "detained",
        "detention",
        "arrested",
        "arrest",
        "charged",
        "charges",
        "amnestied",
        "amnesty",
        "guilty",
        "innocent",
        "fined",
        "fine",
        "banned",
        "barred",
        "upheld",
        "overturned",
        "dismissed",
        "liquidated",
        "registered",
        "registration",
        "denied",
        "revoked",
        "confiscated",
        "executed",
        "killed",
        "died",
        "deaths",
        "wounded",
        "injured",
        "tortured",
        "alleged",
        "allegedly",
        "reportedly",
    ]
)
MODALS = frozenset(["may", "must", "shall", "should", "could", "would", "will", "might", "can"])

# Words that often open a sentence; any other capitalised word is taken for a name even
# there, so that a quote cannot swap the person it opens with ("Elena …" for "Marat …").
SENTENCE_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "for",
        "from",
        "with",
        "by",
        "of",
        "to",
        "as",
        "after",
        "before",
        "during",
        "since",
        "until",
        "while",
        "when",
        "where",
        "although",
        "though",
        "however",
        "moreover",
        "furthermore",
        "also",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "one",
        "some",
        "many",
        "most",
        "several",
        "both",
        "all",
        "each",
        "every",
        "but",
        "and",
        "or",
        "yet",
        "so",
        "if",
        "because",
        "despite",
        "according",
        "under",
        "over",
        "between",
        "among",
        "about",
        "against",
        "following",
        "including",
        "even",
        "only",
        "just",
        "then",
        "thus",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "how",
        "why",
        "other",
        "another",
        "such",
        "more",
        "less",
        "recently",
        "later",
        "earlier",
        "likewise",
        "meanwhile",
        "instead",
        "still",
        "again",
        "further",
        "indeed",
        "finally",
        "next",
        "new",
        "police",
        "authorities",
        "officials",
        "courts",
        "court",
        "government",
        "human",
    ]
)
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+|[$€£₸₽%]")


@dataclass(frozen=True)
class Token:
    text: str
    key: str  # what is compared: case-folded, number words as digits
    capitalised: bool
    sentence_start: bool


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
        kinds = ", ".join(c.value for c in self.classes if c is not TokenClass.ORDINARY)
        label = f" ({kinds})" if kinds else ""
        return f"{self.quote or '∅'!r} → source {self.source or '∅'!r}{label}"


def tokenize(text: str, *, before: str = "") -> list[Token]:
    """Tokens of `text` after layout normalisation, keeping case for proper names.

    `before` is the text preceding it (the source around a located span), which says
    whether the first token starts a sentence.
    """
    context = normalize(before, fold_case=False).text.rstrip()
    # A word broken across a line end ("senten-\nced") is one word to compare.
    norm = normalize(text, fold_case=False, join_line_end_hyphens=True).text
    tokens: list[Token] = []
    for match in _TOKEN.finditer(norm):
        word = match.group(0)
        before_token = norm[: match.start()].rstrip() or context
        before = before_token
        key = word.casefold()
        if key in NUMBER_WORDS:
            key = str(NUMBER_WORDS[key])
        elif key[0].isdigit():
            key = key.replace(",", "")
        tokens.append(
            Token(
                text=word,
                key=key,
                capitalised=word[0].isupper(),
                sentence_start=not before or before[-1] in '.!?:;"(',
            )
        )
    return tokens


def classify(token: Token) -> TokenClass:
    """The class of a token; anything not ordinary is protected."""
    word = token.text.casefold()
    if word[0].isdigit() or word in NUMBER_WORDS:
        return TokenClass.NUMBER
    if word in MONTHS:
        return TokenClass.MONTH
    if word in CURRENCIES:
        return TokenClass.CURRENCY
    if word in PERCENT_WORDS:
        return TokenClass.PERCENT
    if word in NEGATIONS:
        return TokenClass.NEGATION
    if word in LEGAL_TERMS:
        return TokenClass.LEGAL
    if word in MODALS:
        return TokenClass.MODAL
    if token.capitalised and (not token.sentence_start or word not in SENTENCE_OPENERS):
        return TokenClass.PROPER_NAME
    return TokenClass.ORDINARY


def is_typo(quoted: Token, real: Token) -> bool:
    """A misspelling of one ordinary word or legal term, on either side, not a different word.

    "imprisonmnet" for "imprisonment" is a typo, and so is a source's "sentanced";
    "five" for "four" is not, nor a changed proper name, nor one real legal term
    put for another ("convicted" for "acquitted").
    """
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
