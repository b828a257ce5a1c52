"""What the study page says when the offline generator cannot make choices for a card: the
refusal's first part (why, and what the learner can do), not the diagnosis meant for the Jobs
page ("(turned down: 4 not 0.5-2x the answer's length, 3 opens unlike the answer (…)…)"),
which the walk of the real window found in orange under a card."""

from __future__ import annotations

import pytest

from studyapp.generation.errors import PermanentGenerationError
from studyapp.generation.offline import OfflineProvider
from studyapp.generation.types import DistractorRequest
from studyapp.gui.study.session import for_learner


def test_the_study_page_leaves_the_diagnosis_to_the_jobs_page() -> None:
    request = DistractorRequest(
        front="What does the Cache-Control header tell?",
        back="Caches how long a response stays fresh",
        candidates=("Any cache from keeping the response", "max-age", "Vary", "ETag"),
    )
    with pytest.raises(PermanentGenerationError) as refused:
        OfflineProvider().distractors(request)
    full = str(refused.value)
    assert "(turned down: " in full  # the Jobs page keeps the reasons
    shown = for_learner(full)
    assert "turned down" not in shown
    assert shown.startswith("Not enough of your own cards or material in this goal")
    assert shown.endswith("so Claude can write them.")


def test_other_errors_are_shown_whole() -> None:
    said = "The model declined to write options for this card (it said why)."
    assert for_learner(said) == said
