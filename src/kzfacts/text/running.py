"""The text as its sentences run, whatever its pages and lines.

A PDF's text layer breaks a sentence across lines, hyphenates its words at line ends
("Svobodn-\\naya Azia", "Febr-\\nuary") and across page breaks, with the next page's running
header and "Page N of M" footer in between. Anchoring reads a quote through all of that (see
`normalize` and `PreparedSource.joined`); every rule that reads a sentence or a window around
the quote — sentence splitting, the sentences before a quote where its subject may be named,
the evidence a value is read from, the sentence before a date without a year — reads
`running_text`, so that a PDF's pages give the verdicts its plain text gives.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kzfacts.text.normalize import LINE_END_HYPHEN
from kzfacts.text.pages import PAGE_BREAK, blank_furniture
from kzfacts.values import scan

SOFT_HYPHEN = "\u00ad"
"""What a joined line-end hyphen and its line break become: the normaliser drops it."""
_HEAD = re.compile(r"[^\W\d_]+\Z")
_TAIL = re.compile(r"[^\W\d_]+")
_LOOK_BACK = 40
#: Words values are made of: "twenty-five", "four-year" keep their hyphen across a line end.
_VALUE_WORDS = scan.NUMBER | scan.MONTH | scan.UNIT | scan.QWORD


@lru_cache(maxsize=4096)
def _value_word(word: str) -> bool:
    """Whether `word` is one values are made of (remembered: the words split at line ends
    repeat from source to source)."""
    return bool(scan.Text(word).all_flags & _VALUE_WORDS)


def _kept(text: str, match: re.Match[str]) -> bool:
    """Whether a line-end hyphen is a compound's own: before a capital ("Ak-\\nZhol", a name's
    parts) or between two words that values are made of ("twenty-\\nfive", "four-\\nyear").
    A typesetter's hyphen ("govern-\\nment", "Septem-\\nber", "thou-\\nsand") is joined."""
    tail = _TAIL.match(text, match.end())
    if tail is None or tail.group(0)[0].isupper():
        return True
    head = _HEAD.search(text[max(0, match.start() - _LOOK_BACK) : match.start()])
    return head is not None and _value_word(head.group(0)) and _value_word(tail.group(0))


def _join(text: str, match: re.Match[str]) -> str:
    if _kept(text, match):
        return match.group(0)
    return SOFT_HYPHEN * (match.end() - match.start())


@lru_cache(maxsize=16)
def running_text(raw: str) -> str:
    """`raw` as its sentences run: a PDF's page furniture blanked (`blank_furniture`), page
    breaks read as line breaks, and a word hyphenated at a line end, on one page or across two,
    joined by soft hyphens (which the normaliser drops). The same length as `raw`, so every
    offset holds; `raw` itself when none of that is in it."""
    text = blank_furniture(raw).replace(PAGE_BREAK, "\n")
    text = LINE_END_HYPHEN.sub(lambda m: _join(text, m), text)
    return raw if text == raw else text
