"""The study page as a small package.

- ``session.py``: the Qt-free state machine (what shows, what a key means, undo).
- ``choices.py``: :class:`ChoiceTracker`, the QObject that gets multiple-choice options ready.
- ``widgets.py``: the widgets and how a ``View`` is painted; ``keys.py``: key press → study key.
- ``page.py``: :class:`StudyPage`, which joins them and runs the database work.
"""

from studyapp.gui.study.page import StudyPage
from studyapp.gui.study.session import EMPTY_TITLE, FAILED_PREFIX, PREPARING

__all__ = ["EMPTY_TITLE", "FAILED_PREFIX", "PREPARING", "StudyPage"]
