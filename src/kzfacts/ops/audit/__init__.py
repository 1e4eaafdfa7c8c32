"""Auditing a fact base: see `run` for what an audit does and what it re-checks."""

from kzfacts.ops.audit.results import AuditReport, Progress
from kzfacts.ops.audit.run import run_audit

__all__ = ["AuditReport", "Progress", "run_audit"]
