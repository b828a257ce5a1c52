"""The deck's view and its one delegate: each card as two plain-text lines beside its skill,
placeholders greyed with a spinner, failed generations with the whole error and a Retry button
(mouse, or Enter / R on the row).

A ``QTableView`` with fixed row heights: a relayout after rows arrive asks the header for
section sizes (C++), not the Python model for every row, which is what made a 10,000-card
``QListView`` stall on each change. Only placeholder rows differ: they span both columns, and a
failed one is as tall as its message needs, so nothing a learner must read is cut off.

Text from the model or the learner is painted with ``drawText`` (never rich text), so markup in a
card shows literally. Painting is kept cheap (fonts and colours made once per palette/font
change, no per-row allocations beyond the two strings), as it runs for every visible row on
every scroll step.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from studyapp.gui.goal.deck_model import CARD, SKILL, DeckModel, Row
from studyapp.gui.makers import maker
from studyapp.gui.placeholder import (
    Phase,
    SpinnerClock,
    failed_text_height,
    paint_placeholder,
    phase_of,
    retry_button_rect,
    shows_spinner,
)
from studyapp.gui.plain_text import one_line
from studyapp.jobs.contract import JobInfo
from studyapp.services.cards import CardInfo

PADDING = 12


def row_height(font: QFont) -> int:
    """Two lines of text and some air: the height of every card row."""
    return 2 * QFontMetrics(font).lineSpacing() + 16


class DeckDelegate(QStyledItemDelegate):
    retry_clicked = Signal(int)  # job id

    def __init__(self, clock: SpinnerClock, parent=None) -> None:
        super().__init__(parent)
        self.clock = clock
        self._font_key: object = None
        self._bold = QFont()
        # (column, card id, width) -> (card, skill, line 1, line 2)
        self._cache: dict[tuple[int, int, int], tuple[CardInfo, str, str, str]] = {}

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(option.rect.width(), row_height(option.font))

    def _fonts(self, font: QFont) -> QFont:
        key = font.key()
        if key != self._font_key:
            self._font_key = key
            self._bold = QFont(font)
            self._bold.setBold(True)
            self._cache.clear()
        return self._bold

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row = _row(index)
        if row is None:
            return
        if row.job is not None:
            focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
            paint_placeholder(painter, option, row.job, self.clock.angle, retry_focused=focused)
            return
        card = row.card
        if card is None:
            return
        rect = option.rect
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
            text_color = muted = palette.color(QPalette.ColorRole.HighlightedText)
        else:
            text_color = palette.color(QPalette.ColorRole.Text)
            muted = palette.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        inner = rect.adjusted(PADDING, 6, -PADDING // 2, -6)
        half = inner.height() // 2
        top = QRect(inner.left(), inner.top(), inner.width(), half)
        bottom = QRect(inner.left(), inner.top() + half, inner.width(), inner.height() - half)
        first, second = self._lines(index, card, option, inner.width())
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        if index.column() == CARD:
            painter.setFont(self._fonts(option.font))
            painter.setPen(text_color)
            painter.drawText(top, align, first)
            painter.setFont(option.font)
        else:
            painter.setPen(muted)
            painter.drawText(top, align, first)
        painter.setPen(muted)
        painter.drawText(bottom, align, second)

    def _lines(
        self,
        index: QModelIndex | QPersistentModelIndex,
        card: CardInfo,
        option: QStyleOptionViewItem,
        width: int,
    ) -> tuple[str, str]:
        """The two elided lines of a cell, made once per card, column and width: scrolling
        repaints the same rows many times, and eliding is the costly part of a paint."""
        column = index.column()
        model = index.model()
        skill = model.skill_of(card) if isinstance(model, DeckModel) else ""
        key = (column, card.id, width)
        hit = self._cache.get(key)
        if hit is not None and hit[0] is card and hit[1] == skill:
            return hit[2], hit[3]
        metrics = option.fontMetrics
        elide = Qt.TextElideMode.ElideRight
        if column == CARD:
            bold = QFontMetrics(self._fonts(option.font))
            first = bold.elidedText(one_line(card.front), elide, width)
            second = metrics.elidedText(one_line(card.back), elide, width)
        elif metrics.horizontalAdvance(skill) <= width or not skill:
            first = skill
            second = metrics.elidedText(maker(card.provider), elide, width)
        else:  # a long skill name takes both lines (who made the card is in the tooltip)
            first, second = _wrap_two(metrics, skill, width)
        if len(self._cache) > 20_000:
            self._cache.clear()
        self._cache[key] = (card, skill, first, second)
        return first, second

    def editorEvent(
        self,
        event: QEvent,
        model,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        row = _row(index)
        job = row.job if row is not None else None
        if job is None or phase_of(job) is not Phase.FAILED:
            return super().editorEvent(event, model, option, index)
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and retry_button_rect(option.rect).contains(event.position().toPoint())
        ):
            self.retry_clicked.emit(job.id)
            return True
        return False


def _wrap_two(metrics: QFontMetrics, text: str, width: int) -> tuple[str, str]:
    """``text`` over two lines of ``width``: words while they fit, the rest elided."""
    words = text.split()
    first = ""
    for at, word in enumerate(words):
        candidate = f"{first} {word}".strip()
        if first and metrics.horizontalAdvance(candidate) > width:
            rest = " ".join(words[at:])
            return first, metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
        first = candidate
    return metrics.elidedText(first, Qt.TextElideMode.ElideRight, width), ""


def _row(index: QModelIndex | QPersistentModelIndex) -> Row | None:
    model = index.model()
    return model.row_at(index) if isinstance(model, DeckModel) else None


class DeckView(QTableView):
    """Cards and placeholders. Enter or R on a failed row retries it; selected cards can be
    dragged onto a skill in the tree."""

    retry_requested = Signal(int)  # job id

    def __init__(self, clock: SpinnerClock, parent=None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.delegate = DeckDelegate(clock, self)
        self.setItemDelegate(self.delegate)
        self.delegate.retry_clicked.connect(self.retry_requested)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAccessibleName("Cards")
        self.setMouseTracking(True)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._apply_row_height()
        columns = self.horizontalHeader()
        columns.setHighlightSections(False)
        columns.setSectionsClickable(False)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._placeholders: list[int] = []  # rows given a span (and maybe a height)
        self.empty_text = ""  # said in the middle of an empty deck (what to do next)
        clock.tick.connect(self._on_tick)

    def _apply_row_height(self) -> None:
        height = row_height(self.font())
        self.verticalHeader().setMinimumSectionSize(height)
        self.verticalHeader().setDefaultSectionSize(height)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        columns = self.horizontalHeader()
        columns.setSectionResizeMode(CARD, QHeaderView.ResizeMode.Stretch)
        columns.setSectionResizeMode(SKILL, QHeaderView.ResizeMode.Interactive)
        columns.resizeSection(SKILL, 190)
        if model is not None:  # None takes the model away (Qt allows it): nothing to follow
            for signal in (
                model.rowsInserted,
                model.rowsRemoved,
                model.dataChanged,
                model.modelReset,
            ):
                signal.connect(self._rows_changed)
        self._rows_changed()

    # -- placeholders: span, height, spinner --------------------------------------------

    def _rows_changed(self, *args) -> None:
        """Placeholders live at the end (a few rows): give them their span and height, and
        run the spinner clock only while one is busy."""
        model = self.model()
        if not isinstance(model, DeckModel):
            return
        first = model.card_count()
        wanted = list(range(first, model.rowCount()))
        if wanted != self._placeholders:
            # Spans belong to row NUMBERS and outlive the rows: a placeholder's span left on
            # its row took the Skill cell of every card later shown there, in any goal. So
            # every span that is not a placeholder's now goes, and a failed placeholder's
            # taller row is given back its height.
            self.clearSpans()
            header = self.verticalHeader()
            default = header.defaultSectionSize()
            for row in self._placeholders:
                stale = row not in wanted and row < model.rowCount()
                if stale and header.sectionSize(row) != default:
                    header.resizeSection(row, default)
            self._placeholders = wanted
        for row in wanted:
            if self.columnSpan(row, 0) != 2:
                self.setSpan(row, 0, 1, 2)
        self._fit_placeholder_heights()
        busy = any(r.job is not None and shows_spinner(r.job) for r in model.placeholder_rows())
        self.clock.set_active(self, busy and self.isVisible())

    def _fit_placeholder_heights(self) -> None:
        model = self.model()
        if not isinstance(model, DeckModel):
            return
        header = self.verticalHeader()
        default = header.defaultSectionSize()
        width = self.viewport().width()
        for row in self._placeholders:
            at = model.row_at(model.index(row, 0))
            job = at.job if at is not None else None
            height = default
            if job is not None and phase_of(job) is Phase.FAILED:
                height = max(default, failed_text_height(self.font(), job, width))
            if header.sectionSize(row) != height:
                header.resizeSection(row, height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_placeholder_heights()

    def set_empty_text(self, text: str) -> None:
        if text != self.empty_text:
            self.empty_text = text
            self.viewport().update()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is None or model.rowCount() or not self.empty_text:
            return
        painter = QPainter(self.viewport())
        try:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            area = self.viewport().rect().adjusted(40, 30, -40, -30)
            painter.drawText(
                area,
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
                | int(Qt.TextFlag.TextWordWrap),
                self.empty_text,
            )
        finally:
            painter.end()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_row_height()
            self._fit_placeholder_heights()

    def _on_tick(self) -> None:
        model = self.model()
        if not isinstance(model, DeckModel):
            return
        for row in model.placeholder_rows():
            at = model.row_of(row.key)
            if at is not None and row.job is not None and shows_spinner(row.job):
                self.viewport().update(self.visualRect(model.index(at, 0)))

    # -- keys and visibility ------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = _row(self.currentIndex())
        job: JobInfo | None = row.job if row is not None else None
        if (
            job is not None
            and phase_of(job) is Phase.FAILED
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_R, Qt.Key.Key_Space)
        ):
            self.retry_requested.emit(job.id)
            event.accept()
            return
        super().keyPressEvent(event)

    def hideEvent(self, event) -> None:
        self.clock.set_active(self, False)
        super().hideEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._rows_changed()
