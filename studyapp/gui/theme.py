"""Light and dark: follow the system's colour scheme, or the learner's choice.

Qt 6 reports the system's scheme (``QStyleHints.colorScheme``) and tells us when it changes. A
platform theme that supports it (GNOME, KDE, macOS, Windows) repaints by itself; elsewhere (a
bare X server, Qt's own Fusion style) a dark request would change nothing, so we apply a Fusion
palette for the scheme ourselves. Forcing "light" or "dark" (Settings → Appearance, stored in the
profile) does the same regardless of the system.

The style is chosen once, by :meth:`ThemeController.start`, before the first widget exists (the
window knows the appearance from ``gui/local_settings.py`` before the database opens). A later
change (Settings → Save, the profile differing from the local mirror, the system switching) only
sets the palette: replacing the style under live widgets is the kind of change that corrupted
memory at start. A native style that ignores a dark palette gets Fusion at the next start.

Everything we paint ourselves takes its colours from the palette (``QPalette`` roles), and the
few colours that mean something (an error, a warning, a chart series) come from the helpers
here, which pick a shade that reads on the palette's background, so both schemes stay legible.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

log = logging.getLogger(__name__)

APPEARANCES = ("system", "light", "dark")
APPEARANCE_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``amount`` of ``b`` over ``a``."""
    return QColor.fromRgbF(
        a.redF() * (1 - amount) + b.redF() * amount,
        a.greenF() * (1 - amount) + b.greenF() * amount,
        a.blueF() * (1 - amount) + b.blueF() * amount,
    )


def error_color(palette: QPalette) -> QColor:
    """Text that says something failed: a red that reads on the palette's base."""
    return QColor("#ff8a80") if is_dark(palette) else QColor("#b00020")


def error_background(palette: QPalette) -> QColor:
    return _mix(palette.color(QPalette.ColorRole.Base), QColor("#e53935"), 0.14)


def warning_background(palette: QPalette) -> QColor:
    return _mix(palette.color(QPalette.ColorRole.Window), QColor("#f5a623"), 0.22)


def warning_border(palette: QPalette) -> QColor:
    return _mix(palette.color(QPalette.ColorRole.Window), QColor("#f0a020"), 0.6)


def series_color(palette: QPalette, which: int = 0) -> QColor:
    """Chart series: the palette's accent first, then a green that reads on its base."""
    if which == 0:
        return palette.color(QPalette.ColorRole.Highlight)
    return QColor("#4ade80") if is_dark(palette) else QColor("#15803d")


def dark_palette() -> QPalette:
    """Fusion's colours for a dark scheme (what Qt's own dark theme uses, give or take)."""
    p = QPalette()
    window, base, text = QColor(45, 45, 48), QColor(30, 30, 32), QColor(232, 232, 232)
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor(40, 40, 43),
        QPalette.ColorRole.ToolTipBase: QColor(60, 60, 64),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor(160, 160, 166),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor(58, 58, 62),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor(255, 120, 120),
        QPalette.ColorRole.Light: QColor(80, 80, 84),
        QPalette.ColorRole.Midlight: QColor(66, 66, 70),
        QPalette.ColorRole.Mid: QColor(70, 70, 74),
        QPalette.ColorRole.Dark: QColor(24, 24, 26),
        QPalette.ColorRole.Shadow: QColor(10, 10, 10),
        QPalette.ColorRole.Highlight: QColor(58, 130, 246),
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.Link: QColor(110, 170, 255),
        QPalette.ColorRole.LinkVisited: QColor(170, 140, 255),
        QPalette.ColorRole.Accent: QColor(58, 130, 246),
    }
    for role, color in roles.items():
        p.setColor(role, color)
    disabled = QColor(125, 125, 130)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, QColor(80, 80, 84))
    return p


def system_scheme() -> Qt.ColorScheme:
    return QGuiApplication.styleHints().colorScheme()


class ThemeController(QObject):
    """Applies the learner's appearance and follows the system while it says "system".

    ``changed`` fires after the palette changed: a widget with its own style sheet gets no
    PaletteChange (Qt freezes its palette when the sheet is applied), so such a widget (the
    study page) re-applies its sheet on this signal instead."""

    changed = Signal()

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.appearance = "system"
        self._light = QPalette(app.palette())  # the platform's own palette at start
        self._style = app.style().name() if app.style() is not None else ""
        app.styleHints().colorSchemeChanged.connect(self._system_changed)

    def effective_scheme(self) -> Qt.ColorScheme:
        if self.appearance == "dark":
            return Qt.ColorScheme.Dark
        if self.appearance == "light":
            return Qt.ColorScheme.Light
        scheme = system_scheme()
        return Qt.ColorScheme.Light if scheme == Qt.ColorScheme.Unknown else scheme

    def start(self, appearance: str) -> None:
        """Style and palette for ``appearance``, before any widget is made: the one moment the
        style may change (Fusion, when we paint a dark scheme the platform does not)."""
        self.appearance = appearance if appearance in APPEARANCES else "system"
        dark = self.effective_scheme() == Qt.ColorScheme.Dark
        if dark and not is_dark(self.app.palette()) and not self._fusion():
            if QApplication.allWidgets():
                log.warning("widgets exist already: the style stays %s", self._style)
            elif "Fusion" in list(QStyleFactory.keys()):
                self.app.setStyle("Fusion")
        self.apply()

    def set_appearance(self, appearance: str) -> bool:
        """Change the appearance of a running window (palette only). False when the style in
        use may ignore part of it until the next start (a native style and a dark palette)."""
        self.appearance = appearance if appearance in APPEARANCES else "system"
        self.apply()
        return self._fusion() or self.effective_scheme() != Qt.ColorScheme.Dark

    def _fusion(self) -> bool:
        style = self.app.style()
        return style is not None and style.name().lower() == "fusion"

    def apply(self) -> None:
        """Set the palette of the effective scheme (never the style: see the module's doc)."""
        dark = self.effective_scheme() == Qt.ColorScheme.Dark
        if dark == is_dark(self.app.palette()):
            return  # the platform already paints this scheme
        if dark:
            self.app.setPalette(dark_palette())
        else:
            light = self._light if not is_dark(self._light) else self.app.style().standardPalette()
            self.app.setPalette(light)
        log.debug("appearance %s: %s palette", self.appearance, "dark" if dark else "light")
        self.changed.emit()

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.appearance == "system":
            self.apply()


def controller(app: QApplication | None = None) -> ThemeController:
    """The application's one theme controller (made on first use)."""
    running = app or QApplication.instance()
    assert isinstance(running, QApplication)  # widgets exist: a QApplication, not a core one
    found = running.findChild(ThemeController)
    return found if found is not None else ThemeController(running)
