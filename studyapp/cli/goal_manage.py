"""``studyapp goals rename|archive|unarchive|move|delete``: managing goals from the command line.

The same services as the window (``services/goal_manage.py``, ``services/goal_deletion.py``).
A deletion here is final at once (there is no session to undo it in), so it asks first: on a
terminal it says what goes and waits for "y"; in a script it needs ``--yes``.
"""

from __future__ import annotations

import argparse
import sys

from studyapp.cli.context import CliContext
from studyapp.errors import BadInput
from studyapp.services import goal_deletion, goal_manage


def add_actions(sub: argparse._SubParsersAction) -> None:
    """Adds the actions to ``studyapp goals`` (called by ``cli/goals.py``; not named
    ``register``, which would make them top-level commands)."""
    rename = sub.add_parser("rename", help="give a goal a new title")
    rename.add_argument("goal_id", type=int, metavar="GOAL_ID")
    rename.add_argument("title", metavar="TITLE")
    rename.set_defaults(handler=cmd_rename)
    archive = sub.add_parser(
        "archive", help="hide a goal from the list and from study, keeping everything"
    )
    archive.add_argument("goal_id", type=int, metavar="GOAL_ID")
    archive.set_defaults(handler=cmd_archive, archived=True)
    unarchive = sub.add_parser("unarchive", help="bring an archived goal back to its place")
    unarchive.add_argument("goal_id", type=int, metavar="GOAL_ID")
    unarchive.set_defaults(handler=cmd_archive, archived=False)
    move = sub.add_parser("move", help="put a goal at a position in the list (1 = first)")
    move.add_argument("goal_id", type=int, metavar="GOAL_ID")
    move.add_argument("position", type=int, metavar="POSITION")
    move.set_defaults(handler=cmd_move)
    delete = sub.add_parser(
        "delete", help="delete a goal with its skills, cards and reviews (asks first)"
    )
    delete.add_argument("goal_id", type=int, metavar="GOAL_ID")
    delete.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    delete.set_defaults(handler=cmd_delete)


def cmd_rename(ctx: CliContext, args: argparse.Namespace) -> int:
    goal = goal_manage.rename_goal(ctx.db, ctx.profile.id, args.goal_id, args.title)
    print(f"goal {goal.id} is now \u201c{goal.title}\u201d")
    return 0


def cmd_archive(ctx: CliContext, args: argparse.Namespace) -> int:
    goal = goal_manage.set_goal_archived(ctx.db, ctx.profile.id, args.goal_id, args.archived)
    if args.archived:
        print(
            f"archived goal {goal.id} \u201c{goal.title}\u201d "
            f"(studyapp goals unarchive {goal.id} brings it back)"
        )
    else:
        print(f"goal {goal.id} \u201c{goal.title}\u201d is back in the list")
    return 0


def cmd_move(ctx: CliContext, args: argparse.Namespace) -> int:
    order = goal_manage.move_goal_to(ctx.db, ctx.profile.id, args.goal_id, args.position)
    print(f"goal {args.goal_id} is now number {order.index(args.goal_id) + 1} of {len(order)}")
    return 0


def cmd_delete(ctx: CliContext, args: argparse.Namespace) -> int:
    contents = goal_deletion.goal_contents(ctx.db, ctx.profile.id, args.goal_id)
    question = contents.question().replace(
        "You can undo this until you close Studyapp.", "This cannot be undone."
    )
    if not args.yes:
        if not sys.stdin.isatty():
            raise BadInput(f"{question} Nothing was deleted: add --yes to delete.")
        answer = input(f"{question} [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            print("nothing was deleted")
            return 0
    deleted = goal_deletion.delete_goal(ctx.db, ctx.profile.id, args.goal_id)
    print(deleted.sentence())
    return 0
