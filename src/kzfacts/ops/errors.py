"""Errors a user can cause. The CLI prints the message on one line and exits 1 or 2."""

from __future__ import annotations

from kzfacts.checks.findings import Finding


class Refused(Exception):
    """Input refused (exit 1): the message names the input and how to fix it."""

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []
