"""Qt's own methods stay reachable on Studyapp's widgets: an attribute named like a QWidget
method hides it from every caller (the type check, `make lint`, now reports such a shadow)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction

from studyapp.gui.study.widgets import StudyView

pytestmark = pytest.mark.gui


def test_the_study_views_actions_are_its_qt_actions(qtbot) -> None:
    """The grade/reveal stack was stored as ``self.actions``, so ``view.actions()`` raised
    "'QStackedWidget' object is not callable" instead of listing the view's actions."""
    view = StudyView()
    qtbot.addWidget(view)
    bury = QAction("Bury", view)
    view.addAction(bury)
    assert view.actions() == [bury]
    assert view.action_pages.count() == 4  # reveal, grades, continue, nothing
