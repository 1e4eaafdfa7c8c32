"""events, times of validity and alias origins

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-01

Aliases record where they came from and whether they are a surname alone (a separate lookup:
it resolves a subject only when one entity has that surname). Facts record the key of the
event they are about and where their time of validity came from. One-word aliases of people
become surnames.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("alias", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                sqlmodel.sql.sqltypes.AutoString(length=10),
                nullable=False,
                server_default="alias",
            )
        )
        batch_op.add_column(
            sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
    with op.batch_alter_table("fact", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("event_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
        )
        batch_op.add_column(
            sa.Column("valid_origin", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True)
        )
        batch_op.add_column(
            sa.Column("valid_words", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
        )
    alias = sa.table(
        "alias", sa.column("entity_id", sa.String), sa.column("name", sa.String),
        sa.column("kind", sa.String),
    )  # fmt: skip
    entity = sa.table("entity", sa.column("id", sa.String), sa.column("kind", sa.String))
    people = sa.select(entity.c.id).where(entity.c.kind == "person")
    op.execute(
        alias.update()
        .where(alias.c.entity_id.in_(people), ~alias.c.name.contains(" "))
        .values(kind="surname")
    )
    fact = sa.table("fact", sa.column("as_of", sa.String), sa.column("valid_origin", sa.String))
    op.execute(fact.update().where(fact.c.as_of.is_not(None)).values(valid_origin="as_of"))
    op.execute(fact.update().where(fact.c.as_of.is_(None)).values(valid_origin="published"))


def downgrade() -> None:
    with op.batch_alter_table("fact", schema=None) as batch_op:
        batch_op.drop_column("valid_words")
        batch_op.drop_column("valid_origin")
        batch_op.drop_column("event_key")
    with op.batch_alter_table("alias", schema=None) as batch_op:
        batch_op.drop_column("origin")
        batch_op.drop_column("kind")
