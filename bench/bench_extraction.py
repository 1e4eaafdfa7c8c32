"""Which library reads PDFs and web pages best for kzfacts: measured on the seed texts.

Every seed text is typeset as a PDF (hyphenated lines, running header, "Page N of M" footer)
in one column and in two, and saved as a web page among a site's furniture. Each reader's
text is then anchored against every shipped seed fact with the public `kzfacts.anchor_quote`,
as `fact add` and the audit anchor quotes: a reader is faithful when every fact gets the verdict it gets against the plain text. Also printed: the
share of the plain text's words found in order (difflib ratio of normalised words), the
furniture phrases of a web page that leak into its text (beyond those the plain text holds), and the time per document.

    python bench/bench_extraction.py
"""

from __future__ import annotations

import difflib
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from kzfacts import anchor_quote  # noqa: E402
from kzfacts.text.normalize import normalize  # noqa: E402
from kzfacts.text.pages import join_pages  # noqa: E402
from tests.sources.documents import Layout, write_html, write_pdf  # noqa: E402

SEEDS = ROOT / "seeds"
FURNITURE = ("skip to main content", "donate now", "all rights reserved", "subscribe to our")


def read_pypdf(path: Path) -> str:
    import pypdf

    return join_pages([page.extract_text() for page in pypdf.PdfReader(path).pages])


def read_pdfminer(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return join_pages(extract_text(path).rstrip("\f").split("\f"))


def read_pypdfium2(path: Path) -> str:
    from kzfacts.services.sources.extract import read_pdf

    return read_pdf(path).text


def read_trafilatura(path: Path) -> str:
    from kzfacts.services.sources.extract import read_html

    return read_html(path).text


def read_all_text(path: Path) -> str:
    """The baseline: every text node of the page (what a browser's 'save as text' gives)."""
    import lxml.html

    return str(lxml.html.fromstring(path.read_bytes()).text_content())


def _verdicts(text: str, items: list[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """Each (fact id, quote)'s quote findings in `text`, by the public `anchor_quote`."""
    found: dict[str, tuple[str, ...]] = {}
    for fact_id, quote in items:
        codes = (f.code.value for f in anchor_quote(quote, text).findings)
        found[fact_id] = tuple(sorted(c for c in codes if c.startswith("quote")))
    return found


def _words(text: str) -> list[str]:
    return normalize(text, join_line_end_hyphens=True).text.split()


def main() -> None:
    sources = tomllib.loads((SEEDS / "sources.toml").read_text())["source"]
    facts: dict[str, list[tuple[str, str]]] = {}
    for file in sorted((SEEDS / "facts").glob("*.yaml")):
        for record in yaml.safe_load(file.read_text()):
            facts.setdefault(record["source"], []).append((record["id"], record["quote"]))
    pdf_readers: dict[str, Callable[[Path], str]] = {
        "pypdf": read_pypdf,
        "pdfminer.six": read_pdfminer,
        "pypdfium2": read_pypdfium2,
    }
    html_readers: dict[str, Callable[[Path], str]] = {
        "trafilatura": read_trafilatura,
        "all text (lxml)": read_all_text,
    }
    layouts = {"one column": Layout(), "two columns": Layout(columns=2)}
    rows: list[tuple[str, str, int, int, float, float, int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        documents: list[tuple[str, Path, str, list[tuple[str, str]]]] = []
        for source in sources:
            text = (SEEDS / source["path"]).read_text()
            items = facts.get(source["id"], [])
            for name, layout in layouts.items():
                path = Path(tmp) / f"{source['id']}-{name.replace(' ', '-')}.pdf"
                write_pdf(text, path, layout)
                documents.append((name, path, text, items))
            page = Path(tmp) / f"{source['id']}.html"
            write_html(
                text, page, title=source["title"], site=source["publisher"],
                published=str(source["published"]), url=source.get("url", "https://example.org/"),
            )  # fmt: skip
            documents.append(("web page", page, text, items))
        for kind, readers in (("pdf", pdf_readers), ("html", html_readers)):
            for reader_name, reader in readers.items():
                by_layout: dict[str, list[tuple[int, int, float, float, int]]] = {}
                for layout_name, path, text, items in documents:
                    if (path.suffix == ".pdf") != (kind == "pdf"):
                        continue
                    started = time.perf_counter()
                    extracted = reader(path)
                    seconds = time.perf_counter() - started
                    expected, got = _verdicts(text, items), _verdicts(extracted, items)
                    same = sum(expected[k] == got[k] for k in expected)
                    ratio = difflib.SequenceMatcher(
                        None, _words(text), _words(extracted), autojunk=False
                    ).ratio()
                    leaked = sum(
                        extracted.lower().count(w) - text.lower().count(w) for w in FURNITURE
                    )
                    by_layout.setdefault(layout_name, []).append(
                        (same, len(items), seconds, ratio, leaked)
                    )
                for layout_name, results in by_layout.items():
                    rows.append(
                        (
                            reader_name,
                            layout_name,
                            sum(r[0] for r in results),
                            sum(r[1] for r in results),
                            sum(r[3] for r in results) / len(results),
                            sum(r[2] for r in results) / len(results),
                            sum(r[4] for r in results),
                        )
                    )
    print(
        "| reader | layout | facts with the plain text's verdict | words in order | furniture leaked | s per document |"
    )
    print("|---|---|---|---|---|---|")
    for name, layout_name, same, total, ratio, seconds, leaked in rows:
        print(
            f"| {name} | {layout_name} | {same} / {total} | {ratio:.3f} | {leaked} | {seconds:.3f} |"
        )


if __name__ == "__main__":
    main()
