"""distractor_generation: three wrong options for a card's multiple-choice form.

Candidates are the learner's own answers nearest to this card's (same kind), from the vector store
(resynced from PostgreSQL first, so a lost embedding write does not hide cards): the offline
provider picks among them, Claude sees a few as style hints.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert, select

from studyapp.db.models import Card, DistractorSet, Goal
from studyapp.generation.types import DistractorRequest
from studyapp.jobs.contract import DISTRACTOR_GENERATION, CompletionTx, JobContext, PermanentError
from studyapp.jobs.handlers.common import HandlerEnv, call, positive_int
from studyapp.jobs.texts import JobTexts
from studyapp.vectors.sync import resync

log = logging.getLogger(__name__)

CANDIDATES = 30


class DistractorsHandler:
    job_type = DISTRACTOR_GENERATION
    texts = JobTexts(
        name="choice generation",
        plural="choice generations",
        working="Preparing choices\u2026",
        failed="Choices could not be made",
        ready="Multiple-choice options are ready",
        for_card="Choices for \u201c{card}\u201d",
        for_goal="Choices",
    )

    def __init__(self, env: HandlerEnv) -> None:
        self.env = env

    def validate(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        return {"card_id": positive_int(payload, "card_id")}

    def run(self, ctx: JobContext) -> dict[str, Any]:
        card_id = int(ctx.job.payload["card_id"])
        with ctx.db.session() as session:
            row = session.execute(
                select(Card.front, Card.back, Card.kind, Goal.title)
                .join(Goal, Goal.id == Card.goal_id)
                .where(Card.id == card_id, Card.profile_id == ctx.job.profile_id)
            ).first()
        if row is None:
            raise PermanentError("The card of this job no longer exists.")
        front, back, kind, goal_title = row
        candidates: list[str] = []
        try:
            store = self.env.store(ctx.db)
            resync(ctx.db, store, ctx.job.profile_id)
            for match in store.neighbour_answers(
                ctx.job.profile_id, back, kind, exclude=[card_id], limit=CANDIDATES
            ):
                if match.answer not in candidates:
                    candidates.append(match.answer)
        except Exception:
            log.warning(
                "vector store unavailable: no neighbour answers for card %s", card_id, exc_info=True
            )
        request = DistractorRequest(front, back, kind, goal_title, tuple(candidates))
        provider = self.env.provider(ctx.db, ctx.job.profile_id)
        ctx.raise_if_cancelled()
        made = call(ctx, lambda: provider.distractors(request))
        return {"options": list(made.options), "provider": made.provider}

    def apply(self, tx: CompletionTx, outcome: Mapping[str, Any]) -> dict[str, Any]:
        card_id = int(tx.job.payload["card_id"])
        exists = tx.session.execute(
            select(Card.id).where(Card.id == card_id, Card.profile_id == tx.job.profile_id)
        ).scalar_one_or_none()
        if exists is None:
            return {"card_id": card_id, "note": "The card was deleted meanwhile."}
        set_id = tx.session.execute(
            insert(DistractorSet)
            .values(
                card_id=card_id,
                options=outcome["options"],
                provider=outcome["provider"][:50],
                job_id=tx.job.id,
            )
            .returning(DistractorSet.id)
        ).scalar_one()
        return {
            "card_id": card_id,
            "distractor_set_id": set_id,
            "options": outcome["options"],
            "provider": outcome["provider"],
        }
