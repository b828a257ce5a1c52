"""Kept so ``main_window.py`` imports unchanged while it is reworked in parallel; new code
imports :mod:`studyapp.gui.study`. Remove once the window imports the package."""

from studyapp.gui.study import StudyPage

__all__ = ["StudyPage"]
