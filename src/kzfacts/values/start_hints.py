"""What a pattern declares about where its matches start, beyond the token they start with.

A `Scanner` (values/scan.py) tries a pattern at its core tokens and the lead-ins before them;
these hints narrow or widen that: `Follow`, the words a pattern needs right after its first
number (a core not followed by one is not tried), and `Glued`, tokens a match can start inside
of ("approx5", "mid2011", "ayear"). A hint that is too narrow loses matches: the test suite
compares every scanner's matches with `pattern.finditer`.
"""

from __future__ import annotations

from dataclasses import dataclass

from kzfacts.values.lazy import Lazy
from kzfacts.values.vocabulary import SMALL

#: Tokens a number (or a quantity: "a couple of", "hundreds of") can be made of. A number core
#: is followed by its pattern's next word within or right after a run of these.
_NUMBERISH = frozenset(SMALL) | {
    *("hundred", "thousand", "million", "billion", "mln", "bn", "and", "a", "an", "half"),
    *("dozen", "several", "dozens", "hundreds", "thousands", "tens", "of", "millions"),
    *("couple", "few", ",", ".", "-"),
}


@dataclass(frozen=True, eq=False)
class Follow:
    """The words a pattern needs right after its first number: these, or starting with heads.

    `glued`: a token the number's last word and the next word are written together in, when
    the pattern has no word boundary between them ("half ayear", "a fewyears").
    """

    words: frozenset[str]
    heads: tuple[str, ...] = ()
    glued: Lazy | None = None


def followed(tokens: list[str], i: int, follow: Follow) -> bool:
    """Whether a number starting with token i can be followed by one of `follow`'s words.

    The number covers token i and maybe more of the run of number-like tokens after it; it
    ends at a token's end, or inside a token starting with a digit ("5,000to 6"), or (a
    duration's quantity) inside a token `follow.glued` accepts ("half ayear"). So the word
    that follows it is in that run, or is the first token after the run.
    """
    token = tokens[i]
    if token not in _NUMBERISH and not token.isdecimal():
        return True  # "5to6", "4years": the number may end inside the token
    words, heads, glued = follow.words, follow.heads, follow.glued
    for j in range(i + 1, len(tokens)):
        token = tokens[j]
        if (  # one of `follow`'s words: this runs for every number of every text read
            token in words
            or token.startswith(heads)
            or (glued is not None and glued.fullmatch(token) is not None)
        ):
            return True
        if token not in _NUMBERISH and not token.isdecimal():
            return token[0].isdecimal()
    return False


@dataclass(frozen=True, eq=False)
class Glued:
    """Tokens a match can start inside of: those matching `token`, when `near` is in the text.

    `near` (searched in the folded text) is a cheap first test, and `clues` (strings one of
    which every match of `near` holds, looked for with `in`) a cheaper one before it; `token`
    must match at a token's start for the token to be a candidate.
    """

    near: Lazy
    token: Lazy
    clues: tuple[str, ...]
