"""Finding a pattern's matches without trying the pattern at every position of the text.

The parsers' patterns are big (the number words alone are kilobytes of alternatives), and
`pattern.finditer(text)` tries each one at every position: that was most of `find_values`'s
time. A `Scanner` returns exactly the matches `pattern.finditer(text)` returns, but tries the
pattern (with `pattern.match(text, pos)`, which sees the text before `pos` for look-behinds and
`\\b`) only at the positions where a match can start:

- a gate: strings the pattern cannot match without ("%" or "cent" for a percent); when none
  is in the text, the pattern is not tried at all;
- cores: the token every match starts with, or reaches after a short lead-in (a number, after
  "more than" or "between"; a month, after "in" or "the beginning of"). A match starts at a
  core, or at a lead-in word at most `reach` tokens before one;
- glued heads: a few tokens a match can start inside of ("approx5", "mid2011", "ayear").

Which tokens are cores and lead-ins is declared with each pattern (see quantities.py,
dates.py, statuses.py); a missing one loses matches, so the test suite compares every result
with a frozen copy of the old, position-by-position implementation.

Tokens are runs of word characters (`\\w+`) and single other non-space characters, read in the
text folded to lower case the way the patterns' IGNORECASE compares letters ("İ", "ı", "ſ" and
the Kelvin sign match "i", "i", "s", "k"). A text whose folding would change its length is
scanned the old way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

#: Characters that IGNORECASE matches with an ASCII letter but `str.lower` does not map to it.
FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})

_TOKEN = re.compile(r"(\d\w*)|\w+|[^\w\s]")

# Token flags: what a token can be to a pattern. Plain ints (bit masks) for speed.
DIGIT = 1 << 0  # starts with a decimal digit (group 1 of _TOKEN)
NUMWORD = 1 << 1  # a number word a number can start with: "one" .. "ninety", "zero", "half"
A = 1 << 2  # "a", "an"
A_NUM = 1 << 3  # "a"/"an" before "hundred", "dozen", "thousand", "million", "billion"
A_FEW = 1 << 4  # "a" before "few" or "couple"
A_UNIT = 1 << 5  # "a"/"an" before a unit of time ("a year", "a-year")
QWORD = 1 << 6  # a quantity word a quantity starts with: "several", "dozens", "tens", ...
PREFIX = 1 << 7  # first token of a vague word before a number ("more", "at", ">", ...)
FROM = 1 << 8  # "from", "between"
CUR = 1 << 9  # first token of a currency written before a number ("$", "us", "usd", ...)
MONTH = 1 << 10  # a month's name or abbreviation
FULL_MONTH = 1 << 11  # a month's full name
PREP = 1 << 12  # a word that makes a month alone a date ("in March", "the December vote")
PART_MONTH = 1 << 13  # first token of a part of a month ("early", "the", "mid", ...)
PART_YEAR = 1 << 14  # first token of a part of a year (those, "first", "spring", ...)
THE = 1 << 15  # "the"
RELATIVE = 1 << 16  # "this", "last", "next"
LATER = 1 << 17  # "later", "earlier"
TODAY = 1 << 18  # "today", "yesterday", "tomorrow"
STATUS = 1 << 19  # first token of a status phrase
UNIT = 1 << 20  # a unit of time as the duration patterns read it ("year", "days", ...)
_AFTER_A = 1 << 21  # "hundred", "dozen", "thousand", "million", "billion"
_FEW = 1 << 22  # "few", "couple"

NUMBER = DIGIT | NUMWORD | A_NUM  # where a number (numbers.NUMBER) can start

_FLAGS: dict[str, int] = {}


def flag_words(flag: int, words: Iterable[str]) -> None:
    """Give `flag` to each of these (lower-case) tokens; the parsers' modules call this once."""
    for word in words:
        _FLAGS[word] = _FLAGS.get(word, 0) | flag


_UNIT_WORDS = ("year", "month", "week", "day", "hour", "decade")
flag_words(UNIT, [*_UNIT_WORDS, *(u + "s" for u in _UNIT_WORDS)])
flag_words(A, ("a", "an"))
flag_words(_AFTER_A, ("hundred", "dozen", "thousand", "million", "billion"))
flag_words(_FEW, ("few", "couple"))


@dataclass(frozen=True, eq=False)
class Glued:
    """Tokens a match can start inside of: those matching `token`, when `near` is in the text.

    `near` (searched in the folded text) is a cheap first test; `token` must match at a
    token's start for the token to be a candidate.
    """

    near: re.Pattern[str]
    token: re.Pattern[str]


class Text:
    """One text as the scanners read it: folded once, cut into flagged tokens once."""

    __slots__ = ("_by_mask", "_glued", "flags", "folded", "starts", "text", "tokens")

    def __init__(self, text: str) -> None:
        self.text = text
        folded = text.lower() if text.isascii() else text.translate(FOLD).lower()
        #: None when folding changed the length: offsets would not line up, scan the old way
        self.folded: str | None = folded if len(folded) == len(text) else None
        self.tokens: list[str] = []
        self.starts: list[int] = []
        #: token index → its flags, for flagged tokens only, in order
        self.flags: dict[int, int] = {}
        self._by_mask: dict[int, list[int]] = {}
        self._glued: dict[Glued, list[int]] = {}
        if self.folded is not None:
            self._tokenize(self.folded)

    def _tokenize(self, folded: str) -> None:
        tokens, starts, flags = self.tokens, self.starts, self.flags
        get = _FLAGS.get
        articles: list[int] = []
        for i, m in enumerate(_TOKEN.finditer(folded)):
            token = m.group()
            flag = get(token, 0)
            if m.lastindex:
                flag |= DIGIT
            if flag:
                flags[i] = flag
                if flag & A:
                    articles.append(i)
            tokens.append(token)
            starts.append(m.start())
        for i in articles:  # what "a"/"an" can start depends on the tokens after it
            after = flags.get(i + 1, 0)
            flag = flags[i]
            if after & _AFTER_A:
                flag |= A_NUM
            if after & _FEW and tokens[i] == "a":
                flag |= A_FEW
            if after & UNIT or (
                i + 2 < len(tokens) and tokens[i + 1] == "-" and flags.get(i + 2, 0) & UNIT
            ):
                flag |= A_UNIT
            flags[i] = flag

    def has(self, mask: int) -> bool:
        """Whether any token has one of the flags in `mask`."""
        return bool(self.indices(mask))

    def indices(self, mask: int) -> list[int]:
        """Indices of the tokens with any of the flags in `mask`, in order."""
        found = self._by_mask.get(mask)
        if found is None:
            found = [i for i, flag in self.flags.items() if flag & mask]
            self._by_mask[mask] = found
        return found

    def glued(self, glued: Glued) -> list[int]:
        """Indices of the tokens `glued` allows a match to start inside of."""
        found = self._glued.get(glued)
        if found is None:
            found = []
            if self.folded is not None and glued.near.search(self.folded):
                match = glued.token.match
                found = [i for i, token in enumerate(self.tokens) if match(token)]
            self._glued[glued] = found
        return found


@dataclass(frozen=True)
class Scanner:
    """A pattern and where its matches can start (see the module docstring).

    `gate`: strings (lower case) of which every match contains at least one, or a predicate on
    the `Text`; `core`: flags of the token every match starts with or reaches after a lead-in
    whose first token has a `lead` flag and which is at most `reach` tokens long; `glued`:
    tokens a match can start inside of (taken as cores). `core=None` tries the pattern at
    every position, as `finditer` does, once the gate lets it through.
    """

    regex: re.Pattern[str]
    core: int | None = None
    lead: int = 0
    reach: int = 0
    gate: tuple[str, ...] | Callable[[Text], bool] | None = None
    glued: tuple[Glued, ...] = field(default=())

    def finditer(self, scan: Text) -> list[re.Match[str]]:
        """What `self.regex.finditer(scan.text)` finds, as a list."""
        text, folded = scan.text, scan.folded
        if folded is None:
            return list(self.regex.finditer(text))
        gate = self.gate
        if gate is not None:
            if callable(gate):
                if not gate(scan):
                    return []
            elif not any(word in folded for word in gate):
                return []
        if self.core is None:
            return list(self.regex.finditer(text))
        match = self.regex.match
        found: list[re.Match[str]] = []
        end = 0
        for start in self._positions(scan, self.core):
            if start < end:
                continue
            m = match(text, start)
            if m is not None:
                if m.end() == start:  # an empty match: finditer's own rules apply
                    return list(self.regex.finditer(text))
                found.append(m)
                end = m.end()
        return found

    def _positions(self, scan: Text, core: int) -> list[int]:
        starts = scan.starts
        cores = scan.indices(core)
        glued = [i for g in self.glued for i in scan.glued(g)]
        if not self.lead and not glued:
            return [starts[i] for i in cores]
        flags, lead, reach = scan.flags, self.lead, self.reach
        chosen = set(glued)
        for i in (*cores, *glued):
            chosen.add(i)
            for j in range(max(0, i - reach), i):
                if flags.get(j, 0) & lead:
                    chosen.add(j)
        return [starts[i] for i in sorted(chosen)]
