"""Coverage: the value mentions of registered sources that no fact cites."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from kzfacts.checks.coverage import Uncovered, passage_spans, uncovered_mentions
from kzfacts.services.errors import BadPath, Refused
from kzfacts.services.records.read import load_yaml
from kzfacts.services.sources.registry import read_source_text, source_file
from kzfacts.store.models import Fact, Source
from kzfacts.values import ValueType, find_values

CHECKABLE = frozenset(
    {ValueType.DURATION, ValueType.DATE, ValueType.COUNT, ValueType.MONEY, ValueType.PERCENT}
)
"""Numbers, dates, durations, amounts and percents; statuses are words, not mentions to cite."""


@dataclass(frozen=True)
class SourceCoverage:
    source: str
    mentions: int
    uncovered: list[Uncovered]


def read_ignored(paths: list[Path]) -> dict[str, list[str]]:
    """Ignored passages by source id, from YAML lists of {source, text, reason}."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        elif path.is_file():
            files.append(path)
        else:
            raise BadPath(f"ignored-mentions file {path} does not exist: check the path")
    ignored: dict[str, list[str]] = {}
    for file in files:
        entries = load_yaml(file.read_text(encoding="utf-8"), str(file)) or []
        for number, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict) or not entry.get("source") or not entry.get("text"):
                raise Refused(f"{file} entry #{number}: needs source and text (and a reason)")
            if not str(entry.get("reason", "")).strip():
                raise Refused(f"{file} entry #{number}: say why the mention is ignored (reason)")
            ignored.setdefault(str(entry["source"]), []).append(str(entry["text"]))
    return ignored


def source_coverage(
    session: Session, root: Path, source_ids: list[str], ignored: dict[str, list[str]]
) -> list[SourceCoverage]:
    statement = select(Source).order_by(Source.id)
    sources = list(session.exec(statement))
    if source_ids:
        known = {s.id for s in sources}
        for source_id in source_ids:
            if source_id not in known:
                raise Refused(f"unknown source {source_id!r}: see `kzfacts source list`")
        sources = [s for s in sources if s.id in source_ids]
    results = []
    for source in sources:
        text = read_source_text(source_file(source, root), label=source.path).text
        cited = [
            (f.position_start, f.position_end)
            for f in session.exec(select(Fact).where(Fact.source_id == source.id))
            if f.position_start is not None and f.position_end is not None
        ]
        mentions = [m for m in find_values(text, reference=source.published) if m.type in CHECKABLE]
        skipped = passage_spans(text, ignored.get(source.id, []))
        results.append(
            SourceCoverage(
                source.id, len(mentions), uncovered_mentions(text, mentions, cited, skipped)
            )
        )
    return results
