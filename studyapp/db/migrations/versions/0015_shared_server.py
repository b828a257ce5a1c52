"""one PostgreSQL server for several devices and learners (issue 20)

- ``jobs.requires``: what a worker must hold to run the job; ``key:<profile id>`` for a Claude
  job, paid only with the key of the profile that asked for it. NULL: runs anywhere (offline).
  Children inherit their parent's.
- ``workers.capabilities``: what a live worker holds (``key:<profile id>`` …); NULL: a worker
  that did not say (a library caller), which may take any job. The job list reads it to say
  "waiting for a worker with bob's key".
- ``profile_keys``: a profile's API key for shared workers, sealed (Fernet) with a secret the
  workers are given (``STUDYAPP_WORKER_SECRET``); the database never holds it in clear.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 08:00:00
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("jobs", sa.Column("requires", sa.String(length=64), nullable=True))
    op.add_column("workers", sa.Column("capabilities", postgresql.ARRAY(sa.Text()), nullable=True))
    op.create_table(
        "profile_keys",
        sa.Column("profile_id", sa.BigInteger(), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_profile_keys_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("profile_id", name=op.f("pk_profile_keys")),
    )


def downgrade() -> None:
    op.drop_table("profile_keys")
    op.drop_column("workers", "capabilities")
    op.drop_column("jobs", "requires")
