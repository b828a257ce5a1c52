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
from dataclasses import replace
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

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
from studyapp.handlers.goal_material import (
    SectionIndex,
    digest,
    goal_material,
    keep_material,
    material_digests,
)
from studyapp.handlers.kinds import SKILL_TREE_GENERATION, SKILL_TREE_TEXTS
from studyapp.handlers.tree_writes import (
    branch_cards,
    branch_sections,
    goal_cards,
    insert_node,
    plan_homes,
    section_homes,
    write_top_level,
)
from studyapp.jobs.contract import (
    CompletionTx,
    JobContext,
    PermanentError,
    TransientError,
)
from studyapp.vectors.embedder import normalise
from studyapp.vectors.skill_homes import NodeText, home_cards, to_defined_term


def _as_dict(node: TreeNode) -> dict[str, Any]:
    return {
        "title": node.title,
        "description": node.description,
        "children": [_as_dict(c) for c in node.children],
    }


# The branch's id in :func:`to_defined_term`'s terms while its new children have none: not a
# child's index, and not 0 (a card whose skill is falsy is left as it is there).
_BRANCH = -1

# The material a Claude tree prompt carries at most (it also gets the outline of all of it).
TREE_MATERIAL_CHARS = 200_000


def _titles(nodes: list[dict[str, Any]]) -> list[str]:
    """Every title in ``nodes``, children included, depth first."""
    out: list[str] = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        out.append(node["title"])
        stack.extend(reversed(node.get("children") or []))
    return out


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
        own = unpack_material(payload) if node_id is None else ""
        with ctx.db.session() as session:
            # Read before the material: one kept in between is then read but not listed, and
            # the commit errs on the side of "the goal's material changed" (see _superseded).
            read = material_digests(session, goal_id) + ([digest(own)] if own.strip() else [])
            # All of the goal's material: a regeneration and every branch read every material
            # the goal was given, not only the one (if any) this job brought.
            material = goal_material(session, goal_id, also=own)
            children_now = (
                tuple(
                    session.execute(
                        select(SkillNode.title).where(SkillNode.parent_id == node_id)
                    ).scalars()
                )
                if node_id is not None
                else ()
            )
        if not material and node_id is not None:
            material = job_material(ctx)
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
        if len(material) > TREE_MATERIAL_CHARS and getattr(provider, "name", "") != "offline":
            # Claude reads the material in its prompt: a bounded beginning of it.
            request = replace(request, material=material[:TREE_MATERIAL_CHARS])
        ctx.raise_if_cancelled()
        tree = call(ctx, lambda: provider.skill_tree(request))
        nodes = [_as_dict(n) for n in tree.nodes]
        outcome: dict[str, Any] = {"nodes": nodes, "provider": tree.provider, "note": tree.note}
        with ctx.db.session() as session:
            if node_id is None:  # where each existing card goes in the new tree, planned here
                outcome["read"] = read
                cards = goal_cards(session, goal_id)
            else:  # the branch's cards, to the child whose section they came from
                cards = branch_cards(session, node_id)
        if node_id is None:
            outcome["homes"] = compute.run(plan_homes, cards, nodes, material)
        else:
            kept = {normalise(t) for t in children_now}
            nodes = [n for n in nodes if normalise(n["title"]) not in kept]
            outcome["nodes"] = nodes
            homes = compute.run(section_homes, cards, _titles(nodes), children_now, material)
            if node is not None:
                outcome["sections"] = compute.run(
                    branch_sections, _titles(nodes), children_now, material, node.title
                )
            # A child made from the sentence that defines a term (a section with no
            # sub-headings) takes the card made from that sentence: else the term's skill stood
            # empty under a parent holding its card. The new children have no ids yet: they are
            # named by index, under a stand-in id for the branch.
            children = [
                NodeText(i, n["title"], n.get("description", ""), parent_id=_BRANCH)
                for i, n in enumerate(nodes)
            ]
            defined = to_defined_term(
                [_BRANCH] * len(cards), [source for *_, source in cards], children
            )
            for (card_id, *_), child in zip(cards, defined, strict=True):
                if child is not None and child != _BRANCH:
                    homes[str(card_id)] = nodes[child]["title"]
            outcome["homes"] = homes
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
        # Children another job for this skill wrote since this one read it (a merge spawns a
        # branch job for a skill it keeps while the first may still be running) are not
        # written twice: merged by title here, under the lock, as run() did with those it saw.
        there = {
            normalise(t)
            for t in session.execute(
                select(SkillNode.title).where(SkillNode.parent_id == node_id)
            ).scalars()
        }
        fresh = [n for n in outcome["nodes"] if normalise(n["title"]) not in there]
        children: list[NodeText] = []
        count = self._insert(tx, goal_id, node_id, fresh, children)
        session.execute(update(SkillNode).where(SkillNode.id == node_id).values(status="ready"))
        result: dict[str, Any] = {
            "node_id": node_id,
            "children": count,
            "provider": outcome["provider"],
        }
        moved = 0
        homes = dict(outcome.get("homes") or {})
        if outcome.get("sections"):
            homes.update(self._late_homes(session, node_id, fresh, homes, outcome["sections"]))
        if children or homes:
            # The branch's cards move down: to the child whose section they came from, else
            # (a card not from the material) to the closest of the branch and its children.
            moved = self._move_down(session, goal_id, node_id, children, homes)
        if moved:
            result["cards_moved"] = moved
        return result

    @staticmethod
    def _late_homes(
        session: Session,
        node_id: int,
        nodes: list[dict[str, Any]],
        planned: Mapping[str, str],
        sections: Mapping[str, str],
    ) -> dict[str, str]:
        """Homes for the branch's cards that run() did not see (committed since by parts of
        the material running beside this job), by the rule run() used for those it saw: the
        new child made from the card's own sentence, else the child of the section the
        sentence stands in ("" for the branch's own text)."""
        defined = {normalise(n.get("description", "")): n["title"] for n in nodes}
        defined.pop("", None)
        out: dict[str, str] = {}
        rows = session.execute(
            select(Card.id, Card.source_quote).where(
                Card.node_id == node_id, Card.archived.is_(False)
            )
        )
        for card_id, source in rows:
            if str(card_id) in planned or not source:
                continue
            title = defined.get(normalise(source))
            if title is None:
                title = sections.get(SectionIndex.key(source))
            if title is not None:
                out[str(card_id)] = title
        return out

    @staticmethod
    def _move_down(
        session: Session,
        goal_id: int,
        node_id: int,
        children: list[NodeText],
        homes: Mapping[str, str] | None,
    ) -> int:
        below = {
            normalise(row.title): row.id
            for row in session.execute(
                text(
                    "WITH RECURSIVE down(id, title) AS ("
                    " SELECT id, title FROM skill_nodes WHERE parent_id = :n"
                    " UNION ALL SELECT s.id, s.title FROM skill_nodes s"
                    " JOIN down ON s.parent_id = down.id)"
                    " SELECT id, title FROM down"
                ),
                {"n": node_id},
            )
        }
        placed: dict[int, list[int]] = {}
        stay: set[int] = set()
        for card_id, title in (homes or {}).items():
            target = below.get(normalise(title))
            if target is not None:
                placed.setdefault(target, []).append(int(card_id))
            else:  # from the branch's own text, above its sub-sections
                stay.add(int(card_id))
        moved = 0
        for target, card_ids in placed.items():
            # Counted with RETURNING: a Session's execute() is typed as a Result, whose
            # rowcount is only on the CursorResult it is at run time.
            moved += len(
                session.execute(
                    update(Card)
                    .where(Card.id.in_(card_ids), Card.node_id == node_id)
                    .values(node_id=target)
                    .returning(Card.id)
                ).all()
            )
        if not children:
            return moved
        branch = session.execute(
            select(SkillNode.title, SkillNode.description).where(SkillNode.id == node_id)
        ).one()
        card_ids = [
            i
            for i in session.execute(
                select(Card.id).where(Card.node_id == node_id, Card.archived.is_(False))
            ).scalars()
            if i not in stay
        ]
        among = [NodeText(node_id, branch.title, branch.description), *children]
        return moved + home_cards(
            session,
            goal_id,
            card_ids=card_ids,
            only_unassigned=False,
            among=among,
            embedder=compute.embedder(),
        )

    def _apply_top(
        self, tx: CompletionTx, goal_id: int, outcome: Mapping[str, Any]
    ) -> dict[str, Any]:
        payload = tx.job.payload
        if self._superseded(tx.session, goal_id, outcome):
            if outcome["read"] or payload.get("feedback"):
                # A tree from material, or one the learner asked for: made again, from all of
                # the goal's material (an attempt spent, as for any retry).
                raise TransientError(
                    "Material was added to the goal while its tree was being made: making "
                    "it again from all of it.",
                    retry_after=0,
                    kind="material_added",
                )
            # The bare tree a new goal starts with (one skill named for it): the material's
            # tree stands.
            return {
                "node_ids": [],
                "provider": outcome["provider"],
                "note": "Material added meanwhile made the goal's tree; the bare one made "
                "before it was not written.",
            }
        if "material" in payload or "material_z" in payload:
            keep_material(tx.session, goal_id, unpack_material(payload), tx.job.id)
        ids, moved = write_top_level(tx, goal_id, outcome["nodes"], outcome.get("homes"))
        result: dict[str, Any] = {"node_ids": ids, "provider": outcome["provider"]}
        if outcome.get("note"):
            result["note"] = outcome["note"]
        if moved:
            result["cards_moved"] = moved
        return result

    @staticmethod
    def _superseded(session: Session, goal_id: int, outcome: Mapping[str, Any]) -> bool:
        """Whether the goal keeps a material this job's slow part did not read, and has a
        tree: the job that kept it made (or merged) that tree from it in the same commit, so
        writing this one would put back a tree without that material's headings. The window
        starts a bare tree job with every new goal; when the learner's material was committed
        first, the bare tree replaced the material's, by timing alone."""
        read = outcome.get("read")
        if read is None:  # an outcome of an older version: as before
            return False
        if set(material_digests(session, goal_id)) <= set(read):
            return False
        return (
            session.execute(
                select(SkillNode.id).where(SkillNode.goal_id == goal_id).limit(1)
            ).first()
            is not None
        )

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
            new_id = insert_node(tx, goal_id, node, position, parent_id=parent_id, status="ready")
            if written is not None:
                written.append(NodeText(new_id, node["title"], node["description"]))
            count += 1 + self._insert(tx, goal_id, new_id, node.get("children") or [], written)
        return count
