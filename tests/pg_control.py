"""A PostgreSQL server of the test's own, which the test may stop and start again.

Outage tests must never touch the shared server (other suites use it), so they run initdb and
pg_ctl (the binaries bundled with pgserver, so nothing but the Python packages is needed) in a
temporary directory, listening on a free TCP port of 127.0.0.1. ``stop()`` is a fast shutdown
(what an operator or a crash-restarting service does); ``start()`` comes back at the same
address. PostgreSQL refuses to run as root, so under root the commands run as the ``pgserver``
system user that pgserver itself creates.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pgserver
import pytest
from pgserver.utils import ensure_user_exists

if TYPE_CHECKING:
    from studyapp.db.database import Database

BIN = Path(pgserver.__file__).parent / "pginstall" / "bin"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class OwnPostgres:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="sa-own-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.user: str | None = None
        if os.geteuid() == 0:
            entry = ensure_user_exists("pgserver")
            assert entry is not None
            self.user = "pgserver"
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self._run(BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "utf8")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: object) -> None:
        subprocess.run(
            [str(a) for a in args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            user=self.user,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-p {self.port} -h 127.0.0.1 -k {self.root} -c fsync=off"
        self._run(
            BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.root / "log", "-w", "start"
        )

    def stop(self) -> None:
        """Fast shutdown: sessions are terminated, the server is gone until :meth:`start`."""
        self._run(BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def destroy(self) -> None:
        if self.running():
            self._run(BIN / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def own_pg() -> Iterator[OwnPostgres]:
    """A private server for the session (made once: initdb and a start cost seconds; every
    test gets it emptied and running through ``own_db``), migrated, with the engine tests'
    effect table."""
    from sqlalchemy import text

    from studyapp.db.database import Database
    from studyapp.db.migrate import upgrade
    from tests.job_handlers import EFFECTS_DDL

    server = OwnPostgres()
    server.start()
    db = Database(server.url)
    upgrade(db)
    with db.engine.begin() as conn:
        conn.execute(text(EFFECTS_DDL))
    db.dispose()
    yield server
    server.destroy()


@pytest.fixture
def own_db(own_pg: OwnPostgres) -> Iterator[Database]:
    """The private server's database, running and emptied."""
    from sqlalchemy import text

    from studyapp.db.database import Database

    if not own_pg.running():
        own_pg.start()
    db = Database(own_pg.url)
    with db.engine.begin() as conn:
        conn.execute(
            text("TRUNCATE jobs, job_submissions, workers, test_effects, profiles CASCADE")
        )
    yield db
    db.dispose()
