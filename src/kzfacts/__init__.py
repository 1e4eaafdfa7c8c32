"""kzfacts: cited facts whose quoted source spans are verified, and an audit that re-checks them.

The Python API (docs/api.md): `FactDB.open(...)` for a database, and the pure functions
`anchor_quote`, `parse_value` and `verify_fact`. A fact has three shapes: the stored row
(`Fact`), the fact as stated (`FactInput`) and the verified result (`FactResult`). Names are imported on first use, so that
`import kzfacts` (and `kzfacts --version`) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

_HOMES = {
    "FactDB": "kzfacts.api",
    "anchor_quote": "kzfacts.verify",
    "verify_fact": "kzfacts.verify",
    "parse_value": "kzfacts.values",
    "Value": "kzfacts.values",
    "ValueParseError": "kzfacts.values",
    "EditedFact": "kzfacts.results",
    "ImportResult": "kzfacts.results",
    "QuoteAnchor": "kzfacts.results",
    "RecordsRefused": "kzfacts.results",
    "AuditReport": "kzfacts.services.audit",
    "EntityProfile": "kzfacts.services.facts.timeline",
    "Fact": "kzfacts.store.models",
    "FactInput": "kzfacts.checks.fact",
    "FactResult": "kzfacts.checks.fact",
    "Finding": "kzfacts.checks.findings",
    "Code": "kzfacts.checks.findings",
    "Severity": "kzfacts.checks.findings",
    "Refused": "kzfacts.services.errors",
    "ConfigError": "kzfacts.store.errors",
}
"""Each public name and the module that defines it."""

__all__ = [
    "AuditReport",
    "Code",
    "ConfigError",
    "EditedFact",
    "EntityProfile",
    "Fact",
    "FactDB",
    "FactInput",
    "FactResult",
    "Finding",
    "ImportResult",
    "QuoteAnchor",
    "RecordsRefused",
    "Refused",
    "Severity",
    "Value",
    "ValueParseError",
    "__version__",
    "anchor_quote",
    "parse_value",
    "verify_fact",
]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'kzfacts' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names too, before they are first used (for completion in a notebook)."""
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:
    from kzfacts.api import FactDB
    from kzfacts.checks.fact import FactInput, FactResult
    from kzfacts.checks.findings import Code, Finding, Severity
    from kzfacts.results import EditedFact, ImportResult, QuoteAnchor, RecordsRefused
    from kzfacts.services.audit import AuditReport
    from kzfacts.services.errors import Refused
    from kzfacts.services.facts.timeline import EntityProfile
    from kzfacts.store.errors import ConfigError
    from kzfacts.store.models import Fact
    from kzfacts.values import Value, ValueParseError, parse_value
    from kzfacts.verify import anchor_quote, verify_fact
