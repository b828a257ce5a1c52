"""The main window: a sidebar of goals, the pages, a banner for problems, and the status bar.

It shows at once; the database opens off the GUI thread. Once it is open the window builds the
job machinery (a JobPool running the engine on its own QThreadPool, a JobWatcher) and its pages.
Known problems (database gone, rate limit, bad input) appear in ONE banner, replaced rather than
stacked: no dialog storms.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, Qt, QThreadPool, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from studyapp.config import AppConfig
from studyapp.db.bootstrap import open_database
from studyapp.db.database import Database
from studyapp.errors import StudyappError
from studyapp.gui.context import AppContext
from studyapp.gui.goal_page import GoalPage
from studyapp.gui.job_pool import JobPool
from studyapp.gui.job_watcher import JobWatcher
from studyapp.gui.jobs_page import JobsPage
from studyapp.gui.ops import run_op
from studyapp.gui.placeholder import SpinnerClock
from studyapp.gui.settings_dialog import SettingsDialog
from studyapp.gui.stats_page import StatsPage
from studyapp.gui.study_page import StudyPage
from studyapp.jobs.contract import JobInfo
from studyapp.jobs.handlers import default_registry
from studyapp.jobs.registry import HandlerRegistry
from studyapp.services import generation, goals
from studyapp.services.profiles import ProfileInfo, ensure_profile
from studyapp.services.settings import get_settings

log = logging.getLogger(__name__)
GOAL_ID_ROLE = Qt.ItemDataRole.UserRole + 31


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


class NewGoalDialog(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New goal")
        self.resize(520, 300)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("What do you want to learn?"))
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Understand TCP congestion control")
        self.title.setMaxLength(500)
        layout.addWidget(self.title)
        layout.addWidget(QLabel("Details (optional): what you know already, what for"))
        self.description = QPlainTextEdit()
        layout.addWidget(self.description)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create and map skills")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class Banner(QFrame):
    """One line for problems the learner should read; a new one replaces the old."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(
            "#banner { background: #fff4e5; border: 1px solid #f0c36d; border-radius: 4px; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel("")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Problem")
        close = QPushButton("Dismiss")
        close.setFlat(True)
        close.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "error") -> None:
        # During an outage the pages' failures are the outage too: the banner stays a
        # "database" one, so it goes when the database is back.
        if not (self.isVisible() and self.kind == "database"):
            self.kind = kind
        self.label.setText(text)
        self.show()

    def clear(self, kind: str) -> None:
        if self.kind == kind:
            self.hide()


class MainWindow(QMainWindow):
    database_ready = Signal(object)
    database_failed = Signal(str)
    goals_loaded = Signal()

    def __init__(
        self,
        config: AppConfig,
        *,
        registry: HandlerRegistry | None = None,
        run_jobs: bool = True,
        threads: int | None = None,
        listen: bool = True,
    ) -> None:
        super().__init__()
        self.config = config
        self.db: Database | None = None
        self.profile: ProfileInfo | None = None
        self.ctx: AppContext | None = None
        self._registry = registry
        self._run_jobs = run_jobs
        self._threads = threads
        self._listen = listen
        self.clock = SpinnerClock(self)
        self.setWindowTitle("Studyapp")
        self.resize(1180, 760)

        self.goal_model = QStandardItemModel(self)
        self.sidebar = QListView()
        self.sidebar.setModel(self.goal_model)
        self.sidebar.setAccessibleName("Goals")
        self.sidebar.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.sidebar.clicked.connect(self._goal_clicked)
        self.sidebar.activated.connect(self._goal_clicked)
        self.new_goal_button = QPushButton("New goal")
        self.new_goal_button.clicked.connect(self.new_goal)
        self.study_all_button = QPushButton("Study all due")
        self.study_all_button.clicked.connect(lambda: self.show_study(None, None, "flip"))
        self.stats_button = QPushButton("Statistics")
        self.stats_button.clicked.connect(self.show_stats)
        self.jobs_button = QPushButton("Jobs")
        self.jobs_button.clicked.connect(self.show_jobs)
        self.settings_button = QPushButton("Settings…")
        self.settings_button.clicked.connect(self.show_settings)
        side = QWidget()
        side.setFixedWidth(250)
        side_layout = QVBoxLayout(side)
        heading = QLabel("Goals")
        heading.setStyleSheet("font-weight: bold;")
        side_layout.addWidget(heading)
        side_layout.addWidget(self.sidebar, 1)
        side_layout.addWidget(self.new_goal_button)
        for button in (
            self.study_all_button,
            self.stats_button,
            self.jobs_button,
            self.settings_button,
        ):
            side_layout.addWidget(button)

        self.banner = Banner()
        self.pages = QStackedWidget()
        self.empty_page = EmptyStatePage()
        self.empty_page.new_goal_requested.connect(self.new_goal)
        self.pages.addWidget(self.empty_page)
        self.goal_page: GoalPage | None = None
        self.jobs_page: JobsPage | None = None
        self.study_page: StudyPage | None = None
        self.stats_page: StatsPage | None = None

        center = QWidget()
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 6, 6, 0)
        center_layout.addWidget(self.banner)
        center_layout.addWidget(self.pages, 1)
        body = QWidget()
        body_layout = QHBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(side)
        body_layout.addWidget(center, 1)
        self.setCentralWidget(body)

        self.db_label = QLabel("Opening the database\u2026")
        self.db_label.setTextFormat(Qt.TextFormat.PlainText)
        self.provider_label = QLabel("")
        self.jobs_label = QLabel("")
        self.statusBar().addPermanentWidget(self.jobs_label)
        self.statusBar().addPermanentWidget(self.provider_label)
        self.statusBar().addPermanentWidget(self.db_label)
        self.tray: QSystemTrayIcon | None = None
        self._announced: set[object] = set()  # finished jobs already announced
        self._shut_down = False
        self._set_enabled(False)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (
            self.new_goal_button,
            self.study_all_button,
            self.stats_button,
            self.jobs_button,
            self.settings_button,
            self.empty_page.button,
        ):
            widget.setEnabled(enabled)

    # -- start-up -------------------------------------------------------------------------

    def open_database(self) -> None:
        """Start the embedded server / connect and migrate, off the GUI thread."""
        config = self.config

        def work() -> tuple[Database, ProfileInfo, str, int]:
            db = open_database(config)
            profile = ensure_profile(db, config.profile)
            threads = get_settings(db, profile.id).worker_threads
            return db, profile, describe_provider(db, profile.id), threads

        run_op(work, self._on_database_ready, self._on_database_failed)

    def _on_database_ready(self, result: tuple[Database, ProfileInfo, str, int]) -> None:
        self.db, self.profile, provider, threads = result
        self.db_label.setText(f"Database: {self.db.description} \u00b7 profile {self.profile.name}")
        self.provider_label.setText(provider)
        registry = self._registry or default_registry()
        watcher = JobWatcher(self.db, self.profile.id, listen=self._listen, parent=self)
        pool = None
        if self._run_jobs:
            pool = JobPool(self.db, registry, threads=self._threads or threads, parent=self)
            pool.job_started.connect(self._job_started)
            pool.job_finished.connect(self._job_finished)
            pool.failed_to_start.connect(lambda m: self.banner.show_message(m, "jobs"))
        self.ctx = AppContext(self.db, self.profile, registry, watcher, pool)
        watcher.database_lost.connect(self._database_lost)
        watcher.database_back.connect(self._database_back)
        watcher.job_event.connect(self._job_event)
        self.goal_page = GoalPage(self.ctx, self.clock)
        self.goal_page.message.connect(lambda m: self.statusBar().showMessage(m, 5000))
        self.goal_page.error.connect(lambda m: self.banner.show_message(m, "action"))
        self.pages.addWidget(self.goal_page)
        self.jobs_page = JobsPage(self.ctx)
        self.jobs_page.message.connect(lambda m: self.statusBar().showMessage(m, 5000))
        self.jobs_page.error.connect(lambda m: self.banner.show_message(m, "action"))
        self.pages.addWidget(self.jobs_page)
        self.study_page = StudyPage(self.ctx)
        self.pages.addWidget(self.study_page)
        self.stats_page = StatsPage(self.ctx)
        self.stats_page.failed.connect(lambda m: self.banner.show_message(m, "action"))
        self.pages.addWidget(self.stats_page)
        self.goal_page.study_requested.connect(self.show_study)
        watcher.start()
        if pool is not None:
            pool.start()
        self._set_enabled(True)
        self._update_jobs_label()
        self.load_goals()
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
        self.banner.show_message(message, "database")
        self.database_failed.emit(message)

    # -- goals ----------------------------------------------------------------------------

    def load_goals(self, select: int | None = None) -> None:
        if self.ctx is None:
            return
        db, profile_id = self.ctx.db, self.ctx.profile.id
        run_op(
            lambda: goals.list_goals(db, profile_id),
            lambda found: self._show_goals(found, select),
            self._report,
        )

    def _show_goals(self, found: list[goals.GoalInfo], select: int | None) -> None:
        current = select if select is not None else self.current_goal_id()
        self.goal_model.clear()
        for goal in found:
            item = QStandardItem(goal.title)
            item.setData(goal.id, GOAL_ID_ROLE)
            item.setToolTip(f"{goal.title}\n{goal.cards} cards")
            item.setEditable(False)
            self.goal_model.appendRow(item)
        if not found:
            self.pages.setCurrentWidget(self.empty_page)
        elif current is not None:
            for row in range(self.goal_model.rowCount()):
                if self.goal_model.item(row).data(GOAL_ID_ROLE) == current:
                    self.sidebar.setCurrentIndex(self.goal_model.index(row, 0))
        self.goals_loaded.emit()

    def current_goal_id(self) -> int | None:
        index = self.sidebar.currentIndex()
        return index.data(GOAL_ID_ROLE) if index.isValid() else None

    def _goal_clicked(self, index: QModelIndex) -> None:
        goal_id = index.data(GOAL_ID_ROLE)
        if goal_id is not None:
            self.show_goal(goal_id)

    def _switch_to(self, page: QWidget) -> None:
        """Show ``page``; the page being left stops watching its jobs."""
        current = self.pages.currentWidget()
        if current is not page:
            if current is self.goal_page and self.goal_page is not None:
                self.goal_page.leave()
            elif current is self.study_page and self.study_page is not None:
                self.study_page.stop()
        self.pages.setCurrentWidget(page)

    def show_goal(self, goal_id: int, *, pending: JobInfo | None = None) -> None:
        assert self.goal_page is not None
        self._switch_to(self.goal_page)
        self.goal_page.show_goal(goal_id, pending=pending)

    def show_jobs(self) -> None:
        if self.jobs_page is not None:
            self._switch_to(self.jobs_page)

    def show_study(self, goal_id: int | None, node_id: int | None, mode: str) -> None:
        if self.study_page is not None:
            self._switch_to(self.study_page)
            self.study_page.start(goal_id, node_id, mode)

    def show_stats(self) -> None:
        if self.stats_page is not None:
            self._switch_to(self.stats_page)
            goal_id = self.goal_page.goal_id if self.goal_page is not None else None
            self.stats_page.show_goal(goal_id)

    def show_settings(self) -> None:
        if self.ctx is None:
            return
        dialog = SettingsDialog(self.ctx, self)
        dialog.saved.connect(
            lambda _s: self.statusBar().showMessage(
                "Settings saved. A new number of worker threads applies at the next start.", 8000
            )
        )
        dialog.exec()
        db, profile_id = self.ctx.db, self.ctx.profile.id
        run_op(lambda: describe_provider(db, profile_id), self.provider_label.setText, self._report)

    def new_goal(self) -> None:
        dialog = NewGoalDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.create_goal(dialog.title.text(), dialog.description.toPlainText())

    def create_goal(self, title: str, description: str = "") -> None:
        """Create the goal and start its skill tree; the tree skeleton shows at once."""
        assert self.ctx is not None
        db, profile_id, registry = self.ctx.db, self.ctx.profile.id, self.ctx.registry

        def work():
            goal = goals.create_goal(db, profile_id, title, description)
            try:
                job = generation.submit_skill_tree(db, profile_id, goal.id, registry=registry)
            except StudyappError as exc:  # the goal stays; the tree can be generated later
                return goal, None, str(exc)
            return goal, job.job, None

        def done(result) -> None:
            goal, job, problem = result
            if problem:
                self.banner.show_message(problem, "action")
            if self.ctx is not None and self.ctx.pool is not None:
                self.ctx.pool.wake()
            self.load_goals(select=goal.id)
            self.show_goal(goal.id, pending=job)

        run_op(work, done, self._report)

    # -- jobs -----------------------------------------------------------------------------

    def _job_started(self, job: JobInfo) -> None:
        self._update_jobs_label()

    def _job_finished(self, job: JobInfo) -> None:
        self._update_jobs_label()
        if self.ctx is not None:
            self.ctx.watcher.accept(job)
        self._notify(job.id, job.type, job.status, job.goal_id, job.parent_id)

    def _job_event(self, event: dict) -> None:
        """A status change anywhere (another process too), from the database notification."""
        if event.get("status") == "pending":  # retried: its next ending is news again
            self._announced.discard(event.get("id"))
        self._notify(
            event.get("id"),
            str(event.get("type")),
            str(event.get("status")),
            event.get("goal_id"),
            event.get("parent_id"),
        )

    def _notify(
        self,
        job_id: object,
        job_type: str,
        status: str,
        goal_id: object,
        parent_id: object,
    ) -> None:
        """A generation finished where the learner is not looking: say so, once, whether this
        window ran it (in-process signal) or another process did (notification)."""
        if parent_id is not None or status not in ("completed", "failed"):
            return
        if job_id in self._announced:
            return
        self._announced.add(job_id)
        looking = (
            self.goal_page is not None
            and self.pages.currentWidget() is self.goal_page
            and self.goal_page.goal_id == goal_id
        )
        if looking:
            return
        text = _finished_text({"type": job_type, "status": status})
        self.statusBar().showMessage(text, 8000)
        if QSystemTrayIcon.isSystemTrayAvailable() and self.isMinimized():
            if self.tray is None:
                self.tray = QSystemTrayIcon(self.windowIcon(), self)
                self.tray.show()
            self.tray.showMessage("Studyapp", text)

    def _update_jobs_label(self) -> None:
        pool = self.ctx.pool if self.ctx is not None else None
        count = pool.running_count() if pool is not None else 0
        self.jobs_label.setText(f"{count} job{'s' if count != 1 else ''} running")

    def _database_lost(self, message: str) -> None:
        self.banner.show_message(
            f"The database is unreachable; Studyapp keeps trying and loses nothing. ({message})",
            "database",
        )

    def _database_back(self) -> None:
        self.banner.clear("database")
        self.statusBar().showMessage("Database connection restored.", 5000)
        if self.goal_page is not None:
            self.goal_page.reload()

    def _report(self, exc: BaseException) -> None:
        if isinstance(exc, StudyappError):
            self.banner.show_message(str(exc), "action")
        else:
            log.error("operation failed", exc_info=exc)
            self.banner.show_message(f"Something went wrong ({type(exc).__name__}); see the log.")

    # -- shutdown -------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop timers and listeners; release running jobs (they resume at the next start).
        Called from closeEvent and again after the event loop ends; only the first call acts."""
        if self._shut_down:
            return
        self._shut_down = True
        for page in (self.goal_page, self.jobs_page):
            if page is not None:
                page.shutdown()
        if self.study_page is not None:
            self.study_page.stop()
        if self.ctx is not None:
            self.ctx.watcher.stop()
            if self.ctx.pool is not None:
                self.ctx.pool.stop(grace=2.0)
        self.clock.set_active(self, False)
        self.statusBar().clearMessage()  # stops the temporary-message timer
        # Short queries still in flight hold pooled connections: let them finish before the
        # engine is disposed, or their connections would be dropped unclosed.
        QThreadPool.globalInstance().waitForDone(5000)
        if self.db is not None:
            self.db.dispose()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)


def _finished_text(event: dict) -> str:
    what = {
        "flashcard_generation": "New flashcards are ready",
        "skill_tree_generation": "A skill tree is ready",
        "distractor_generation": "Multiple-choice options are ready",
    }.get(str(event.get("type")), "A job finished")
    if event.get("status") == "failed":
        what = what.replace("are ready", "failed").replace("is ready", "failed")
    return what + "."


def describe_provider(db: Database, profile_id: int) -> str:
    """The status bar's "Generator: …" (reads the key source, never the key)."""
    from sqlalchemy import select

    from studyapp.db.models import Profile
    from studyapp.generation.keys import find_api_key
    from studyapp.generation.settings import resolve

    with db.session() as session:
        settings = session.execute(
            select(Profile.settings).where(Profile.id == profile_id)
        ).scalar_one_or_none()
    chosen = resolve(settings or {})
    if chosen.provider == "offline":
        return "Generator: offline"
    if find_api_key().key is None:
        return "Generator: offline (no API key)"
    return f"Generator: Claude ({chosen.models.cards})"
