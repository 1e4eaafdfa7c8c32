"""Adding one fact: what `kzfacts fact add` and `FactDB.add_fact` do, over either store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kzfacts.services.facts.writer import FactWriter
from kzfacts.text.limits import MAX_GAP

if TYPE_CHECKING:
    from kzfacts.checks.fact import FactInput, FactResult
    from kzfacts.services.facts.storage import FactStore


def add_fact(
    store: FactStore,
    root: Path,
    fact: FactInput,
    *,
    via: str,
    by: str | None = None,
    max_gap: int = MAX_GAP,
    write: bool = True,
) -> FactResult:
    """Check `fact` completely (Refused, with its findings, when anything is wrong) and, when
    `write`, insert it with its first version, in the store's transaction."""
    writer = FactWriter(store, root, created_by=via, by=by, max_gap=max_gap)
    accepted = writer.prepare(fact)
    if write:
        writer.write([accepted])
    return accepted
