"""``studyapp goals add|list``: the learner's goals."""

from __future__ import annotations

import argparse

from studyapp.cli.context import CliContext
from studyapp.cli.goal_manage import add_actions
from studyapp.services import goals


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "goals", help="add, list, rename, archive, reorder and delete goals"
    )
    sub = parser.add_subparsers(dest="goals_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add a goal; prints its id")
    add.add_argument("title", metavar="TITLE")
    add.add_argument("--description", default="", metavar="TEXT")
    add.set_defaults(handler=cmd_add)
    listing = sub.add_parser("list", help="the profile's goals, in the learner's order")
    listing.add_argument("--archived", action="store_true", help="the archived goals instead")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)
    add_actions(sub)
    tree = sub.add_parser("tree", help="a goal's skill tree, with each skill's status")
    tree.add_argument("goal_id", type=int, metavar="GOAL_ID")
    tree.add_argument("--json", action="store_true")
    tree.set_defaults(handler=cmd_tree)


def cmd_add(ctx: CliContext, args: argparse.Namespace) -> int:
    goal = goals.create_goal(ctx.db, ctx.profile.id, args.title, args.description)
    print(goal.id)
    return 0


def cmd_list(ctx: CliContext, args: argparse.Namespace) -> int:
    found = goals.list_goals(ctx.db, ctx.profile.id, archived=args.archived)
    if args.json:
        ctx.print_json([g.to_json() for g in found])
    elif not found and args.archived:
        print("no archived goals")
    elif not found:
        print('no goals yet: studyapp goals add "Understand TCP congestion control"')
    else:
        for goal in found:
            print(f"{goal.id:>6}  {goal.title}  ({goal.cards} cards)")
    return 0


def cmd_tree(ctx: CliContext, args: argparse.Namespace) -> int:
    nodes = goals.skill_tree(ctx.db, ctx.profile.id, args.goal_id)
    if args.json:
        ctx.print_json([n.to_json() for n in nodes])
        return 0
    if not nodes:
        print(f"no skill tree yet: studyapp generate skill-tree {args.goal_id}")

    def show(node: goals.NodeInfo, depth: int) -> None:
        status = "" if node.status == "ready" else f"  [{node.status}]"
        error = f"  {node.error} (retry: studyapp jobs retry {node.job_id})" if node.error else ""
        print(f"{'  ' * depth}{node.id:>6}  {node.title}{status}{error}")
        for child in node.children:
            show(child, depth + 1)

    for node in nodes:
        show(node, 0)
    return 0
