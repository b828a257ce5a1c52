"""``studyapp key save | share | unshare``: the profile's own API key, on this machine or for
shared workers.

``save`` keeps the key (``ANTHROPIC_API_KEY``) in this machine's keyring as this profile's, so
any Studyapp on this machine (a window on another profile, a worker) pays this profile's jobs
with it and nobody else's.

The key (from ``ANTHROPIC_API_KEY`` or this machine's keyring) is stored sealed with the secret
the shared workers are given (``STUDYAPP_WORKER_SECRET``): the database never holds it in clear,
and only a worker with that secret can pay with it, for this profile's jobs only.
"""

from __future__ import annotations

import argparse
import os

from studyapp.cli.context import CliContext
from studyapp.errors import BadInput
from studyapp.generation import paying_keys
from studyapp.generation.keys import ENV_KEY, find_api_key


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("key", help="the profile's API key for shared workers")
    sub = parser.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    save = sub.add_parser(
        "save", help=f"keep {ENV_KEY} in this machine's keyring as this profile's own key"
    )
    save.set_defaults(handler=cmd_save)
    share = sub.add_parser(
        "share",
        help=f"store this profile's key ({ENV_KEY} or keyring) sealed with "
        f"{paying_keys.ENV_WORKER_SECRET}, for shared workers",
    )
    share.set_defaults(handler=cmd_share)
    unshare = sub.add_parser("unshare", help="remove the key this profile left for workers")
    unshare.set_defaults(handler=cmd_unshare)


def cmd_save(ctx: CliContext, args: argparse.Namespace) -> int:
    value = os.environ.get(ENV_KEY, "").strip()
    if not value:
        raise BadInput(f"Set {ENV_KEY} to the key to save (it is read from there, never argv).")
    profile = ctx.profile
    paying_keys.save_profile_key(profile.name, value)
    print(f"{profile.name}'s key is kept in this machine's keyring")
    return 0


def cmd_share(ctx: CliContext, args: argparse.Namespace) -> int:
    secret = paying_keys.worker_secret()
    if secret is None:
        raise BadInput(
            f"Set {paying_keys.ENV_WORKER_SECRET} to the secret your shared workers are given; "
            "the key is sealed with it."
        )
    lookup = find_api_key()
    if lookup.key is None:
        raise BadInput(f"There is no key to share ({lookup.note}).")
    profile = ctx.profile
    paying_keys.share_key(ctx.db, profile.id, lookup.key, secret)
    print(f"{profile.name}'s key is stored for workers holding the secret")
    return 0


def cmd_unshare(ctx: CliContext, args: argparse.Namespace) -> int:
    profile = ctx.profile
    gone = paying_keys.unshare_key(ctx.db, profile.id)
    print(f"{profile.name}'s key was removed" if gone else f"{profile.name} had no shared key")
    return 0
