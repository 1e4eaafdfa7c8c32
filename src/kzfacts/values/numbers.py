"""Numbers as sources write them: "1,000", "145 000", "81 million", "twenty-five", "a dozen".

The number-word regex accepts only well-formed English numbers below a trillion (so "two and
three" is two numbers, not five), which lets the value itself be computed by simple
accumulation. Exact `Fraction`s, not floats, so that "0.3 million" is 300000 and bounds such as
1.1·N stay exact.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache, lru_cache

from kzfacts.values.vocabulary import ONES_WORDS, SCALES, SMALL, TEEN_WORDS, TENS_WORDS

_ONES = rf"(?:{'|'.join(ONES_WORDS)})\b"
_TEENS = rf"(?:{'|'.join(TEEN_WORDS)})\b"
_TENS = rf"(?:{'|'.join(TENS_WORDS)})\b"
_B100 = rf"(?:{_TENS}(?:(?:\s*-\s*|\s+){_ONES})?|{_TEENS}|{_ONES})"
_SEP = r"\s+(?:and\s+)?"
_A = r"\ban?\b"
_A_SPACE = r"\ban?\s+"
_HALF_A = r"\bhalf\s+an?"
_SCALE_SUFFIX = r"(?:\s*(?:thousand|million|billion|mln|bn)\b)?"
#: A number in digits, with thousands separators (comma or space) and an optional scale word.
NUMBER_DIGITS = (
    r"(?:\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:\.\d+)?)"
    + _SCALE_SUFFIX
)
#: The whole first word of every number in words, but "a"/"an" (which must be followed
#: by "dozen", "hundred", "thousand", "million" or "billion").
NUMBER_FIRST_WORDS = ("zero", *ONES_WORDS, *TEEN_WORDS, *TENS_WORDS, "half")

#: Words that a number in words is made of, each standing for a part of the grammar: every match
#: of such a part holds its word. A text that lacks a word is read with a pattern that leaves the
#: part out (`number_regex`): the same matches, and far less to compile and to try.
NUMBER_MARKERS = ("hundred", "thousand", "million", "billion", "dozen", "half")
#: "zero" .. "ninety" are one marker; a text holds one of them if it holds one of these, the
#: words that hold no other ("sixty" holds "six", "nineteen" "nine"): tried one by one.
_SMALL_WORDS = tuple(w for w in SMALL if not any(o != w and o in w for o in SMALL))
ALL_MARKERS = (1 << (len(NUMBER_MARKERS) + 1)) - 1


def number_markers(folded: str) -> int:
    """Which markers the (lower-case) text holds, as bits: 1 for a number word below a hundred,
    then 2, 4, ... for each of `NUMBER_MARKERS`."""
    key = 0
    for word in _SMALL_WORDS:
        if word in folded:
            key = 1
            break
    for bit, word in enumerate(NUMBER_MARKERS, 1):
        if word in folded:
            key |= 1 << bit
    return key


def _either(*parts: str | None) -> str | None:
    """The alternation of the parts that can match (None: none can)."""
    kept = [p for p in parts if p is not None]
    return f"(?:{'|'.join(kept)})" if kept else None


def _then(part: str | None) -> str:
    """A part that may follow after `_SEP` ("two million and five thousand"), if it can match."""
    return "" if part is None else f"(?:{_SEP}{part})?"


@cache
def number_regex(markers: int = ALL_MARKERS) -> str:
    """The regex of a number (digits or words) in a text holding these `number_markers`.

    With every marker it is NUMBER; without one, the parts that need its word are left out
    (an alternative that cannot match, or an optional part that cannot match, changes no
    match), down to NUMBER_DIGITS alone.
    """
    small = bool(markers & 1)
    has = {word: bool(markers & (1 << bit)) for bit, word in enumerate(NUMBER_MARKERS, 1)}
    ones = _ONES if small else None
    b100 = _B100 if small else None
    hundreds = None
    if has["hundred"]:
        tail = rf"(?:(?:\s+and)?\s+{_B100})?" if small else ""
        hundreds = rf"{_either(ones, _A)}\s+hundred\b{tail}"
    b1000 = _either(hundreds, b100)

    def group(scale: str) -> str | None:
        return rf"{_either(b1000, _A)}\s+{scale}\b" if has[scale] else None

    dozen = None
    if has["dozen"]:
        half_a = r"\bhalf\s+an?\s+" if has["half"] else None
        ones_ = None if ones is None else rf"{ones}\s+"
        dozen = rf"{_either(half_a, _A_SPACE, ones_)}dozen\b"
    billions = millions = thousands = None
    if has["billion"]:
        billions = (
            f"{group('billion')}{_then(group('million'))}{_then(group('thousand'))}{_then(b1000)}"
        )
    if has["million"]:
        millions = f"{group('million')}{_then(group('thousand'))}{_then(b1000)}"
    if has["thousand"]:
        thousands = f"{group('thousand')}{_then(b1000)}"
    half_scale = None
    if has["half"] and (has["thousand"] or has["million"] or has["billion"]):
        whole = (
            None
            if b1000 is None
            else rf"{b1000}(?:\s+|\s*-\s*)and(?:\s+|\s*-\s*)an?(?:\s+|\s*-\s*)half"
        )
        half_scale = rf"{_either(whole, _HALF_A)}\s+(?:thousand|million|billion)\b"
    words = _either(
        half_scale, dozen, billions, millions, thousands, b1000, r"\bzero\b" if small else None
    )
    return f"(?:{NUMBER_DIGITS}|{words})" if words else f"(?:{NUMBER_DIGITS})"


#: Any number: digits or words (no named groups, so it can be embedded anywhere). Well-formed
#: number words only ("one hundred and five", "a thousand"), and a scale with a half: "one and
#: a half million", "half a million".
NUMBER = number_regex()

_DIGIT_SCALES = {"thousand": 10**3, "million": 10**6, "mln": 10**6, "billion": 10**9, "bn": 10**9}
_MAX_DIGITS = 15  # beyond this a float cannot hold the number exactly: not a value we read


@lru_cache(maxsize=4096)
def words_to_number(text: str) -> int | None:
    """The value of a well-formed number in words (as NUMBER matches it), else None."""
    tokens = re.findall(r"[a-z]+", text.lower())
    if not tokens:
        return None
    if len(tokens) >= 3 and "half" in tokens[-3:-1] and tokens[-1] in SCALES:
        return _half_scale(tokens)
    if tokens == ["half", "a", "dozen"] or tokens == ["half", "an", "dozen"]:
        return 6
    total = 0
    current = 0
    seen = False
    for token in tokens:
        if token in ("a", "an"):
            current = current or 1
        elif token == "and":
            continue
        elif token in SMALL:
            current += SMALL[token]
            seen = True
        elif token == "hundred":
            current = (current or 1) * 100
            seen = True
        elif token == "dozen":
            current = (current or 1) * 12
            seen = True
        elif token in SCALES:
            total += (current or 1) * SCALES[token]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def _half_scale(tokens: list[str]) -> int | None:
    """ "one and a half million" = 1,500,000; "half a million" = 500,000."""
    scale = SCALES[tokens[-1]]
    if tokens[:-1] in (["half", "a"], ["half", "an"]):
        return scale // 2
    if tokens[-4:-2] not in (["and", "a"], ["and", "an"]):
        return None
    whole = words_to_number(" ".join(tokens[:-4]))
    return None if whole is None else whole * scale + scale // 2


@lru_cache(maxsize=4096)
def parse_number(text: str) -> Fraction | None:
    """The exact value of a number matched by NUMBER, or None if it is not one we can hold."""
    text = text.strip()
    if not text:
        return None
    if not text[0].isdigit():
        words = words_to_number(text)
        return None if words is None else Fraction(words)
    match = re.fullmatch(
        r"([\d,.\s\u00a0\u202f]+?)\s*(thousand|million|billion|mln|bn)?", text, re.I
    )
    if match is None:
        return None
    digits = re.sub(r"[,\s\u00a0\u202f]", "", match.group(1))
    if len(digits.replace(".", "")) > _MAX_DIGITS:
        return None
    try:
        number = Fraction(Decimal(digits))
    except (InvalidOperation, ValueError):
        return None
    if match.group(2):
        number *= _DIGIT_SCALES[match.group(2).lower()]
    return number


_BELOW_20 = ("zero", *ONES_WORDS, *TEEN_WORDS)


def _below_1000(n: int, conjunction: bool) -> str:
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words.append(f"{_BELOW_20[hundreds]} hundred")
        if rest and conjunction:
            words.append("and")
    if rest:
        if rest < 20:
            words.append(_BELOW_20[rest])
        else:
            tens, ones = divmod(rest, 10)
            words.append(TENS_WORDS[tens - 2] + (f"-{_BELOW_20[ones]}" if ones else ""))
    return " ".join(words)


def number_to_words(n: int, *, conjunction: bool = False) -> str:
    """English words for 0 ≤ n < 10**12: 1234 → "one thousand two hundred thirty-four".

    With `conjunction`, the British "and" after hundreds ("one hundred and five").
    """
    if not 0 <= n < 10**12:
        raise ValueError(f"number_to_words handles 0 to 999,999,999,999, not {n}")
    if n == 0:
        return "zero"
    parts = []
    for name, scale in (("billion", 10**9), ("million", 10**6), ("thousand", 10**3)):
        count, n = divmod(n, scale)
        if count:
            parts.append(f"{_below_1000(count, conjunction)} {name}")
    if n:
        parts.append(_below_1000(n, conjunction))
    return " ".join(parts)
