"""Goals and their skill trees, as plain data for the window and the CLI."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text

from studyapp.db.database import Database
from studyapp.db.models import Card, Goal, SkillNode
from studyapp.errors import BadInput, NotFound

MAX_TITLE = 500
MAX_DESCRIPTION = 10_000


@dataclass(frozen=True)
class GoalInfo:
    id: int
    title: str
    description: str
    created_at: datetime | None
    cards: int = 0
    archived: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "cards": self.cards,
            "archived": self.archived,
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }


@dataclass(frozen=True, eq=False, repr=False)
class NodeInfo:
    """One skill. ``status`` is 'ready', 'generating' or 'failed' (a branch whose job failed for
    good: ``job_id`` is the job to retry, ``error`` says why).

    A tree may be thousands of levels deep (a CSV skill path or a backup can make one), so
    nothing here recurses: equality, hashing, ``repr`` and ``to_json`` walk with
    :func:`walk`. (The dataclass versions recursed once per level and raised RecursionError
    on a 3,000-deep chain.)"""

    id: int
    title: str
    description: str
    status: str
    children: tuple[NodeInfo, ...] = ()
    job_id: int | None = None
    error: str | None = None

    def own(self) -> tuple[Any, ...]:
        """Everything but the children."""
        return (self.id, self.title, self.description, self.status, self.job_id, self.error)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NodeInfo):
            return NotImplemented
        pairs = [(self, other)]
        while pairs:
            a, b = pairs.pop()
            if a is b:
                continue
            if a.own() != b.own() or len(a.children) != len(b.children):
                return False
            pairs.extend(zip(a.children, b.children, strict=True))
        return True

    def __hash__(self) -> int:
        return hash((self.own(), len(self.children)))

    def __repr__(self) -> str:
        return (
            f"NodeInfo(id={self.id!r}, title={self.title!r}, status={self.status!r}, "
            f"children={len(self.children)})"
        )

    def fields_json(self) -> dict[str, Any]:
        """The node's own fields as JSON (``to_json`` without ``children``)."""
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "status": self.status,
            "job_id": self.job_id,
            "error": self.error,
        }

    def to_json(self) -> dict[str, Any]:
        """The subtree as nested dicts, built bottom-up (no recursion). Deeply nested output
        is for callers that write it without recursing either (``cli/goals.py``)."""
        made: dict[int, dict[str, Any]] = {}
        for node, _depth in reversed(list(walk([self]))):
            made[id(node)] = {
                **node.fields_json(),
                "children": [made.pop(id(c)) for c in node.children],
            }
        return made[id(self)]


def walk(nodes: Sequence[NodeInfo]) -> Iterator[tuple[NodeInfo, int]]:
    """Every node of a forest with its depth, depth-first in order (parents before children),
    with an explicit stack: a skill chain of any depth is walked without recursion."""
    stack = [(node, 0) for node in reversed(nodes)]
    while stack:
        node, depth = stack.pop()
        yield node, depth
        stack.extend((child, depth + 1) for child in reversed(node.children))


def validate_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise BadInput('A goal needs a title, e.g. "Understand TCP congestion control".')
    if len(title) > MAX_TITLE:
        raise BadInput(
            f"A goal title is at most {MAX_TITLE} characters (got {len(title)}); put the details "
            "in the description."
        )
    return title


def create_goal(db: Database, profile_id: int, title: str, description: str = "") -> GoalInfo:
    title = validate_title(title)
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise BadInput(f"A goal description is at most {MAX_DESCRIPTION} characters.")
    with db.session() as session:
        goal = Goal(profile_id=profile_id, title=title, description=description)
        session.add(goal)
        session.flush()
        return GoalInfo(goal.id, goal.title, goal.description, goal.created_at)


# The learner's order (services/goal_manage.py): numbered goals first, then those never placed
# (made since the last reorder), oldest first.
GOAL_ORDER = (Goal.position.asc().nulls_last(), Goal.id)


def list_goals(db: Database, profile_id: int, *, archived: bool = False) -> list[GoalInfo]:
    """The profile's goals in the learner's order: the live ones, or (``archived``) the
    archived ones."""
    cards = (
        select(func.count())
        .select_from(Card)
        .where(Card.goal_id == Goal.id, Card.archived.is_(False))
        .scalar_subquery()
    )
    with db.session() as session:
        rows = session.execute(
            select(Goal.id, Goal.title, Goal.description, Goal.created_at, cards, Goal.archived)
            .where(Goal.profile_id == profile_id, Goal.archived.is_(archived))
            .order_by(*GOAL_ORDER)
        )
        return [
            GoalInfo(
                id=goal_id,
                title=title,
                description=description,
                created_at=created_at,
                cards=count,
                archived=archived,
            )
            for goal_id, title, description, created_at, count, archived in rows
        ]


def get_goal(db: Database, profile_id: int, goal_id: int) -> GoalInfo:
    for goal in list_goals_by_id(db, profile_id, [goal_id]):
        return goal
    raise NotFound(f"No goal {goal_id}.")


def list_goals_by_id(db: Database, profile_id: int, ids: list[int]) -> list[GoalInfo]:
    with db.session() as session:
        rows = session.execute(
            select(Goal.id, Goal.title, Goal.description, Goal.created_at, Goal.archived).where(
                Goal.id.in_(ids), Goal.profile_id == profile_id
            )
        )
        return [
            GoalInfo(
                id=goal_id,
                title=title,
                description=description,
                created_at=created_at,
                archived=archived,
            )
            for goal_id, title, description, created_at, archived in rows
        ]


_BRANCH_JOBS = text(
    """
    SELECT DISTINCT ON ((payload->>'node_id')::bigint) (payload->>'node_id')::bigint AS node_id,
           id, status, error
    FROM jobs
    WHERE profile_id = :p AND goal_id = :g AND type = 'skill_tree_generation'
      AND payload ? 'node_id'
    ORDER BY (payload->>'node_id')::bigint, id DESC
    """
)


def skill_tree(db: Database, profile_id: int, goal_id: int) -> list[NodeInfo]:
    """The goal's tree, roots first by position. A 'generating' node whose newest branch job
    ended failed or cancelled is reported as 'failed' with that job's id and error."""
    with db.session() as session:
        if (
            session.execute(
                select(Goal.id).where(Goal.id == goal_id, Goal.profile_id == profile_id)
            ).first()
            is None
        ):
            raise NotFound(f"No goal {goal_id}.")
        rows = session.execute(
            select(
                SkillNode.id,
                SkillNode.parent_id,
                SkillNode.title,
                SkillNode.description,
                SkillNode.status,
            )
            .where(SkillNode.goal_id == goal_id)
            .order_by(SkillNode.position, SkillNode.id)
        ).all()
        jobs = {
            r.node_id: r for r in session.execute(_BRANCH_JOBS, {"p": profile_id, "g": goal_id})
        }
    by_parent: dict[int | None, list[Any]] = {}
    for row in rows:
        by_parent.setdefault(row.parent_id, []).append(row)
    # Parents before children (an explicit stack), then built bottom-up: no recursion, so a
    # chain thousands of skills deep is no different from a flat list.
    order: list[Any] = []
    stack = list(reversed(by_parent.get(None, [])))
    while stack:
        row = stack.pop()
        order.append(row)
        stack.extend(reversed(by_parent.get(row.id, [])))
    built: dict[int, NodeInfo] = {}
    for row in reversed(order):
        status, job_id, error = row.status, None, None
        job = jobs.get(row.id)
        if job is not None:
            job_id = job.id
            if row.status == "generating" and job.status in ("failed", "cancelled"):
                status, error = "failed", job.error
        children = tuple(built.pop(child.id) for child in by_parent.get(row.id, []))
        built[row.id] = NodeInfo(
            row.id, row.title, row.description, status, children, job_id, error
        )
    return [built[row.id] for row in by_parent.get(None, [])]
