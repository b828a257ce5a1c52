"""The main window. It shows at once; the database opens off the GUI thread and reports back."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studyapp.config import AppConfig
from studyapp.db.database import Database, open_database
from studyapp.errors import StudyappError
from studyapp.gui.ops import run_op
from studyapp.services.profiles import ProfileInfo, ensure_profile

log = logging.getLogger(__name__)


class EmptyStatePage(QWidget):
    """What a learner sees before any goal exists: one clear invitation."""

    new_goal_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        title = QLabel("What do you want to learn?")
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        hint = QLabel(
            "Set a goal, such as \u201cUnderstand TCP congestion control\u201d. Studyapp maps it "
            "into skills and makes flashcards for each one."
        )
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setFixedWidth(520)
        hint.setMinimumHeight(hint.heightForWidth(520))
        self.button = QPushButton("Create your first goal")
        self.button.setDefault(True)
        self.button.setAccessibleName("Create your first goal")
        self.button.clicked.connect(self.new_goal_requested)
        for widget in (title, hint, self.button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)


class MainWindow(QMainWindow):
    database_ready = Signal(object)
    database_failed = Signal(str)

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config
        self.db: Database | None = None
        self.profile: ProfileInfo | None = None
        self.setWindowTitle("Studyapp")
        self.resize(1100, 720)
        self.pages = QStackedWidget()
        self.empty_page = EmptyStatePage()
        self.pages.addWidget(self.empty_page)
        self.setCentralWidget(self.pages)
        self.db_label = QLabel("Opening the database\u2026")
        self.db_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.db_label)

    def open_database(self) -> None:
        """Start the embedded server / connect and migrate, off the GUI thread."""
        config = self.config

        def work() -> tuple[Database, ProfileInfo]:
            db = open_database(config)
            return db, ensure_profile(db, config.profile)

        run_op(work, self._on_database_ready, self._on_database_failed)

    def _on_database_ready(self, result: tuple[Database, ProfileInfo]) -> None:
        self.db, self.profile = result
        self.db_label.setText(f"Database: {self.db.description} \u00b7 profile {self.profile.name}")
        self.database_ready.emit(self.db)

    def _on_database_failed(self, exc: BaseException) -> None:
        if isinstance(exc, StudyappError):
            message = str(exc)
        else:
            log.error("opening the database failed", exc_info=exc)
            message = (
                f"Opening the database failed unexpectedly ({type(exc).__name__}); see the log."
            )
        self.db_label.setText("No database")
        self.statusBar().showMessage(message)
        self.database_failed.emit(message)

    def shutdown(self) -> None:
        if self.db is not None:
            self.db.dispose()
