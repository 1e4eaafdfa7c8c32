"""predicate vocabulary

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (name, value type, may change over time, description)
VOCABULARY = [
    ("sentence_length", "duration", True, "length of a prison or colony sentence"),
    ("ban_length", "duration", True, "length of a ban (e.g. from practising journalism)"),
    ("detention_length", "duration", False, "length of an administrative detention or custody"),
    ("duration", "duration", False, "any other length of time (the note says what)"),
    ("sentence_date", "date", False, "date of sentencing or conviction"),
    ("release_date", "date", False, "date of release"),
    ("arrest_date", "date", False, "date of arrest or detention"),
    ("event_date", "date", False, "date of an event: meeting, attack, raid, ruling, publication"),
    ("law_adopted_date", "date", False, "date a law was adopted, signed or enacted"),
    ("law_in_force_date", "date", False, "date a law came into force"),
    ("registration_date", "date", False, "date an organisation, party or outlet was registered"),
    ("closure_date", "date", False, "date an organisation, party or outlet was closed"),
    ("death_toll", "count", False, "people killed"),
    ("injured_count", "count", False, "people wounded or injured"),
    ("detained_count", "count", False, "people detained or arrested"),
    ("participant_count", "count", False, "participants in a protest, attack or event"),
    ("member_count", "count", False, "members required or held"),
    ("confiscated_count", "count", False, "copies or items confiscated"),
    ("closed_count", "count", False, "organisations, groups or outlets closed"),
    ("count", "count", False, "any other count (the note says what)"),
    ("amount", "money", False, "an amount of money: damages, fines, taxes claimed"),
    ("percentage", "percent", False, "a percentage"),
    ("status", "status", True, "a status as of a date: imprisoned, released, registered, ..."),
]

predicate = sa.table(
    "predicate",
    sa.column("name", sa.String),
    sa.column("value_type", sa.String),
    sa.column("changes_over_time", sa.Boolean),
    sa.column("description", sa.String),
)


def upgrade() -> None:
    op.bulk_insert(
        predicate,
        [
            {"name": n, "value_type": t, "changes_over_time": c, "description": d}
            for n, t, c, d in VOCABULARY
        ],
    )


def downgrade() -> None:
    op.execute(predicate.delete().where(predicate.c.name.in_([v[0] for v in VOCABULARY])))
