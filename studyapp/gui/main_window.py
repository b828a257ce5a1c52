"""The main window: a sidebar of goals, the pages, a menu bar, a banner for problems, the status bar.

It shows at once; the database opens off the GUI thread. Once it is open the window builds the
job machinery (a JobPool running the engine on its own QThreadPool, a JobWatcher) and its pages,
and opens the first goal (or the invitation to make one). Known problems (database gone, rate
limit, bad input) appear in ONE banner, replaced rather than stacked: no dialog storms.

Quitting is prompt: the window disappears at once, timers and listeners stop, running jobs get a
short grace and are released (they resume at the next start), and the process exits
(``gui/app.py``) without waiting for a slow HTTP call to come back.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QStandardItem
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

import studyapp
from studyapp.config import AppConfig
from studyapp.errors import StudyappError
from studyapp.gui import error_boundary, interpreter, last_profile, theme
from studyapp.gui.feedback import error_text
from studyapp.gui.goal_actions import NAMES as GOAL_ACTION_NAMES
from studyapp.gui.goal_actions import GoalActions
from studyapp.gui.local_settings import StartCheck, WindowSettings
from studyapp.gui.menus import Menus, ShortcutsDialog, build_menus
from studyapp.gui.ops import run_op
from studyapp.gui.placeholder import SpinnerClock
from studyapp.gui.plain_text import one_line, tooltip
from studyapp.gui.study_actions import NAMES as STUDY_ACTION_NAMES
from studyapp.gui.study_actions import StudyActions
from studyapp.gui.window_parts import (
    GOAL_ID_ROLE,
    GOAL_TITLE_ROLE,
    Banner,
    EmptyStatePage,
    GoalListModel,
    GoalSidebar,
    LoadingPage,
    NewGoalDialog,
)
from studyapp.handlers.kinds import DISTRACTOR_GENERATION, texts_for
from studyapp.plural import counted

# The pages and the database stack (SQLAlchemy, Alembic, numpy, pyarrow: most of a second) are
# imported when the database is open, not before the window's first paint: the shell above is
# all a first paint needs (see ``open_database``).
if TYPE_CHECKING:
    from studyapp.db.database import Database
    from studyapp.gui.browser import BrowserPage
    from studyapp.gui.context import AppContext
    from studyapp.gui.file_actions import FileActions
    from studyapp.gui.goal import GoalPage
    from studyapp.gui.job_pool import JobPool
    from studyapp.gui.jobs_page import JobsPage
    from studyapp.gui.profiles_dialog import ProfilesDialog
    from studyapp.gui.settings_dialog import SettingsDialog
    from studyapp.gui.stats_page import StatsPage
    from studyapp.gui.study import StudyPage
    from studyapp.handlers.process_pool import ComputePool
    from studyapp.jobs.contract import JobInfo
    from studyapp.jobs.registry import HandlerRegistry
    from studyapp.services.goals import GoalInfo
    from studyapp.services.profiles import ProfileInfo

log = logging.getLogger(__name__)
# Imported on the thread that opens the database: the pages' services and the job machinery.
BACKGROUND_IMPORTS = (
    "studyapp.services.goal_view",
    "studyapp.services.cards",
    "studyapp.services.browser",
    "studyapp.services.study",
    "studyapp.services.stats",
    "studyapp.services.generation",
    "studyapp.services.interop_csv",
    "studyapp.services.backup",
    "studyapp.services.apkg",
    "studyapp.handlers.registry",
    "studyapp.jobs.runner",
)
FIRST_PAINT_WAIT_MS = 1000
SIDEBAR_TITLE = 90  # characters of a goal's title in the list: three lines at most
QUIT_GRACE_S = 0.25  # running jobs' grace at quit; then they are released (resumed next start)
QUIT_QUERY_WAIT_MS = 300  # short queries still in flight at quit
QUIT_POOL_WAIT_S = 2.0  # a database that hangs at quit is not waited for longer (jobs rescued)
QUIT_FINISH_S = 0.3  # more for the session's deletions to be final; the next start does the rest


def nothing_made(job: JobInfo) -> str | None:
    """The job's own note when a card generation the learner asked for completed without a
    card ("Every fact found here has a card already…"), else None."""
    result = job.result or {}
    note = result.get("note")
    if job.status != "completed" or job.parent_id is not None or result.get("created") != 0:
        return None
    return note if isinstance(note, str) and note else None


class MainWindow(QMainWindow):
    database_ready = Signal(object)
    database_failed = Signal(str)
    goals_loaded = Signal()
    profile_opened = Signal(object)  # ProfileInfo: at start and after every switch

    def __init__(
        self,
        config: AppConfig,
        *,
        registry: HandlerRegistry | None = None,
        run_jobs: bool = True,
        threads: int | None = None,
        listen: bool = True,
        offload: bool = False,
        local: WindowSettings | None = None,
        start: StartCheck | None = None,
    ) -> None:
        """``offload``: run the jobs' CPU-bound steps in compute processes (the real app does;
        tests mostly run them on the job threads, which is quicker to start). ``local`` is this
        machine's window file (``gui/local_settings.py``: the appearance mirror, the last folder,
        the start guard); ``start`` says whether this is a safe start after one that died
        (``gui/app.py`` checks before any widget exists)."""
        super().__init__()
        self.config = config
        self.local = local if local is not None else WindowSettings.load(config.data_dir)
        self._start = start or StartCheck()
        self.db: Database | None = None
        self.profile: ProfileInfo | None = None
        self.ctx: AppContext | None = None
        self._registry = registry
        self._run_jobs = run_jobs
        self._threads = threads
        self._listen = listen
        self._offload = offload
        self._opening = False
        self.clock = SpinnerClock(self)
        self.setWindowTitle("Studyapp")
        self.resize(1180, 760)

        self.goal_model = GoalListModel(self)
        self.sidebar = GoalSidebar()
        self.sidebar.setModel(self.goal_model)
        self.sidebar.selectionModel().currentChanged.connect(lambda *_a: self._update_actions())
        self.sidebar.clicked.connect(self._goal_clicked)
        self.sidebar.activated.connect(self._goal_clicked)
        self.sidebar.files_dropped.connect(self._files_dropped_on_goal)
        self.new_goal_button = QPushButton("New goal\u2026")
        self.new_goal_button.clicked.connect(lambda: self.new_goal())
        self.study_all_button = QPushButton("Study all due")
        self.study_all_button.clicked.connect(lambda: self.show_study(None, None, "flip"))
        self.browse_button = QPushButton("Browse cards")
        self.browse_button.clicked.connect(lambda: self.show_browser())
        self.stats_button = QPushButton("Statistics")
        self.stats_button.clicked.connect(lambda: self.show_stats())
        self.jobs_button = QPushButton("Jobs")
        self.jobs_button.clicked.connect(lambda: self.show_jobs())
        self.settings_button = QPushButton("Settings\u2026")
        self.settings_button.clicked.connect(lambda: self.show_settings())
        side = QWidget()
        side.setFixedWidth(250)
        side_layout = QVBoxLayout(side)
        heading = QLabel("Goals")
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        side_layout.addWidget(heading)
        side_layout.addWidget(self.sidebar, 1)
        side_layout.addWidget(self.new_goal_button)
        for button in (
            self.study_all_button,
            self.browse_button,
            self.stats_button,
            self.jobs_button,
            self.settings_button,
        ):
            side_layout.addWidget(button)

        self.banner = Banner()
        self.pages = QStackedWidget()
        self.loading_page = LoadingPage()
        self.empty_page = EmptyStatePage()
        self.empty_page.new_goal_requested.connect(self.new_goal)
        self.pages.addWidget(self.loading_page)
        self.pages.addWidget(self.empty_page)
        self.goal_page: GoalPage | None = None
        self.jobs_page: JobsPage | None = None
        self.study_page: StudyPage | None = None
        self.browser_page: BrowserPage | None = None
        self._before_study: QWidget | None = None  # where Esc in study goes back to
        self.stats_page: StatsPage | None = None
        self.files: FileActions | None = None
        self.pages.currentChanged.connect(lambda _i: self._update_actions())

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
        self.jobs_label.hide()
        # The database and generator labels are "normal" status bar widgets: a message hides
        # them while it shows, instead of being cut short by them ("…backup-2026-12-07.jsc").
        # The stretch keeps them on the right, where they were.
        bar = self.statusBar()
        bar.addWidget(QWidget(), 1)
        bar.addWidget(self.provider_label)
        bar.addWidget(self.db_label)
        bar.addPermanentWidget(self.jobs_label)
        self.tray: QSystemTrayIcon | None = None
        self._announced: set[object] = set()  # finished jobs already announced
        self._running: set[int] = set()  # jobs this window's pool is running
        self._shut_down = False
        self._threads_in_use = 0
        self._pool: JobPool | None = None  # serves every profile: kept across a switch
        self._profile_serial = 0  # profiles opened so far (stale answers are dropped)
        self._switching = False
        self.menus = self._build_menus()
        center_layout.insertWidget(1, self.goal_actions.undo_bar)
        self._set_enabled(False)
        # One place for every failure that has no place of its own (run_op without a failure
        # handler, an exception in a slot or a thread): the banner, and the log file.
        self.log_path = error_boundary.install(config.data_dir)
        error_boundary.boundary().shown.connect(self._show_problem)
        # The goals on screen mean this start worked: the next one is an ordinary start.
        self.goals_loaded.connect(lambda: self.local.finish_start())

    # -- menus ------------------------------------------------------------------------------

    def _build_menus(self) -> Menus:
        m = build_menus(self)
        std = QKeySequence.StandardKey
        m.add("file", "new-goal", "&New goal\u2026", self.new_goal, std.New)
        m.add("file", "add-material", "Add &material\u2026", self._add_material, "Ctrl+M")
        m.separator("file")
        m.add("file", "import", "&Import\u2026", self._import, "Ctrl+Shift+I")
        m.add("file", "export", "&Export\u2026", self._export, "Ctrl+Shift+E")
        m.separator("file")
        m.add("file", "backup", "&Backup\u2026", self._backup)
        m.add("file", "restore", "&Restore\u2026", self._restore)
        m.add("file", "move-to-server", "Mo&ve to server\u2026", self._move_to_server)
        m.separator("file")
        m.add("file", "settings", "Se&ttings\u2026", self.show_settings, "Ctrl+,")
        m.add("file", "switch-profile", "S&witch profile\u2026", self.show_profiles, "Ctrl+Shift+P")
        m.separator("file")
        m.add("file", "quit", "&Quit", self.close, std.Quit)
        if m["quit"].shortcut().isEmpty():  # platforms without a standard Quit key
            m["quit"].setShortcut(QKeySequence("Ctrl+Q"))
        m.add("edit", "undo-review", "&Undo review", self._undo_review, std.Undo)
        m.separator("edit")
        m.add("edit", "add-card", "&Add card\u2026", self._add_card, "Ctrl+Shift+A")
        m.add("edit", "move-cards", "&Move to skill\u2026", self._move_cards, "Ctrl+Shift+M")
        m.add("edit", "find", "&Find cards", self._find, std.Find)
        m.add_go("study", "&Study", lambda: self._study("flip"), "Ctrl+R")
        m.add_go("quiz", "&Quiz", lambda: self._study("choice"), "Ctrl+Shift+R")
        m.add_go("study-all", "Study &all due", lambda: self.show_study(None, None, "flip"))
        m.separator("go")
        m.add_go("browser", "&Browse cards", self.show_browser, "Ctrl+B")
        m.add_go("jobs", "&Jobs", self.show_jobs, "Ctrl+J")
        m.add_go("stats", "S&tatistics", self.show_stats, "Ctrl+Shift+S")
        m.add("help", "shortcuts", "&Keyboard shortcuts", self.show_shortcuts, std.HelpContents)
        m.add("help", "log-folder", "Open &log folder", self.open_log_folder)
        m.add("help", "about", "&About Studyapp", self.show_about)
        self.menus = m
        self.study_actions = StudyActions(self)  # study options, study more, card info, bury…
        self.goal_actions = GoalActions(self)  # rename, archive, delete and undo, order
        return m

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (
            self.new_goal_button,
            self.study_all_button,
            self.browse_button,
            self.stats_button,
            self.jobs_button,
            self.settings_button,
            self.empty_page.button,
        ):
            widget.setEnabled(enabled)
        needs_db = (
            "new-goal", "add-material", "import", "export", "backup", "restore", "settings",
            "move-to-server",
            "undo-review", "add-card", "move-cards", "find", "study", "quiz", "study-all",
            "browser", "jobs", "stats", "switch-profile",
        )  # fmt: skip
        for name in (*needs_db, *STUDY_ACTION_NAMES, *GOAL_ACTION_NAMES):
            self.menus[name].setEnabled(enabled)
        if enabled:
            self._update_actions()

    def _update_actions(self) -> None:
        """Actions that need a goal on screen, or the study page, follow the current page."""
        if self.ctx is None:
            return
        on_goal = self._goal_on_screen() is not None
        for name in ("add-material", "add-card", "move-cards"):
            self.menus[name].setEnabled(on_goal)
        # Export acts on the goal on screen, else the one highlighted in the list (on the
        # browser's or the statistics' page too).
        self.menus["export"].setEnabled(self._goal_for_files() is not None)
        studying = self.study_page is not None and self.pages.currentWidget() is self.study_page
        # Edit → Undo (Ctrl+Z): the last review in study, else the last goal deleted.
        undo_goal = not studying and bool(self.goal_actions.undoable())
        self.menus["undo-review"].setEnabled(studying or undo_goal)
        self.menus["undo-review"].setText("&Undo delete goal" if undo_goal else "&Undo review")
        self.study_actions.update()
        self.goal_actions.update()

    def _goal_on_screen(self) -> int | None:
        if self.goal_page is not None and self.pages.currentWidget() is self.goal_page:
            return self.goal_page.goal_id
        return None

    def _goal_for_files(self) -> int | None:
        """The goal File → Export (and Import's first choice) act on: the one on screen, else
        the one highlighted in the list."""
        on_screen = self._goal_on_screen()
        return on_screen if on_screen is not None else self.current_goal_id()

    def _goal_title(self, goal_id: int | None) -> str:
        found = self.goal_model.match(
            self.goal_model.index(0, 0), GOAL_ID_ROLE, goal_id, 1, Qt.MatchFlag.MatchExactly
        )
        if found:
            full = self.goal_model.itemFromIndex(found[0]).data(GOAL_TITLE_ROLE)
            return str(full or found[0].data())
        return ""

    def _need_goal(self) -> GoalPage | None:
        if self._goal_on_screen() is None or self.goal_page is None:
            self.banner.show_message("Open a goal first (click it in the list).", "action")
            return None
        return self.goal_page

    def _add_material(self) -> None:
        page = self._need_goal()
        if page is not None:
            page.ask_material()

    def _add_card(self) -> None:
        page = self._need_goal()
        if page is not None:
            page.cards.ask_new_card()

    def _move_cards(self) -> None:
        page = self._need_goal()
        if page is not None:
            page.cards.ask_move_selected()

    def _find(self) -> None:
        """Ctrl+F searches the goal on screen; anywhere else it opens the card browser's search."""
        if self._goal_on_screen() is not None and self.goal_page is not None:
            self.goal_page.search.setFocus()
            self.goal_page.search.selectAll()
            return
        if self.browser_page is not None:
            if self.pages.currentWidget() is not self.browser_page:
                self.show_browser()
            self.browser_page.focus_search()

    def _undo_review(self) -> None:
        if self.study_page is not None and self.pages.currentWidget() is self.study_page:
            self.study_page.undo()
        else:
            self.goal_actions.undo_last()

    def _study(self, mode: str) -> None:
        goal = self.goal_page.goal_id if self.goal_page is not None else None
        node = self.goal_page.selected_node() if self.goal_page is not None and goal else None
        self.show_study(goal, node, mode)

    def _import(self) -> None:
        if self.files is not None:
            self.files.ask_import()

    def _export(self) -> None:
        if self.files is not None:
            self.files.ask_export(self._goal_title(self._goal_for_files()))

    def _backup(self) -> None:
        if self.files is not None:
            self.files.ask_backup()

    def _restore(self) -> None:
        if self.files is not None:
            self.files.ask_restore()

    def _move_to_server(self) -> None:
        if self.files is not None:
            self.files.ask_move()

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self.menus.shortcut_rows(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_log_folder(self) -> None:
        """Help → Open log folder: the folder of the file every "see the log" names."""
        folder = self.log_path.parent
        folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.banner.show_message(f"The log folder is {folder}.", "action")

    def show_about(self) -> QMessageBox:
        box = QMessageBox(self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowTitle("About Studyapp")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"Studyapp {studyapp.__version__}")
        box.setInformativeText(
            "Set a goal; Studyapp maps it into skills and flashcards (with Claude, or offline "
            "from your own material) and schedules your reviews with FSRS. Every generation is "
            "a background job stored in PostgreSQL: nothing is lost when you close the window."
        )
        box.open()
        return box

    # -- start-up -------------------------------------------------------------------------

    def open_database_after_first_paint(self) -> None:
        """What the app does at start: the shell is painted first, then the database (and
        with it SQLAlchemy, Alembic, numpy…) starts loading, off the GUI thread. Should no
        paint come (a window started minimised), it starts anyway after FIRST_PAINT_WAIT_MS."""
        self._first_paint = _AfterFirstPaint(self.loading_page, self.open_database)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, self, self.open_database)

    def open_database(self) -> None:
        """Start the embedded server / connect and migrate, off the GUI thread (once)."""
        if self._opening:
            return
        self._opening = True
        config = self.config

        safe = self._start.safe

        def work() -> tuple[Database, ProfileInfo, str, int, str, str | None]:
            from studyapp.db.bootstrap import open_database
            from studyapp.services.settings import get_settings, save_appearance

            db = open_database(config)
            profile = start_profile(db, config)
            given_up = None
            if safe:
                settings = get_settings(db, profile.id)
                if settings.appearance != "system":
                    # A start died: its look must not come back from the profile either.
                    save_appearance(db, profile.id, "system")
                    given_up = settings.appearance
            for name in BACKGROUND_IMPORTS:  # here, so the GUI thread does not pay for them
                importlib.import_module(name)
            return (*profile_state(db, profile, config), given_up)

        run_op(work, self._on_database_ready, self._on_database_failed, owner=self)

    def _on_database_ready(
        self, result: tuple[Database, ProfileInfo, str, int, str, str | None]
    ) -> None:
        """The database is open with a profile (at start, or after a switch): build the
        profile's job watcher, context and pages, and show its goals."""
        from studyapp.gui.browser import BrowserPage
        from studyapp.gui.context import AppContext
        from studyapp.gui.file_actions import FileActions
        from studyapp.gui.goal import GoalPage
        from studyapp.gui.job_pool import JobPool
        from studyapp.gui.job_watcher import JobWatcher
        from studyapp.gui.jobs_page import JobsPage
        from studyapp.gui.stats_page import StatsPage
        from studyapp.gui.study import StudyPage
        from studyapp.handlers.registry import default_registry

        self.db, self.profile, provider, threads, appearance, given_up = result
        self._switching = False
        self._threads_in_use = self._threads_in_use or self._threads or threads
        # The profile is the truth; the local file only let the first frame be right.
        self.local.set_appearance(self.profile.name, appearance)
        theme.controller().set_appearance(appearance)
        if self._start.safe and not self._profile_serial:  # said once, not at every switch
            if given_up is not None and self._start.reset_appearance is None:
                self._start = replace(self._start, reset_appearance=given_up)
            self.banner.show_message(self._start.sentence(), "action")
        self.db_label.setText(f"Database: {self.db.description} \u00b7 profile {self.profile.name}")
        # The platform adds " — Studyapp" (the application's display name) itself.
        self.setWindowTitle(self.profile.name)
        self.provider_label.setText(provider)
        registry = self._registry or default_registry()
        watcher = JobWatcher(self.db, self.profile.id, listen=self._listen, parent=self)
        pool, new_pool = self._pool, False
        if self._run_jobs and pool is None:
            pool = JobPool(
                self.db,
                registry,
                threads=self._threads or threads,
                compute=self._compute_pool() if self._offload else None,
                parent=self,
            )
            pool.job_started.connect(self._job_started)
            pool.job_finished.connect(self._job_finished)
            pool.failed_to_start.connect(lambda m: self.banner.show_message(m, "jobs"))
            self._pool, new_pool = pool, True
        # This window's own key (environment, keyring) pays for this profile's jobs only.
        from studyapp.generation import paying_keys

        paying_keys.act_for(self.profile.id)
        self.ctx = AppContext(self.db, self.profile, registry, watcher, pool, self.local)
        watcher.database_lost.connect(self._database_lost)
        watcher.database_back.connect(self._database_back)
        watcher.reviews_changed.connect(self._reviews_elsewhere)
        watcher.job_event.connect(self._job_event)
        watcher.refreshed.connect(self._reconcile_running)
        self.goal_page = GoalPage(self.ctx, self.clock)
        self.goal_page.message.connect(self._status)
        self.goal_page.error.connect(lambda m: self.banner.show_message(m, "action"))
        self.pages.addWidget(self.goal_page)
        self.jobs_page = JobsPage(self.ctx)
        self.jobs_page.message.connect(self._status)
        self.jobs_page.error.connect(lambda m: self.banner.show_message(m, "action"))
        self.pages.addWidget(self.jobs_page)
        self.study_page = StudyPage(self.ctx)
        self.study_page.leave_requested.connect(self._leave_study)
        self.pages.addWidget(self.study_page)
        self.browser_page = BrowserPage(self.ctx)
        # The window's Edit → Find (Ctrl+F) routes here; the page's own shortcut would make the
        # key ambiguous (and then neither fires).
        self.browser_page.find_shortcut.setEnabled(False)
        self.browser_page.cards_changed.connect(self._browser_changed_cards)
        self.pages.addWidget(self.browser_page)
        self.stats_page = StatsPage(self.ctx)
        self.stats_page.failed.connect(lambda m: self.banner.show_message(m, "action"))
        self.pages.addWidget(self.stats_page)
        self.goal_page.study_requested.connect(self.show_study)
        self.study_actions.pages_ready()
        self.files = FileActions(self.ctx, self, self._goal_for_files, self.config)
        self.files.message.connect(self._status)
        self.files.problem.connect(lambda m: self.banner.show_message(m, "action"))
        self.files.imported.connect(lambda goal_id: self.load_goals(select=goal_id, open_it=True))
        self.files.restored.connect(lambda: self.load_goals(open_it=True))
        self.files.moved.connect(self.switch_profile)  # this profile left this database
        watcher.start()
        if pool is not None and new_pool:
            pool.start()
        self._set_enabled(True)
        self._update_jobs_label()
        interpreter.tune_for_the_window()
        self.load_goals(open_it=True)
        if not self._profile_serial:
            self.goal_actions.finish_abandoned()  # deletions a crashed start left unfinished
            self.database_ready.emit(self.db)
        self._profile_serial += 1
        self.profile_opened.emit(self.profile)

    # -- profiles -------------------------------------------------------------------------

    def show_profiles(self) -> ProfilesDialog | None:
        """File → Switch profile…: the profiles of this database; make, rename, open one."""
        if self.ctx is None or self.db is None or self._switching:
            return None
        from studyapp.gui.profiles_dialog import ProfilesDialog

        dialog = ProfilesDialog(self.db, self.ctx.profile, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_requested.connect(self.switch_profile)
        dialog.renamed.connect(self._profile_renamed)
        dialog.open()
        return dialog

    def _profile_renamed(self, renamed: ProfileInfo) -> None:
        if self.ctx is None or renamed.id != self.ctx.profile.id or self.db is None:
            return
        self.profile = renamed
        self.ctx.profile = renamed
        self.db_label.setText(f"Database: {self.db.description} \u00b7 profile {renamed.name}")
        self.setWindowTitle(renamed.name)
        db, config = self.db, self.config
        run_op(lambda: remember_profile(db, config, renamed), lambda _r: None, owner=self)

    def switch_profile(self, chosen: ProfileInfo) -> None:
        """Reopen the window on another profile, in this process: every page, the job watcher
        and what the window shows follow it. The job pool stays: it runs every profile's jobs
        (as ``studyapp worker`` does), so a generation in flight for the profile left goes on.
        The next start opens this profile again."""
        if self.db is None or self.ctx is None or self._switching:
            return
        if chosen.id == self.ctx.profile.id:
            return
        self._switching = True
        self._close_profile()
        db, config = self.db, self.config

        def failed(exc: BaseException) -> None:
            self._switching = False
            self.banner.show_message(error_text(exc), "action")
            self.loading_page.label.setText("The profile could not be opened (see above).")

        def work() -> tuple[Database, ProfileInfo, str, int, str, None]:
            from studyapp.services.profiles import get_profile

            return (*profile_state(db, get_profile(db, chosen.id), config), None)

        run_op(
            work,
            self._on_database_ready,
            failed,
            owner=self,
        )

    def _close_profile(self) -> None:
        """Take down what belongs to the profile on screen (pages, their timers and queries,
        the job watcher); the window shows "Opening …" until the next one is built."""
        self._set_enabled(False)
        self._switch_to(self.loading_page)
        self.loading_page.label.setText("Opening the profile\u2026")
        for page in (self.goal_page, self.jobs_page):
            if page is not None:
                page.shutdown()
        if self.study_page is not None:
            self.study_page.stop()
        shown: tuple[QWidget | None, ...] = (
            self.goal_page,
            self.jobs_page,
            self.study_page,
            self.browser_page,
            self.stats_page,
        )
        for widget in shown:
            if widget is not None:
                self.pages.removeWidget(widget)
                widget.deleteLater()  # its queries still in flight are dropped (owner gone)
        self.goal_page = self.jobs_page = self.study_page = None
        self.browser_page = self.stats_page = None
        self._before_study = None
        if self.files is not None:
            self.files.deleteLater()
            self.files = None
        if self.ctx is not None:
            self.ctx.watcher.stop()
            self.ctx.watcher.deleteLater()
        self.ctx = None
        self.goal_model.clear()
        self._running.clear()
        self._announced.clear()
        self._update_jobs_label()
        self.banner.hide()

    def _compute_pool(self) -> ComputePool:
        from studyapp.handlers import compute
        from studyapp.handlers.process_pool import ComputePool

        return ComputePool(warm=compute.warm, log_file=self.log_path)

    def _on_database_failed(self, exc: BaseException) -> None:
        self._opening = False  # it may be asked again
        message = error_text(exc)
        self.db_label.setText("No database")
        self.loading_page.label.setText("The database could not be opened (see above).")
        self.banner.show_message(message, "database")
        self.database_failed.emit(message)

    def _status(self, text: str) -> None:
        """A message for 6 s; one longer than the bar loses its middle (a file name at the
        end of a path stays readable). None once the window is shutting down: a job that
        finishes during the quit would start the bar's timer again after it was stopped."""
        if self._shut_down:
            return
        bar = self.statusBar()
        room = bar.width() - 24 - (self.jobs_label.width() if self.jobs_label.isVisible() else 0)
        shown = bar.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, max(room, 200))
        bar.showMessage(shown, 6000)
        # The whole sentence stays a hover away (plain text: it may quote a file or goal name).
        bar.setToolTip(tooltip(text) if shown != text else "")

    # -- goals ----------------------------------------------------------------------------

    def load_goals(self, select: int | None = None, *, open_it: bool = False) -> None:
        """Refresh the sidebar; ``open_it`` also shows ``select`` (or, at start, the first
        goal) instead of leaving whatever page is up."""
        if self.ctx is None:
            return
        from studyapp.services import goals

        db, profile_id = self.ctx.db, self.ctx.profile.id
        run_op(
            lambda: goals.list_goals(db, profile_id),
            lambda found: self._show_goals(found, select, open_it),
            owner=self,
            is_current=self._still(profile_id),
        )

    def _still(self, profile_id: int) -> Callable[[], bool]:
        """For ``run_op(is_current=…)``: is this profile still the one open?"""
        return lambda: self.ctx is not None and self.ctx.profile.id == profile_id

    def _show_goals(self, found: list[GoalInfo], select: int | None, open_it: bool) -> None:
        current = select if select is not None else self.current_goal_id()
        self.goal_model.clear()
        for goal in found:
            # A long title would fill the list (a 5,000-character one took 16 lines): its
            # start, at a word; the tooltip has more, as plain text.
            item = QStandardItem(one_line(goal.title, SIDEBAR_TITLE))
            item.setData(goal.id, GOAL_ID_ROLE)
            item.setData(goal.title, GOAL_TITLE_ROLE)
            item.setToolTip(tooltip(goal.title, counted(goal.cards, "card")))
            item.setEditable(False)
            item.setDropEnabled(False)  # goals are dropped between goals (a new order)
            self.goal_model.appendRow(item)
        ids = [g.id for g in found]
        if not found:
            self._switch_to(self.empty_page)
        else:
            target = current if current in ids else None
            on_start_page = self.pages.currentWidget() in (self.loading_page, self.empty_page)
            if target is None and (open_it or on_start_page):
                target = ids[0]
            if target is not None:
                self._mark_goal(target)
                if open_it or on_start_page:
                    self.show_goal(target)
        self.goals_loaded.emit()

    def current_goal_id(self) -> int | None:
        index = self.sidebar.currentIndex()
        return index.data(GOAL_ID_ROLE) if index.isValid() else None

    def _goal_clicked(self, index: QModelIndex) -> None:
        goal_id = index.data(GOAL_ID_ROLE)
        if goal_id is not None:
            self.show_goal(goal_id)

    def goal_left(self, goal_id: int) -> None:
        """``goal_id`` left the list (archived or deleted): a page showing it shows the goal
        that took its place in the list instead (the next one, else the one before)."""
        rows = [
            self.goal_model.index(r, 0).data(GOAL_ID_ROLE)
            for r in range(self.goal_model.rowCount())
        ]
        rest = [g for g in rows if g != goal_id]
        at = rows.index(goal_id) if goal_id in rows else len(rest)
        neighbour = rest[min(at, len(rest) - 1)] if rest else None
        current = self.pages.currentWidget()
        showing = (
            current is self.goal_page and self.goal_page is not None
            and self.goal_page.goal_id == goal_id
        ) or (
            current is self.study_page and self.study_page is not None
            and self.study_page.goal_id == goal_id
        )  # fmt: skip
        if showing and neighbour is not None:
            self.load_goals(select=neighbour, open_it=True)
        elif showing:
            self.load_goals()  # no goal left: the invitation
        else:
            self.load_goals(select=neighbour if self.current_goal_id() == goal_id else None)

    def _files_dropped_on_goal(self, goal_id: int, paths: list[Path]) -> None:
        self.show_goal(goal_id)
        assert self.goal_page is not None
        self.goal_page.add_material_files(paths)

    def _switch_to(self, page: QWidget) -> None:
        """Show ``page``; the page being left stops watching its jobs."""
        current = self.pages.currentWidget()
        if current is not page:
            if current is self.goal_page and self.goal_page is not None:
                self.goal_page.leave()
            elif current is self.study_page and self.study_page is not None:
                self.study_page.stop()
        self.pages.setCurrentWidget(page)
        self._update_actions()

    def show_goal(self, goal_id: int, *, pending: JobInfo | None = None) -> None:
        if self.goal_page is None:
            return
        self._switch_to(self.goal_page)
        self._mark_goal(goal_id)
        self.goal_page.show_goal(goal_id, pending=pending)
        self._update_actions()

    def _mark_goal(self, goal_id: int) -> None:
        """Highlight ``goal_id`` in the sidebar: a goal opened any other way than a click there
        (Esc from study, a drop, an import) left another goal highlighted, and the sidebar's
        goal is the one Study and Import act on. The sidebar answers clicks only, so this does
        not open the goal a second time."""
        found = self.goal_model.match(
            self.goal_model.index(0, 0), GOAL_ID_ROLE, goal_id, 1, Qt.MatchFlag.MatchExactly
        )
        if found and self.sidebar.currentIndex() != found[0]:
            self.sidebar.setCurrentIndex(found[0])

    def show_jobs(self) -> None:
        if self.jobs_page is not None:
            self._switch_to(self.jobs_page)

    def show_browser(self) -> None:
        """The card browser, over every goal, freshly searched."""
        if self.browser_page is not None:
            self._switch_to(self.browser_page)
            self.browser_page.show_goal(None)

    def _browser_changed_cards(self) -> None:
        # The goal page is hidden while the browser is up; it re-reads when shown again, but
        # its snapshot must not keep a moved or deleted card.
        if self.goal_page is not None and self.goal_page.goal_id is not None:
            self.goal_page.schedule_reload()
        self.load_goals()

    def _leave_study(self) -> None:
        """Esc (or End) in study: back to the page the learner came from."""
        before = self._before_study
        if before is self.goal_page and self.goal_page is not None:
            goal_id = self.goal_page.goal_id or self.current_goal_id()
            if goal_id is not None:
                self.show_goal(goal_id)
                return
        if before is not None and before not in (self.study_page, self.loading_page):
            self._switch_to(before)
            if before is self.browser_page and self.browser_page is not None:
                self.browser_page.refresh()  # the session moved due dates
            return
        goal_id = self.current_goal_id()
        if goal_id is not None:
            self.show_goal(goal_id)
        else:
            self._switch_to(self.empty_page)

    def show_study(
        self,
        goal_id: int | None,
        node_id: int | None,
        mode: str,
        custom: tuple[str, int] | None = None,
    ) -> None:
        """Study the due queue (or, with ``custom``, a Study more session) of a scope."""
        if self.study_page is not None:
            current = self.pages.currentWidget()
            if current is not self.study_page:
                self._before_study = current
            self._switch_to(self.study_page)
            self.study_page.start(goal_id, node_id, mode, custom)
            self.study_page.setFocus()

    def show_stats(self) -> None:
        if self.stats_page is not None:
            goal_id = self.goal_page.goal_id if self.goal_page is not None else None
            self._switch_to(self.stats_page)
            self.stats_page.show_goal(goal_id)

    def show_settings(self) -> SettingsDialog | None:
        if self.ctx is None:
            return None
        from studyapp.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._settings_saved)
        dialog.open()
        return dialog

    def _settings_saved(self, saved) -> None:
        self.local.set_appearance(self.config.profile, saved.appearance)
        whole = theme.controller().set_appearance(saved.appearance)
        later = saved.worker_threads != self._threads_in_use and self._run_jobs
        notes = ["Settings saved."]
        if later:
            notes.append("The new number of worker threads applies at the next start.")
        if not whole:
            notes.append("The dark colours apply fully at the next start.")
        self._status(" ".join(notes))
        if self.ctx is not None:
            db, profile_id = self.ctx.db, self.ctx.profile.id
            run_op(
                lambda: describe_provider(db, profile_id),
                self.provider_label.setText,
                owner=self,
            )

    def new_goal(self) -> NewGoalDialog | None:
        if self.ctx is None:
            return None
        dialog = NewGoalDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.create_goal(dialog.title.text(), dialog.description.toPlainText())
        )
        dialog.open()
        return dialog

    def create_goal(self, title: str, description: str = "") -> None:
        """Create the goal and start its skill tree; the tree skeleton shows at once."""
        assert self.ctx is not None
        from studyapp.services import generation, goals

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

        run_op(work, done, owner=self)

    # -- jobs -----------------------------------------------------------------------------

    def _job_started(self, job: JobInfo) -> None:
        if self.ctx is None or job.profile_id != self.ctx.profile.id:
            return  # the pool also runs the jobs of profiles not on screen
        self._running.add(job.id)
        self._update_jobs_label()

    def _job_finished(self, job: JobInfo) -> None:
        self._running.discard(job.id)
        self._update_jobs_label()
        if self.ctx is None or job.profile_id != self.ctx.profile.id:
            return
        self.ctx.watcher.accept(job)
        self._notify(job.id, job.type, job.status, job.goal_id, job.parent_id)
        nothing = nothing_made(job)
        if nothing:
            # Its placeholder just went and nothing took its place: say why, or the click on
            # Generate cards looks as if it did nothing.
            self._status(nothing)

    def _reconcile_running(self) -> None:
        """A job whose outcome could not be recorded sends no "finished": the pool knows."""
        pool = self.ctx.pool if self.ctx is not None else None
        if self._running and (pool is None or pool.running_count() == 0):
            self._running.clear()
            self._update_jobs_label()

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
        if job_type == DISTRACTOR_GENERATION:
            # Choices are made ahead for the cards coming up, and each card on the study page
            # says where its own stand: "Multiple-choice options are ready." under a card whose
            # choices had failed (another card's job) was a line about something else.
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
        text = finished_text(job_type, status)
        self._status(text)
        if QSystemTrayIcon.isSystemTrayAvailable() and self.isMinimized():
            if self.tray is None:
                self.tray = QSystemTrayIcon(self.windowIcon(), self)
                self.tray.show()
            self.tray.showMessage("Studyapp", text)

    def _update_jobs_label(self) -> None:
        count = len(self._running)
        self.jobs_label.setText(f"{count} job{'s' if count != 1 else ''} running")
        self.jobs_label.setVisible(count > 0)

    def _database_lost(self, message: str) -> None:
        self.banner.show_message(
            f"The database is unreachable; Studyapp keeps trying and loses nothing. ({message})",
            "database",
        )

    def _database_back(self) -> None:
        self.banner.clear("database")
        self._status("Database connection restored.")
        if self.goal_page is not None:
            self.goal_page.reload()

    def _reviews_elsewhere(self) -> None:
        """Another device of this learner (or a script) studied: what is on screen follows."""
        shown = self.pages.currentWidget()
        if shown is self.goal_page and self.goal_page is not None:
            self.goal_page.reload()
        elif shown is self.browser_page and self.browser_page is not None:
            self.browser_page.refresh()
        elif shown is self.stats_page and self.stats_page is not None:
            self.stats_page.refresh()

    def _show_problem(self, text: str) -> None:
        """The error boundary's one line (a known error's message, or a bug's pointer to the
        log)."""
        self.banner.show_message(text, "action")

    # -- shutdown -------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop timers and listeners; release running jobs (they resume at the next start).
        Called from closeEvent and again after the event loop ends; only the first call acts.
        Bounded: a job stuck in a slow HTTP call is released after QUIT_GRACE_S, not awaited.
        """
        if self._shut_down:
            return
        self._shut_down = True
        for page in (self.goal_page, self.jobs_page):
            if page is not None:
                page.shutdown()
        if self.study_page is not None:
            self.study_page.stop()
        self.clock.set_active(self, False)
        self.statusBar().clearMessage()  # stops the temporary-message timer
        # The pool (release the running jobs, stop its listener and heartbeat), the watcher
        # (stop its listener) and the session's deletions (made final: their undo ends with
        # the app; what needs longer, the next start finishes) each wait for their threads:
        # side by side, the quit costs the longest, not their sum.
        pool = self._pool
        stopping = None
        if pool is not None:
            stopping = threading.Thread(
                target=lambda: pool.stop(grace=QUIT_GRACE_S), name="quit-pool", daemon=True
            )
            stopping.start()
        finishing = self.goal_actions.finish()
        if self.ctx is not None:
            self.ctx.watcher.stop()
        if stopping is not None:
            stopping.join(QUIT_POOL_WAIT_S)
            if stopping.is_alive():
                log.warning("the job pool did not stop in time; its jobs will be rescued")
        if finishing is not None:
            finishing.join(QUIT_FINISH_S)
        # Short queries still in flight hold pooled connections: give them a moment before the
        # engine is disposed (one that hangs on a dead server is not waited for).
        QThreadPool.globalInstance().waitForDone(QUIT_QUERY_WAIT_MS)
        if self.db is not None:
            self.db.dispose()

    def closeEvent(self, event) -> None:
        self.hide()  # gone from the screen at once; the rest of the shutdown is bounded
        self.shutdown()
        super().closeEvent(event)


class _AfterFirstPaint(QObject):
    """Calls ``then`` once ``widget`` has been painted (after that paint, from the event loop)."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._then)
        return False


def start_profile(db: Database, config: AppConfig) -> ProfileInfo:
    """The profile a start opens: the one named on the command line, else the one open last
    on this machine (if the database still has it), else "default"."""
    from studyapp.db.identity import database_key
    from studyapp.services.profiles import ensure_profile, find_profile
    from studyapp.services.server_roles import own_profile

    if not config.profile_given:
        name = last_profile.remembered(config.data_dir, database_key(db))
        found = find_profile(db, name) if name else None
        if found is not None:
            return found
        own = own_profile(db)  # a learner's role on a shared server: its own profile
        if own is not None:
            return own
    return ensure_profile(db, config.profile)


def remember_profile(db: Database, config: AppConfig, profile: ProfileInfo) -> None:
    from studyapp.db.identity import database_key

    last_profile.remember(config.data_dir, database_key(db), profile.name)


def profile_state(
    db: Database, profile: ProfileInfo, config: AppConfig
) -> tuple[Database, ProfileInfo, str, int, str]:
    """What the window needs to open a profile (read off the GUI thread); it is remembered
    as the profile to open next time."""
    from studyapp.services.settings import get_settings

    settings = get_settings(db, profile.id)
    remember_profile(db, config, profile)
    return (
        db,
        profile,
        describe_provider(db, profile.id),
        settings.worker_threads,
        settings.appearance,
    )


def finished_text(job_type: str, status: str) -> str:
    """The note for a finished generation, in its job type's own words."""
    texts = texts_for(job_type)
    return (texts.failed if status == "failed" else texts.ready) + "."


def describe_provider(db: Database, profile_id: int) -> str:
    """The status bar's "Generator: …" (reads the key source, never the key)."""
    from studyapp.generation.keys import find_api_key
    from studyapp.services.settings import generator_words, get_settings

    settings = get_settings(db, profile_id)
    has_key = find_api_key().key is not None
    return "Generator: " + generator_words(settings.provider, settings.models, has_key)
