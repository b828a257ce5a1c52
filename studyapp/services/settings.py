"""The learner's settings: generation provider and models, worker threads, appearance, API key.

Everything except the key lives in the profile row's ``settings`` JSON, read and written by
profile id only. Study pace (desired retention, new cards and reviews a day, steps) is not here:
it is per goal, in study presets (``presets.py``, ``study_options.py``). The
API key lives in the OS keyring and NEVER in the database or a log: this module hands back only
its masked form. Where no keyring backend exists (a headless Linux without Secret Service) we say
so plainly and point at ``ANTHROPIC_API_KEY`` instead of failing obscurely.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from studyapp.db.database import Database
from studyapp.db.models import Profile
from studyapp.errors import BadInput, NotFound
from studyapp.generation.keys import ENV_KEY, ENV_NO_KEYRING, KEYRING_SERVICE, KEYRING_USER
from studyapp.generation.settings import DEFAULT_MODELS
from studyapp.generation.settings import resolve as resolve_generation

PROVIDERS = ("auto", "claude", "offline")
APPEARANCES = ("system", "light", "dark")  # the window's colour scheme
MODEL_ROLES = ("tree", "cards", "distractors")
MIN_THREADS, MAX_THREADS, DEFAULT_THREADS = 1, 8, 4
MAX_MODEL_NAME = 100
_MODEL_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:@/\-]*$")
NOT_SET = "not set"


@dataclass(frozen=True)
class ProfileSettings:
    """What the settings dialog edits; plain values, safe to pass between threads."""

    provider: str  # "auto" (Claude when a key exists), "claude" or "offline"
    models: dict[str, str]  # role -> model name, every role present
    worker_threads: int
    appearance: str = "system"  # "system" (follow the desktop), "light" or "dark"

    @property
    def offline(self) -> bool:
        return self.provider == "offline"


@dataclass(frozen=True)
class SaveResult:
    settings: ProfileSettings


def _from_row(settings_json: dict[str, Any] | None) -> ProfileSettings:
    data = dict(settings_json or {})
    provider = str(data.get("provider") or "auto").lower()
    configured = data.get("models") if isinstance(data.get("models"), dict) else {}
    models = {
        role: str((configured or {}).get(role) or DEFAULT_MODELS[role]) for role in MODEL_ROLES
    }
    try:
        threads = int(data.get("worker_threads", DEFAULT_THREADS))
    except (TypeError, ValueError):
        threads = DEFAULT_THREADS
    appearance = str(data.get("appearance") or "system").lower()
    return ProfileSettings(
        provider if provider in PROVIDERS else "auto",
        models,
        min(MAX_THREADS, max(MIN_THREADS, threads)),
        appearance if appearance in APPEARANCES else "system",
    )


def get_settings(db: Database, profile_id: int) -> ProfileSettings:
    with db.session() as session:
        row = session.execute(select(Profile.settings).where(Profile.id == profile_id)).first()
    if row is None:
        raise NotFound(f"No profile {profile_id}.")
    return _from_row(row[0])


def validate(settings: ProfileSettings) -> ProfileSettings:
    """Refuse bad values with one clear sentence each; returns the cleaned settings."""
    if settings.provider not in PROVIDERS:
        raise BadInput(
            f"The provider is one of {', '.join(PROVIDERS)} (got {settings.provider!r})."
        )
    models: dict[str, str] = {}
    for role in MODEL_ROLES:
        name = str(settings.models.get(role, "")).strip()
        if not name:
            raise BadInput(f"The {role} model cannot be empty.")
        if len(name) > MAX_MODEL_NAME or not _MODEL_NAME.match(name):
            raise BadInput(
                f"The {role} model {name[:40]!r} is not a model name (letters, digits, '-', '.', "
                f"at most {MAX_MODEL_NAME} characters)."
            )
        models[role] = name
    if not MIN_THREADS <= settings.worker_threads <= MAX_THREADS:
        raise BadInput(
            f"Worker threads must be between {MIN_THREADS} and {MAX_THREADS} "
            f"(got {settings.worker_threads})."
        )
    if settings.appearance not in APPEARANCES:
        raise BadInput(
            f"The appearance is one of {', '.join(APPEARANCES)} (got {settings.appearance!r})."
        )
    return ProfileSettings(
        settings.provider,
        models,
        int(settings.worker_threads),
        settings.appearance,
    )


def save_settings(db: Database, profile_id: int, settings: ProfileSettings) -> SaveResult:
    """Validate, then write everything in ONE transaction. Other keys of the settings JSON (such
    as ``llm_timeout_s``) are kept."""
    clean = validate(settings)
    with db.session() as session:
        row = session.execute(
            select(Profile.settings).where(Profile.id == profile_id).with_for_update()
        ).first()
        if row is None:
            raise NotFound(f"No profile {profile_id}.")
        data = dict(row[0] or {})
        data["provider"] = clean.provider
        data["models"] = dict(clean.models)
        data["worker_threads"] = clean.worker_threads
        data["appearance"] = clean.appearance
        session.execute(update(Profile).where(Profile.id == profile_id).values(settings=data))
    return SaveResult(clean)


def generator_words(provider: str, models: dict[str, str], has_key: bool) -> str:
    """Which generator runs with these settings, in the words the status bar ("Generator: …")
    and the settings dialog ("In use: …") share, so they can never disagree.
    ``STUDYAPP_PROVIDER`` overrides ``provider`` here as it does for the jobs."""
    chosen = resolve_generation({"provider": provider, "models": models})
    if chosen.provider == "offline":
        return "offline"
    if not has_key:
        if chosen.provider == "claude":
            return "Claude, but no API key is set (generations fail until one is)"
        return "offline (no API key)"
    return f"Claude ({chosen.models.cards})"


def save_appearance(db: Database, profile_id: int, appearance: str) -> None:
    """Only the appearance (the window's safe start puts it back to "system" after a start
    that died); every other setting and key of the JSON is kept."""
    if appearance not in APPEARANCES:
        raise BadInput(f"The appearance is one of {', '.join(APPEARANCES)} (got {appearance!r}).")
    with db.session() as session:
        row = session.execute(
            select(Profile.settings).where(Profile.id == profile_id).with_for_update()
        ).first()
        if row is None:
            raise NotFound(f"No profile {profile_id}.")
        data = dict(row[0] or {})
        data["appearance"] = appearance
        session.execute(update(Profile).where(Profile.id == profile_id).values(settings=data))


# --- the API key (OS keyring only) -------------------------------------------------------------


@dataclass(frozen=True)
class KeyStatus:
    """What the dialog may show about the key: never the key itself."""

    masked: str  # "sk-ant-…AbCd" or "not set"
    source: str  # "environment", "keyring" or "none"
    keyring_available: bool
    note: str = ""  # a plain sentence when the keyring cannot be used


def mask_key(value: str | None) -> str:
    """Enough to recognise which key it is, never enough to use it."""
    value = (value or "").strip()
    if not value:
        return NOT_SET
    prefix = "sk-ant-" if value.startswith("sk-ant-") else ""
    tail = value[-4:] if len(value) >= len(prefix) + 12 else ""
    return f"{prefix}\u2026{tail}" if tail else f"{prefix}\u2026 (hidden)"


def _no_keyring_note() -> str:
    return (
        "This system has no OS keyring (no Secret Service, Keychain or Credential Locker), so "
        f"the key cannot be stored here. Set the {ENV_KEY} environment variable before starting "
        "Studyapp instead."
    )


def _keyring() -> Any | None:
    """The keyring module when a real backend exists, else None."""
    if os.environ.get(ENV_NO_KEYRING):
        return None
    try:
        import keyring
        import keyring.backends.fail
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, keyring.backends.fail.Keyring):
        return None
    return keyring


def api_key_status() -> KeyStatus:
    """May talk to the OS keyring (D-Bus): call it off the GUI thread."""
    env = os.environ.get(ENV_KEY, "").strip()
    kr = _keyring()
    if kr is None:
        if env:
            return KeyStatus(mask_key(env), "environment", False, _no_keyring_note())
        return KeyStatus(NOT_SET, "none", False, _no_keyring_note())
    from keyring.errors import KeyringError, NoKeyringError

    try:
        stored = kr.get_password(KEYRING_SERVICE, KEYRING_USER)
    except NoKeyringError:
        return KeyStatus(mask_key(env), "environment" if env else "none", False, _no_keyring_note())
    except (KeyringError, OSError, RuntimeError) as exc:
        note = f"The OS keyring could not be read ({type(exc).__name__}). Set {ENV_KEY} instead."
        return KeyStatus(mask_key(env), "environment" if env else "none", False, note)
    if env:  # the environment wins over the keyring (generation.keys reads it first)
        return KeyStatus(mask_key(env), "environment", True)
    if stored and stored.strip():
        return KeyStatus(mask_key(stored), "keyring", True)
    return KeyStatus(NOT_SET, "none", True)


def store_api_key(value: str) -> KeyStatus:
    """Put the key in the OS keyring. Refuses (BadInput) where there is no keyring; the key is
    never part of a message."""
    value = (value or "").strip()
    if not value:
        raise BadInput("Paste an API key first (it starts with sk-ant-).")
    if len(value) > 500 or any(ch.isspace() or ord(ch) < 32 for ch in value):
        raise BadInput("That does not look like an API key: it has spaces or is far too long.")
    kr = _keyring()
    if kr is None:
        raise BadInput(_no_keyring_note())
    from keyring.errors import KeyringError

    try:
        kr.set_password(KEYRING_SERVICE, KEYRING_USER, value)
    except (KeyringError, OSError, RuntimeError) as exc:
        raise BadInput(
            f"The OS keyring refused to store the key ({type(exc).__name__}). Set {ENV_KEY} "
            "instead."
        ) from None
    return api_key_status()


def clear_api_key() -> KeyStatus:
    kr = _keyring()
    if kr is None:
        raise BadInput(_no_keyring_note())
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        kr.delete_password(KEYRING_SERVICE, KEYRING_USER)
    except PasswordDeleteError:
        pass  # nothing stored: already clear
    except (KeyringError, OSError, RuntimeError) as exc:
        raise BadInput(f"The OS keyring could not remove the key ({type(exc).__name__}).") from None
    return api_key_status()
