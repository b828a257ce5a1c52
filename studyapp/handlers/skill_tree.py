"""skill_tree_generation: a goal's tree, top level first, then one child job per branch.

The parent job writes the top-level ``skill_nodes`` with status 'generating' and spawns a child
per node (payload ``node_id``); each child writes that branch's children and sets its node 'ready'.
A branch whose job failed for good keeps status 'generating' in its row, and the services layer
reports it as 'failed' from the job's state (the GUI shows it with Retry beside the finished
branches). A regeneration replaces the goal's nodes and moves every card to the closest new
skill by embedding (planned in the slow part, applied with one UPDATE per skill; cards made
since are homed in the transaction), so nothing is orphaned; the result says how many moved.
When a branch's children arrive, the branch's cards move down to the closest of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert, select, update

from studyapp.db.database import Database
from studyapp.db.locks import goal_lock
from studyapp.db.models import Card, Goal, SkillNode
from studyapp.errors import BadInput
from studyapp.generation.types import TreeNode, TreeRequest
from studyapp.handlers import compute
from studyapp.handlers.common import (
    MAX_FEEDBACK,
    HandlerEnv,
    call,
    goal_and_node,
    job_material,
    unpack_material,
    validated_material,
)
from studyapp.handlers.kinds import SKILL_TREE_GENERATION, SKILL_TREE_TEXTS
from studyapp.handlers.tree_writes import goal_cards, plan_homes, write_top_level
from studyapp.jobs.contract import (
    CompletionTx,
    JobContext,
    PermanentError,
)
from studyapp.vectors.skill_homes import NodeText, home_cards


def _as_dict(node: TreeNode) -> dict[str, Any]:
    return {
        "title": node.title,
        "description": node.description,
        "children": [_as_dict(c) for c in node.children],
    }


class SkillTreeHandler:
    job_type = SKILL_TREE_GENERATION
    texts = SKILL_TREE_TEXTS

    def __init__(self, env: HandlerEnv) -> None:
        self.env = env

    def requires(self, db: Database, profile_id: int) -> str | None:
        return self.env.requires(db, profile_id)

    def validate(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        clean = goal_and_node(payload)
        feedback = payload.get("feedback") or ""
        if not isinstance(feedback, str) or len(feedback) > MAX_FEEDBACK:
            raise BadInput(f"Feedback is at most {MAX_FEEDBACK} characters.")
        if feedback.strip():
            clean["feedback"] = feedback.strip()
        if payload.get("material") or payload.get("material_z"):
            clean.update(validated_material(payload))
        return clean

    def run(self, ctx: JobContext) -> dict[str, Any]:
        payload = ctx.job.payload
        goal_id = int(payload["goal_id"])
        node_id = payload.get("node_id")
        with ctx.db.session() as session:
            goal = session.execute(
                select(Goal.title, Goal.description).where(
                    Goal.id == goal_id, Goal.profile_id == ctx.job.profile_id
                )
            ).first()
            if goal is None:
                raise PermanentError("The goal of this job no longer exists.")
            node = siblings = None
            if node_id is not None:
                node = session.execute(
                    select(SkillNode.title, SkillNode.description, SkillNode.parent_id).where(
                        SkillNode.id == node_id, SkillNode.goal_id == goal_id
                    )
                ).first()
                if node is None:
                    return {"gone": True}
                siblings = tuple(
                    session.execute(
                        select(SkillNode.title).where(
                            SkillNode.goal_id == goal_id,
                            SkillNode.parent_id.is_(node.parent_id)
                            if node.parent_id is None
                            else SkillNode.parent_id == node.parent_id,
                            SkillNode.id != node_id,
                        )
                    ).scalars()
                )
        material = job_material(ctx) if node_id is not None else unpack_material(payload)
        request = TreeRequest(
            goal_title=goal.title,
            goal_description=goal.description,
            feedback=str(payload.get("feedback", "")),
            material=material,
            branch=node.title if node else None,
            branch_description=node.description if node else "",
            siblings=siblings or (),
        )
        provider = self.env.provider(ctx.db, ctx.job.profile_id, requires=ctx.job.requires)
        ctx.raise_if_cancelled()
        tree = call(ctx, lambda: provider.skill_tree(request))
        nodes = [_as_dict(n) for n in tree.nodes]
        outcome: dict[str, Any] = {"nodes": nodes, "provider": tree.provider, "note": tree.note}
        if node_id is None:  # where each existing card goes in the new tree, planned here
            with ctx.db.session() as session:
                cards = goal_cards(session, goal_id)
            outcome["homes"] = compute.run(plan_homes, cards, nodes)
        return outcome

    def apply(self, tx: CompletionTx, outcome: Mapping[str, Any]) -> dict[str, Any]:
        payload = tx.job.payload
        goal_id = int(payload["goal_id"])
        session = tx.session
        if outcome.get("gone"):
            return {"note": "The skill was removed meanwhile."}
        goal_lock(session, goal_id)
        if not session.execute(
            select(Goal.id).where(Goal.id == goal_id, Goal.profile_id == tx.job.profile_id)
        ).first():
            return {"note": "The goal was deleted meanwhile."}
        node_id = payload.get("node_id")
        if node_id is None:
            return self._apply_top(tx, goal_id, outcome)
        still = session.execute(
            select(SkillNode.id).where(SkillNode.id == node_id, SkillNode.goal_id == goal_id)
        ).first()
        if not still:
            return {"note": "The skill was removed meanwhile."}
        children: list[NodeText] = []
        count = self._insert(tx, goal_id, node_id, outcome["nodes"], children)
        session.execute(update(SkillNode).where(SkillNode.id == node_id).values(status="ready"))
        result: dict[str, Any] = {
            "node_id": node_id,
            "children": count,
            "provider": outcome["provider"],
        }
        if children:  # the branch's cards move down to the closest of its new children
            branch = session.execute(
                select(SkillNode.title, SkillNode.description).where(SkillNode.id == node_id)
            ).one()
            card_ids = list(
                session.execute(
                    select(Card.id).where(Card.node_id == node_id, Card.archived.is_(False))
                ).scalars()
            )
            among = [NodeText(node_id, branch.title, branch.description), *children]
            moved = home_cards(
                session,
                goal_id,
                card_ids=card_ids,
                only_unassigned=False,
                among=among,
                embedder=compute.embedder(),
            )
            if moved:
                result["cards_moved"] = moved
        return result

    def _apply_top(
        self, tx: CompletionTx, goal_id: int, outcome: Mapping[str, Any]
    ) -> dict[str, Any]:
        ids, moved = write_top_level(tx, goal_id, outcome["nodes"], outcome.get("homes"))
        result: dict[str, Any] = {"node_ids": ids, "provider": outcome["provider"]}
        if outcome.get("note"):
            result["note"] = outcome["note"]
        if moved:
            result["cards_moved"] = moved
        return result

    def _insert(
        self,
        tx: CompletionTx,
        goal_id: int,
        parent_id: int,
        nodes: list[dict[str, Any]],
        written: list[NodeText] | None = None,
    ) -> int:
        count = 0
        for position, node in enumerate(nodes):
            new_id = tx.session.execute(
                insert(SkillNode)
                .values(
                    goal_id=goal_id,
                    parent_id=parent_id,
                    title=node["title"],
                    description=node["description"],
                    position=position,
                    status="ready",
                    source_job_id=tx.job.id,
                )
                .returning(SkillNode.id)
            ).scalar_one()
            if written is not None:
                written.append(NodeText(new_id, node["title"], node["description"]))
            count += 1 + self._insert(tx, goal_id, new_id, node.get("children") or [], written)
        return count
