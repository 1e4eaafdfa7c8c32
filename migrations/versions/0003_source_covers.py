"""source covers: the period a source reports on; every fact re-checked by the next audit

Values are now read from the located source span and bound to the predicate, and dates
without a year take it from the text: the next audit, incremental or not, re-checks every
fact under these rules (their rows count as changed, their passed value checks as unknown).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


fact = sa.table(
    "fact",
    sa.column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime()),
    sa.column("support_key", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("covers", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True)
        )
    op.execute(fact.update().values(updated_at=datetime.now(UTC), support_key=None))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN in place (SQLite 3.35 or later): copying the table, as batch
    # mode otherwise does on SQLite, is refused while facts refer to their sources.
    with op.batch_alter_table("source", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("covers")
