"""The window's figures (offscreen, real PostgreSQL, real job engine):

- click "Generate" (a real mouse click on the button) → placeholder painted (p50/p99, 100 clicks)
- job completion → its cards in the deck: in-process; another process via NOTIFY; polling alone
- the frame-gap probe: the longest interval between two ticks of a 5-ms GUI-thread timer while
  4 generations finish and a 10,000-card deck scrolls (and how many times the view asked the
  Python model for its row count meanwhile)
- quit → process gone, with a generation's HTTP call in flight (the real app, in a child
  process, against the fake Messages API; see tests/window_driver.py)
- resident memory with a 10,000-card goal open
- start-up: process start → window shown, and → database ready (cold = new embedded server,
  warm = existing one)

Each prints a line; the last line is the headline: the longest frame gap.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("STUDYAPP_NO_KEYRING", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QElapsedTimer, QEventLoop, QModelIndex, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from benchmarks._common import parser, percentile
from studyapp.config import AppConfig
from studyapp.db import embedded
from studyapp.generation.types import CardDraft, CardSet
from studyapp.gui.main_window import MainWindow
from studyapp.services import generation
from studyapp.services.material import Material
from studyapp.vectors.store import open_store
from studyapp.vectors.sync import resync
from tests.factories import make_goal, make_node
from tests.gui_support import ScriptedProvider, scripted_registry

ROOT = Path(__file__).resolve().parent.parent
PROSE = (ROOT / "tests" / "fixtures" / "congestion.md").read_text(encoding="utf-8")
PARAGRAPHS = [p for p in PROSE.split("\n\n") if len(p) > 200]
_material_round = iter(range(1000))


def next_material() -> Material:
    """A different part of the fixture each time: the same text twice would only make
    near-duplicates, which generation rightly skips."""
    n = next(_material_round)
    text = PARAGRAPHS[n % len(PARAGRAPHS)]
    return Material(text=text, source=f"benchmark material {n}", encoding="utf-8")


def spin_until(condition, timeout_s: float = 30.0) -> None:
    """Run the event loop until ``condition()``: ``exec()`` sleeps (releasing the GIL) between
    events as the real app does; a busy processEvents() loop would starve every worker thread."""
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    failed = []

    def check() -> None:
        if condition():
            loop.quit()
        elif time.monotonic() > deadline:
            failed.append(True)
            loop.quit()

    timer = QTimer()
    timer.setInterval(2)
    timer.timeout.connect(check)
    timer.start()
    if not condition():
        loop.exec()
    timer.stop()
    if failed:
        raise SystemExit("benchmark condition not reached")


def wait_signal(signal, timeout_ms: int = 30_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def reset_rate_window(db) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM job_submissions"))


_ANSWER_WORDS = [
    "amber",
    "basalt",
    "cedar",
    "delta",
    "ember",
    "fjord",
    "garnet",
    "harbor",
    "iris",
    "juniper",
    "kelp",
    "lagoon",
    "meadow",
    "nectar",
    "oasis",
    "prairie",
    "quartz",
    "reef",
    "savanna",
    "tundra",
    "umber",
    "valley",
    "willow",
    "yarrow",
    "zephyr",
    "canyon",
    "dune",
    "estuary",
    "geyser",
    "heron",
    "ibis",
    "jackal",
    "koala",
    "lemur",
    "marmot",
    "newt",
    "ocelot",
    "puffin",
    "quail",
    "raven",
    "salmon",
    "toucan",
    "urchin",
    "vole",
    "walrus",
    "yak",
    "zebra",
    "anvil",
    "bellows",
    "chisel",
    "drill",
    "easel",
    "forge",
    "gimlet",
]


def fresh_answer(rng: random.Random) -> str:
    """Six random words: answers far enough apart that none is a near-duplicate of another."""
    return " ".join(rng.sample(_ANSWER_WORDS, 6)).capitalize()


def open_window(url: str, data_dir: Path, provider: ScriptedProvider, **kwargs) -> MainWindow:
    registry = scripted_registry(provider, data_dir / "vectors")
    window = MainWindow(AppConfig(data_dir=data_dir, database_url=url), registry=registry, **kwargs)
    window.resize(1180, 760)
    window.show()
    window.open_database()
    wait_signal(window.database_ready)
    return window


def bench_click_to_placeholder(window: MainWindow, goal: int, nodes: list[int]) -> list[float]:
    page = window.goal_page
    window.show_goal(goal)
    wait_signal(page.snapshot_applied)
    samples = []
    for node in nodes:
        page.tree.setCurrentIndex(page.tree_model.index_for_node(node))
        timer = QElapsedTimer()
        timer.start()
        QTest.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
        page.deck.viewport().repaint()  # painted, not just in the model
        samples.append(timer.nsecsElapsed() / 1e6)
        assert page.deck_model.placeholder_rows(), "no placeholder shown"
        spin_until(lambda: not any(r.job.id < 0 for r in page.deck_model.placeholder_rows()))
        reset_rate_window(window.db)
    return samples


def bench_completion(window: MainWindow, goal: int, node: int, *, how: str, url: str) -> float:
    """Seconds from the job's completion commit to its cards in the deck. ``in-process``: the
    window's own pool runs it; ``worker``: a separate `studyapp worker` process does."""
    page = window.goal_page
    db = window.db
    window.show_goal(goal)
    wait_signal(page.snapshot_applied)
    if how == "in-process":
        job = generation.submit_cards(
            db, window.profile.id, goal, node_id=node, registry=window.ctx.registry
        ).job
    else:  # the worker uses the offline generator: give it material
        job = generation.submit_cards(
            db, window.profile.id, goal, material=next_material(), registry=window.ctx.registry
        ).job
    reset_rate_window(db)
    page.reload()  # as after a submission from this window (it then watches the job)
    spin_until(lambda: any(r.job.id == job.id for r in page.deck_model.placeholder_rows()))
    worker = None
    if how == "in-process":
        window.ctx.pool.wake()
    else:
        env = dict(
            os.environ,
            STUDYAPP_PROVIDER="offline",
            STUDYAPP_VECTORS_DIR=str(window.config.data_dir / "vectors"),
        )
        worker = subprocess.Popen(
            [sys.executable, "-m", "studyapp", "--database-url", url, "worker", "--until-idle"],
            env=env,
            cwd=ROOT,
            stderr=subprocess.DEVNULL,
        )
    # Shown: its placeholder replaced by its cards, in one model update.
    spin_until(
        lambda: not any(r.job.id == job.id for r in page.deck_model.placeholder_rows()),
        timeout_s=120,
    )
    shown = time.time()
    if worker is not None:
        worker.wait(60)
    with db.engine.connect() as conn:
        completed = conn.execute(
            text("SELECT extract(epoch FROM completed_at) FROM jobs WHERE id = :id"), {"id": job.id}
        ).scalar_one()
    assert page.deck_model.card_count() > 10_000 or how != "in-process", "no cards arrived"
    return shown - float(completed)


def bench_stall(
    window: MainWindow, goal: int, nodes: list[int], provider: ScriptedProvider
) -> tuple[float, int]:
    """Longest gap between 5-ms ticks of a GUI-thread timer while the deck scrolls and 4
    generations run and finish; and the Python rowCount calls the deck's view made meanwhile."""
    page = window.goal_page
    window.show_goal(goal)
    wait_signal(page.snapshot_applied)
    provider.delay = 0.5
    jobs = [
        generation.submit_cards(
            window.db, window.profile.id, goal, node_id=node, registry=window.ctx.registry
        ).job.id
        for node in nodes[:4]
    ]
    window.ctx.pool.wake()
    page.reload()  # as after a submission from this window: it watches those jobs
    gaps: list[float] = []
    last = [time.perf_counter()]
    bar = page.deck.verticalScrollBar()
    row_counts = [0]
    model = page.deck_model
    original_count = model.rowCount

    def counting(parent=QModelIndex()) -> int:
        row_counts[0] += 1
        return original_count(parent)

    model.rowCount = counting  # type: ignore[method-assign]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now
        bar.setValue((bar.value() + 180) % max(bar.maximum(), 1))

    applies: list[float] = []
    original_apply = page._apply

    def timed_apply(goal_id, snapshot) -> None:
        started = time.perf_counter()
        original_apply(goal_id, snapshot)
        applies.append((time.perf_counter() - started) * 1000)

    page._apply = timed_apply  # type: ignore[method-assign]
    cards_before = model.card_count()
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    end = time.monotonic() + 8
    spin_until(lambda: time.monotonic() > end, timeout_s=20)
    timer.stop()
    page._apply = original_apply  # type: ignore[method-assign]
    model.rowCount = original_count  # type: ignore[method-assign]
    provider.delay = 0.0
    worst = sorted(gaps[1:])[-5:]
    arrived = model.card_count() - cards_before
    print(
        f"frame-gap probe detail: {arrived} cards arrived, {len(applies)} snapshot applies "
        f"(longest {max(applies, default=0):.1f} ms), {row_counts[0]} Python rowCount calls; "
        f"five longest gaps {', '.join(f'{g * 1000:.0f}' for g in worst)} ms"
    )
    with window.db.engine.connect() as conn:
        finished = conn.execute(
            text("SELECT count(*) FROM jobs WHERE id = ANY(:ids) AND status = 'completed'"),
            {"ids": jobs},
        ).scalar_one()
    assert finished == 4 and arrived > 0, f"{finished} of 4 generations finished, {arrived} cards"
    return max(gaps[1:]) * 1000, row_counts[0]


def bench_quit(rounds: int = 3) -> list[float]:
    """The real app quits with a generation's HTTP call in flight: Ctrl+Q → process reaped."""
    from tests.fake_anthropic import serve
    from tests.window_driver import drive_app, hang_unless_marked

    times = []
    for n in range(rounds):
        workdir = Path(tempfile.mkdtemp(prefix=f"sa-quit-{n}-"))
        with serve() as fake:
            hang_unless_marked(fake)
            run = drive_app(workdir, fake.url, display=None)
        if run.quit_to_gone_s is None or run.returncode != 0:
            raise SystemExit(f"the driven app failed: {run.lines}\n{run.log[-2000:]}")
        times.append(run.quit_to_gone_s)
    return times


def bench_startup(url: str | None, data_dir: Path) -> tuple[float, float]:
    code = (
        "import time, sys; t0 = float(sys.argv[1]);"
        "from PySide6.QtWidgets import QApplication;"
        "from studyapp.config import AppConfig; from studyapp.gui.main_window import MainWindow;"
        "from pathlib import Path; import os;"
        "app = QApplication([]);"
        "w = MainWindow(AppConfig(data_dir=Path(sys.argv[2]), database_url=sys.argv[3] or None));"
        "w.show(); app.processEvents(); shown = time.time() - t0;"
        "w.database_ready.connect(lambda _db: (print(f'{shown:.3f} {time.time() - t0:.3f}'), app.quit()));"
        "w.open_database(); app.exec(); w.shutdown()"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code, str(time.time()), str(data_dir), url or ""],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    shown, ready = (float(x) for x in out.stdout.split()[-2:])
    return shown, ready


def main() -> None:
    args = parser(__doc__ or "").parse_args()
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Studyapp benchmark")
    data_dir = Path(tempfile.mkdtemp(prefix="sa-guibench-"))
    cold_shown, cold_ready = bench_startup(args.database_url, data_dir / "cold")
    warm_shown, warm_ready = bench_startup(args.database_url, data_dir / "cold")
    print(f"start-up cold: window {cold_shown:.2f} s, database ready {cold_ready:.2f} s")
    print(f"start-up warm: window {warm_shown:.2f} s, database ready {warm_ready:.2f} s")

    url = args.database_url or embedded.start(data_dir / "server", cleanup_mode="delete")
    provider = ScriptedProvider()
    provider.delay = 0.0
    original_cards = provider.cards

    def slow_cards(request):
        if provider.delay:
            time.sleep(provider.delay)
        made = original_cards(request)
        if request.chunk.strip():
            return made
        # Fresh answers every call: the scripted three repeat across skills, and the handler
        # rightly drops repeats as near-duplicates, so the stall probe would see no cards arrive.
        drafts = tuple(
            CardDraft(draft.front, fresh_answer(rng), source=draft.source) for draft in made.cards
        )
        return CardSet(drafts, made.provider)

    rng = random.Random(7)

    provider.cards = slow_cards  # type: ignore[method-assign]
    window = open_window(url, data_dir, provider, threads=4, listen=True)
    db, profile = window.db, window.profile
    with db.engine.begin() as conn:
        conn.execute(text("TRUNCATE goals, jobs, job_submissions, cards RESTART IDENTITY CASCADE"))
    goal = make_goal(db, profile.id, "Benchmark goal")
    nodes = [make_node(db, goal, f"Skill {i}", position=i) for i in range(110)]
    # A 10,000-card deck, every card in a skill as generation and imports leave them. (Cards
    # without one are homed by the next generation job, 500 per job: a one-off after upgrading
    # a database from 0.1.0, which costs this probe a ~100 ms gap while it lasts.)
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cards (profile_id, goal_id, node_id, front, back) "
                "SELECT :p, :g, (CAST(:nodes AS bigint[]))[1 + g % 110], 'Question ' || g, "
                "'Answer number ' || g FROM generate_series(1, 10000) g"
            ),
            {"p": profile.id, "g": goal, "nodes": nodes},
        )
    # Cards made by the app are embedded when created; these were inserted in bulk, so embed
    # them once now rather than inside the first measured job.
    resync(db, open_store(data_dir / "vectors"), profile.id, goal)
    window.load_goals(select=goal)
    wait_signal(window.goals_loaded)

    # Clicks: with the window's runner paused, so every placeholder is from the click alone.
    window.ctx.pool.runner.request_stop()
    window.ctx.pool.stop(grace=0)
    clicks = bench_click_to_placeholder(window, goal, nodes[:100])
    print(
        f"click -> placeholder painted: n={len(clicks)} p50={percentile(clicks, 50):.1f} ms "
        f"p99={percentile(clicks, 99):.1f} ms"
    )
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE jobs SET status='cancelled', completed_at=now() WHERE status='pending'")
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memory with a 10,000-card goal open: {rss:.0f} MB peak RSS")
    window.shutdown()
    window.close()

    # Completion latencies. In-process: the window's own pool runs the job.
    window = open_window(url, data_dir, provider, threads=4, listen=True)
    window.ctx.watcher.wait_listening()
    in_process = [
        bench_completion(window, goal, nodes[100 + i], how="in-process", url=url) for i in range(3)
    ]
    print(
        "completion -> cards shown, in-process: "
        + ", ".join(f"{v * 1000:.0f}" for v in in_process)
        + f" ms (max {max(in_process) * 1000:.0f} ms)"
    )
    stall, row_counts = bench_stall(window, goal, nodes[106:110], provider)
    window.shutdown()
    window.close()
    # Another runner (its own lease and connections, as a `studyapp worker` has) runs the job;
    # the window runs none and learns of it by NOTIFY, or with notifications off, by polling.
    window = open_window(url, data_dir, provider, run_jobs=False, listen=True)
    window.ctx.watcher.wait_listening()
    other = [bench_completion(window, goal, 0, how="worker", url=url) for _ in range(2)]
    print(
        "completion -> cards shown, `studyapp worker` (NOTIFY): "
        + ", ".join(f"{v * 1000:.0f}" for v in other)
        + f" ms (max {max(other) * 1000:.0f} ms)"
    )
    window.shutdown()
    window.close()
    window = open_window(url, data_dir, provider, run_jobs=False, listen=False)
    polled = [bench_completion(window, goal, 0, how="worker", url=url) for _ in range(2)]
    print(
        "completion -> cards shown, polling only: "
        + ", ".join(f"{v * 1000:.0f}" for v in polled)
        + f" ms (max {max(polled) * 1000:.0f} ms)"
    )
    window.shutdown()
    window.close()
    quits = bench_quit()
    print(
        "quit -> process gone, a generation in flight: "
        + ", ".join(f"{q * 1000:.0f}" for q in quits)
        + f" ms (max {max(quits) * 1000:.0f} ms)"
    )
    print(
        f"longest frame gap (4 generations finishing + 10,000-card deck scrolling): {stall:.0f} ms"
        f" ({row_counts} Python rowCount calls)"
    )
    print(f"GUI frame gap max ms: {stall:.0f}")


if __name__ == "__main__":
    main()
