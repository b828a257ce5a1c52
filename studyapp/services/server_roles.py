"""A shared server's roles: one database role per learner, one (or more) for shared workers.

``studyapp server add-learner NAME`` (run by the server's admin, as the role that owns the
tables) makes a login role NAME, the profile NAME if it is not there yet, and the row in
``server_roles`` the row-level security policies of migration 0015 key on; from then on
Studyapp connected as NAME sees and changes NAME's rows only. ``add-worker`` makes a role for
``studyapp worker`` processes: it may claim and complete any job, and read only what the jobs
running now need. Nothing here is needed on the embedded default (one role owns everything).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import psycopg
from psycopg import sql
from sqlalchemy import text

from studyapp.db.database import Database
from studyapp.errors import BadInput
from studyapp.services.profiles import ProfileInfo, ensure_profile

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# What neither a learner nor a worker may change: the schema's bookkeeping and the role map.
READ_ONLY = ("alembic_version", "server_roles")


@dataclass(frozen=True)
class RoleInfo:
    role: str
    kind: str  # "learner" or "worker"
    profile: ProfileInfo | None
    created: bool  # False: the role was there already (its rights were refreshed)


def check_role_name(name: str) -> str:
    name = (name or "").strip()
    if not ROLE_NAME.match(name):
        raise BadInput(
            f"{name!r} cannot be a database role here: use lower-case letters, digits and _ "
            "(at most 63, not starting with a digit), e.g. bob or ann_smith."
        )
    return name


def _grant(db: Database, role: str, password: str | None) -> bool:
    """Make (or refresh) a login role with table rights; row-level security does the rest."""
    who = sql.Identifier(role)
    with db.session() as session:
        created = (
            session.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
            is None
        )
        database = sql.Identifier(session.execute(text("SELECT current_database()")).scalar_one())
        # Role and database names are identifiers, composed by psycopg on the session's own
        # connection (SQLAlchemy's text() binds values only); the session commits them.
        raw = session.connection().connection.driver_connection
        assert isinstance(raw, psycopg.Connection)
        with raw.cursor() as cur:
            if created:
                cur.execute(sql.SQL("CREATE ROLE {} LOGIN").format(who))
            if password:
                cur.execute(
                    sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(who, sql.Literal(password))
                )
            for statement in (
                "GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {who}",
                "GRANT USAGE ON SCHEMA public TO {who}",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {who}",
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}",
                # Tables a later Studyapp adds (made by this owner role) are granted as well.
                "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
                "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {who}",
                "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {who}",
            ):
                cur.execute(sql.SQL(statement).format(db=database, who=who))
            for table in READ_ONLY:
                cur.execute(
                    sql.SQL("REVOKE INSERT, UPDATE, DELETE ON {} FROM {}").format(
                        sql.Identifier(table), who
                    )
                )
    return created


def _record(db: Database, role: str, kind: str, profile_id: int | None) -> None:
    with db.session() as session:
        session.execute(
            text(
                "INSERT INTO server_roles (role, kind, profile_id) VALUES (:r, :k, :p) "
                "ON CONFLICT (role) DO UPDATE SET kind = EXCLUDED.kind, "
                "profile_id = EXCLUDED.profile_id"
            ),
            {"r": role, "k": kind, "p": profile_id},
        )


def add_learner(
    db: Database, name: str, *, profile_name: str | None = None, password: str | None = None
) -> RoleInfo:
    """Run as the tables' owner. ``profile_name``: the profile the role is (default: NAME)."""
    role = check_role_name(name)
    profile = ensure_profile(db, profile_name or role)
    taken = _role_of(db, profile.id)
    if taken is not None and taken != role:
        raise BadInput(f"The profile {profile.name} already belongs to the role {taken}.")
    created = _grant(db, role, password)
    _record(db, role, "learner", profile.id)
    return RoleInfo(role, "learner", profile, created)


def add_worker(db: Database, name: str, *, password: str | None = None) -> RoleInfo:
    role = check_role_name(name)
    created = _grant(db, role, password)
    _record(db, role, "worker", None)
    return RoleInfo(role, "worker", None, created)


def _role_of(db: Database, profile_id: int) -> str | None:
    with db.session() as session:
        return session.execute(
            text("SELECT role FROM server_roles WHERE profile_id = :p AND kind = 'learner'"),
            {"p": profile_id},
        ).scalar_one_or_none()


def own_profile(db: Database) -> ProfileInfo | None:
    """The profile this connection's role is, when it is a learner's role on a shared server."""
    with db.session() as session:
        row = session.execute(
            text(
                "SELECT p.id, p.name FROM server_roles r JOIN profiles p ON p.id = r.profile_id "
                "WHERE r.role = current_user AND r.kind = 'learner' ORDER BY p.id LIMIT 1"
            )
        ).first()
    return ProfileInfo(row[0], row[1]) if row is not None else None
