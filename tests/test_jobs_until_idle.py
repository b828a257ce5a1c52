"""``run(until_idle=True)`` / ``studyapp worker --until-idle`` (issue 16, defect 5): it returns
only when nothing is pending (a retry waiting for its delay included), processing, held, or
being committed by the completer."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from studyapp.jobs import store
from studyapp.jobs.runner import Runner
from tests.job_handlers import make_registry
from tests.test_jobs_processes import bulk_jobs, finish, scalar, start_worker


def _statuses(db) -> list[tuple[str, int]]:
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT status, attempts FROM jobs ORDER BY id")).all()
    return [(r[0], r[1]) for r in rows]


def test_until_idle_waits_for_a_retry_committed_during_the_idle_check(
    effects, profile, db, monkeypatch
) -> None:
    """The unlucky interleaving, made certain: the dispatcher asks whether anything is pending
    while the failed attempt is still in the completer (so the job is 'processing'), and the
    completer commits the retry and lets go of the job before the dispatcher looks at what it
    holds. The dispatcher must not take that for idle."""
    registry = make_registry()
    bulk_jobs(effects, profile.id, "scripted", 1, {"fail": {"1": "transient"}})
    runner = Runner(db, registry, threads=1).start(listen=False)
    real_summary, real_fail = store.pending_summary, store.fail
    asked = threading.Event()

    def fail_after_the_question(*args, **kwargs):
        asked.wait(10)  # the completer holds the failed attempt while the dispatcher asks
        return real_fail(*args, **kwargs)

    def summary_then_commit(*args, **kwargs):
        answer = real_summary(*args, **kwargs)
        if not asked.is_set() and scalar(db, "SELECT status FROM jobs") == "processing":
            asked.set()  # now the completer commits the retry and lets go of the job
            deadline = threading.Event()
            while runner.busy() and not deadline.wait(0.01):
                pass
        return answer

    monkeypatch.setattr(store, "fail", fail_after_the_question)
    monkeypatch.setattr(store, "pending_summary", summary_then_commit)
    done = threading.Thread(target=runner.run, kwargs={"until_idle": True}, daemon=True)
    done.start()
    done.join(30)
    alive = done.is_alive()
    runner.request_stop()
    done.join(5)
    runner.shutdown(grace=0)
    assert not alive, "until_idle never returned"
    assert asked.is_set(), "the interleaving did not happen"
    assert _statuses(db) == [("completed", 2)]


@pytest.mark.slow
def test_worker_until_idle_finishes_jobs_that_fail_once(effects, profile, pg_server_url) -> None:
    """The real command: every job fails its first attempt with a retryable error; the worker
    waits out each retry's delay and exits only when all are completed."""
    bulk_jobs(effects, profile.id, "scripted", 6, {"fail": {"1": "transient"}})
    code, err = finish(start_worker(pg_server_url, "--threads", "2", "--until-idle"))
    assert code == 0, err
    assert _statuses(effects) == [("completed", 2)] * 6
    assert scalar(effects, "SELECT count(*) FROM test_effects") == 6
