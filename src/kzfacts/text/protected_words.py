"""Protected words: the words a quote may not change without being altered.

Owns the word lists of the token guard (`text/guard.py`): number words and their values,
percent words, negations, legal terms, qualifiers of a number (from the vague-word table),
modals, and the words that may open a sentence without being taken for a name. Months and
currencies come from `values.vocabulary`. Data only.
"""

from __future__ import annotations

import re

from kzfacts.values.vague import VAGUE_BOUNDS
from kzfacts.values.vocabulary import SCALES, SMALL

# Number words compare as their values, so "four" and "4" are one token.
NUMBER_WORDS: dict[str, int] = dict(SMALL) | SCALES
NUMBER_WORDS.update(
    {
        "hundred": 100,
        "dozen": 12, "dozens": 24, "hundreds": 200, "thousands": 2000, "half": 0, "once": 1,
        "twice": 2, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
        "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "single": 1, "double": 2,
        "triple": 3, "none": 0,
    }
)  # fmt: skip
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
ARTICLES = ("a", "an")


def _qualifier_phrases(where: str) -> tuple[tuple[str, ...], ...]:
    """The vague-word table's words before ("more than N") or after ("N or more") a number,
    as token keys; symbols (">", "≤") are no words and are left to the value parser."""
    found = []
    for words in VAGUE_BOUNDS:
        parts = words.split()
        if "N" not in parts or len(parts) < 2:
            continue
        side = parts[: parts.index("N")] if where == "before" else parts[parts.index("N") + 1 :]
        keys = tuple(m.group(0).casefold() for m in re.finditer(r"[^\W_]+", " ".join(side)))
        if keys and len(keys) == len(side):
            found.append(keys)
    return tuple(sorted(set(found), key=len, reverse=True))


QUALIFIERS_BEFORE = _qualifier_phrases("before")
QUALIFIERS_AFTER = _qualifier_phrases("after")
