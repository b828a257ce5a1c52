"""The menu bar: every action of the window, with the usual shortcuts, so nothing needs the
command line. File, Edit, Goal (rename, archive, delete, order: ``gui/goal_actions.py``), Go
and Help; :meth:`Menus.add_go` puts another page in the Go menu
(the card browser, for instance) with its shortcut.

The Help menu's "Keyboard shortcuts" lists what is bound here plus the study keys, read from
the actions themselves so the list never disagrees with the bindings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

Key = QKeySequence | QKeySequence.StandardKey | str | None

STUDY_KEYS = (
    ("Space / Enter", "Study: show the answer, then go on"),
    ("1 2 3 4", "Study: Again, Hard, Good, Easy (quiz: pick an answer)"),
    ("-", "Study: bury the card until tomorrow"),
    ("@", "Study: suspend the card"),
    ("I", "Study: card info (its review history)"),
    ("Esc", "Study: leave"),
    ("Enter / R", "On a failed generation: Retry"),
    ("Delete", "Deck: suspend the selected cards"),
    ("Delete", "Goal list: delete the goal (asks first)"),
    ("Drag a goal", "Goal list: put it elsewhere in the list"),
    ("Esc", "Skill tree: back to all cards of the goal"),
)


@dataclass
class Menus:
    window: QMainWindow
    actions: dict[str, QAction] = field(default_factory=dict)
    menus: dict[str, QMenu] = field(default_factory=dict)

    def add(
        self,
        menu: str,
        name: str,
        text: str,
        slot: Callable[[], object],
        key: Key = None,
        *,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        if key is not None:
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.menus[menu].addAction(action)
        self.window.addAction(action)  # shortcuts work while the menu bar is hidden, too
        self.actions[name] = action
        return action

    def separator(self, menu: str) -> None:
        self.menus[menu].addSeparator()

    def add_go(self, name: str, text: str, slot: Callable[[], object], key: Key = None) -> QAction:
        """Another page in the Go menu."""
        return self.add("go", name, text, slot, key)

    def __getitem__(self, name: str) -> QAction:
        return self.actions[name]

    def shortcut_rows(self) -> list[tuple[str, str]]:
        rows = []
        for action in self.actions.values():
            key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if key:
                rows.append((key, action.text().replace("&", "").rstrip("\u2026")))
        return rows + list(STUDY_KEYS)


def build_menus(window: QMainWindow) -> Menus:
    """The empty menus; the window adds its actions (it owns the slots)."""
    menus = Menus(window)
    bar = window.menuBar()
    for name, title in (
        ("file", "&File"),
        ("edit", "&Edit"),
        ("goal", "G&oal"),
        ("go", "&Go"),
        ("help", "&Help"),
    ):
        menu = bar.addMenu(title)
        menu.setObjectName(f"{name}-menu")
        menus.menus[name] = menu
    return menus


class ShortcutsDialog(QDialog):
    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 520)
        layout = QVBoxLayout(self)
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels(["Keys", "Does"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (key, what) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(key))
            table.setItem(row, 1, QTableWidgetItem(what))
        table.resizeColumnToContents(0)
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
