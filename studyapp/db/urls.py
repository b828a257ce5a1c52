"""Turn what a user pastes into something psycopg 3 connects with, and describe it safely.

We always connect through libpq's own parser (``psycopg.connect(conninfo)``), so every standard form
works: ``postgresql://user@host:5432/db``, ``postgresql://user@/db?host=/socket/dir``, ``key=value``.
"""

from __future__ import annotations

import psycopg.conninfo
from psycopg.abc import ConnParam

from studyapp.errors import BadInput


def normalize(url: str) -> str:
    """Validate a libpq URL/conninfo; accept SQLAlchemy-style ``postgresql+psycopg://`` too."""
    url = url.strip()
    if not url:
        raise BadInput(
            "The database URL is empty. Use e.g. postgresql://user@localhost:5432/studyapp"
        )
    for prefix in ("postgresql+psycopg://", "postgresql+psycopg2://", "postgres+psycopg://"):
        if url.startswith(prefix):
            url = "postgresql://" + url[len(prefix) :]
    if "://" in url and not url.startswith(("postgresql://", "postgres://")):
        scheme = url.split("://", 1)[0]
        raise BadInput(
            f"The database URL {describe(url)!r} is not a PostgreSQL URL (scheme {scheme!r}). "
            "Use postgresql://user@host:5432/dbname"
        )
    try:
        params = psycopg.conninfo.conninfo_to_dict(url)
        port = str(params.get("port") or "")
        if port and not all(p.strip().isdigit() for p in port.split(",")):
            raise psycopg.ProgrammingError(f"port {port!r} is not a number")
    except psycopg.ProgrammingError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "unparsable"
        raise BadInput(
            f"The database URL {describe(url)!r} is malformed ({reason}). "
            "Use e.g. postgresql://user@localhost:5432/studyapp"
        ) from None
    return url


def describe(url: str) -> str:
    """A human description with any password masked: safe for logs, status bar and errors."""
    try:
        params = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        # Unparsable: mask anything between ':' and '@' in the authority part.
        if "://" in url and "@" in url:
            scheme, rest = url.split("://", 1)
            auth, _, host = rest.rpartition("@")
            user = auth.split(":", 1)[0]
            return f"{scheme}://{user}{':***' if ':' in auth else ''}@{host}"
        return url
    user = str(params.get("user") or "")
    host = str(params.get("host") or "localhost")
    port = str(params.get("port") or "5432")
    db = str(params.get("dbname") or user or "")
    auth = f"{user}{':***' if params.get('password') else ''}@" if user else ""
    if str(host).startswith("/"):
        return f"postgresql://{auth}/{db}?host={host}"
    return f"postgresql://{auth}{host}:{port}/{db}"


def with_dbname(url: str, dbname: str) -> str:
    """The same server, another database (used for CREATE DATABASE and test databases)."""
    return with_params(url, dbname=dbname)


def with_params(url: str, **params: ConnParam) -> str:
    """``url`` with these libpq connection parameters set (a conninfo string)."""
    return psycopg.conninfo.make_conninfo(url, **params)


def with_user(url: str, user: str, password: str | None = None) -> str:
    """The same server and database as another role (a learner's, a worker's)."""
    params = psycopg.conninfo.conninfo_to_dict(url)
    params["user"] = user
    params.pop("password", None)
    if password:
        params["password"] = password
    return psycopg.conninfo.make_conninfo("", **params)


def user_of(url: str) -> str:
    """The role a URL logs in as (libpq's default, the OS user, when it names none)."""
    try:
        user = psycopg.conninfo.conninfo_to_dict(url).get("user")
    except psycopg.ProgrammingError:
        user = None
    if user:
        return str(user)
    import getpass

    return getpass.getuser()
