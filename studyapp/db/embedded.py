"""The embedded PostgreSQL a learner gets by default: no server to install.

``pgserver`` ships PostgreSQL binaries in its wheel. The server's data lives in the user data
directory; every Studyapp process (the window, ``studyapp worker``) registers itself as a handle, and
pgserver stops the server when the last handle exits, so two processes share one server safely.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from studyapp.db.urls import with_dbname
from studyapp.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

DATABASE_NAME = "studyapp"


def _check_writable(directory: Path) -> None:
    """Fail early with a clear message: pgserver's own errors for this are cryptic."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".write-test-") as handle:
            handle.write(b"x" * 4096)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        what = "is full" if exc.errno == 28 else "is not writable"
        raise DatabaseUnavailable(
            f"The data directory {directory} {what} ({exc.strerror}). Free some space or fix its "
            f"permissions, or choose another with STUDYAPP_DATA_DIR or --database-url.",
            permanent=True,
        ) from None


def start(data_dir: Path, *, cleanup_mode: str | None = "stop") -> str:
    """Start (or join) the embedded server in ``data_dir/pgdata``; return a libpq URL for our DB."""
    _check_writable(data_dir)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; pgserver falls back fine.
        warnings.simplefilter("ignore")
        import pgserver

    pgdata = data_dir / "pgdata"
    try:
        server = _get_server(pgserver, data_dir, pgdata, cleanup_mode)
    except Exception as exc:  # pgserver raises bare subprocess / assertion errors
        log.exception("embedded PostgreSQL failed to start")
        raise DatabaseUnavailable(
            f"The embedded database in {pgdata} failed to start ({type(exc).__name__}: "
            f"{str(exc)[:200]}). See {pgdata / 'log'}; or use --database-url to choose a server.",
            permanent=True,
        ) from None
    admin_url = server.get_uri()
    ensure_database(admin_url, DATABASE_NAME)
    return with_dbname(admin_url, DATABASE_NAME)


def _get_server(pgserver: Any, data_dir: Path, pgdata: Path, cleanup_mode: str | None) -> Any:
    """``pgserver.get_server`` under a lock of THIS data directory. pgserver serialises every
    start and stop of every server of the user behind one lock file, so quitting Studyapp
    waited seconds whenever some other embedded server (a test suite, another app) was
    starting. What that lock protects (a server's handle list and its start/stop) belongs to
    one pgdata, so a lock per data directory keeps the guarantee for every Studyapp process
    sharing it and waits for nobody else.

    pgserver's own handle list and exit handler are replaced (see :class:`Handles` and
    :func:`_release_at_exit`): its list broke on an empty file and kept dead processes for
    ever, and its exit handler checked the postmaster it had started, not the one running."""
    import atexit

    import fasteners

    lock = fasteners.InterProcessLock(str(data_dir / ".pgserver.lock"))
    module = pgserver.postgres_server
    cls = module.PostgresServer
    shared_lock, shared_list = cls._lock, module.DiskList
    cls._lock = lock  # what __init__ takes (it reads the class attribute)
    module.DiskList = Handles  # what __init__ builds its handle list with
    try:
        with lock:
            _clear_dead_postmaster(pgdata, wait=10.0)  # a zombie postmaster blocks the start
        server = pgserver.get_server(pgdata, cleanup_mode=cleanup_mode)
    except BaseException:
        # Whatever failed after pg_ctl started a postmaster must not leave it running for
        # nobody: stop it unless a live process holds a handle.
        with contextlib.suppress(Exception):
            release(pgdata.resolve(), os.getpid(), "stop")
        raise
    finally:
        cls._lock, module.DiskList = shared_lock, shared_list
    server._lock = lock  # what the revive takes
    if server.cleanup_mode is not None and not getattr(server, "_studyapp_release", False):
        atexit.unregister(server._cleanup)
        server._cleanup = functools.partial(_release_at_exit, server)
        server._studyapp_release = True
        atexit.register(server._cleanup)
    return server


_leaving = threading.Event()  # this process gave up its handle: nothing may restart the server


def _release_at_exit(server: Any) -> None:
    """The exit handler: :func:`release` for this process (it reads the postmaster that runs
    now, which may have been restarted by another process since we joined)."""
    _leaving.set()
    try:
        release(server.pgdata, os.getpid(), server.cleanup_mode or "stop", say=log.info)
    except Exception:
        log.exception("could not release the embedded server in %s", server.pgdata)


# -- the handle list and the postmaster, read defensively ---------------------------------
#
# ``.handle_pids.json`` lists the processes that use the server; the last one to leave stops
# it. A process killed with -9 never takes itself off, and a write cut short leaves an empty
# file. Both are normal after a crash, so every read drops dead processes and treats a file
# it cannot read as empty, and every write replaces the file whole.

HANDLES_FILE = ".handle_pids.json"


def _pid_alive(pid: int) -> bool:
    """Is ``pid`` a running process? A zombie is not: where nobody reaps (a container whose
    init does not), a postmaster killed with -9 stays one, and it holds nothing."""
    import psutil

    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError):
        return False


def read_handles(path: Path) -> list[int]:
    """The live processes in the handle file; [] for a missing, empty or garbled one."""
    try:
        raw = json.loads(path.read_text() or "[]")
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        log.warning("the embedded server's handle file %s was unreadable; treated as empty", path)
        return []
    if not isinstance(raw, list):
        return []
    pids = [p for p in raw if isinstance(p, int) and not isinstance(p, bool)]
    return [p for p in dict.fromkeys(pids) if _pid_alive(p)]


def write_handles(path: Path, pids: list[int]) -> None:
    """Replace the handle file whole (a crash leaves the old list or the new, never half)."""
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps(pids))
    os.replace(part, path)


class Handles:
    """pgserver's ``DiskList`` of handle pids, read and written as :func:`read_handles` and
    :func:`write_handles` do: every start and stop prunes dead processes."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def get(self) -> list[int]:
        return read_handles(self.path)

    def put(self, values: list[int]) -> None:
        write_handles(self.path, values)

    def get_and_add(self, value: int) -> list[int]:
        old = self.get()
        self.put([*old, value] if value not in old else old)
        return old

    def get_and_remove(self, value: int) -> list[int]:
        old = self.get()
        self.put([p for p in old if p != value])
        return old


def running_postmaster(pgdata: Path) -> int | None:
    """The pid of the postmaster that serves ``pgdata`` now, or None if none runs."""
    try:
        first = (pgdata / "postmaster.pid").read_text().split("\n", 1)[0].strip()
        pid = int(first)
    except (OSError, ValueError):
        return None
    return pid if _pid_alive(pid) else None


def _clear_dead_postmaster(pgdata: Path, *, wait: float = 0.0) -> None:
    """Remove the ``postmaster.pid`` of a postmaster that died (kill -9) but is still a zombie:
    PostgreSQL takes a pid that exists for a running server and refuses to start. Only once
    none of its children (backends, checkpointer) runs any more: they share its memory."""
    import psutil

    pid_file = pgdata / "postmaster.pid"
    try:
        lines = pid_file.read_text().split("\n")
        pid = int(lines[0].strip())
    except (OSError, ValueError):
        return
    deadline = time.monotonic() + wait
    while True:
        try:
            process = psutil.Process(pid)
            if process.status() != psutil.STATUS_ZOMBIE:
                return  # alive (or PostgreSQL's own stale-file check will do)
            children = [c for c in process.children() if _pid_alive(c.pid)]
        except psutil.NoSuchProcess:
            return  # PostgreSQL sees the stale file itself
        if not children or time.monotonic() >= deadline:
            break
        time.sleep(0.05)
    if children:
        raise DatabaseUnavailable(
            f"The embedded database's old server processes are still exiting ({len(children)})."
        )
    # The socket's lock file names the dead postmaster too (line 5 of postmaster.pid is the
    # socket directory), and blocks the start the same way.
    socket_dir = Path(lines[4].strip()) if len(lines) > 4 and lines[4].strip() else pgdata
    for lock_file in socket_dir.glob(".s.PGSQL.*.lock"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            if int(lock_file.read_text().split("\n", 1)[0].strip()) == pid:
                lock_file.unlink()
    pid_file.unlink(missing_ok=True)


# -- bringing a dead server back ------------------------------------------------------------


class Reviver:
    """Restarts this process's embedded server when its postmaster is dead (kill -9, a crash,
    the OOM killer). Every process that uses the server (the window, each worker) holds one;
    they meet under the data directory's lock, so the first to notice restarts it and the
    others find it running and just reconnect. Calls are cheap when the server is up (one
    ``postmaster.pid`` read) and spaced out with back-off while it will not start."""

    def __init__(self, data_dir: Path, *, first: float = 0.25, cap: float = 5.0) -> None:
        self.pgdata = (data_dir / "pgdata").resolve()
        self.first = first
        self.cap = cap
        self._delay = 0.0
        self._next_at = 0.0
        self._busy = threading.Lock()
        self.restarts = 0

    def __call__(self) -> bool:
        """Restart the server if it is dead and the back-off allows; True if it now runs."""
        if running_postmaster(self.pgdata) is not None:
            self._delay = 0.0
            return True
        if (
            _leaving.is_set()
            or time.monotonic() < self._next_at
            or not self._busy.acquire(blocking=False)
        ):
            return False
        try:
            return self._restart()
        finally:
            self._busy.release()

    def _restart(self) -> bool:
        from pgserver.postgres_server import PostgresServer

        server = PostgresServer._instances.get(self.pgdata)
        if server is None:
            return False  # not started by this process (or already released at exit)
        try:
            with server._lock:
                if running_postmaster(self.pgdata) is None:
                    _clear_dead_postmaster(self.pgdata)
                    server._postmaster_info = None
                    server.ensure_postgres_running()
                    self.restarts += 1
                    log.warning("restarted the embedded database in %s", self.pgdata)
        except Exception as exc:
            self._delay = min(max(self._delay * 2, self.first), self.cap)
            self._next_at = time.monotonic() + self._delay
            log.warning(
                "the embedded database in %s did not restart (%s); next try in %.1f s",
                self.pgdata,
                str(exc)[:200],
                self._delay,
            )
            return False
        self._delay = 0.0
        return True


def ensure_database(admin_url: str, name: str) -> None:
    """CREATE DATABASE if missing; tolerant of a concurrent creator (second process at start)."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            return
        with contextlib.suppress(psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
            conn.execute(f'CREATE DATABASE "{name}"')


# -- quitting without waiting for the server -------------------------------------------------
#
# pgserver stops the server at exit (an atexit handler) when this process was its last user,
# and waits for the shutdown checkpoint: 0.1 s on a quiet disk, over a second on a busy one.
# A window that quits should not wait for that. ``hand_off_stop()`` gives the job to a small
# detached process, which does what pgserver's handler would (under the same per-directory
# lock, so a Studyapp started meanwhile waits for the stop instead of finding a server on its
# way down) while this process exits at once. The helper has no terminal: what it has to say
# (a failed stop, a traceback) goes to ``release.log`` beside the data directory.

RELEASE_LOG = "release.log"


def hand_off_stop() -> int:
    """Let a detached process release this process's embedded servers (stopping each one it
    was the last user of). Returns how many were handed off."""
    if "pgserver" not in sys.modules:
        return 0
    import atexit

    from pgserver.postgres_server import PostgresServer

    handed = 0
    _leaving.set()
    for pgdata, server in list(PostgresServer._instances.items()):
        if server.cleanup_mode is None:
            continue
        atexit.unregister(server._cleanup)
        args = [str(pgdata), str(os.getpid()), server.cleanup_mode]
        with open(Path(pgdata).parent / RELEASE_LOG, "ab") as log_file:
            subprocess.Popen(
                [sys.executable, "-m", "studyapp.db.embedded", "release", *args],
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=log_file,
                start_new_session=True,  # outlives us, untouched by the terminal's signals
                close_fds=True,
            )
        handed += 1
    return handed


def release(
    pgdata: Path, pid: int, mode: str, *, say: Callable[[str], object] | None = None
) -> None:
    """Drop ``pid``'s handle on the server in ``pgdata``; stop the server when no live process
    holds one any more (and delete it in ``delete`` mode), as pgserver's own exit handler."""
    import fasteners
    from pgserver._commands import pg_ctl  # type: ignore[attr-defined]

    say = say or _say
    started = time.monotonic()
    with fasteners.InterProcessLock(str(pgdata.parent / ".pgserver.lock")):
        handles = pgdata / HANDLES_FILE
        alive = [p for p in read_handles(handles) if p != pid]
        if handles.exists():
            write_handles(handles, alive)
        if alive:
            say(f"left {pgdata} running: still used by {alive}")
            return
        if running_postmaster(pgdata) is not None:
            user = "pgserver" if os.name == "posix" and os.geteuid() == 0 else None
            if user:
                # As root, pg_ctl runs as pgserver's own user, which must be able to walk
                # to the data directory. pgserver opened the path's folders at start, but
                # something may have closed one since (pytest resets its 0700 temp root).
                from pgserver.utils import ensure_prefix_permissions

                ensure_prefix_permissions(pgdata)
            pg_ctl(["-w", "stop"], pgdata=pgdata, user=user)
            say(f"stopped {pgdata} for pid {pid} in {time.monotonic() - started:.2f} s")
        if mode == "delete":
            import shutil

            shutil.rmtree(pgdata, ignore_errors=True)


def _say(line: str) -> None:
    """One timestamped line to the release log (the helper's stdout)."""
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {line}", flush=True)


if __name__ == "__main__" and sys.argv[1:2] == ["release"]:
    release(Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
