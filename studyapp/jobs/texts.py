"""How each job type reads to a learner: declared ONCE, by whoever registers the type.

The engine knows no job type by name. A product's handler class carries a ``texts`` attribute (a
:class:`~studyapp.jobs.contract.JobTexts`), and registering the product's handlers declares them
here (:func:`declare`; ``studyapp.handlers`` does it when imported). The rate-limit refusal, the
jobs page, the placeholders, the "ready" notifications and the job labels all read it through
:func:`texts_for`, so a wording changes in one place. A job type without declared texts (a test
handler, a type from a newer version) gets plain ones made from its name.
"""

from __future__ import annotations

from studyapp.jobs.contract import JobTexts

_declared: dict[str, JobTexts] = {}


def declare(job_type: str, texts: JobTexts) -> None:
    _declared[job_type] = texts


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


def texts_for(job_type: str) -> JobTexts:
    return _declared.get(job_type) or generic_texts(job_type)


__all__ = ["JobTexts", "declare", "generic_texts", "texts_for"]
