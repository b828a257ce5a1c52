"""What the learner does with cards on the goal page: write one, edit one, move cards to a
skill (a dialog, or dropped on the tree), archive them, the deck's context menu. Every write runs
off the GUI thread through the page's ``op`` and ends in a refresh of the page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu

from studyapp.gui.card_editor import CardEditor
from studyapp.gui.move_dialog import MoveDialog, tree_choices
from studyapp.plural import counted
from studyapp.services import cards as card_service
from studyapp.services.cards import CardInfo

if TYPE_CHECKING:
    from studyapp.gui.goal.page import GoalPage


class DeckActions(QObject):
    moved = Signal(int)  # how many cards changed skill (tests and the status bar)

    def __init__(self, page: GoalPage) -> None:
        super().__init__(page)
        self.page = page
        deck = page.deck
        deck.doubleClicked.connect(self.edit_card)
        deck.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        deck.customContextMenuRequested.connect(self.deck_menu)
        archive = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), deck)
        # The deck's own Delete: in the goal list, Delete deletes the goal.
        archive.setContext(Qt.ShortcutContext.WidgetShortcut)
        archive.activated.connect(self.archive_selected)
        page.tree_model.cards_dropped.connect(self.move_cards)

    def selected_cards(self) -> list[CardInfo]:
        rows = self.page.deck.selectionModel().selectedRows()
        found = [self.page.deck_model.row_at(i) for i in rows]
        return [row.card for row in found if row is not None and row.card is not None]

    def ask_new_card(self) -> CardEditor | None:
        """Write a card by hand; the skill defaults to the one selected in the tree."""
        if self.page.goal_id is None:
            return None
        editor = CardEditor(
            self.page.ctx,
            goal_id=self.page.goal_id,
            node_id=self.page.selected_node(),
            parent=self.page,
        )
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(self._added)
        editor.open()
        return editor

    def _added(self, card: CardInfo) -> None:
        snapshot = self.page.snapshot
        titles = snapshot.node_titles() if snapshot is not None else {}
        skill = titles.get(card.node_id) if card.node_id is not None else None
        self.page.message.emit(f"Card added to \u201c{skill}\u201d." if skill else "Card added.")
        self.page.reload()

    def edit_card(self, index: QModelIndex | QPersistentModelIndex) -> CardEditor | None:
        row = self.page.deck_model.row_at(index)
        card = row.card if row is not None else None
        if card is None:
            return None
        editor = CardEditor(self.page.ctx, card.id, parent=self.page)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(lambda _c: self._done("Card saved."))
        editor.open()
        return editor

    def ask_move_selected(self) -> MoveDialog | None:
        cards = self.selected_cards()
        snapshot = self.page.snapshot
        if not cards or snapshot is None:
            if self.page.goal_id is not None:
                self.page.error.emit("Select the cards to move first (click, Shift+click, Ctrl+A).")
            return None
        if not snapshot.nodes:
            self.page.error.emit("This goal has no skills yet to move cards to.")
            return None
        current = cards[0].node_id if len({c.node_id for c in cards}) == 1 else None
        skills = tree_choices(snapshot.goal, snapshot.nodes)
        dialog = MoveDialog(len(cards), skills, current=current, parent=self.page)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ids = [c.id for c in cards]
        dialog.chosen.connect(lambda node: self.move_cards(ids, node))
        dialog.open()
        return dialog

    def move_cards(self, card_ids: list[int], node_id: int) -> None:
        """Put cards in a skill (dragged onto the tree, or "Move to skill…")."""
        if not card_ids:
            return
        db, profile_id = self.page.ctx.db, self.page.ctx.profile.id
        title = self.page.snapshot.node_titles().get(node_id, "") if self.page.snapshot else ""

        def moved(count: int) -> None:
            self.page.message.emit(
                f"Moved {count} card{'s' if count != 1 else ''} to \u201c{title}\u201d."
            )
            self.moved.emit(count)
            self.page.reload()

        self.page.op(
            lambda: card_service.move_cards(db, profile_id, card_ids, node_id),
            moved,
            goal_id=self.page.goal_id,
        )

    def archive_selected(self) -> None:
        cards = self.selected_cards()
        if not cards:
            return
        db, profile_id = self.page.ctx.db, self.page.ctx.profile.id
        ids = [c.id for c in cards]
        self.page.op(
            lambda: card_service.set_archived(db, profile_id, ids),
            lambda n: self._done(f"Suspended {counted(n, 'card')}."),
        )

    def _done(self, message: str) -> None:
        """A change to the deck went through: say so and show the deck as it is now."""
        self.page.message.emit(message)
        self.page.reload()

    def deck_menu(self, point) -> None:
        index = self.page.deck.indexAt(point)
        row = self.page.deck_model.row_at(index)
        if row is None or row.card is None:
            return
        if not self.page.deck.selectionModel().isRowSelected(index.row()):
            self.page.deck.selectRow(index.row())
        menu = QMenu(self.page)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction("Edit\u2026", lambda: self.edit_card(index))
        menu.addAction("Move to skill\u2026", self.ask_move_selected)
        menu.addAction("Suspend", self.archive_selected)
        menu.popup(self.page.deck.viewport().mapToGlobal(point))
