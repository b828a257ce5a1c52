"""Whose key pays for a Claude job: the profile's that asked for it, never the worker's own.

A job is stamped at submission with ``requires = "key:<profile id>"`` when its profile has a key
somewhere this process can see (:func:`requirement`); a worker claims such a job only when it
holds that profile's key (:func:`holdings`), and the handler then calls Claude with exactly that
key (:func:`key_for`). A job without a requirement runs with the offline generator anywhere.

Where a profile's key can be, for a given process:

- this process's own key (``ANTHROPIC_API_KEY``, or the keyring entry the Settings dialog saves)
  belongs to the profile the process acts for (:func:`act_for`: ``--profile`` of the CLI and the
  worker, the window's current profile). A library caller that never said (tests of the engine)
  keeps the old single-learner rule: its key serves every profile.
- the machine's keyring entry ``anthropic_api_key:<profile name>``: a key a profile saved on this
  machine for itself (:func:`save_profile_key`).
- ``profile_keys``: a key a profile left for shared workers, sealed with Fernet under a secret
  the workers are given (``STUDYAPP_WORKER_SECRET``); without the secret it is useless.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import threading
from typing import TYPE_CHECKING

from sqlalchemy import text

from studyapp.db.database import Database
from studyapp.errors import BadInput
from studyapp.generation.keys import (
    ENV_NO_KEYRING,
    KEYRING_SERVICE,
    KEYRING_USER,
    ApiKey,
    find_api_key,
)

log = logging.getLogger(__name__)

ENV_WORKER_SECRET = "STUDYAPP_WORKER_SECRET"
PREFIX = "key:"
NOBODY = 0  # act_for(NOBODY): this process's own key pays for no profile

_lock = threading.Lock()
_acting_for: int | None = None

if TYPE_CHECKING:
    from cryptography.fernet import Fernet


def act_for(profile_id: int | None) -> None:
    """Say which profile this process's own key belongs to (None: not said)."""
    global _acting_for
    with _lock:
        _acting_for = profile_id


def acting_for() -> int | None:
    with _lock:
        return _acting_for


def requirement_for(profile_id: int) -> str:
    return f"{PREFIX}{profile_id}"


def profile_of(requirement: str | None) -> int | None:
    """The profile whose key a job's ``requires`` names, or None."""
    if requirement and requirement.startswith(PREFIX):
        try:
            return int(requirement[len(PREFIX) :])
        except ValueError:
            return None
    return None


def keyring_user(profile_name: str) -> str:
    return f"{KEYRING_USER}:{profile_name}"


def _keyring_get(user: str) -> str | None:
    if os.environ.get(ENV_NO_KEYRING):
        return None
    try:
        import keyring
        from keyring.errors import KeyringError

        value = keyring.get_password(KEYRING_SERVICE, user)
    except (ImportError, KeyringError, OSError, RuntimeError):
        return None
    return value.strip() if value and value.strip() else None


def save_profile_key(profile_name: str, value: str) -> None:
    """Keep ``value`` in this machine's keyring as ``profile_name``'s own key."""
    import keyring
    import keyring.backends.fail
    from keyring.errors import KeyringError

    if os.environ.get(ENV_NO_KEYRING) or isinstance(
        keyring.get_keyring(), keyring.backends.fail.Keyring
    ):
        raise BadInput("This system has no OS keyring to keep the key in; use `key share`.")

    try:
        keyring.set_password(KEYRING_SERVICE, keyring_user(profile_name), value.strip())
    except (KeyringError, OSError, RuntimeError) as exc:
        raise BadInput(f"The OS keyring refused to store the key ({type(exc).__name__}).") from None


# -- sealed keys for shared workers -----------------------------------------------------------
def _fernet(secret: str) -> Fernet:
    from cryptography.fernet import Fernet

    digest = hashlib.sha256(("studyapp-worker-secret\n" + secret).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def worker_secret() -> str | None:
    value = os.environ.get(ENV_WORKER_SECRET, "").strip()
    return value or None


def seal(value: str, secret: str) -> str:
    return _fernet(secret).encrypt(value.encode()).decode("ascii")


def unseal(sealed: str, secret: str) -> str | None:
    from cryptography.fernet import InvalidToken

    try:
        return _fernet(secret).decrypt(sealed.encode("ascii")).decode()
    except (InvalidToken, ValueError):
        return None


def share_key(db: Database, profile_id: int, key: ApiKey, secret: str) -> None:
    """Store ``profile_id``'s key for shared workers, sealed with ``secret``."""
    if len(secret) < 12:
        raise BadInput(f"{ENV_WORKER_SECRET} is too short: use at least 12 characters.")
    with db.session() as session:
        session.execute(
            text(
                "INSERT INTO profile_keys (profile_id, sealed) VALUES (:p, :s) "
                "ON CONFLICT (profile_id) DO UPDATE SET sealed = EXCLUDED.sealed, "
                "updated_at = now()"
            ),
            {"p": profile_id, "s": seal(key.reveal(), secret)},
        )


def unshare_key(db: Database, profile_id: int) -> bool:
    with db.session() as session:
        gone = session.execute(
            text("DELETE FROM profile_keys WHERE profile_id = :p RETURNING profile_id"),
            {"p": profile_id},
        ).first()
    return gone is not None


# -- lookups ------------------------------------------------------------------------------------
def _own_key(profile_id: int) -> ApiKey | None:
    owner = acting_for()
    if owner is not None and owner != profile_id:
        return None
    return find_api_key().key


def _profiles(db: Database, profile_id: int | None = None) -> list[tuple[int, str, str | None]]:
    """(id, name, sealed key or None) of every profile this role may see, or of ``profile_id``
    only (a submission asks for one profile: not a read of them all)."""
    only = "" if profile_id is None else "WHERE p.id = :only "
    with db.session() as session:
        rows = session.execute(
            text(
                "SELECT p.id, p.name, k.sealed FROM profiles p "
                f"LEFT JOIN profile_keys k ON k.profile_id = p.id {only}ORDER BY p.id"
            ),
            {"only": profile_id},
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def _key_of(profile_id: int, name: str, sealed: str | None) -> ApiKey | None:
    return _own_key(profile_id) or _left_key(name, sealed)


def _left_key(name: str, sealed: str | None) -> ApiKey | None:
    """A key the profile left: in this machine's keyring under its name, or sealed for workers."""
    stored = _keyring_get(keyring_user(name))
    if stored:
        return ApiKey(stored)
    secret = worker_secret()
    if sealed and secret:
        value = unseal(sealed, secret)
        if value:
            return ApiKey(value)
        log.warning("a shared key of profile %s does not open with this worker's secret", name)
    return None


def key_for(db: Database, profile_id: int) -> ApiKey | None:
    """``profile_id``'s own key, as this process can reach it, or None."""
    rows = _profiles(db, profile_id)
    return _key_of(*rows[0]) if rows else None


def requirement(db: Database, profile_id: int) -> str | None:
    """At submission: ``key:<id>`` when the profile has a key this process can see (so the job
    is a Claude job, paid by it), else None (it will run offline, anywhere)."""
    return requirement_for(profile_id) if key_for(db, profile_id) is not None else None


def holdings(db: Database) -> list[str] | None:
    """What a worker holds: the profiles whose keys it can pay with. None (takes any job) only
    for a process that never said whom it acts for and has a key of its own: the old rule of
    one learner per database."""
    owner, own = acting_for(), find_api_key().key  # once, not again for every profile
    if owner is None and own is not None:
        return None
    return [
        requirement_for(pid)
        for pid, name, sealed in _profiles(db)
        if (own is not None and pid == owner) or _left_key(name, sealed)
    ]
