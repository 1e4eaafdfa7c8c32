"""The fact table's columns in JSON form, one conversion for both ways a fact is read: a row
of the ORM (`Fact.to_dict`) and a row an SQLite file gives the standard library (`fact list`,
which must answer without loading SQLAlchemy: this module imports none of it)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

FACT_COLUMNS = (
    "id", "entity_id", "subject", "predicate", "value", "value_low", "value_high", "value_unit",
    "value_category", "value_detail", "as_of", "valid_from", "valid_to", "valid_origin",
    "valid_words", "event_key", "source_id", "quote", "exact", "prefix", "suffix",
    "position_start", "position_end", "anchor_sha256", "anchor_verdict", "anchor_detail",
    "anchor_quote_sha256", "support_key", "note", "supersedes", "created_at", "created_by",
    "updated_at",
)  # fmt: skip
"""The fact table's columns in the order of `store.models.Fact` (a test holds the two equal)."""
AUDIT_COLUMNS = ("last_verified_at", "audit_status", "audit_codes")
"""The last audit's word on a fact: the columns of its `factaudit` row (`store.models.FactAudit`)."""
LISTED_COLUMNS = (*FACT_COLUMNS, *AUDIT_COLUMNS)
"""What `fact list` reads of a fact: its columns, then the last audit's word on it."""
DATE_COLUMNS = frozenset({"valid_from", "valid_to"})
TIME_COLUMNS = frozenset({"last_verified_at", "created_at", "updated_at"})
"""Columns of dates and of moments (stored in UTC): `json_columns` writes them as ISO text."""


def json_columns(columns: Mapping[str, Any]) -> dict[str, Any]:
    """A fact's columns in JSON form: dates and moments as ISO text, moments in UTC with a Z
    (SQLite hands them over as text, the ORM as dates and datetimes: the same text either way)."""
    return {name: _json_value(name, columns[name]) for name in LISTED_COLUMNS}


def fact_document(columns: Mapping[str, Any]) -> dict[str, Any]:
    """A fact as `kzfacts fact list --format json` shows it, from its columns in JSON form: the
    anchor (W3C TextQuote and TextPosition selectors) and the last audit's word grouped."""
    data = dict(columns)
    data["anchor"] = {
        "source": data["source_id"],
        "sha256": data["anchor_sha256"],
        "verdict": data["anchor_verdict"],
        "TextQuoteSelector": {
            "exact": data["exact"], "prefix": data["prefix"], "suffix": data["suffix"],
        },
        "TextPositionSelector": {"start": data["position_start"], "end": data["position_end"]},
    }  # fmt: skip
    for key in (
        "exact",
        "prefix",
        "suffix",
        "position_start",
        "position_end",
        "anchor_sha256",
        "anchor_verdict",
    ):
        data.pop(key, None)
    codes = data.pop("audit_codes", None)
    data["audit"] = {
        "status": data.pop("audit_status", None),
        "codes": codes.split(",") if codes else [],
        "verified_at": data.pop("last_verified_at", None),
    }
    return data


def _json_value(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in TIME_COLUMNS:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        aware = moment.replace(tzinfo=UTC) if moment.utcoffset() is None else moment
        return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if name in DATE_COLUMNS:
        return (value if isinstance(value, date) else date.fromisoformat(value)).isoformat()
    return value
