"""Shared fixtures: one real PostgreSQL per test session, a clean schema state per test.

By default the server is an embedded one (pgserver) in a temporary directory, like the app's own.
``STUDYAPP_TEST_DATABASE_URL`` points the suite at a server instead (CI runs both): a fresh database
``studyapp_test_<pid>`` is created there and dropped at the end. Tests are isolated by truncating
every table before each test: cheap at this size, and unlike a rolled-back transaction it also
works for tests whose worker processes need committed rows.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from studyapp.db import urls
from studyapp.db.database import Database
from studyapp.db.migrate import upgrade
from studyapp.db.models import Base
from studyapp.services.profiles import ProfileInfo, ensure_profile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config: pytest.Config) -> None:
    """Each session gets its own temp root. pytest's default (/tmp/pytest-of-<user>) is shared
    by every session of the user and reset to 0700 when one starts; as root, the embedded
    PostgreSQL runs as pgserver's own user, which must walk to its data directory under a
    test's tmp_path, so a second session starting meanwhile made the first one's server
    unreachable (`pg_ctl: could not access directory … Permission denied`)."""
    if config.option.basetemp is None and not hasattr(config, "workerinput"):
        config.option.basetemp = tempfile.mkdtemp(prefix="sa-pytest-")
        config._studyapp_own_basetemp = config.option.basetemp  # type: ignore[attr-defined]


def pytest_unconfigure(config: pytest.Config) -> None:
    own = getattr(config, "_studyapp_own_basetemp", None)
    if own:
        import shutil

        shutil.rmtree(own, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A libpq URL of a database that this test session owns."""
    server = os.environ.get("STUDYAPP_TEST_DATABASE_URL")
    if server:
        server = urls.normalize(server)
        name = f"studyapp_test_{os.getpid()}"
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        yield urls.with_dbname(server, name)
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    from studyapp.db import embedded

    # Short path: the unix socket path must stay under ~100 bytes.
    data_dir = Path(tempfile.mkdtemp(prefix="sa-test-"))
    yield embedded.start(data_dir, cleanup_mode="delete")


@pytest.fixture(scope="session")
def migrated_database(pg_server_url: str) -> Iterator[Database]:
    database = Database(pg_server_url)
    upgrade(database)
    yield database
    database.dispose()


TABLES = ", ".join(table.name for table in Base.metadata.sorted_tables)


@pytest.fixture
def db(migrated_database: Database) -> Database:
    """The session's database, emptied: every test starts from a freshly migrated state."""
    with migrated_database.engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE")
    return migrated_database


@pytest.fixture
def profile(db: Database) -> ProfileInfo:
    return ensure_profile(db, "default")


@pytest.fixture
def other_profile(db: Database) -> ProfileInfo:
    return ensure_profile(db, "other")


@pytest.fixture(autouse=True)
def _no_acting_profile() -> Iterator[None]:
    """Whom this process's own API key pays for is process state (the CLI's ``--profile``, the
    window's profile): each test starts and ends without one."""
    from studyapp.generation import paying_keys

    paying_keys.act_for(None)
    yield
    paying_keys.act_for(None)


@pytest.fixture(autouse=True)
def _private_vectors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's vector store under its own tmp dir. The default store of a server database
    is in the user's data directory, and the embedded test server's is shared by every test of
    the session, whose card ids restart at 1 after each truncation: a store left by one test
    would answer another's searches."""
    monkeypatch.setenv("STUDYAPP_VECTORS_DIR", str(tmp_path / "vectors"))


@pytest.fixture
def media_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Card media folders under the test's tmp dir, never the user's data directory."""
    root = tmp_path / "media-root"
    monkeypatch.setenv("STUDYAPP_MEDIA_DIR", str(root))
    return root


@pytest.fixture
def effects(db: Database) -> Database:
    """The job-engine tests' effect table (see tests/job_handlers.py), created and emptied."""
    from sqlalchemy import text

    from tests.job_handlers import EFFECTS_DDL

    with db.engine.begin() as conn:
        conn.execute(text(EFFECTS_DDL))
        conn.execute(text("TRUNCATE test_effects"))
    return db


@pytest.fixture
def clock():
    """A clock the test moves by hand (the job store reads ``now`` from it)."""
    from studyapp.jobs.clock import FakeClock

    return FakeClock()


@pytest.fixture(autouse=True)
def _background_embeds_done():
    """An import embeds its cards on a background thread after it commits; the test waits for it
    (the next test truncates the tables and moves the vector store)."""
    yield
    import sys

    if "studyapp.services.card_vectors" in sys.modules:
        from studyapp.services.card_vectors import wait_for_background

        assert wait_for_background(60), "a background embedding was still running"


@pytest.fixture(autouse=True)
def _no_leaked_pool_work(request: pytest.FixtureRequest):
    """A GUI test must not leave work running on the global thread pool (a query still in
    flight would touch a torn-down database or a deleted widget)."""
    yield
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        return
    from PySide6.QtCore import QThreadPool

    pool = QThreadPool.globalInstance()
    assert pool.waitForDone(10_000), "work was still running on the global QThreadPool"
    assert pool.activeThreadCount() == 0


@pytest.fixture(autouse=True)
def _no_leaked_compute_pool():
    """A test that installed compute processes (the window's, handlers/compute.py) must have
    taken them down: the next test's steps would otherwise go to a pool that is gone."""
    yield
    import sys

    compute = sys.modules.get("studyapp.handlers.compute")
    if compute is not None and compute.installed() is not None:
        # Taken down before failing, so that one test's leak fails that test alone and not
        # every later one (a leaked pool once turned one flaky test into 1,100 errors).
        leaked = compute.install(None)
        if leaked is not None:
            leaked.shutdown()
        pytest.fail("a compute pool was left installed")


# A private PostgreSQL that outage tests may stop and start (never the shared one).
# The generation tests' provider, registry and runner (tests/gen_support.py).
from tests.gen_support import offline_provider, registry, runner, vectors_dir  # noqa: E402, F401
from tests.pg_control import own_db, own_pg  # noqa: E402, F401

# The real app on a private Xvfb, in a directory its embedded server can use (xvfb_support.py).
from tests.xvfb_support import app_dir, walked_app, xvfb  # noqa: E402, F401


@pytest.fixture
def main_window(qtbot, db, profile, pg_server_url, tmp_path, monkeypatch):
    """The real main window on the test database, no job runner, no listener; after the test it
    is shut down and must have left no timer running and no pool work. (Qt is imported here, not
    at the top: the non-GUI tests never load it.)"""
    from PySide6.QtCore import QThreadPool, QTimer

    from studyapp.config import AppConfig
    from studyapp.gui import theme
    from studyapp.gui.main_window import MainWindow

    monkeypatch.setenv("STUDYAPP_VECTORS_DIR", str(tmp_path / "vectors"))
    made = MainWindow(
        AppConfig(data_dir=tmp_path, database_url=pg_server_url), run_jobs=False, listen=False
    )
    qtbot.addWidget(made)
    made.show()
    yield made
    made.shutdown()
    active = [t for t in made.findChildren(QTimer) if t.isActive()]
    assert active == [], [t.objectName() for t in active]
    assert QThreadPool.globalInstance().waitForDone(10_000)
    theme.controller().set_appearance("light")
