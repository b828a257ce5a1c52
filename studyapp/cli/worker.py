"""``studyapp worker``: the headless job runner (same engine code as the window's)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys

from studyapp.cli.context import CliContext
from studyapp.errors import BadInput
from studyapp.jobs.registry import default_registry
from studyapp.jobs.runner import Runner

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "worker",
        help="run background jobs headless until SIGINT/SIGTERM",
        description="Run jobs of every profile on this database. SIGINT/SIGTERM stop it "
        "gracefully: running jobs get a few seconds, then go back to pending (no attempt spent).",
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


def cmd_worker(ctx: CliContext, args: argparse.Namespace) -> int:
    if not 1 <= args.threads <= 64:
        raise BadInput("--threads must be between 1 and 64.")
    runner = Runner(ctx.db, default_registry(), threads=args.threads)

    def stop(signum: int, _frame: object) -> None:
        runner.request_stop()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    runner.start()
    print(f"worker {runner.worker_id} running {args.threads} threads", file=sys.stderr, flush=True)
    try:
        runner.run(until_idle=args.until_idle)
    finally:
        released = runner.shutdown(grace=args.grace)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if released:
        print(f"released {len(released)} running job(s) for the next start", file=sys.stderr)
    return 0
