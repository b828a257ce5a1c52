"""Settings × restart: every setting a learner saves in the window holds after a real restart.

The walk (``xvfb_support.walked_app``: the real app, its own process and embedded PostgreSQL,
xcb on Xvfb) saves every row of ``tests/settings_matrix.py`` in the real dialog with real clicks
and keys, after a restart of its own, and quits. Here a NEW process starts on that data
directory (``tests/window_driver.py settings``): the window shows (no safe start: nothing died),
dark colours are on screen, every setting reads what was saved (the API key back from the
keyring, masked), a file dialog opens in the folder used last before the restart, and the
process exits 0 with its embedded server stopped.

Dark mode crashed this start before the fix (memory corrupted while the window added its pages
under a dark palette). To add a setting, add a row to ``settings_matrix.py``.
"""

from __future__ import annotations

import json
import time

import pytest

from tests.settings_matrix import ROWS
from tests.window_driver import drive_app
from tests.xvfb_support import keyring_env, server_stopped

pytestmark = [pytest.mark.gui, pytest.mark.slow]
NO_API = "http://127.0.0.1:9"  # nothing is generated in this run


def test_every_setting_survives_a_restart(walked_app):
    saved = walked_app.second
    assert saved.returncode == 0 and "settings" in saved.steps, saved.lines
    started = time.monotonic()
    run = drive_app(
        walked_app.app_dir,
        NO_API,
        display=walked_app.display,
        script="settings",
        env_changes=keyring_env(walked_app.app_dir),
        log_name="restart.log",
    )
    where = f"{run.lines}\n{run.log[-3000:]}"
    assert run.returncode == 0, where
    assert "Traceback" not in run.log, where

    def said(word: str) -> str:
        hits = [x.split(" ", 1)[1] for x in run.lines if x.startswith(word + " ")]
        return hits[-1] if hits else ""

    assert said("SHOWN") == "true", where
    assert said("BANNER") == '""', where  # an ordinary start, not a safe one
    assert said("PALETTE") == "dark", where
    readings = {
        line.split(" ", 2)[1]: json.loads(line.split(" ", 2)[2])
        for line in run.lines
        if line.startswith("SETTING ")
    }
    assert readings == {row.name: row.shown(row.value) for row in ROWS}, where
    folder, _suggested = json.loads(said("DIALOG").split(" ", 1)[1])
    assert folder == str(walked_app.app_dir / "out"), where  # where the last file was chosen
    server_stopped(walked_app.app_dir / "data", stops=3)
    print(
        f"settings x restart: {len(ROWS)} settings read back in {time.monotonic() - started:.1f} s"
    )
