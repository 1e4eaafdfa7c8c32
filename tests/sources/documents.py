"""Real PDFs and web pages made from the seed texts, as researchers receive them.

PDFs are typeset with fpdf2 in DejaVu Sans (Debian's fonts-dejavu-core): justified lines
broken by hand so that long words are hyphenated at line ends, a running header and a
"Page N of M" footer on every page, in one column or in two. Web pages wrap the text's
paragraphs in a site's furniture (skip link, menu, sidebar, footer) with the metadata that
news sites publish (Open Graph, article:published_time, canonical link).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_HYPHENATABLE = re.compile(r"[A-Za-z]{8,}[,.;:]?")


@dataclass(frozen=True)
class Layout:
    columns: int = 1
    hyphenate: bool = True
    header: str = "Human rights in Kazakhstan"
    font_size: float = 10.5


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs (blank-line separated), each on one line."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]


def _wrap(
    words: list[str], width: float, size: Callable[[str], float], hyphenate: bool
) -> list[str]:
    """Lines of at most `width` mm; a long word that does not fit is hyphenated if it can be."""
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if size(candidate) <= width:
            line = candidate
            continue
        if hyphenate and _HYPHENATABLE.fullmatch(word):
            letters = word.rstrip(",.;:")
            for cut in range(len(letters) - 3, 2, -1):
                head = f"{line} {letters[:cut]}-" if line else f"{letters[:cut]}-"
                if size(head) <= width:
                    lines.append(head)
                    line = word[cut:]
                    break
            else:
                lines.append(line)
                line = word
            continue
        if line:
            lines.append(line)
        line = word
    if line:
        lines.append(line)
    return lines


def write_pdf(text: str, path: Path, layout: Layout = Layout()) -> list[str]:
    """Typeset `text` into a PDF at `path`; returns the body text of each page as typeset."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=layout.font_size)
    margin, top, bottom, leading, gap = 20.0, 28.0, 272.0, 5.2, 8.0
    column_width = (210 - 2 * margin - gap * (layout.columns - 1)) / layout.columns
    lines: list[str] = []
    for paragraph in paragraphs(text):
        lines.extend(_wrap(paragraph.split(), column_width, pdf.get_string_width, layout.hyphenate))
        lines.append("")
    pages: list[list[list[str]]] = []
    per_column = int((bottom - top) / leading)
    while lines:
        page = []
        for _ in range(layout.columns):
            page.append(lines[:per_column])
            lines = lines[per_column:]
        pages.append(page)
    for number, page in enumerate(pages, 1):
        pdf.add_page()
        pdf.set_font_size(8.5)
        pdf.text(margin, 14, layout.header)
        pdf.text(95, 287, f"Page {number} of {len(pages)}")
        pdf.set_font_size(layout.font_size)
        for index, column in enumerate(page):
            x = margin + index * (column_width + gap)
            for row, line in enumerate(column):
                if line:
                    pdf.text(x, top + row * leading, line)
    pdf.output(str(path))
    return ["\n".join(line for column in page for line in column) for page in pages]


def write_html(
    text: str,
    path: Path,
    *,
    title: str,
    site: str,
    published: str,
    url: str,
) -> None:
    """A saved web page holding `text` in the main article, among a site's furniture."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(text))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | {html.escape(site)}</title>
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:site_name" content="{html.escape(site)}">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{html.escape(url)}">
</head><body>
<a class="skip" href="#main">Skip to main content</a>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/reports">Reports</a></li><li><a href="/donate">Donate now</a></li></ul></nav></header>
<main id="main"><article><h1>{html.escape(title)}</h1>
{body}
</article></main>
<aside><h2>Related</h2><ul><li><a href="/a">Central Asia: events of the year</a></li>
<li><a href="/b">Subscribe to our newsletter</a></li></ul></aside>
<footer><p>© {html.escape(site)}. All rights reserved.</p><p>Privacy policy · Contact us</p></footer>
</body></html>
"""
    path.write_text(page, encoding="utf-8")
