"""`NameIndex.add` (names indexed one at a time, as an import creates entities) answers exactly
as an index built from all names at once, on the seed entities."""

from __future__ import annotations

from pathlib import Path

import yaml

from kzfacts.text.names import NameCandidate, NameIndex

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "entities"


def seed_candidates() -> list[NameCandidate]:
    candidates = []
    for path in sorted(SEEDS.glob("*.yaml")):
        for record in yaml.safe_load(path.read_text(encoding="utf-8")):
            candidates.append(
                NameCandidate(record["id"], (record["name"], *(record.get("aliases") or [])))
            )
    return candidates


def queries(candidates: list[NameCandidate]) -> list[str]:
    """Every seed name, and a misspelt and a shortened reading of each."""
    names = [name for c in candidates for name in c.names]
    return names + [n[:-1] + "x" for n in names] + [n.split()[-1] for n in names]


def test_added_one_by_one_resolves_as_built_at_once() -> None:
    candidates = seed_candidates()
    assert len(candidates) > 200
    built = NameIndex(candidates)
    grown = NameIndex([])
    for candidate in candidates:  # the name first, then each alias, as an import adds them
        for name in candidate.names:
            grown.add(NameCandidate(candidate.entity_id, (name,)))
    assert len(grown) == len(built)
    for query in queries(candidates):
        assert grown.resolve(query) == built.resolve(query), query
    assert grown.probable_duplicates() == built.probable_duplicates()
