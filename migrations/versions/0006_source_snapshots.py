"""source snapshots: every text kzfacts verified quotes against, kept in the database

Revision ID: 0006
Revises: 0002
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "snapshot",
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_snapshot")),
    )
    op.create_table(
        "sourceversion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("seen_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"], ["snapshot.sha256"], name=op.f("fk_sourceversion_sha256_snapshot")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_sourceversion_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sourceversion")),
        sa.UniqueConstraint("source_id", "sha256", name=op.f("uq_sourceversion_source_id")),
    )
    with op.batch_alter_table("sourceversion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sourceversion_source_id"), ["source_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sourceversion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sourceversion_source_id"))
    op.drop_table("sourceversion")
    op.drop_table("snapshot")
