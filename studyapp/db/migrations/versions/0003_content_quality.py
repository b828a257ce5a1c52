"""content quality: the source passage of each card, and an index for the goal's newest cards

``cards.source_quote`` keeps the passage of the material a card rests on (Claude's quote, checked
against its chunk; the offline generator's sentence): the distractor prompt sends it, and a
learner can see where a card came from. ``ix_cards_goal_created`` serves the final
near-duplicate check, which reads only the goal's cards committed since a part's vector check.

Revision ID: 0003
Revises: 0002
"""

from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cards", sa.Column("source_quote", sa.Text(), nullable=True))
    op.create_index("ix_cards_goal_created", "cards", ["goal_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_cards_goal_created", table_name="cards")
    op.drop_column("cards", "source_quote")
