"""Card info (Anki's "Card Info", key I in study): a card's state and its review history.

Shown as plain text in a read-only text box (the card's text is the learner's or a model's:
never rendered as rich text), loaded off the GUI thread. :func:`report_text` is Qt-free so its
wording is tested on its own.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from studyapp.gui.context import AppContext
from studyapp.gui.feedback import error_text
from studyapp.gui.ops import run_op
from studyapp.services.card_history import CardReport, card_report
from studyapp.services.study import short_interval

TEXT_LIMIT = 500  # a card's side shown here at most (the editor has the whole text)


def _when(moment: datetime | None, zone: tzinfo | None) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else "\u2014"


def _side(value: str) -> str:
    flat = " ".join(value.split())
    return flat if len(flat) <= TEXT_LIMIT else flat[: TEXT_LIMIT - 1] + "\u2026"


def _days(stability: float | None) -> str:
    return short_interval(timedelta(days=stability)) if stability is not None else "\u2014"


def _seconds(ms: int | None) -> str:
    return f"{ms / 1000:.1f}s" if ms is not None else "\u2014"


def report_text(report: CardReport, zone: tzinfo | None = None) -> str:
    """The whole window's text: the card, its state, then one line per review."""
    state = report.state
    if report.suspended:
        state += " (suspended)"
    elif report.buried_until is not None:
        state += f" (buried until {_when(report.buried_until, zone)})"
    lines = [
        f"Front:  {_side(report.front)}",
        f"Answer: {_side(report.back)}",
        "",
        f"Goal: {report.goal_title}"
        + (f" \u203a {report.skill_title}" if report.skill_title else ""),
        f"Study options: {report.preset_name}",
        "Tags: " + (" ".join(report.tags) if report.tags else "\u2014"),
        f"Added: {_when(report.created_at, zone)}",
        f"State: {state}",
        f"Due: {_when(report.due, zone) if report.last_review else 'new (not studied yet)'}",
        f"Last review: {_when(report.last_review, zone)}",
        f"Stability: {_days(report.stability)}",
        "Difficulty: "
        + (f"{report.difficulty:.1f} of 10" if report.difficulty is not None else "\u2014"),
        "Retrievability now: "
        + (f"{report.retrievability:.0%}" if report.retrievability is not None else "\u2014"),
        f"Reviews: {len(report.history)}   Lapses: {report.lapses}   "
        f"Time spent: {_seconds(int(report.total_time.total_seconds() * 1000))}",
        "",
    ]
    if not report.history:
        lines.append("No reviews yet.")
        return "\n".join(lines)
    header = (
        f"{'Date':<17} {'Grade':<6} {'Interval':>8} {'Stability':>9} {'Difficulty':>10} {'Time':>7}"
    )
    lines += ["Review history:", header]
    for row in report.history:
        difficulty = f"{row.difficulty:.1f}" if row.difficulty is not None else "\u2014"
        extra = []
        if row.mode == "choice":
            extra.append("quiz")
        if not row.in_app:
            extra.append("imported")
        lines.append(
            f"{_when(row.reviewed_at, zone):<17} {row.grade:<6} "
            f"{short_interval(row.interval):>8} {_days(row.stability):>9} {difficulty:>10} "
            f"{_seconds(row.duration_ms):>7}" + (f"  ({', '.join(extra)})" if extra else "")
        )
    return "\n".join(lines)


class CardInfoDialog(QDialog):
    """``CardInfoDialog.show_for(ctx, card_id, parent)`` opens one (non-modal); ``loaded`` fires
    once its text is in."""

    loaded = Signal()

    def __init__(self, ctx: AppContext, card_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card_id = card_id
        self.setWindowTitle("Card info")
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Card info")
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText("Loading\u2026")
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        db, pid = ctx.db, ctx.profile.id
        run_op(lambda: card_report(db, pid, card_id), self._show, self._failed, owner=self)

    @classmethod
    def show_for(cls, ctx: AppContext, card_id: int, parent: QWidget) -> CardInfoDialog:
        dialog = cls(ctx, card_id, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _show(self, report: CardReport) -> None:
        self.text.setPlainText(report_text(report, datetime.now().astimezone().tzinfo))
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.text.setPlainText(error_text(exc))
        self.loaded.emit()
