"""goals keep the order the learner gives them in the sidebar

``goals.position``: the goal's place in the learner's list (1, 2, 3 … per profile). NULL until
the learner first reorders; the list sorts by ``position NULLS LAST, id``, so a goal made later
(by the window, the CLI, an import or a restore, none of which need to know about the order)
comes last, where a new goal is expected. Reordering writes every goal's position of the
profile in one transaction.

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-08 09:00:00
"""

from alembic import op
import sqlalchemy as sa

revision = "0014"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("goals", sa.Column("position", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("goals", "position")
