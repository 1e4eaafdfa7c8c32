"""fact history: every version of every fact, with who changed it, when and why

Revision ID: 0007
Revises: 0002
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The fields a version records, as in the fact table.
RECORDED = (
    "subject", "entity_id", "predicate", "value", "as_of", "note", "source_id", "quote",
    "supersedes",
)  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "factversion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("changed_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("via", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("entity_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("predicate", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("as_of", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("quote", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("supersedes", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_factversion")),
        sa.UniqueConstraint("fact_id", "version", name=op.f("uq_factversion_fact_id")),
    )
    with op.batch_alter_table("factversion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_factversion_fact_id"), ["fact_id"], unique=False)
    # Facts written before history was kept get their first version from their own row.
    columns = ", ".join(RECORDED)
    op.execute(
        "INSERT INTO factversion (fact_id, version, action, changed_by, changed_at, via, "
        f"{columns}) SELECT id, 1, 'added', COALESCE(created_by, 'unknown'), created_at, "
        f"created_by, {columns} FROM fact"
    )


def downgrade() -> None:
    with op.batch_alter_table("factversion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_factversion_fact_id"))
    op.drop_table("factversion")
