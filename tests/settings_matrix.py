"""The settings × restart matrix: every setting a learner can save in the window, as one row.

A row says where the setting is edited (``dialog``: a key of :data:`DIALOGS`), the value the
matrix saves (never the default), how a learner types or clicks it in (``write``, real input on
the real widget), how the dialog shows it back (``read``), and what that reading should be for
the saved value (``shown``, when the dialog does not show the value itself: a key comes back
masked).

To add a setting, add a row. A setting edited in another dialog (a goal's study options) adds
that dialog to :data:`DIALOGS` once: how to open it from the window and how to save it. The
walk after a restart (``tests/window_driver.py``, script ``menus``) saves every row in the real
window; the next process (script ``settings``) reads them all back
(``tests/test_gui_restart_matrix.py``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QWidget,
)

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier
Wait = Callable[[], bool]


# -- real input on the real widgets ---------------------------------------------------------


def type_into(edit: QLineEdit, text: str) -> None:
    """Click into the field, select what is there, type the new text."""
    QTest.mouseClick(edit, LEFT, pos=QPoint(8, edit.height() // 2))
    QTest.keyClick(edit, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(edit, text)


def type_number(box: QAbstractSpinBox, value: float | int, decimals: int = 0) -> None:
    edit = box.findChild(QLineEdit)
    assert edit is not None
    type_into(edit, f"{value:.{decimals}f}")
    QTest.keyClick(edit, Qt.Key.Key_Tab)  # leaving the field commits it


def pick(combo: QComboBox, data: Any) -> Iterator[Wait]:
    """Open the combo with a click and click the item whose data is ``data``."""
    at = combo.findData(data)
    assert at >= 0, f"{data!r} is not offered"
    QTest.mouseClick(combo, LEFT)
    view = combo.view()
    yield view.isVisible
    item = view.visualRect(combo.model().index(at, 0)).center()
    QTest.mouseMove(view.viewport(), item)  # the popup follows the pointer, as on screen
    yield lambda: view.currentIndex().row() == at
    # A release right after the popup opened is taken for the click that opened it.
    opened = time.monotonic()
    yield lambda: time.monotonic() - opened > QApplication.doubleClickInterval() / 1000
    QTest.mouseClick(view.viewport(), LEFT, pos=item)
    yield lambda: not view.isVisible() and combo.currentIndex() == at


def tick(box: QCheckBox, checked: bool) -> None:
    if box.isChecked() != checked:
        QTest.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))
    assert box.isChecked() == checked


# -- the rows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    name: str
    dialog: str
    value: Any
    widget: Callable[[Any], QWidget]  # where it is edited (a disabled one is written last)
    read: Callable[[Any], Any]
    write: Callable[[Any, Any], Iterator[Wait] | None]
    shown: Callable[[Any], Any] = lambda value: value


MODEL_VALUES = {  # each differs from the default (any name can be typed)
    "tree": "claude-opus-5-5",
    "cards": "claude-opus-5-5-20990101",
    "distractors": "claude-sonnet-5-5",
}


def _model(role: str) -> Row:
    return Row(
        f"model_{role}",
        "settings",
        MODEL_VALUES[role],
        lambda d: d.model_boxes[role],
        lambda d: d.model_boxes[role].currentText(),
        lambda d, v: type_into(d.model_boxes[role].lineEdit(), v),
    )


ROWS: tuple[Row, ...] = (
    Row(
        "appearance",
        "settings",
        "dark",
        lambda d: d.appearance,
        lambda d: d.appearance.currentData(),
        lambda d, v: pick(d.appearance, v),
    ),
    _model("tree"),
    _model("cards"),
    _model("distractors"),
    # After the models: ticking it disables their boxes (a run finding them disabled unticks
    # it first and types them after).
    Row(
        "offline",
        "settings",
        True,
        lambda d: d.offline,
        lambda d: d.offline.isChecked(),
        lambda d, v: tick(d.offline, v),
    ),
    Row(
        "worker_threads",
        "settings",
        2,
        lambda d: d.threads,
        lambda d: d.threads.value(),
        lambda d, v: type_number(d.threads, v),
    ),
    Row(
        "api_key",
        "settings",
        "sk-ant-api03-matrix-first-0001",
        lambda d: d.key_edit,
        lambda d: d.key_label.text(),
        lambda d, v: type_into(d.key_edit, v),
        shown=lambda v: f"sk-ant-\u2026{v[-4:]} (in the OS keyring)",
    ),
    # A goal's study options (its preset: here the profile's default one, which the walk's
    # goal uses), in the dialog the goal page opens.
    Row(
        "new_per_day",
        "study_options",
        7,
        lambda d: d.new_per_day,
        lambda d: d.new_per_day.value(),
        lambda d, v: type_number(d.new_per_day, v),
    ),
    Row(
        "reviews_per_day",
        "study_options",
        150,
        lambda d: d.reviews_per_day,
        lambda d: d.reviews_per_day.value(),
        lambda d, v: type_number(d.reviews_per_day, v),
    ),
    Row(
        "desired_retention",
        "study_options",
        0.85,
        lambda d: d.retention,
        lambda d: round(d.retention.value(), 2),
        lambda d, v: type_number(d.retention, v, 2),
    ),
    Row(
        "learning_steps",
        "study_options",
        "2m 20m",
        lambda d: d.learning_steps,
        lambda d: d.learning_steps.text(),
        lambda d, v: type_into(d.learning_steps, v),
    ),
    Row(
        "bury_siblings",
        "study_options",
        False,
        lambda d: d.bury_siblings,
        lambda d: d.bury_siblings.isChecked(),
        lambda d, v: tick(d.bury_siblings, v),
    ),
)


# -- the dialogs ----------------------------------------------------------------------------


def visible(kind: type) -> QWidget | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[-1] if found else None


def open_settings(window) -> Iterator[Wait]:  # type: ignore[no-untyped-def]
    """Ctrl+, on the window, then wait until the dialog shows the saved values."""
    from studyapp.gui.settings_dialog import SettingsDialog

    window.activateWindow()
    yield window.isActiveWindow
    target = QApplication.focusWidget() or window
    QTest.keyClick(target, Qt.Key.Key_Comma, CTRL)
    yield lambda: visible(SettingsDialog) is not None
    dialog = visible(SettingsDialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    yield lambda: save.isEnabled() and dialog.key_label.text() != "checking\u2026"
    return dialog


def save_settings(dialog) -> Iterator[Wait]:  # type: ignore[no-untyped-def]
    QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
    yield lambda: not shiboken6.isValid(dialog) or not dialog.isVisible()  # closed (and deleted)


@dataclass(frozen=True)
class Dialog:
    open: Callable[[Any], Iterator[Wait]]  # a generator of waits that returns the dialog
    save: Callable[[Any], Iterator[Wait]]


def open_study_options(window) -> Iterator[Wait]:  # type: ignore[no-untyped-def]
    """The goal on screen (the first in the list), then its Study options… button; wait until
    the dialog shows the preset's values."""
    from studyapp.gui.study_options import StudyOptionsDialog

    page = window.goal_page
    if window.pages.currentWidget() is not page:
        sidebar = window.sidebar
        rect = sidebar.visualRect(window.goal_model.index(0, 0))
        QTest.mouseClick(sidebar.viewport(), LEFT, pos=rect.center())
    yield lambda: window.pages.currentWidget() is page and bool(page.goal_id)
    QTest.mouseClick(page.options_button, LEFT)
    yield (
        lambda: (found := visible(StudyOptionsDialog)) is not None and found.new_per_day.isEnabled()
    )
    return visible(StudyOptionsDialog)


def save_study_options(dialog) -> Iterator[Wait]:  # type: ignore[no-untyped-def]
    saved: list[object] = []
    dialog.saved.connect(saved.append)
    QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
    yield lambda: bool(saved)
    yield lambda: not shiboken6.isValid(dialog) or not dialog.isVisible()


DIALOGS: dict[str, Dialog] = {
    "settings": Dialog(open_settings, save_settings),
    "study_options": Dialog(open_study_options, save_study_options),
}


def edit(dialog, rows: list[Row], values: dict[str, Any]) -> Iterator[Wait]:  # type: ignore[no-untyped-def]
    """Write ``values`` into ``rows`` of an open dialog, as a learner would: a field that is
    disabled until another is set (the models, while "offline" is ticked) comes last."""
    pending = [row for row in rows if row.name in values]
    for _round in range(2):
        later = []
        for row in pending:
            if not row.widget(dialog).isEnabled():
                later.append(row)
                continue
            steps = row.write(dialog, values[row.name])
            if steps is not None:
                yield from steps
        pending = later
    assert not pending, f"never enabled: {[row.name for row in pending]}"
