"""`FactDB`: a kzfacts database opened from Python, a thin layer over the services in `services/`.

The CLI and this class call the same services, so a fact added here is checked exactly as
`kzfacts fact add` checks it, and an audit here is `kzfacts audit`. Each write is one
transaction: committed whole, or (refused, or `dry_run`) not at all. See docs/api.md.

The class is made of one part for each capability: opening the database and its units of
work (`api_connection`), facts (`api_facts`), audits and drafts (`api_audit`).
"""

from __future__ import annotations

from kzfacts.api_audit import AuditAPI
from kzfacts.api_facts import VIA, FactsAPI

__all__ = ["VIA", "FactDB"]


class FactDB(FactsAPI, AuditAPI):
    """A kzfacts database at its schema head, and the folder its source paths are relative to.

    Open it with `FactDB.open`; close it with `close()` or a `with` block.
    """
