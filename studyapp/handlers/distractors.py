"""distractor_generation: three wrong options for a card's multiple-choice form.

Candidates are the learner's own answers nearest to this card's among cards of the same goal
and kind, then the terms, definitions and purposes of the goal's material around the card
(nearest to the answer first; a new goal's first quiz cards have choices), from the vector store (synced incrementally from PostgreSQL first, so a lost
embedding write does not hide cards): the offline provider picks among them, Claude sees a few
as style hints and gets the goal, the card's skill and the sentence the card came from. Both go
through the quality gate, which never lets through another correct answer (the answers of the
goal's cards asking the same question).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, insert, select

from studyapp.db.database import Database
from studyapp.db.models import Card, DistractorSet, Goal, SkillNode
from studyapp.errors import DatabaseUnavailable
from studyapp.generation.choice_define import asks_about_sibling, sibling_definitions
from studyapp.generation.choice_fit import material_candidates
from studyapp.generation.choice_frame import (
    frame,
    is_descriptive,
    material_answers,
    same_question,
)
from studyapp.generation.choice_worth import GENERATED_BY, unfit_card
from studyapp.generation.quality import Rejection, summary
from studyapp.generation.types import DistractorRequest
from studyapp.handlers import compute
from studyapp.handlers.common import HandlerEnv, call, positive_int
from studyapp.handlers.goal_material import goal_material, material_near, skill_material
from studyapp.handlers.kinds import DISTRACTOR_GENERATION, DISTRACTOR_TEXTS
from studyapp.jobs.contract import (
    CompletionTx,
    JobContext,
    PermanentError,
)
from studyapp.limits import DERIVED_CHARS, head
from studyapp.vectors import pending
from studyapp.vectors.pending import PENDING_WAIT_S
from studyapp.vectors.sync import resync

log = logging.getLogger(__name__)

CANDIDATES = 30
MATERIAL_OPTIONS = 40  # material terms offered after the learner's own answers


class DistractorsHandler:
    job_type = DISTRACTOR_GENERATION
    texts = DISTRACTOR_TEXTS

    def __init__(self, env: HandlerEnv) -> None:
        self.env = env

    def requires(self, db: Database, profile_id: int) -> str | None:
        return self.env.requires(db, profile_id)

    def validate(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        return {"card_id": positive_int(payload, "card_id")}

    def run(self, ctx: JobContext) -> dict[str, Any]:
        card_id = int(ctx.job.payload["card_id"])
        profile_id = ctx.job.profile_id
        with ctx.db.session() as session:
            row = session.execute(
                select(
                    head(Card.front),
                    head(Card.back),
                    Card.kind,
                    Card.goal_id,
                    head(Card.source_quote),
                    Goal.title,
                    SkillNode.title,
                    func.length(Card.back),
                    Card.node_id,
                    Card.provider,
                )
                .join(Goal, Goal.id == Card.goal_id)
                .outerjoin(SkillNode, SkillNode.id == Card.node_id)
                .where(Card.id == card_id, Card.profile_id == profile_id)
            ).first()
        if row is None:
            raise PermanentError("The card of this job no longer exists.")
        front, back, kind, goal_id, source, goal_title, skill, back_length, node_id, made_by = row
        if back_length > DERIVED_CHARS:
            # Only its beginning was read (limits.head): a long passage has no "wrong answers
            # of the same length and form", and its whole text must not reach a prompt.
            raise PermanentError(
                f"This card's answer is {back_length:,} characters long; multiple choice needs "
                f"a short answer (at most {DERIVED_CHARS:,} characters). Study it as a flashcard."
            )
        with ctx.db.session() as session:
            whole = goal_material(session, goal_id)
        if made_by in GENERATED_BY:
            # A generated card the gate would not make today is not worth a quiz: three good
            # wrong options would tell the learner it is.
            why = compute.run(unfit_card, front, back, kind, material=whole, goal_title=goal_title)
            if why:
                raise PermanentError(
                    f"No multiple choice for this card: {why}. Edit the card, or study it as a "
                    "flashcard."
                )
        # A definition card's best wrong options: the definitions the material gives of its
        # subject's siblings, in the answer's form (choice_define).
        candidates: list[str] = compute.run(sibling_definitions, front, back, whole)
        also_correct: list[str] = []
        try:
            store = self.env.store(ctx.db)
            pending.wait_idle(store.directory, profile_id, PENDING_WAIT_S)
            resync(ctx.db, store, profile_id, goal_id)
            matches = store.neighbour_answers(
                profile_id, back, kind, goal_id=goal_id, exclude=[card_id], limit=CANDIDATES
            )
            # A descriptive answer is quizzed only against answers to the same question about
            # another subject (choice_frame): other kinds of definition give it away.
            if is_descriptive(back) and frame(front) is not None:
                matches = self._same_question_only(ctx, front, back, matches)
            for match in self._same_skill_first(ctx, matches, node_id):
                if match.answer not in candidates:
                    candidates.append(match.answer)
            # Cards asking the same question: their answers are right too, never distractors.
            for match in store.nearest_cards(profile_id, goal_id, front, limit=5):
                other_front, _, other_back = match.text.partition("\n")
                if (
                    match.card_id != card_id
                    and not asks_about_sibling(front, other_front)
                    and _same_question(front, other_front, store)
                ):
                    also_correct.append(other_back)
        except DatabaseUnavailable:
            # An outage, not a vector store problem: without the sync the candidates and the
            # other correct answers would be missing (offline: a permanent "too few answers").
            # The engine runs the job again once the database is back.
            raise
        except Exception:
            log.warning(
                "vector store unavailable: no neighbour answers for card %s", card_id, exc_info=True
            )
        # The goal's material around the card: its own terms of the same kind as wrong options
        # (a new goal has too few cards for three), and what the text says is right too.
        near = compute.run(material_near, whole, source or "", front, back)
        if near:
            # The card's own section first: its siblings are most likely of the answer's kind.
            own = compute.run(skill_material, whole, skill) if skill else ""
            for text_ in (own, near):
                drawn = compute.run(material_candidates, text_) if text_ else []
                drawn = [d for d in drawn if material_answers(front, back, d)]
                candidates += self._ranked(back, [c for c in drawn if c not in candidates])
        request = DistractorRequest(
            front,
            back,
            kind,
            goal_title,
            tuple(c for c in candidates if c not in also_correct),
            skill=skill or "",
            source=source or "",
            also_correct=tuple(also_correct),
            material=near,
        )
        provider = self.env.provider(ctx.db, profile_id, requires=ctx.job.requires)
        ctx.raise_if_cancelled()
        made = call(ctx, lambda: provider.distractors(request))
        return {
            "options": list(made.options),
            "provider": made.provider,
            "rejected": [{"text": t, "reason": r} for t, r in made.rejected][:20],
        }

    @staticmethod
    def _same_skill_first(ctx: JobContext, matches: list[Any], node_id: int | None) -> list[Any]:
        """Neighbour answers of cards filed on the card's own skill first (stable)."""
        if node_id is None or not matches:
            return matches
        with ctx.db.session() as session:
            same = set(
                session.execute(
                    select(Card.id).where(
                        Card.id.in_([m.card_id for m in matches]), Card.node_id == node_id
                    )
                ).scalars()
            )
        return sorted(matches, key=lambda m: m.card_id not in same)

    @staticmethod
    def _same_question_only(
        ctx: JobContext, front: str, back: str, matches: list[Any]
    ) -> list[Any]:
        """The matches whose cards ask ``front``'s question about another subject."""
        if not matches:
            return matches
        with ctx.db.session() as session:
            fronts: dict[int, str] = dict(
                session.execute(
                    select(Card.id, head(Card.front)).where(
                        Card.id.in_([m.card_id for m in matches])
                    )
                ).all()
            )
        return [
            m
            for m in matches
            if m.card_id in fronts and same_question(front, back, fronts[m.card_id], m.answer)
        ]

    @staticmethod
    def _ranked(answer: str, options: list[str]) -> list[str]:
        """``options`` nearest to ``answer`` first (by embedding), at most MATERIAL_OPTIONS."""
        if not options:
            return []
        embedder = compute.embedder()
        vectors = embedder.embed([answer, *options])
        scores = vectors[1:] @ vectors[0]
        order = sorted(range(len(options)), key=lambda i: -float(scores[i]))
        return [options[i] for i in order[:MATERIAL_OPTIONS]]

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
        rejected = [Rejection(r["text"], r["reason"]) for r in outcome.get("rejected", [])]
        return {
            "card_id": card_id,
            "distractor_set_id": set_id,
            "options": outcome["options"],
            "provider": outcome["provider"],
            "rejected": [r.to_json() for r in rejected],
            "summary": summary(len(outcome["options"]), rejected, noun="options"),
        }


def _same_question(a: str, b: str, store: Any) -> bool:
    embedder = store.embedder
    va, vb = embedder.embed([a, b])
    return float(va @ vb) >= embedder.duplicate_cosine
