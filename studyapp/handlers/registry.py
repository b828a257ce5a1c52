"""The product's handlers, registered with the engine.

:func:`default_registry` is the product's registry (the window, ``studyapp worker``, the CLI);
tests call :func:`register` with a ``vectors_dir`` (a tmp_path) and, when they need to, a
``provider_factory``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studyapp.generation import paying_keys
from studyapp.handlers.common import HandlerEnv
from studyapp.handlers.distractors import DistractorsHandler
from studyapp.handlers.flashcards import FlashcardsHandler
from studyapp.handlers.skill_tree import SkillTreeHandler
from studyapp.jobs.registry import HandlerRegistry

if TYPE_CHECKING:
    from studyapp.generation.provider import Provider

HANDLER_CLASSES = (FlashcardsHandler, DistractorsHandler, SkillTreeHandler)


def register(
    registry: HandlerRegistry,
    *,
    vectors_dir: Path | None = None,
    provider_factory: Callable[[Mapping[str, Any]], Provider] | None = None,
) -> None:
    env = HandlerEnv(vectors_dir=vectors_dir, provider_factory=provider_factory)
    registry.register(FlashcardsHandler(env))
    registry.register(DistractorsHandler(env))
    registry.register(SkillTreeHandler(env))
    if provider_factory is None:  # the real providers: a job is paid by its own profile's key
        registry.holdings = paying_keys.holdings


def default_registry() -> HandlerRegistry:
    """The product's handlers, plus any named in ``STUDYAPP_HANDLER_MODULES``."""
    registry = HandlerRegistry()
    register(registry)
    registry.load_modules()
    return registry
