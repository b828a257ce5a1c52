"""Errors a provider raises, classified for the job engine.

The generation layer sits below the job engine and must not import it, so providers raise these and
``studyapp.handlers`` translates them to the engine's ``TransientError`` / ``PermanentError``.
Messages are written for the learner: never a key, never a raw response body.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studyapp.generation.types import Usage


class GenerationError(Exception):
    """Base: ``kind`` names the failure in the job's error history."""

    kind = "generation"
    usage: Usage | None = None  # tokens a failed call still consumed (recorded on the job)

    def __init__(self, message: str, *, kind: str | None = None) -> None:
        super().__init__(message)
        if kind:
            self.kind = kind


class TransientGenerationError(GenerationError):
    """Worth retrying (timeouts, 429, 5xx, 529, malformed or invalid model output).
    ``retry_after`` is the provider's hint in seconds, when it gave one."""

    kind = "transient"

    def __init__(
        self, message: str, *, retry_after: float | None = None, kind: str | None = None
    ) -> None:
        super().__init__(message, kind=kind)
        self.retry_after = retry_after


class InvalidOutput(TransientGenerationError):
    """The model's answer failed validation: retried, never stored."""

    kind = "invalid_output"


class PermanentGenerationError(GenerationError):
    """Retrying cannot help: bad key, invalid request, refusal, nothing to work from."""

    kind = "permanent"
