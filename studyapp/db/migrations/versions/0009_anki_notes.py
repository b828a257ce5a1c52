"""Anki notes kept whole: note types, note fields, card ords, rich sides, typed answers

A round trip with Anki must give Anki back its own notes, not cards rebuilt from their rendered
sides. So an imported note keeps its note type (``note_types.model``: Anki's JSON model, fields,
templates, CSS, sort field) and its field values (``notes``), and each card knows which of its
note's cards it is (``cards.note_ord``, Anki's ``ord``). A card's sides can carry sanitised rich
text (``front_html``/``back_html``; NULL: plain text, every card made in Studyapp), the answer a
"type in the answer" card expects (``type_answer``), and Anki's own scheduling fields as imported
(``cards.anki``, so an unchanged card goes back with Anki's exact interval and due day).
``reviews.anki_log`` keeps a review's Anki revlog values (ivl, lastIvl, factor, type).

Every card gets a note GUID: Studyapp-made cards get a random one by default (existing rows are
backfilled), so exporting twice and importing both into Anki updates the note, never doubles it.

Revision ID: 0009
Revises: 0005
Create Date: 2026-12-08 05:00:00
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0005"
branch_labels = None
depends_on = None

NEW_GUID = "substr(md5(random()::text || clock_timestamp()::text), 1, 16)"


def upgrade() -> None:
    op.create_table(
        "note_types",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column(
            "profile_id",
            sa.BigInteger(),
            sa.ForeignKey(
                "profiles.id", ondelete="CASCADE", name="fk_note_types_profile_id_profiles"
            ),
            nullable=False,
        ),
        sa.Column("anki_id", sa.BigInteger(), nullable=False),
        sa.Column("model", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name="pk_note_types"),
        sa.UniqueConstraint("profile_id", "anki_id", name="uq_note_types_profile_id"),
    )
    op.create_table(
        "notes",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column(
            "profile_id",
            sa.BigInteger(),
            sa.ForeignKey("profiles.id", ondelete="CASCADE", name="fk_notes_profile_id_profiles"),
            nullable=False,
        ),
        sa.Column("guid", sa.Text(), nullable=False),
        sa.Column(
            "note_type_id",
            sa.BigInteger(),
            sa.ForeignKey(
                "note_types.id", ondelete="CASCADE", name="fk_notes_note_type_id_note_types"
            ),
            nullable=False,
        ),
        sa.Column("anki_id", sa.BigInteger(), nullable=False),
        sa.Column("fields", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column(
            "tags",
            postgresql.ARRAY(sa.Text()),
            server_default=sa.text("'{}'::text[]"),
            nullable=False,
        ),
        sa.Column("mod", sa.BigInteger(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name="pk_notes"),
        sa.UniqueConstraint("profile_id", "guid", name="uq_notes_profile_id"),
    )
    op.create_index("ix_notes_note_type_id", "notes", ["note_type_id"])
    op.add_column("cards", sa.Column("note_ord", sa.Integer(), nullable=True))
    op.add_column("cards", sa.Column("front_html", sa.Text(), nullable=True))
    op.add_column("cards", sa.Column("back_html", sa.Text(), nullable=True))
    op.add_column("cards", sa.Column("type_answer", sa.Text(), nullable=True))
    op.add_column(
        "cards", sa.Column("anki", postgresql.JSONB(astext_type=sa.Text()), nullable=True)
    )
    op.add_column("reviews", sa.Column("anki_log", postgresql.ARRAY(sa.Integer()), nullable=True))
    op.alter_column("cards", "note_guid", server_default=sa.text(NEW_GUID))
    op.execute(f"UPDATE cards SET note_guid = {NEW_GUID} WHERE note_guid IS NULL")


def downgrade() -> None:
    op.alter_column("cards", "note_guid", server_default=None)
    op.drop_column("reviews", "anki_log")
    op.drop_column("cards", "anki")
    op.drop_column("cards", "type_answer")
    op.drop_column("cards", "back_html")
    op.drop_column("cards", "front_html")
    op.drop_column("cards", "note_ord")
    op.drop_index("ix_notes_note_type_id", table_name="notes")
    op.drop_table("notes")
    op.drop_table("note_types")
