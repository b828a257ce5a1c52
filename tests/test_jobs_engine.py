"""The job engine's semantics, in one process, against the real PostgreSQL.

Time-dependent rules (backoff, Retry-After, stale heartbeats, the sliding window) run on a
FakeClock: the store takes ``now`` from it instead of the server's ``now()``.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import text

from studyapp.errors import BadInput, NotFound, RateLimited
from studyapp.handlers.kinds import FLASHCARD_GENERATION
from studyapp.jobs import store
from studyapp.jobs.contract import JobInfo
from studyapp.jobs.listener import JobListener
from studyapp.jobs.runner import Runner
from tests.job_handlers import make_registry


@pytest.fixture
def registry():
    return make_registry()


def effect_count(db, job_id: int | None = None) -> int:
    with db.engine.connect() as conn:
        if job_id is None:
            return conn.execute(text("SELECT count(*) FROM test_effects")).scalar_one()
        return conn.execute(
            text("SELECT count(*) FROM test_effects WHERE job_id = :j"), {"j": job_id}
        ).scalar_one()


@pytest.fixture
def runner(db, registry, clock):
    r = Runner(db, registry, threads=2, clock=clock).start(listen=False)
    yield r
    r.shutdown(grace=0)


def run_once(runner: Runner) -> list[JobInfo]:
    """Claim what is runnable now and run it to its outcome on this thread."""
    finals = []
    for job in runner.claim():
        final = runner.execute(job)
        assert final is not None
        finals.append(final)
    return finals


# -- submission ---------------------------------------------------------------------------


def test_submit_claim_complete(effects, profile, registry, runner, clock) -> None:
    result = store.submit(effects, profile.id, "noop", {"x": 1}, registry=registry, clock=clock)
    assert result.created and result.job.status == "pending" and result.job.attempts == 0
    [final] = run_once(runner)
    assert final.id == result.job.id
    assert final.status == "completed"
    assert final.attempts == 1
    assert final.result == {"ok": True}
    assert final.completed_at is not None and final.locked_by is None
    assert effect_count(effects, final.id) == 1


def test_dedupe_returns_the_live_job(effects, profile, registry, runner, clock) -> None:
    first = store.submit(effects, profile.id, "noop", {"x": 1}, registry=registry, clock=clock)
    again = store.submit(effects, profile.id, "noop", {"x": 1}, registry=registry, clock=clock)
    other = store.submit(effects, profile.id, "noop", {"x": 2}, registry=registry, clock=clock)
    assert not again.created and again.job.id == first.job.id
    assert other.created and other.job.id != first.job.id
    run_once(runner)
    # Once finished, the same request is a new job.
    later = store.submit(effects, profile.id, "noop", {"x": 1}, registry=registry, clock=clock)
    assert later.created and later.job.id != first.job.id


@pytest.mark.parametrize(
    ("job_type", "payload", "message"),
    [
        ("no_such_type", {}, "Unknown job type 'no_such_type'"),
        ("noop", {"reject": "bad goal"}, "rejected: bad goal"),
        ("noop", {"blob": "x" * 1_100_000}, "too large"),
        ("noop", {"blob": "a\x00b"}, "NUL"),
        ("noop", {"value": float("nan")}, "cannot be stored"),
    ],
)
def test_bad_input_stores_nothing(effects, profile, registry, job_type, payload, message) -> None:
    with pytest.raises(BadInput, match=message):
        store.submit(effects, profile.id, job_type, payload, registry=registry)
    with effects.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM jobs")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM job_submissions")).scalar_one() == 0


def test_ownership(effects, profile, other_profile, registry) -> None:
    job = store.submit(effects, profile.id, "noop", {}, registry=registry).job
    with pytest.raises(NotFound):
        store.get_job(effects, other_profile.id, job.id)
    with pytest.raises(NotFound):
        store.cancel(effects, other_profile.id, job.id)
    with pytest.raises(NotFound):
        store.retry(effects, other_profile.id, job.id)
    assert store.list_jobs(effects, other_profile.id) == []
    assert store.get_many(effects, other_profile.id, [job.id]) == {}
    assert store.get_job(effects, profile.id, job.id).status == "pending"


# -- retries ------------------------------------------------------------------------------


def test_fails_twice_then_succeeds_with_backoff(effects, profile, registry, runner, clock) -> None:
    fail = {"1": "transient", "2": "transient"}
    job = store.submit(
        effects, profile.id, "scripted", {"fail": fail}, registry=registry, clock=clock
    )
    [first] = run_once(runner)
    assert first.status == "pending" and first.attempts == 1
    assert first.run_after - clock.now() == timedelta(seconds=1)
    clock.advance(seconds=0.9)
    assert runner.claim() == []  # not before its delay
    clock.advance(seconds=0.1)
    [second] = run_once(runner)
    assert second.status == "pending" and second.attempts == 2
    assert second.run_after - clock.now() == timedelta(seconds=2)
    clock.advance(seconds=2)
    [third] = run_once(runner)
    assert third.id == job.job.id
    assert third.status == "completed" and third.attempts == 3
    assert [e["attempt"] for e in third.errors] == [1, 2]
    assert all(e["kind"] == "transient" and "flaky" in e["message"] for e in third.errors)
    assert third.error is None
    assert third.input_tokens == 100 and third.cost_usd == pytest.approx(0.001)
    assert effect_count(effects, third.id) == 1


def test_longer_retry_after_wins(effects, profile, registry, runner, clock) -> None:
    payload = {"fail": {"1": "transient"}, "retry_after": 7}
    store.submit(effects, profile.id, "scripted", payload, registry=registry, clock=clock)
    [first] = run_once(runner)
    assert first.run_after - clock.now() == timedelta(seconds=7)


def test_transient_until_attempts_spent(effects, profile, registry, runner, clock) -> None:
    fail = {str(n): "transient" for n in (1, 2, 3)}
    store.submit(effects, profile.id, "scripted", {"fail": fail}, registry=registry, clock=clock)
    final = None
    for _ in range(3):
        clock.advance(seconds=10)
        [final] = run_once(runner)
    assert final is not None and final.status == "failed" and final.attempts == 3
    assert len(final.errors) == 3 and final.error == "flaky on attempt 3"
    assert effect_count(effects) == 0


def test_permanent_error_fails_at_once(effects, profile, registry, runner, clock) -> None:
    store.submit(
        effects,
        profile.id,
        "scripted",
        {"fail": {"1": "permanent"}},
        registry=registry,
        clock=clock,
    )
    [final] = run_once(runner)
    assert final.status == "failed" and final.attempts == 1
    assert final.error == "the API key was refused"
    assert final.errors[0]["kind"] == "permanent"


def test_handler_bug_is_retried_and_reported(effects, profile, registry, runner, clock) -> None:
    store.submit(
        effects, profile.id, "scripted", {"fail": {"1": "crash"}}, registry=registry, clock=clock
    )
    [final] = run_once(runner)
    assert final.status == "pending"
    assert final.errors[0]["kind"] == "internal" and "ValueError: a bug" in final.error


def test_manual_retry_runs_again_and_counts(effects, profile, registry, runner, clock) -> None:
    fail = {"1": "permanent"}
    job = store.submit(
        effects, profile.id, "scripted", {"fail": fail}, registry=registry, clock=clock
    )
    [failed] = run_once(runner)
    assert failed.status == "failed"
    retried = store.retry(effects, profile.id, job.job.id, clock=clock)
    assert retried.status == "pending" and retried.attempts == 0 and retried.error is None
    assert len(retried.errors) == 1  # history kept
    [done] = run_once(runner)  # attempt 1 again, but "permanent" is keyed on attempt 1 ...
    assert done.status == "failed"  # ... so it fails again: the handler really ran again
    assert len(done.errors) == 2
    with effects.engine.connect() as conn:
        submissions = conn.execute(
            text("SELECT count(*) FROM job_submissions WHERE job_id = :j"), {"j": job.job.id}
        ).scalar_one()
    assert submissions == 2
    with pytest.raises(BadInput, match="only failed or cancelled"):
        store.retry(
            effects,
            profile.id,
            store.submit(effects, profile.id, "noop", {}, registry=registry).job.id,
        )


def test_manual_retry_is_rate_limited(effects, profile, registry, runner, clock) -> None:
    """A retry is a submission, counted in the same sliding window (which it also slides)."""
    start = clock.now()
    job = store.submit(
        effects,
        profile.id,
        "scripted",
        {"fail": {"1": "permanent"}},
        registry=registry,
        clock=clock,
        limit=2,
    )
    run_once(runner)
    store.retry(effects, profile.id, job.job.id, clock=clock, limit=2)  # 2nd submission: allowed
    run_once(runner)
    with pytest.raises(RateLimited) as refused:
        store.retry(effects, profile.id, job.job.id, clock=clock, limit=2)
    assert refused.value.next_slot_at == start + timedelta(hours=1)
    clock.set(start + timedelta(hours=1, seconds=1))  # the first submission left the window
    assert store.retry(effects, profile.id, job.job.id, clock=clock, limit=2).status == "pending"


# -- rate limit ---------------------------------------------------------------------------


def test_fifty_concurrent_submits_accept_exactly_twenty(
    effects, profile, other_profile, registry
) -> None:
    accepted: list[int] = []
    refused: list[RateLimited] = []
    barrier = threading.Barrier(50)
    lock = threading.Lock()

    def submit(index: int) -> None:
        barrier.wait()
        try:
            job = store.submit(effects, profile.id, "noop", {"i": index}, registry=registry)
        except RateLimited as exc:
            with lock:
                refused.append(exc)
        else:
            with lock:
                accepted.append(job.job.id)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(accepted) == 20 and len(set(accepted)) == 20
    assert len(refused) == 30
    assert "20 noop per hour: the next one can start at" in str(refused[0])
    # Another type and another profile are unaffected.
    assert store.submit(effects, profile.id, "scripted", {}, registry=registry).created
    assert store.submit(effects, other_profile.id, "noop", {"i": 0}, registry=registry).created


def test_window_slides(effects, profile, registry, clock) -> None:
    start = clock.now()
    for i in range(20):
        store.submit(effects, profile.id, "noop", {"i": i}, registry=registry, clock=clock)
        clock.advance(minutes=1)
    with pytest.raises(RateLimited) as refused:
        store.submit(effects, profile.id, "noop", {"i": 20}, registry=registry, clock=clock)
    assert refused.value.next_slot_at == start + timedelta(hours=1)
    clock.set(start + timedelta(hours=1, seconds=1))  # the first submission left the window
    assert store.submit(
        effects, profile.id, "noop", {"i": 21}, registry=registry, clock=clock
    ).created
    with pytest.raises(RateLimited):
        store.submit(effects, profile.id, "noop", {"i": 22}, registry=registry, clock=clock)


def test_refusal_names_the_product_type(effects, profile) -> None:
    class Cards:
        job_type = FLASHCARD_GENERATION

        def validate(self, payload):
            return dict(payload)

    registry = make_registry()
    registry.register(Cards())  # type: ignore[arg-type]
    for i in range(2):
        store.submit(
            effects, profile.id, FLASHCARD_GENERATION, {"i": i}, registry=registry, limit=2
        )
    with pytest.raises(
        RateLimited,
        match=r"^2 flashcard generations per hour: the next one can start at \d\d:\d\d\.$",
    ):
        store.submit(
            effects, profile.id, FLASHCARD_GENERATION, {"i": 9}, registry=registry, limit=2
        )


# -- cancel, release, rescue --------------------------------------------------------------


def test_cancel_pending(effects, profile, registry, runner, clock) -> None:
    job = store.submit(effects, profile.id, "noop", {}, registry=registry, clock=clock).job
    other = store.submit(effects, profile.id, "noop", {"o": 1}, registry=registry, clock=clock).job
    cancelled = store.cancel(effects, profile.id, job.id)
    assert cancelled.status == "cancelled" and cancelled.completed_at is not None
    assert [j.id for j in runner.claim()] == [other.id]
    with pytest.raises(BadInput, match="already ended"):
        store.cancel(effects, profile.id, job.id)


def test_cancel_running_is_cooperative(effects, profile, registry, db) -> None:
    runner = Runner(db, registry, threads=1).start(listen=False)
    try:
        job = store.submit(effects, profile.id, "slow", {"seconds": 30}, registry=registry).job
        [claimed] = runner.claim()
        started = threading.Event()
        runner.started_callbacks.append(lambda _job: started.set())
        outcome: list[JobInfo | None] = []
        thread = threading.Thread(target=lambda: outcome.append(runner.execute(claimed)))
        thread.start()
        assert started.wait(10)
        flagged = store.cancel(effects, profile.id, job.id)
        assert flagged.status == "processing" and flagged.cancel_requested
        thread.join(10)
        assert not thread.is_alive()
        assert outcome[0] is not None and outcome[0].status == "cancelled"
        assert effect_count(effects, job.id) == 0
    finally:
        runner.shutdown(grace=0)


def test_release_at_shutdown_spends_no_attempt(effects, profile, registry, db) -> None:
    runner = Runner(db, registry, threads=2).start(listen=False)
    job = store.submit(effects, profile.id, "noop", {}, registry=registry).job
    [claimed] = runner.claim()
    assert claimed.attempts == 1
    released = runner.shutdown(grace=0)
    assert released == [job.id]
    again = store.get_job(effects, profile.id, job.id)
    assert again.status == "pending" and again.attempts == 0 and again.locked_by is None
    with effects.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM workers")).scalar_one() == 0


def test_stale_rescue_with_clock(effects, profile, registry, clock, db) -> None:
    runner = Runner(db, registry, threads=3, clock=clock).start(listen=False)
    try:
        ids = [
            store.submit(
                effects, profile.id, "noop", {"i": i}, registry=registry, clock=clock
            ).job.id
            for i in range(3)
        ]
        claimed = runner.claim()
        assert [j.id for j in claimed] == ids
        # Job 3 completes just in time; job 2 was already lost 9 times (the cap is 10).
        runner.execute(claimed[2])
        with effects.engine.begin() as conn:
            conn.execute(text("UPDATE jobs SET lost = 9 WHERE id = :j"), {"j": ids[1]})
        clock.advance(minutes=4, seconds=59)
        assert store.rescue_stale(effects, clock=clock) == []
        clock.advance(seconds=2)
        assert sorted(store.rescue_stale(effects, clock=clock)) == ids[:2]
        first, second, third = (store.get_job(effects, profile.id, i) for i in ids)
        # A loss is not a failed attempt: the attempt is given back and counted apart.
        assert first.status == "pending" and first.errors[-1]["kind"] == "worker_lost"
        assert (first.attempts, first.lost) == (0, 1)
        assert second.status == "failed" and "No progress for 5 minutes" in second.error
        assert "10 times" in second.error and second.lost == 10
        assert third.status == "completed" and third.errors == ()
        # The original worker finishing late cannot apply its result twice.
        assert runner.execute(claimed[0]) is None
        assert effect_count(effects, ids[0]) == 0
    finally:
        runner.shutdown(grace=0)


def test_heartbeat_keeps_a_long_job(effects, profile, registry, clock, db) -> None:
    runner = Runner(db, registry, threads=1, clock=clock).start(listen=False)
    try:
        job = store.submit(effects, profile.id, "noop", {}, registry=registry, clock=clock).job
        runner.claim()
        clock.advance(minutes=4)
        runner.heartbeat_now()
        clock.advance(minutes=4)
        assert store.rescue_stale(effects, clock=clock) == []
        assert store.get_job(effects, profile.id, job.id).status == "processing"
    finally:
        runner.shutdown(grace=0)


def test_dead_worker_jobs_rescued_at_once(effects, profile, registry, db) -> None:
    victim = Runner(db, registry, threads=2).start(listen=False)
    job = store.submit(effects, profile.id, "noop", {}, registry=registry).job
    victim.claim()
    # Simulate a crash: the lease connection dies without cleanup.
    assert victim.lease is not None and victim.lease._conn is not None
    victim.lease._conn.close()
    rescuer = Runner(db, registry, threads=2).start(listen=False)
    try:
        assert store.get_job(effects, profile.id, job.id).status == "pending"
        [final] = run_once(rescuer)
        assert final.status == "completed" and (final.attempts, final.lost) == (1, 1)
        assert effect_count(effects, job.id) == 1
    finally:
        rescuer.shutdown(grace=0)
        victim._stopping.set()


# -- parent and children ------------------------------------------------------------------


def test_parent_waits_for_children(effects, profile, registry, runner, clock) -> None:
    parent = store.submit(
        effects, profile.id, "parent", {"children": 3}, registry=registry, clock=clock
    ).job
    [waiting] = run_once(runner)
    assert waiting.status == "processing" and waiting.locked_by is None
    assert waiting.progress == {"done": 0, "failed": 0, "total": 3}
    children = store.list_jobs(effects, profile.id, parent_id=parent.id)
    assert len(children) == 3 and all(c.status == "pending" for c in children)
    # Waiting parents are not "stale": no heartbeat, no lock.
    clock.advance(minutes=10)
    assert store.rescue_stale(effects, clock=clock) == []
    run_once(runner)
    run_once(runner)
    done = store.get_job(effects, profile.id, parent.id)
    assert done.status == "completed" and done.progress == {"done": 3, "failed": 0, "total": 3}
    assert effect_count(effects) == 4


def test_failed_child_fails_parent_and_retry_finishes(
    effects, profile, registry, runner, clock
) -> None:
    payload = {"children": 2, "child_type": "scripted", "child_fail": {"1": {"1": "permanent"}}}
    parent = store.submit(
        effects, profile.id, "parent", payload, registry=registry, clock=clock
    ).job
    run_once(runner)
    run_once(runner)  # both children: one completes, one fails permanently
    failed = store.get_job(effects, profile.id, parent.id)
    assert failed.status == "failed"
    assert failed.progress == {"done": 1, "failed": 1, "total": 2}
    assert failed.error == "1 of 2 parts failed; retry them to finish."
    [bad_child] = [
        c for c in store.list_jobs(effects, profile.id, parent_id=parent.id) if c.status == "failed"
    ]
    again = store.retry(effects, profile.id, bad_child.id, clock=clock)
    assert again.status == "pending"
    assert store.get_job(effects, profile.id, parent.id).status == "processing"
    [rerun] = run_once(runner)
    assert rerun.status == "failed"  # still scripted to fail on attempt 1 ...
    assert store.get_job(effects, profile.id, parent.id).status == "failed"


def test_cancel_parent_cancels_children(effects, profile, registry, runner, clock) -> None:
    parent = store.submit(
        effects, profile.id, "parent", {"children": 2}, registry=registry, clock=clock
    ).job
    run_once(runner)
    assert store.get_job(effects, profile.id, parent.id).status == "processing"
    cancelled = store.cancel(effects, profile.id, parent.id)
    assert cancelled.status == "cancelled"
    children = store.list_jobs(effects, profile.id, parent_id=parent.id)
    assert {c.status for c in children} == {"cancelled"}


# -- notifications and pruning ------------------------------------------------------------


def test_status_changes_listeners_need_are_notified(
    effects, profile, registry, runner, clock
) -> None:
    seen: list[tuple[int, str]] = []
    arrived = threading.Condition()

    def on_event(event: dict) -> None:
        with arrived:
            seen.append((event["id"], event["status"]))
            arrived.notify_all()

    listener = JobListener(effects, on_event).start()
    try:
        assert listener.wait_ready()
        job = store.submit(effects, profile.id, "noop", {}, registry=registry, clock=clock).job
        run_once(runner)
        # A claim (→ processing) is not notified: nobody needs it at once, and a NOTIFY would
        # keep claims from sharing an fsync with completions.
        expected = [(job.id, "pending"), (job.id, "completed")]
        with arrived:
            assert arrived.wait_for(lambda: seen == expected, timeout=10), seen
    finally:
        listener.stop()


def test_prune_removes_old_finished_jobs(effects, profile, registry, runner, clock) -> None:
    old = store.submit(
        effects, profile.id, "parent", {"children": 1}, registry=registry, clock=clock
    ).job
    run_once(runner)
    run_once(runner)
    live = store.submit(
        effects, profile.id, "noop", {"live": True}, registry=registry, clock=clock
    ).job
    clock.advance(days=31)
    recent = store.submit(
        effects, profile.id, "noop", {"recent": True}, registry=registry, clock=clock
    ).job
    run_once(runner)  # runs `live` and `recent` now (31 days later)
    assert store.prune(effects, clock=clock, batch=1) == 1
    remaining = {j.id for j in store.list_jobs(effects, profile.id)}
    assert old.id not in remaining  # and its child went with it
    assert {live.id, recent.id} == remaining


# -- the completion guard -----------------------------------------------------------------


def hand_over(db, job_id: int, runner: Runner) -> JobInfo:
    """The job is taken from its first worker (as a rescue does) and claimed by ``runner``."""
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE jobs SET status = 'pending', locked_by = NULL WHERE id = :j"),
            {"j": job_id},
        )
    [claimed] = runner.claim()
    assert claimed.id == job_id
    return claimed


def test_a_job_held_by_another_worker_is_not_completed_twice(
    effects, profile, registry, db
) -> None:
    first = Runner(db, registry, threads=2).start(listen=False)
    second = Runner(db, registry, threads=2).start(listen=False)
    try:
        job = store.submit(effects, profile.id, "noop", {}, registry=registry).job
        [mine] = first.claim()
        theirs = hand_over(effects, job.id, second)
        # The first worker finishes late: it still sees status 'processing', but the job is
        # locked by the second worker now, so nothing of its result may land.
        assert first.execute(mine) is None
        assert effect_count(effects, job.id) == 0
        row = store.get_job(effects, profile.id, job.id)
        assert (row.status, row.locked_by) == ("processing", second.worker_id)
        done = second.execute(theirs)
        assert done is not None and done.status == "completed"
        assert effect_count(effects, job.id) == 1
    finally:
        second.shutdown(grace=0)
        first.shutdown(grace=0)


def test_group_completion_drops_only_the_job_someone_else_holds(
    effects, profile, registry, db
) -> None:
    first = Runner(db, registry, threads=3).start(listen=False)
    second = Runner(db, registry, threads=1).start(listen=False)
    try:
        ids = [
            store.submit(effects, profile.id, "noop", {"i": i}, registry=registry).job.id
            for i in range(3)
        ]
        claimed = first.claim()
        assert [j.id for j in claimed] == ids
        hand_over(effects, ids[1], second)
        # All three finished at once and are committed as one group by the first worker.
        with db.engine.connect() as conn:
            finals = store.complete_group(
                db,
                conn,
                first.worker_id,
                [
                    store.Finished(job, lambda tx, h=registry["noop"]: h.apply(tx, None))
                    for job in claimed
                ],
                registry=registry,
            )
        assert sorted(finals) == [ids[0], ids[2]]
        assert all(f.status == "completed" for f in finals.values())
        assert [effect_count(effects, i) for i in ids] == [1, 0, 1]
        assert store.get_job(effects, profile.id, ids[1]).locked_by == second.worker_id
    finally:
        second.shutdown(grace=0)
        first.shutdown(grace=0)


def test_a_failing_apply_fails_only_its_own_job_in_a_group(effects, profile, registry, db) -> None:
    """One apply() raising rolls the group back; each job is then redone alone."""

    class Picky:
        job_type = "picky"

        def validate(self, payload):
            return dict(payload)

        def run(self, ctx):
            return ctx.job.payload["i"]

        def apply(self, tx, outcome):
            if outcome == 1:
                raise ValueError("cannot store this one")
            return registry["noop"].apply(tx, outcome)

    registry.register(Picky())  # type: ignore[arg-type]
    runner = Runner(db, registry, threads=3).start(listen=False)
    try:
        ids = [
            store.submit(effects, profile.id, "picky", {"i": i}, registry=registry).job.id
            for i in range(3)
        ]
        done = threading.Event()
        seen: list[JobInfo] = []

        def finished(job: JobInfo) -> None:
            seen.append(job)
            if len(seen) == 3:
                done.set()

        runner.finished_callbacks.append(finished)
        loop = threading.Thread(target=runner.run, kwargs={"until_idle": False})
        loop.start()
        assert done.wait(20), seen
        runner.request_stop()
        loop.join(10)
        states = {j.id: j.status for j in seen}
        assert states == {ids[0]: "completed", ids[1]: "pending", ids[2]: "completed"}
        bad = store.get_job(effects, profile.id, ids[1])
        assert bad.errors[-1]["kind"] == "internal" and "cannot store this one" in bad.error
        assert [effect_count(effects, i) for i in ids] == [1, 0, 1]
    finally:
        runner.shutdown(grace=0)
