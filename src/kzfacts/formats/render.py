"""One entry point for rendering findings in every output format (audit and check alike)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

from kzfacts.checks.findings import Finding
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
    """`run_kind` (audit or check) names a SARIF run; `base` is the folder relative paths
    start from, in SARIF and annotations."""
    if output is FindingFormat.JSON:
        return audit_json(findings, summary)
    if output is FindingFormat.SARIF:
        from kzfacts.formats.sarif import render_sarif

        return render_sarif(findings, summary, run_kind=run_kind, base=base)
    if output is FindingFormat.GITHUB:
        from kzfacts.formats.github import render_github

        return render_github(findings, summary, base)
    return audit_text(findings, summary)
