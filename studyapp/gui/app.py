"""Create the QApplication and the main window; the database opens in the background."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from studyapp.config import AppConfig
from studyapp.gui.main_window import MainWindow

log = logging.getLogger(__name__)


def run(config: AppConfig) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Studyapp")
    app.setApplicationDisplayName("Studyapp")
    window = MainWindow(config)
    window.show()
    window.open_database()
    code = app.exec()
    window.shutdown()
    QThreadPool.globalInstance().waitForDone(5000)
    return code
