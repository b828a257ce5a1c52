"""The real app on a real X server (Xvfb, the xcb platform), driven with real input events on
its real window: new goal → add material by the button → placeholders → cards → study three
cards with the keyboard → a generation in flight → Ctrl+Q. The process must be gone within one
second of the quit and leave no embedded PostgreSQL running.

The generator is Claude through the official SDK against the fake Messages API, which answers
the tree and the material's cards and never answers the last generation: the quit happens with
an HTTP call in flight, as a learner's would. (``tests/window_driver.py`` is the learner.)
"""

from __future__ import annotations

import pytest

from tests.fake_anthropic import serve
from tests.window_driver import drive_app, hang_unless_marked
from tests.xvfb_support import server_stopped

pytestmark = [pytest.mark.gui, pytest.mark.slow]
QUIT_BUDGET_S = 1.0


def test_learner_path_in_the_real_window_and_a_prompt_quit(xvfb, app_dir):
    with serve() as fake:
        hang_unless_marked(fake)
        run = drive_app(app_dir, fake.url, display=xvfb)
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
    server_stopped(app_dir / "data")
