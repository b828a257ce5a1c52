"""The CLI's contract for the foundation: bad databases give one clear line and exit 2."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import psycopg.conninfo
import pytest

from studyapp.db import embedded
from studyapp.errors import DatabaseUnavailable
from tests.helpers import run_cli


def assert_one_clear_line(result, *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_db_info_on_server(pg_server_url: str, db) -> None:
    result = run_cli("--database-url", pg_server_url, "--profile", "alice", "db", "info", "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["profile"] == "alice"
    assert info["schema"] == info["schema_head"]
    assert info["embedded"] is False


def test_malformed_url() -> None:
    result = run_cli("--database-url", "postgresql://me@host:port/db", "db", "info")
    assert_one_clear_line(result, "malformed", "postgresql://")


def test_unreachable_server() -> None:
    result = run_cli("--database-url", "postgresql://me@127.0.0.1:1/db", "db", "info")
    assert_one_clear_line(
        result, "postgresql://me@127.0.0.1:1/db", "is the PostgreSQL server running"
    )


def test_refused_login(pg_server_url: str) -> None:
    params = psycopg.conninfo.conninfo_to_dict(pg_server_url)
    params["user"] = "no_such_role_here"
    bad = psycopg.conninfo.make_conninfo(**params)
    result = run_cli("--database-url", bad, "db", "info")
    assert_one_clear_line(result, "no_such_role_here", "user does not exist")


def test_password_never_printed() -> None:
    result = run_cli("--database-url", "postgresql://me:s3cret@127.0.0.1:1/db", "db", "info")
    assert_one_clear_line(result, "me:***@")
    assert "s3cret" not in result.stderr


def test_env_variable_selects_database(pg_server_url: str, db) -> None:
    result = run_cli("db", "info", "--json", env={"STUDYAPP_DATABASE_URL": pg_server_url})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["profile"] == "default"


def test_unwritable_data_dir() -> None:
    result = run_cli(
        "db", "info", env={"STUDYAPP_DATA_DIR": "/proc/studyapp-data", "STUDYAPP_DATABASE_URL": ""}
    )
    assert_one_clear_line(result, "/proc/studyapp-data", "not writable")


def test_full_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(embedded.os, "fsync", full)
    with pytest.raises(DatabaseUnavailable, match="is full"):
        embedded.start(tmp_path)


def test_no_display_is_explained() -> None:
    env = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    result = run_cli("--database-url", "postgresql://me@127.0.0.1:1/db", env=env)
    assert_one_clear_line(result, "no display")
