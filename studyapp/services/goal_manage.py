"""Goals as the learner manages them: rename, archive and bring back, and their order in the list.

Archiving hides a goal from the goal list and from study ("Study all due" skips it), and keeps
everything: its cards, their history, its skill tree, its jobs. Bringing it back puts it where
it was in the list, because archiving does not touch its position.

The order is ``goals.position`` (1, 2, 3 … per profile), written for every goal of the profile
at once when the learner moves one: a move is "put this goal before that one" (or at the end),
computed on the whole list, archived goals included, so they keep their place too. Goals that
were never placed (NULL: made after the last move, by the window, the CLI, an import or a
restore) come after the numbered ones, oldest first (``goals.GOAL_ORDER``). The profile's
goals are locked for the move, so two windows moving goals at once cannot interleave.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import BigInteger, Integer, bindparam, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from studyapp.db.database import Database
from studyapp.db.models import Goal
from studyapp.errors import BadInput
from studyapp.services.goals import GOAL_ORDER, GoalInfo, get_goal, validate_title
from studyapp.services.owned import require_goal


def rename_goal(db: Database, profile_id: int, goal_id: int, title: str) -> GoalInfo:
    """A new title, checked like a new goal's (blank and over-long titles are refused)."""
    title = validate_title(title)
    with db.session() as session:
        goal = require_goal(session, profile_id, goal_id)
        goal.title = title
    return get_goal(db, profile_id, goal_id)


def set_goal_archived(db: Database, profile_id: int, goal_id: int, archived: bool) -> GoalInfo:
    """Archive (``True``) or bring back (``False``) a goal; nothing else about it changes."""
    with db.session() as session:
        goal = require_goal(session, profile_id, goal_id)
        goal.archived = archived
    return get_goal(db, profile_id, goal_id)


def _order(session: Session, profile_id: int) -> list[tuple[int, bool]]:
    """(id, archived) of every goal of the profile in the learner's order, locked."""
    rows = session.execute(
        select(Goal.id, Goal.archived)
        .where(Goal.profile_id == profile_id)
        .order_by(*GOAL_ORDER)
        .with_for_update()
    )
    return [(int(goal_id), bool(archived)) for goal_id, archived in rows]


_NUMBER = text(
    "UPDATE goals g SET position = o.position "
    "FROM unnest(:ids, :positions) AS o(id, position) "
    "WHERE g.id = o.id AND g.position IS DISTINCT FROM o.position"
).bindparams(
    bindparam("ids", type_=ARRAY(BigInteger)), bindparam("positions", type_=ARRAY(Integer))
)


def _place(
    session: Session, profile_id: int, goal_id: int, pick: Callable[[list[int]], int | None]
) -> list[int]:
    """Lock the profile's order, let ``pick(visible_without_goal)`` say which live goal the moved
    one goes before (None: the end), number every goal 1..n; returns the live goals' new order."""
    require_goal(session, profile_id, goal_id)
    order = _order(session, profile_id)
    if not any(gid == goal_id and not archived for gid, archived in order):
        raise BadInput("An archived goal has no place in the list; bring it back first.")
    rest = [(gid, archived) for gid, archived in order if gid != goal_id]
    before = pick([gid for gid, archived in rest if not archived])
    ids = [gid for gid, _ in rest]
    at = ids.index(before) if before is not None else len(ids)
    ids.insert(at, goal_id)
    session.execute(_NUMBER, {"ids": ids, "positions": list(range(1, len(ids) + 1))})
    archived_ids = {gid for gid, archived in order if archived}
    return [gid for gid in ids if gid not in archived_ids]


def move_goal(db: Database, profile_id: int, goal_id: int, *, before: int | None) -> list[int]:
    """Put the goal just before the live goal ``before`` (None: last): what a drop in the list
    means. Dropped on itself, it stays. Returns the live goals' ids in their new order."""
    with db.session() as session:
        if before == goal_id:
            require_goal(session, profile_id, goal_id)
            return [gid for gid, archived in _order(session, profile_id) if not archived]

        def pick(visible: list[int]) -> int | None:
            if before is not None and before not in visible:
                raise BadInput(f"Goal {before} is not in the list (archived or gone).")
            return before

        return _place(session, profile_id, goal_id, pick)


def move_goal_by(db: Database, profile_id: int, goal_id: int, step: int) -> list[int]:
    """Move the goal ``step`` places up (negative) or down (positive) among the live goals;
    at the top or the bottom it stays (Move up on the first goal does nothing)."""
    with db.session() as session:
        live = [gid for gid, archived in _order(session, profile_id) if not archived]
        if goal_id not in live:
            require_goal(session, profile_id, goal_id)
            raise BadInput("An archived goal has no place in the list; bring it back first.")
        index = min(max(live.index(goal_id) + step, 0), len(live) - 1)

        def pick(visible: list[int]) -> int | None:
            return visible[index] if index < len(visible) else None

        return _place(session, profile_id, goal_id, pick)


def move_goal_to(db: Database, profile_id: int, goal_id: int, position: int) -> list[int]:
    """Put the goal at ``position`` (1 = first) of the live goals; past the end means last."""
    if position < 1:
        raise BadInput(f"A position counts from 1 (got {position}).")

    def pick(visible: list[int]) -> int | None:
        return visible[position - 1] if position - 1 < len(visible) else None

    with db.session() as session:
        return _place(session, profile_id, goal_id, pick)
