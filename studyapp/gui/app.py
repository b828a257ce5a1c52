"""Create the QApplication and the main window; the database opens in the background.

Leaving is prompt. When the event loop ends the window has already released its running jobs
(they resume at the next start); what can still be alive is a worker thread inside a slow HTTP
call, which Python would wait for (and Qt's thread pools too) for up to the LLM timeout. So we
run the exit handlers that matter (the embedded PostgreSQL is stopped there when this was its
last user), flush the logs and end the process, instead of waiting for that call to return.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable

from PySide6 import QtCore
from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication

from studyapp.config import AppConfig
from studyapp.gui import desktop_entry, error_boundary, theme
from studyapp.gui.local_settings import WindowSettings
from studyapp.gui.main_window import MainWindow

log = logging.getLogger(__name__)
EXIT_HANDLERS_WAIT_S = 3.0  # e.g. stopping the embedded server while another process starts it


def run(config: AppConfig, *, drive: Callable[[MainWindow], object] | None = None) -> int:
    """Open the window and run until it closes; then end the process. ``drive`` gets the shown
    window (the Xvfb smoke test and the quit benchmark drive the real app through it)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Studyapp")
    app.setApplicationDisplayName("Studyapp")
    # Packaging (gui/desktop_entry.py): the window's icon, and the menu entry it belongs to.
    app.setDesktopFileName(desktop_entry.APP_ID)
    app.setWindowIcon(desktop_entry.window_icon())
    # The look is known before the database (a local mirror of the profile's choice) and set
    # before the first widget; a start that died last time is followed by a safe one.
    local = WindowSettings.load(config.data_dir)
    check = local.begin_start(config.profile)
    theme.controller(app).start(local.appearance(config.profile))
    # offload: CPU-bound generation in the compute pool; the window starts the log file and
    # the error boundary.
    window = MainWindow(config, offload=True, local=local, start=check)
    error_boundary.install_qt_messages()
    close_on_terminate(app, window)
    window.show()
    window.open_database_after_first_paint()
    if drive is not None:
        drive(window)
    code = app.exec()
    window.shutdown()
    local.finish_start()  # a clean quit, even if the window never got its goals
    exit_now(code)
    return code  # not reached


def close_on_terminate(app: QApplication, window: MainWindow) -> None:
    """SIGTERM (a session logging out, ``kill``) and SIGINT close the window the ordinary way,
    so running jobs are released and the embedded server stops. Python runs signal handlers
    only between bytecodes, and the event loop runs none while idle: the signal's wake-up byte
    on a socket wakes it (no polling timer)."""
    if not hasattr(signal, "set_wakeup_fd") or os.name != "posix":
        return
    receiver, sender = socket.socketpair()
    sender.setblocking(False)
    receiver.setblocking(False)
    signal.set_wakeup_fd(sender.fileno())
    notifier = QSocketNotifier(receiver.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        with contextlib.suppress(OSError):
            receiver.recv(64)  # the Python-level handler runs right after this callback

    notifier.activated.connect(drain)
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_args: window.close())
    # Held by the application so the sockets and notifier live as long as it does.
    app._terminate_wakeup = (receiver, sender, notifier)  # type: ignore[attr-defined]  # a Python attribute on the Qt object


def exit_now(code: int) -> None:
    """End the process now. The embedded server is released by a detached process (it stops
    the server when we were its last user); the other exit handlers run, except Qt's module
    teardown, which deletes every thread pool and so waits for a job still inside a slow HTTP
    call; and none of them may hold the exit past EXIT_HANDLERS_WAIT_S."""
    log.debug("exiting with %s", code)
    embedded = sys.modules.get("studyapp.db.embedded")  # imported only if it was used
    try:
        if embedded is not None:
            embedded.hand_off_stop()  # the server's shutdown checkpoint is not ours to wait for
    except Exception:  # then pgserver's own handler (below) stops it, waiting
        log.exception("could not hand the embedded server's stop off")
    teardown = getattr(QtCore, "__moduleShutdown", None)
    if teardown is not None:
        atexit.unregister(teardown)
    finished = threading.Event()

    def handlers() -> None:
        try:
            atexit._run_exitfuncs()
        finally:
            finished.set()

    threading.Thread(target=handlers, name="exit-handlers", daemon=True).start()
    if not finished.wait(EXIT_HANDLERS_WAIT_S):
        log.warning(
            "exit handlers still running after %.0f s; exiting anyway", EXIT_HANDLERS_WAIT_S
        )
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
