"""The skeleton of a normalised text: its ASCII letters and digits, in order.

Every character of a normalised text is kept in its skeleton or dropped, whatever stands
beside it, so a fragment that stands in a source's normalised text has its skeleton in the
source's skeleton. The source's skeleton is read from its raw text without normalising it
(a few times faster): a first look that never passes over a source holding the fragment,
which the search for a quote in the other sources of a database makes before reading each.
"""

from __future__ import annotations

from kzfacts.text.normalize import layout_folded
from kzfacts.text.normalize_edits import _urls
from kzfacts.text.normalized import _HAS_COMBINING, _fold_char

_DROPPED = bytes(c for c in range(256) if not (c < 128 and chr(c).isalnum()))
"""Every byte of UTF-8 but an ASCII letter or digit: the bytes of other characters too."""
_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")


def skeleton(text: str) -> bytes:
    """The ASCII letters and digits of `text`, lower-cased, in order."""
    return text.encode("utf-8", "surrogatepass").translate(_LOWER, _DROPPED)


def source_skeleton(raw: str) -> bytes | None:
    """`skeleton(normalize(raw).text)`, read from the raw text as the normaliser reads it
    (look-alikes folded, page furniture and URLs read as whitespace, each other character
    folded on its own), without normalising it. The reading with line-end hyphens joined
    has the same skeleton: it drops only a hyphen and whitespace more. None for a text with
    combining marks (in a URL or page furniture too), whose reading depends on the letter
    before them."""
    text, chars = layout_folded(raw)  # chars: those of the URLs and furniture too
    if any(_HAS_COMBINING.match(char) for char in chars):
        return None
    urls = _urls(text)
    if urls:
        pieces, last = [], 0
        for start, end in urls:
            pieces += [text[last:start], " "]
            last = end
        text = "".join([*pieces, text[last:]])
    for char in chars:
        kept = skeleton(_fold_char(char, True))  # "ﬁ", "ß", a full-width "４": letters kept
        if kept:
            text = text.replace(char, kept.decode("ascii"))
    return skeleton(text)
