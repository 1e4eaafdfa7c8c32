"""`kzfacts load DIR`: register a folder's sources and entities and import its facts; idempotent."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from kzfacts.ops.entities import ENTITY_KINDS, declare_distinct
from kzfacts.ops.errors import Refused
from kzfacts.ops.facts import FactWriter, RecordError, import_records
from kzfacts.ops.records import FORMATS, load_yaml, read_records
from kzfacts.ops.sources import build_source, parse_published
from kzfacts.store.models import Alias, Entity, Fact, Source
from kzfacts.text.anchor import MAX_GAP


@dataclass
class LoadResult:
    sources_added: list[str] = field(default_factory=list)
    entities_added: int = 0
    aliases_added: int = 0
    facts_added: int = 0
    facts_unchanged: int = 0
    messages: list[str] = field(default_factory=list)
    errors: list[tuple[str, RecordError]] = field(default_factory=list)


def _inside(path: Path, folder: Path, what: str) -> Path:
    """Refuse metadata that points outside its folder or through a symlink."""
    if path.is_symlink():
        raise Refused(f"{what} {path} is a symbolic link: copy the file into {folder}")
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        raise Refused(
            f"{what} {path} is outside {folder}: keep sources inside the folder"
        ) from None
    return path


def _published(entry: dict[str, Any], where: str) -> tuple[date | None, str | None]:
    raw = entry.get("published")
    if raw is None:
        return None, None
    text = raw.isoformat() if isinstance(raw, date) else str(raw)
    try:
        published, precision = parse_published(text)
    except Refused as exc:
        raise Refused(f"{where}: {exc}") from None
    return published, str(entry.get("published_precision", precision))


def _load_sources(session: Session, folder: Path, root: Path, result: LoadResult) -> None:
    meta = folder / "sources.toml"
    if not meta.is_file():
        return
    try:
        data = tomllib.loads(meta.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise Refused(f"{meta}: not valid TOML ({exc}): fix the file") from None
    for number, entry in enumerate(data.get("source", []), start=1):
        where = f"{meta} source #{number}"
        if not isinstance(entry, dict) or "id" not in entry or "path" not in entry:
            raise Refused(f"{where}: each [[source]] needs an id and a path")
        existing = session.get(Source, entry["id"])
        if existing is not None:
            continue
        path = _inside(folder / str(entry["path"]), folder, f"{where}: path")
        published, precision = _published(entry, where)
        source = build_source(
            session,
            path,
            root,
            source_id=str(entry["id"]),
            title=entry.get("title"),
            publisher=entry.get("publisher"),
            published=published,
            precision=precision,
            url=entry.get("url"),
        )
        session.add(source)
        result.sources_added.append(source.id)
    session.flush()


def _files(folder: Path, name: str, suffixes: tuple[str, ...]) -> list[Path]:
    found = [folder / f"{name}{s}" for s in suffixes if (folder / f"{name}{s}").is_file()]
    sub = folder / name
    if sub.is_dir():
        found += sorted(p for p in sub.iterdir() if p.suffix.lower() in suffixes)
    return [_inside(p, folder, "file") for p in found]


def _entity_entries(path: Path) -> list[Any]:
    data = load_yaml(path.read_text(encoding="utf-8"), str(path)) or []
    if not isinstance(data, list):
        raise Refused(f"{path}: expected a YAML list of entities")
    return data


def _load_entities(session: Session, folder: Path, result: LoadResult) -> None:
    for path in _files(folder, "entities", (".yaml", ".yml")):
        data = _entity_entries(path)
        for number, entry in enumerate(data, start=1):
            if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
                raise Refused(f"{path} entity #{number}: each entity needs an id and a name")
            kind = entry.get("kind", "other")
            if kind not in ENTITY_KINDS:
                raise Refused(
                    f"{path} entity #{number}: kind {kind!r} is not one of {', '.join(ENTITY_KINDS)}"
                )
            for key in ("id", "name"):
                if not isinstance(entry[key], str):
                    raise Refused(f"{path} entity #{number}: {key} {entry[key]!r} must be text")
            entity = session.get(Entity, entry["id"])
            if entity is None:
                entity = Entity(id=entry["id"], name=entry["name"], kind=kind)
                session.add(entity)
                session.flush()
                result.entities_added += 1
            known = {entity.name.casefold()} | {
                a.name.casefold()
                for a in session.exec(select(Alias).where(Alias.entity_id == entity.id))
            }
            for alias in [entry["name"], *entry.get("aliases", [])]:
                if str(alias).casefold() not in known:
                    session.add(Alias(entity_id=entity.id, name=str(alias)))
                    known.add(str(alias).casefold())
                    result.aliases_added += 1
            session.flush()


def _load_distinctions(session: Session, folder: Path) -> None:
    """`distinct_from` entries, read after every entity exists."""
    for path in _files(folder, "entities", (".yaml", ".yml")):
        for number, entry in enumerate(_entity_entries(path), start=1):
            for other in entry.get("distinct_from", []) or []:
                other_id, reason = (
                    (other, "")
                    if isinstance(other, str)
                    else (other.get("id"), other.get("reason", ""))
                )
                if not other_id:
                    raise Refused(f"{path} entity #{number}: distinct_from entries need an id")
                declare_distinct(session, entry["id"], str(other_id), str(reason))


def load_folder(
    session: Session,
    folder: Path,
    root: Path,
    progress: Callable[[int, int], None] | None = None,
    *,
    max_gap: int = MAX_GAP,
) -> LoadResult:
    """Everything in one transaction (the caller's): a bad record and nothing is written."""
    if not folder.is_dir():
        raise Refused(f"folder {folder} does not exist: give the folder holding sources.toml")
    result = LoadResult()
    _load_sources(session, folder, root, result)
    _load_entities(session, folder, result)
    _load_distinctions(session, folder)
    writer = FactWriter(session, root, created_by="kzfacts load", max_gap=max_gap)
    for path in _files(folder, "facts", FORMATS):
        records = read_records(path)
        fresh = [
            (n, r)
            for n, r in records
            if not (isinstance(r, dict) and session.get(Fact, str(r.get("id"))) is not None)
        ]
        result.facts_unchanged += len(records) - len(fresh)
        accepted, errors = import_records(writer, fresh, progress)
        result.errors.extend((str(path), e) for e in errors)
        writer.write(accepted)
        result.facts_added += len(accepted)
        result.messages.extend(m for a in accepted for m in a.messages)
    return result
