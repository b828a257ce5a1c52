"""How a page tells the learner something: error text and colours that follow the palette.

Colours with a meaning (good, bad, warning) have no palette role, so each has a light and a dark
variant chosen from the palette's window lightness; muted and plain text are palette roles. Pages
that use these re-apply them on ``QEvent.PaletteChange`` so a switch to dark mode recolours them.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QPalette

from studyapp.errors import StudyappError

log = logging.getLogger(__name__)

# tone -> (on a light window, on a dark window)
_TONES = {
    "good": ("#15803d", "#4ade80"),
    "bad": ("#b91c1c", "#f87171"),
    "warn": ("#b45309", "#fbbf24"),
}


def error_text(exc: BaseException) -> str:
    """Known errors in their own words; bugs get a traceback in the log and a line here that
    says where the log is. Every page shows failures through this (the error boundary,
    ``gui/error_boundary.py``, when the page has no place of its own for them)."""
    if isinstance(exc, StudyappError):
        return str(exc)
    log.error("operation failed: %s", type(exc).__name__, exc_info=exc)
    from studyapp.gui.error_boundary import log_file

    where = log_file()
    if where is None:
        return f"Something went wrong ({type(exc).__name__}); see the log on standard error."
    return f"Something went wrong ({type(exc).__name__}); see the log at {where}."


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def tone_color(palette: QPalette, tone: str) -> str:
    """A style-sheet colour for ``tone`` ("plain", "muted", "good", "bad", "warn")."""
    if tone == "plain":
        return "palette(text)"
    if tone == "muted":
        return "palette(placeholder-text)"
    light, dark = _TONES[tone]
    return dark if is_dark(palette) else light
