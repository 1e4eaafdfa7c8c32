"""findings reference their fact and source by foreign key

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

`finding.fact_id` references `fact.id` and `finding.source_id` references `source.id`, so that
SQL joins are declared and Datasette links each finding to its fact and source.

ON DELETE SET NULL, not CASCADE: a finding is what one audit found when it ran, counted in
its run's errors and warnings (`auditrun`); removing a fact or a source later does not undo
that, and a cascade would silently rewrite the record of past audits (and make a run's counts
disagree with its rows). The removed fact is kept in `factversion` with who removed it and
why; its findings keep their code, severity, message and detail and only lose the link to a
row that no longer exists. Nulling the link also stops old findings from attaching to a new
fact or source registered later under the same id. Nothing in kzfacts reads a finding's ids
to decide about a removed row: carried-over findings are matched on the ids of facts that
exist.

Findings that already name a missing fact or source (written before the keys existed, after
a `fact remove` or `source remove`) are nulled first, as the key would have done.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "UPDATE finding SET fact_id = NULL WHERE fact_id IS NOT NULL "
        "AND fact_id NOT IN (SELECT id FROM fact)"
    )
    op.execute(
        "UPDATE finding SET source_id = NULL WHERE source_id IS NOT NULL "
        "AND source_id NOT IN (SELECT id FROM source)"
    )
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finding_source_id"), ["source_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_finding_fact_id_fact"), "fact", ["fact_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_finding_source_id_source"),
            "source",
            ["source_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_finding_source_id_source"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_finding_fact_id_fact"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_finding_source_id"))
