"""The study options dialog (Anki's deck options): the goal's preset, and its options.

Opened from the goal page ("Study options…") or Edit → Study options…. The top row picks the
preset the goal is studied with, and makes (a copy of the one shown), renames or deletes
presets; the form edits the preset shown, which every goal using it shares (the dialog says how
many). Save assigns the preset to the goal and writes its options in one go; a change of
retention or steps reschedules the preset's cards (the status line says how many).
"Optimise" fits the FSRS parameters to the learner's own reviews (``services/fsrs_optimiser``)
in a worker process and shows the fit before and after.

Everything that touches the database runs through ``run_op``; the dialog opens with ``open()``
and its small questions (a name, "delete?") too, never with a nested event loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.errors import BadInput
from studyapp.gui import theme
from studyapp.gui.context import AppContext
from studyapp.gui.feedback import error_text
from studyapp.gui.ops import run_op
from studyapp.gui.window_parts import plain_label
from studyapp.plural import counted
from studyapp.services import fsrs_optimiser, study_options
from studyapp.services.presets import Preset, format_steps, parse_steps
from studyapp.services.study_options import Options, Saved

log = logging.getLogger(__name__)


def describe_fit(preset: Preset) -> str:
    """The FSRS line: default parameters, or what the last "Optimise" found."""
    report = preset.optimised
    if not preset.parameters or not report:
        return "FSRS parameters: the defaults. Optimise fits them to your own reviews."
    return (
        f"FSRS parameters: fitted to {report.get('reviews', 0):,} of your reviews on "
        f"{str(report.get('at', ''))[:10]}. Log loss {report.get('log_loss_before', 0):.4f} \u2192 "
        f"{report.get('log_loss_after', 0):.4f}, RMSE {report.get('rmse_before', 0):.4f} \u2192 "
        f"{report.get('rmse_after', 0):.4f} (lower is better)."
    )


class StudyOptionsDialog(QDialog):
    """``StudyOptionsDialog(ctx, goal_id, goal_title, parent)``, then ``open()``."""

    loaded = Signal()  # presets are listed and the form is filled
    saved = Signal(object)  # study_options.Saved
    changed = Signal()  # a preset was made, renamed or deleted (the list was reloaded)
    optimised = Signal(object)  # fsrs_optimiser.Optimised, or an error message (str)

    def __init__(
        self, ctx: AppContext, goal_id: int, goal_title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.goal_id = goal_id
        self.presets: list[Preset] = []
        self.asker: QDialog | None = None
        self.setWindowTitle("Study options")
        self.setModal(True)
        self.setMinimumWidth(600)
        self._build(goal_title)
        self._set_enabled(False)
        self._load()

    # --- layout ------------------------------------------------------------------------------

    def _build(self, goal_title: str) -> None:
        layout = QVBoxLayout(self)
        shown = goal_title if len(goal_title) <= 80 else goal_title[:79] + "\u2026"
        layout.addWidget(plain_label(f"How \u201c{shown}\u201d is studied."))
        row = QHBoxLayout()
        self.preset_box = QComboBox()
        self.preset_box.setAccessibleName("Preset")
        self.preset_box.currentIndexChanged.connect(self._preset_chosen)
        self.new_button = QPushButton("New preset\u2026")
        self.new_button.setToolTip("A new preset with the options shown below")
        self.new_button.clicked.connect(self.ask_new)
        self.rename_button = QPushButton("Rename\u2026")
        self.rename_button.clicked.connect(self.ask_rename)
        self.delete_button = QPushButton("Delete\u2026")
        self.delete_button.clicked.connect(self.ask_delete)
        row.addWidget(QLabel("Preset"))
        row.addWidget(self.preset_box, 1)
        for button in (self.new_button, self.rename_button, self.delete_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.shared_label = plain_label(muted=True)
        layout.addWidget(self.shared_label)

        daily = QGroupBox("Daily limits")
        daily_form = QFormLayout(daily)
        self.new_per_day = QSpinBox()
        self.new_per_day.setRange(0, study_options.MAX_NEW_PER_DAY)
        self.new_per_day.setAccessibleName("New cards a day")
        self.reviews_per_day = QSpinBox()
        self.reviews_per_day.setRange(0, study_options.MAX_REVIEWS_PER_DAY)
        self.reviews_per_day.setAccessibleName("Reviews a day")
        daily_form.addRow("New cards a day", self.new_per_day)
        daily_form.addRow("Reviews a day", self.reviews_per_day)
        daily_form.addRow(
            plain_label(
                "Each goal has its own allowance; only reviews made here today count "
                "(not reviews that came with an import).",
                muted=True,
            )
        )
        layout.addWidget(daily)

        scheduling = QGroupBox("Scheduling")
        form = QFormLayout(scheduling)
        self.retention = QDoubleSpinBox()
        self.retention.setRange(0.70, 0.99)
        self.retention.setSingleStep(0.01)
        self.retention.setDecimals(2)
        self.retention.setAccessibleName("Desired retention")
        self.learning_steps = QLineEdit()
        self.learning_steps.setAccessibleName("Learning steps")
        self.learning_steps.setPlaceholderText("e.g. 1m 10m")
        self.relearning_steps = QLineEdit()
        self.relearning_steps.setAccessibleName("Relearning steps")
        self.relearning_steps.setPlaceholderText("e.g. 10m")
        self.bury_siblings = QCheckBox(
            "Bury the other cards of a note (reversed, cloze) until tomorrow once one is studied"
        )
        form.addRow("Desired retention", self.retention)
        form.addRow("Learning steps", self.learning_steps)
        form.addRow("Relearning steps", self.relearning_steps)
        form.addRow("Siblings", self.bury_siblings)
        self.fit_label = plain_label(muted=True)
        self.optimise_button = QPushButton("Optimise")
        self.optimise_button.setToolTip(
            "Fit the FSRS parameters to your own reviews of this preset's goals"
        )
        self.optimise_button.clicked.connect(self.optimise)
        fit_row = QHBoxLayout()
        fit_row.addWidget(self.fit_label, 1)
        fit_row.addWidget(self.optimise_button)
        form.addRow(fit_row)
        layout.addWidget(scheduling)

        self.status_label = plain_label()
        self.status_label.hide()
        layout.addWidget(self.status_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _fields(self) -> list[QWidget]:
        return [
            self.preset_box,
            self.new_button,
            self.rename_button,
            self.delete_button,
            self.new_per_day,
            self.reviews_per_day,
            self.retention,
            self.learning_steps,
            self.relearning_steps,
            self.bury_siblings,
            self.optimise_button,
            self.buttons.button(QDialogButtonBox.StandardButton.Save),
        ]

    def _set_enabled(self, enabled: bool) -> None:
        for widget in self._fields():
            widget.setEnabled(enabled)
        if enabled:
            preset = self.shown_preset()
            default = preset is None or preset.is_default
            self.rename_button.setEnabled(preset is not None)
            self.delete_button.setEnabled(not default)

    def _say(self, text: str, tone: str = "plain") -> None:
        palette = self.status_label.palette()
        color = (
            theme.error_color(palette)
            if tone == "bad"
            else self.palette().color(QPalette.ColorRole.WindowText)
        )
        palette.setColor(QPalette.ColorRole.WindowText, color)
        self.status_label.setPalette(palette)
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    # --- loading -----------------------------------------------------------------------------

    def _load(self, select: int | None = None) -> None:
        db, pid, goal_id = self.ctx.db, self.ctx.profile.id, self.goal_id

        def work() -> tuple[list[Preset], int]:
            return (
                study_options.list_presets(db, pid),
                study_options.goal_preset(db, pid, goal_id).id,
            )

        def done(found: tuple[list[Preset], int]) -> None:
            presets, goal_preset = found
            self._show(presets, goal_preset, select)

        run_op(work, done, self._failed, owner=self)

    def _show(self, presets: list[Preset], goal_preset: int, select: int | None) -> None:
        self.presets = presets
        self.goal_preset_id = goal_preset
        wanted = select if select is not None else goal_preset
        self.preset_box.blockSignals(True)
        self.preset_box.clear()
        for preset in presets:
            self.preset_box.addItem(preset.name, preset.id)
        self.preset_box.setCurrentIndex(max(0, self.preset_box.findData(wanted)))
        self.preset_box.blockSignals(False)
        self._fill(self.shown_preset())
        self._set_enabled(True)
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self._say(error_text(exc), "bad")
        self.loaded.emit()

    def shown_preset(self) -> Preset | None:
        wanted = self.preset_box.currentData()
        return next((p for p in self.presets if p.id == wanted), None)

    def _preset_chosen(self, _index: int) -> None:
        self._fill(self.shown_preset())
        self._set_enabled(True)

    def _fill(self, preset: Preset | None) -> None:
        if preset is None:
            return
        self.new_per_day.setValue(preset.new_per_day)
        self.reviews_per_day.setValue(preset.reviews_per_day)
        self.retention.setValue(preset.desired_retention)
        self.learning_steps.setText(format_steps(preset.learning_steps))
        self.relearning_steps.setText(format_steps(preset.relearning_steps))
        self.bury_siblings.setChecked(preset.bury_siblings)
        self.fit_label.setText(describe_fit(preset))
        others = [g for g in preset.goal_ids if g != self.goal_id]
        if others:
            self.shared_label.setText(
                f"Shared with {counted(len(others), 'other goal')}: changes apply to them too."
            )
        else:
            self.shared_label.setText("Used by this goal only." if preset.goal_ids else "")

    # --- presets -----------------------------------------------------------------------------

    def _ask_name(self, title: str, label: str, value: str, then: Callable[[str], None]) -> None:
        asker = QInputDialog(self)
        asker.setWindowTitle(title)
        asker.setLabelText(label)
        asker.setTextValue(value)
        asker.setInputMode(QInputDialog.InputMode.TextInput)
        asker.textValueSelected.connect(then)
        asker.finished.connect(lambda _r: self._asked(asker))
        self.asker = asker
        asker.open()

    def _asked(self, asker: QDialog) -> None:
        asker.deleteLater()
        if self.asker is asker:
            self.asker = None

    def ask_new(self) -> None:
        shown = self.shown_preset()
        self._ask_name(
            "New preset", "Name of the new preset:", "", lambda n: self._create(n, shown)
        )

    def _create(self, name: str, copy_of: Preset | None) -> None:
        db, pid = self.ctx.db, self.ctx.profile.id
        source = copy_of.id if copy_of is not None else None
        self._change(lambda: study_options.create_preset(db, pid, name, copy_of=source).id)

    def ask_rename(self) -> None:
        preset = self.shown_preset()
        if preset is None:
            return
        db, pid = self.ctx.db, self.ctx.profile.id
        self._ask_name(
            "Rename preset",
            "New name:",
            preset.name,
            lambda n: self._change(lambda: study_options.rename_preset(db, pid, preset.id, n).id),
        )

    def ask_delete(self) -> None:
        preset = self.shown_preset()
        if preset is None or preset.is_default:
            return
        question = QMessageBox(self)
        question.setIcon(QMessageBox.Icon.Question)
        question.setWindowTitle("Delete preset")
        question.setTextFormat(Qt.TextFormat.PlainText)
        users = len(preset.goal_ids)
        question.setText(
            f"Delete the preset \u201c{preset.name}\u201d?"
            + (f" Its {counted(users, 'goal')} will use the default preset." if users else "")
        )
        question.setStandardButtons(
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
        )
        db, pid = self.ctx.db, self.ctx.profile.id

        def answered(button: int) -> None:
            if button == QMessageBox.StandardButton.Yes:
                self._change(lambda: study_options.delete_preset(db, pid, preset.id) and None)

        question.finished.connect(answered)
        question.finished.connect(lambda _r: question.deleteLater())
        self.asker = question
        question.open()

    def _change(self, work: Callable[[], int | None]) -> None:
        """Run a preset change, then list the presets again (showing the one it returns)."""
        self._set_enabled(False)

        def done(selected: int | None) -> None:
            self._say("")
            self._load(select=selected)
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            self._set_enabled(True)
            self._say(error_text(exc), "bad")

        run_op(work, done, failed, owner=self)

    # --- saving ------------------------------------------------------------------------------

    def values(self) -> Options:
        """What the form says (BadInput for steps that do not parse)."""
        return Options(
            new_per_day=self.new_per_day.value(),
            reviews_per_day=self.reviews_per_day.value(),
            desired_retention=round(self.retention.value(), 2),
            learning_steps=parse_steps(self.learning_steps.text(), "Learning steps"),
            relearning_steps=parse_steps(self.relearning_steps.text(), "Relearning steps"),
            bury_siblings=self.bury_siblings.isChecked(),
        )

    def save(self) -> None:
        preset = self.shown_preset()
        if preset is None:
            return
        try:
            options = self.values()
        except BadInput as exc:
            self._say(str(exc), "bad")
            return
        db, pid, goal_id = self.ctx.db, self.ctx.profile.id, self.goal_id
        assign = preset.id != self.goal_preset_id

        def work() -> Saved:
            moved = study_options.assign_preset(db, pid, goal_id, preset.id) if assign else None
            saved = study_options.save_options(db, pid, preset.id, options)
            extra = moved.rescheduled if moved is not None else 0
            return Saved(saved.preset, saved.rescheduled + extra)

        self._set_enabled(False)
        run_op(work, self._saved, self._save_failed, owner=self)

    def _saved(self, saved: Saved) -> None:
        self.saved.emit(saved)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self._set_enabled(True)
        self._say(error_text(exc), "bad")

    # --- optimising --------------------------------------------------------------------------

    def optimise(self) -> None:
        preset = self.shown_preset()
        if preset is None:
            return
        db, pid = self.ctx.db, self.ctx.profile.id
        self._set_enabled(False)
        self._say("Optimising the FSRS parameters on your reviews\u2026 (this can take a while)")

        def done(result: fsrs_optimiser.Optimised) -> None:
            self._say(result.summary())
            self.optimised.emit(result)
            self._load(select=preset.id)

        def failed(exc: BaseException) -> None:
            self._set_enabled(True)
            self._say(error_text(exc), "bad")
            self.optimised.emit(error_text(exc))

        run_op(lambda: fsrs_optimiser.optimise_preset(db, pid, preset.id), done, failed, owner=self)
