"""flashcard_generation: cards for a skill node or for material.

Material longer than one chunk is not generated here: :meth:`apply` spawns one child job per
chunk (each with its own placeholder and Retry; a failed chunk loses no other chunk's cards), and
each child reads the material from this job's payload. Cards are written in :meth:`apply`, the
completion transaction, so a retried or rescued job never writes them twice; their embeddings go
to LanceDB in :meth:`after_commit` (rebuildable from PostgreSQL if that fails).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert, select

from studyapp.db.models import Card, Goal, SkillNode
from studyapp.errors import BadInput
from studyapp.generation.chunking import CHUNK_CHARS, chunk_material
from studyapp.generation.types import CardsRequest
from studyapp.jobs.contract import (
    FLASHCARD_GENERATION,
    CompletionTx,
    JobContext,
    PermanentError,
)
from studyapp.jobs.handlers.common import (
    HandlerEnv,
    call,
    goal_and_node,
    job_material,
    validated_material,
)
from studyapp.jobs.texts import JobTexts
from studyapp.vectors.embedder import cosine
from studyapp.vectors.store import DUPLICATE_COSINE
from studyapp.vectors.sync import cards_by_id, resync

log = logging.getLogger(__name__)

DEFAULT_COUNT = 10
MAX_COUNT = 50
CHUNK_KEYS = ("index", "total", "start", "end", "window_start", "window_end")


class FlashcardsHandler:
    job_type = FLASHCARD_GENERATION
    texts = JobTexts(
        name="flashcard generation",
        plural="flashcard generations",
        working="Generating flashcards\u2026",
        failed="Flashcards could not be generated",
        ready="New flashcards are ready",
        for_node="Cards for \u201c{node}\u201d",
        for_goal="Cards from material",
    )

    def __init__(self, env: HandlerEnv) -> None:
        self.env = env

    def validate(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        clean = goal_and_node(payload)
        count = payload.get("count", DEFAULT_COUNT)
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
            raise BadInput(f"--count must be between 1 and {MAX_COUNT} (got {count!r}).")
        clean["count"] = count
        chunk = payload.get("chunk")
        if chunk is not None:
            if not isinstance(chunk, dict) or not all(
                isinstance(chunk.get(k), int) and not isinstance(chunk.get(k), bool)
                for k in CHUNK_KEYS
            ):
                raise BadInput("A chunk job needs index, total, start, end and its window.")
            clean["chunk"] = {k: chunk[k] for k in CHUNK_KEYS}
        clean.update(validated_material(payload))
        if (
            "node_id" not in clean
            and chunk is None
            and "material" not in clean
            and "material_z" not in clean
        ):
            raise BadInput(
                "Give a skill node (--node) or material (--from FILE) to make cards from."
            )
        return clean

    # -- the slow part ----------------------------------------------------------------------
    def run(self, ctx: JobContext) -> dict[str, Any]:
        payload = ctx.job.payload
        goal_id = int(payload["goal_id"])
        with ctx.db.session() as session:
            goal = session.execute(
                select(Goal.title).where(Goal.id == goal_id, Goal.profile_id == ctx.job.profile_id)
            ).scalar_one_or_none()
            if goal is None:
                raise PermanentError("The goal of this job no longer exists.")
            node = None
            if payload.get("node_id"):
                node = session.execute(
                    select(SkillNode.title, SkillNode.description).where(
                        SkillNode.id == payload["node_id"], SkillNode.goal_id == goal_id
                    )
                ).first()
                if node is None:
                    raise PermanentError("The skill of this job no longer exists.")
            avoid = tuple(
                session.execute(
                    select(Card.front)
                    .where(Card.goal_id == goal_id, Card.archived.is_(False))
                    .order_by(Card.id.desc())
                    .limit(50)
                ).scalars()
            )
        material = job_material(ctx)
        chunk = payload.get("chunk")
        if material and chunk is None and len(material) > CHUNK_CHARS:
            chunks = chunk_material(material)
            if len(chunks) > 1:
                return {"split": [{k: getattr(c, k) for k in CHUNK_KEYS} for c in chunks]}
        if chunk is not None:
            window = material[chunk["window_start"] : chunk["window_end"]]
            text = material[chunk["start"] : chunk["end"]]
            label = f"part {chunk['index'] + 1} of {chunk['total']}"
        else:
            window = text = material
            label = ""
        request = CardsRequest(
            goal_title=goal,
            count=int(payload.get("count", DEFAULT_COUNT)),
            topic=node.title if node else "",
            topic_description=node.description if node else "",
            material=window,
            chunk=text,
            chunk_label=label,
            avoid=avoid,
        )
        provider = self.env.provider(ctx.db, ctx.job.profile_id)
        ctx.raise_if_cancelled()
        made = call(ctx, lambda: provider.cards(request))
        ctx.raise_if_cancelled()
        kept, skipped = self._dedupe(ctx, goal_id, made.cards)
        return {
            "cards": [{"front": c.front, "back": c.back, "kind": c.kind} for c in kept],
            "provider": made.provider,
            "skipped_duplicates": skipped,
            "note": made.note,
        }

    def _dedupe(self, ctx: JobContext, goal_id: int, cards: Any) -> tuple[list[Any], int]:
        """Skip cards with cosine ≥ 0.85 to one of the goal's cards or an earlier card of this
        batch. If the vector store is unusable, keep everything (and say so in the log)."""
        try:
            store = self.env.store(ctx.db)
            resync(ctx.db, store, ctx.job.profile_id, goal_id)
        except Exception:
            log.warning(
                "vector store unavailable: cards of job %s not deduplicated",
                ctx.job.id,
                exc_info=True,
            )
            return list(cards), 0
        kept: list[Any] = []
        kept_vectors: list[Any] = []
        skipped = 0
        for card in cards:
            text = f"{card.front}\n{card.back}"
            match = store.nearest_in_goal(ctx.job.profile_id, goal_id, text)
            vector = store.embedder.embed([text])[0]
            if (match is not None and match.score >= DUPLICATE_COSINE) or any(
                cosine(vector, other) >= DUPLICATE_COSINE for other in kept_vectors
            ):
                skipped += 1
                continue
            kept.append(card)
            kept_vectors.append(vector)
        return kept, skipped

    # -- the completion transaction -----------------------------------------------------------
    def apply(self, tx: CompletionTx, outcome: Mapping[str, Any]) -> dict[str, Any]:
        payload = tx.job.payload
        goal_id = int(payload["goal_id"])
        if "split" in outcome:
            children = [
                tx.spawn(
                    FLASHCARD_GENERATION,
                    {
                        "goal_id": goal_id,
                        **({"node_id": payload["node_id"]} if payload.get("node_id") else {}),
                        "count": payload.get("count", DEFAULT_COUNT),
                        "chunk": chunk,
                    },
                    goal_id=goal_id,
                )
                for chunk in outcome["split"]
            ]
            return {"chunks": len(children), "child_job_ids": children}
        session = tx.session
        exists = session.execute(
            select(Goal.id).where(Goal.id == goal_id, Goal.profile_id == tx.job.profile_id)
        ).scalar_one_or_none()
        if exists is None:
            return {"created": 0, "card_ids": [], "note": "The goal was deleted meanwhile."}
        node_id = payload.get("node_id")
        if node_id is not None:
            node_id = session.execute(
                select(SkillNode.id).where(SkillNode.id == node_id, SkillNode.goal_id == goal_id)
            ).scalar_one_or_none()
        rows = [
            {
                "profile_id": tx.job.profile_id,
                "goal_id": goal_id,
                "node_id": node_id,
                "front": c["front"],
                "back": c["back"],
                "kind": c["kind"],
                "provider": outcome["provider"][:50],
                "source_job_id": tx.job.id,
            }
            for c in outcome["cards"]
        ]
        ids = (
            list(
                session.execute(
                    insert(Card).returning(Card.id, sort_by_parameter_order=True), rows
                ).scalars()
            )
            if rows
            else []
        )
        result: dict[str, Any] = {
            "created": len(ids),
            "card_ids": ids,
            "skipped_duplicates": outcome["skipped_duplicates"],
            "provider": outcome["provider"],
        }
        if outcome.get("note"):
            result["note"] = outcome["note"]
        return result

    def after_commit(self, ctx: JobContext, result: Mapping[str, Any]) -> None:
        ids = list(result.get("card_ids") or [])
        if ids:
            # Brand-new ids: nothing to replace.
            self.env.store(ctx.db).add(cards_by_id(ctx.db, ids), replace=False)
