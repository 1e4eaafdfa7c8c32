"""Counts as the reports word them: "1 error", "2 warnings" (one home, for every format)."""

from __future__ import annotations

from typing import Any


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def finding_counts(errors: int, warnings: int, notices: int) -> str:
    """ "2 errors, 1 warning, 0 notices"."""
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}, {plural(notices, 'notice')}"


def audited(summary: dict[str, Any]) -> str:
    """ "audited 7 facts in 2 sources: " when the summary counts them, else nothing."""
    facts, sources = summary.get("facts_checked"), summary.get("sources_checked")
    if facts is None:
        return ""
    return f"audited {plural(facts, 'fact')} in {plural(sources or 0, 'source')}: "


def run_label(summary: dict[str, Any]) -> str:
    """ " (run 7)" for an audit's recorded run; a dry run records none (its run is None), and
    says so rather than name the number the run would have had; a check has no run."""
    if "run" not in summary:
        return ""
    run = summary["run"]
    return " (dry run, not recorded)" if run is None else f" (run {run})"
