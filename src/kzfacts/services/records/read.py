"""Reading fact records from .jsonl, .yaml and .csv files, each with its line or record number."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import yaml

from kzfacts.services.errors import BadPath, Refused

FORMATS = (".jsonl", ".yaml", ".yml", ".csv")


class TextDatesLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader where available, reading dates as text: kzfacts parses them itself,
    and an impossible date ("2012-02-30") gets kzfacts' message, not PyYAML's exception."""


TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


MAX_YAML_NODES = 1_000_000
"""A document whose aliases expand past this many nodes is refused before it is built (an
alias bomb: a few hundred bytes that would expand to gigabytes)."""


def _expanded_size(root: yaml.Node) -> float:
    """How many nodes the document holds once every alias is expanded, counted without
    expanding anything: each distinct node is sized once (linear in the document). A node
    that contains itself (`&a [*a]`) expands without end."""
    sizes: dict[int, float] = {}
    visiting: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        if children_done or not children:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
            continue
        if id(node) in visiting:
            return math.inf
        visiting.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]


def load_yaml(text: str, where: str) -> Any:
    """A YAML document, or Refused naming the file and line."""
    try:
        loader = TextDatesLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            if _expanded_size(node) > MAX_YAML_NODES:
                raise Refused(
                    f"{where}: its aliases (*name) expand to more than {MAX_YAML_NODES:,} values: "
                    "write the records out without aliases; nothing was imported"
                )
            return loader.construct_document(node)
        finally:
            loader.dispose()
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


def _lone_surrogate(value: Any) -> int | None:
    """The code point of a lone surrogate a string of the JSON value holds (`"\\ud800"`: it is
    no character, and no text can hold it), or None."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                return ord(item[exc.start])
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise BadPath(f"file {path} does not exist: check the path")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise Refused(f"file {path} is not UTF-8 text: convert it first") from None


BAD_LINES_NAMED = 10
"""Lines of a records file that cannot be read that one refusal names, at most (it counts the
rest): the file is read to its end, so that one pass over it fixes every line."""


_FIX_LINE = "fix or remove the line"


def _jsonl_records(path: Path, text: str) -> list[tuple[int, Any]]:
    """Each line's record; refused, naming every line that is no JSON record, when one is."""
    records: list[tuple[int, Any]] = []
    bad: list[tuple[int, str, str]] = []  # (line, why it cannot be read, how to fix it)
    # Records end at \n only: U+2028, U+2029 and the like may stand inside a JSON string.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            bad.append((number, f"not valid JSON ({exc.msg}, column {exc.colno})", _FIX_LINE))
            continue
        except (ValueError, RecursionError) as exc:
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
            bad.append((number, f"not valid JSON ({reason})", _FIX_LINE))
            continue
        # A lone surrogate reaches a string only through a \u escape: the file itself was
        # decoded as strict UTF-8. A line without one needs no walk of its strings.
        surrogate = _lone_surrogate(record) if "\\u" in line else None
        if surrogate is not None:
            why = f"a string holds a lone surrogate (U+{surrogate:04X}), which is not a character"
            bad.append((number, why, "fix the \\u escape"))
            continue
        records.append((number, record))
    if len(bad) == 1:
        ((number, why, fix),) = bad
        raise Refused(f"{path}:{number}: {why}: {fix}; nothing was imported")
    if bad:
        named = "; ".join(f"line {number}: {why}" for number, why, _ in bad[:BAD_LINES_NAMED])
        more = f"; and {len(bad) - BAD_LINES_NAMED} more" if len(bad) > BAD_LINES_NAMED else ""
        raise Refused(
            f"{path}: {len(bad)} lines cannot be read ({named}{more}): fix or remove them; "
            "nothing was imported"
        )
    return records


def read_records(path: Path) -> list[tuple[int, Any]]:
    """(line or record number, record) pairs; a file that cannot be parsed at all is refused."""
    suffix = path.suffix.lower()
    if path.is_dir():
        raise BadPath(f"{path} is a folder: give a records file ({', '.join(FORMATS)})")
    if suffix not in FORMATS:
        raise Refused(f"file {path} has an unknown format: use one of {', '.join(FORMATS)}")
    text = _read_text(path)
    if suffix == ".jsonl":
        return _jsonl_records(path, text)
    if suffix == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        rows = []
        try:
            for row in reader:
                if None in row:
                    raise Refused(
                        f"{path}:{reader.line_num}: more cells than header columns: quote fields with commas"
                    )
                rows.append(
                    (reader.line_num, {k: v for k, v in row.items() if v not in (None, "")})
                )
        except csv.Error as exc:
            raise Refused(
                f"{path}:{reader.line_num + 1}: not valid CSV ({exc}): fix the line; "
                "nothing was imported"
            ) from None
        return rows
    data = load_yaml(text, str(path))
    if data is None:
        return []
    if not isinstance(data, list):
        raise Refused(f"{path}: expected a YAML list of fact records")
    return list(enumerate(data, start=1))
