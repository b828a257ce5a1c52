"""Small pieces of the main window: the problem banner, the start pages and the new-goal dialog,
and the goal sidebar (which takes dropped material files onto a goal)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QPainter,
    QPalette,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.errors import BadInput
from studyapp.gui import theme

GOAL_ID_ROLE = Qt.ItemDataRole.UserRole + 31
GOAL_TITLE_ROLE = Qt.ItemDataRole.UserRole + 32  # the whole title (the list shows its start)
GOAL_MIME = "application/x-studyapp-goal-id"  # a goal dragged within the goal list


def plain_label(text: str = "", *, wrap: bool = True, muted: bool = False) -> QLabel:
    """A label that shows ``text`` as typed (a title with ``<b>`` stays text); ``muted`` for
    notes beside a control, in the placeholder colour."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if muted:
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def enter_presses(buttons: QDialogButtonBox, button: QPushButton) -> None:
    """Make ``button`` what Enter presses in a dialog with a list: the box's buttons are
    auto-defaults, so Close (the first) took Enter and closed the dialog instead."""
    for box_button in buttons.buttons():
        if isinstance(box_button, QPushButton):  # all of them: the box makes push buttons
            box_button.setAutoDefault(False)
    button.setDefault(True)


class EmptyStatePage(QWidget):
    """What a learner sees before any goal exists: one clear invitation."""

    new_goal_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        title = plain_label("What do you want to learn?", wrap=False)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        hint = plain_label(
            "Set a goal, such as \u201cUnderstand TCP congestion control\u201d. Studyapp maps it "
            "into skills and makes flashcards for each one. You can also add your own notes "
            "(drop a .txt, .md, .html or .pdf file on a goal) or import an Anki deck "
            "(File \u2192 Import)."
        )
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setFixedWidth(520)
        hint.setMinimumHeight(hint.heightForWidth(520))
        self.button = QPushButton("Create your first goal")
        self.button.setDefault(True)
        self.button.setAccessibleName("Create your first goal")
        self.button.clicked.connect(self.new_goal_requested)
        for widget in (title, hint, self.button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)


class LoadingPage(QWidget):
    """Shown until the goals are known: neither the empty state nor a goal, yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.label = plain_label("Opening your goals\u2026")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.label)


class NewGoalDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New goal")
        self.resize(520, 300)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("What do you want to learn?"))
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Understand TCP congestion control")
        self.title.setAccessibleName("Goal")
        layout.addWidget(self.title)
        # The service's limit, said before OK is pressed: a pasted 5,000 characters used to be
        # cut to 500 without a word.
        self.title_note = plain_label("")
        self.title_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.title_note.hide()
        layout.addWidget(self.title_note)
        layout.addWidget(plain_label("Details (optional): what you know already, what for"))
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        layout.addWidget(self.description)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Create and map skills")
        self.ok.setEnabled(False)
        self.title.textChanged.connect(self._check_title)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.title.setFocus()

    def _check_title(self, text: str) -> None:
        """OK only for a title the service takes; past the limit, say so (nothing is cut)."""
        # Imported here: the window's shell (this module) is on screen before the database
        # stack loads, and the dialog only opens after it has.
        from studyapp.services import goals

        try:
            goals.validate_title(text)
        except BadInput as exc:
            long = bool(text.strip())
            self.title_note.setText(str(exc) if long else "")
            self.title_note.setVisible(long)
            self.ok.setEnabled(False)
            return
        self.title_note.hide()
        self.ok.setEnabled(True)


class Banner(QFrame):
    """One line for problems the learner should read; a new one replaces the old. It paints
    its own background, a warm tint of whatever the palette's window colour is, so it reads in
    dark mode too and follows a scheme change by itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = plain_label("")
        self.label.setAccessibleName("Problem")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.setFlat(True)
        self.dismiss.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignTop)
        self.kind = ""
        self.hide()

    def background(self) -> QColor:
        return theme.warning_background(self.palette())

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(theme.warning_border(self.palette()))
            painter.setBrush(self.background())
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        finally:
            painter.end()

    def show_message(self, text: str, kind: str = "error") -> None:
        # During an outage the pages' failures are the outage too: the banner stays a
        # "database" one, so it goes when the database is back.
        if not (self.isVisible() and self.kind == "database"):
            self.kind = kind
        self.label.setText(text)
        self.show()

    def clear(self, kind: str) -> None:
        if self.kind == kind:
            self.hide()


class GoalListModel(QStandardItemModel):
    """The goal list's rows; a dragged goal travels as its id (``GOAL_MIME``)."""

    def mimeTypes(self) -> list[str]:
        return [GOAL_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        ids = [index.data(GOAL_ID_ROLE) for index in indexes if index.isValid()]
        if ids:
            mime.setData(GOAL_MIME, QByteArray(str(int(ids[0])).encode()))
        return mime

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction


class GoalSidebar(QListView):
    """The list of goals. Files dropped on a goal become its material; a goal dragged within the
    list is moved there (``goal_moved``: the goal, and the goal it now comes before, or None
    for the end). The move itself is the window's: the list is re-read from the database."""

    files_dropped = Signal(int, object)  # goal id, list[Path]
    goal_moved = Signal(int, object)  # goal id, the goal id it goes before (None: last)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Goals")
        self.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.setAcceptDrops(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QListView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)

    def _goal_at(self, event: QDropEvent | QDragEnterEvent) -> int | None:
        index = self.indexAt(event.position().toPoint())
        return index.data(GOAL_ID_ROLE) if index.isValid() else None

    @staticmethod
    def _dragged_goal(event: QDropEvent | QDragEnterEvent) -> int | None:
        data = event.mimeData()
        if not data.hasFormat(GOAL_MIME):
            return None
        try:
            return int(bytes(data.data(GOAL_MIME).data()).decode())
        except ValueError:
            return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dragged_goal(event) is not None:
            super().dragEnterEvent(event)  # the view's own drop indicator between rows
        elif any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self._dragged_goal(event) is not None:
            super().dragMoveEvent(event)
        elif event.mimeData().hasUrls() and self._goal_at(event) is not None:
            self.setCurrentIndex(self.indexAt(event.position().toPoint()))
            event.acceptProposedAction()
        else:
            event.ignore()

    def _goal_before(self, event: QDropEvent) -> int | None:
        """The goal a drop at the event's position puts the dragged one before."""
        point = event.position().toPoint()
        index = self.indexAt(point)
        model = self.model()
        if not index.isValid():
            return None  # below the last goal: the end
        rect = self.visualRect(index)
        row = index.row() + (1 if point.y() >= rect.center().y() else 0)
        if row >= model.rowCount():
            return None
        return model.index(row, 0).data(GOAL_ID_ROLE)

    def dropEvent(self, event: QDropEvent) -> None:
        goal_id = self._dragged_goal(event)
        if goal_id is not None:
            before = self._goal_before(event)
            # Copy, not move: the view would otherwise remove the dragged row itself; the
            # window re-reads the list in its new order instead.
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.stopAutoScroll()
            self.setState(QListView.State.NoState)
            self.viewport().update()
            self.goal_moved.emit(goal_id, before)
            return
        goal_id = self._goal_at(event)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if goal_id is None or not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(int(goal_id), paths)
