"""Study options: make, rename, delete, edit and assign study presets (the use cases).

A change that moves schedules (desired retention, steps, FSRS parameters) replays the review
logs of every card of every goal using the preset in the SAME transaction as the change, as the
profile-wide retention change did before presets: the schedule never disagrees with the options.
Moving a goal to a preset with other scheduling replays that goal's cards. Limits (new cards and
reviews a day) and burying only apply from the next queue on; nothing is replayed for them.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from sqlalchemy import text
from sqlalchemy.orm import Session

from studyapp.db.database import Database
from studyapp.errors import BadInput, NotFound
from studyapp.services import presets
from studyapp.services.owned import require_goal
from studyapp.services.presets import Preset
from studyapp.services.study import _reschedule, resolve_tz, utc

MAX_NAME = 100
MAX_NEW_PER_DAY = 9999
MAX_REVIEWS_PER_DAY = 99999


@dataclass(frozen=True)
class Options:
    """What the learner edits in a preset (the dialog's fields)."""

    new_per_day: int
    reviews_per_day: int
    desired_retention: float
    learning_steps: tuple[int, ...]
    relearning_steps: tuple[int, ...]
    bury_siblings: bool

    @classmethod
    def of(cls, preset: Preset) -> Options:
        return cls(
            preset.new_per_day,
            preset.reviews_per_day,
            preset.desired_retention,
            preset.learning_steps,
            preset.relearning_steps,
            preset.bury_siblings,
        )


@dataclass(frozen=True)
class Saved:
    preset: Preset
    rescheduled: int  # cards whose schedule was replayed because scheduling changed


def _name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise BadInput("A preset needs a name.")
    if len(name) > MAX_NAME:
        raise BadInput(f"A preset name is at most {MAX_NAME} characters (got {len(name)}).")
    if any(ord(ch) < 32 or ch == "\x7f" for ch in name):
        raise BadInput("A preset name cannot contain control characters.")
    return name


def validate(options: Options) -> Options:
    """One clear sentence per bad value; returns the cleaned options."""
    if not 0 <= options.new_per_day <= MAX_NEW_PER_DAY:
        raise BadInput(
            f"New cards a day must be between 0 and {MAX_NEW_PER_DAY} (got {options.new_per_day})."
        )
    if not 0 <= options.reviews_per_day <= MAX_REVIEWS_PER_DAY:
        raise BadInput(
            f"Reviews a day must be between 0 and {MAX_REVIEWS_PER_DAY} "
            f"(got {options.reviews_per_day})."
        )
    retention = round(float(options.desired_retention), 4)
    presets.build_scheduler(retention)  # BadInput outside 0.70-0.99 (NaN too)
    for what, steps in (
        ("Learning steps", options.learning_steps),
        ("Relearning steps", options.relearning_steps),
    ):
        presets.parse_steps(presets.format_steps(steps), what)  # the same bounds as typed
    return dataclasses.replace(
        options,
        desired_retention=retention,
        learning_steps=tuple(int(s) for s in options.learning_steps),
        relearning_steps=tuple(int(s) for s in options.relearning_steps),
    )


def list_presets(db: Database, profile_id: int) -> list[Preset]:
    with db.session() as session:
        return presets.read_presets(session, profile_id)


def goal_preset(db: Database, profile_id: int, goal_id: int) -> Preset:
    with db.session() as session:
        return presets.goal_preset(session, profile_id, goal_id)


def _unique(session: Session, profile_id: int, name: str, except_id: int | None = None) -> None:
    taken = session.execute(
        text(
            "SELECT id FROM study_presets WHERE profile_id = :p AND lower(name) = lower(:n) "
            "AND id IS DISTINCT FROM :id"
        ),
        {"p": profile_id, "n": name, "id": except_id},
    ).first()
    if taken is not None:
        raise BadInput(f"There is already a preset called {name!r}.")


def create_preset(
    db: Database, profile_id: int, name: str, *, copy_of: int | None = None
) -> Preset:
    """A new preset with the defaults, or with the options of ``copy_of`` (Anki's "Clone")."""
    clean = _name(name)
    with db.session() as session:
        presets.ensure_default(session, profile_id)
        _unique(session, profile_id, clean)
        source = presets.read_preset(session, profile_id, copy_of) if copy_of else None
        values = {"p": profile_id, "n": clean}
        if source is None:
            new_id = session.execute(
                text("INSERT INTO study_presets (profile_id, name) VALUES (:p, :n) RETURNING id"),
                values,
            ).scalar_one()
        else:
            new_id = session.execute(
                text(
                    "INSERT INTO study_presets (profile_id, name, new_per_day, reviews_per_day, "
                    "desired_retention, learning_steps, relearning_steps, bury_siblings, "
                    "parameters, optimised) SELECT :p, :n, new_per_day, reviews_per_day, "
                    "desired_retention, learning_steps, relearning_steps, bury_siblings, "
                    "parameters, optimised FROM study_presets WHERE id = :src RETURNING id"
                ),
                values | {"src": source.id},
            ).scalar_one()
        return presets.read_preset(session, profile_id, int(new_id))


def rename_preset(db: Database, profile_id: int, preset_id: int, name: str) -> Preset:
    clean = _name(name)
    with db.session() as session:
        presets.read_preset(session, profile_id, preset_id, lock=True)
        _unique(session, profile_id, clean, preset_id)
        session.execute(
            text("UPDATE study_presets SET name = :n WHERE id = :id"), {"n": clean, "id": preset_id}
        )
        return presets.read_preset(session, profile_id, preset_id)


def delete_preset(db: Database, profile_id: int, preset_id: int) -> int:
    """Delete a preset; its goals go back to the default preset (their cards are replayed if
    that schedules differently). The default preset cannot be deleted. Returns the number of
    goals that moved."""
    with db.session() as session:
        preset = presets.read_preset(session, profile_id, preset_id, lock=True)
        if preset.is_default:
            raise BadInput("The default preset cannot be deleted (goals fall back to it).")
        goal_ids = list(
            session.execute(
                text("SELECT id FROM goals WHERE profile_id = :p AND preset_id = :id"),
                {"p": profile_id, "id": preset_id},
            ).scalars()
        )
        fallback = presets.default_preset(session, profile_id)
        session.execute(text("DELETE FROM study_presets WHERE id = :id"), {"id": preset_id})
        if goal_ids and fallback.scheduling() != preset.scheduling():
            _reschedule(session, profile_id, None, goal_ids=goal_ids)
        return len(goal_ids)


def save_options(db: Database, profile_id: int, preset_id: int, options: Options) -> Saved:
    """Write a preset's options; a change of scheduling replays its goals' cards in the same
    transaction."""
    clean = validate(options)
    with db.session() as session:
        before = presets.read_preset(session, profile_id, preset_id, lock=True)
        session.execute(
            text(
                "UPDATE study_presets SET new_per_day = :new, reviews_per_day = :rev, "
                "desired_retention = :ret, learning_steps = :learn, relearning_steps = :relearn, "
                "bury_siblings = :bury WHERE id = :id"
            ),
            {
                "new": clean.new_per_day,
                "rev": clean.reviews_per_day,
                "ret": clean.desired_retention,
                "learn": list(clean.learning_steps),
                "relearn": list(clean.relearning_steps),
                "bury": clean.bury_siblings,
                "id": preset_id,
            },
        )
        after = presets.read_presets(session, profile_id)
        preset = next(p for p in after if p.id == preset_id)
        rescheduled = 0
        if preset.scheduling() != before.scheduling() and preset.goal_ids:
            rescheduled = _reschedule(session, profile_id, None, goal_ids=preset.goal_ids)
        return Saved(preset, rescheduled)


def set_parameters(
    session: Session,
    profile_id: int,
    preset_id: int,
    parameters: tuple[float, ...] | None,
    report: dict[str, object] | None,
) -> int:
    """Store fitted FSRS parameters (None: back to the defaults) and replay the preset's goals'
    cards with them, in the caller's transaction. Returns the cards rescheduled."""
    presets.read_preset(session, profile_id, preset_id, lock=True)
    session.execute(
        text(
            "UPDATE study_presets SET parameters = CAST(:w AS jsonb), "
            "optimised = CAST(:r AS jsonb) WHERE id = :id"
        ),
        {
            "w": None if parameters is None else _json(list(parameters)),
            "r": None if report is None else _json(report),
            "id": preset_id,
        },
    )
    preset = next(p for p in presets.read_presets(session, profile_id) if p.id == preset_id)
    if not preset.goal_ids:
        return 0
    return _reschedule(session, profile_id, None, goal_ids=preset.goal_ids)


def _json(value: object) -> str:
    return json.dumps(value)


def assign_preset(db: Database, profile_id: int, goal_id: int, preset_id: int) -> Saved:
    """Study ``goal_id`` with ``preset_id`` from now on (replaying its cards if the new preset
    schedules differently)."""
    with db.session() as session:
        require_goal(session, profile_id, goal_id)
        before = presets.goal_preset(session, profile_id, goal_id)
        target = presets.read_preset(session, profile_id, preset_id)
        session.execute(
            text("UPDATE goals SET preset_id = :s WHERE id = :g"),
            {"s": None if target.is_default else target.id, "g": goal_id},
        )
        rescheduled = 0
        if before.scheduling() != target.scheduling():
            rescheduled = _reschedule(session, profile_id, goal_id)
        return Saved(presets.goal_preset(session, profile_id, goal_id), rescheduled)


# --- Study more (Anki's custom study: today's limits) ------------------------------------------

MAX_EXTRA = 9999


def extend_today(
    db: Database,
    profile_id: int,
    goal_id: int,
    *,
    new: int = 0,
    reviews: int = 0,
    now: datetime | None = None,
    tz: tzinfo | str | None = None,
) -> tuple[int, int]:
    """Raise today's new-card (and review) limit of one goal by ``new`` (``reviews``); several
    extensions on the same day add up, and they lapse at the learner's midnight. Returns the
    extra (new, reviews) in force today."""
    for what, value in (("new cards", new), ("reviews", reviews)):
        if not 0 <= value <= MAX_EXTRA:
            raise BadInput(f"Extra {what} today must be between 0 and {MAX_EXTRA} (got {value}).")
    moment = utc(now or datetime.now(UTC))
    today = moment.astimezone(resolve_tz(tz)).date()
    with db.session() as session:
        row = session.execute(
            text(
                "UPDATE goals SET "
                "extra_new = CASE WHEN extra_day = :d THEN extra_new ELSE 0 END + :new, "
                "extra_reviews = CASE WHEN extra_day = :d THEN extra_reviews ELSE 0 END + :rev, "
                "extra_day = :d WHERE id = :g AND profile_id = :p "
                "RETURNING extra_new, extra_reviews"
            ),
            {"d": today, "new": new, "rev": reviews, "g": goal_id, "p": profile_id},
        ).first()
        if row is None:
            raise NotFound(f"No goal {goal_id}.")
        return int(row[0]), int(row[1])
