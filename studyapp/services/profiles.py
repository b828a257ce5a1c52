"""Profiles: the acting learner. A ``default`` profile exists after the first start."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from studyapp.db.database import Database
from studyapp.db.models import Profile
from studyapp.errors import BadInput
from studyapp.services import presets

MAX_NAME = 100


@dataclass(frozen=True)
class ProfileInfo:
    """What crosses threads and layers: ids and plain values, never ORM objects."""

    id: int
    name: str


def _validate_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise BadInput("A profile name cannot be empty.")
    if len(name) > MAX_NAME:
        raise BadInput(f"A profile name is at most {MAX_NAME} characters (got {len(name)}).")
    if any(ord(ch) < 32 for ch in name):
        raise BadInput("A profile name cannot contain control characters.")
    return name


def ensure_profile(db: Database, name: str = "default") -> ProfileInfo:
    """Get or create a profile by name; safe when two processes start at once."""
    name = _validate_name(name)
    with db.session() as session:
        session.execute(
            insert(Profile).values(name=name).on_conflict_do_nothing(index_elements=["name"])
        )
        row = session.execute(select(Profile).where(Profile.name == name)).scalar_one()
        presets.ensure_default(session, row.id)  # every profile has its default study options
        return ProfileInfo(row.id, row.name)


def list_profiles(db: Database) -> list[ProfileInfo]:
    with db.session() as session:
        rows = session.execute(select(Profile).order_by(Profile.name)).scalars()
        return [ProfileInfo(r.id, r.name) for r in rows]
