"""``studyapp goals add|list``: the learner's goals."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

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
        write_tree_json(nodes, sys.stdout)
        return 0
    if not nodes:
        print(f"no skill tree yet: studyapp generate skill-tree {args.goal_id}")
    for node, depth in goals.walk(nodes):
        status = "" if node.status == "ready" else f"  [{node.status}]"
        error = f"  {node.error} (retry: studyapp jobs retry {node.job_id})" if node.error else ""
        print(f"{'  ' * depth}{node.id:>6}  {node.title}{status}{error}")
    return 0


def write_tree_json(nodes: Sequence[goals.NodeInfo], out: TextIO) -> None:
    """The tree as nested JSON (each node's fields and its ``children``), written with an
    explicit stack: ``json.dump`` recurses once per level and a 3,000-deep skill chain made it
    raise RecursionError."""
    out.write("[")
    stack: list[Iterator[goals.NodeInfo]] = [iter(nodes)]
    first = [True]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            first.pop()
            out.write("]}" if stack else "]\n")
            continue
        if not first[-1]:
            out.write(", ")
        first[-1] = False
        fields = json.dumps(node.fields_json(), ensure_ascii=False)
        out.write(f'{fields[:-1]}, "children": [')
        stack.append(iter(node.children))
        first.append(True)
