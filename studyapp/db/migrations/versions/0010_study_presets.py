"""per-goal study options in shared presets; reviews know whether they were made here

Anki's deck options presets: a preset holds new cards a day, reviews a day, desired retention,
learning and relearning steps, whether siblings are buried, and the FSRS parameters (NULL: the
defaults; set by "Optimise"). Several goals share one; a goal without a preset uses the
profile's default preset. The profile-wide ``desired_retention`` and ``new_cards_per_day``
become each profile's default preset and leave ``profiles``.

``reviews.in_app``: the daily limits count only reviews made in this app today, never reviews
that arrived with an import (or a restore). Only ``record_review`` sets it, so a bulk COPY that
does not name the column marks its rows as not made here. Existing reviews are marked by their
card: reviews of imported cards count as imported (on the day of the upgrade that errs towards
showing a few more new cards, once).

``goals.extra_*``: "Study more" raises today's limits of one goal; they count only while
``extra_day`` is the learner's today.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 06:00:00
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "study_presets",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("profile_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("is_default", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("new_per_day", sa.Integer(), server_default=sa.text("20"), nullable=False),
        sa.Column("reviews_per_day", sa.Integer(), server_default=sa.text("200"), nullable=False),
        sa.Column(
            "desired_retention", sa.Float(), server_default=sa.text("0.9"), nullable=False
        ),
        sa.Column(
            "learning_steps",
            postgresql.ARRAY(sa.Integer()),
            server_default=sa.text("'{60,600}'::integer[]"),
            nullable=False,
        ),
        sa.Column(
            "relearning_steps",
            postgresql.ARRAY(sa.Integer()),
            server_default=sa.text("'{600}'::integer[]"),
            nullable=False,
        ),
        sa.Column("bury_siblings", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("parameters", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("optimised", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_study_presets_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_presets")),
        sa.UniqueConstraint("profile_id", "name", name=op.f("uq_study_presets_profile_id")),
    )
    op.create_index(
        "ix_study_presets_default",
        "study_presets",
        ["profile_id"],
        unique=True,
        postgresql_where=sa.text("is_default"),
    )
    op.execute(
        "INSERT INTO study_presets (profile_id, name, is_default, new_per_day, desired_retention) "
        "SELECT id, 'Default', true, new_cards_per_day, desired_retention FROM profiles"
    )
    op.add_column("goals", sa.Column("preset_id", sa.BigInteger(), nullable=True))
    op.create_foreign_key(
        op.f("fk_goals_preset_id_study_presets"),
        "goals",
        "study_presets",
        ["preset_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_index(op.f("ix_goals_preset_id"), "goals", ["preset_id"])
    op.add_column("goals", sa.Column("extra_day", sa.Date(), nullable=True))
    op.add_column(
        "goals", sa.Column("extra_new", sa.Integer(), server_default=sa.text("0"), nullable=False)
    )
    op.add_column(
        "goals",
        sa.Column("extra_reviews", sa.Integer(), server_default=sa.text("0"), nullable=False),
    )
    op.add_column(
        "reviews",
        sa.Column("in_app", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    op.execute(
        "UPDATE reviews r SET in_app = true FROM cards c "
        "WHERE c.id = r.card_id AND c.provider IS DISTINCT FROM 'import'"
    )
    op.drop_column("profiles", "desired_retention")
    op.drop_column("profiles", "new_cards_per_day")


def downgrade() -> None:
    op.add_column(
        "profiles",
        sa.Column("new_cards_per_day", sa.Integer(), server_default=sa.text("20"), nullable=False),
    )
    op.add_column(
        "profiles",
        sa.Column("desired_retention", sa.Float(), server_default=sa.text("0.9"), nullable=False),
    )
    op.execute(
        "UPDATE profiles p SET new_cards_per_day = s.new_per_day, "
        "desired_retention = s.desired_retention FROM study_presets s "
        "WHERE s.profile_id = p.id AND s.is_default"
    )
    op.drop_column("reviews", "in_app")
    op.drop_column("goals", "extra_reviews")
    op.drop_column("goals", "extra_new")
    op.drop_column("goals", "extra_day")
    op.drop_index(op.f("ix_goals_preset_id"), table_name="goals")
    op.drop_constraint(op.f("fk_goals_preset_id_study_presets"), "goals", type_="foreignkey")
    op.drop_column("goals", "preset_id")
    op.drop_index("ix_study_presets_default", table_name="study_presets")
    op.drop_table("study_presets")
