"""``studyapp jobs list|show|retry|cancel``: the job queue of the acting profile."""

from __future__ import annotations

import argparse

from studyapp.cli.context import CliContext
from studyapp.jobs import store
from studyapp.jobs.contract import STATUSES, JobInfo
from studyapp.services.job_waits import waiting_notes


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("jobs", help="list, inspect, retry and cancel background jobs")
    sub = parser.add_subparsers(dest="jobs_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="the profile's jobs, newest first")
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--type", dest="job_type", metavar="TYPE")
    listing.add_argument("--limit", type=int, default=200)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)
    show = sub.add_parser("show", help="one job in full")
    show.add_argument("job_id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)
    retry = sub.add_parser("retry", help="run a failed job again (counts against the rate limit)")
    retry.add_argument("job_id", type=int, metavar="ID")
    retry.set_defaults(handler=cmd_retry)
    cancel = sub.add_parser("cancel", help="cancel a pending or running job")
    cancel.add_argument("job_id", type=int, metavar="ID")
    cancel.set_defaults(handler=cmd_cancel)


def _line(job: JobInfo, waiting: str = "") -> str:
    attempts = f"{job.attempts}/{job.max_attempts}"
    progress = ""
    if job.progress:
        progress = f" {job.progress.get('done', 0)}/{job.progress.get('total', 0)} parts"
    error = f"  {job.error}" if job.error and job.status != "completed" else ""
    if waiting:
        error += f"  {waiting}"
    return f"{job.id:>7}  {job.type:<22} {job.status:<10} {attempts:>5}{progress}{error}"


def cmd_list(ctx: CliContext, args: argparse.Namespace) -> int:
    jobs = store.list_jobs(
        ctx.db, ctx.profile.id, status=args.status, job_type=args.job_type, limit=args.limit
    )
    waits = waiting_notes(ctx.db, jobs)
    if args.json:
        ctx.print_json([dict(job.to_json(), waiting=waits.get(job.id)) for job in jobs])
    elif not jobs:
        print("no jobs")
    else:
        for job in jobs:
            print(_line(job, waits.get(job.id, "")))
    return 0


def cmd_show(ctx: CliContext, args: argparse.Namespace) -> int:
    job = store.get_job(ctx.db, ctx.profile.id, args.job_id)
    waiting = waiting_notes(ctx.db, [job]).get(job.id)
    if args.json:
        ctx.print_json(dict(job.to_json(), waiting=waiting))
        return 0
    data = job.to_json()
    if waiting:
        print(f"waiting: {waiting}")
    for key in (
        "id",
        "type",
        "status",
        "attempts",
        "max_attempts",
        "error",
        "progress",
        "created_at",
        "started_at",
        "completed_at",
        "input_tokens",
        "output_tokens",
        "cost_usd",
    ):
        print(f"{key}: {data[key]}")
    print(f"payload: {data['payload']}")
    print(f"result: {data['result']}")
    for entry in job.errors:
        print(f"  attempt {entry.get('attempt')} [{entry.get('kind')}] {entry.get('message')}")
    return 0


def cmd_retry(ctx: CliContext, args: argparse.Namespace) -> int:
    job = store.retry(ctx.db, ctx.profile.id, args.job_id)
    print(f"job {job.id} is {job.status} again")
    return 0


def cmd_cancel(ctx: CliContext, args: argparse.Namespace) -> int:
    job = store.cancel(ctx.db, ctx.profile.id, args.job_id)
    if job.status == "cancelled":
        print(f"job {job.id} cancelled")
    else:
        print(f"job {job.id} is running; it will stop at its next check")
    return 0
