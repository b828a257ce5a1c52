"""Small helpers shared by tests (kept out of conftest so they can be imported explicitly)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg

from studyapp.db import urls

if TYPE_CHECKING:
    from studyapp.db.database import Database


ROOT = Path(__file__).resolve().parent.parent  # the checkout the drivers import


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m studyapp ARGS`` in a subprocess, as a user would."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "studyapp", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        input=input,
    )


def run_cli_here(
    *args: str, env: dict[str, str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The CLI run in this process (``studyapp.cli.main``), with ``env`` set and stdin, stdout
    and stderr captured, returning what :func:`run_cli` would. A subprocess costs a second of
    interpreter start and imports; this is for the many exit-code and message checks whose
    subject is a command's logic. Each command group keeps tests through :func:`run_cli`, the
    real process. Give the database with ``--database-url`` or ``STUDYAPP_DATABASE_URL``: an
    embedded server started here would outlive the call."""
    import contextlib
    import gc
    import io

    from studyapp.cli import main

    saved = dict(os.environ)
    out, err = io.StringIO(), io.StringIO()
    os.environ.update(env or {})
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(input or "")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdin = old_stdin
        os.environ.clear()
        os.environ.update(saved)
        gc.unfreeze()  # main() freezes the heap for a fast exit; this process goes on
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def admin_url(url: str) -> str:
    """The same server's maintenance database, for CREATE/DROP DATABASE."""
    return urls.with_dbname(url, "postgres")


@contextmanager
def scratch_database(server_url: str) -> Iterator[str]:
    """A brand-new empty database on the test server, dropped afterwards."""
    name = f"scratch_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url(server_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urls.with_dbname(server_url, name)
    finally:
        with psycopg.connect(admin_url(server_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def embedded_ids(db: Database, profile_id: int, goal_id: int) -> list[int]:
    """The card ids the database's vector store holds for the goal, read as they are: no
    resync first (a search would repair a store that missed cards, hiding the miss)."""
    from studyapp.vectors.sync import store_for

    return sorted(store_for(db).card_id_list(profile_id, goal_id))


def live_card_ids(db: Database, goal_id: int) -> list[int]:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return list(
            conn.execute(
                text("SELECT id FROM cards WHERE goal_id = :g AND NOT archived ORDER BY id"),
                {"g": goal_id},
            ).scalars()
        )


def wait_for(
    condition: Callable[[], bool],
    timeout: float,
    what: str,
    *,
    outage_is_false: bool = False,
) -> None:
    """Poll ``condition`` until it holds, for conditions with no signal to wait on (another
    process, a database row). ``outage_is_false``: a ``DatabaseUnavailable`` from the
    condition (the database is away on purpose) counts as not yet."""
    from studyapp.errors import DatabaseUnavailable

    deadline = time.monotonic() + timeout
    while True:
        try:
            if condition():
                return
        except DatabaseUnavailable:
            if not outage_is_false:
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.02)


def run_driver(
    driver: Path, args: Sequence[str], workdir: Path, timeout: float, **env: str
) -> tuple[int, list[str], str]:
    """Run the real app in a new process with one of the test drivers (``tests/*_driver.py``):
    offscreen, no keyring, this checkout first on the path, none of the caller's ``STUDYAPP_``,
    ``QT_`` or ``ANTHROPIC_`` settings, plus ``env``. Returns (exit code, its stdout lines, its
    stderr log, kept as ``<first arg>.log`` in ``workdir``)."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("STUDYAPP_", "QT_", "ANTHROPIC_"))
    }
    clean.update(
        QT_QPA_PLATFORM="offscreen",
        STUDYAPP_DATA_DIR=str(workdir / "data"),
        STUDYAPP_NO_KEYRING="1",
        PYTHONPATH=str(ROOT),
        **env,
    )
    log = workdir / f"{args[0]}.log"
    with log.open("w") as err:
        done = subprocess.run(
            [sys.executable, str(driver), *args],
            env=clean,
            cwd=workdir,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            timeout=timeout,
            check=False,
        )
    return done.returncode, done.stdout.splitlines(), log.read_text()
