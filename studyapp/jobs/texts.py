"""How each job type reads to a learner, declared ONCE beside its handler.

Every handler class carries a ``texts`` attribute (a :class:`JobTexts`); the rate-limit refusal,
the jobs page, the placeholders, the "ready" notifications and the job labels all read it through
:func:`texts_for`, so a wording changes in one place. A job type without declared texts (a test
handler, a type from a newer version) gets plain ones made from its name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class JobTexts:
    name: str  # "flashcard generation" (rate-limit refusals, the jobs page's Type column)
    plural: str  # "flashcard generations"
    working: str  # "Generating flashcards…" (a placeholder while it waits or runs)
    failed: str  # "Flashcards could not be generated" (a placeholder or note when it failed)
    ready: str  # "New flashcards are ready" (the status-bar / tray note when it completed)
    # Job labels ("what is this job for?"); ``{node}`` / ``{card}`` are filled in by the labeller.
    for_node: str = ""  # "Cards for “{node}”"
    for_card: str = ""  # "Choices for “{card}”"
    for_goal: str = ""  # "Cards from material"
    working_branch: str = ""  # "Generating sub-skills…" (a job scoped to one skill of a tree)


def generic_texts(job_type: str) -> JobTexts:
    name = job_type.replace("_", " ")
    return JobTexts(
        name=name,
        plural=name,  # no guessing at English plurals for a name we do not know
        working="Working\u2026",
        failed="This could not be done",
        ready="A job finished",
        for_goal=name.capitalize(),
    )


@cache
def _declared() -> dict[str, JobTexts]:
    # Imported late: the handlers pull in generation and vectors, which the job store (a user of
    # these texts) must not need at import time.
    from studyapp.jobs.handlers import HANDLER_CLASSES

    return {cls.job_type: cls.texts for cls in HANDLER_CLASSES}


def texts_for(job_type: str) -> JobTexts:
    return _declared().get(job_type) or generic_texts(job_type)
