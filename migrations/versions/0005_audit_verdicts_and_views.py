"""each fact's verdict of the last audit; readable views of facts and findings

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-01

`fact.last_verified_at`, `fact.audit_status` (ok, warning, error) and `fact.audit_codes` hold
what the last audit found about each fact, so that SQL and Datasette agree with it.
`fact_view` shows every fact with its value bounds readable (ISO dates; durations in the unit
the value was written in) and its source; `finding_view` shows every finding with the fact and
the source it is about.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Durations are stored in days (a year is 365.25 days, a month 30.4375); shown in the unit
# the value was written in.
_DURATION_UNIT = """CASE
    WHEN lower(f.value) LIKE '%year%' THEN 'years'
    WHEN lower(f.value) LIKE '%month%' THEN 'months'
    WHEN lower(f.value) LIKE '%week%' THEN 'weeks'
    ELSE 'days' END"""
_DAYS_PER_UNIT = """CASE
    WHEN lower(f.value) LIKE '%year%' THEN 365.25
    WHEN lower(f.value) LIKE '%month%' THEN 30.4375
    WHEN lower(f.value) LIKE '%week%' THEN 7.0
    ELSE 1.0 END"""


def _number(expression: str, dialect: str) -> str:
    """A number as text, the same on both databases: 4 (not 4.0), 2.5."""
    integer = "INTEGER" if dialect == "sqlite" else "BIGINT"
    real = "REAL" if dialect == "sqlite" else "DOUBLE PRECISION"
    value = f"CAST({expression} AS {real})"
    return f"""CASE
        WHEN abs({value}) < 1e15 AND {value} = CAST({value} AS {integer})
        THEN CAST(CAST({value} AS {integer}) AS TEXT)
        ELSE CAST({value} AS TEXT) END"""


def _bound(column: str, dialect: str) -> str:
    """One value bound as text: an ISO date, a duration in its written unit, or the number
    (none for a status: value_category names it)."""
    if dialect == "sqlite":
        as_date = f"date(f.{column} + 1721424.5)"  # proleptic Gregorian ordinal → ISO date
        in_unit = f"round(f.{column} / ({_DAYS_PER_UNIT}), 4)"
    else:
        as_date = f"CAST(DATE '0001-01-01' + CAST(f.{column} AS INTEGER) - 1 AS TEXT)"
        in_unit = f"round(CAST(f.{column} / ({_DAYS_PER_UNIT}) AS NUMERIC), 4)"
    return f"""CASE
        WHEN f.{column} IS NULL OR p.value_type = 'status' THEN NULL
        WHEN p.value_type = 'date' THEN {as_date}
        WHEN p.value_type = 'duration' THEN {_number(in_unit, dialect)}
        ELSE {_number(f"f.{column}", dialect)} END"""


def _fact_view(dialect: str) -> str:
    return f"""CREATE VIEW fact_view AS
SELECT
    f.id AS id,
    f.subject AS subject,
    f.entity_id AS entity_id,
    e.name AS entity_name,
    f.predicate AS predicate,
    p.value_type AS value_type,
    f.value AS value,
    {_bound("value_low", dialect)} AS value_from,
    {_bound("value_high", dialect)} AS value_to,
    CASE
        WHEN p.value_type = 'duration' THEN {_DURATION_UNIT}
        WHEN p.value_type = 'date' THEN 'date'
        ELSE f.value_unit END AS value_unit,
    f.value_category AS value_category,
    f.as_of AS as_of,
    f.valid_from AS valid_from,
    f.valid_to AS valid_to,
    f.source_id AS source_id,
    s.title AS source_title,
    s.url AS source_url,
    s.path AS source_path,
    f.quote AS quote,
    f.position_start AS position_start,
    f.position_end AS position_end,
    f.anchor_verdict AS anchor_verdict,
    f.audit_status AS audit_status,
    f.audit_codes AS audit_codes,
    f.last_verified_at AS last_verified_at,
    f.supersedes AS supersedes,
    f.note AS note
FROM fact f
JOIN predicate p ON p.name = f.predicate
LEFT JOIN entity e ON e.id = f.entity_id
LEFT JOIN source s ON s.id = f.source_id"""


FINDING_VIEW = """CREATE VIEW finding_view AS
SELECT
    g.id AS id,
    g.run_id AS run_id,
    r.started_at AS run_started_at,
    g.code AS code,
    g.severity AS severity,
    g.fact_id AS fact_id,
    f.subject AS fact_subject,
    f.predicate AS fact_predicate,
    f.value AS fact_value,
    f.quote AS fact_quote,
    g.source_id AS source_id,
    s.title AS source_title,
    s.path AS source_path,
    s.url AS source_url,
    g.message AS message
FROM finding g
JOIN auditrun r ON r.id = g.run_id
LEFT JOIN fact f ON f.id = g.fact_id
LEFT JOIN source s ON s.id = COALESCE(g.source_id, f.source_id)"""


def upgrade() -> None:
    with op.batch_alter_table("fact", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("last_verified_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("audit_status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True)
        )
        batch_op.add_column(
            sa.Column("audit_codes", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_fact_audit_status"), ["audit_status"], unique=False)
    op.execute(_fact_view(op.get_bind().dialect.name))
    op.execute(FINDING_VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW finding_view")
    op.execute("DROP VIEW fact_view")
    with op.batch_alter_table("fact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_audit_status"))
        batch_op.drop_column("audit_codes")
        batch_op.drop_column("audit_status")
        batch_op.drop_column("last_verified_at")
