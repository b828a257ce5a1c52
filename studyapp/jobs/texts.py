"""How each job type reads to a learner, declared ONCE beside its handler.

Every handler class carries a ``texts`` attribute (a :class:`~studyapp.jobs.contract.JobTexts`:
part of the handler contract, so handlers never import this module and the look-up below can
import them without an import circle). The rate-limit refusal, the jobs page, the placeholders,
the "ready" notifications and the job labels all read it through :func:`texts_for`, so a wording
changes in one place. A job type without declared texts (a test handler, a type from a newer
version) gets plain ones made from its name.
"""

from __future__ import annotations

from functools import cache

from studyapp.jobs.contract import JobTexts


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


__all__ = ["JobTexts", "generic_texts", "texts_for"]
