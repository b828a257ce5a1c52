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

import shiboken6  # noqa: E402
from PySide6.QtCore import QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QWidget  # noqa: E402

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
            screen = QApplication.primaryScreen()  # what was on screen, for the caller to see
            if screen is not None:
                screen.grabWindow(0).save("fail.png")
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


def choose(window: MainWindow, name: str) -> Iterator[Wait]:
    """Open the menu holding action ``name`` with a click on the menu bar, click the item."""
    action = window.menus[name]
    popup = next(m for m in window.menus.menus.values() if action in m.actions())
    bar = window.menuBar()
    window.activateWindow()
    yield window.isActiveWindow
    QTest.mouseClick(bar, LEFT, pos=bar.actionGeometry(popup.menuAction()).center())
    yield popup.isVisible
    assert action.isEnabled(), f"{name} is disabled"
    QTest.mouseClick(popup, LEFT, pos=popup.actionGeometry(action).center())
    yield lambda: not popup.isVisible()


def close_dialog(kind: type) -> Iterator[Wait]:
    """Wait for a dialog of ``kind`` and close it as Esc would."""
    yield lambda: dialog(kind) is not None
    found = dialog(kind)
    found.reject()
    yield lambda: not shiboken6.isValid(found) or not found.isVisible()  # (deleted on close)


def pick_file(path: Path, *, tell: str = "") -> Iterator[Wait]:
    """In the file dialog that opened: say where it opened (and what it suggests), then choose
    ``path`` with its Open / Save button (or cancel, for ``path`` None)."""
    from PySide6.QtWidgets import QFileDialog

    yield lambda: dialog(QFileDialog) is not None
    chooser = dialog(QFileDialog)
    if tell:
        suggested = Path(chooser.selectedFiles()[0]).name if chooser.selectedFiles() else ""
        say("DIALOG", tell, json.dumps([chooser.directory().absolutePath(), suggested]))
    if path is None:
        chooser.reject()
    else:
        # As a learner would: the filter that shows this kind of file, then its path typed
        # into "File name".
        fitting = [f for f in chooser.nameFilters() if f"*{path.suffix}" in f]
        if fitting:
            chooser.selectNameFilter(fitting[0])
        name_edit = chooser.findChild(QLineEdit, "fileNameEdit")
        name_edit.setFocus()
        QTest.keyClick(name_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(name_edit, str(path))
        box = chooser.findChild(QDialogButtonBox)
        standard = QDialogButtonBox.StandardButton
        button = box.button(standard.Open) or box.button(standard.Save)
        yield button.isEnabled
        QTest.mouseClick(button, LEFT)
        clicked = [time.monotonic()]
        first = [clicked[0]]
        forced = [False]
        tries = [0]

        def closed() -> bool:
            """Under load the file name's completer can pop up late (the folder's model fills
            in a thread), with a stale match such as walk.apkg for walk.zip, and take the
            click, as a popup takes the next click for a learner too: close it and click
            Save again, as they would. A popup that took the click and closed itself before
            this looked leaves the dialog open with nothing in the way: after two seconds,
            click again. "Replace the file?" (the walk's second run saves to the file its
            first run wrote) is answered Yes, as the learner who chose that name would."""
            from PySide6.QtWidgets import QMessageBox

            if not shiboken6.isValid(chooser) or not chooser.isVisible():
                return True
            asked = [m for m in chooser.findChildren(QMessageBox) if m.isVisible()]
            if asked:
                yes = asked[0].button(QMessageBox.StandardButton.Yes)
                if yes is not None:
                    QTest.mouseClick(yes, LEFT)
                return False
            completer = name_edit.completer()
            if completer is not None and completer.popup().isVisible():
                completer.popup().hide()
                QTest.mouseClick(button, LEFT)
                clicked[0] = time.monotonic()
            elif time.monotonic() - first[0] > 10 and not forced[0]:
                # Still open after ten seconds of real clicks and Enter (CI saw the import
                # dialog stay open for 60 s, the file there): say what "File name" holds,
                # then choose the file through the dialog's own selection and accept, which
                # checks the file as a click would; a missing file still keeps it open.
                forced[0] = True
                say("NOTE", "dialog still open", json.dumps([name_edit.text(), path.exists()]))
                chooser.selectFile(str(path))
                chooser.accept()
            elif time.monotonic() - clicked[0] > 2 and button.isEnabled():
                # Alternately the button and Enter in "File name" (CI once saw the import
                # dialog stay open through 30 clicks of Open under load).
                tries[0] += 1
                if tries[0] % 2:
                    name_edit.setFocus()
                    QTest.keyClick(name_edit, Qt.Key.Key_Return)
                else:
                    QTest.mouseClick(button, LEFT)
                clicked[0] = time.monotonic()
            return False

        yield closed
        return
    yield lambda: not shiboken6.isValid(chooser) or not chooser.isVisible()


def menus(window: MainWindow) -> Iterator[Wait]:
    """After a restart: what the first run made is there; then every action of the menu bar,
    once, through the menu (each dialog it opens is used or closed), and File → Quit."""
    from PySide6.QtWidgets import QMessageBox

    from studyapp.gui.archived_goals import ArchivedGoalsDialog
    from studyapp.gui.card_editor import CardEditor
    from studyapp.gui.card_info import CardInfoDialog
    from studyapp.gui.file_actions import ImportDialog
    from studyapp.gui.menus import ShortcutsDialog
    from studyapp.gui.move_dialog import MoveDialog
    from studyapp.gui.settings_dialog import SettingsDialog
    from studyapp.gui.tags_dialog import TagsDialog
    from studyapp.gui.text_dialog import TextDialog
    from studyapp.gui.window_parts import GOAL_ID_ROLE
    from tests.settings_matrix import DIALOGS, ROWS, edit

    plan = json.loads(os.environ.get("STUDYAPP_DRIVE_PLAN", "{}"))

    def save_rows(opened, where: str) -> Iterator[Wait]:  # type: ignore[no-untyped-def]
        """Every matrix row of this dialog set to its value with real input, then saved."""
        rows = [row for row in ROWS if row.dialog == where]
        yield from edit(opened, rows, {row.name: row.value for row in rows})
        yield from DIALOGS[where].save(opened)

    def ready() -> bool:
        page = window.goal_page
        return (
            page is not None
            and window.pages.currentWidget() is page
            and page.snapshot is not None
            and page.deck_model.card_count() >= 3
        )

    yield ready
    page = window.goal_page
    say("STEP restarted", page.deck_model.card_count(), time.time())
    names = list(window.menus.actions)
    say("ACTIONS", json.dumps(names))
    message = window.statusBar().currentMessage
    visited: list[str] = []

    def on_goal() -> Iterator[Wait]:
        if window.pages.currentWidget() is not page:
            click_row(window.sidebar, window.goal_model.index(0, 0))
            yield lambda: window.pages.currentWidget() is page and page.snapshot is not None

    def study_then_leave(name: str) -> Iterator[Wait]:
        study = window.study_page
        yield from choose(window, name)
        yield (
            lambda: (
                window.pages.currentWidget() is study
                and (study.current() is not None or study.stack.currentWidget() is study.empty_page)
            )
        )
        key(Qt.Key.Key_Escape)
        yield lambda: window.pages.currentWidget() is not study

    def step(name: str) -> Iterator[Wait]:
        yield from on_goal()
        if name == "new-goal":
            yield from choose(window, name)
            yield from close_dialog(NewGoalDialog)
        elif name == "add-material":
            yield from choose(window, name)
            yield from close_dialog(MaterialDialog)
        elif name == "import":
            yield from choose(window, name)
            yield from pick_file(Path(plan["csv"]), tell="import")
            yield lambda: dialog(ImportDialog) is not None
            ok = dialog(ImportDialog).buttons.button(QDialogButtonBox.StandardButton.Ok)
            QTest.mouseClick(ok, LEFT)
            yield lambda: message().startswith("Imported")
        elif name == "export":
            yield from choose(window, name)
            yield from pick_file(Path(plan["export"]), tell="export")
            yield lambda: message().startswith("Exported")
        elif name == "backup":
            yield from choose(window, name)
            yield from pick_file(Path(plan["backup"]), tell="backup")
            yield lambda: message().startswith("Backed up")
        elif name == "restore":  # opened and cancelled: restoring is another walk's
            yield from choose(window, name)
            yield from pick_file(None, tell="restore")
        elif name == "settings":  # the matrix's rows are saved here, in the real dialog
            yield from choose(window, name)
            yield lambda: dialog(SettingsDialog) is not None
            opened = dialog(SettingsDialog)
            save = opened.buttons.button(QDialogButtonBox.StandardButton.Save)
            yield lambda: save.isEnabled() and opened.key_label.text() != "checking\u2026"
            yield from save_rows(opened, "settings")
        elif name == "add-card":
            yield from choose(window, name)
            yield from close_dialog(CardEditor)
        elif name == "move-cards":
            click_row(page.deck, page.deck_model.index(0, 0))
            yield lambda: bool(page.deck.selectionModel().selectedRows())
            yield from choose(window, name)
            yield from close_dialog(MoveDialog)
        elif name == "find":
            yield from choose(window, name)
            yield page.search.hasFocus
        elif name == "undo-review":  # on the study page, after a review
            study = window.study_page
            yield from choose(window, "study")
            visited.append("study")
            yield lambda: study.current() is not None
            key(Qt.Key.Key_Space)
            shown = study.current().card_id
            key(Qt.Key.Key_3)
            yield lambda: study.current() is not None and study.current().card_id != shown
            yield from choose(window, name)
            yield lambda: study.study_view.status_label.text() == "Undid the last review."
            key(Qt.Key.Key_Escape)
            yield lambda: window.pages.currentWidget() is not study
        elif name in ("study", "quiz", "study-all"):
            yield from study_then_leave(name)
        elif name in ("browser", "jobs", "stats"):
            pages = {"browser": window.browser_page, "jobs": window.jobs_page}
            target = pages.get(name, window.stats_page)
            yield from choose(window, name)
            yield lambda: window.pages.currentWidget() is target
        elif name in ("card-info", "bury-card", "suspend-card"):  # on the card being studied
            study = window.study_page
            yield from choose(window, "study")
            yield lambda: study.current() is not None
            shown = study.current().card_id
            yield from choose(window, name)
            if name == "card-info":
                yield from close_dialog(CardInfoDialog)
            else:  # the card leaves the session
                yield lambda: study.current() is None or study.current().card_id != shown
            key(Qt.Key.Key_Escape)
            yield lambda: window.pages.currentWidget() is not study
        elif name == "tag-cards":  # on the browser's selected card
            browser = window.browser_page
            yield from choose(window, "browser")
            yield lambda: window.pages.currentWidget() is browser and browser.model.rowCount() > 0

            def first_row_selected() -> bool:
                """Click the first row once it is laid out on screen (a search that lands
                meanwhile resets the table, so click again until a row stays selected)."""
                table = browser.table
                if table.selectionModel().selectedRows():
                    return True
                rect = table.visualRect(browser.model.index(0, 0))
                if rect.isValid() and table.viewport().rect().contains(rect.center()):
                    click_row(table, browser.model.index(0, 0))
                return False

            yield first_row_selected
            yield from choose(window, name)
            yield from close_dialog(TagsDialog)
        elif name == "rename-goal":  # asked for the new name, and cancelled
            yield from choose(window, name)
            yield from close_dialog(TextDialog)
        elif name == "delete-goal":  # asked first, and cancelled: the goal stays
            yield from choose(window, name)
            yield from close_dialog(QMessageBox)
        elif name in ("goal-up", "goal-down"):
            yield from choose(window, name)
            shown = page.goal_id
            yield lambda: window.goal_model.rowCount() > 0 and window.goal_page.goal_id == shown
        elif name == "archive-goal":  # archived, then brought back from Archived goals…
            shown = page.goal_id

            def listed() -> bool:
                model = window.goal_model
                return any(
                    model.index(row, 0).data(GOAL_ID_ROLE) == shown
                    for row in range(model.rowCount())
                )

            yield from choose(window, name)
            yield lambda: not listed()
            yield from choose(window, "archived-goals")
            visited.append("archived-goals")
            yield lambda: dialog(ArchivedGoalsDialog) is not None
            archived = dialog(ArchivedGoalsDialog)
            yield lambda: archived.list.count() > 0
            click_row(archived.list, archived.list.model().index(0, 0))
            yield archived.back_button.isEnabled
            QTest.mouseClick(archived.back_button, LEFT)
            yield listed  # (the dialog closes itself once nothing is archived)
            if shiboken6.isValid(archived) and archived.isVisible():
                archived.reject()
            yield lambda: not shiboken6.isValid(archived) or not archived.isVisible()
        elif name == "shortcuts":
            yield from choose(window, name)
            yield from close_dialog(ShortcutsDialog)
        elif name == "about":
            yield from choose(window, name)
            yield from close_dialog(QMessageBox)
        else:  # an action added since: used once, and whatever dialog it opens is closed
            before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
            yield from choose(window, name)
            opened_at = time.monotonic()
            yield lambda: time.monotonic() - opened_at > 0.5
            for widget in QApplication.topLevelWidgets():
                if widget.isVisible() and id(widget) not in before and hasattr(widget, "reject"):
                    widget.reject()

    for name in [n for n in names if n != "quit"]:
        if name in visited:
            continue
        yield from step(name)
        visited.append(name)
        say("STEP", name, time.time())
    for where, opener in DIALOGS.items():  # settings kept elsewhere (a goal's options)
        if where != "settings":
            yield from save_rows((yield from opener.open(window)), where)
    window.activateWindow()
    yield window.isActiveWindow
    say("QUIT", time.time())
    visited.append("quit")
    say("VISITED", json.dumps(visited))
    yield from choose(window, "quit")


def settings(window: MainWindow) -> Iterator[Wait]:
    """The settings × restart matrix's reader (``tests/settings_matrix.py``): once the window
    is up, say how it looks, what every setting reads and where a file dialog opens; quit."""
    from studyapp.gui.theme import is_dark
    from tests.settings_matrix import DIALOGS, ROWS

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
    for name, where in DIALOGS.items():
        rows = [row for row in ROWS if row.dialog == name]
        opened = yield from where.open(window)
        for row in rows:
            say("SETTING", row.name, json.dumps(row.read(opened)))
        opened.reject()
    # Where a file dialog opens now: the folder last used before the restart.
    yield from choose(window, "import")
    yield from pick_file(None, tell="import")
    say("STEP read", time.time())
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
    scripts = {"smoke": smoke, "settings": settings, "menus": menus}
    steps = scripts[sys.argv[1] if len(sys.argv) > 1 else "smoke"]
    alive: list[Script] = []  # a connection to a bound method does not keep its object
    run(config, drive=lambda window: alive.append(Script(window, steps)))


if __name__ == "__main__":
    main()
