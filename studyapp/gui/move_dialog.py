"""The one "Move to skill" dialog, used by the goal page and the card browser.

It opens with ``open()`` (window-modal, no nested event loop) and answers through ``chosen``
with the node id. Skills of one goal show as an indented tree (the goal page); skills of several
goals as "Goal › Parent › Skill" (the browser, which moves across goals), so the learner always
sees where a card ends up.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from studyapp.gui.plain_text import tooltip
from studyapp.plural import counted
from studyapp.services.browser import SkillChoice
from studyapp.services.goals import GoalInfo, NodeInfo, walk


def skill_label(skill: SkillChoice) -> str:
    """A skill named with its goal and parents, for lists that span goals."""
    return f"{skill.goal_title} \u203a {skill.path}"


def tree_choices(goal: GoalInfo, nodes: Sequence[NodeInfo]) -> list[SkillChoice]:
    """A goal's skill tree (as the goal page already holds it) as menu entries, depth-first, so
    the page needs no query to open the dialog."""
    out: list[SkillChoice] = []
    paths: dict[int, str] = {}  # the path of the node at each depth, along the walk
    for node, depth in walk(nodes):
        path = f"{paths[depth - 1]} \u203a {node.title}" if depth else node.title
        paths[depth] = path
        out.append(SkillChoice(node.id, goal.id, goal.title, node.title, depth, path))
    return out


class MoveDialog(QDialog):
    """Where should these cards go?"""

    chosen = Signal(int)  # node id

    def __init__(
        self,
        count: int,
        skills: Sequence[SkillChoice],
        *,
        current: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``current`` and ``parent`` are keywords only: given by position, a page passed as
        the third argument was taken for the current skill id and the dialog had no parent, so
        it was not modal to the window (the browser did exactly that)."""
        super().__init__(parent)
        self.setWindowTitle("Move to skill")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        question = QLabel(f"Move {counted(count, 'card')} to which skill?")
        question.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(question)
        self.skill_box = QComboBox()
        self.skill_box.setAccessibleName("Skill")
        self.skill_box.setMinimumContentsLength(40)
        several_goals = len({s.goal_id for s in skills}) > 1
        for skill in skills:
            text = skill_label(skill) if several_goals else "\u2003" * skill.depth + skill.title
            self.skill_box.addItem(text, skill.node_id)
            self.skill_box.setItemData(
                self.skill_box.count() - 1,
                tooltip(skill_label(skill)),
                Qt.ItemDataRole.ToolTipRole,
            )
        at = self.skill_box.findData(current) if current is not None else -1
        self.skill_box.setCurrentIndex(max(0, at))
        layout.addWidget(self.skill_box)
        if not skills:
            empty = QLabel("No goal has skills yet: generate a skill tree first.")
            empty.setWordWrap(True)
            layout.addWidget(empty)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Move")
        self.ok_button.setEnabled(bool(skills))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.skill_box.setFocus()

    def _accept(self) -> None:
        node_id = self.skill_box.currentData()
        if node_id is not None:
            self.chosen.emit(int(node_id))
            self.accept()
