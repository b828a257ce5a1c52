"""``studyapp server add-learner NAME | add-worker NAME``: the admin's side of a shared server.

Run as the role that owns Studyapp's tables (the one that created the database and ran the
first start). Passwords are read from an environment variable, never from the command line
(it would be in the shell's history and in ``ps``). docs/sharing-a-server.md walks through it.
"""

from __future__ import annotations

import argparse
import os

from studyapp.cli.context import CliContext
from studyapp.db import urls
from studyapp.errors import BadInput


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("server", help="a shared server's learners and workers (admin)")
    sub = parser.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    learner = sub.add_parser(
        "add-learner",
        help="a database role for a learner: it sees and changes its own profile's rows only",
    )
    learner.add_argument("name", help="the role (and, unless --for-profile, the profile) name")
    learner.add_argument("--for-profile", metavar="PROFILE", help="an existing profile's name")
    learner.add_argument("--password-env", metavar="VAR", help="read the role's password there")
    learner.set_defaults(handler=cmd_add_learner)
    worker = sub.add_parser(
        "add-worker", help="a database role for shared `studyapp worker` processes"
    )
    worker.add_argument("name")
    worker.add_argument("--password-env", metavar="VAR", help="read the role's password there")
    worker.set_defaults(handler=cmd_add_worker)


def _password(args: argparse.Namespace) -> str | None:
    if not args.password_env:
        return None
    value = os.environ.get(args.password_env, "")
    if not value:
        raise BadInput(f"{args.password_env} is not set (it should hold the role's password).")
    return value


def cmd_add_learner(ctx: CliContext, args: argparse.Namespace) -> int:
    from studyapp.services.server_roles import add_learner

    made = add_learner(ctx.db, args.name, profile_name=args.for_profile, password=_password(args))
    assert made.profile is not None
    verb = "made" if made.created else "already there; its rights were refreshed"
    print(f"role {made.role} {verb}: it is the profile {made.profile.name}")
    print(f"the learner connects with: {urls.describe(urls.with_user(ctx.db.url, made.role))}")
    return 0


def cmd_add_worker(ctx: CliContext, args: argparse.Namespace) -> int:
    from studyapp.services.server_roles import add_worker

    made = add_worker(ctx.db, args.name, password=_password(args))
    verb = "made" if made.created else "already there; its rights were refreshed"
    print(f"worker role {made.role} {verb}")
    print(f"workers connect with: {urls.describe(urls.with_user(ctx.db.url, made.role))}")
    return 0
