"""Settings × restart: every setting a learner saves in the window holds after a real restart.

Three runs of the real app (``gui/app.run``: its own process, its own embedded PostgreSQL, xcb on
Xvfb), each driven by ``tests/window_driver.py settings`` with real clicks and keys on the real
Settings dialog (the rows are ``tests/settings_matrix.py``; add a setting there):

1. a fresh data directory: every setting is saved at its first value, then Ctrl+Q;
2. a NEW process: the window shows, every setting reads its first value (dark colours on
   screen, the key back from the keyring); every setting is saved at its second value;
3. a third process: every setting reads its second value (light colours).

After each run the process exited 0 and its embedded server is stopped, no handle left. Dark
mode crashed the second start (memory corrupted while the window added its pages under a dark
palette) before the fix. All settings are batched into one dialog per run: a start costs
seconds, a row costs a few keystrokes.
"""

from __future__ import annotations

import json
import time

import pytest

from tests.settings_matrix import ROWS
from tests.window_driver import drive_app
from tests.xvfb_support import server_stopped

pytestmark = [pytest.mark.gui, pytest.mark.slow]
NO_API = "http://127.0.0.1:9"  # nothing is generated in these runs


def readings(lines: list[str]) -> dict[str, object]:
    found = {}
    for line in lines:
        if line.startswith("SETTING "):
            _, name, value = line.split(" ", 2)
            found[name] = json.loads(value)
    return found


def said(lines: list[str], word: str) -> str:
    hits = [line.split(" ", 1)[1] for line in lines if line.startswith(word + " ")]
    return hits[-1] if hits else ""


def test_every_setting_survives_a_restart(xvfb, app_dir):
    env = {
        "ANTHROPIC_API_KEY": None,  # the key comes from the keyring the dialog stored it in
        "STUDYAPP_NO_KEYRING": None,
        "PYTHON_KEYRING_BACKEND": "tests.file_keyring.FileKeyring",
        "STUDYAPP_TEST_KEYRING_FILE": str(app_dir / "keyring.json"),
    }
    plans = [
        {"set": {row.name: row.values[0] for row in ROWS}},
        {"set": {row.name: row.values[1] for row in ROWS}},
        {},
    ]
    expected: list[dict[str, object] | None] = [
        None,  # a fresh start: whatever the defaults are
        {row.name: row.shown(row.values[0]) for row in ROWS},
        {row.name: row.shown(row.values[1]) for row in ROWS},
    ]
    palettes = [None, "dark", "light"]
    started = time.monotonic()
    for number, (plan, wanted, palette) in enumerate(
        zip(plans, expected, palettes, strict=True), 1
    ):
        run = drive_app(
            app_dir,
            NO_API,
            display=xvfb,
            script="settings",
            env_changes={**env, "STUDYAPP_DRIVE_PLAN": json.dumps(plan)},
            log_name=f"run{number}.log",
        )
        where = f"run {number}: {run.lines}\n{run.log[-3000:]}"
        assert run.returncode == 0, where
        assert "Traceback" not in run.log, where
        assert said(run.lines, "SHOWN") == "true", where
        assert said(run.lines, "BANNER") == '""', where  # no safe start: nothing died
        if wanted is not None:
            assert readings(run.lines) == wanted, where
            assert said(run.lines, "PALETTE") == palette, where
        assert "saved" in run.steps, where
        server_stopped(app_dir / "data", stops=number)
    print(
        f"settings x restart matrix: 3 starts, {len(ROWS)} settings, "
        f"{time.monotonic() - started:.1f} s"
    )
