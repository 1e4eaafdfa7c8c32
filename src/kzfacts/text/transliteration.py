"""Transliteration: the romanisation-folded key under which spellings of one name coincide.

Owns the character tables (Cyrillic romanisation, Latin letters with a sound of their own,
apostrophes and soft signs dropped) and the per-word folding rules (kh→h, zh/dj/dzh→j, y→i, …)
behind `fold_name`. The key is for comparison only and is never shown. Pure.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Marks that stand for a soft sign or an apostrophe inside a name (Il'yas, Grigor`ev, the
# scholarly prime ʹ). They are dropped, not turned into spaces, so the word stays whole.
_DROPPED = "'’‘`´ʹʺʼʻ′″"

# Latin letters whose diacritic carries a sound the English-style spellings write as a
# digraph (Czech/scholarly ž = zh), or that have no decomposition at all (ł, ø, đ).
_LATIN_SPECIAL: dict[str, str] = {
    "ž": "zh",
    "š": "sh",
    "č": "ch",
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "æ": "ae",
    "œ": "oe",
    "ı": "i",
}

# A plain, English-leaning transliteration (close to BGN/PCGN), including the Kazakh and
# Ukrainian letters. It only has to bring Cyrillic spellings near their Latin twins: the
# folding rules below absorb the remaining y/i, kh/h and zh/j differences.
_CYRILLIC: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Kazakh
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
    # Ukrainian, Belarusian, Serbian
    "є": "ye",
    "ї": "yi",
    "ґ": "g",
    "ў": "u",
    "ј": "j",
}
_CHAR_TABLE = str.maketrans(
    {**{c: "" for c in _DROPPED}, **_LATIN_SPECIAL, **_CYRILLIC},
)
# Context rules that a one-letter table cannot express: a word-initial е is "ye" (Евгений
# -> Yevgeniy, the common English spelling), and a soft sign before a vowel is a "y" glide
# (Григорьев -> Grigoryev).
_CYR_INITIAL_E = re.compile(r"(?<!\w)е")
_CYR_SOFT_GLIDE = re.compile(r"[ьъ](?=[еёюяи])")

# The romanisation variants folded per word, applied until nothing changes (so the result
# is a fixed point and folding is idempotent).
_WORD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile("x"), "ks"),  # Alexander / Aleksandr
    (re.compile("kh"), "h"),  # Zharmakhan / Zharmahan
    (re.compile("dzh|dj|zh"), "j"),  # Zhakianov / Jakianov, Dzhambul / Djambul
    (re.compile("^ye"), "e"),  # Yevgeniy / Evgeniy, Yesergepov / Esergepov
    (re.compile("y"), "i"),  # ya/ia, yu/iu, -iy/-ii/-y/-yi, Sergey / Sergei
    (re.compile(r"([a-z])\1+"), r"\1"),  # double letters: Kassymov / Kasymov, -ii
    (re.compile("(?<=[aeiou])i(?=[aeou])"), ""),  # glide: Nazarbayev / Nazarbaev
)

NAME_WORD = re.compile(r"([^\W_]+)(\.)?")


def prepare(name: str) -> str:
    """Normalise, casefold, romanise and strip diacritics, leaving words and separators."""
    if name.isascii():  # the common case; the same result, several times faster
        return name.lower().translate(_CHAR_TABLE)
    text = unicodedata.normalize("NFKC", name).casefold()
    text = unicodedata.normalize("NFKC", text)
    text = _romanise_cyrillic(text)
    # Decompose and drop the combining marks (Tuyakbaý, Zhovtís); a Cyrillic letter that
    # only now lost its mark is romanised in a second pass.
    text = "".join(
        ch
        for ch in unicodedata.normalize("NFKD", text)
        if not unicodedata.category(ch).startswith("M")
    )
    return _romanise_cyrillic(text)


def _romanise_cyrillic(text: str) -> str:
    text = _CYR_SOFT_GLIDE.sub("y", text)
    text = _CYR_INITIAL_E.sub("ye", text)
    return text.translate(_CHAR_TABLE)


@functools.lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """One word under the folding rules, applied until nothing changes."""
    while True:
        folded = word
        for pattern, replacement in _WORD_RULES:
            folded = pattern.sub(replacement, folded)
        if folded == word:
            return folded
        word = folded


def fold_name(name: str) -> str:
    """Romanisation-folded key under which transliteration variants of a name coincide.

    NFKC, casefold, Cyrillic romanised, diacritics stripped, apostrophes and soft signs
    dropped, any other non-alphanumeric character a word break; then per word kh->h,
    zh/dj/dzh->j, word-initial ye->e, y->i, doubled letters single, and an i between vowels
    dropped. "Yevgeniy", "Evgeny" and "Евгений" all fold to "evgeni". The key is for
    comparison only: it over-merges on purpose and is never shown to a user.
    """
    words = (fold_word(m.group(1)) for m in NAME_WORD.finditer(prepare(name)))
    return " ".join(w for w in words if w)


# --------------------------------------------------------------------------------------------
# Name parts
