"""Create the QApplication and the main window; the database opens in the background.

Leaving is prompt. When the event loop ends the window has already released its running jobs
(they resume at the next start); what can still be alive is a worker thread inside a slow HTTP
call, which Python would wait for (and Qt's thread pools too) for up to the LLM timeout. So we
flush the logs, run the exit handlers (the embedded PostgreSQL is stopped there when this was
its last user) and end the process, instead of waiting for that call to come back.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys

from PySide6.QtWidgets import QApplication

from studyapp.config import AppConfig
from studyapp.gui import theme
from studyapp.gui.main_window import MainWindow

log = logging.getLogger(__name__)


def run(config: AppConfig) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Studyapp")
    app.setApplicationDisplayName("Studyapp")
    theme.controller(app).apply()
    window = MainWindow(config)
    window.show()
    window.open_database()
    code = app.exec()
    window.shutdown()
    exit_now(code)
    return code  # not reached


def exit_now(code: int) -> None:
    """End the process now: exit handlers run, threads stuck in I/O are not waited for."""
    log.debug("exiting with %s", code)
    try:
        atexit._run_exitfuncs()  # the embedded server's cleanup among them
    finally:
        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)
