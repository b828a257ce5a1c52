"""A few Python processes for the CPU-bound steps of the jobs the window runs.

The window's job threads share one interpreter lock with the GUI thread. Offline generation,
the quality gate and embedding are long pure-Python loops (the gate's word sets, the
embedder's normalisation, the generator's sentence rules); while four of them run, the GUI
thread gets the lock a fraction of the time and a frame that needs 10 ms of Python takes
100-250 ms. Threads cannot fix that; processes can. The job threads stay (claims, heartbeats,
the database, an HTTP call all wait without the lock); a job thread hands a step to this pool
and waits for its result, which costs the GUI thread nothing.

Decisions, and why:

- **spawn**, never fork: the window's process has Qt's threads, the engine's threads and
  libpq's; a forked copy of it can deadlock on a lock one of them held. spawn starts a fresh
  interpreter (the same way on Linux, macOS and Windows); forkserver would share a few pages of
  imported code between children but adds a long-lived server process that is one more thing
  to keep alive and clean up, for at most two children.
- **one or two processes**: ``cpu_count - 1`` (a core stays with the GUI thread), at most
  :data:`MAX_PROCESSES`. Each holds the embedding model, LanceDB and the generator, ~190 MB
  resident; more processes would not make a desktop app's few jobs much faster.
- **warmed at start**: :meth:`ComputePool.start` (called once the window is up) starts the
  processes and has each import the generator, the gate, LanceDB and load the embedding model
  (1-3 s), so the first generation does not wait for that, and never on the GUI thread.
- **an interrupted job stops waiting at once**: the wait is registered with the running job
  (:func:`studyapp.jobs.interrupt.closing`), so a quit or a rescue ends it like a closed HTTP
  call; :meth:`ComputePool.shutdown` then kills the processes (a step runs for seconds at most
  and its job is released to pending: nothing is lost), so a quit never waits for one.
- **a dead process is a transient job error**: a process killed (OOM killer, ``kill -9``)
  breaks the whole pool (``BrokenProcessPool``); the waiting jobs get a
  :class:`~studyapp.jobs.contract.TransientError` (retried after the usual back-off) and the
  next call gets a fresh, warmed pool.
- **lower priority**: the processes run at niceness 10, so on a busy machine the scheduler
  gives a core to the window's GUI thread first; the work is background work.
- **no orphans**: each process watches its parent (``multiprocessing.parent_process()``'s
  sentinel) and exits when the parent is gone, however it went (``kill -9`` included), and it
  ignores SIGINT, which a terminal's Ctrl+C sends to the whole process group (the window closes
  itself on it; a child killed by it would only break the pool).
- **the database stays in the window**: no step touches PostgreSQL (they take and return plain
  data), so an outage behaves exactly as before and the children hold no connections.

Only :mod:`studyapp.handlers.compute` uses this class; handlers call that module.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

from studyapp.jobs.contract import TransientError
from studyapp.jobs.interrupt import closing

log = logging.getLogger(__name__)

MAX_PROCESSES = 2
NICENESS = 10  # a compute process yields a busy core to the window (and everything else)
T = TypeVar("T")


def default_processes() -> int:
    """One process per spare core (one core stays with the GUI thread), one to two."""
    return max(1, min(MAX_PROCESSES, (os.cpu_count() or 2) - 1))


class ComputeInterrupted(Exception):
    """The waiting job was interrupted (quit, or taken away), or the pool was shut down: the
    step's result is not wanted. The engine releases an interrupted job without charging it."""


class _Abandon:
    """Registered with the running job: an interrupt ends the wait for the step's result."""

    def __init__(self, done: threading.Event) -> None:
        self._done = done
        self.abandoned = False

    def close(self) -> None:
        self.abandoned = True
        self._done.set()


class ComputePool:
    """``start()`` once, ``call(fn, …)`` from any thread, ``shutdown()`` once at the end.

    ``warm`` (a module-level function) runs once in each new process; its result (from the
    first) is kept as :attr:`warm_result`. ``log_file``: the children append their warnings
    there (the window's log file), since their stderr is nobody's.
    """

    def __init__(
        self,
        processes: int | None = None,
        *,
        warm: Callable[[], Any] | None = None,
        log_file: Path | None = None,
    ) -> None:
        self.processes = processes or default_processes()
        self._warm = warm
        self._log_file = log_file
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._warming: Future[Any] | None = None
        self._closed = False
        self.renewals = 0  # fresh pools made after a process died

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the processes and warm them up (returns at once; they warm in the background)."""
        with self._lock:
            self._current()

    def _current(self) -> ProcessPoolExecutor:
        """The live executor, made (and warmed) if there is none. Call under the lock."""
        if self._closed:
            raise ComputeInterrupted("The compute processes were shut down.")
        if self._executor is None:
            executor = ProcessPoolExecutor(
                self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_child_started,
                initargs=(str(self._log_file) if self._log_file else None,),
            )
            self._executor = executor
            if self._warm is not None:
                # One warm-up per process: each submission starts a process while none is idle.
                warming = [executor.submit(self._warm) for _ in range(self.processes)]
                self._warming = warming[0]
        return self._executor

    def warm_result(self, timeout: float | None = None) -> Any:
        """What ``warm`` returned in the current pool (waits for it; None without ``warm``)."""
        with self._lock:
            self._current()
            warming = self._warming
        return None if warming is None else warming.result(timeout)

    def pids(self) -> list[int]:
        """The live processes' ids (for tests and the probes)."""
        with self._lock:
            executor = self._executor
        processes = getattr(executor, "_processes", None) or {}
        return [p.pid for p in list(processes.values()) if p.pid is not None]

    def shutdown(self) -> None:
        """Kill the processes now: a step still running is not waited for (its job was
        released already, or it is a quit). Idempotent; returns in milliseconds."""
        with self._lock:
            self._closed = True
            executor, self._executor = self._executor, None
        if executor is not None:
            _kill(executor)

    # -- calls ---------------------------------------------------------------------------------

    def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in a process; waits for the result. ``fn`` is a module-level
        function; arguments and result are pickled. Its exceptions are raised here. A dead
        process raises :class:`TransientError` (the pool is renewed); an interrupt of the
        calling job raises :class:`ComputeInterrupted`."""
        with self._lock:
            executor = self._current()
        try:
            future = executor.submit(fn, *args, **kwargs)
        except BrokenProcessPool:
            raise self._renewed(executor) from None
        except RuntimeError:  # "cannot schedule new futures after shutdown"
            raise ComputeInterrupted("The compute processes were shut down.") from None
        done = threading.Event()
        future.add_done_callback(lambda _f: done.set())
        abandon = closing(_Abandon(done))
        done.wait()
        if abandon.abandoned and not future.done():
            future.cancel()
            raise ComputeInterrupted("The job was interrupted while a step of it was running.")
        try:
            return future.result()
        except BrokenProcessPool:
            raise self._renewed(executor) from None
        except CancelledError:
            raise ComputeInterrupted("The compute processes were shut down.") from None

    def _renewed(self, broken: ProcessPoolExecutor) -> TransientError:
        """A process of ``broken`` died: replace the pool (once, whoever notices first) and
        say so to the job, which is retried."""
        with self._lock:
            if self._executor is broken and not self._closed:
                self._executor = None
                self.renewals += 1
                log.warning("a compute process died; starting a fresh one")
                _kill(broken)
                self._current()
        return TransientError(
            "The background process that does this work stopped unexpectedly (was it out of "
            "memory?); the job will be retried.",
            kind="process",
        )


def _kill(executor: ProcessPoolExecutor) -> None:
    """Stop ``executor`` without waiting for running work, and reap its processes.
    ``ProcessPoolExecutor`` (Python 3.11) has no public way to kill its workers (3.14 adds
    ``kill_workers()``), hence the private ``_processes``."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(1.0)


# -- in the child ------------------------------------------------------------------------------


def _child_started(log_file: str | None) -> None:
    """First thing in every compute process: ignore Ctrl+C (the window handles it), leave
    when the parent is gone, send warnings to the window's log file."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(os, "nice"):
        os.nice(NICENESS)  # background work: the window's process comes first for a core
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(
            target=_exit_with_parent, args=(parent.sentinel,), name="parent-watch", daemon=True
        ).start()
    if log_file:
        handler = logging.FileHandler(log_file, encoding="utf-8", delay=True)
        handler.setFormatter(
            logging.Formatter(
                f"%(asctime)s %(levelname)s [compute {os.getpid()}] %(name)s: %(message)s"
            )
        )
        handler.setLevel(logging.WARNING)
        logging.getLogger().addHandler(handler)


def _exit_with_parent(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(0)
