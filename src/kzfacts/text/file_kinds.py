"""Which source files kzfacts reads through an extractor (a PDF's text layer, a web page's
article text) rather than as text. A place in such a source counts its lines and columns in
the text read, not in the file: a code-scanning region or an editor's line there would point
at a tag of the page or into the PDF's bytes."""

from __future__ import annotations

from pathlib import PurePath

PDF_SUFFIXES = frozenset({".pdf"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


def read_through_extractor(path: str | PurePath) -> bool:
    """Whether a source file at `path` is read through an extractor (by its suffix)."""
    return PurePath(path).suffix.lower() in PDF_SUFFIXES | HTML_SUFFIXES
