"""Drive the REAL app (``studyapp.gui.app.run``: its own QApplication, window, embedded
PostgreSQL, exit path) the way a learner does: QTest clicks and keys on the real widgets of the
real (xcb) window. Run as a separate process by the Xvfb smoke test and the quit benchmark:

    python tests/window_driver.py smoke|quit

It prints one line per milestone (``STEP name t``) and, just before pressing Ctrl+Q,
``QUIT <time.time()>``, so the caller can measure how long the process takes to be gone. Any
step that does not happen in time prints ``FAIL <step>`` and closes the window with code 3.
:func:`drive_app` (the caller's side) starts it against the fake Messages API and measures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget  # noqa: E402

from studyapp.config import AppConfig  # noqa: E402
from studyapp.gui.app import run  # noqa: E402
from studyapp.gui.goal.dialogs import MaterialDialog  # noqa: E402
from studyapp.gui.main_window import MainWindow  # noqa: E402
from studyapp.gui.window_parts import NewGoalDialog  # noqa: E402

MARKER = "Zebrafish"  # in the material: the fake API answers these requests, hangs on others
MATERIAL = (
    f"{MARKER} notes. The congestion window is a limit on how much unacknowledged data a TCP "
    "sender may have in flight. Slow start is the phase in which the congestion window doubles "
    "every round trip. Fast retransmit is a mechanism that resends a segment after three "
    "duplicate acknowledgements."
)
LEFT = Qt.MouseButton.LeftButton
Wait = Callable[[], bool]


def say(*words: object) -> None:
    print(*words, flush=True)


def dialog(kind: type) -> QWidget | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[-1] if found else None


def key(widget_key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key on whatever has the focus, as typed."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None, "nothing has the keyboard focus"
    QTest.keyClick(target, widget_key, modifier)


def click_row(view, index) -> None:
    view.scrollTo(index)
    rect = view.visualRect(index)
    QTest.mouseClick(view.viewport(), LEFT, pos=QPoint(rect.left() + 20, rect.center().y()))


class Script:
    """Runs a generator of waits: each ``yield condition`` resumes once it holds."""

    def __init__(self, window: MainWindow, steps: Callable[[MainWindow], Iterator[Wait]]):
        self.window = window
        self.steps = steps(window)
        self.waiting: Wait | None = None
        self.deadline = 0.0
        self.timer = QTimer(window)
        self.timer.setInterval(15)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        try:
            if self.waiting is not None and not self.waiting():
                if time.monotonic() > self.deadline:
                    code = getattr(self.waiting, "__code__", None)
                    where = f" ({code.co_filename}:{code.co_firstlineno})" if code else ""
                    raise TimeoutError(getattr(self.waiting, "__qualname__", "a step") + where)
                return
            self.waiting = next(self.steps)
            self.deadline = time.monotonic() + 60
        except StopIteration:
            self.timer.stop()
        except Exception as exc:  # report and leave, never hang the caller
            self.timer.stop()
            say("FAIL", type(exc).__name__, exc)
            QApplication.exit(3)


def smoke(window: MainWindow) -> Iterator[Wait]:
    """New goal → add material by the button → placeholder → cards → study three cards with the
    keyboard → a generation in flight → Ctrl+Q."""

    def ready() -> bool:
        return window.ctx is not None and window.pages.currentWidget() is window.empty_page

    yield ready
    window.activateWindow()
    yield window.isActiveWindow
    say("STEP ready", time.time())
    key(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    yield lambda: dialog(NewGoalDialog) is not None
    goal = dialog(NewGoalDialog)
    QTest.keyClicks(goal.title, "Understand TCP congestion control")
    QTest.keyClick(goal.title, Qt.Key.Key_Return)
    page = window.goal_page

    def tree_made() -> bool:
        model = page.tree_model
        return any(model.node_id_at(model.index(r, 0)) for r in range(model.rowCount()))

    yield tree_made
    say("STEP tree", time.time())
    QTest.mouseClick(page.material_button, LEFT)
    yield lambda: dialog(MaterialDialog) is not None
    material = dialog(MaterialDialog)
    QTest.keyClicks(material.text, MATERIAL)
    QTest.mouseClick(material.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
    assert page.deck_model.placeholder_rows(), "no placeholder after the click"
    say("STEP placeholder", time.time())
    yield lambda: page.deck_model.card_count() >= 3 and not page.deck_model.placeholder_rows()
    say("STEP cards", page.deck_model.card_count(), time.time())
    # A window manager gives the window back its focus when a dialog closes; Xvfb has none.
    window.activateWindow()
    yield window.isActiveWindow
    QTest.mouseClick(page.study_button, LEFT)
    study = window.study_page
    reviewed: list[int] = []
    study.review_recorded.connect(reviewed.append)
    yield lambda: study.current() is not None
    for n in range(3):
        shown = study.current().card_id
        key(Qt.Key.Key_Space)  # reveal
        key(Qt.Key.Key_3)  # Good
        yield lambda n=n: len(reviewed) > n
        yield lambda shown=shown: study.current() is None or study.current().card_id != shown
    say("STEP studied", len(reviewed), time.time())
    click_row(window.sidebar, window.goal_model.index(0, 0))
    yield lambda: window.pages.currentWidget() is page and page.snapshot is not None
    node = next(
        page.tree_model.index(r, 0)
        for r in range(page.tree_model.rowCount())
        if page.tree_model.node_id_at(page.tree_model.index(r, 0))
    )
    click_row(page.tree, node)
    QTest.mouseClick(page.generate_button, LEFT)

    def in_flight() -> bool:
        rows = page.deck_model.placeholder_rows()
        return bool(rows) and rows[-1].job.id > 0 and rows[-1].job.status == "processing"

    yield in_flight
    say("STEP in-flight", time.time())
    say("QUIT", time.time())
    key(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def settings(window: MainWindow) -> Iterator[Wait]:
    """The settings × restart matrix's learner (``tests/settings_matrix.py``): once the window
    is up, say how it looks and what every setting reads; then, if the plan says so, set each
    one with real input, save, and quit."""
    from studyapp.gui.theme import is_dark
    from tests.settings_matrix import DIALOGS, ROWS, edit

    plan = json.loads(os.environ.get("STUDYAPP_DRIVE_PLAN", "{}"))

    def ready() -> bool:
        return window.ctx is not None and window.pages.currentWidget() in (
            window.empty_page,
            window.goal_page,
        )

    yield ready
    say("STEP ready", time.time())
    say("SHOWN", json.dumps(window.isVisible()))
    say("PALETTE", "dark" if is_dark(QApplication.palette()) else "light")
    say("BANNER", json.dumps(window.banner.label.text() if window.banner.isVisible() else ""))
    wanted = plan.get("set", {})
    for name, where in DIALOGS.items():
        rows = [row for row in ROWS if row.dialog == name]
        dialog = yield from where.open(window)
        for row in rows:
            say("SETTING", row.name, json.dumps(row.read(dialog)))
        if wanted:
            yield from edit(dialog, rows, wanted)
            yield from where.save(dialog)
        else:
            dialog.reject()
    say("STEP saved", time.time())
    window.activateWindow()
    yield window.isActiveWindow
    say("QUIT", time.time())
    key(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


# -- the caller's side ------------------------------------------------------------------------


@dataclass
class DrivenRun:
    returncode: int
    lines: list[str]
    log: str
    quit_to_gone_s: float | None  # from the Ctrl+Q to the process reaped

    @property
    def steps(self) -> list[str]:
        return [line.split()[1] for line in self.lines if line.startswith("STEP")]


def hang_unless_marked(fake) -> None:  # type: ignore[no-untyped-def]
    """Make the fake API answer the skill tree and the material's cards (they carry MARKER) and
    never answer any other flashcard request: the quit then has an HTTP call in flight."""
    answer = fake.handle

    def handle(body, headers):  # type: ignore[no-untyped-def]
        wants_cards = body.get("tool_choice", {}).get("name") == "record_flashcards"
        if wants_cards and MARKER not in json.dumps(body):
            fake.release.wait(timeout=60)
            return 500, {}, b""
        return answer(body, headers)

    fake.handle = handle


def drive_app(
    workdir: Path,
    api_url: str,
    *,
    display: str | None,
    script: str = "smoke",
    env_changes: dict[str, str | None] | None = None,
    log_name: str = "app.log",
) -> DrivenRun:
    """Run the app with ``script`` in a child process (its own embedded PostgreSQL in
    ``workdir/data``; xcb on ``display``, else offscreen) and time its quit. ``env_changes``
    sets (or, with None, removes) variables of the child's environment."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("STUDYAPP_", "QT_", "ANTHROPIC_"))
    }
    env.update(
        QT_QPA_PLATFORM="xcb" if display else "offscreen",
        STUDYAPP_DATA_DIR=str(workdir / "data"),
        STUDYAPP_NO_KEYRING="1",
        ANTHROPIC_API_KEY="sk-ant-driven-app-key-0000",
        ANTHROPIC_BASE_URL=api_url,
        PYTHONPATH=str(ROOT),
    )
    for name, value in (env_changes or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    if display:
        env["DISPLAY"] = display
    log_path = workdir / log_name  # a file, not a pipe: a full pipe would stall the app
    lines: list[str] = []
    quit_at: list[float] = []
    with log_path.open("w") as log:
        app = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), script],
            env=env,
            cwd=workdir,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )

        def read() -> None:
            assert app.stdout is not None
            for line in app.stdout:
                lines.append(line.strip())
                if line.startswith("QUIT "):
                    quit_at.append(float(line.split()[1]))

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            app.wait(timeout=180)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
        gone = time.time()
        reader.join(5)
        assert app.stdout is not None
        app.stdout.close()
    took = gone - quit_at[0] if quit_at else None
    return DrivenRun(app.returncode, lines, log_path.read_text(), took)


def postgres_running(pgdata: Path) -> bool:
    import psutil

    pid_file = pgdata / "postmaster.pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text().split()[0])
    return psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE


def main() -> None:
    config = AppConfig.resolve()  # STUDYAPP_DATA_DIR: the caller's private embedded server
    scripts = {"smoke": smoke, "settings": settings}
    steps = scripts[sys.argv[1] if len(sys.argv) > 1 else "smoke"]
    alive: list[Script] = []  # a connection to a bound method does not keep its object
    run(config, drive=lambda window: alive.append(Script(window, steps)))


if __name__ == "__main__":
    main()
