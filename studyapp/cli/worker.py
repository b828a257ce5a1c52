"""``studyapp worker``: the headless job runner (same engine code as the window's).

A worker is a service: it rides out database outages (it waits for the database at start and
reconnects after a loss, never exiting for that) and exits 2 with one line only when the
database is unusable for good (a malformed URL, an unknown host, a refused login, a missing
database). SIGINT/SIGTERM stop it gracefully: running jobs get ``--grace`` seconds, then their
HTTP calls are closed and they go back to pending without spending an attempt.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

from studyapp.cli.context import CliContext
from studyapp.db.database import Database
from studyapp.errors import BadInput, DatabaseUnavailable
from studyapp.handlers.registry import default_registry
from studyapp.jobs.backoff import Backoff
from studyapp.jobs.runner import Runner

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "worker",
        help="run background jobs headless until SIGINT/SIGTERM",
        description="Run jobs of every profile on this database. SIGINT/SIGTERM stop it "
        "gracefully: running jobs get --grace seconds, then go back to pending (no attempt "
        "spent). Database outages are waited out; an unusable database exits 2.",
    )
    parser.add_argument("--threads", type=int, default=4, help="jobs run at once (default 4)")
    parser.add_argument(
        "--until-idle",
        action="store_true",
        help="exit when no job is pending or waiting for a retry",
    )
    parser.add_argument(
        "--grace", type=float, default=5.0, help="seconds running jobs get at shutdown"
    )
    parser.set_defaults(handler=cmd_worker)


T = TypeVar("T")


def _wait_for(what: str, attempt: Callable[[], T], stop: threading.Event) -> T | None:
    """Call ``attempt()`` until it stops raising a transient DatabaseUnavailable (or a stop:
    then None)."""
    backoff = Backoff(first=0.2, cap=5.0)
    said = False
    while True:
        try:
            return attempt()
        except DatabaseUnavailable as exc:
            if exc.permanent:
                raise
            if not said:
                print(f"studyapp: waiting for the database to {what}: {exc}", file=sys.stderr)
                said = True
            if stop.wait(backoff.next_delay()):
                return None


def _act_for_a_profile(ctx: CliContext, db: Database) -> None:
    """Whose jobs this worker's own key (``ANTHROPIC_API_KEY``, keyring) pays for: the
    ``--profile`` given, else the only profile of the database; with several and none named,
    nobody's (it still runs offline jobs, and Claude jobs with keys profiles left for shared
    workers)."""
    from studyapp.generation.paying_keys import NOBODY, act_for
    from studyapp.services.profiles import list_profiles

    if ctx.config.profile_given:
        ctx.profile  # noqa: B018 - resolving the profile says whom this process acts for
        return
    profiles = list_profiles(db)
    act_for(profiles[0].id if len(profiles) == 1 else NOBODY)


def cmd_worker(ctx: CliContext, args: argparse.Namespace) -> int:
    if not 1 <= args.threads <= 64:
        raise BadInput("--threads must be between 1 and 64.")
    stop = threading.Event()
    runner: Runner | None = None

    def on_signal(_signum: int, _frame: object) -> None:
        stop.set()
        if runner is not None:
            runner.request_stop()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    released: list[int] = []
    try:
        db: Database | None = _wait_for("open", lambda: ctx.db, stop)
        if db is None:
            return 0
        _act_for_a_profile(ctx, db)
        runner = Runner(db, default_registry(), threads=args.threads)
        if _wait_for("register this worker", lambda: runner.start(), stop) is None:
            return 0
        if stop.is_set():
            runner.request_stop()
        print(
            f"worker {runner.worker_id} running {args.threads} threads", file=sys.stderr, flush=True
        )
        try:
            runner.run(until_idle=args.until_idle)
        finally:
            released = runner.shutdown(grace=args.grace)
        if runner.fatal is not None:
            raise runner.fatal
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if released:
        print(f"released {len(released)} running job(s) for the next start", file=sys.stderr)
    return 0
