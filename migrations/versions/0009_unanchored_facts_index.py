"""an index of the facts with no record of their verified quote

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

An audit re-checks every fact whose `anchor_quote_sha256` is NULL (a restored database has no
record of which quote was verified). Asking whether there is any such fact read the whole
`fact` table on every audit, the largest read of a warm audit; this partial index holds only
those facts (none, usually), so the question reads an empty index.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNANCHORED = "anchor_quote_sha256 IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("fact", schema=None) as batch_op:
        batch_op.create_index(
            "ix_fact_unanchored",
            ["id"],
            unique=False,
            sqlite_where=sa.text(UNANCHORED),
            postgresql_where=sa.text(UNANCHORED),
        )


def downgrade() -> None:
    with op.batch_alter_table("fact", schema=None) as batch_op:
        batch_op.drop_index("ix_fact_unanchored")
