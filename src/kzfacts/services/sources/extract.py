"""Reading the text of a PDF or a saved web page, as kzfacts verifies quotes against it.

PDFs are read with pypdfium2 (PDFium, the PDF engine of Chromium) and web pages with
trafilatura; docs/extraction.md has the measurements that chose them. The text of a PDF
keeps its page boundaries as form feeds (see `kzfacts.text.pages`).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from kzfacts.services.errors import Refused
from kzfacts.text.file_kinds import PDF_SUFFIXES, read_through_extractor
from kzfacts.text.pages import join_pages

# PDFium marks a word it found hyphenated at a line end with \x02 or U+FFFE and drops the line
# break; the hyphen and the break are put back, so both readings ("govern-ment", "government")
# hold.
_PDFIUM_BROKEN_WORD = re.compile("[\x02\ufffe]")
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
# PDFium is not thread-safe, and an audit reads its sources on threads.
_PDFIUM_LOCK = threading.Lock()


@dataclass(frozen=True)
class Extracted:
    """A document's text, and the metadata a web page declares about itself."""

    text: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None


def is_extracted(path: Path) -> bool:
    """Whether kzfacts reads `path` through an extractor rather than as a text file."""
    return read_through_extractor(path)


def extract(path: Path, data: bytes, name: str) -> Extracted:
    """The text of a PDF or HTML file whose bytes are `data`; `name` labels refusals."""
    if path.suffix.lower() in PDF_SUFFIXES:
        return _read_pdf(data, name)
    return _read_html(data, name)


def read_pdf(path: Path) -> Extracted:
    return _read_pdf(path.read_bytes(), str(path))


def read_html(path: Path) -> Extracted:
    return _read_html(path.read_bytes(), str(path))


def _read_pdf(data: bytes, name: str) -> Extracted:
    with _PDFIUM_LOCK:
        return _read_pdf_unlocked(data, name)


def _read_pdf_unlocked(data: bytes, name: str) -> Extracted:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise Refused(
            f"source file {name} cannot be read as a PDF ({exc}): check that it is a "
            "complete, unencrypted PDF"
        ) from None
    pages: list[str] = []
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            raw = textpage.get_text_range()
            textpage.close()
            page.close()
            pages.append(
                _PDFIUM_BROKEN_WORD.sub("-\n", raw.replace("\r\n", "\n").replace("\r", "\n"))
            )
    finally:
        document.close()
    if not any(page.strip() for page in pages):
        raise Refused(
            f"source file {name} has no text layer (a scanned PDF?): run OCR on it first "
            f"(e.g. ocrmypdf {name} ocr.pdf) and add the OCR'd file"
        )
    return Extracted(join_pages(pages))


def _read_html(data: bytes, name: str) -> Extracted:
    import trafilatura

    document = trafilatura.bare_extraction(
        data,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise Refused(
            f"source file {name} has no main text that kzfacts can find (a page built by "
            "JavaScript?): save the page's article as text and add that file"
        )
    published = getattr(document, "date", None)
    return Extracted(
        text,
        title=getattr(document, "title", None) or None,
        publisher=getattr(document, "sitename", None) or None,
        published=published if published and _DATE.fullmatch(published) else None,
        url=getattr(document, "url", None) or None,
    )
