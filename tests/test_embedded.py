"""The default database: an embedded server in the data directory, shared, stopped by the last user."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.helpers import run_cli

pytestmark = pytest.mark.slow


def test_embedded_server_is_created_shared_and_stopped() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="sa-emb-"))
    env = {"STUDYAPP_DATA_DIR": str(data_dir), "STUDYAPP_DATABASE_URL": ""}
    # A long-lived second process (like the window while a worker runs) holds the server.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from studyapp.db import embedded; "
            "embedded.start(Path(sys.argv[1])); print('up', flush=True); sys.stdin.read()",
            str(data_dir),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "up"
        pid_file = data_dir / "pgdata" / "postmaster.pid"
        assert pid_file.exists()
        first = run_cli("db", "info", "--json", env=env)
        assert first.returncode == 0, first.stderr
        info = json.loads(first.stdout)
        assert info["embedded"] is True and info["profile"] == "default"
        assert str(data_dir) in info["database"]
        # The CLI exited, but the holder still uses the server: it must still run.
        assert pid_file.exists()
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)
        assert holder.stdout is not None
        holder.stdout.close()
    # The last user left: the server was stopped cleanly.
    assert not (data_dir / "pgdata" / "postmaster.pid").exists()
    # And it comes back with the data intact.
    again = run_cli("--profile", "second", "db", "info", "--json", env=env)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["schema"] == info["schema"]
