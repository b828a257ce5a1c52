"""``studyapp generate skill-tree|cards|distractors``: submit a generation job.

Prints the job id and returns at once; ``--wait`` runs the job in this process (alongside any
worker) and prints the outcome. Exit codes: 0 ok, 2 bad input, 3 rate limited (stderr says when the
next slot opens), 4 the job failed, 5 not found.
"""

from __future__ import annotations

import argparse
import sys

from studyapp.cli.context import CliContext
from studyapp.errors import JobFailed
from studyapp.jobs.contract import JobInfo
from studyapp.jobs.store import SubmitResult
from studyapp.services import generation
from studyapp.services.material import read_source


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("generate", help="generate skill trees, cards, distractors")
    sub = parser.add_subparsers(dest="generate_command", metavar="WHAT", required=True)
    tree = sub.add_parser("skill-tree", help="a goal's skill tree (top level, then each branch)")
    tree.add_argument("goal_id", type=int, metavar="GOAL_ID")
    tree.add_argument("--feedback", default="", metavar="TEXT", help="what to change")
    tree.add_argument("--from", dest="source", metavar="FILE|-", help="build it from material")
    tree.add_argument("--wait", action="store_true", help="run it now and print the outcome")
    tree.set_defaults(handler=cmd_tree)
    cards = sub.add_parser("cards", help="flashcards for a skill or from material")
    cards.add_argument("goal_id", type=int, metavar="GOAL_ID")
    cards.add_argument("--node", type=int, metavar="NODE_ID")
    cards.add_argument("--from", dest="source", metavar="FILE|-", help=".txt, .md, .pdf or -")
    cards.add_argument(
        "--count",
        type=int,
        metavar="N",
        help="at most N cards per part (default: as many as the material teaches, 10 to 50 a part)",
    )
    cards.add_argument("--wait", action="store_true", help="run it now and print the outcome")
    cards.set_defaults(handler=cmd_cards)
    distractors = sub.add_parser("distractors", help="three wrong options for a card")
    distractors.add_argument("card_id", type=int, metavar="CARD_ID")
    distractors.add_argument("--wait", action="store_true", help="run it now and print the outcome")
    distractors.set_defaults(handler=cmd_distractors)


def _submitted(ctx: CliContext, args: argparse.Namespace, submitted: SubmitResult) -> int:
    job = submitted.job
    if not submitted.created:
        print(f"job {job.id} (the same request is already {job.status})", file=sys.stderr)
    if not args.wait:
        print(job.id)
        return 0
    print(f"job {job.id}: running…", file=sys.stderr)
    final = generation.run_and_wait(ctx.db, ctx.profile.id, job.id)
    return _outcome(final)


def _outcome(job: JobInfo) -> int:
    result = dict(job.result or {})
    if job.status != "completed":
        raise JobFailed(f"job {job.id} {job.status}: {job.error or 'no reason given'}")
    provider = result.get("provider")
    lines = [f"job {job.id} completed" + (f" by {provider}" if provider else "")]
    if "created" in result:
        lines.append(
            f"{result['created']} cards created, {result.get('skipped_duplicates', 0)} "
            "near-duplicates skipped"
        )
    if result.get("summary"):
        lines.append(f"quality: {result['summary']}")
    if result.get("cards_moved"):
        lines.append(f"{result['cards_moved']} cards moved to their closest skill")
    if "chunks" in result:
        progress = job.progress or {}
        lines.append(
            f"{result['chunks']} parts ({progress.get('done', 0)} done, "
            f"{progress.get('failed', 0)} failed)"
        )
    if "node_ids" in result:
        lines.append(f"{len(result['node_ids'])} top-level skills")
    if "options" in result:
        lines.append("distractors: " + " | ".join(result["options"]))
    if result.get("note"):
        lines.append(f"note: {result['note']}")
    if job.cost_usd:
        lines.append(
            f"tokens: {job.input_tokens} in, {job.output_tokens} out (≈ ${job.cost_usd:.4f})"
        )
    print("\n".join(lines))
    return 0


def cmd_tree(ctx: CliContext, args: argparse.Namespace) -> int:
    material = read_source(args.source) if args.source else None
    if material is not None and material.note:
        print(f"note: {material.note}", file=sys.stderr)
    submitted = generation.submit_skill_tree(
        ctx.db, ctx.profile.id, args.goal_id, feedback=args.feedback, material=material
    )
    return _submitted(ctx, args, submitted)


def cmd_cards(ctx: CliContext, args: argparse.Namespace) -> int:
    material = read_source(args.source) if args.source else None
    if material is not None and material.note:
        print(f"note: {material.note}", file=sys.stderr)
    submitted = generation.submit_cards(
        ctx.db,
        ctx.profile.id,
        args.goal_id,
        node_id=args.node,
        material=material,
        count=args.count,
    )
    return _submitted(ctx, args, submitted)


def cmd_distractors(ctx: CliContext, args: argparse.Namespace) -> int:
    submitted = generation.submit_distractors(ctx.db, ctx.profile.id, args.card_id)
    return _submitted(ctx, args, submitted)
