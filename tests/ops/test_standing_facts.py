"""An audit records a standing fact (its quote unchanged at its place, its value check passed
on the same evidence) without building the account of each part, and one that stands exactly
as its row was written without building anything (`stands_as_stored`): the same findings,
rows and keys as checking it through `verify_fact`, on the seed database with one quote
reworded in an ordinary word (an inexact quote, whose stored differences make its finding)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import select

from kzfacts.api import FactDB
from kzfacts.checks import batch
from kzfacts.services.audit import standing
from kzfacts.store.models import Fact, Source
from tests.conftest import database_url

FACT = "zhovtis-sentence-length-2009"
SOURCE = "hrw-2009-stalled-reforms"
REWORDED = (
    "the country's foremost human rights defender, Evgeniy Zhovtis, was sentenced to four "
    "years' imprisonment"
)


def _rows(db: FactDB) -> list[tuple[Any, ...]]:
    with db.read() as session:
        return [
            (f.id, f.position_start, f.position_end, f.exact, f.anchor_sha256, f.anchor_verdict,
             f.anchor_detail, f.anchor_quote_sha256, f.support_key, f.audit_status, f.audit_codes)
            for f in session.exec(select(Fact).order_by(Fact.id))  # type: ignore[arg-type]
        ]  # fmt: skip


def test_standing_facts_are_recorded_as_verify_fact_records_them(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken: Counter[str] = Counter()
    real = batch.standing
    real_stored = standing.stands_as_stored

    def counted(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        taken["standing" if result is not None else "verified"] += 1
        taken["inexact"] += bool(result is not None and result.findings)
        return result

    def counted_stored(*args: Any) -> bool:
        stands = real_stored(*args)
        taken["as stored"] += stands
        return stands

    table: Any = Fact.__table__  # type: ignore[attr-defined]
    with FactDB.open(database_url(), root=seeded) as db:
        with db.write() as session:
            session.execute(update(table).where(table.c.id == FACT).values(quote=REWORDED))
        db.audit(full=True)  # anchors the reworded quote where it stands: inexact
        monkeypatch.setattr(batch, "standing", counted)
        monkeypatch.setattr(standing, "stands_as_stored", counted_stored)
        fast = db.audit(full=True)
        fast_rows = _rows(db)
        monkeypatch.setattr(batch, "standing", lambda *args, **kwargs: None)
        monkeypatch.setattr(standing, "stands_as_stored", lambda *args: False)
        slow = db.audit(full=True)
        slow_rows = _rows(db)
    # Every seed fact stands: the reworded one (inexact) through `standing`, the rest as stored.
    assert dict(taken) == {"as stored": 172, "standing": 1, "inexact": 1}
    assert [f.to_dict() for f in fast.findings] == [f.to_dict() for f in slow.findings]
    assert fast_rows == slow_rows


def test_a_changed_source_counts_its_facts_told_from_their_rows_as_stayed(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A source registered with another text than the one its facts were anchored in (and
    stand in): its source-changed finding counts the facts told from their rows as stayed,
    as when each is checked through `verify_fact`."""
    sources: Any = Source.__table__  # type: ignore[attr-defined]
    real = standing.stands_as_stored
    told: list[str] = []

    def counted(row: Any, *args: Any) -> bool:
        stands = real(row, *args)
        if stands and row.source_id == SOURCE:
            told.append(row.id)
        return stands

    reports = []
    with FactDB.open(database_url(), root=seeded) as db:
        db.audit(full=True)
        for stands in (counted, lambda *args: False):
            with db.write() as session:
                session.execute(
                    update(sources).where(sources.c.id == SOURCE).values(sha256="0" * 64)
                )
            monkeypatch.setattr(standing, "stands_as_stored", stands)
            reports.append(db.audit(full=True))
    fast, slow = ([f.to_dict() for f in report.findings] for report in reports)
    assert fast == slow
    (changed,) = [f for f in fast if f["code"] == "source-changed"]
    assert changed["source"] == SOURCE
    assert changed["stayed"] == sorted(told) and len(told) == 7
    assert changed["moved"] == changed["broke"] == []


def test_progress_counts_the_standing_facts_then_the_others(seeded: Path) -> None:
    """The progress an audit reports counts every fact it checks, standing or searched for, up
    to all of them."""
    table: Any = Fact.__table__  # type: ignore[attr-defined]
    told: list[tuple[int, int]] = []
    with FactDB.open(database_url(), root=seeded) as db:
        with db.write() as session:  # its quote no longer where it was anchored: searched for
            session.execute(update(table).where(table.c.id == FACT).values(position_start=0))
        db.audit(full=True, progress=lambda done, total: told.append((done, total)))
    assert told[0] == (172, 173) and told[-1] == (173, 173)
    assert told == sorted(told)
