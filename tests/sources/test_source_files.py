"""`kzfacts source add` on a PDF and a web page: what it reads, what it fills in, what it refuses."""

from __future__ import annotations

import json
from pathlib import Path

from fpdf import FPDF

from tests.conftest import Run, seed_text
from tests.reliability.reliability_helpers import assert_refused
from tests.sources.documents import write_html, write_pdf


def test_a_pdf_is_registered_with_its_pages(run: Run, tmp_path: Path) -> None:
    assert run("init").exit_code == 0
    pages = write_pdf(seed_text("001"), tmp_path / "appeal.pdf")
    result = run("source", "add", str(tmp_path / "appeal.pdf"), "--id", "appeal")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        f"registered source appeal: appeal.pdf (13472 characters, {len(pages)} pages, sha256 "
    )
    added = run(
        "fact", "add", "--id", "sokolova-sentence", "--source", "appeal", "--subject", "Natalia Sokolova",
        "--predicate", "sentence_length", "--value", "6 years",
        "--quote", "was imprisoned for six years in August 2011",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert added.stdout == (
        "added sokolova-sentence: appeal p. 6, line 167, characters 8818-8861 (exact), "
        "entity natalia-sokolova\n"
    )


def test_a_scanned_pdf_is_refused_with_a_pointer_to_ocr(run: Run, tmp_path: Path) -> None:
    assert run("init").exit_code == 0
    scan = FPDF()
    scan.add_page()
    scan.rect(20, 20, 170, 250, style="F")  # a page image's worth of ink, no text layer
    scan.output(str(tmp_path / "scan.pdf"))
    assert_refused(
        run("source", "add", str(tmp_path / "scan.pdf"), "--id", "scan"),
        1,
        f"source file {tmp_path / 'scan.pdf'} has no text layer (a scanned PDF?): run OCR on it "
        f"first (e.g. ocrmypdf {tmp_path / 'scan.pdf'} ocr.pdf) and add the OCR'd file",
    )
    assert run("source", "list").stdout.count("\n") == 1  # the header line: nothing registered


def test_a_damaged_pdf_is_refused(run: Run, tmp_path: Path) -> None:
    assert run("init").exit_code == 0
    (tmp_path / "cut.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    message = assert_refused(run("source", "add", str(tmp_path / "cut.pdf"), "--id", "cut"), 1)
    assert message.startswith(
        f"kzfacts: source file {tmp_path / 'cut.pdf'} cannot be read as a PDF ("
    )
    assert message.endswith("): check that it is a complete, unencrypted PDF")


def test_a_web_page_fills_in_what_the_options_do_not_give(run: Run, tmp_path: Path) -> None:
    assert run("init").exit_code == 0
    write_html(
        seed_text("002"), tmp_path / "barroso.html",
        title="Re.: Brussels visit of Kazakhstan's President Nursultan Nazarbayev",
        site="International Partnership for Human Rights", published="2014-10-08",
        url="https://www.iphronline.org/brussels-visit.html",
    )  # fmt: skip
    result = run(
        "source",
        "add",
        str(tmp_path / "barroso.html"),
        "--id",
        "barroso",
        "--publisher",
        "IPHR and NHC",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "  title from the page: Re.: Brussels visit of Kazakhstan's President Nursultan Nazarbayev",
        "  published from the page: 2014-10-08",
        "  url from the page: https://www.iphronline.org/brussels-visit.html",
    ]
    shown = run("source", "show", "barroso", "--format", "json")
    data = json.loads(shown.stdout)
    assert (data["publisher"], data["published"], data["published_precision"]) == (
        "IPHR and NHC", "2014-10-08", "day",
    )  # fmt: skip
    text = run("fact", "add", "--id", "kozlov", "--source", "barroso", "--subject", "Vladimir Kozlov",
               "--predicate", "status", "--value", "imprisoned",
               "--quote", "its leader Vladimir Kozlov remains imprisoned on politically motivated charges")  # fmt: skip
    assert text.exit_code == 0, text.stderr
    # The page's menu, sidebar and footer are not part of the text.
    assert "Donate now" not in run("fact", "show", "kozlov").stdout


def test_a_page_without_main_text_is_refused(run: Run, tmp_path: Path) -> None:
    assert run("init").exit_code == 0
    # A page built by JavaScript, saved before its script ran: no article in it.
    (tmp_path / "app.html").write_text(
        '<html><head><title>Statement</title></head><body><div id="app"></div>'
        '<script src="app.js"></script></body></html>',
        encoding="utf-8",
    )
    assert_refused(
        run("source", "add", str(tmp_path / "app.html"), "--id", "app"),
        1,
        f"source file {tmp_path / 'app.html'} has no main text that kzfacts can find (a page "
        "built by JavaScript?): save the page's article as text and add that file",
    )


def test_findings_on_a_pdf_give_the_page(run: Run, tmp_path: Path) -> None:
    assert run("init").exit_code == 0
    pdf = tmp_path / "appeal.pdf"
    write_pdf(seed_text("001"), pdf)
    assert run("source", "add", str(pdf), "--id", "appeal").exit_code == 0
    added = run(
        "fact", "add", "--id", "sokolova-sentence", "--source", "appeal", "--subject", "Natalia Sokolova",
        "--predicate", "sentence_length", "--value", "6 years",
        "--quote", "was imprisoned for six years in August 2011",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    # A corrected edition of the report says "five": the quote is now altered, on page 6.
    write_pdf(seed_text("001").replace("for six years in August", "for five years in August"), pdf)
    audit = run("audit", "--format", "json")
    altered = [f for f in json.loads(audit.stdout)["findings"] if f["code"] == "quote-altered"]
    assert [(f["fact"], f["page"]) for f in altered] == [("sokolova-sentence", 6)]
    text = run("audit", "--full")
    assert (
        "  error   quote-altered        sokolova-sentence (p. 6): the quote differs" in text.stdout
    )
    sarif = json.loads(run("audit", "--full", "--format", "sarif").stdout)
    messages = [r["message"]["text"] for r in sarif["runs"][0]["results"]]
    assert any(m.startswith("sokolova-sentence (p. 6): the quote differs") for m in messages)
    report = run("report", "--output", "-")
    assert "<code>sokolova-sentence</code> · p. 6" in report.stdout
    assert "\f" not in report.stdout  # page breaks are line breaks in HTML
