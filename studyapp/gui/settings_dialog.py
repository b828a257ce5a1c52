"""The settings dialog: API key, provider and models, worker threads, appearance, database.

Reads and saves through ``services.settings`` on the global pool (the keyring may talk D-Bus, the
profile lives in PostgreSQL). The key typed here goes only to the OS keyring; the dialog shows it
back masked, clears the field once stored, and never logs it.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.generation.settings import DEFAULT_MODELS, ENV_PROVIDER
from studyapp.gui import theme
from studyapp.gui.context import AppContext
from studyapp.gui.feedback import error_text
from studyapp.gui.ops import run_op
from studyapp.gui.window_parts import plain_label
from studyapp.services import settings as settings_service
from studyapp.services.settings import KeyStatus, ProfileSettings, SaveResult

log = logging.getLogger(__name__)

# Offered in the model boxes besides the defaults; any other name can be typed.
KNOWN_MODELS = ("claude-sonnet-5-5", "claude-haiku-5-5", "claude-opus-5-5")
ROLE_LABELS = {
    "tree": "Skill tree model",
    "cards": "Flashcard model",
    "distractors": "Multiple-choice model",
}


class SettingsDialog(QDialog):
    """``SettingsDialog(ctx, parent)``; ``exec()`` or ``open()`` it. ``saved`` carries the new
    :class:`ProfileSettings` (worker threads apply at the next start)."""

    loaded = Signal()  # settings and key status are shown (tests wait on it)
    saved = Signal(object)  # ProfileSettings
    key_changed = Signal(object)  # KeyStatus

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Settings")
        self.setModal(True)
        self.setMinimumWidth(640)
        self._pending = 2  # settings + key status
        self._build()
        self._set_enabled(False)
        self._load()

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = self._layout = QVBoxLayout(self)
        layout.setSpacing(12)

        generation = QGroupBox("Generation")
        form = QFormLayout(generation)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.key_label = plain_label("checking\u2026")
        self.key_label.setAccessibleName("API key")
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText("New key: sk-ant-\u2026")
        self.key_edit.setAccessibleName("New API key")
        self.key_save = QPushButton("Store in keyring")
        self.key_save.clicked.connect(self.store_key)
        self.key_clear = QPushButton("Remove")
        self.key_clear.clicked.connect(self.clear_key)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.key_save)
        key_row.addWidget(self.key_clear)
        self.key_note = plain_label(muted=True)
        self.key_note.hide()
        form.addRow("Anthropic API key", self.key_label)
        form.addRow("", key_row)
        form.addRow(self.key_note)  # full width: the sentence is long

        self.offline = QCheckBox("Always use the offline generator (no API calls, no key needed)")
        form.addRow("Provider", self.offline)
        # What actually runs, in the status bar's words: unticked with no key is offline too.
        self.in_use = plain_label(muted=True)
        self.in_use.setAccessibleName("Generator in use")
        form.addRow("", self.in_use)
        self.model_boxes: dict[str, QComboBox] = {}
        for role in settings_service.MODEL_ROLES:
            box = QComboBox()
            box.setEditable(True)
            box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            for name in dict.fromkeys((DEFAULT_MODELS[role], *KNOWN_MODELS)):
                box.addItem(name)
            box.setAccessibleName(ROLE_LABELS[role])
            self.model_boxes[role] = box
            form.addRow(ROLE_LABELS[role], box)
        self.offline.toggled.connect(self._provider_toggled)
        self.model_boxes["cards"].currentTextChanged.connect(lambda _t: self._show_in_use())
        self.threads = QSpinBox()
        self.threads.setRange(settings_service.MIN_THREADS, settings_service.MAX_THREADS)
        self.threads.setSuffix(" threads")
        self.threads.setToolTip("Generation jobs run at once. Takes effect at the next start.")
        form.addRow("Worker threads", self.threads)
        layout.addWidget(generation)

        study = QGroupBox("Study")
        study_form = QFormLayout(study)
        # Retention and the daily limits moved to per-goal presets (issue 19): say where.
        study_form.addRow(
            plain_label(
                "Desired retention, new cards and reviews a day and learning steps are set per "
                "goal: open a goal and press “Study options…” (Edit → Study "
                "options…).",
                muted=True,
            )
        )
        layout.addWidget(study)

        looks = QGroupBox("Appearance")
        looks_form = QFormLayout(looks)
        self.appearance = QComboBox()
        self.appearance.setAccessibleName("Appearance")
        for value in settings_service.APPEARANCES:
            self.appearance.addItem(theme.APPEARANCE_LABELS[value], value)
        self.appearance.setToolTip(
            "Light or dark colours; “Follow the system” switches with your desktop."
        )
        looks_form.addRow("Colours", self.appearance)
        layout.addWidget(looks)

        database = QGroupBox("Database")
        db_form = QFormLayout(database)
        self.database = QLineEdit(self.ctx.db.description)
        self.database.setReadOnly(True)
        # Selectable with the mouse (to copy the URL), but never where the keyboard starts or
        # lands on Tab: typing there does nothing.
        self.database.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.database.setAccessibleName("Database in use")
        self.database.setCursorPosition(0)
        db_form.addRow("In use", self.database)
        layout.addWidget(database)

        self.error_label = plain_label()
        palette = self.error_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, theme.error_color(palette))
        self.error_label.setPalette(palette)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # One label column width across the three groups, so their fields line up.
        forms = [form, study_form, looks_form, db_form]
        labels = [
            f.itemAt(row, QFormLayout.ItemRole.LabelRole)
            for f in forms
            for row in range(f.rowCount())
        ]
        widgets = [w for item in labels if item is not None and (w := item.widget()) is not None]
        width = max(w.sizeHint().width() for w in widgets)
        for widget in widgets:
            widget.setMinimumWidth(width)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (
            self.offline,
            *self.model_boxes.values(),
            self.threads,
            self.appearance,
            self.buttons.button(QDialogButtonBox.StandardButton.Save),
        ):
            widget.setEnabled(enabled)
        if enabled:
            self._provider_toggled(self.offline.isChecked())

    def _provider_toggled(self, offline: bool) -> None:
        for box in self.model_boxes.values():
            box.setEnabled(not offline)
        self._show_in_use()

    def _show_in_use(self) -> None:
        """ "In use: offline (no API key)" under the box, from the dialog's own values and the
        key's status: the same words as the status bar for the same settings."""
        status = getattr(self, "_key_status", None)
        if status is None:
            self.in_use.setText("")
            return
        chosen = self.values()
        words = settings_service.generator_words(
            chosen.provider, chosen.models, status.source != "none"
        )
        note = ""
        if words.startswith("offline (no API key)"):
            note = " Claude is used once an API key is stored here or set in ANTHROPIC_API_KEY."
        forced = os.environ.get(ENV_PROVIDER)
        if forced:
            note += f" ({ENV_PROVIDER}={forced} overrides this setting.)"
        self.in_use.setText(f"In use: {words}.{note}")
        self._fit_notes()

    def _fit_notes(self) -> None:
        """Room for the wrapped notes. A form row does not grow for a word-wrapped label whose
        text arrives after the dialog was sized (the lines were drawn over each other), so each
        note is given the height its text needs at its width, and the dialog grows to fit,
        where it stands (adjustSize() moved a shown dialog off the screen)."""
        for label in (self.key_note, self.in_use):
            width = label.width() if label.width() > 50 else self.width() - 200
            label.setMinimumHeight(label.heightForWidth(width) if label.text() else 0)
        self._layout.activate()
        wanted = self._layout.sizeHint().height()
        if self.isVisible() and wanted > self.height():
            self.resize(self.width(), wanted)

    # --- loading -----------------------------------------------------------------------------

    def _load(self) -> None:
        db, pid = self.ctx.db, self.ctx.profile.id
        run_op(
            lambda: settings_service.get_settings(db, pid),
            self._show_settings,
            self._failed,
            owner=self,
        )
        run_op(settings_service.api_key_status, self._show_key, self._key_failed, owner=self)

    def _one_loaded(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self._focus_first_field()
            self.loaded.emit()

    def _focus_first_field(self) -> None:
        """Every field is disabled while loading, so Qt's initial focus went wherever it could;
        once loaded, the keyboard starts in the first field that takes input (the new key, or
        the provider when there is no keyring) unless the learner already moved it."""
        if self.focusWidget() in self._fields():
            return
        for widget in self._fields():
            if widget.isEnabled() and widget.isVisible():
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def _fields(self) -> list[QWidget]:
        return [
            self.key_edit,
            self.offline,
            *self.model_boxes.values(),
            self.threads,
            self.appearance,
        ]

    def _show_settings(self, current: ProfileSettings) -> None:
        self._provider = current.provider
        self.offline.setChecked(current.offline)
        for role, box in self.model_boxes.items():
            box.setCurrentText(current.models[role])
        self.threads.setValue(current.worker_threads)
        self.appearance.setCurrentIndex(max(0, self.appearance.findData(current.appearance)))
        self._set_enabled(True)
        self._one_loaded()

    def _show_key(self, status: KeyStatus) -> None:
        self._render_key(status)
        self._one_loaded()

    def _render_key(self, status: KeyStatus) -> None:
        self._key_status = status
        self._show_in_use()
        source = {"environment": " (from ANTHROPIC_API_KEY)", "keyring": " (in the OS keyring)"}
        self.key_label.setText(status.masked + source.get(status.source, ""))
        self.key_note.setText(status.note)
        self.key_note.setVisible(bool(status.note))
        self._fit_notes()
        for widget in (self.key_edit, self.key_save):
            widget.setEnabled(status.keyring_available)
        self.key_clear.setEnabled(status.keyring_available and status.source == "keyring")

    def _key_failed(self, exc: BaseException) -> None:
        self.key_label.setText("unknown")
        self._show_error(exc)
        self._one_loaded()

    def _failed(self, exc: BaseException) -> None:
        self._show_error(exc)
        self._one_loaded()

    def _show_error(self, exc: BaseException | str) -> None:
        self.error_label.setText(exc if isinstance(exc, str) else error_text(exc))
        self.error_label.show()

    # --- the key -----------------------------------------------------------------------------

    def store_key(self) -> None:
        value = self.key_edit.text()
        self.key_edit.clear()  # the secret leaves the widget at once
        self.key_save.setEnabled(False)
        run_op(
            lambda: settings_service.store_api_key(value),
            self._key_stored,
            self._key_error,
            owner=self,
        )

    def clear_key(self) -> None:
        self.key_clear.setEnabled(False)
        run_op(settings_service.clear_api_key, self._key_stored, self._key_error, owner=self)

    def _key_stored(self, status: KeyStatus) -> None:
        self._render_key(status)
        self.error_label.hide()
        self.key_changed.emit(status)

    def _key_error(self, exc: BaseException) -> None:
        self.key_save.setEnabled(True)
        self._show_error(exc)

    # --- saving ------------------------------------------------------------------------------

    def values(self) -> ProfileSettings:
        """What the widgets say now (read on the GUI thread, before any work starts)."""
        provider = getattr(self, "_provider", "auto")
        if self.offline.isChecked():
            provider = "offline"
        elif provider == "offline":
            provider = "auto"
        return ProfileSettings(
            provider=provider,
            models={role: box.currentText().strip() for role, box in self.model_boxes.items()},
            worker_threads=self.threads.value(),
            appearance=str(self.appearance.currentData() or "system"),
        )

    def save(self) -> None:
        chosen = self.values()
        pending_key = self.key_edit.text().strip()
        self.key_edit.clear()
        db, pid = self.ctx.db, self.ctx.profile.id

        def work() -> tuple[SaveResult, KeyStatus | None]:
            status = settings_service.store_api_key(pending_key) if pending_key else None
            return settings_service.save_settings(db, pid, chosen), status

        self.buttons.setEnabled(False)
        run_op(work, self._saved, self._save_failed, owner=self)

    def _saved(self, result: tuple[SaveResult, Any]) -> None:
        saved, status = result
        self.buttons.setEnabled(True)
        if status is not None:
            self._render_key(status)
            self.key_changed.emit(status)
        self.saved.emit(saved.settings)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self._show_error(exc)
