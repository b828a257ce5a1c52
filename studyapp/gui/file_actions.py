"""File → Import, Export, Backup and Restore: the command line's interop, in the window.

Each asks for a file (and, for an import, which goal), then runs the existing service
(``services/apkg.py``, ``services/interop_csv.py``, ``services/backup.py``) off the GUI thread
with ``run_op(owner=…)``; the outcome is one sentence in the status bar, a refusal (a newer
backup, a file that is not a deck) one in the banner. Dialogs open with ``open()``, never a
nested event loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QVBoxLayout,
    QWidget,
)

from studyapp.config import AppConfig
from studyapp.errors import BadInput, ProfileNotEmpty
from studyapp.gui.context import AppContext
from studyapp.gui.feedback import error_text
from studyapp.gui.file_dialogs import file_dialog, safe_file_name
from studyapp.gui.ops import run_op
from studyapp.gui.plain_text import COMBO_TEXT, one_line
from studyapp.gui.restore_dialog import NEW_PROFILE, RestoreDialog
from studyapp.gui.server_move_dialog import ServerMoveDialog
from studyapp.gui.window_parts import plain_label
from studyapp.plural import counted
from studyapp.services import apkg, backup, goals, interop_csv
from studyapp.services.goals import GoalInfo

log = logging.getLogger(__name__)

DECK_FILTERS = "Anki package (*.apkg *.colpkg);;CSV: front,back[,skill] (*.csv *.tsv *.txt)"
EXPORT_FILTERS = "Anki package (*.apkg);;CSV (*.csv)"
BACKUP_FILTER = "Studyapp backup (*.zip *.json)"
NEW_GOAL = -1


def restore_refused(goals: int) -> str:
    """The window's words for a restore into a profile that got goals meanwhile (the dialog
    offered "into this profile" while it had none): what the learner can do here (the command
    line's answer, its flags, means nothing in the window)."""
    return (
        f"Nothing was restored: this profile has {counted(goals, 'goal')} now. Choose File → "
        "Restore… again to add the backup beside them, or to restore it into a new profile."
    )


def deck_format(path: Path) -> str:
    return "apkg" if path.suffix.lower() in {".apkg", ".colpkg"} else "csv"


class ImportDialog(QDialog):
    """Which goal gets the imported cards: the one on screen, another, or a new one."""

    def __init__(
        self, path: Path, goal_list: Sequence[GoalInfo], current: int | None, parent=None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import cards")
        self.setMinimumWidth(460)  # the title and the goal's name read whole
        self.path = path
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"Import the cards of \u201c{path.name}\u201d into:"))
        self.goal = QComboBox()
        self.goal.setAccessibleName("Goal")
        new_goal = (
            "A new goal, named after the Anki deck"
            if deck_format(path) == "apkg"
            else f"A new goal: \u201c{path.stem}\u201d"
        )
        self.goal.addItem(new_goal, NEW_GOAL)
        for goal in goal_list:
            self.goal.addItem(one_line(goal.title, COMBO_TEXT), goal.id)
        at = self.goal.findData(current) if current is not None else -1
        self.goal.setCurrentIndex(at if at >= 0 else 0)
        layout.addWidget(self.goal)
        layout.addWidget(
            plain_label(
                "Cards already in the goal (same front and back) are skipped; Anki sub-decks "
                "and CSV skill paths become skills."
            )
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def goal_id(self) -> int | None:
        value = self.goal.currentData()
        return None if value in (None, NEW_GOAL) else int(value)


class FileActions(QObject):
    """The window's file menu work. ``goal_id()`` says which goal is on screen."""

    message = Signal(str)
    problem = Signal(str)
    imported = Signal(int)  # the goal that received cards (select it)
    restored = Signal()
    moved = Signal(object)  # the profile of this database the window opens instead
    done = Signal(str)  # "import", "export", "backup", "restore": tests wait on it

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget,
        goal_id: Callable[[], int | None],
        config: AppConfig | None = None,
    ):
        """``config``: the window's start configuration (a move opens the target with it)."""
        super().__init__(parent)
        self.ctx = ctx
        self.window = parent
        self.goal_id = goal_id
        self.config = config

    def _run(self, what: str, work: Callable[[], Any], ok: Callable[[Any], None]) -> None:
        def succeeded(result: Any) -> None:
            ok(result)
            self.done.emit(what)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ProfileNotEmpty):
                self.problem.emit(restore_refused(exc.goals))
            else:
                self.problem.emit(error_text(exc))
            self.done.emit(what)

        run_op(work, succeeded, failed, owner=self)

    # -- import -----------------------------------------------------------------------------

    def _dialog(
        self,
        title: str,
        filters: str,
        on_chosen: Callable[[Path], None],
        save_as: str | None = None,
    ) -> QFileDialog:
        return file_dialog(
            self.window, title, filters, on_chosen, folders=self.ctx.local, save_as=save_as
        )

    def ask_import(self) -> QFileDialog:
        return self._dialog("Import cards", DECK_FILTERS, self._import_chosen)

    def offer_import(self, path: Path) -> None:
        """Ask which goal gets ``path``'s cards, then import (a deck opened from the desktop)."""
        self._import_chosen(path)

    def _import_chosen(self, path: Path) -> None:
        db, profile_id = self.ctx.db, self.ctx.profile.id
        run_op(
            lambda: goals.list_goals(db, profile_id),
            lambda found: self._ask_goal(path, found),
            lambda exc: self.problem.emit(error_text(exc)),
            owner=self,
        )

    def _ask_goal(self, path: Path, found: list[GoalInfo]) -> None:
        dialog = ImportDialog(path, found, self.goal_id(), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.import_file(path, dialog.goal_id()))
        dialog.open()

    def import_file(self, path: Path, goal_id: int | None) -> None:
        """Import ``path`` into ``goal_id`` (None: a new goal, named after the Anki deck or the
        CSV file). The service makes the new goal in the import's own transaction, so a refused
        file leaves no empty goal behind."""
        db, profile_id = self.ctx.db, self.ctx.profile.id
        reader = apkg.import_apkg if deck_format(path) == "apkg" else interop_csv.import_csv

        def work():
            if not path.is_file():
                raise BadInput(f"No such file: {path}.")
            return reader(db, profile_id, goal_id, path)

        def ok(result) -> None:
            self.message.emit(result.sentence())
            self.imported.emit(result.goal_id)

        self._run("import", work, ok)

    # -- export -----------------------------------------------------------------------------

    def ask_export(self, title: str = "") -> QFileDialog | None:
        """Export the goal on screen (or highlighted in the list); the file is named after it."""
        goal_id = self.goal_id()
        if goal_id is None:
            self.problem.emit("Choose the goal to export first (click it in the list).")
            return None
        return self._dialog(
            "Export cards",
            EXPORT_FILTERS,
            lambda path: self.export_to(goal_id, path),
            save_as=safe_file_name(title, ".apkg"),
        )

    def export_to(self, goal_id: int, path: Path) -> None:
        db, profile_id = self.ctx.db, self.ctx.profile.id
        if not path.suffix:
            path = path.with_suffix(".apkg")
        writer = apkg.export_apkg if deck_format(path) == "apkg" else interop_csv.export_csv
        self._run(
            "export",
            lambda: writer(db, profile_id, goal_id, path),
            lambda r: self.message.emit(f"Exported {counted(r.cards, 'card')} to {r.path}."),
        )

    # -- backup and restore -----------------------------------------------------------------

    def ask_backup(self) -> QFileDialog:
        return self._dialog(
            "Back up everything",
            BACKUP_FILTER,
            self.backup_to,
            save_as=f"studyapp-backup-{date.today():%Y-%m-%d}.zip",
        )

    def backup_to(self, path: Path) -> None:
        db, profile_id = self.ctx.db, self.ctx.profile.id

        def ok(result) -> None:
            self.message.emit(result.sentence())

        self._run("backup", lambda: backup.backup_profile(db, profile_id, path), ok)

    # -- move to another database -----------------------------------------------------------

    def ask_move(self) -> ServerMoveDialog:
        dialog = ServerMoveDialog(self.ctx.profile.name, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.move_to(dialog.url()))
        dialog.open()
        return dialog

    def move_to(self, url: str) -> None:
        """Move the profile to ``url`` ("embedded": this machine's own database), then open
        another profile here: this one is gone from this database."""
        db, profile_id = self.ctx.db, self.ctx.profile.id
        config = replace(
            self.config or AppConfig.resolve(),
            database_url=None if url.lower() == "embedded" else url,
        )

        def work():
            from studyapp.db.bootstrap import open_database
            from studyapp.services.profile_move import move_profile
            from studyapp.services.profiles import ensure_profile, list_profiles

            target = open_database(config)
            try:
                result = move_profile(db, profile_id, target)
            finally:
                target.dispose()
            left = list_profiles(db)
            return result, left[0] if left else ensure_profile(db, "default")

        def ok(outcome) -> None:
            result, landing = outcome
            self.message.emit(
                f"{result.sentence()} To use it, start Studyapp with that database "
                "(--database-url or STUDYAPP_DATABASE_URL)."
            )
            self.moved.emit(landing)

        self._run("move", work, ok)

    def ask_restore(self) -> QFileDialog:
        return self._dialog("Restore a backup", BACKUP_FILTER, self._ask_where)

    def _ask_where(self, path: Path) -> None:
        """How many goals the profile has decides what the dialog offers (read off the GUI
        thread), then :class:`RestoreDialog` asks where the backup goes."""
        db, profile = self.ctx.db, self.ctx.profile
        run_op(
            lambda: len(goals.list_goals(db, profile.id)),
            lambda count: self._show_restore_dialog(path, count),
            lambda exc: self.problem.emit(str(exc)),
            owner=self,
        )

    def _show_restore_dialog(self, path: Path, count: int) -> RestoreDialog:
        dialog = RestoreDialog(path, count, self.ctx.profile.name, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: (
                self.restore_from(path, new_profile=dialog.profile_name() or None)
                if dialog.choice() == NEW_PROFILE
                else self.restore_from(path, beside=count > 0)
            )
        )
        dialog.open()
        return dialog

    def restore_from(
        self, path: Path, *, new_profile: str | None = None, beside: bool = False
    ) -> None:
        """Restore ``path`` into a new profile named ``new_profile``, beside this profile's
        goals, or (neither) into this profile while it has no goals."""
        db, profile_id = self.ctx.db, self.ctx.profile.id

        def work():
            if new_profile is not None:
                return backup.restore_new_profile(db, new_profile, path)
            if beside:
                return backup.restore_beside(db, profile_id, path)
            return backup.restore_profile(db, profile_id, path)

        def ok(result) -> None:
            self.message.emit(result.sentence())
            self.restored.emit()

        self._run("restore", work, ok)
