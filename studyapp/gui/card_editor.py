"""The one card editor: front, back and skill of one card (or of a new one), saved off the GUI
thread.

Every page writes and edits cards here, so they all behave the same (Tab moves on, Ctrl+Enter
saves, a refusal stays on screen): the goal page ("Add card", a double click), the study page (E
during review) and the card browser (Enter). It opens with
``open()`` (window-modal, no nested event loop), loads the card and its goal's skills in one
op, and on Save writes through ``services/cards`` and emits :attr:`CardEditor.saved` with the
fresh :class:`CardInfo`. A refused save (empty front, too long, the database away) keeps the
dialog open with the message under the fields, so nothing typed is lost.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from studyapp.gui.context import AppContext
from studyapp.gui.feedback import error_text, tone_color
from studyapp.gui.ops import run_op
from studyapp.gui.plain_text import tooltip
from studyapp.services import browser, cards
from studyapp.services.browser import SkillChoice
from studyapp.services.cards import CardInfo
from studyapp.shorten import shorten

NO_SKILL = "(no skill)"
EDITABLE_LIMIT = 20_000  # characters of a side the editor lays out (a longer one is kept as is)


class CardEditor(QDialog):
    saved = Signal(object)  # CardInfo, after the save committed
    loaded = Signal()  # the card and the skills are in the fields

    def __init__(
        self,
        ctx: AppContext,
        card_id: int | None = None,
        *,
        goal_id: int | None = None,
        node_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Edit ``card_id``, or write a new card in ``goal_id`` (and ``node_id``)."""
        super().__init__(parent)
        if card_id is None and goal_id is None:
            raise ValueError("a new card needs its goal")
        self.ctx = ctx
        self.card_id, self.goal_id, self.node_id = card_id, goal_id, node_id
        self.setWindowTitle("Edit card" if card_id is not None else "Add card")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.front_edit = QPlainTextEdit()
        self.back_edit = QPlainTextEdit()
        for edit, name in ((self.front_edit, "Front"), (self.back_edit, "Back")):
            edit.setTabChangesFocus(True)  # Tab moves on; the card text has no tabs
            edit.setAccessibleName(name)
            edit.setPlaceholderText("Loading\u2026" if card_id is not None else "")
        self.skill_box = QComboBox()
        self.skill_box.setAccessibleName("Skill")
        form.addRow("&Front", self.front_edit)
        form.addRow("&Back", self.back_edit)
        form.addRow("&Skill", self.skill_box)
        # Where a new card goes, said plainly (it used to default to "(no skill)", and the
        # skills' counts stopped adding up to the goal's).
        self.skill_note = QLabel()
        self.skill_note.setTextFormat(Qt.TextFormat.PlainText)
        self.skill_note.setWordWrap(True)
        self.skill_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.skill_note.hide()
        form.addRow("", self.skill_note)
        layout.addLayout(form, 1)
        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {tone_color(self.palette(), 'bad')};")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if card_id is None:
            self.save_button.setText("Add card")
        self.save_button.setToolTip("Save (Ctrl+Enter)")
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self._save)
        self._load()

    # --- loading -----------------------------------------------------------------------------

    def _load(self) -> None:
        db, pid, card_id, goal_id = self.ctx.db, self.ctx.profile.id, self.card_id, self.goal_id

        def work() -> tuple[CardInfo | None, list[SkillChoice]]:
            info = cards.get_card(db, pid, card_id) if card_id is not None else None
            goal = info.goal_id if info is not None else goal_id
            assert goal is not None
            return info, browser.skill_choices(db, pid, goal)

        run_op(work, self._on_loaded, self._on_failed, owner=self)

    def _on_loaded(self, result: tuple[CardInfo | None, list[SkillChoice]]) -> None:
        info, skills = result
        if info is not None:
            self.goal_id, self.node_id = info.goal_id, info.node_id
            for edit, text in ((self.front_edit, info.front), (self.back_edit, info.back)):
                self._show_side(edit, text)
            self._shown = (self.front_edit.toPlainText(), self.back_edit.toPlainText())
        for edit in (self.front_edit, self.back_edit):
            edit.setPlaceholderText("")
        if self.card_id is None:
            self._default_skill(skills)
        if self.node_id is None:  # a goal without skills yet, or a card that has none
            self.skill_box.addItem(NO_SKILL, None)
        for skill in skills:
            self.skill_box.addItem("\u2003" * skill.depth + skill.title, skill.node_id)
            self.skill_box.setItemData(
                self.skill_box.count() - 1, tooltip(skill.path), Qt.ItemDataRole.ToolTipRole
            )
        self.skill_box.setCurrentIndex(max(0, self.skill_box.findData(self.node_id)))
        self.save_button.setEnabled(True)
        self.front_edit.setFocus()
        self.front_edit.moveCursor(self.front_edit.textCursor().MoveOperation.End)
        self.loaded.emit()

    def _show_side(self, edit: QPlainTextEdit, text: str) -> None:
        """A side is edited in full, unless it is huge (an imported 5 MB field would take the
        editor seconds to lay out): then its start is shown, read-only, and it is kept as is."""
        if len(text) <= EDITABLE_LIMIT:
            edit.setPlainText(text)
            return
        edit.setPlainText(shorten(text, EDITABLE_LIMIT))
        edit.setReadOnly(True)
        edit.setToolTip(
            f"This side has {len(text):,} characters: only its start is shown, and it is kept "
            "as it is."
        )

    def _default_skill(self, skills: list[SkillChoice]) -> None:
        """A new card goes into the skill selected in the tree, else the goal's first skill;
        the note under the box says which and why."""
        chosen = next((s for s in skills if s.node_id == self.node_id), None)
        if chosen is not None:
            note = f"Into \u201c{chosen.title}\u201d, the skill selected in the tree."
        elif skills:
            chosen = skills[0]
            self.node_id = chosen.node_id
            note = (
                f"No skill was selected in the tree, so into \u201c{chosen.title}\u201d, the "
                "goal's first skill. Choose another if it belongs elsewhere."
            )
        else:
            self.node_id = None
            note = "This goal has no skills yet: the card gets one when its tree is made."
        self.skill_note.setText(note)
        self.skill_note.show()

    def _on_failed(self, exc: BaseException) -> None:
        self.error_label.setText(error_text(exc))
        self.error_label.show()
        self.save_button.setEnabled(self.goal_id is not None and self.card_id is None)

    # --- saving ------------------------------------------------------------------------------

    def _save(self) -> None:
        if not self.save_button.isEnabled():
            return
        db, pid = self.ctx.db, self.ctx.profile.id
        card_id, goal_id, old_node = self.card_id, self.goal_id, self.node_id
        front, back = self.front_edit.toPlainText(), self.back_edit.toPlainText()
        # Only what the learner changed is written: an untouched side keeps what it holds (an
        # imported side may be longer than one typed here may be; a huge one is not even shown).
        shown_front, shown_back = getattr(self, "_shown", (None, None))
        node_id = self.skill_box.currentData()

        def work() -> CardInfo:
            if card_id is None:
                assert goal_id is not None
                return cards.create_card(db, pid, goal_id, front, back, node_id=node_id)
            info = cards.edit_card(
                db,
                pid,
                card_id,
                front=None if front == shown_front else front,
                back=None if back == shown_back else back,
            )
            if node_id is not None and node_id != old_node:
                cards.move_cards(db, pid, [card_id], node_id)
                info = cards.get_card(db, pid, card_id)
            return info

        self.save_button.setEnabled(False)
        self.error_label.hide()
        run_op(work, self._on_saved, self._on_save_failed, owner=self)

    def _on_saved(self, info: CardInfo) -> None:
        self.saved.emit(info)
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        self.error_label.setText(error_text(exc))
        self.error_label.show()
        self.save_button.setEnabled(True)
