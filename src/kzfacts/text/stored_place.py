"""Where a quote's stored text stands in its source now, and whether the text there reads as
the quote: the first look of anchoring (`anchor._anchor`) for a quote that was anchored before,
which a quote that stands, or that an edit of its source only moved, passes without the
source being normalised."""

from __future__ import annotations

import re

from kzfacts.text.normalize import squash
from kzfacts.text.pages import PAGE_BREAK
from kzfacts.text.prepared import Anchor, PreparedSource

ELLIPSIS = re.compile(r"\s*\[?\s*(?:\.\s?\.\s?\.|…)\s*\]?\s*")
"""An elision in a quote: "...", "…", "[...]" or "[…]"."""


def stored_text_at(hint: Anchor, raw: str) -> int | None:
    """Where the stored text stands now: its one occurrence in the text, else the one
    occurrence with the stored prefix and suffix around it (a paragraph added above a quote
    moves it; a copy of the quoted sentence added elsewhere does not take it). None: two such
    occurrences, or none, and the quote is searched for."""
    exact = hint.exact
    if not exact:
        return None
    found: list[int] = []
    at = raw.find(exact)
    while at != -1:
        found.append(at)
        at = raw.find(exact, at + 1)
    if len(found) > 1:
        found = [
            at
            for at in found
            if raw[max(0, at - len(hint.prefix)) : at] == hint.prefix
            and raw[at + len(exact) : at + len(exact) + len(hint.suffix)] == hint.suffix
        ]
    return found[0] if len(found) == 1 else None


def _plain_ascii(text: str) -> bool:
    """ASCII with no URL and no page break: normalising it only lower-cases it (and reads "`"
    as "'"), reads each whitespace run as one space and drops the spaces around a dash."""
    return (
        text.isascii()
        and PAGE_BREAK not in text
        and "://" not in text
        and "www." not in text.lower()
    )


def _bare(text: str) -> str:
    """`text` without spaces and hyphens (normalising reads a run of dashes as one)."""
    return text.replace(" ", "").replace("-", "")


def reads_as_fragment(text: str, quote: str, fragment: str) -> bool:
    """Whether `squash(text) == fragment`, the one fragment of `quote` (`squash(quote)` when the
    quote has no elision), told without normalising `text` when it is plain ASCII: its
    characters but whitespace and hyphens, lower-cased, must be the fragment's but spaces and
    hyphens, and the same words as a plain ASCII quote's, whitespace aside, read as it (a moved quote's
    stored place now holds other text, and its new place the text it was found in)."""
    if _plain_ascii(text):
        if _bare("".join(text.lower().split()).replace("`", "'")) != _bare(fragment):
            return False
        if _plain_ascii(quote) and ELLIPSIS.search(quote) is None and text.split() == quote.split():
            return True
    return squash(text) == fragment


def stored_place(
    quote: str, fragment: str, source: PreparedSource, hint: Anchor, moved: int | None
) -> tuple[int, int] | None:
    """The stored place of a quote of one fragment, else where its stored text moved to
    (`moved`, from `stored_text_at`), when the text there reads as the fragment."""
    places = [(hint.start, hint.end)]
    if moved is not None and moved != hint.start:
        places.append((moved, moved + len(hint.exact)))
    for start, end in places:
        if end <= len(source.raw) and reads_as_fragment(source.reading[start:end], quote, fragment):
            return start, end
    return None
