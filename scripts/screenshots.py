"""Render the window to PNGs in docs/screenshots/ (offscreen), against a throwaway embedded database.

Run with ``make screenshots``. Each shot is what a learner sees at that moment; the README uses them.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from studyapp.config import AppConfig
from studyapp.gui.main_window import MainWindow

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def wait_for(signal, timeout_ms: int = 60_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    data_dir = Path(tempfile.mkdtemp(prefix="sa-shots-"))
    url = os.environ.get("STUDYAPP_DATABASE_URL")
    window = MainWindow(AppConfig(data_dir=data_dir, database_url=url))
    window.resize(1100, 720)
    window.show()
    window.open_database()
    wait_for(window.database_ready)
    app.processEvents()
    window.grab().save(str(OUT / "empty-state.png"))
    print(f"wrote {OUT / 'empty-state.png'}")
    window.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
