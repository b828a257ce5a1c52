"""``studyapp move --to URL``: move the profile, whole, to another database (docs/sharing-a-server.md)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from studyapp.cli.context import CliContext


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "move",
        help="move the profile (history, media, search index) to another database, e.g. a "
        "shared server, or back; the target must not have a profile of that name with content",
    )
    parser.add_argument(
        "--to",
        required=True,
        metavar="URL",
        help="the target database (postgresql://…), or 'embedded' for this machine's own",
    )
    parser.set_defaults(handler=cmd_move)


def cmd_move(ctx: CliContext, args: argparse.Namespace) -> int:
    from studyapp.db.bootstrap import open_database
    from studyapp.services.profile_move import move_profile

    to = None if args.to.strip().lower() == "embedded" else args.to
    target = open_database(replace(ctx.config, database_url=to))
    try:
        result = move_profile(
            ctx.db,
            ctx.profile.id,
            target,
            progress=lambda step: print(f"… {step}", file=sys.stderr, flush=True),
        )
    finally:
        target.dispose()
    print(result.sentence())
    return 0
