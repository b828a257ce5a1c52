"""Where the Anthropic API key comes from, and how it is kept out of logs, rows and errors.

Order: ``ANTHROPIC_API_KEY``, then the OS keyring (service ``studyapp``, user
``anthropic_api_key``). Where no keyring backend exists (headless Linux without Secret Service) we
say so and rely on the environment. The key travels as an :class:`ApiKey`, whose ``repr``/``str``
are masked, so an accidental log line or f-string shows ``ApiKey(****)``, never the key.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

log = logging.getLogger(__name__)

ENV_KEY = "ANTHROPIC_API_KEY"
ENV_NO_KEYRING = "STUDYAPP_NO_KEYRING"
KEYRING_SERVICE = "studyapp"
KEYRING_USER = "anthropic_api_key"


class ApiKey:
    """A secret string that refuses to print itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """Only for handing the key to the SDK."""
        return self._value

    def scrub(self, text: str) -> str:
        """Remove the key from ``text`` (a defence for messages that echo a request)."""
        return text.replace(self._value, "****") if self._value else text

    def __repr__(self) -> str:
        return "ApiKey(****)"

    __str__ = __repr__

    def __reduce__(self) -> tuple[object, ...]:  # never pickled into a job or a queue
        raise TypeError("an API key cannot be pickled")


@dataclass(frozen=True)
class KeyLookup:
    key: ApiKey | None
    source: str  # "environment", "keyring" or "none"
    note: str = ""


def find_api_key() -> KeyLookup:
    value = os.environ.get(ENV_KEY, "").strip()
    if value:
        return KeyLookup(ApiKey(value), "environment")
    if os.environ.get(ENV_NO_KEYRING):
        return KeyLookup(None, "none", f"no {ENV_KEY} set (keyring lookup disabled)")
    try:
        import keyring
        from keyring.errors import KeyringError, NoKeyringError
    except ImportError:  # pragma: no cover - keyring is a dependency
        return KeyLookup(None, "none", f"no {ENV_KEY} set and the keyring package is missing")
    try:
        stored = keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
    except NoKeyringError:
        note = f"no {ENV_KEY} set, and this system has no OS keyring backend to read a key from"
        log.info(note)
        return KeyLookup(None, "none", note)
    except (KeyringError, OSError, RuntimeError) as exc:
        note = f"no {ENV_KEY} set, and the OS keyring could not be read ({type(exc).__name__})"
        log.warning(note)
        return KeyLookup(None, "none", note)
    if stored and stored.strip():
        return KeyLookup(ApiKey(stored.strip()), "keyring")
    return KeyLookup(None, "none", f"no {ENV_KEY} set and no key in the OS keyring")
