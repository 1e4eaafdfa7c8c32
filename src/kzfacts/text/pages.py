"""Pages of a text read from a PDF: where each page begins and what repeats on every page.

A PDF source is stored as the text of its pages joined by form feeds ("\\f", as pdftotext
writes them), so the text itself says where each page begins: a quote begins on the page
after the form feeds before it, and ends as many pages on as it holds form feeds. Running
headers, footers and page numbers stand in the middle of sentences that cross a page break;
like the URL footers of a page printed from a browser, they are page furniture, and the
normaliser reads them as whitespace.
"""

from __future__ import annotations

import re
from collections import Counter

PAGE_BREAK = "\f"
_EDGE_LINES = 2
"""Lines at the top and at the bottom of a page where running headers and footers stand."""
_DIGITS = re.compile(r"\d+")
_ROMAN_PAGE = re.compile(r"(?i)^[ivxlc]+$")


def join_pages(pages: list[str]) -> str:
    """One text for the pages of a document: each page ends with a line break and the next
    begins after a form feed (a word hyphenated across the break still ends its line)."""
    return ("\n" + PAGE_BREAK).join(page.strip("\n") for page in pages)


def page_count(text: str) -> int:
    return text.count(PAGE_BREAK) + 1


def pages_of(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The first and last 1-based pages of the span [start, end) of a paged text; None for a
    text without pages. A quote that runs onto the next page is cited on both. Whitespace at
    either end of the span (a page's last line break, its form feed) stands on no page."""
    if PAGE_BREAK not in text:
        return None
    start = max(0, start)
    span = text[start:end]
    first = text.count(PAGE_BREAK, 0, start + len(span) - len(span.lstrip())) + 1
    return first, first + span.strip().count(PAGE_BREAK)


def page_range(first: int, last: int) -> str:
    """Pages in a table: "6", or "7–8" across a page break (an en dash, as citation styles
    write a range)."""
    return str(first) if last == first else f"{first}–{last}"


def page_label(first: int, last: int | None = None) -> str:
    """Pages in a citation: "p. 6", or "pp. 7–8" across a page break. `last` is None in a
    finding recorded before findings named the last page: one page, as it was then reported."""
    return f"p. {first}" if last is None or last == first else f"pp. {page_range(first, last)}"


def _line_key(line: str) -> str:
    """A line with its numbers made generic: "Page 3 of 12" and "Page 4 of 12" repeat."""
    key = _DIGITS.sub("#", " ".join(line.split()))
    return "#" if _ROMAN_PAGE.match(key) else key


def _edge_lines(page: str, base: int) -> list[tuple[str, int, int]]:
    """(key, start, end) of the first and last non-empty lines of a page."""
    lines: list[tuple[str, int, int]] = []
    offset = base
    for line in page.split("\n"):
        if line.strip():
            lines.append((_line_key(line), offset, offset + len(line)))
        offset += len(line) + 1
    if len(lines) <= 2 * _EDGE_LINES:
        return lines
    return lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the lines that repeat at the top or bottom of at least half of the pages
    (two at least): running headers, footers and page numbers."""
    if PAGE_BREAK not in text:
        return []
    pages = text.split(PAGE_BREAK)
    candidates: list[list[tuple[str, int, int]]] = []
    base = 0
    for page in pages:
        candidates.append(_edge_lines(page, base))
        base += len(page) + 1
    counts = Counter(key for lines in candidates for key in {key for key, _, _ in lines})
    needed = max(2, (len(pages) + 1) // 2)
    return [
        (start, end)
        for lines in candidates
        for key, start, end in lines
        if counts[key] >= needed and key.strip()
    ]


def blank_furniture(text: str) -> str:
    """`text` with its page furniture replaced by line breaks of the same length (offsets
    hold), so a quote may run across a page break as it runs across a URL footer."""
    spans = furniture_spans(text)
    if not spans:
        return text
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append("\n" * (end - start))
        last = end
    parts.append(text[last:])
    return "".join(parts)
