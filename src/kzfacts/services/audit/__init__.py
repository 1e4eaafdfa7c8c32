"""Auditing a fact base: see `run` for what an audit does and what it re-checks."""

from kzfacts.services.audit.results import AuditReport, Progress
from kzfacts.services.audit.run import run_audit

__all__ = ["AuditReport", "Progress", "run_audit"]
