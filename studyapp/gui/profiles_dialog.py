"""File → Switch profile…: the learners of this database, as Anki's profile manager.

A list of the profiles (the open one marked), and Open (the window reopens on the chosen profile,
in this process), New… (a name; the new profile is made empty, with default study options) and
Rename…. The dialog only asks and reports; the window does the switch (``MainWindow.
switch_profile``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.db.database import Database
from studyapp.gui.feedback import error_text
from studyapp.gui.ops import run_op
from studyapp.gui.text_dialog import TextDialog
from studyapp.gui.window_parts import enter_presses, plain_label
from studyapp.services import profiles
from studyapp.services.profiles import ProfileInfo


def check_name(name: str) -> None:
    """The service's own rule for a name, as the learner types it."""
    profiles.validate_name(name)


class ProfilesDialog(QDialog):
    open_requested = Signal(object)  # ProfileInfo: the window switches to it
    renamed = Signal(object)  # ProfileInfo: a profile's new name (the open one too)
    loaded = Signal()

    def __init__(self, db: Database, current: ProfileInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.current = current
        self.profiles: list[ProfileInfo] = []
        self.asker: TextDialog | None = None
        self.setWindowTitle("Profiles")
        self.resize(420, 360)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                "Each profile has its own goals, cards, history and settings. Open one to "
                "study as that learner."
            )
        )
        self.list = QListWidget()
        self.list.setAccessibleName("Profiles")
        self.list.itemActivated.connect(lambda _item: self.open_chosen())  # Enter, double-click
        self.list.currentRowChanged.connect(lambda _row: self._update())
        layout.addWidget(self.list, 1)
        self.note = plain_label("")
        self.note.hide()
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = QPushButton("Open")
        self.new_button = QPushButton("New\u2026")
        self.rename_button = QPushButton("Rename\u2026")
        for button in (self.open_button, self.new_button, self.rename_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        # Enter opens the chosen profile.
        enter_presses(self.buttons, self.open_button)
        self.open_button.clicked.connect(self.open_chosen)
        self.new_button.clicked.connect(self.ask_new)
        self.rename_button.clicked.connect(self.ask_rename)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._busy = True
        self._update()
        self.reload(select=current.id)

    # -- the list ----------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        db = self.db
        run_op(
            lambda: profiles.list_profiles(db),
            lambda found: self._show(found, select),
            self._failed,
            owner=self,
        )

    def _show(self, found: list[ProfileInfo], select: int | None) -> None:
        self._busy = False
        self.profiles = list(found)
        self.list.clear()
        for profile in found:
            mark = "  (open)" if profile.id == self.current.id else ""
            item = QListWidgetItem(profile.name + mark)
            item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        rows = [i for i, p in enumerate(found) if p.id == select]
        self.list.setCurrentRow(rows[0] if rows else 0)
        self._update()
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.note.setText(error_text(exc))
        self.note.show()
        self._update()

    def chosen(self) -> ProfileInfo | None:
        row = self.list.currentRow()
        return self.profiles[row] if 0 <= row < len(self.profiles) else None

    def _update(self) -> None:
        chosen = self.chosen()
        idle = not self._busy and self.asker is None
        self.open_button.setEnabled(idle and chosen is not None and chosen.id != self.current.id)
        self.rename_button.setEnabled(idle and chosen is not None)
        self.new_button.setEnabled(idle)

    # -- actions -----------------------------------------------------------------------------

    def open_chosen(self) -> None:
        chosen = self.chosen()
        if chosen is None or chosen.id == self.current.id or self._busy:
            return
        self.open_requested.emit(chosen)
        self.accept()

    def _ask(
        self, title: str, label: str, text: str, ok: str, then: Callable[[TextDialog, str], None]
    ) -> TextDialog:
        asker = TextDialog(title, label, text, ok=ok, check=check_name, parent=self)
        asker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        asker.chosen.connect(lambda name: then(asker, name))
        asker.finished.connect(lambda _r: self._asked(asker))
        self.asker = asker
        self._update()
        asker.open()
        return asker

    def _asked(self, asker: TextDialog) -> None:
        if self.asker is asker:
            self.asker = None
        self._update()

    def ask_new(self) -> TextDialog | None:
        if self.asker is not None or self._busy:
            return None
        return self._ask("New profile", "Name of the new profile:", "", "Create", self._create)

    def _create(self, asker: TextDialog, name: str) -> None:
        db = self.db

        def done(made: ProfileInfo) -> None:
            asker.accept()
            self.reload(select=made.id)

        run_op(
            lambda: profiles.create_profile(db, name),
            done,
            lambda exc: asker.refuse(error_text(exc)),
            owner=asker,
        )

    def ask_rename(self) -> TextDialog | None:
        chosen = self.chosen()
        if chosen is None or self.asker is not None or self._busy:
            return None
        return self._ask(
            "Rename profile",
            f"New name of the profile \u201c{chosen.name}\u201d:",
            chosen.name,
            "Rename",
            lambda asker, name: self._rename(asker, chosen, name),
        )

    def _rename(self, asker: TextDialog, chosen: ProfileInfo, name: str) -> None:
        db = self.db

        def done(renamed: ProfileInfo) -> None:
            asker.accept()
            if renamed.id == self.current.id:
                self.current = renamed
            self.renamed.emit(renamed)
            self.reload(select=renamed.id)

        run_op(
            lambda: profiles.rename_profile(db, chosen.id, name),
            done,
            lambda exc: asker.refuse(error_text(exc)),
            owner=asker,
        )
