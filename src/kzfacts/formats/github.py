"""GitHub Actions workflow commands: each finding becomes an annotation on the file it points at.

Pure. GitHub parses `::level key=value,…::message` at the start of a line, so user text is
escaped by its rules: a newline in a quote would otherwise end the command and start a new
line that GitHub reads on its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kzfacts.checks.findings import Finding, Severity, summarize
from kzfacts.formats.counts import audited, finding_counts, run_label
from kzfacts.formats.headline import headline
from kzfacts.formats.paths import FileNames

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """A command's message: % first, so the escapes themselves survive."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value also ends at `,` and the message starts after `::`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _properties(finding: Finding, names: FileNames) -> str:
    """`file` relative to `names.base` (the runner reads it from the repository's root), or,
    for a file outside it, its absolute path: the runner makes one under the checkout relative
    to it, and shows one elsewhere as it is (a `../` path would name a wrong file)."""
    pairs: list[tuple[str, str]] = []
    location = finding.location
    if location is not None:
        pairs.append(("file", names.reference(location.path)[0]))
    if location is not None and location.in_file:  # else on the file: see `Location.in_file`
        pairs += [("line", str(location.line)), ("col", str(location.column))]
        if location.end_line is not None and location.end_column is not None:
            pairs += [("endLine", str(location.end_line)), ("endColumn", str(location.end_column))]
    pairs.append(("title", finding.code.value))
    return ",".join(f"{key}={escape_property(value)}" for key, value in pairs)


def annotation(finding: Finding, names: FileNames) -> str:
    """The message names the pages of a quote in a PDF, as the text report and SARIF do: the
    annotation stands on the whole file."""
    message = escape_data(headline(finding))
    return f"::{COMMAND[finding.severity]} {_properties(finding, names)}::{message}"


def summary_line(findings: list[Finding], summary: dict[str, Any]) -> str:
    counts = summarize(findings)
    found = finding_counts(
        summary.get("errors", counts["error"]),
        summary.get("warnings", counts["warning"]),
        summary.get("info", counts["info"]),
    )
    return f"kzfacts: {audited(summary)}{found}{run_label(summary)}"


def render_github(
    findings: list[Finding],
    summary: dict[str, Any],
    base: Path | None = None,
    start: Path | None = None,
) -> str:
    """One workflow command per finding, then one plain summary line for the log; `base` is
    the folder files are named from and `start` the one relative paths start from, as in
    SARIF."""
    names = FileNames(base, start)
    lines = [annotation(f, names) for f in findings]
    return "\n".join([*lines, summary_line(findings, summary)])
