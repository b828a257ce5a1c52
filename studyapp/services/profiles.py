"""Profiles: the acting learner. A ``default`` profile exists after the first start."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError

from studyapp.db.database import Database
from studyapp.db.models import Profile
from studyapp.errors import BadInput, NotFound
from studyapp.services import presets

MAX_NAME = 100


@dataclass(frozen=True)
class ProfileInfo:
    """What crosses threads and layers: ids and plain values, never ORM objects."""

    id: int
    name: str


def validate_name(name: str) -> str:
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
    name = validate_name(name)
    with db.session() as session:
        session.execute(
            insert(Profile).values(name=name).on_conflict_do_nothing(index_elements=["name"])
        )
        row = session.execute(select(Profile).where(Profile.name == name)).scalar_one()
        presets.ensure_default(session, row.id)  # every profile has its default study options
        return ProfileInfo(row.id, row.name)


def list_profiles(db: Database) -> list[ProfileInfo]:
    with db.session() as session:
        rows = session.execute(
            select(Profile).order_by(func.lower(Profile.name), Profile.name)
        ).scalars()
        return [ProfileInfo(r.id, r.name) for r in rows]


def find_profile(db: Database, name: str) -> ProfileInfo | None:
    """The profile of that name, or None (never made here: a remembered name may be gone)."""
    with db.session() as session:
        row = session.execute(
            select(Profile).where(Profile.name == name.strip())
        ).scalar_one_or_none()
        return ProfileInfo(row.id, row.name) if row is not None else None


def get_profile(db: Database, profile_id: int) -> ProfileInfo:
    with db.session() as session:
        row = session.get(Profile, profile_id)
        if row is None:
            raise NotFound(f"No profile {profile_id}.")
        return ProfileInfo(row.id, row.name)


def _taken(name: str) -> BadInput:
    return BadInput(f"A profile named \u201c{name}\u201d already exists; choose another name.")


def create_profile(db: Database, name: str) -> ProfileInfo:
    """A new, empty profile (with its default study options). Unlike :func:`ensure_profile`,
    a name already in use is refused: the learner asked for a new one."""
    name = validate_name(name)
    with db.session() as session:
        made = session.execute(
            insert(Profile)
            .values(name=name)
            .on_conflict_do_nothing(index_elements=["name"])
            .returning(Profile.id)
        ).scalar_one_or_none()
        if made is None:
            raise _taken(name)
        presets.ensure_default(session, made)
        return ProfileInfo(made, name)


def rename_profile(db: Database, profile_id: int, name: str) -> ProfileInfo:
    name = validate_name(name)
    with db.session() as session:
        row = session.get(Profile, profile_id, with_for_update=True)
        if row is None:
            raise NotFound(f"No profile {profile_id}.")
        if row.name == name:
            return ProfileInfo(row.id, row.name)
        clash = session.execute(
            select(Profile.id).where(Profile.name == name, Profile.id != profile_id)
        ).first()
        if clash is not None:
            raise _taken(name)
        row.name = name
        try:
            session.flush()
        except IntegrityError as exc:  # renamed to the same name by another process meanwhile
            raise _taken(name) from exc
        return ProfileInfo(row.id, row.name)
