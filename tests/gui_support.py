"""Support for the window's story tests: a scripted provider whose calls can be held back or
made to fail, a registry of the real handlers using it, and a fixture that opens the real main
window on the test database and closes it cleanly (no timers, listeners or pool work left)."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

from studyapp.generation.errors import PermanentGenerationError
from studyapp.generation.offline import OfflineProvider
from studyapp.generation.types import (
    CardDraft,
    CardSet,
    CardsRequest,
    DistractorRequest,
    DistractorSet,
    SkillTree,
    TreeNode,
    TreeRequest,
)
from studyapp.handlers import registry as handlers
from studyapp.jobs.registry import HandlerRegistry

TOP_LEVEL = ("Basics", "Congestion window", "Loss recovery")


class ScriptedProvider:
    """Deterministic answers; ``hold(op)`` makes calls of that kind wait until ``release(op)``;
    ``fail_branch(title, times)`` makes that branch fail permanently ``times`` times."""

    name = "scripted"

    def __init__(self) -> None:
        self._gates: dict[str, threading.Event] = {}
        self._failures: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        self.entered: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self.offline = OfflineProvider()

    def hold(self, op: str) -> None:
        self._gates[op] = threading.Event()
        self.entered[op] = threading.Event()

    def release(self, op: str) -> None:
        self._gates[op].set()

    def release_all(self) -> None:
        for gate in self._gates.values():
            gate.set()

    def fail_branch(self, title: str, times: int = 1) -> None:
        self._failures[title] = times

    def _enter(self, op: str) -> None:
        with self._lock:
            self.calls[op] += 1
        gate = self._gates.get(op)
        if gate is not None:
            self.entered[op].set()
            if not gate.wait(30):
                raise TimeoutError(f"test never released {op}")

    def skill_tree(self, request: TreeRequest) -> SkillTree:
        if request.branch is None:
            self._enter("tree")
            return SkillTree(tuple(TreeNode(t, f"About {t.lower()}") for t in TOP_LEVEL), self.name)
        self._enter(f"branch:{request.branch}")
        with self._lock:
            if self._failures[request.branch] > 0:
                self._failures[request.branch] -= 1
                raise PermanentGenerationError(
                    f"The model declined to outline \u201c{request.branch}\u201d."
                )
        return SkillTree(
            (TreeNode(f"{request.branch}: first idea"), TreeNode(f"{request.branch}: second idea")),
            self.name,
        )

    def cards(self, request: CardsRequest) -> CardSet:
        self._enter("cards")
        topic = request.topic or "the material"
        if request.chunk.strip():
            # Cards from material rest on a passage of it (the quality gate checks the quote is
            # in the chunk and the answer in the quote): three spans of its prose (no headings).
            prose = [line for line in request.chunk.splitlines() if not line.startswith("#")]
            words = " ".join(prose).split()
            third = max(len(words) // 3, 1)
            spans = [" ".join(words[i * third : (i + 1) * third]) for i in range(3)]
            drafts = tuple(
                CardDraft(f"Which words come {place} in the notes?", span, source=span)
                for place, span in zip(("first", "in the middle", "last"), spans, strict=True)
                if span
            )
            return CardSet(drafts, self.name)
        # Distinct answers: with a learned embedder, three cards differing in one digit are
        # near-duplicates and the handler would rightly keep only one.
        drafts = tuple(
            CardDraft(f"Question {i} about {topic}?", answer)
            for i, answer in enumerate(SCRIPTED_ANSWERS, 1)
        )
        return CardSet(drafts, self.name)

    def distractors(self, request: DistractorRequest) -> DistractorSet:
        self._enter("distractors")
        return self.offline.distractors(request)


SCRIPTED_ANSWERS = (
    "A bakery sells fresh bread every morning",
    "Glaciers carve deep valleys over centuries",
    "Violins need rosin on their bows to sing",
)


def scripted_registry(provider: ScriptedProvider, vectors_dir: Path) -> HandlerRegistry:
    registry = HandlerRegistry()
    handlers.register(registry, vectors_dir=vectors_dir, provider_factory=lambda _s: provider)
    return registry
