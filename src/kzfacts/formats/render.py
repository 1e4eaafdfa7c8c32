"""One entry point for rendering findings in every output format (audit and check alike)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

from kzfacts.checks.findings import Finding
from kzfacts.formats.paths import FileNames
from kzfacts.formats.report import audit_json, audit_text


class FindingFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"


def render_findings(
    findings: list[Finding],
    summary: dict[str, Any],
    output: FindingFormat,
    *,
    run_kind: str = "audit",
    base: Path | None = None,
) -> str:
    """`run_kind` (audit or check) names a SARIF run; `base` is the folder the findings'
    relative paths start from (the sources root, or the working folder of a check). SARIF and
    annotations name files from the root of the repository that holds the working folder, and
    from `base` outside any repository (`FileNames.for_code_scanning`)."""
    if output is FindingFormat.JSON:
        return audit_json(findings, summary)
    if output is FindingFormat.SARIF:
        from kzfacts.formats.sarif import render_sarif

        names = FileNames.for_code_scanning(base)
        return render_sarif(
            findings, summary, run_kind=run_kind, base=names.base, start=names.start
        )
    if output is FindingFormat.GITHUB:
        from kzfacts.formats.github import render_github

        names = FileNames.for_code_scanning(base)
        return render_github(findings, summary, names.base, names.start)
    return audit_text(findings, summary)
