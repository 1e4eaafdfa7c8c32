"""Reading a long draft's sentences in two processes finds exactly what one process finds."""

from __future__ import annotations

import gc
import os
import weakref
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzfacts.checks.drafts import check_draft, read_texts
from kzfacts.checks.findings import Finding, locate
from kzfacts.checks.prose import is_markdown, parse_draft
from kzfacts.formats.claimreviews import ReviewedSentence
from kzfacts.services import drafts as service
from kzfacts.text.lines import LineBreaks
from tests.checks.test_drafts import base, codes
from tests.conftest import seed_text

CITED = (
    "Evgeniy Zhovtis was sentenced to five years [@zhovtis-sentence]. "
    "Evgeniy Zhovtis was sentenced to 4 years in a colony.\n"
)


def _draft() -> str:
    """A seed report's prose, then a wrong citation and an unsourced claim."""
    return seed_text("001") + "\n\n" + CITED


def test_two_processes_find_what_one_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _draft()
    alone = check_draft("draft.md", text, base())
    monkeypatch.setattr(service, "PARALLEL_MIN_SENTENCES", 1)
    with service.DraftCheck([("draft.md", text)]) as checking:
        (shared,) = checking.run(base())
    assert shared == alone
    last = text.count("\n", 0, text.index(CITED)) + 1
    assert [c for c in codes(shared) if c[1] == last] == [
        ("claim-mismatch", last, 34),
        ("unsourced-claim", last, 99),
    ]


class _NoProcesses(ProcessPoolExecutor):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise OSError("no processes here")


def test_without_a_second_process_the_check_reads_everything_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = _draft()
    monkeypatch.setattr(service, "PARALLEL_MIN_SENTENCES", 1)
    monkeypatch.setattr(service, "ProcessPoolExecutor", _NoProcesses)
    with service.DraftCheck([("draft.md", text)]) as checking:
        (result,) = checking.run(base())
    assert result == check_draft("draft.md", text, base())
    assert result.claims > 0


MISTYPED = (
    "zhovtis-sentense",
    "zhovtis-sentnce",
    "zhovtsi-sentence",
    "tankov-sentense",
    "tankov-setnence",
    "zhanaozen-death",
    "zhanaozen-deahts",
    "nothing-like-it",
    "sentence-zhovtis",
)


def _mistyped_draft() -> str:
    cited = " ".join(f"It was so [@{key}]." for key in MISTYPED)
    return seed_text("001") + "\n\n" + cited + "\n"


def test_the_second_process_offers_the_ids_one_process_offers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = _mistyped_draft()
    alone = check_draft("draft.md", text, base())
    monkeypatch.setattr(service, "PARALLEL_MIN_SENTENCES", 1)
    shared_base = base()
    with service.DraftCheck([("draft.md", text)]) as checking:
        (shared,) = checking.run(shared_base)
    assert shared == alone
    assert shared_base._supply is not None and sorted(shared_base._supply) == sorted(MISTYPED)
    offered = {
        f.fact: f.detail["did_you_mean"] for f in shared.findings if f.code.value == "unknown-fact"
    }
    assert offered["zhovtis-sentense"] == ["zhovtis-sentence"]
    assert offered["tankov-sentense"] == ["tankov-sentence"]
    assert offered["nothing-like-it"] == []


def _dies(ids: list[str], keys: list[str]) -> dict[str, list[tuple[str, float]]]:
    os._exit(1)


def _fails(ids: list[str], keys: list[str]) -> dict[str, list[tuple[str, float]]]:
    raise ValueError("a lookup that fails in the second process")


@pytest.mark.parametrize("lookup", [_dies, _fails], ids=["dies", "raises"])
def test_when_the_second_process_dies_or_fails_the_ids_are_looked_up_here(
    monkeypatch: pytest.MonkeyPatch,
    lookup: Callable[[list[str], list[str]], dict[str, list[tuple[str, float]]]],
) -> None:
    text = _mistyped_draft()
    monkeypatch.setattr(service, "PARALLEL_MIN_SENTENCES", 1)
    monkeypatch.setattr(service, "closest_ids_of", lookup)
    shared_base = base()
    with service.DraftCheck([("draft.md", text)]) as checking:
        (result,) = checking.run(shared_base)
    assert result == check_draft("draft.md", text, base())
    assert shared_base._supply == {}  # nothing came from the second process
    offered = {
        f.fact: f.detail["did_you_mean"] for f in result.findings if f.code.value == "unknown-fact"
    }
    assert offered["zhovtis-sentense"] == ["zhovtis-sentence"]
    assert offered["nothing-like-it"] == []


_CHECKING_PROCESS = os.getpid()


def _read_in_this_process_only(texts: Any) -> Any:
    if os.getpid() != _CHECKING_PROCESS:
        raise ValueError("reading fails in the second process")
    return read_texts(texts)


def test_when_reading_fails_in_the_second_process_the_check_reads_it_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = _draft()
    monkeypatch.setattr(service, "PARALLEL_MIN_SENTENCES", 1)
    monkeypatch.setattr(service, "READ_CHUNK", 1)
    monkeypatch.setattr(service, "read_texts", _read_in_this_process_only)
    with service.DraftCheck([("draft.md", text)]) as checking:
        assert checking._futures  # the second process was given sentences to read
        (result,) = checking.run(base())
    assert result == check_draft("draft.md", text, base())
    assert result.claims > 0


def test_the_collector_is_paused_for_the_check_and_restored_after() -> None:
    text = _draft()
    assert gc.isenabled()
    with service.DraftCheck([("draft.md", text)]) as checking:
        assert not gc.isenabled()
        facts = weakref.ref(checked := base())
        (result,) = checking.run(checked)
        assert checking._read_here  # the values read, kept until the check is closed
        del checked
        assert facts() is None  # the check keeps no reference to the facts
        assert not gc.isenabled()  # paused until the check is closed
    assert gc.isenabled()
    assert not checking._read_here
    assert result == check_draft("draft.md", text, base())
    gc.disable()  # a caller that keeps it paused finds it paused
    try:
        with service.DraftCheck([("draft.md", text)]):
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@given(st.text(alphabet="ab\r\n", max_size=40))
def test_line_breaks_place_every_offset_as_locate_does(text: str) -> None:
    lines = LineBreaks(text)
    for offset in range(len(text) + 1):
        place = locate("draft.md", text, offset)
        assert lines.place(offset) == (place.line, place.column)


def _cited_one_by_one(label: str, text: str, findings: list[Finding]) -> list[ReviewedSentence]:
    """Every cited sentence placed by `locate` and its findings found by scanning them all."""
    cited = []
    for sentence in parse_draft(text, markdown=is_markdown(label)).sentences:
        if not sentence.citations:
            continue
        span = locate(label, text, sentence.start, sentence.end)
        start, end = (span.line, span.column), (span.end_line or span.line, span.end_column or 0)
        inside = tuple(
            f
            for f in findings
            if f.location is not None and start <= (f.location.line, f.location.column) < end
        )
        keys = tuple(dict.fromkeys(c.key for c in sentence.citations))
        said = " ".join(text[sentence.start : sentence.end].split())
        cited.append(ReviewedSentence(said, span.line, span.column, keys, inside))
    return cited


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_the_cited_sentences_and_their_findings_are_those_found_one_by_one(newline: str) -> None:
    text = (_mistyped_draft() + "\n" + CITED + "Tankov got 3 years [@tankov-sentence].\n").replace(
        "\n", newline
    )
    findings = list(check_draft("draft.md", text, base()).findings)
    cited = service.cited_sentences("draft.md", text, findings)
    assert cited == _cited_one_by_one("draft.md", text, findings)
    if newline == "\r":  # the places above hold; the exact ones below are for LF and CRLF
        return
    assert len(cited) == 11
    assert [
        (
            s.line,
            s.column,
            s.citations,
            [(f.code.value, f.location.line, f.location.column) for f in s.findings if f.location],
        )
        for s in cited[-3:]
    ] == [
        (342, 244, ("sentence-zhovtis",), [("unknown-fact", 342, 255)]),
        (344, 1, ("zhovtis-sentence",), [("claim-mismatch", 344, 34)]),
        (345, 1, ("tankov-sentence",), [("claim-mismatch", 345, 12)]),
    ]
    assert ("unsourced-claim", 344, 99) in codes(check_draft("draft.md", text, base()))
