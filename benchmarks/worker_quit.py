"""Worker quit: SIGTERM → ``studyapp worker`` process gone, with a Claude call in flight.

A worker (2 threads, grace 0.3 s) runs a skill-tree job whose request the fake Messages API
never answers; once the request has arrived the worker gets SIGTERM, and the time until the
process has exited is recorded (target: at most 1 s; the call is closed under the job and the
job released). ``tests/test_jobs_quit.py`` checks the behaviour; this measures the time.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import open_bench_database, parser
from studyapp.db.database import Database
from studyapp.handlers.registry import default_registry
from studyapp.services import generation, goals
from tests import fake_anthropic as fa

ROOT = Path(__file__).resolve().parent.parent


def one_quit(db: Database, profile_id: int, server: fa.FakeAnthropic, env: dict[str, str]) -> float:
    goal = goals.create_goal(db, profile_id, f"Quit round {time.monotonic_ns()}")
    server.push(fa.hang())
    seen = len(server.requests)
    generation.submit_skill_tree(db, profile_id, goal.id, registry=default_registry())
    worker = subprocess.Popen(
        [sys.executable, "-m", "studyapp", "--database-url", db.url, "worker", "--grace", "0.3"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while len(server.requests) == seen:
            if time.monotonic() > deadline:
                raise SystemExit("the worker's request never arrived")
            time.sleep(0.01)
        sent = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
        return time.monotonic() - sent
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--rounds", type=int, default=5)
    args = p.parse_args()
    db, profile = open_bench_database(args.database_url)
    with fa.serve() as server:
        env = {
            **os.environ,
            "ANTHROPIC_API_KEY": "sk-ant-api03-BENCH-quit-0123456789",
            "ANTHROPIC_BASE_URL": server.url,
            "STUDYAPP_PROVIDER": "claude",
            "STUDYAPP_LLM_TIMEOUT": "30",
            "STUDYAPP_NO_KEYRING": "1",
            "STUDYAPP_VECTORS_DIR": tempfile.mkdtemp(prefix="sa-bench-vectors-"),
        }
        times = [one_quit(db, profile.id, server, env) for _ in range(args.rounds)]
    for i, took in enumerate(times, start=1):
        print(f"round {i}: {took:.3f} s")
    print(f"worker quit with a call in flight, median s: {statistics.median(times):.3f}")


if __name__ == "__main__":
    main()
