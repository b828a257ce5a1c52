"""The embedded PostgreSQL a learner gets by default: no server to install.

``pgserver`` ships PostgreSQL binaries in its wheel. The server's data lives in the user data
directory; every Studyapp process (the window, ``studyapp worker``) registers itself as a handle, and
pgserver stops the server when the last handle exits, so two processes share one server safely.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

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


def _get_server(pgserver, data_dir: Path, pgdata: Path, cleanup_mode: str | None):  # type: ignore[no-untyped-def]
    """``pgserver.get_server`` under a lock of THIS data directory. pgserver serialises every
    start and stop of every server of the user behind one lock file, so quitting Studyapp
    waited seconds whenever some other embedded server (a test suite, another app) was
    starting. What that lock protects (a server's handle list and its start/stop) belongs to
    one pgdata, so a lock per data directory keeps the guarantee for every Studyapp process
    sharing it and waits for nobody else."""
    import fasteners

    lock = fasteners.InterProcessLock(str(data_dir / ".pgserver.lock"))
    cls = pgserver.postgres_server.PostgresServer
    shared = cls._lock
    cls._lock = lock  # what __init__ takes (it reads the class attribute)
    try:
        server = pgserver.get_server(pgdata, cleanup_mode=cleanup_mode)
    finally:
        cls._lock = shared
    server._lock = lock  # and what its cleanup at exit takes
    return server


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


def release(pgdata: Path, pid: int, mode: str) -> None:
    """Drop ``pid``'s handle on the server in ``pgdata``; stop the server when no live process
    holds one any more (and delete it in ``delete`` mode), as pgserver's own exit handler."""
    import fasteners
    import psutil
    from pgserver._commands import pg_ctl
    from pgserver.utils import DiskList, PostmasterInfo

    started = time.monotonic()
    with fasteners.InterProcessLock(str(pgdata.parent / ".pgserver.lock")):
        handles = DiskList(pgdata / ".handle_pids.json")
        alive = [p for p in handles.get() if p != pid and psutil.pid_exists(p)]
        handles.put(alive)
        if alive:
            _say(f"left {pgdata} running: still used by {alive}")
            return
        info = PostmasterInfo.read_from_pgdata(pgdata)
        if info is not None and info.is_running():
            user = "pgserver" if os.name == "posix" and os.geteuid() == 0 else None
            if user:
                # As root, pg_ctl runs as pgserver's own user, which must be able to walk
                # to the data directory. pgserver opened the path's folders at start, but
                # something may have closed one since (pytest resets its 0700 temp root).
                from pgserver.utils import ensure_prefix_permissions

                ensure_prefix_permissions(pgdata)
            pg_ctl(["-w", "stop"], pgdata=pgdata, user=user)
            _say(f"stopped {pgdata} for pid {pid} in {time.monotonic() - started:.2f} s")
        if mode == "delete":
            import shutil

            shutil.rmtree(pgdata, ignore_errors=True)


def _say(line: str) -> None:
    """One timestamped line to the release log (the helper's stdout)."""
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {line}", flush=True)


if __name__ == "__main__" and sys.argv[1:2] == ["release"]:
    release(Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
