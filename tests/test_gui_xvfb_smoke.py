"""The real app on a real X server (Xvfb, the xcb platform), driven with real input events on
its real window (``tests/window_driver.py`` is the learner; ``xvfb_support.walked_app`` runs it):

1. new goal → add material by the button → placeholders → cards → study three cards with the
   keyboard → a generation in flight → Ctrl+Q. The process must be gone within one second of
   the quit and leave no embedded PostgreSQL running.
2. a restart (a new process on the same data directory): the goal and its cards are there, and
   every action of the menu bar is used once through the menu (import a CSV, export, back up,
   open and close every dialog, study and undo, every page), ending with File → Quit.

The generator is Claude through the official SDK against the fake Messages API, which answers
the tree and the material's cards and never answers the last generation: the quit happens with
an HTTP call in flight, as a learner's would.
"""

from __future__ import annotations

import json
import zipfile

import pytest

from tests.xvfb_support import server_stopped

pytestmark = [pytest.mark.gui, pytest.mark.slow]
QUIT_BUDGET_S = 1.0


def test_learner_path_in_the_real_window_and_a_prompt_quit(walked_app):
    run = walked_app.first
    assert run.steps == ["ready", "tree", "placeholder", "cards", "studied", "in-flight"], (
        f"{run.lines}\n{run.log[-3000:]}"
    )
    assert run.returncode == 0, run.log[-3000:]
    assert "STEP studied 3" in " ".join(run.lines)
    assert "Traceback" not in run.log, run.log[-3000:]
    assert run.quit_to_gone_s is not None
    print(f"quit with a generation in flight -> process gone: {run.quit_to_gone_s:.3f} s")
    assert run.quit_to_gone_s <= QUIT_BUDGET_S, (
        f"the process took {run.quit_to_gone_s:.2f} s to exit after the quit"
    )
    # The server's shutdown checkpoint is left to a detached helper: it must be down shortly,
    # and no handle of ours left behind.
    assert walked_app.first_stop == ""


def test_every_menu_action_once_after_a_restart(walked_app):
    walk = walked_app.second
    where = f"{walk.lines}\n{walk.log[-3000:]}"
    assert walk.returncode == 0, where
    assert "Traceback" not in walk.log, where

    def said(word: str):
        return json.loads(next(x for x in walk.lines if x.startswith(word + " ")).split(" ", 1)[1])

    assert walk.steps[0] == "restarted" and int(walk.lines[0].split()[2]) >= 3, where
    assert sorted(said("VISITED")) == sorted(said("ACTIONS")), where  # every action, once
    out = walked_app.app_dir / "out"
    assert (out / "walk.apkg").stat().st_size > 0
    with zipfile.ZipFile(out / "walk.zip") as backup:  # backup format 3: JSON and media
        assert '"goals"' in backup.read("backup.json").decode()
    dialogs = {
        x.split()[1]: json.loads(x.split(" ", 2)[2]) for x in walk.lines if x.startswith("DIALOG ")
    }
    decks = str(walked_app.app_dir / "decks")
    # The export opened where the import had just been, named after the goal.
    assert dialogs["export"] == [decks, "Understand TCP congestion control.apkg"], where
    server_stopped(walked_app.app_dir / "data", stops=2)
