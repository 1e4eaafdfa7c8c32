"""Every shipped seed fact anchored against PDFs and web pages made from the seed texts: the
same verdicts as against the plain texts, and, in a PDF, the page each quote stands on."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
import yaml

from kzfacts.text.normalize import squash
from tests.cli.test_export import ANNOTATION_MODEL
from tests.conftest import SEEDS, Run
from tests.sources.documents import Layout, write_html, write_pdf

LAYOUTS = {"pdf-one-column": Layout(), "pdf-two-columns": Layout(columns=2)}


def _toml(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def build_corpus(folder: Path, kind: str) -> dict[str, list[str]]:
    """The seed folder with each text replaced by a PDF or web page of it; returns the typeset
    pages of each PDF."""
    shutil.copytree(SEEDS / "entities", folder / "entities")
    shutil.copytree(SEEDS / "facts", folder / "facts")
    entries = tomllib.loads((SEEDS / "sources.toml").read_text(encoding="utf-8"))["source"]
    typeset: dict[str, list[str]] = {}
    lines: list[str] = []
    for entry in entries:
        text = (SEEDS / entry["path"]).read_text(encoding="utf-8")
        if kind == "text":
            name = entry["path"]
            shutil.copy2(SEEDS / name, folder / name)
        elif kind == "html":
            name = f"{entry['id']}.html"
            write_html(
                text, folder / name, title=entry["title"], site=entry["publisher"],
                published=entry["published"], url=entry.get("url", "https://example.org/"),
            )  # fmt: skip
        else:
            name = f"{entry['id']}.pdf"
            typeset[entry["id"]] = write_pdf(text, folder / name, LAYOUTS[kind])
        lines.append("[[source]]")
        for key, value in entry.items():
            lines.append(f"{key} = {_toml(name if key == 'path' else value)}")
    (folder / "sources.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return typeset


def audited(run: Run, root: Path, folder: Path) -> tuple[dict[str, list[str]], list[dict]]:
    """Load the folder into a new database, audit it: each fact's finding codes, and the
    annotations of every fact (their collection held to the Web Annotation model's MUSTs)."""
    options = ["--db", str(root / "kzfacts.db"), "--root", str(root)]
    assert run(*options, "init").exit_code == 0
    loaded = run(*options, "load", str(folder))
    assert loaded.exit_code == 0, loaded.stderr
    audit = run(*options, "audit", "--format", "json")
    codes: dict[str, list[str]] = {}
    for finding in json.loads(audit.stdout)["findings"]:
        codes.setdefault(finding["fact"] or "", []).append(finding["code"])
    export = run(*options, "fact", "export", "--format", "annotation")
    assert export.exit_code == 0, export.stderr
    collection = json.loads(export.stdout)
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in ANNOTATION_MODEL.iter_errors(collection)
    ]
    assert errors == []
    return codes, collection["first"]["items"]


@pytest.fixture(scope="module")
def text_verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    from typer.testing import CliRunner

    from kzfacts.cli.app import app

    root = tmp_path_factory.mktemp("text")
    build_corpus(root / "seeds", "text")
    runner = CliRunner()
    codes, items = audited(lambda *a: runner.invoke(app, list(a)), root, root / "seeds")
    assert len(items) == 173
    return codes


def _page(item: dict) -> int | None:
    pages = [s for s in item["target"]["selector"] if s["type"] == "FragmentSelector"]
    return int(pages[0]["value"].removeprefix("page=")) if pages else None


@pytest.mark.parametrize("kind", ["pdf-one-column", "pdf-two-columns", "html"])
def test_every_seed_fact_has_the_same_verdict_as_against_the_text(
    run: Run, tmp_path: Path, kind: str, text_verdicts: dict[str, list[str]]
) -> None:
    typeset = build_corpus(tmp_path / "seeds", kind)
    codes, items = audited(run, tmp_path, tmp_path / "seeds")
    assert codes == text_verdicts
    assert len(items) == 173
    pages = {item["id"].removeprefix("urn:kzfacts:fact:"): _page(item) for item in items}
    if kind == "html":
        assert set(pages.values()) == {None}
        return
    source_of = {
        record["id"]: record["source"]
        for path in sorted((SEEDS / "facts").glob("*.yaml"))
        for record in yaml.safe_load(path.read_text(encoding="utf-8"))
    }
    for item in items:
        fact = item["id"].removeprefix("urn:kzfacts:fact:")
        page = pages[fact]
        assert page is not None
        exact = next(s for s in item["target"]["selector"] if s["type"] == "TextQuoteSelector")
        first_words = " ".join(squash(exact["exact"]).split()[:2])
        # The quote opens on its page as typeset (or closes it, the next word on the next).
        on_page = squash(typeset[source_of[fact]][page - 1])
        assert first_words in on_page or on_page.endswith(first_words.split()[0]), (fact, page)
    assert len(set(pages.values())) >= 6  # the quotes stand on many pages, not all on one


def test_the_page_of_a_known_quote(run: Run, tmp_path: Path) -> None:
    build_corpus(tmp_path / "seeds", "pdf-one-column")
    _, items = audited(run, tmp_path, tmp_path / "seeds")
    by_id = {item["id"].removeprefix("urn:kzfacts:fact:"): item for item in items}
    assert _page(by_id["sokolova-sentence-length-2011"]) == 6
    # The page is one of the alternatives only as refined by the quote: each selects the quote.
    quote, _, page = by_id["sokolova-sentence-length-2011"]["target"]["selector"]
    assert quote["type"] == "TextQuoteSelector"
    assert page == {
        "type": "FragmentSelector",
        "conformsTo": "http://tools.ietf.org/rfc/rfc3778",
        "value": "page=6",
        "refinedBy": quote,
    }
    shown = run(
        "--db", str(tmp_path / "kzfacts.db"), "--root", str(tmp_path),
        "fact", "show", "sokolova-sentence-length-2011",
    )  # fmt: skip
    assert "page        6\n" in shown.stdout
