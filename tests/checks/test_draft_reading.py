"""Reading a long draft's sentences in two processes finds exactly what one process finds."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

from kzfacts.checks.drafts import check_draft
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
