"""The window's compute processes (defect 10: offline generation stalled the window, its job
threads holding the interpreter lock the GUI thread paints with).

The CPU-bound steps of a job run in a pool of processes the job thread waits on
(``studyapp/handlers/process_pool.py``, reached only through ``studyapp/handlers/compute.py``):
the window's own process never loads the embedding model or LanceDB; a killed process is a
transient job error and a fresh pool; a quit with a step running is quick and leaves no
process; the processes die with their parent.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.handlers import compute
from studyapp.handlers.process_pool import ComputePool
from studyapp.jobs import store
from studyapp.jobs.contract import TransientError
from studyapp.jobs.registry import HandlerRegistry
from studyapp.jobs.runner import Runner
from tests import compute_steps
from tests.factories import make_goal, make_node

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

MATERIAL = (
    "Slow start is the phase in which the congestion window doubles every round trip. Fast "
    "retransmit is a mechanism that resends a segment after three duplicate acknowledgements. "
    "The congestion window is a limit on how much unacknowledged data a sender may have in "
    "flight."
)


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def children() -> set[int]:
    """This process's live children, except multiprocessing's resource tracker (one per
    process for its whole life, shared by every pool, not a pool's process)."""
    from multiprocessing import resource_tracker

    tracker = getattr(resource_tracker._resource_tracker, "_pid", None)
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found - {tracker}


@pytest.fixture
def pool():
    """A one-process pool installed for the handlers (as the window's job pool installs it)."""
    made = ComputePool(1)
    previous = compute.install(made)
    yield made
    compute.install(previous)
    made.shutdown()


def step_registry() -> HandlerRegistry:
    registry = HandlerRegistry()
    registry.register(compute_steps.PooledStep())
    return registry


def test_the_window_makes_cards_from_material_in_its_compute_process(
    qtbot, db, profile, pg_server_url, tmp_path, monkeypatch
) -> None:
    """Add material through the real dialog with the real offline generator: the cards
    arrive, and the window's process never loaded the embedding model nor opened LanceDB (the
    generator, the gate, the duplicate check and the embedding ran in the compute process)."""
    from PySide6.QtWidgets import QDialogButtonBox

    from studyapp.config import AppConfig
    from studyapp.gui.goal.dialogs import MaterialDialog
    from studyapp.gui.main_window import MainWindow
    from studyapp.vectors import embedder as embedder_module
    from studyapp.vectors import store as store_module
    from tests.gui_driving import click, dialog_of

    monkeypatch.setenv("STUDYAPP_PROVIDER", "offline")
    monkeypatch.setattr(embedder_module, "_default", None)  # nothing loaded here yet
    monkeypatch.setattr(store_module, "_stores", {})
    goal = make_goal(db, profile.id, "Networking")
    make_node(db, goal, "Congestion control")
    before = children()
    window = MainWindow(
        AppConfig(data_dir=tmp_path, database_url=pg_server_url),
        threads=2,
        listen=False,
        offload=True,
    )
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignals([window.database_ready, window.goals_loaded], timeout=30_000):
        window.open_database()
    page = window.goal_page
    qtbot.waitUntil(lambda: page.snapshot is not None, timeout=10_000)
    click(qtbot, page.material_button)
    dialog = dialog_of(qtbot, MaterialDialog)
    qtbot.keyClicks(dialog.text, MATERIAL)
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(
        lambda: page.deck_model.card_count() == 3 and not page.deck_model.placeholder_rows(),
        timeout=60_000,
    )
    assert window.banner.isHidden(), window.banner.text()
    pool = window.ctx.pool.compute
    workers = pool.pids()
    assert workers and os.getpid() not in workers
    assert embedder_module._default is None, "the window's process loaded the embedding model"
    assert store_module._stores == {}, "the window's process opened the vector store"
    # The cards' vectors were written by the compute process too (after the commit).
    with db.engine.connect() as conn:
        ids = conn.execute(text("SELECT id FROM cards WHERE goal_id = :g"), {"g": goal}).scalars()
        ids = set(ids)
    stored = compute.store(tmp_path / "vectors")
    qtbot.waitUntil(lambda: set(stored.card_ids(profile.id, goal)) == ids, timeout=15_000)
    window.shutdown()
    assert compute.installed() is None
    assert not any(alive(pid) for pid in workers)
    assert children() <= before


def test_a_killed_compute_process_is_a_transient_error_and_the_next_step_gets_a_fresh_one(
    pool,
) -> None:
    first = pool.call(compute_steps.pid)
    with pytest.raises(TransientError) as caught:
        pool.call(compute_steps.die)
    assert caught.value.kind == "process"
    assert "stopped unexpectedly" in str(caught.value)
    assert pool.renewals == 1
    second = pool.call(compute_steps.pid)
    assert second != first and alive(second) and not alive(first)


def test_a_job_whose_compute_process_is_killed_is_retried_and_then_completes(
    db, profile, pool, clock, tmp_path
) -> None:
    marker = tmp_path / "died"
    runner = Runner(db, step_registry(), threads=1, clock=clock).start(listen=False)
    try:
        job = store.submit(
            db,
            profile.id,
            compute_steps.STEP,
            {"step": "die_once", "args": [str(marker)]},
            registry=runner.registry,
            clock=clock,
        ).job
        (claimed,) = runner.claim()
        failed = runner.execute(claimed)
        assert failed is not None and failed.status == "pending"  # a transient error: retried
        assert [(e["attempt"], e["kind"]) for e in failed.errors] == [(1, "process")]
        clock.advance(seconds=2)
        (again,) = runner.claim()
        done = runner.execute(again)
    finally:
        runner.shutdown(grace=0)
    assert done is not None and done.status == "completed", done
    assert done.result["step_pid"] in pool.pids() and done.attempts == 2
    assert marker.exists() and job.id == done.id


def test_quit_with_a_step_running_is_quick_releases_the_job_and_leaves_no_process(
    qtbot, db, profile, tmp_path
) -> None:
    """The window's JobPool with its compute pool: a job is in the middle of a 60-second
    step; stopping takes well under a second, the job goes back to pending with its attempt
    given back, and no process is left (counted from /proc)."""
    from studyapp.gui.job_pool import JobPool

    before = children()
    marker = tmp_path / "started"
    registry = step_registry()
    job = store.submit(
        db,
        profile.id,
        compute_steps.STEP,
        {"step": "sleep_marked", "args": [str(marker), 60]},
        registry=registry,
    ).job
    jobs = JobPool(db, registry, threads=1, compute=ComputePool(1))
    jobs.start()
    try:
        qtbot.waitUntil(marker.exists, timeout=30_000)
        step_pid = int(marker.read_text())
        assert step_pid in children()
    finally:  # a failure above must not leave the pool running into the next tests
        started = time.monotonic()
        jobs.stop(grace=0.25)
        took = time.monotonic() - started
    assert took < 1.0, f"stopping took {took:.2f} s"
    assert compute.installed() is None
    final = store.get_job(db, profile.id, job.id)
    assert (final.status, final.attempts, final.errors) == ("pending", 0, ())
    assert not alive(step_pid)
    assert children() <= before, f"left behind: {children() - before}"


def test_compute_processes_exit_when_their_parent_is_killed(tmp_path) -> None:
    """``kill -9`` of the window: its compute process notices and exits (no orphan)."""
    code = (
        "import sys; from studyapp.handlers.process_pool import ComputePool; "
        "from tests import compute_steps; pool = ComputePool(1); "
        "print(pool.call(compute_steps.pid), flush=True); sys.stdin.read()"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # the killed parent's resource tracker complains there
        text=True,
    ) as parent:
        try:
            assert parent.stdout is not None
            child = int(parent.stdout.readline())
            assert alive(child)
            parent.send_signal(signal.SIGKILL)
            parent.wait(10)
            deadline = time.monotonic() + 10
            while alive(child) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not alive(child), "the compute process outlived its parent"
        finally:
            if parent.poll() is None:
                parent.kill()
