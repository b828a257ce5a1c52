"""The provider protocol: three operations, each returning validated, typed results."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from studyapp.generation.types import (
    CardSet,
    CardsRequest,
    DistractorRequest,
    DistractorSet,
    SkillTree,
    TreeRequest,
)


@runtime_checkable
class Provider(Protocol):
    """Raises ``TransientGenerationError`` / ``PermanentGenerationError``; never returns output
    that failed validation."""

    name: str

    def skill_tree(self, request: TreeRequest) -> SkillTree: ...

    def cards(self, request: CardsRequest) -> CardSet: ...

    def distractors(self, request: DistractorRequest) -> DistractorSet: ...
