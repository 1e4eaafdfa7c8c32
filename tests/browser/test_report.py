"""`kzfacts report` in a real browser: Debian's chromium, headless, driven by Playwright.

The report is generated once for the module from the shipped seeds with one source edited, so
that exactly one quote breaks ("February 2009" becomes "March 2009") and the quotes after it in
that letter move. Without /usr/bin/chromium or the playwright package the browser tests skip —
unless KZFACTS_REQUIRE_BROWSER=1 (CI), where they fail instead.

Screenshots land in tests/browser/screenshots/ for a human to look at.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from tests.conftest import SEEDS, Run, db_scalar

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
EDITED = "000_62835f79900889c0.txt"
BROKEN = "kazakhstan-february-2009-reforms-date"


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is missing (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    reason = _missing()
    if reason is not None:
        if os.environ.get("KZFACTS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"KZFACTS_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(f"browser tests need a browser: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield launched
        launched.close()


class Built:
    def __init__(self, folder: Path, exit_code: int, stdout: str) -> None:
        self.folder = folder
        self.html = folder / "report.html"
        self.exit_code = exit_code
        self.stdout = stdout
        with sqlite3.connect(folder / "kzfacts.db") as db:
            self.exact: dict[str, str] = dict(db.execute("SELECT id, exact FROM fact"))

    @property
    def url(self) -> str:
        return self.html.as_uri()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The seeded corpus (as the `seeded` fixture makes it), one source edited, then the report.

    Module-scoped so that the corpus is loaded once; it passes --db and --root explicitly because
    the per-test isolation fixture has not set them up yet."""
    from kzfacts.cli.app import app

    folder = tmp_path_factory.mktemp("report")
    shutil.copytree(SEEDS, folder / "seeds")
    runner = CliRunner()
    base = ["--db", str(folder / "kzfacts.db"), "--root", str(folder)]

    def invoke(*args: str) -> Any:
        return runner.invoke(app, [*base, *args])

    assert invoke("init").exit_code == 0
    loaded = invoke("load", str(folder / "seeds"))
    assert loaded.exit_code == 0, loaded.output
    source = folder / "seeds" / EDITED
    text = source.read_text(encoding="utf-8")
    assert text.count("Minimal reform steps in February 2009") == 1
    source.write_text(
        text.replace("Minimal reform steps in February 2009", "Minimal reform steps in March 2009"),
        encoding="utf-8",
    )
    result = invoke("report", "--output", str(folder / "report.html"))
    return Built(folder, result.exit_code, result.stdout)


@pytest.fixture
def page(browser: Browser, built: Built) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.goto(built.url)
    yield opened
    context.close()


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


# The text of every fact's highlight, all its segments together, without the reference numbers.
SPAN_TEXTS = """() => {
  const texts = {};
  for (const mark of document.querySelectorAll('.text mark.quote[data-fact]')) {
    const copy = mark.cloneNode(true);
    copy.querySelectorAll('sup.ref').forEach((sup) => sup.remove());
    texts[mark.dataset.fact] = (texts[mark.dataset.fact] || '') + copy.textContent;
  }
  return texts;
}"""


def test_report_command_exits_like_audit(built: Built) -> None:
    assert built.exit_code == 1  # one quote-altered error
    assert built.stdout.startswith(
        f"wrote {built.html}: {len(built.exact)} facts in 5 sources, 1 error"
    )
    assert "<script" not in built.html.read_text(encoding="utf-8")


def test_the_page_requests_nothing_but_itself(browser: Browser, built: Built) -> None:
    context = browser.new_context()
    try:
        opened = context.new_page()
        requested: list[str] = []
        opened.on("request", lambda request: requested.append(request.url))
        opened.goto(built.url, wait_until="load")
        assert requested == [built.url]
    finally:
        context.close()


def test_every_fact_has_a_highlight_and_the_broken_one_is_marked(page: Page, built: Built) -> None:
    ids = page.eval_on_selector_all("mark.quote[id]", "marks => marks.map(m => m.id)")
    assert len(ids) == len(built.exact)
    assert sorted(ids) == sorted(f"fact-{fact_id}" for fact_id in built.exact)
    broken = page.eval_on_selector_all("mark.quote.broken[id]", "marks => marks.map(m => m.id)")
    assert broken == [f"fact-{BROKEN}"]
    texts: dict[str, str] = page.evaluate(SPAN_TEXTS)
    # The broken mark shows what the source says now; every other mark covers its anchored quote,
    # including the ones after the edit, which moved.
    assert texts[BROKEN] == (
        "Minimal reform steps in March 2009, for which the government was appropriately credited"
    )
    wrong = {
        fact_id: (texts.get(fact_id), exact)
        for fact_id, exact in built.exact.items()
        if fact_id != BROKEN and texts.get(fact_id) != exact
    }
    assert wrong == {}
    screenshot(page, "desktop-top")


def test_a_finding_link_lands_on_its_span(page: Page, built: Built) -> None:
    link = page.locator(f'#findings a[href="#fact-{BROKEN}"]')
    assert link.count() == 1
    link.click()
    # The page's Content-Security-Policy forbids eval, which page.wait_for_function needs on
    # older Playwright: wait on the navigation itself, then measure with plain evaluate calls.
    page.wait_for_url(f"{built.url}#fact-{BROKEN}")
    assert page.evaluate("location.hash") == f"#fact-{BROKEN}"
    top, bottom, height = page.evaluate(
        """(id) => {
          const r = document.getElementById(id).getBoundingClientRect();
          return [r.top, r.bottom, window.innerHeight];
        }""",
        f"fact-{BROKEN}",
    )
    assert 0 <= top < bottom <= height
    assert page.evaluate("document.querySelector(':target').id") == f"fact-{BROKEN}"
    screenshot(page, "desktop-finding-link")


def test_a_phone_has_no_horizontal_overflow(browser: Browser, built: Built) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True
    )
    try:
        phone = context.new_page()
        phone.goto(built.url)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        assert phone.evaluate("document.body.scrollWidth") <= 375
        screenshot(phone, "phone-top")
        phone.goto(f"{built.url}#source-hrw-2009-stalled-reforms")
        screenshot(phone, "phone-source")
        phone.goto(f"{built.url}#findings")
        screenshot(phone, "phone-findings")
        phone.goto(f"{built.url}#entities")
        screenshot(phone, "phone-timelines")
    finally:
        context.close()


def test_print_hides_navigation_and_keeps_highlights(page: Page) -> None:
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('nav')).display") == "none"
    adjust = page.evaluate(
        f"getComputedStyle(document.getElementById('fact-{BROKEN}')).printColorAdjust"
    )
    assert adjust == "exact"
    screenshot(page, "print-top")


# ---------------------------------------------------------------- the command, no browser needed


def test_report_file_stdout_and_unwritable_destination(seeded: Path, run: Run) -> None:
    refused = run("report", "--output", "nowhere/report.html")
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert refused.stderr == (
        "kzfacts: folder nowhere does not exist: create it or choose another --output\n"
    )
    assert db_scalar("SELECT count(*) FROM auditrun") == 0  # nothing recorded

    result = run("report", "--output", "report.html")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "wrote report.html: 173 facts in 5 sources, 0 errors, 0 warnings (run 1)\n"
    )
    assert result.stderr == ""
    page = (seeded / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count('<mark id="fact-') == 173
    assert '<span class="verdict clean">clean</span>' in page

    piped = run("report", "--output", "-")
    assert piped.exit_code == 0
    assert piped.stdout.startswith("<!DOCTYPE html>")
    assert piped.stdout.count('<mark id="fact-') == 173
    assert piped.stderr == "wrote -: 173 facts in 5 sources, 0 errors, 0 warnings (run 2)\n"


def test_report_fail_on_warning(seeded: Path, run: Run) -> None:
    source = seeded / "seeds" / EDITED
    source.write_text(source.read_text(encoding="utf-8") + "\nA new last line.\n", encoding="utf-8")
    assert run("report", "-o", "r.html").exit_code == 0  # source-changed is a warning
    result = run("report", "-o", "r.html", "--fail-on", "warning")
    assert result.exit_code == 0  # the new text was registered by the first report's audit
    source.write_text(source.read_text(encoding="utf-8") + "Another.\n", encoding="utf-8")
    result = run("report", "-o", "r.html", "--fail-on", "warning")
    assert result.exit_code == 1
    assert "0 errors, 1 warning" in result.stdout
