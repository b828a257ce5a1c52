"""Study presets: the options a goal is studied with (Anki's deck options presets), read side.

A preset holds new cards a day, reviews a day, desired retention, learning and relearning steps,
whether siblings are buried, and the FSRS parameters (the defaults until "Optimise" fits the
learner's own). Several goals share one; a goal whose ``preset_id`` is NULL uses its profile's
default preset, so goals made anywhere (a new goal, an import, a restore) need no preset logic.

This module only reads and builds schedulers, so ``study.py`` can use it without a cycle; the
use cases that change presets (and reschedule cards when scheduling changed) are in
``study_options.py``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import fsrs
from sqlalchemy import text
from sqlalchemy.orm import Session

from studyapp.errors import BadInput, NotFound

DEFAULT_NAME = "Default"
DEFAULT_RETENTION = 0.9
MIN_RETENTION, MAX_RETENTION = 0.70, 0.99
DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs.Scheduler().parameters)

_COLUMNS = (
    "id, name, is_default, new_per_day, reviews_per_day, desired_retention, learning_steps, "
    "relearning_steps, bury_siblings, parameters, optimised"
)


@dataclass(frozen=True)
class Preset:
    """A preset's values; plain data, safe to pass between threads."""

    id: int
    name: str
    is_default: bool
    new_per_day: int
    reviews_per_day: int
    desired_retention: float
    learning_steps: tuple[int, ...]  # seconds
    relearning_steps: tuple[int, ...]  # seconds
    bury_siblings: bool
    parameters: tuple[float, ...] | None  # None: FSRS's defaults
    optimised: dict[str, Any] | None = None  # the last "Optimise" report
    goal_ids: tuple[int, ...] = field(default=())  # the goals studied with it

    def scheduler(self) -> fsrs.Scheduler:
        return build_scheduler(
            self.desired_retention, self.parameters, self.learning_steps, self.relearning_steps
        )

    def scheduling(self) -> tuple[Any, ...]:
        """What decides a card's schedule: when this changes, the goals' cards are replayed."""
        return (
            round(self.desired_retention, 4),
            self.parameters,
            self.learning_steps,
            self.relearning_steps,
        )


def build_scheduler(
    desired_retention: float = DEFAULT_RETENTION,
    parameters: Sequence[float] | None = None,
    learning_steps: Sequence[int] = (60, 600),
    relearning_steps: Sequence[int] = (600,),
) -> fsrs.Scheduler:
    """The one place a preset's scheduler is built. Fuzzing is off (see ``study.py``)."""
    if not MIN_RETENTION <= desired_retention <= MAX_RETENTION:
        raise BadInput(
            f"Desired retention must be between {MIN_RETENTION:.2f} and {MAX_RETENTION:.2f} "
            f"(got {desired_retention})."
        )
    return fsrs.Scheduler(
        parameters=tuple(parameters) if parameters else DEFAULT_PARAMETERS,
        desired_retention=desired_retention,
        learning_steps=tuple(timedelta(seconds=s) for s in learning_steps),
        relearning_steps=tuple(timedelta(seconds=s) for s in relearning_steps),
        enable_fuzzing=False,
    )


def _preset(row: Any, goal_ids: Sequence[int] = ()) -> Preset:
    params = row[9]
    return Preset(
        id=int(row[0]),
        name=str(row[1]),
        is_default=bool(row[2]),
        new_per_day=int(row[3]),
        reviews_per_day=int(row[4]),
        desired_retention=float(row[5]),
        learning_steps=tuple(int(s) for s in row[6]),
        relearning_steps=tuple(int(s) for s in row[7]),
        bury_siblings=bool(row[8]),
        parameters=tuple(float(w) for w in params) if params else None,
        optimised=dict(row[10]) if row[10] else None,
        goal_ids=tuple(goal_ids),
    )


def ensure_default(session: Session, profile_id: int) -> int:
    """The profile's default preset id, made if missing (a profile created after the migration,
    or by another slice that knows nothing of presets). Safe when two sessions race."""
    found = session.execute(
        text("SELECT id FROM study_presets WHERE profile_id = :p AND is_default"),
        {"p": profile_id},
    ).scalar_one_or_none()
    if found is not None:
        return int(found)
    exists = session.execute(
        text("SELECT 1 FROM profiles WHERE id = :p"), {"p": profile_id}
    ).scalar_one_or_none()
    if exists is None:
        raise NotFound(f"No profile {profile_id}.")
    session.execute(
        text(
            "INSERT INTO study_presets (profile_id, name, is_default) "
            "VALUES (:p, :name, true) ON CONFLICT DO NOTHING"
        ),
        {"p": profile_id, "name": _free_default_name(session, profile_id)},
    )
    return int(
        session.execute(
            text("SELECT id FROM study_presets WHERE profile_id = :p AND is_default"),
            {"p": profile_id},
        ).scalar_one()
    )


def _free_default_name(session: Session, profile_id: int) -> str:
    taken = set(
        session.execute(
            text("SELECT name FROM study_presets WHERE profile_id = :p"), {"p": profile_id}
        ).scalars()
    )
    name, n = DEFAULT_NAME, 2
    while name in taken:
        name, n = f"{DEFAULT_NAME} {n}", n + 1
    return name


def read_presets(session: Session, profile_id: int) -> list[Preset]:
    """Every preset of the profile (default first, then by name) with the goals using each."""
    default_id = ensure_default(session, profile_id)
    users: dict[int, list[int]] = {}
    for goal_id, preset_id in session.execute(
        text("SELECT id, coalesce(preset_id, :d) FROM goals WHERE profile_id = :p ORDER BY id"),
        {"p": profile_id, "d": default_id},
    ):
        users.setdefault(int(preset_id), []).append(int(goal_id))
    rows = session.execute(
        text(
            f"SELECT {_COLUMNS} FROM study_presets WHERE profile_id = :p "
            "ORDER BY is_default DESC, lower(name), id"
        ),
        {"p": profile_id},
    ).all()
    return [_preset(row, users.get(int(row[0]), ())) for row in rows]


def read_preset(session: Session, profile_id: int, preset_id: int, *, lock: bool = False) -> Preset:
    row = session.execute(
        text(
            f"SELECT {_COLUMNS} FROM study_presets WHERE profile_id = :p AND id = :id"
            + (" FOR UPDATE" if lock else "")
        ),
        {"p": profile_id, "id": preset_id},
    ).first()
    if row is None:
        raise NotFound(f"No study preset {preset_id}.")
    return _preset(row)


def goal_preset_id(session: Session, profile_id: int, goal_id: int) -> int:
    """The id of the preset ``goal_id`` is studied with (NotFound for another's goal)."""
    row = session.execute(
        text("SELECT preset_id FROM goals WHERE id = :g AND profile_id = :p"),
        {"g": goal_id, "p": profile_id},
    ).first()
    if row is None:
        raise NotFound(f"No goal {goal_id}.")
    return int(row[0]) if row[0] is not None else ensure_default(session, profile_id)


def goal_preset(session: Session, profile_id: int, goal_id: int) -> Preset:
    return read_preset(session, profile_id, goal_preset_id(session, profile_id, goal_id))


def default_preset(session: Session, profile_id: int) -> Preset:
    return read_preset(session, profile_id, ensure_default(session, profile_id))


def goal_schedulers(
    session: Session, profile_id: int, goal_ids: Sequence[int]
) -> dict[int, fsrs.Scheduler]:
    """goal id -> its preset's scheduler, one scheduler per preset."""
    default_id = ensure_default(session, profile_id)
    rows = session.execute(
        text(
            f"SELECT g.id, {', '.join('s.' + c.strip() for c in _COLUMNS.split(','))} "
            "FROM goals g JOIN study_presets s ON s.id = coalesce(g.preset_id, :d) "
            "WHERE g.profile_id = :p AND g.id = ANY(:ids)"
        ),
        {"p": profile_id, "d": default_id, "ids": list(goal_ids)},
    ).all()
    built: dict[int, fsrs.Scheduler] = {}
    out: dict[int, fsrs.Scheduler] = {}
    for row in rows:
        preset = _preset(row[1:])
        if preset.id not in built:
            built[preset.id] = preset.scheduler()
        out[int(row[0])] = built[preset.id]
    return out


# --- steps as the learner types them ("1m 10m", as Anki) ---------------------------------------

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_STEPS = 10
MAX_STEP_S = 7 * 86400


def parse_steps(value: str, what: str = "Learning steps") -> tuple[int, ...]:
    """ "1m 10m 1h" -> (60, 600, 3600). Empty is allowed (no steps: straight to review)."""
    steps: list[int] = []
    for word in value.replace(",", " ").split():
        unit = word[-1].lower()
        number = word[:-1] if unit in _UNITS else word
        size = _UNITS.get(unit, 60)  # a bare number is minutes, as Anki reads it
        try:
            amount = float(number)
        except ValueError:
            raise BadInput(
                f"{what}: {word[:20]!r} is not a step (write them like 1m 10m 1h 1d)."
            ) from None
        seconds = round(amount * size) if math.isfinite(amount) else 0
        if not 1 <= seconds <= MAX_STEP_S:
            raise BadInput(f"{what}: each step is between 1s and 7d (got {word[:20]!r}).")
        steps.append(seconds)
    if len(steps) > MAX_STEPS:
        raise BadInput(f"{what}: at most {MAX_STEPS} steps.")
    return tuple(steps)


def format_steps(steps: Sequence[int]) -> str:
    """(60, 600, 86400) -> "1m 10m 1d"."""
    words = []
    for seconds in steps:
        for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
            if seconds % size == 0:
                words.append(f"{seconds // size}{unit}")
                break
        else:
            words.append(f"{seconds}s")
    return " ".join(words)
