"""Auditing a fact base: see `run` for what an audit does and what it re-checks, and `warm` for
the audit that finds nothing changed. Names load on first use: a warm audit of an SQLite file
imports `warm` without `run` (and SQLAlchemy)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_HOMES = {
    "AuditReport": "kzfacts.services.audit.results",
    "Progress": "kzfacts.services.audit.results",
    "run_audit": "kzfacts.services.audit.run",
}

__all__ = ["AuditReport", "Progress", "run_audit"]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)


if TYPE_CHECKING:
    from kzfacts.services.audit.results import AuditReport, Progress
    from kzfacts.services.audit.run import run_audit
