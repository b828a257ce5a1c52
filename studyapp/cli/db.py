"""``studyapp db info``: which database, which server, which schema: an operator's first question."""

from __future__ import annotations

import argparse

from studyapp.cli.context import CliContext
from studyapp.db.migrate import current_revision, head_revision


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="database information")
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    info = sub.add_parser("info", help="show the database in use, its version and schema")
    info.add_argument("--json", action="store_true")
    info.set_defaults(handler=cmd_info)


def cmd_info(ctx: CliContext, args: argparse.Namespace) -> int:
    db = ctx.db
    version = db.check()
    with db.engine.connect() as conn:
        revision = current_revision(conn)
    info = {
        "database": db.description,
        "embedded": db.embedded_dir is not None,
        "server_version": version,
        "schema": revision,
        "schema_head": head_revision(),
        "profile": ctx.profile.name,
        "profile_id": ctx.profile.id,
    }
    if args.json:
        ctx.print_json(info)
    else:
        for key, value in info.items():
            print(f"{key}: {value}")
    return 0
