"""An audit records a standing fact (its quote unchanged at its place, its value check passed
on the same evidence) without building the account of each part: the same findings, rows
and keys as checking it through `verify_fact`, on the seed database with one quote reworded
in an ordinary word (an inexact quote, whose stored differences make its finding)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import select

from kzfacts.api import FactDB
from kzfacts.checks import batch
from kzfacts.store.models import Fact
from tests.conftest import database_url

FACT = "zhovtis-sentence-length-2009"
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

    def counted(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        taken["standing" if result is not None else "verified"] += 1
        taken["inexact"] += bool(result is not None and result.findings)
        return result

    table: Any = Fact.__table__  # type: ignore[attr-defined]
    with FactDB.open(database_url(), root=seeded) as db:
        with db.write() as session:
            session.execute(update(table).where(table.c.id == FACT).values(quote=REWORDED))
        db.audit(full=True)  # anchors the reworded quote where it stands: inexact
        monkeypatch.setattr(batch, "standing", counted)
        fast = db.audit(full=True)
        fast_rows = _rows(db)
        monkeypatch.setattr(batch, "standing", lambda *args, **kwargs: None)
        slow = db.audit(full=True)
        slow_rows = _rows(db)
    assert dict(taken) == {"standing": 173, "inexact": 1}  # every seed fact, the reworded one too
    assert [f.to_dict() for f in fast.findings] == [f.to_dict() for f in slow.findings]
    assert fast_rows == slow_rows
