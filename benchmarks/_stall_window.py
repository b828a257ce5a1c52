"""The window side of ``benchmarks/gui_stall.py``: the real app, driven from inside.

Run as ``python -m benchmarks._stall_window URL THREADS`` (by gui_stall.py, which prepared the
database and the vector store). Prints ``GAP <round> <ms> …`` per round and ``RSS …`` at the
end, then closes the window the ordinary way. Everything is imported inside functions: the
compute processes import this module again as their ``__mp_main__`` (multiprocessing's spawn
and forkserver do that with the parent's main module), and must not load Qt for it.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path


def say(*words: object) -> None:
    print(*words, flush=True)


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def descendants(root: int) -> list[int]:
    """Every live process below ``root`` (the compute processes, the forkserver, the resource
    tracker), from /proc."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def main() -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    from studyapp.config import AppConfig
    from studyapp.gui.app import run

    url = sys.argv[1]  # (argv[2], the threads, is the profile's default here)

    def spin_until(condition, timeout_s: float = 600.0) -> None:
        loop = QEventLoop()
        deadline = time.monotonic() + timeout_s

        def check() -> None:
            if condition() or time.monotonic() > deadline:
                loop.quit()

        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(check)
        timer.start()
        if not condition():
            loop.exec()
        timer.stop()
        if not condition():
            raise TimeoutError("the probe's condition was never reached")

    def probe(window) -> None:
        from sqlalchemy import text

        from benchmarks.gui_stall import halves
        from studyapp.services import generation
        from studyapp.services.material import Material

        spin_until(lambda: window.ctx is not None and window.goal_page is not None)
        page = window.goal_page
        spin_until(lambda: page.deck_model.card_count() >= 10_000)
        say("STEP deck shown", round(time.monotonic() - t0, 2), "s after start")
        db, profile_id, registry = window.ctx.db, window.ctx.profile.id, window.ctx.registry
        goal_id = page.goal_id
        bar = page.deck.verticalScrollBar()

        def measure(name: str, texts: list[str] | None, settle_s: float = 2.0) -> None:
            gaps: list[float] = []
            cpu: list[tuple[float, float]] = []  # (GUI thread, whole process) CPU per gap
            last = [time.perf_counter(), time.thread_time(), time.process_time()]

            def tick() -> None:
                now, own, process = time.perf_counter(), time.thread_time(), time.process_time()
                gaps.append(now - last[0])
                cpu.append((own - last[1], process - last[2]))
                last[:] = [now, own, process]
                bar.setValue((bar.value() + 180) % max(bar.maximum(), 1))

            before = page.deck_model.card_count()
            state = {"jobs": [], "done": texts is None, "finished_at": None}

            def submit_and_watch() -> None:
                if texts is None:
                    time.sleep(4)
                    state["finished_at"] = time.monotonic()
                    return
                for n, body in enumerate(texts):
                    material = Material(body, f"{name} part {n}.md", "utf-8", format="markdown")
                    job = generation.submit_cards(
                        db, profile_id, goal_id, material=material, registry=registry
                    ).job
                    state["jobs"].append(job.id)
                window.ctx.pool.wake()
                while True:
                    with db.engine.connect() as conn:
                        open_jobs = conn.execute(
                            text(
                                "SELECT count(*) FROM jobs WHERE id = ANY(:ids) AND status NOT "
                                "IN ('completed', 'failed', 'cancelled')"
                            ),
                            {"ids": state["jobs"]},
                        ).scalar_one()
                    if not open_jobs:
                        break
                    time.sleep(0.2)
                state["finished_at"] = time.monotonic()

            timer = QTimer()
            timer.setInterval(5)
            timer.timeout.connect(tick)
            timer.start()
            started = time.monotonic()
            worker = threading.Thread(target=submit_and_watch, daemon=True)
            worker.start()
            if texts is not None:
                spin_until(lambda: len(state["jobs"]) == len(texts))
                page.reload()  # as after a submission from this window: it watches the jobs
            spin_until(lambda: state["finished_at"] is not None)
            took = state["finished_at"] - started
            end = time.monotonic() + settle_s
            spin_until(lambda: time.monotonic() > end)
            timer.stop()
            worst = sorted(gaps[1:])[-5:]
            longest = sorted(range(1, len(gaps)), key=gaps.__getitem__)[-5:]
            cpu_text = ", ".join(f"{cpu[i][0] * 1000:.0f}/{cpu[i][1] * 1000:.0f}" for i in longest)
            arrived = page.deck_model.card_count() - before
            with db.engine.connect() as conn:
                statuses = conn.execute(
                    text("SELECT status, count(*) FROM jobs WHERE id = ANY(:ids) GROUP BY 1"),
                    {"ids": state["jobs"] or [0]},
                ).all()
            say(
                f"GAP {name} {max(gaps[1:]) * 1000:.1f} ms; five longest "
                f"{', '.join(f'{g * 1000:.0f}' for g in worst)} ms; {len(gaps)} ticks; "
                f"{arrived} cards arrived; generations {dict(statuses)} in {took:.1f} s; "
                f"CPU ms in those gaps (GUI thread/window process) {cpu_text}"
            )

        first, second = halves()
        measure("cold", first)
        measure("warm", second)
        measure("idle", None, settle_s=0.0)
        children = descendants(int(Path("/proc/self").resolve().name))
        child_rss = {pid: rss_mb(pid) for pid in children}
        say(
            f"RSS window {rss_mb():.0f} MB; {len(children)} child processes "
            + ", ".join(f"{mb:.0f}" for mb in child_rss.values())
            + " MB"
        )
        window.close()

    def drive(window) -> None:
        def go() -> None:
            try:
                probe(window)
            except Exception as exc:
                say("FAIL", type(exc).__name__, exc)
                window.close()

        QTimer.singleShot(0, go)

    t0 = time.monotonic()
    run(AppConfig.resolve(database_url=url), drive=drive)


if __name__ == "__main__":
    main()
