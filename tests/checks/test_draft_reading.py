"""Reading a long draft's sentences in two processes finds exactly what one process finds."""

from __future__ import annotations

import gc
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

from kzfacts.checks.drafts import check_draft, read_texts
from kzfacts.services import drafts as service
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


def test_when_the_second_process_dies_the_ids_are_looked_up_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = _mistyped_draft()
    monkeypatch.setattr(service, "PARALLEL_MIN_SENTENCES", 1)
    monkeypatch.setattr(service, "closest_ids_of", _dies)
    with service.DraftCheck([("draft.md", text)]) as checking:
        (result,) = checking.run(base())
    assert result == check_draft("draft.md", text, base())


def _fails(ids: list[str], keys: list[str]) -> dict[str, list[tuple[str, float]]]:
    raise ValueError("a lookup that fails in the second process")


def test_when_the_second_process_fails_otherwise_the_ids_are_looked_up_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = _mistyped_draft()
    monkeypatch.setattr(service, "PARALLEL_MIN_SENTENCES", 1)
    monkeypatch.setattr(service, "closest_ids_of", _fails)
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
        (result,) = checking.run(base())
        assert gc.isenabled()  # `run` ends the check
    assert gc.isenabled()
    assert result == check_draft("draft.md", text, base())
    gc.disable()  # a caller that keeps it paused finds it paused
    try:
        with service.DraftCheck([("draft.md", text)]):
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
