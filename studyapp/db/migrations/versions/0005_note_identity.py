"""cards know the note they belong to (siblings share it), and can be buried

Anki's unit is a note; its cards (a reversed pair, one per cloze deletion) are siblings. A card
keeps the GUID of its note: imported notes keep Anki's, so a round trip updates instead of
doubling, and siblings can be buried together. ``buried_until``: a buried card is left out of
study until then (Anki's "bury until tomorrow"); NULL is not buried.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 05:00:00
"""

from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cards", sa.Column("note_guid", sa.Text(), nullable=True))
    op.add_column("cards", sa.Column("buried_until", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_cards_profile_note",
        "cards",
        ["profile_id", "note_guid"],
        postgresql_where=sa.text("note_guid IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_cards_profile_note", table_name="cards")
    op.drop_column("cards", "buried_until")
    op.drop_column("cards", "note_guid")
