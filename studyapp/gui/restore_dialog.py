"""File → Restore…: where a backup goes, in a small dialog with the two ways a profile with goals
can take one (a restore used to be refused as soon as any goal existed).

- Into a new profile, named here: made by the restore, with the backup's settings; the window
  stays on the current profile and the result says which profile received it.
- Into this profile, beside its goals: added as new goals; the profile's own goals and its
  settings are not touched. A profile without goals takes the backup whole (settings too).

The dialog only asks; :class:`studyapp.gui.file_actions.FileActions` runs the restore off the
GUI thread with ``run_op``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.gui.window_parts import plain_label
from studyapp.plural import counted
from studyapp.services.profiles import MAX_NAME

NEW_PROFILE, THIS_PROFILE = 1, 2


class RestoreDialog(QDialog):
    """Ask where a backup goes; ``choice()`` and ``profile_name()`` say what was chosen."""

    def __init__(self, path: Path, goals: int, profile: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore a backup")
        self.goals = goals
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"Restore \u201c{path.name}\u201d into:"))
        self.group = QButtonGroup(self)
        self.new_profile = QRadioButton("A new profile, named:")
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("New profile name")
        self.name_edit.setMaxLength(MAX_NAME)
        self.name_edit.setPlaceholderText("e.g. Restored 2026")
        if goals:
            here = (
                f"This profile (\u201c{profile}\u201d), beside its {counted(goals, 'goal')}: "
                f"{'it' if goals == 1 else 'they'} and its settings are kept"
            )
        else:
            here = f"This profile (\u201c{profile}\u201d, no goals yet), with the backup's settings"
        self.this_profile = QRadioButton(here)
        self.group.addButton(self.this_profile, THIS_PROFILE)
        self.group.addButton(self.new_profile, NEW_PROFILE)
        layout.addWidget(self.this_profile)
        layout.addWidget(self.new_profile)
        layout.addWidget(self.name_edit)
        layout.addWidget(
            plain_label(
                "The backup's cards keep their schedule and history; its pictures and sounds "
                "go to the profile's media folder."
            )
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Restore")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.this_profile.setChecked(True)
        self.group.idToggled.connect(self._update)
        self.name_edit.textChanged.connect(self._update)
        self.name_edit.textEdited.connect(lambda _t: self.new_profile.setChecked(True))
        self._update()

    def choice(self) -> int:
        return self.group.checkedId()

    def profile_name(self) -> str:
        return self.name_edit.text().strip()

    def _update(self, *_args: object) -> None:
        """A new profile needs a name before Restore can be pressed."""
        self.ok_button.setEnabled(self.choice() != NEW_PROFILE or bool(self.profile_name()))
