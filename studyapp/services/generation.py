"""Submitting generation jobs: inputs are checked here, before anything is stored, so a bad
request is refused at once with a clear message and nothing saved before is touched.

Material is data, never instructions: text like "ignore previous instructions" is passed on
inside <material> tags and the model's output is validated like any other.
"""

from __future__ import annotations

import threading
from typing import Any

from studyapp.db.database import Database
from studyapp.db.models import Card
from studyapp.errors import BadInput
from studyapp.generation.cleaning import clean, detect_format
from studyapp.generation.cleaning.marks import marked_terms
from studyapp.generation.types import MarkedTerm
from studyapp.handlers import compute
from studyapp.handlers.common import MAX_FEEDBACK, MIN_MATERIAL, pack_marks, pack_material
from studyapp.handlers.flashcards import MAX_COUNT
from studyapp.handlers.kinds import (
    DISTRACTOR_GENERATION,
    FLASHCARD_GENERATION,
    SKILL_TREE_GENERATION,
)
from studyapp.handlers.registry import default_registry
from studyapp.jobs import store
from studyapp.jobs.clock import Clock
from studyapp.jobs.contract import JobInfo
from studyapp.jobs.registry import HandlerRegistry
from studyapp.jobs.store import SubmitResult
from studyapp.services.material import Material, check_text
from studyapp.services.owned import card_value, require_goal_node


def clean_material(material: Material) -> str:
    """The cleaned Markdown of ``material`` (PDFs arrive cleaned by their reader)."""
    if material.format == "pdf":
        return material.text
    fmt = material.format or detect_format(material.text, material.source)
    return clean(material.text, fmt)


def material_marks(material: Material) -> tuple[MarkedTerm, ...]:
    """The terms ``material`` marks as key terms (bold, ``<dfn>``, ``**x**``), read from the
    material as given: cleaning drops the emphasis (see :mod:`.cleaning.marks`)."""
    if material.format == "pdf":
        return ()
    return marked_terms(
        material.text, material.format or detect_format(material.text, material.source)
    )


def _goal(db: Database, profile_id: int, goal_id: int, node_id: int | None = None) -> None:
    with db.session() as session:
        require_goal_node(session, profile_id, goal_id, node_id)


def _submit(
    db: Database,
    profile_id: int,
    job_type: str,
    payload: dict[str, Any],
    goal_id: int,
    *,
    material: Material | None = None,
    marks: bool = False,
    registry: HandlerRegistry | None = None,
    clock: Clock | None = None,
) -> SubmitResult:
    """The one way a generation job is submitted. Material is cleaned for its format (markup,
    page furniture and line-break hyphens out, code kept as code), checked, then packed into
    the payload; with ``marks``, the terms its markup marks as key terms go with it (cards
    are made for them, a tree is not)."""
    if material is not None:
        # The rules on what the learner gave (the size limit once, here and at reading, on
        # the same text): never again on the cleaned text, which may be a little longer.
        check_text(material.text, material.source)
        if "\x00" in material.text:
            raise BadInput(f"{material.source} contains NUL bytes: it looks like a binary file.")
        # Seconds of pure Python for a big file: in the window it runs in a compute process.
        cleaned = compute.run(clean_material, material)
        if len(cleaned.strip()) < MIN_MATERIAL:
            raise BadInput(
                f"{material.source} has almost no text once its markup is removed "
                f"({len(cleaned.strip())} characters): there is nothing to make cards from."
            )
        payload.update(pack_material(cleaned))
        if marks:
            payload.update(pack_marks(compute.run(material_marks, material)))
    return store.submit(
        db,
        profile_id,
        job_type,
        payload,
        registry=registry or default_registry(),
        goal_id=goal_id,
        clock=clock,
    )


def submit_skill_tree(
    db: Database,
    profile_id: int,
    goal_id: int,
    *,
    feedback: str = "",
    material: Material | None = None,
    registry: HandlerRegistry | None = None,
    clock: Clock | None = None,
) -> SubmitResult:
    _goal(db, profile_id, goal_id)
    if len(feedback or "") > MAX_FEEDBACK:
        raise BadInput(f"Feedback is at most {MAX_FEEDBACK} characters (got {len(feedback)}).")
    payload: dict[str, Any] = {"goal_id": goal_id}
    if feedback and feedback.strip():
        payload["feedback"] = feedback.strip()
    return _submit(
        db,
        profile_id,
        SKILL_TREE_GENERATION,
        payload,
        goal_id,
        material=material,
        registry=registry,
        clock=clock,
    )


def submit_cards(
    db: Database,
    profile_id: int,
    goal_id: int,
    *,
    node_id: int | None = None,
    material: Material | None = None,
    count: int | None = None,
    registry: HandlerRegistry | None = None,
    clock: Clock | None = None,
) -> SubmitResult:
    _goal(db, profile_id, goal_id, node_id)
    if node_id is None and material is None:
        raise BadInput("Give a skill node (--node ID) or material (--from FILE, or - for stdin).")
    if count is not None and not 1 <= count <= MAX_COUNT:
        raise BadInput(f"--count must be between 1 and {MAX_COUNT} (got {count}).")
    payload: dict[str, Any] = {"goal_id": goal_id}
    if node_id is not None:
        payload["node_id"] = node_id
    if count is not None:
        payload["count"] = count
    return _submit(
        db,
        profile_id,
        FLASHCARD_GENERATION,
        payload,
        goal_id,
        material=material,
        marks=True,
        registry=registry,
        clock=clock,
    )


def submit_distractors(
    db: Database,
    profile_id: int,
    card_id: int,
    *,
    registry: HandlerRegistry | None = None,
    clock: Clock | None = None,
) -> SubmitResult:
    with db.session() as session:
        goal_id = card_value(session, profile_id, card_id, Card.goal_id)
    return _submit(
        db,
        profile_id,
        DISTRACTOR_GENERATION,
        {"card_id": card_id},
        goal_id,
        registry=registry,
        clock=clock,
    )


def run_and_wait(
    db: Database,
    profile_id: int,
    job_id: int,
    *,
    registry: HandlerRegistry | None = None,
    threads: int = 2,
    timeout: float | None = None,
) -> JobInfo:
    """Run jobs in this process until ``job_id`` (with any parts it spawned) has finished, and
    return its final state. Another worker running at the same time may take some of them;
    that is fine, both run the same engine."""
    from studyapp.jobs.runner import Runner

    runner = Runner(db, registry or default_registry(), threads=threads, kind="cli").start(
        listen=True
    )
    changed = threading.Event()
    runner.finished_callbacks.append(lambda _job: changed.set())
    loop = threading.Thread(target=runner.run, name="cli-runner", daemon=True)
    loop.start()
    waited = 0.0
    try:
        while True:
            job = store.get_job(db, profile_id, job_id)
            if job.finished:
                return job
            if timeout is not None and waited >= timeout:
                return job
            changed.clear()
            changed.wait(0.5)
            waited += 0.5
    finally:
        runner.request_stop()
        runner.shutdown(grace=5.0)
        loop.join(10)
