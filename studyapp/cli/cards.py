"""``studyapp cards list|search``: a goal's cards (and which generator made each)."""

from __future__ import annotations

import argparse

from studyapp.cli.context import CliContext
from studyapp.services import cards


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("cards", help="list and search cards")
    sub = parser.add_subparsers(dest="cards_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="a goal's cards")
    listing.add_argument("goal_id", type=int, metavar="GOAL_ID")
    listing.add_argument("--node", type=int, metavar="NODE_ID")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)
    search = sub.add_parser("search", help="cards most similar to a text (semantic search)")
    search.add_argument("query", metavar="TEXT")
    search.add_argument("--goal", type=int, metavar="GOAL_ID")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--json", action="store_true")
    search.set_defaults(handler=cmd_search)


def cmd_list(ctx: CliContext, args: argparse.Namespace) -> int:
    found = cards.list_cards(ctx.db, ctx.profile.id, args.goal_id, node_id=args.node)
    if args.json:
        ctx.print_json([c.to_json() for c in found])
        return 0
    if not found:
        print(f"no cards yet: studyapp generate cards {args.goal_id} --from FILE")
    for card in found:
        print(f"{card.id:>6}  [{card.kind}, {card.provider or 'manual'}]  {card.front}")
        print(f"        -> {card.back}")
        if card.distractors:
            print(f"        wrong: {' | '.join(card.distractors)}  ({card.distractors_provider})")
    return 0


def cmd_search(ctx: CliContext, args: argparse.Namespace) -> int:
    found = cards.search_cards(
        ctx.db, ctx.profile.id, args.query, goal_id=args.goal, limit=args.limit
    )
    if args.json:
        ctx.print_json([{**c.to_json(), "score": round(s, 4)} for c, s in found])
        return 0
    for card, score in found:
        print(f"{score:5.2f}  {card.id:>6}  {card.front}  -> {card.back}")
    return 0
