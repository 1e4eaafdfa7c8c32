"""Loading a folder: register its sources and entities and import its facts; idempotent."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from kzfacts.services.entities import ENTITY_KINDS, declare_distinct, name_kind
from kzfacts.services.errors import BadPath, Refused, refuse_invisible
from kzfacts.services.facts.imports import RecordError, import_records
from kzfacts.services.facts.writer import FactWriter
from kzfacts.services.records.read import FORMATS, load_yaml, read_records
from kzfacts.services.sources.registry import build_source, check_id, parse_covers, parse_published
from kzfacts.store.models import Alias, Entity, Fact, Source
from kzfacts.store.session_store import SessionStore
from kzfacts.text.limits import MAX_GAP


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


def _covers(entry: dict[str, Any], where: str) -> str | None:
    raw = entry.get("covers")
    if raw is None:
        return None
    try:
        return parse_covers(str(raw))
    except Refused as exc:
        raise Refused(f"{where}: {exc}") from None


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
            covers=_covers(entry, where),
        )
        session.add(source)
        result.sources_added.append(source.id)
    session.flush()


_ENTITY_FILES = (".yaml", ".yml")


def _found(folder: Path, name: str, suffixes: tuple[str, ...]) -> list[Path]:
    """`name.yaml` (each suffix) and `name/*.yaml`: the files `load` reads, not yet checked."""
    found = [folder / f"{name}{s}" for s in suffixes if (folder / f"{name}{s}").is_file()]
    sub = folder / name
    if sub.is_dir():
        found += sorted(p for p in sub.iterdir() if p.suffix.lower() in suffixes)
    return found


def _files(folder: Path, name: str, suffixes: tuple[str, ...]) -> list[Path]:
    return [_inside(p, folder, "file") for p in _found(folder, name, suffixes)]


def _check_folder(folder: Path) -> None:
    """Refuse a path that is not a folder `load` reads anything from (a wrong folder given to
    a CI step would otherwise load nothing and pass): exit 2, as a path that names nothing."""
    if not folder.exists():
        raise BadPath(f"folder {folder} does not exist: give the folder holding sources.toml")
    if not folder.is_dir():
        raise BadPath(f"{folder} is not a folder: give the folder holding sources.toml")
    if not (
        (folder / "sources.toml").is_file()
        or _found(folder, "entities", _ENTITY_FILES)
        or _found(folder, "facts", FORMATS)
    ):
        raise BadPath(
            f"folder {folder} holds no sources.toml, entities/*.yaml or "
            "facts/*.(yaml|jsonl|csv): give the folder holding sources.toml"
        )


def _entity_entries(path: Path) -> list[Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(
            f"{path} is not UTF-8 (bad byte at offset {exc.start}): convert it, "
            "e.g. iconv -t UTF-8; nothing was loaded"
        ) from None
    data = load_yaml(text, str(path)) or []
    if not isinstance(data, list):
        raise Refused(f"{path}: expected a YAML list of entities")
    return data


def _names(entry: dict[str, Any], where: str) -> list[str]:
    """The entity's name and aliases, checked as `entity` commands check them."""
    aliases = entry.get("aliases")
    if aliases is None:
        aliases = []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise Refused(f"{where}: aliases must be a list of names, e.g. aliases: [Name, Other]")
    surnames = entry.get("surnames") or []
    if not isinstance(surnames, list) or not all(isinstance(a, str) for a in surnames):
        raise Refused(f"{where}: surnames must be a list of names, e.g. surnames: [Kozlov]")
    names = [entry["name"], *aliases, *surnames]
    for name in names:
        try:
            refuse_invisible("entity name", name)
        except Refused as exc:
            raise Refused(f"{where}: {exc}") from None
    return names


def _distinct_from(entry: dict[str, Any], where: str) -> list[tuple[str, str]]:
    """(other id, reason) pairs of `distinct_from`: ids, or {id, reason} mappings."""
    entries = entry.get("distinct_from") or []
    if not isinstance(entries, list):
        entries = [entries]
    pairs = []
    for other in entries:
        if isinstance(other, str):
            pairs.append((other, ""))
        elif isinstance(other, dict) and isinstance(other.get("id"), str) and other["id"]:
            pairs.append((other["id"], str(other.get("reason") or "")))
        else:
            raise Refused(
                f"{where}: distinct_from entries are entity ids or {{id, reason}}, not {other!r}"
            )
    return pairs


def _load_entities(session: Session, folder: Path, result: LoadResult) -> None:
    # Entities and names read once and written in two flushes (entities, then their aliases):
    # a query or two per entity made a folder of 20,000 people take minutes.
    entities = {entity.id: entity for entity in session.exec(select(Entity))}
    known_names: dict[str, set[str]] = defaultdict(set)
    for known_alias in session.exec(select(Alias)):
        known_names[known_alias.entity_id].add(known_alias.name.casefold())
    aliases: list[Alias] = []
    for path in _files(folder, "entities", _ENTITY_FILES):
        data = _entity_entries(path)
        for number, entry in enumerate(data, start=1):
            if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
                raise Refused(f"{path} entity #{number}: each entity needs an id and a name")
            kind = entry.get("kind", "other")
            if kind not in ENTITY_KINDS:
                raise Refused(
                    f"{path} entity #{number}: kind {kind!r} is not one of {', '.join(ENTITY_KINDS)}"
                )
            where = f"{path} entity #{number}"
            for key in ("id", "name"):
                if not isinstance(entry[key], str):
                    raise Refused(f"{where}: {key} {entry[key]!r} must be text")
            try:
                check_id("entity", entry["id"])
            except Refused as exc:
                raise Refused(f"{where}: {exc}") from None
            names = _names(entry, where)
            entity = entities.get(entry["id"])
            if entity is None:
                entity = Entity(id=entry["id"], name=entry["name"], kind=kind)
                session.add(entity)
                entities[entity.id] = entity
                result.entities_added += 1
            known = known_names[entity.id]
            known.add(entity.name.casefold())
            origin = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            for alias in names:
                if alias.casefold() not in known:
                    alias_kind = name_kind(entity, alias)
                    aliases.append(
                        Alias(entity_id=entity.id, name=alias, kind=alias_kind, origin=origin)
                    )
                    known.add(alias.casefold())
                    result.aliases_added += 1
    session.flush()  # the entities first: their aliases refer to them
    session.add_all(aliases)
    session.flush()


def _load_distinctions(session: Session, folder: Path) -> None:
    """`distinct_from` entries, read after every entity exists."""
    for path in _files(folder, "entities", _ENTITY_FILES):
        for number, entry in enumerate(_entity_entries(path), start=1):
            for other_id, reason in _distinct_from(entry, f"{path} entity #{number}"):
                declare_distinct(session, entry["id"], other_id, reason)


def load_folder(
    session: Session,
    folder: Path,
    root: Path,
    progress: Callable[[int, int], None] | None = None,
    *,
    max_gap: int = MAX_GAP,
) -> LoadResult:
    """Everything in one transaction (the caller's): a bad record and nothing is written."""
    _check_folder(folder)
    result = LoadResult()
    _load_sources(session, folder, root, result)
    _load_entities(session, folder, result)
    _load_distinctions(session, folder)
    writer = FactWriter(SessionStore(session), root, created_by="kzfacts load", max_gap=max_gap)
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
        refused = {error.number for error in errors}
        numbers = [number for number, _ in fresh if number not in refused]
        result.messages.extend(
            f"{path}:{number} ({fact.id!r}): {message}"  # as a refused record is named
            for fact, number in zip(accepted, numbers, strict=True)
            for message in fact.messages
        )
    return result
