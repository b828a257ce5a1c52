"""The skill tree's view: skills wrap instead of being cut off, placeholders span the row, a
failed branch shows its whole message with a Retry button (mouse, or Enter / R / Space), and
cards dragged from the deck drop onto a skill."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontMetrics, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
)

from studyapp.gui.goal.tree_model import SkillTreeModel, model_indexes
from studyapp.gui.placeholder import (
    Phase,
    SpinnerClock,
    failed_text_height,
    paint_placeholder,
    phase_of,
    retry_button_rect,
    shows_spinner,
)

PLACEHOLDER_HEIGHT = 36
MIN_ROW_HEIGHT = 26
_WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) | int(
    Qt.TextFlag.TextWordWrap
)


def _model(index: QModelIndex | QPersistentModelIndex) -> SkillTreeModel:
    return cast(SkillTreeModel, index.model())  # the only model these views show


class TreeDelegate(QStyledItemDelegate):
    def __init__(self, clock: SpinnerClock, view: SkillTreeView) -> None:
        super().__init__(view)
        self.clock = clock
        self.view = view
        self._heights: dict[tuple[str, int, str], int] = {}  # (text, width, font) -> height

    def sizeHint(self, option, index) -> QSize:
        model = _model(index)
        left = self.view.indent_of(index)
        if model.is_placeholder(index):
            job = model.job_at(index)
            width = max(1, self.view.viewport().width() - left)
            height = PLACEHOLDER_HEIGHT
            if job is not None and phase_of(job) is Phase.FAILED:
                item = model.item_at(index)
                text = item.text if item is not None else None
                height = max(height, failed_text_height(option.font, job, width, text))
            return QSize(width, height)
        if index.column() != 0:  # "12", "73%": the header sizes these columns to contents
            text = str(index.data() or "")
            return QSize(option.fontMetrics.horizontalAdvance(text) + 16, MIN_ROW_HEIGHT)
        # Skill names wrap onto a second line rather than being cut off. The text gets the
        # column less the indentation and the delegate's margins (focus frame + 1, each side).
        style = self.view.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.view) + 1
        width = max(40, self.view.header().sectionSize(0) - left - 2 * margin)
        text = str(index.data() or "")
        key = (text, width, option.font.key())
        measured = self._heights.get(key)
        if measured is None:  # a relayout asks for every row: measure each text once
            bound = QFontMetrics(option.font).boundingRect(QRect(0, 0, width, 10_000), _WRAP, text)
            measured = max(MIN_ROW_HEIGHT, bound.height() + 8)
            if len(self._heights) > 5_000:
                self._heights.clear()
            self._heights[key] = measured
        return QSize(width, measured)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        model = _model(index)
        job = model.job_at(index)
        if model.is_placeholder(index) and job is not None:
            opt = QStyleOptionViewItem(option)
            if self.view.isFirstColumnSpanned(index.row(), index.parent()):
                opt.rect.setRight(self.view.viewport().width())
            item = model.item_at(index)
            text = item.text if item is not None else None
            paint_placeholder(painter, opt, job, self.clock.angle, text=text)
            return
        super().paint(painter, option, index)


class SkillTreeView(QTreeView):
    retry_requested = Signal(int)

    def __init__(self, clock: SpinnerClock, parent=None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.setItemDelegate(TreeDelegate(clock, self))
        self.setAccessibleName("Skill tree")
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(True)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        clock.tick.connect(self._on_tick)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        # Wrapped names and failed rows change height with the width: lay out again.
        header.sectionResized.connect(lambda *_a: self.scheduleDelayedItemsLayout())

    def indent_of(self, index: QModelIndex | QPersistentModelIndex) -> int:
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        return (depth + int(self.rootIsDecorated())) * self.indentation()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        job = self._model().job_at(self.currentIndex())
        if (
            job is not None
            and phase_of(job) is Phase.FAILED
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_R, Qt.Key.Key_Space)
        ):
            self.retry_requested.emit(job.id)
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        index = self.indexAt(event.position().toPoint())
        job = self._model().job_at(index)
        if job is not None and phase_of(job) is Phase.FAILED:
            rect = self.visualRect(index)
            rect.setRight(self.viewport().width())
            if retry_button_rect(rect).contains(event.position().toPoint()):
                self.retry_requested.emit(job.id)
                return
        super().mouseReleaseEvent(event)

    def after_reset(self) -> None:
        """Placeholders span all columns; spinners run only while some are busy."""
        model = self._model()
        busy = False

        for index in model_indexes(model):
            if model.is_placeholder(index):
                self.setFirstColumnSpanned(index.row(), index.parent(), True)
                job = model.job_at(index)
                busy = busy or (job is not None and shows_spinner(job))
        self.clock.set_active(self, busy and self.isVisible())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()

    def _model(self) -> SkillTreeModel:
        return cast(SkillTreeModel, self.model())  # set by the page, never replaced

    def _on_tick(self) -> None:
        self.viewport().update()

    def hideEvent(self, event) -> None:
        self.clock.set_active(self, False)
        super().hideEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.model() is not None:
            self.after_reset()
