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
- glued heads: a few tokens a match can start inside of ("approx5", "mid2011", "ayear");
- follow: for a pattern that needs a certain word right after its first number (a separator
  for a range, a unit for a duration, a currency, "%"), a number core is kept only if, past
  the tokens a number is made of, such a word comes.

Which tokens are cores and lead-ins is declared with each pattern (see quantities.py,
dates.py, statuses.py; glued heads and follows are `values.start_hints`); a missing one loses
matches, so the test suite compares every result with a frozen copy of the old,
position-by-position implementation.

Tokens are runs of word characters (`\\w+`) and single other non-space characters, read in the
text folded to lower case the way the patterns' IGNORECASE compares letters ("İ", "ı", "ſ" and
the Kelvin sign match "i", "i", "s", "k"). A text whose folding would change its length is
scanned the old way.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from typing import TypeVar

from kzfacts.values.lazy import Lazy
from kzfacts.values.numbers import ALL_MARKERS, number_markers, number_regex
from kzfacts.values.start_hints import Follow, Glued, followed

#: Characters that IGNORECASE matches with an ASCII letter but `str.lower` does not map to it.
FOLD = {"İ": "i", "ı": "i", "ſ": "s", "K": "k"}


def fold(text: str) -> str:
    """The text in lower case, letters as IGNORECASE compares them (see `FOLD`)."""
    if not text.isascii():
        for char, letter in FOLD.items():
            if char in text:
                text = text.replace(char, letter)
    return text.lower()


_SPLIT = Lazy(r"(\w+|[^\w\s])")  # tokens, kept by split between the spaces

# Token flags: what a token can be to a pattern. Plain ints (bit masks) for speed.
DIGIT = 1 << 0  # starts with a decimal digit (what `\d` matches: str.isdecimal)
NUMWORD = 1 << 1  # a number word a number can start with: "one" .. "ninety", "zero", "half"
A = 1 << 2  # "a", "an"
A_NUM = 1 << 3  # "a"/"an" before "hundred", "dozen", "thousand", "million", "billion"
A_FEW = 1 << 4  # "a" before "few" (or "fewyears") or "couple"
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
YEAR = 1 << 23  # starts as a year of four digits does: "1" or "2", then three decimal digits

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


Gate = tuple[str, ...] | Callable[["Text"], bool]


def _digits(token: str) -> int:
    """The flags of a token starting with a digit."""
    if token[0] in "12" and len(token) > 3 and token[1:4].isdecimal():
        return DIGIT | YEAR
    return DIGIT


class Text:
    """One text as the scanners read it: folded once, cut into flagged tokens once."""

    __slots__ = (
        "_by_mask",
        "_gates",
        "_glued",
        "_markers",
        "_positions",
        "all_flags",
        "flags",
        "folded",
        "starts",
        "text",
        "tokens",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        folded = fold(text)
        #: None when folding changed the length: offsets would not line up, scan the old way
        self.folded: str | None = folded if len(folded) == len(text) else None
        self.tokens: list[str] = []
        #: where each token starts (one more item at the end: the text's length)
        self.starts: list[int] = []
        #: token index → its flags, for flagged tokens only, in order
        self.flags: dict[int, int] = {}
        #: the flags of all tokens together (all bits when the text is scanned the old way)
        self.all_flags = 0 if self.folded is not None else -1
        self._by_mask: dict[int, list[int]] = {}
        self._glued: dict[Glued, list[int]] = {}
        self._gates: dict[int, int] = {}  # gate's number → limit
        self._positions: dict[int, list[int]] = {}  # `where`'s number → positions
        self._markers = -1  # `number_markers`, once asked for
        if self.folded is not None:
            self._tokenize(self.folded)

    def _tokenize(self, folded: str) -> None:
        parts = _SPLIT.split(folded)  # space, token, space, token, ..., space
        self.tokens = tokens = parts[1::2]
        self.starts = list(accumulate(map(len, parts)))[0::2]
        get = _FLAGS.get
        self.flags = flags = {
            i: flag
            for i, token in enumerate(tokens)
            if (flag := get(token, 0) or (_digits(token) if token[0].isdecimal() else 0))
        }
        for i in [i for i, flag in flags.items() if flag & A]:
            # what "a"/"an" can start depends on the tokens after it
            after = flags.get(i + 1, 0)
            flag = flags[i]
            if after & _AFTER_A:
                flag |= A_NUM
            if tokens[i] == "a" and (
                after & _FEW or (i + 1 < len(tokens) and tokens[i + 1].startswith("few"))
            ):  # "a few", "a couple", and "a fewyears" (no word boundary needed before a unit)
                flag |= A_FEW
            if after & UNIT or (
                i + 2 < len(tokens) and tokens[i + 1] == "-" and flags.get(i + 2, 0) & UNIT
            ):
                flag |= A_UNIT
            flags[i] = flag
        every = 0
        for flag in flags.values():
            every |= flag
        self.all_flags = every

    def number_markers(self) -> int:
        """The words of numbers the text holds (see `numbers.number_markers`)."""
        if self._markers < 0:
            folded = self.folded
            self._markers = ALL_MARKERS if folded is None else number_markers(folded)
        return self._markers

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
            folded = self.folded
            if folded is not None:
                for clue in glued.clues:  # a loop: most texts hold none, and this runs for each
                    if clue in folded:
                        if glued.near.search(folded):
                            match = glued.token.match
                            found = [i for i, token in enumerate(self.tokens) if match(token)]
                        break
            self._glued[glued] = found
        return found

    def limit(self, gate: Gate, number: int) -> int:
        """-1 if the text fails the gate; else the last position a match can start at.

        A match holds one of a tuple gate's strings, at or after its start: it cannot start
        after the last of them. A test (callable gate) sets no limit. `number` names the gate
        in the cache (see `_number`).
        """
        limit = self._gates.get(number)
        if limit is None:
            if callable(gate):
                limit = len(self.text) if gate(self) else -1
            else:
                assert self.folded is not None
                limit = max(map(self.folded.rfind, gate))
            self._gates[number] = limit
        return limit

    def positions(self, scanner: Scanner) -> list[int]:
        """Where a match of `scanner` can start: cores, glued tokens, lead-ins before them."""
        found = self._positions.get(scanner.where_number)
        if found is None:
            found = self._find_positions(*scanner.where)
            self._positions[scanner.where_number] = found
        return found

    def _find_positions(
        self, core: int, lead: int, reach: int, glued: tuple[Glued, ...], follow: Follow | None
    ) -> list[int]:
        cores = self.indices(core)
        if follow is not None and cores:
            tokens = self.tokens
            cores = [i for i in cores if followed(tokens, i, follow)]
        if glued:
            extra = [i for g in glued for i in self.glued(g)]
            if extra:
                cores = sorted({*cores, *extra})
        if not cores:
            return []
        starts = self.starts
        leads = self.indices(lead) if lead else []
        if leads:  # a lead-in word counts when a core comes at most `reach` tokens after it
            last = len(cores)
            chosen = [
                j for j in leads if (k := bisect_right(cores, j)) < last and cores[k] - j <= reach
            ]
            if chosen:
                return [starts[i] for i in sorted({*cores, *chosen})]
        return [starts[i] for i in cores]


Where = tuple[int, int, int, tuple[Glued, ...], "Follow | None"]
_NUMBERS: dict[object, int] = {}


def _number(key: object) -> int:
    """The same small number for equal keys (so caches need not hash tuples on every call)."""
    return _NUMBERS.setdefault(key, len(_NUMBERS))


@dataclass(frozen=True, eq=False)
class Scanner:
    """A pattern and where its matches can start (see the module docstring).

    `gate`: strings (lower case) of which every match contains at least one, or a predicate on
    the `Text`; `core`: flags of the token every match starts with or reaches after a lead-in
    whose first token has a `lead` flag and which is at most `reach` tokens long; `glued`:
    tokens a match can start inside of (taken as cores); `follow`: what every match has right
    after its first number (see `start_hints.followed`). `core=None` tries the pattern at every
    position, as `finditer` does, once the gate lets it through. `source` is the regular
    expression (case-insensitive), or for a pattern with numbers in it a function of the
    regex of a number (`numbers.number_regex`): a text is then read with a pattern that leaves
    out the number words it lacks (the same matches, a fraction of the pattern to compile and to
    try). Patterns compile on first use: most commands never scan for values.
    """

    source: str | Callable[[str], str]
    core: int | None = None
    lead: int = 0
    reach: int = 0
    gate: Gate | None = None
    glued: tuple[Glued, ...] = field(default=())
    follow: Follow | None = None

    #: what decides where matches can start; scanners alike in it share the positions
    where: Where = field(init=False)
    #: flags one of which some token must have for a match (0: no such condition)
    needs: int = field(init=False)
    #: small numbers for `where` and `gate`, the keys of the caches in `Text`
    where_number: int = field(init=False)
    gate_number: int = field(init=False)
    #: whether `source` is the regular expression itself (no number in it to cut)
    plain: bool = field(init=False)
    #: the compiled pattern for each set of number words a text holds (`Text.number_markers`)
    compiled: dict[int, re.Pattern[str]] = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        where = (self.core or 0, self.lead, self.reach, self.glued, self.follow)
        object.__setattr__(self, "where", where)
        object.__setattr__(self, "needs", 0 if self.glued else self.core or 0)
        object.__setattr__(self, "where_number", _number(where))
        object.__setattr__(self, "gate_number", _number(self.gate))
        object.__setattr__(self, "plain", isinstance(self.source, str))

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The whole pattern, as it reads any text."""
        return self.regex_for(ALL_MARKERS)

    def regex_for(self, markers: int) -> re.Pattern[str]:
        """The pattern as it reads a text holding these number words (`Text.number_markers`)."""
        compiled = self.compiled.get(markers)
        if compiled is None:
            source = self.source
            if not isinstance(source, str):
                source = source(number_regex(markers))
            compiled = self.compiled[markers] = re.compile(source, re.IGNORECASE)
        return compiled

    def _regex(self, scan: Text) -> re.Pattern[str]:
        """The pattern as it reads this text (its calls inlined: this runs for every pattern
        tried on every text)."""
        if self.plain:
            return self.regex
        markers = scan._markers if scan._markers >= 0 else scan.number_markers()
        return self.compiled.get(markers) or self.regex_for(markers)

    def skips(self, scan: Text) -> bool:
        """True when no match can be in the text, known from its tokens' flags alone."""
        return bool(self.needs) and not self.needs & scan.all_flags

    def finditer(self, scan: Text) -> list[re.Match[str]]:
        """What `self.regex.finditer(scan.text)` finds, as a list."""
        text = scan.text
        if scan.folded is None:
            return list(self.regex.finditer(text))
        if self.needs and not self.needs & scan.all_flags:
            return []
        limit = len(text)
        if self.gate is not None:
            limit = scan._gates.get(self.gate_number, -2)
            if limit == -2:  # not yet known for this text
                limit = scan.limit(self.gate, self.gate_number)
            if limit < 0:
                return []
        if self.core is None:
            return list(self._regex(scan).finditer(text))
        positions = scan._positions.get(self.where_number)
        if positions is None:
            positions = scan.positions(self)
        if not positions:
            return []
        regex = self._regex(scan)
        match = regex.match
        found: list[re.Match[str]] = []
        end = 0
        for start in positions:
            if start < end:
                continue
            if start > limit:
                break
            m = match(text, start)
            if m is not None:
                if m.end() == start:  # an empty match: finditer's own rules apply
                    return list(regex.finditer(text))
                found.append(m)
                end = m.end()
        return found


H = TypeVar("H")


def candidates(
    patterns: Sequence[tuple[Scanner, H]], scanned: Text
) -> Iterator[tuple[re.Match[str], H]]:
    """Every match of every pattern in the text, with the pattern's handler; a pattern whose
    start tokens the text lacks, or whose gate it fails, is skipped without a search."""
    flags, tokenized = scanned.all_flags, scanned.folded is not None
    for scanner, handler in patterns:
        if scanner.needs and not scanner.needs & flags:
            continue  # as scanner.skips(scanned), without the call
        gate = scanner.gate
        if tokenized and gate is not None and scanned.limit(gate, scanner.gate_number) < 0:
            continue  # as finditer does first (most texts fail most gates), without the call
        for match in scanner.finditer(scanned):
            yield match, handler
