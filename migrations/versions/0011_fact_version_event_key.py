"""fact history records each version's event key, so that changing it is a visible change

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04

`fact edit --event` changes the key that decides which facts are about one event (and so
which can contradict each other); a history without it would hide the change. Before this
revision no command could change a fact's key after it was added, so every version since a
fact was (last) added had the key its row has now: those versions are filled from the fact's
row. The versions of a removed fact, and those of an earlier fact under a re-used id, keep
NULL: their key was not recorded.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FILL = """
UPDATE factversion
SET event_key = (SELECT fact.event_key FROM fact WHERE fact.id = factversion.fact_id)
WHERE fact_id IN (SELECT id FROM fact WHERE event_key IS NOT NULL)
  AND version > COALESCE(
    (SELECT max(removal.version) FROM factversion removal
     WHERE removal.fact_id = factversion.fact_id AND removal.action = 'removed'),
    0)
"""
"""The versions of each stored fact with a key since it was last added get that key."""


def upgrade() -> None:
    with op.batch_alter_table("factversion", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("event_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
        )
    op.execute(FILL)


def downgrade() -> None:
    with op.batch_alter_table("factversion", schema=None) as batch_op:
        batch_op.drop_column("event_key")
