"""a goal keeps the material the learner gave it

``goal_materials``: the cleaned text of every material added to a goal (one row per distinct
text: adding the same file again adds no row). Before this the text lived only in job payloads,
which are pruned after 30 days and belong to one job, so "Regenerate tree" could not see the
goal's material, a branch job saw only the one material that spawned it, and "Generate cards"
on a skill offline had nothing to read. Each text is capped as a job's material is
(``handlers/common.MAX_CLEANED_BYTES``); the rows go with the goal (``ON DELETE CASCADE``, so
the goal deletion's undo copy carries them too).

Revision ID: 0018
Revises: 0015
Create Date: 2026-12-07 08:00:00
"""

from alembic import op
import sqlalchemy as sa

revision = "0018"
down_revision = "0015"
branch_labels = None
depends_on = None

WORKER = "(SELECT studyapp_is_worker(current_user))"
JOB_GOALS = "ANY ((SELECT studyapp_job_goals(current_user))::bigint[])"


def upgrade() -> None:
    op.create_table(
        "goal_materials",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("goal_id", sa.BigInteger(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("job_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["goals.id"],
            name=op.f("fk_goal_materials_goal_id_goals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_materials")),
        sa.UniqueConstraint("goal_id", "digest", name=op.f("uq_goal_materials_goal_id")),
    )
    # Row-level security as 0015 gives every table of a profile: a learner's role sees the
    # material of its own goals; a worker's role only that of goals whose jobs run now.
    op.execute("ALTER TABLE goal_materials ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY learner_rows ON goal_materials USING (goal_id IN (SELECT id FROM goals)) "
        "WITH CHECK (goal_id IN (SELECT id FROM goals))"
    )
    op.execute(
        "CREATE POLICY worker_rows ON goal_materials "
        f"USING ({WORKER} AND goal_id = {JOB_GOALS}) WITH CHECK ({WORKER} AND goal_id = {JOB_GOALS})"
    )


def downgrade() -> None:
    op.drop_table("goal_materials")
