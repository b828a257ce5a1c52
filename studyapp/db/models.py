"""SQLAlchemy 2 typed models: the whole schema in one place.

The schema only changes through Alembic migrations (``studyapp/db/migrations``); a test checks that
autogenerate finds no difference between these models and the migrated database.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

TS = DateTime(timezone=True)
# A new card's note GUID (migration 0009): random, 16 hex digits.
NEW_GUID = "substr(md5(random()::text || clock_timestamp()::text), 1, 16)"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSONB, list[Any]: JSONB}


class Profile(Base):
    """A learner. Every service call acts as one profile and checks ownership."""

    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # Study pace (retention, new cards a day) lives in study presets since migration 0010.
    settings: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'::jsonb"))
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class Goal(Base):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, server_default="")
    archived: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    # The goal's place in the learner's list; NULL (never reordered, or made since): after the
    # numbered ones, by id (services/goal_manage.py).
    position: Mapped[int | None] = mapped_column(Integer)
    # The goal's study options; NULL: the profile's default preset.
    preset_id: Mapped[int | None] = mapped_column(
        ForeignKey("study_presets.id", ondelete="SET NULL"), index=True
    )
    # "Study more": today's limits raised by these, while extra_day is the learner's today.
    extra_day: Mapped[date | None] = mapped_column(Date)
    extra_new: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    extra_reviews: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class StudyPreset(Base):
    """Study options shared by goals (Anki's deck options presets). ``parameters``: FSRS
    weights fitted to the learner's history by "Optimise" (NULL: the defaults); ``optimised``:
    what that fit reported (before/after log loss and RMSE, reviews used, when)."""

    __tablename__ = "study_presets"
    __table_args__ = (
        UniqueConstraint("profile_id", "name"),
        Index(
            "ix_study_presets_default",
            "profile_id",
            unique=True,
            postgresql_where=text("is_default"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    is_default: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    new_per_day: Mapped[int] = mapped_column(Integer, server_default=text("20"))
    reviews_per_day: Mapped[int] = mapped_column(Integer, server_default=text("200"))
    desired_retention: Mapped[float] = mapped_column(Float, server_default=text("0.9"))
    learning_steps: Mapped[list[int]] = mapped_column(
        ARRAY(Integer), server_default=text("'{60,600}'::integer[]")
    )  # seconds
    relearning_steps: Mapped[list[int]] = mapped_column(
        ARRAY(Integer), server_default=text("'{600}'::integer[]")
    )
    bury_siblings: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    parameters: Mapped[list[Any] | None] = mapped_column(JSONB)
    optimised: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class SkillNode(Base):
    """One skill of a goal's tree. ``status`` is 'ready', or 'generating'/'failed' for a branch
    whose children are still being made by a child job."""

    __tablename__ = "skill_nodes"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("skill_nodes.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, server_default="")
    position: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    status: Mapped[str] = mapped_column(String(20), server_default="ready")
    source_job_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class GoalMaterial(Base):
    """The cleaned text of one material added to a goal (migration 0018): what the goal's tree
    is made of offline, what "Regenerate tree" reads, and what a skill's cards come from."""

    __tablename__ = "goal_materials"
    __table_args__ = (UniqueConstraint("goal_id", "digest"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"))
    digest: Mapped[str] = mapped_column(String(64))  # sha256 of the text: one row per text
    text: Mapped[str] = mapped_column(Text)
    job_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class Card(Base):
    """A flashcard and its current FSRS state (the review log is in ``reviews``)."""

    __tablename__ = "cards"
    __table_args__ = (
        Index("ix_cards_goal_due", "goal_id", "due", postgresql_where=text("NOT archived")),
        Index("ix_cards_profile_due", "profile_id", "due", postgresql_where=text("NOT archived")),
        Index("ix_cards_goal_created", "goal_id", "created_at"),
        Index(
            "ix_cards_profile_note",
            "profile_id",
            "note_guid",
            postgresql_where=text("note_guid IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    node_id: Mapped[int | None] = mapped_column(
        ForeignKey("skill_nodes.id", ondelete="SET NULL"), index=True
    )
    front: Mapped[str] = mapped_column(Text)
    back: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), server_default="basic")
    provider: Mapped[str | None] = mapped_column(String(50))
    source_job_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    source_quote: Mapped[str | None] = mapped_column(Text)  # the passage the card rests on
    archived: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    # Anki-style tags ("a", "b::c") and media references: [{"name": file in the profile's media
    # folder, "side": "front" | "back"}] (services/interop_media.py resolves them to paths).
    tags: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'::text[]"))
    media: Mapped[list[Any]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    # The GUID of the note this card belongs to (Anki's unit): siblings (a reversed pair, the
    # deletions of one cloze note) share it. A card made in Studyapp is its own note and gets a
    # random GUID of its own (so repeated exports update Anki's note instead of doubling it).
    note_guid: Mapped[str | None] = mapped_column(Text, server_default=text(NEW_GUID))
    # Which card of its note this is (Anki's ``ord``: the template, or the cloze deletion - 1).
    note_ord: Mapped[int | None] = mapped_column(Integer)
    # The sides as sanitised rich text (services/safe_html.py); NULL: plain text (every card made
    # in Studyapp). ``front``/``back`` always hold the plain text (search, embedding, tooltips).
    front_html: Mapped[str | None] = mapped_column(Text)
    back_html: Mapped[str | None] = mapped_column(Text)
    # The answer a "type in the answer" card expects (Anki's {{type:Field}}); NULL: not typed.
    type_answer: Mapped[str | None] = mapped_column(Text)
    # Anki's scheduling fields as imported, so an unchanged card goes back exactly
    # (services/apkg/anki_card.py); NULL for cards that never came from Anki.
    anki: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    # Buried (Anki's "bury until tomorrow"): left out of study until this time; NULL: not buried.
    buried_until: Mapped[datetime | None] = mapped_column(TS)
    # The device showing this card in study now, until when (services/study_presence.py).
    studied_by: Mapped[str | None] = mapped_column(Text)
    studied_until: Mapped[datetime | None] = mapped_column(TS)
    # FSRS state (fsrs.Card fields); state 1=learning 2=review 3=relearning.
    fsrs_state: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    fsrs_step: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    last_review: Mapped[datetime | None] = mapped_column(TS)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class DistractorSet(Base):
    """Three wrong options for a card's multiple-choice form. The newest set per card is used."""

    __tablename__ = "distractor_sets"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"), index=True)
    options: Mapped[list[Any]] = mapped_column()
    provider: Mapped[str | None] = mapped_column(String(50))
    job_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class Review(Base):
    """One review. The log is kept whole so schedules can be recomputed; ``previous`` holds the
    card's FSRS state before the review so undo restores it exactly."""

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_profile_at", "profile_id", "reviewed_at"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    rating: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(20), server_default="flip")
    reviewed_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    previous: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    # Made in this app (by record_review); false for reviews that came with an import or a
    # restore. Today's limits count only these.
    in_app: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    # An imported review's Anki revlog values [ivl, lastIvl, factor, type], written back as they
    # were; NULL for reviews made in Studyapp (computed from the FSRS states on export).
    anki_log: Mapped[list[int] | None] = mapped_column(ARRAY(Integer))


class NoteType(Base):
    """An Anki note type as imported: Anki's own JSON model (fields, templates, CSS, sort field),
    so its notes go back to Anki with their own type rather than a Studyapp one."""

    __tablename__ = "note_types"
    __table_args__ = (UniqueConstraint("profile_id", "anki_id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    anki_id: Mapped[int] = mapped_column(BigInteger)  # the note type's id in Anki
    model: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class Note(Base):
    """An imported Anki note: its field values as Anki holds them (HTML, kept verbatim and
    never shown; the cards hold the sanitised sides), its tags and modification time as last
    seen, so an export reproduces the note and Anki sees it unchanged. Its cards are the cards
    with its ``guid`` as ``note_guid``."""

    __tablename__ = "notes"
    __table_args__ = (UniqueConstraint("profile_id", "guid"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    guid: Mapped[str] = mapped_column(Text)
    note_type_id: Mapped[int] = mapped_column(
        ForeignKey("note_types.id", ondelete="CASCADE"), index=True
    )
    anki_id: Mapped[int] = mapped_column(BigInteger)  # the note's id in Anki (its "Added" time)
    fields: Mapped[list[str]] = mapped_column(ARRAY(Text))
    tags: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'::text[]"))
    mod: Mapped[int] = mapped_column(BigInteger)  # Anki's modification time, seconds
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class Job(Base):
    """A durable background job. State machine and semantics: ``studyapp/jobs/store/``."""

    __tablename__ = "jobs"
    __table_args__ = (
        # The claim query's order: ORDER BY priority DESC, id over pending rows only.
        Index(
            "ix_jobs_pending",
            text("priority DESC"),
            "id",
            postgresql_where=text("status = 'pending'"),
        ),
        Index(
            "ix_jobs_processing_heartbeat",
            "heartbeat_at",
            postgresql_where=text("status = 'processing'"),
        ),
        Index("ix_jobs_profile_created", "profile_id", "created_at"),
        Index(
            "ix_jobs_dedupe",
            "profile_id",
            "dedupe_key",
            postgresql_where=text("status IN ('pending', 'processing')"),
        ),
        Index(
            "ix_jobs_finished", "completed_at", postgresql_where=text("completed_at IS NOT NULL")
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20), server_default="pending")
    priority: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    payload: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'::jsonb"))
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    error: Mapped[str | None] = mapped_column(Text)
    errors: Mapped[list[Any]] = mapped_column(server_default=text("'[]'::jsonb"))
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    max_attempts: Mapped[int] = mapped_column(Integer, server_default=text("3"))
    # Worker losses (crash, kill -9, stale heartbeat): counted apart, never spend an attempt.
    lost: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    run_after: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    locked_by: Mapped[str | None] = mapped_column(String(64))
    heartbeat_at: Mapped[datetime | None] = mapped_column(TS)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="CASCADE"), index=True
    )
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("goals.id", ondelete="CASCADE"), index=True
    )
    dedupe_key: Mapped[str | None] = mapped_column(String(64))
    # What a worker must hold to run it ("key:<profile id>": paid with that profile's key);
    # NULL: runs anywhere (offline). Migration 0015.
    requires: Mapped[str | None] = mapped_column(String(64))
    progress: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    input_tokens: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    output_tokens: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    cost_usd: Mapped[float] = mapped_column(Numeric(12, 6), server_default=text("0"))
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    started_at: Mapped[datetime | None] = mapped_column(TS)
    completed_at: Mapped[datetime | None] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class JobSubmission(Base):
    """One submission (or manual retry): the rows the sliding-window rate limit counts."""

    __tablename__ = "job_submissions"
    __table_args__ = (Index("ix_job_submissions_window", "profile_id", "job_type", "submitted_at"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    job_type: Mapped[str] = mapped_column(String(50))
    job_id: Mapped[int | None] = mapped_column(BigInteger)
    submitted_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class Worker(Base):
    """A live worker process. It also holds a session advisory lock on ``lock_key``; a free lock
    means the process is gone and its jobs can be rescued at once."""

    __tablename__ = "workers"
    __table_args__ = (UniqueConstraint("lock_key"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    lock_key: Mapped[int] = mapped_column(BigInteger)
    # What this worker holds ("key:<profile id>" …); NULL: it did not say (takes any job).
    capabilities: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    started_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    last_seen: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class ProfileKey(Base):
    """A profile's API key for shared workers, sealed with the workers' secret (never in clear):
    ``studyapp share-key``; read by :mod:`studyapp.generation.paying_keys`."""

    __tablename__ = "profile_keys"

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    sealed: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class ServerRole(Base):
    """Which database role is which learner (``kind`` 'learner', its profile) or a shared worker
    ('worker'), on a shared server: the row-level security policies of migration 0015 key on
    it. Written by ``studyapp server add-learner`` / ``add-worker`` (services/server_roles.py);
    empty on the embedded default, whose one role owns the tables and bypasses the policies."""

    __tablename__ = "server_roles"

    role: Mapped[str] = mapped_column(Text, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    profile_id: Mapped[int | None] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
