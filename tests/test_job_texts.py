"""Each job type's words are declared once, beside its handler, and every place that speaks of
a job (rate-limit refusal, placeholder, notification, job label) says the same thing."""

from __future__ import annotations

from studyapp.handlers.kinds import (
    DISTRACTOR_GENERATION,
    FLASHCARD_GENERATION,
    SKILL_TREE_GENERATION,
)
from studyapp.handlers.registry import HANDLER_CLASSES
from studyapp.jobs import store
from studyapp.jobs.contract import JobInfo
from studyapp.jobs.texts import JobTexts, texts_for
from studyapp.services.job_labels import describe_jobs
from tests.factories import make_card, make_goal, make_node


def job(job_id: int, job_type: str, payload: dict, goal_id: int | None) -> JobInfo:
    return JobInfo(
        id=job_id,
        profile_id=1,
        type=job_type,
        status="pending",
        payload=payload,
        attempts=0,
        max_attempts=3,
        goal_id=goal_id,
    )


def test_every_handler_declares_its_texts() -> None:
    for handler in HANDLER_CLASSES:
        assert isinstance(handler.texts, JobTexts), handler
        assert texts_for(handler.job_type) is handler.texts
    flashcards = texts_for(FLASHCARD_GENERATION)
    assert store.type_label(FLASHCARD_GENERATION, plural=True) == flashcards.plural
    assert flashcards.working == "Generating flashcards\u2026"
    unknown = texts_for("summary_generation")  # a type from a newer version: plain words
    assert unknown.name == "summary generation" and unknown.working == "Working\u2026"


def test_labels_and_window_texts_come_from_the_declaration(db, profile) -> None:
    from studyapp.gui.main_window import finished_text
    from studyapp.gui.placeholder import placeholder_text

    goal = make_goal(db, profile.id, "Networking")
    node = make_node(db, goal, "Slow start")
    card = make_card(db, profile.id, goal, front="What doubles cwnd?", back="Slow start")
    jobs = [
        job(1, FLASHCARD_GENERATION, {"goal_id": goal, "node_id": node}, goal),
        job(2, FLASHCARD_GENERATION, {"goal_id": goal, "chunk": {"index": 1, "total": 3}}, goal),
        job(3, DISTRACTOR_GENERATION, {"card_id": card}, goal),
        job(4, SKILL_TREE_GENERATION, {"goal_id": goal, "node_id": node}, goal),
        job(5, SKILL_TREE_GENERATION, {"goal_id": goal}, goal),
    ]
    labels = describe_jobs(db, profile.id, jobs)
    assert labels == {
        1: "Cards for \u201cSlow start\u201d \u00b7 Networking",
        2: "Cards from material (part 2 of 3) \u00b7 Networking",
        3: "Choices for \u201cWhat doubles cwnd?\u201d \u00b7 Networking",
        4: "Sub-skills of \u201cSlow start\u201d \u00b7 Networking",
        5: "Skill tree \u00b7 Networking",
    }
    assert placeholder_text(jobs[2]).startswith(texts_for(DISTRACTOR_GENERATION).working)
    assert finished_text(FLASHCARD_GENERATION, "completed") == "New flashcards are ready."
    assert finished_text(SKILL_TREE_GENERATION, "failed") == "Skills could not be generated."
