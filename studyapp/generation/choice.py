"""Pick the provider for one job: Claude when a key is available (or asked for), else offline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from studyapp.generation.errors import PermanentGenerationError
from studyapp.generation.keys import ENV_KEY, KeyLookup, find_api_key
from studyapp.generation.offline import OfflineProvider
from studyapp.generation.provider import Provider
from studyapp.generation.settings import resolve


def make_provider(
    profile_settings: Mapping[str, Any] | None = None, *, key: KeyLookup | None = None
) -> Provider:
    """``STUDYAPP_PROVIDER=offline`` (or the profile's ``provider``) forces the offline provider;
    ``claude`` without a key is a permanent error that says where a key goes; by default a key
    means Claude and no key means offline. ``key``: the job's profile's key as the worker found
    it (:mod:`studyapp.generation.paying_keys`); by default this process's own."""
    settings = resolve(profile_settings)
    if settings.provider == "offline":
        return OfflineProvider()
    lookup = key if key is not None else find_api_key()
    if lookup.key is None:
        if settings.provider == "claude":
            raise PermanentGenerationError(
                f"Claude was chosen but there is no API key ({lookup.note}). Set {ENV_KEY}, "
                "or choose the offline generator (STUDYAPP_PROVIDER=offline).",
                kind="no_key",
            )
        return OfflineProvider()
    from studyapp.generation.claude import ClaudeProvider

    return ClaudeProvider(lookup.key, settings.models, timeout=settings.timeout_s)
