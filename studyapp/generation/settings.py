"""Which provider and which models: environment first, then the profile's settings, then defaults.

The environment wins so a script or a worker can override a profile for one run. Models are
current, non-deprecated ones from the installed SDK: a fast small model for distractors, a stronger
one for skill trees and cards. Profile settings JSON keys: ``provider`` ("claude" or "offline"),
``models`` ({"tree", "cards", "distractors"}), ``llm_timeout_s``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ENV_PROVIDER = "STUDYAPP_PROVIDER"
ENV_MODELS = {
    "tree": "STUDYAPP_MODEL_TREE",
    "cards": "STUDYAPP_MODEL_CARDS",
    "distractors": "STUDYAPP_MODEL_DISTRACTORS",
}
ENV_TIMEOUT = "STUDYAPP_LLM_TIMEOUT"
DEFAULT_MODELS = {
    "tree": "claude-sonnet-5-5",
    "cards": "claude-sonnet-5-5",
    "distractors": "claude-haiku-5-5",
}
DEFAULT_TIMEOUT_S = 120.0

# USD per million tokens (input, output). Cache writes cost 1.25x input, cache reads 0.1x.
# Matched by family so a dated snapshot prices like its alias; unknown models are estimated as
# a sonnet (the result says "estimated" anyway).
PRICES = {"haiku": (1.0, 5.0), "sonnet": (3.0, 15.0), "opus": (5.0, 25.0)}


@dataclass(frozen=True)
class ModelChoice:
    tree: str
    cards: str
    distractors: str


@dataclass(frozen=True)
class GenerationSettings:
    provider: str  # "claude", "offline" or "auto"
    models: ModelChoice
    timeout_s: float


def resolve(profile_settings: Mapping[str, Any] | None = None) -> GenerationSettings:
    settings = dict(profile_settings or {})
    provider = (
        os.environ.get(ENV_PROVIDER) or str(settings.get("provider") or "") or "auto"
    ).lower()
    if provider not in {"claude", "offline", "auto"}:
        provider = "auto"
    chosen = dict(DEFAULT_MODELS)
    configured = settings.get("models") if isinstance(settings.get("models"), dict) else {}
    for role in chosen:
        value = os.environ.get(ENV_MODELS[role]) or (configured or {}).get(role)
        if isinstance(value, str) and value.strip():
            chosen[role] = value.strip()
    timeout = DEFAULT_TIMEOUT_S
    for raw in (os.environ.get(ENV_TIMEOUT), settings.get("llm_timeout_s")):
        try:
            if raw is not None and float(raw) > 0:
                timeout = float(raw)
                break
        except (TypeError, ValueError):
            continue
    return GenerationSettings(provider, ModelChoice(**chosen), timeout)


def estimate_cost(
    model: str,
    input_tokens: int,
    output_tokens: int,
    cache_creation_tokens: int = 0,
    cache_read_tokens: int = 0,
) -> float:
    price_in, price_out = next(
        (p for family, p in PRICES.items() if family in model), PRICES["sonnet"]
    )
    cost = (
        input_tokens * price_in
        + cache_creation_tokens * price_in * 1.25
        + cache_read_tokens * price_in * 0.1
        + output_tokens * price_out
    )
    return round(cost / 1_000_000, 6)
