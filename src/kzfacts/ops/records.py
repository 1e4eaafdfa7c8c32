"""Reading fact records from .jsonl, .yaml and .csv files, each with its line or record number."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import yaml

from kzfacts.ops.errors import Refused

FORMATS = (".jsonl", ".yaml", ".yml", ".csv")


class TextDatesLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader where available, reading dates as text: kzfacts parses them itself,
    and an impossible date ("2012-02-30") gets kzfacts' message, not PyYAML's exception."""


TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str, where: str) -> Any:
    """A YAML document, or Refused naming the file and line."""
    try:
        return yaml.load(text, Loader=TextDatesLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise Refused(
            f"{where}{line}: not valid YAML: fix the file; nothing was imported"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise Refused(
            f"{where}: unreadable value ({exc}): fix the file; nothing was imported"
        ) from None


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise Refused(f"file {path} does not exist: check the path")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise Refused(f"file {path} is not UTF-8 text: convert it first") from None


def read_records(path: Path) -> list[tuple[int, Any]]:
    """(line or record number, record) pairs; a file that cannot be parsed at all is refused."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise Refused(f"file {path} has an unknown format: use one of {', '.join(FORMATS)}")
    text = _read_text(path)
    if suffix == ".jsonl":
        records: list[tuple[int, Any]] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise Refused(
                    f"{path}:{number}: not valid JSON ({exc.msg}, column {exc.colno}): "
                    "fix or remove the line; nothing was imported"
                ) from None
            except (ValueError, RecursionError) as exc:
                reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
                raise Refused(
                    f"{path}:{number}: not valid JSON ({reason}): "
                    "fix or remove the line; nothing was imported"
                ) from None
        return records
    if suffix == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        rows = []
        for row in reader:
            if None in row:
                raise Refused(
                    f"{path}:{reader.line_num}: more cells than header columns: quote fields with commas"
                )
            rows.append((reader.line_num, {k: v for k, v in row.items() if v not in (None, "")}))
        return rows
    data = load_yaml(text, str(path))
    if data is None:
        return []
    if not isinstance(data, list):
        raise Refused(f"{path}: expected a YAML list of fact records")
    return list(enumerate(data, start=1))
