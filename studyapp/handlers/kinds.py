"""The product's job types and how each reads to a learner.

The engine (``studyapp.jobs``) runs any registered type and knows none of these by name. Their
words are declared to the engine's :func:`~studyapp.jobs.texts.texts_for` when this module is
imported, and product code imports ``texts_for`` from here, so the words are always declared
before anything asks for them. This module is light on purpose (no generation, no vectors): the
placeholders and the study screen read it at start.
"""

from __future__ import annotations

from studyapp.jobs.contract import JobTexts
from studyapp.jobs.texts import declare, texts_for

FLASHCARD_GENERATION = "flashcard_generation"
DISTRACTOR_GENERATION = "distractor_generation"
SKILL_TREE_GENERATION = "skill_tree_generation"

FLASHCARD_TEXTS = JobTexts(
    name="flashcard generation",
    plural="flashcard generations",
    working="Generating flashcards\u2026",
    failed="Flashcards could not be generated",
    ready="New flashcards are ready",
    for_node="Cards for \u201c{node}\u201d",
    for_goal="Cards from material",
)
DISTRACTOR_TEXTS = JobTexts(
    name="choice generation",
    plural="choice generations",
    working="Preparing choices\u2026",
    failed="Choices could not be made",
    ready="Multiple-choice options are ready",
    for_card="Choices for \u201c{card}\u201d",
    for_goal="Choices",
)
SKILL_TREE_TEXTS = JobTexts(
    name="skill tree generation",
    plural="skill tree generations",
    working="Generating skills\u2026",
    failed="Skills could not be generated",
    ready="A skill tree is ready",
    for_node="Sub-skills of \u201c{node}\u201d",
    for_goal="Skill tree",
    working_branch="Generating sub-skills\u2026",
)

declare(FLASHCARD_GENERATION, FLASHCARD_TEXTS)
declare(DISTRACTOR_GENERATION, DISTRACTOR_TEXTS)
declare(SKILL_TREE_GENERATION, SKILL_TREE_TEXTS)

__all__ = [
    "DISTRACTOR_GENERATION",
    "DISTRACTOR_TEXTS",
    "FLASHCARD_GENERATION",
    "FLASHCARD_TEXTS",
    "SKILL_TREE_GENERATION",
    "SKILL_TREE_TEXTS",
    "texts_for",
]
