"""The card browser: every card of every goal in one sortable, filterable table.

Search is by words in the front or answer, or by meaning (the vector store's ranking, best match
first, until a column header is clicked); filters narrow by goal, skill (with its sub-skills),
state (active, due, new, suspended, buried, all), tag (with its children) and who made the
card. Sorting and filtering happen in PostgreSQL (``services/browser.py``); the table model holds
ids and fetches rows as they are painted (``model.py``). Several cards can be selected and
suspended (or unsuspended), buried until tomorrow (or unburied), tagged, moved to a skill or
deleted (after a confirmation); Enter or a double click edits one; Card info shows one card's
review history (``gui/card_info.py``).

Keys: Ctrl+F focuses the search, Enter edits the current card, Delete deletes the selection.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studyapp.gui.browser.columns import COLUMNS
from studyapp.gui.browser.dialogs import DeleteQuestion
from studyapp.gui.browser.model import CardTableModel, Entry, fetcher, row_runs
from studyapp.gui.browser.preview import CardPreview
from studyapp.gui.card_editor import CardEditor
from studyapp.gui.card_info import CardInfoDialog
from studyapp.gui.context import AppContext
from studyapp.gui.feedback import error_text, tone_color
from studyapp.gui.makers import maker
from studyapp.gui.move_dialog import MoveDialog, skill_label
from studyapp.gui.ops import run_op
from studyapp.gui.plain_text import COMBO_TEXT, one_line
from studyapp.gui.tags_dialog import TagsDialog
from studyapp.services import browser, burying, cards, tags
from studyapp.services.browser import CardFilter, FilterChoices, Sort, Status

TEXT_DELAY_MS = 200  # typing pauses this long before a word search runs
FIRST_SCREEN = 60  # rows fetched with a search (a tall window shows about 40)
MEANING_DELAY_MS = 450  # a search by meaning embeds the query: wait a little longer
STATUSES = (
    ("Active cards", Status.ACTIVE),
    ("Due now", Status.DUE),
    ("New", Status.NEW),
    ("Suspended", Status.SUSPENDED),
    ("Buried", Status.BURIED),
    ("All cards", Status.ALL),
)
ANY = "__any__"  # the "no filter" entry of the goal, skill and maker boxes


class CardTable(QTableView):
    """Fixed row heights and fixed-width columns: relayout never asks the model for sizes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setCornerButtonEnabled(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        rows.hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(40)
        self.setAccessibleName("Cards")


class BrowserPage(QWidget):
    cards_changed = Signal()  # cards were edited, moved, suspended, buried, tagged or deleted
    searched = Signal(int)  # a search's cards are in the table (their number)
    choices_loaded = Signal()  # the goal, skill and maker filters are filled

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAccessibleName("Card browser")
        self._choices = FilterChoices((), (), ())
        self._goal_wanted: int | None = None
        self._request = 0
        self._sort, self._descending = Sort.CREATED, False
        self._status_tone = "muted"
        self._status_text = ""
        self.editor: CardEditor | None = None
        self.confirm: DeleteQuestion | None = None
        self.mover: MoveDialog | None = None
        self.tagger: TagsDialog | None = None
        self.column_menu: QMenu | None = None
        db, pid = ctx.db, ctx.profile.id
        self.model = CardTableModel(fetcher(lambda ids: browser.card_rows(db, pid, ids)), self)
        self.model.fetch_failed.connect(lambda text: self._set_status(text, "bad"))
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.timeout.connect(self._search_now)
        self._build()
        self._apply_palette()

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)

        filters = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search fronts and answers\u2026   Ctrl+F")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search cards")
        self.search_edit.textChanged.connect(self._schedule)
        self.search_edit.returnPressed.connect(self._search_now)
        self.meaning_box = QCheckBox("By meaning")
        self.meaning_box.setToolTip("Find cards close in meaning, best match first")
        self.meaning_box.toggled.connect(lambda _on: self._schedule())
        self.goal_box = self._filter_box("Goal")
        self.skill_box = self._filter_box("Skill")
        self.status_box = self._filter_box("State")
        for label, status in STATUSES:
            self.status_box.addItem(label, status.value)
        self.maker_box = self._filter_box("Made by")
        self.tag_box = self._filter_box("Tag")
        self.goal_box.currentIndexChanged.connect(self._on_goal_changed)
        for box in (self.skill_box, self.status_box, self.maker_box, self.tag_box):
            box.currentIndexChanged.connect(lambda _i: self._search_now())
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(self.meaning_box)
        for box in (self.goal_box, self.skill_box, self.status_box, self.tag_box, self.maker_box):
            filters.addWidget(box, 1)
        layout.addLayout(filters)

        self.table = CardTable()
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        for i, column in enumerate(COLUMNS):  # sized from text, never from 10,000 rows
            wide = max(metrics.horizontalAdvance(t) for t in (column.title, column.sample))
            self.table.setColumnWidth(i, wide + 20)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sectionClicked.connect(self._on_header_clicked)
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.model.modelReset.connect(self._update_actions)
        self.model.rowsRemoved.connect(self._update_actions)
        self.model.rows_loaded.connect(self._update_actions)
        self.table.verticalScrollBar().valueChanged.connect(self._prefetch)
        layout.addWidget(self.table, 1)
        # The current card's faces, formatting and pictures included (gui/browser/preview.py).
        self.preview = CardPreview(self.ctx)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.preview.show_card(
                self.model.card_id(current.row()) if current.isValid() else None
            )
        )
        layout.addWidget(self.preview)

        actions = QHBoxLayout()
        self.edit_button = QPushButton("Edit   Enter")
        self.archive_button = QPushButton("Suspend")  # cards.archived: Anki's "suspended"
        self.bury_button = QPushButton("Bury")
        self.bury_button.setToolTip("Leave the selected cards out of study until tomorrow")
        self.tags_button = QPushButton("Tags\u2026")
        self.tags_button.setToolTip("Add or remove tags on the selected cards")
        self.info_button = QPushButton("Card info")
        self.info_button.setToolTip("The current card's state and review history")
        self.move_button = QPushButton("Move to skill\u2026")
        self.delete_button = QPushButton("Delete\u2026   Del")
        self.edit_button.clicked.connect(self.edit_current)
        self.archive_button.clicked.connect(self.toggle_suspended)
        self.bury_button.clicked.connect(self.toggle_buried)
        self.tags_button.clicked.connect(self.ask_tags)
        self.info_button.clicked.connect(self.show_card_info)
        self.move_button.clicked.connect(self._ask_move)
        self.delete_button.clicked.connect(self._ask_delete)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        for button in (
            self.edit_button,
            self.info_button,
            self.archive_button,
            self.bury_button,
            self.tags_button,
            self.move_button,
        ):
            actions.addWidget(button)
        actions.addWidget(self.delete_button)
        actions.addWidget(self.status_label, 1)
        layout.addLayout(actions)

        # Ctrl+F: the page's own, for a browser in a window of its own; the main window disables
        # it and routes its Edit → Find action here instead.
        self.find_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        self.find_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_shortcut.activated.connect(self.focus_search)
        for keys, slot in (
            (QKeySequence(QKeySequence.StandardKey.Delete), self._ask_delete),
            (QKeySequence(Qt.Key.Key_Return), self.edit_current),
            (QKeySequence(Qt.Key.Key_Enter), self.edit_current),
        ):
            shortcut = QShortcut(keys, self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        self._update_actions()

    def _prefetch(self) -> None:
        """Ask for a screen of rows above and below the visible ones as the view scrolls."""
        first = self.table.rowAt(0)
        if first < 0:
            return
        shown = max(1, self.table.viewport().height() // self.table.rowHeight(first))
        self.model.prefetch(first - shown, first + 2 * shown)

    def _column_menu(self, position: QPoint) -> None:
        """Right click on the header: show or hide columns (Front always stays)."""
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for i, column in enumerate(COLUMNS[1:], start=1):
            action = menu.addAction(column.title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(i))
            action.toggled.connect(lambda on, i=i: header.setSectionHidden(i, not on))
        menu.popup(header.viewport().mapToGlobal(position))
        self.column_menu = menu

    def _filter_box(self, name: str) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        box.setToolTip(name)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(10)
        return box

    # --- public ------------------------------------------------------------------------------

    def show_goal(self, goal_id: int | None = None) -> None:
        """Show the cards of ``goal_id`` (None: of every goal), reload the filters' choices and
        put the keyboard in the search field. Call it each time the page is shown."""
        self._goal_wanted = goal_id
        self._load_choices()
        self.focus_search()

    def refresh(self) -> None:
        """Search again with the same filters and selection (the cards changed elsewhere, e.g.
        a study session moved their due dates)."""
        self._search_now()

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.card_id(row) for row in rows]

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.card_id(index.row()) if index.isValid() else None

    def current_filter(self) -> CardFilter:
        """What the filter bar says now."""

        def chosen(box: QComboBox) -> Any:
            value = box.currentData()
            return None if value == ANY else value

        goal, skill, made_by = chosen(self.goal_box), chosen(self.skill_box), None
        if self.maker_box.currentData() != ANY:
            made_by = self.maker_box.currentData() or ""
        status = Status(self.status_box.currentData() or Status.ACTIVE.value)
        text = self.search_edit.text().strip()
        semantic = self.meaning_box.isChecked() and bool(text)
        sort, descending = self._sort, self._descending
        if semantic and sort is Sort.CREATED:
            sort = Sort.RELEVANCE
        tag = chosen(self.tag_box) or None
        return CardFilter(text, semantic, goal, skill, status, made_by, sort, descending, tag)

    # --- filters -----------------------------------------------------------------------------

    def _load_choices(self) -> None:
        db, pid = self.ctx.db, self.ctx.profile.id
        run_op(
            lambda: browser.filter_choices(db, pid),
            self._on_choices,
            lambda exc: self._set_status(error_text(exc), "bad"),
            owner=self,
        )

    def _on_choices(self, choices: FilterChoices) -> None:
        self._choices = choices
        goal = self._goal_wanted if self._goal_wanted is not None else self.goal_box.currentData()
        self._goal_wanted = None
        maker_now = self.maker_box.currentData()
        tag_now = self.tag_box.currentData()
        for box in (self.goal_box, self.maker_box, self.tag_box):
            box.blockSignals(True)
            box.clear()
        self.goal_box.addItem("All goals", ANY)
        for goal_id, title in choices.goals:
            self.goal_box.addItem(one_line(title, COMBO_TEXT), goal_id)
        self.goal_box.setCurrentIndex(max(0, self.goal_box.findData(goal)))
        self.maker_box.addItem("Made by anyone", ANY)
        for made_by in choices.made_by:
            self.maker_box.addItem(maker(made_by), made_by or "")
        self.maker_box.setCurrentIndex(max(0, self.maker_box.findData(maker_now)))
        self.tag_box.addItem("Any tag", ANY)
        for tag in choices.tags:
            self.tag_box.addItem(tag, tag)
        self.tag_box.setCurrentIndex(max(0, self.tag_box.findData(tag_now)))
        for box in (self.goal_box, self.maker_box, self.tag_box):
            box.blockSignals(False)
        self._fill_skills()
        self.choices_loaded.emit()
        self._search_now()

    def _reload_tags(self) -> None:
        """Tags were added or removed: the tag filter offers what exists now (no new search)."""
        db, pid = self.ctx.db, self.ctx.profile.id

        def fill(found: list[str]) -> None:
            self._choices = dataclasses.replace(self._choices, tags=tuple(found))
            current = self.tag_box.currentData()
            self.tag_box.blockSignals(True)
            self.tag_box.clear()
            self.tag_box.addItem("Any tag", ANY)
            for tag in found:
                self.tag_box.addItem(tag, tag)
            self.tag_box.setCurrentIndex(max(0, self.tag_box.findData(current)))
            self.tag_box.blockSignals(False)
            self.choices_loaded.emit()

        run_op(lambda: tags.all_tags(db, pid), fill, lambda exc: None, owner=self)

    def _fill_skills(self) -> None:
        goal = self.goal_box.currentData()
        current = self.skill_box.currentData()
        self.skill_box.blockSignals(True)
        self.skill_box.clear()
        self.skill_box.addItem("All skills", ANY)
        for skill in self._choices.skills:
            if goal in (None, ANY):
                self.skill_box.addItem(one_line(skill_label(skill), COMBO_TEXT), skill.node_id)
            elif skill.goal_id == goal:
                self.skill_box.addItem(
                    "\u2003" * skill.depth + one_line(skill.title, COMBO_TEXT), skill.node_id
                )
        self.skill_box.setCurrentIndex(max(0, self.skill_box.findData(current)))
        self.skill_box.blockSignals(False)

    def _on_goal_changed(self, _index: int) -> None:
        self._fill_skills()
        self._search_now()

    def _on_header_clicked(self, section: int) -> None:
        sort = COLUMNS[section].sort
        descending = sort is self._sort and not self._descending
        self._sort, self._descending = sort, descending
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(section, order)
        self._search_now()

    # --- searching ---------------------------------------------------------------------------

    def _schedule(self) -> None:
        semantic = self.meaning_box.isChecked() and bool(self.search_edit.text().strip())
        self._debounce.start(MEANING_DELAY_MS if semantic else TEXT_DELAY_MS)

    def _search_now(self, keep: Sequence[int] | None = None, note: str = "") -> None:
        """Run the search the filter bar describes; ``keep`` is the selection to restore and
        ``note`` what the change before it did ("Archived 3 cards.")."""
        self._debounce.stop()
        flt = self.current_filter()
        if flt.sort is Sort.RELEVANCE:
            self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._request += 1
        request = self._request
        db, pid = self.ctx.db, self.ctx.profile.id
        selection = list(keep) if keep is not None else self.selected_ids()
        current = self.current_id()
        self._set_status("Searching\u2026", "muted")
        fetch = self.model.fetch

        def work() -> tuple[list[int], list[Entry]]:
            ids = browser.search(db, pid, flt)
            return ids, fetch(ids[:FIRST_SCREEN])  # painted without another round trip

        def done(result: tuple[list[int], list[Entry]]) -> None:
            ids, first_rows = result
            self._show(flt, ids, first_rows, selection, current, note)

        run_op(
            work,
            done,
            self._on_search_failed,
            owner=self,
            is_current=lambda: request == self._request,
        )

    def _show(
        self,
        flt: CardFilter,
        ids: list[int],
        first_rows: list[Entry],
        selection: list[int],
        current: int | None,
        note: str,
    ) -> None:
        self.model.set_ids(ids, first_rows)
        self._select(selection, current)
        count = len(ids)
        if flt.semantic:
            ranked = flt.sort is Sort.RELEVANCE
            text = f"{count:,} closest by meaning" + (", best match first" if ranked else "")
        else:
            text = f"{count:,} card" + ("" if count == 1 else "s")
        self._status_text = " ".join(filter(None, (note, text if count else "No cards match.")))
        self._update_actions()
        self.searched.emit(count)

    def _on_search_failed(self, exc: BaseException) -> None:
        self._status_text = ""
        self._set_status(error_text(exc), "bad")

    def _select(self, ids: Sequence[int], current: int | None) -> None:
        selection_model = self.table.selectionModel()
        rows = [row for row in (self.model.row_of(i) for i in ids) if row is not None]
        selection = QItemSelection()
        last = len(COLUMNS) - 1
        for first, end in row_runs(rows):
            selection.select(self.model.index(first, 0), self.model.index(end, last))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        selection_model.select(selection, flags)
        row = self.model.row_of(current) if current is not None else None
        if row is not None:
            selection_model.setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    # --- actions -----------------------------------------------------------------------------

    def _update_actions(self) -> None:
        ids = self.selected_ids()
        for button in self._selection_buttons():
            button.setEnabled(bool(ids))
        self.edit_button.setEnabled(self.current_id() is not None)
        self.info_button.setEnabled(self.current_id() is not None)
        rows = [self.model.row(i) for i in ids]
        restore = bool(ids) and all(r is not None and r.archived for r in rows)
        self.archive_button.setText("Unsuspend" if restore else "Suspend")
        unbury = bool(ids) and all(r is not None and r.buried for r in rows)
        self.bury_button.setText("Unbury" if unbury else "Bury")
        if self._status_text:
            chosen = f" \u00b7 {len(ids):,} selected" if ids else ""
            self._set_status(self._status_text + chosen, "muted")

    def edit_current(self) -> None:
        card_id = self.current_id()
        if card_id is None or self.editor is not None:
            return
        editor = CardEditor(self.ctx, card_id, parent=self)
        editor.saved.connect(self._on_card_saved)
        editor.finished.connect(self._on_editor_closed)
        self.editor = editor
        editor.open()

    def _on_card_saved(self, info: cards.CardInfo) -> None:
        self.model.refresh([info.id])
        self._status_text = "Card saved."
        self._update_actions()
        self.cards_changed.emit()

    def _on_editor_closed(self, _result: int) -> None:
        if self.editor is not None:
            self.editor.deleteLater()
        self.editor = None
        self._back_to_table()

    def _back_to_table(self) -> None:
        """A dialog closed: the keyboard goes back to the table (and its window, which a
        window manager does by itself but the offscreen platform does not)."""
        if self.isVisible():
            self.activateWindow()
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _selection_buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.archive_button,
            self.bury_button,
            self.tags_button,
            self.move_button,
            self.delete_button,
        )

    def toggle_suspended(self) -> None:
        """Suspend the selection, or unsuspend it when every selected card is suspended."""
        ids = self.selected_ids()
        if not ids:
            return
        suspend = self.archive_button.text() == "Suspend"
        db, pid = self.ctx.db, self.ctx.profile.id
        verb = "Suspended" if suspend else "Unsuspended"
        self._mutate(lambda: cards.set_archived(db, pid, ids, suspend), verb, ids)

    def toggle_buried(self) -> None:
        """Bury the selection until tomorrow, or unbury it when every selected card is buried."""
        ids = self.selected_ids()
        if not ids:
            return
        db, pid = self.ctx.db, self.ctx.profile.id
        if self.bury_button.text() == "Bury":

            def bury() -> int:
                burying.bury_cards(db, pid, ids)
                return len(ids)

            self._mutate(bury, "Buried", ids)
        else:
            self._mutate(lambda: burying.unbury_cards(db, pid, ids), "Unburied", ids)

    def ask_tags(self) -> None:
        """The small dialog that adds or removes tags on the selection."""
        ids = self.selected_ids()
        if not ids or self.tagger is not None:
            return
        tagger = TagsDialog(len(ids), self._choices.tags, self)
        tagger.chosen.connect(lambda add, chosen: self._tag(ids, add, chosen))
        tagger.finished.connect(self._on_tagger_closed)
        self.tagger = tagger
        tagger.open()

    def _on_tagger_closed(self, _result: int) -> None:
        if self.tagger is not None:
            self.tagger.deleteLater()
        self.tagger = None
        self._back_to_table()

    def _tag(self, ids: list[int], add: bool, chosen: list[str]) -> None:
        db, pid = self.ctx.db, self.ctx.profile.id
        change = tags.add_tags if add else tags.remove_tags
        verb = "Tagged" if add else "Untagged"
        self._mutate(lambda: change(db, pid, ids, chosen), verb, ids, reload_choices=True)

    def show_card_info(self) -> CardInfoDialog | None:
        card_id = self.current_id()
        if card_id is None:
            return None
        return CardInfoDialog.show_for(self.ctx, card_id, self)

    def _ask_move(self) -> None:
        ids = self.selected_ids()
        if not ids or self.mover is not None:
            return
        mover = MoveDialog(len(ids), self._choices.skills, parent=self)
        mover.chosen.connect(lambda node_id: self._move(ids, node_id))
        mover.finished.connect(self._on_mover_closed)
        self.mover = mover
        mover.open()

    def _on_mover_closed(self, _result: int) -> None:
        if self.mover is not None:
            self.mover.deleteLater()
        self.mover = None
        self._back_to_table()

    def _move(self, ids: list[int], node_id: int) -> None:
        db, pid = self.ctx.db, self.ctx.profile.id
        self._mutate(lambda: cards.move_cards(db, pid, ids, node_id), "Moved", ids)

    def _ask_delete(self) -> None:
        ids = self.selected_ids()
        if not ids or self.confirm is not None:
            return
        confirm = DeleteQuestion(len(ids), self)
        confirm.finished.connect(lambda _r: self._on_confirmed(confirm, ids))
        self.confirm = confirm
        confirm.open()

    def _on_confirmed(self, confirm: DeleteQuestion, ids: list[int]) -> None:
        self.confirm = None
        confirm.deleteLater()
        self._back_to_table()
        if confirm.clickedButton() is not confirm.delete_button:
            return
        db, pid = self.ctx.db, self.ctx.profile.id
        self._mutate(lambda: cards.delete_cards(db, pid, ids), "Deleted", [])

    def _mutate(
        self,
        work: Callable[[], int],
        verb: str,
        keep: Sequence[int],
        *,
        reload_choices: bool = False,
    ) -> None:
        """Run a change ("Moved 3 cards."), then search again (rows leave or change) keeping
        ``keep`` selected (and re-read the filters' choices when tags changed)."""
        for button in self._selection_buttons():
            button.setEnabled(False)

        def done(count: int) -> None:
            self.model.refresh(keep)
            self._search_now(keep, note=f"{verb} {count:,} card{'' if count == 1 else 's'}.")
            if reload_choices:
                self._reload_tags()
            self.cards_changed.emit()

        def failed(exc: BaseException) -> None:
            self._update_actions()
            self._set_status(error_text(exc), "bad")

        run_op(work, done, failed, owner=self)

    # --- palette -----------------------------------------------------------------------------

    def _set_status(self, text: str, tone: str) -> None:
        self._status_tone = tone
        self.status_label.setText(text)
        self._color_status()

    def _color_status(self) -> None:
        palette = QPalette(self.status_label.palette())
        if self._status_tone == "muted":
            color = self.palette().color(QPalette.ColorRole.PlaceholderText)
        elif self._status_tone == "plain":
            color = self.palette().color(QPalette.ColorRole.WindowText)
        else:
            color = QColor(tone_color(self.palette(), self._status_tone))
        palette.setColor(QPalette.ColorRole.WindowText, color)
        self.status_label.setPalette(palette)

    def _apply_palette(self) -> None:
        self.model.set_muted(self.palette().color(QPalette.ColorRole.PlaceholderText))
        self._color_status()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
