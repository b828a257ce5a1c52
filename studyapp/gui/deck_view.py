"""The deck's view and its one delegate: cards as two plain-text lines, placeholders greyed with a
spinner, failed generations with the error and a Retry button (mouse, or Enter / R on the row).

Text from the model or the learner is painted with ``drawText`` (never rich text), so markup in a
card shows literally.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from studyapp.gui.deck_model import DeckModel, Row
from studyapp.gui.placeholder import (
    Phase,
    SpinnerClock,
    paint_placeholder,
    phase_of,
    retry_button_rect,
    shows_spinner,
)
from studyapp.jobs.contract import JobInfo

ROW_HEIGHT = 54


class DeckDelegate(QStyledItemDelegate):
    retry_clicked = Signal(int)  # job id

    def __init__(self, clock: SpinnerClock, parent=None) -> None:
        super().__init__(parent)
        self.clock = clock

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(option.rect.width(), ROW_HEIGHT)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row = _row(index)
        if row is None:
            return
        job, card = row.job, row.card
        if job is not None:
            focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
            paint_placeholder(painter, option, job, self.clock.angle, retry_focused=focused)
            return
        if card is None:
            return
        painter.save()
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
            text_color = palette.color(QPalette.ColorRole.HighlightedText)
        else:
            text_color = palette.color(QPalette.ColorRole.Text)
        painter.setPen(QColor(0, 0, 0, 20))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        inner = rect.adjusted(12, 6, -12, -6)
        front_font = QFont(option.font)
        front_font.setBold(True)
        painter.setFont(front_font)
        painter.setPen(text_color)
        metrics = painter.fontMetrics()
        top = QRect(inner.left(), inner.top(), inner.width(), inner.height() // 2)
        painter.drawText(
            top,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(_one_line(card.front), Qt.TextElideMode.ElideRight, top.width()),
        )
        painter.setFont(option.font)
        muted = QColor(text_color)
        if not selected:
            muted.setAlpha(170)
        painter.setPen(muted)
        bottom = QRect(
            inner.left(), inner.top() + inner.height() // 2, inner.width(), inner.height() // 2
        )
        back = _one_line(card.back)
        back_meta = f"   · {card.provider}" if card.provider else ""
        painter.drawText(
            bottom,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(
                back + back_meta, Qt.TextElideMode.ElideRight, bottom.width()
            ),
        )
        painter.restore()

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


def _row(index: QModelIndex | QPersistentModelIndex) -> Row | None:
    model = index.model()
    return model.row_at(index) if isinstance(model, DeckModel) else None


def _one_line(text: str) -> str:
    return " ".join(text.split())


class DeckView(QListView):
    """A list of cards and placeholders. Enter or R on a failed row retries it."""

    retry_requested = Signal(int)  # job id

    def __init__(self, clock: SpinnerClock, parent=None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.delegate = DeckDelegate(clock, self)
        self.setItemDelegate(self.delegate)
        self.delegate.retry_clicked.connect(self.retry_requested)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAccessibleName("Cards")
        self.setMouseTracking(True)
        clock.tick.connect(self._on_tick)

    def setModel(self, model) -> None:  # type: ignore[override]
        super().setModel(model)
        for signal in (model.rowsInserted, model.rowsRemoved, model.dataChanged, model.modelReset):
            signal.connect(self._update_spinner_need)
        self._update_spinner_need()

    def _update_spinner_need(self, *args) -> None:
        model = self.model()
        busy = False
        if model is not None:
            busy = any(
                row.job is not None and shows_spinner(row.job) for row in model.placeholder_rows()
            )
        self.clock.set_active(self, busy and self.isVisible())

    def _on_tick(self) -> None:
        model = self.model()
        if model is None:
            return
        for row in model.placeholder_rows():
            at = model.row_of(row.key)
            if at is not None and row.job is not None and shows_spinner(row.job):
                self.update(model.index(at))

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
        self._update_spinner_need()
