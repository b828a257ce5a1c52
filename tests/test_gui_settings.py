"""The settings dialog and service: real PostgreSQL, an in-memory keyring (never the real one)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.core
import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QLabel
from sqlalchemy import text

from studyapp.errors import BadInput, NotFound
from studyapp.generation.keys import KEYRING_SERVICE, KEYRING_USER, find_api_key
from studyapp.generation.settings import DEFAULT_MODELS, resolve
from studyapp.gui.context import AppContext
from studyapp.gui.job_watcher import JobWatcher
from studyapp.gui.settings_dialog import SettingsDialog
from studyapp.jobs.registry import HandlerRegistry
from studyapp.services import settings as settings_service
from studyapp.services.settings import ProfileSettings, mask_key

pytestmark = pytest.mark.gui

WAIT = 30_000
KEY = "sk-ant-api03-" + "x" * 40 + "Wq9Z"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives in this test only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not set")


@pytest.fixture(autouse=True)
def isolated_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Whatever a test installs with keyring.set_keyring is undone afterwards."""
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("STUDYAPP_NO_KEYRING", raising=False)
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.core._keyring_backend)
    yield


@pytest.fixture
def memory() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def ctx(db, profile) -> Iterator[AppContext]:
    watcher = JobWatcher(db, profile.id, listen=False)
    yield AppContext(db, profile, HandlerRegistry(), watcher, None)
    watcher.stop()
    QThreadPool.globalInstance().waitForDone(10_000)


def open_dialog(qtbot, ctx: AppContext) -> SettingsDialog:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        dialog.show()
    return dialog


def profile_row(db, profile_id: int) -> str:
    with db.engine.connect() as conn:
        return conn.execute(
            text("SELECT settings::text FROM profiles WHERE id = :id"), {"id": profile_id}
        ).scalar_one()


def test_dialog_shows_current_settings_and_saves_them(qtbot, db, profile, ctx, memory) -> None:
    dialog = open_dialog(qtbot, ctx)
    assert dialog.key_label.text() == "not set"
    assert dialog.model_boxes["distractors"].currentText() == DEFAULT_MODELS["distractors"]
    assert dialog.model_boxes["tree"].isEditable()
    assert dialog.threads.value() == 4 and dialog.threads.maximum() == 8
    # Retention and the daily limits moved to per-goal study options: the dialog says where.
    assert not hasattr(dialog, "retention")
    assert any("Study options" in label.text() for label in dialog.findChildren(QLabel))
    assert dialog.database.isReadOnly() and dialog.database.text() == db.description

    dialog.offline.setChecked(True)
    dialog.model_boxes["cards"].setCurrentText("claude-opus-5-5")
    dialog.threads.setValue(6)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT) as blocker:
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    saved: ProfileSettings = blocker.args[0]
    assert saved.provider == "offline" and saved.models["cards"] == "claude-opus-5-5"
    assert dialog.result() == dialog.DialogCode.Accepted

    stored = settings_service.get_settings(db, profile.id)
    assert stored == saved
    # The generation layer reads the same JSON: offline and the chosen card model.
    with db.engine.connect() as conn:
        raw = conn.execute(
            text("SELECT settings FROM profiles WHERE id = :id"), {"id": profile.id}
        ).scalar_one()
    assert resolve(raw).provider == "offline" and resolve(raw).models.cards == "claude-opus-5-5"
    assert raw["worker_threads"] == 6


def test_key_goes_to_the_keyring_masked_never_to_the_database(
    qtbot, db, profile, ctx, memory, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    dialog = open_dialog(qtbot, ctx)
    dialog.key_edit.setText(KEY)
    with qtbot.waitSignal(dialog.key_changed, timeout=WAIT) as blocker:
        dialog.key_save.click()
    assert blocker.args[0].masked == "sk-ant-\u2026Wq9Z"
    assert dialog.key_label.text() == "sk-ant-\u2026Wq9Z (in the OS keyring)"
    assert dialog.key_edit.text() == ""  # the secret left the widget
    assert memory.store[(KEYRING_SERVICE, KEYRING_USER)] == KEY
    assert find_api_key().key.reveal() == KEY  # what generation will use

    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        dialog.save()
    with db.engine.connect() as conn:
        dump = " ".join(
            str(v)
            for v in conn.execute(text("SELECT row_to_json(p)::text FROM profiles p")).scalars()
        )
    assert KEY not in dump and "Wq9Z" not in dump
    assert KEY not in caplog.text

    # A second dialog shows it masked; Remove takes it out of the keyring.
    again = open_dialog(qtbot, ctx)
    assert again.key_label.text().startswith("sk-ant-\u2026Wq9Z")
    with qtbot.waitSignal(again.key_changed, timeout=WAIT):
        again.key_clear.click()
    assert again.key_label.text() == "not set" and memory.store == {}


def test_no_keyring_backend_is_said_plainly(qtbot, ctx) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    dialog = open_dialog(qtbot, ctx)
    assert dialog.key_label.text() == "not set"
    assert dialog.key_note.isVisible()
    assert "no OS keyring" in dialog.key_note.text()
    assert "ANTHROPIC_API_KEY" in dialog.key_note.text()
    assert not dialog.key_edit.isEnabled() and not dialog.key_save.isEnabled()
    with pytest.raises(BadInput, match="ANTHROPIC_API_KEY"):
        settings_service.store_api_key(KEY)


def test_environment_key_is_shown_masked(qtbot, ctx, memory, monkeypatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    dialog = open_dialog(qtbot, ctx)
    assert dialog.key_label.text() == "sk-ant-\u2026Wq9Z (from ANTHROPIC_API_KEY)"


def test_invalid_values_are_refused_with_a_message(qtbot, db, profile, ctx, memory) -> None:
    dialog = open_dialog(qtbot, ctx)
    dialog.model_boxes["tree"].setCurrentText("bad model name; drop table")
    dialog.save()
    qtbot.waitUntil(dialog.error_label.isVisible, timeout=WAIT)
    assert "is not a model name" in dialog.error_label.text()
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert settings_service.get_settings(db, profile.id).models["tree"] == DEFAULT_MODELS["tree"]


def test_service_validates_and_checks_ownership(db, profile) -> None:
    good = settings_service.get_settings(db, profile.id)
    for bad, message in [
        (ProfileSettings("gpt", good.models, 4), "provider"),
        (ProfileSettings("auto", good.models, 9), "Worker threads"),
        (ProfileSettings("auto", good.models, 0), "Worker threads"),
        (ProfileSettings("auto", {**good.models, "cards": " "}, 4), "cannot be empty"),
    ]:
        with pytest.raises(BadInput, match=message):
            settings_service.save_settings(db, profile.id, bad)
    with pytest.raises(NotFound):
        settings_service.save_settings(db, 999_999, good)
    with pytest.raises(NotFound):
        settings_service.get_settings(db, 999_999)
    # Other keys of the JSON survive a save.
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE profiles SET settings = '{\"llm_timeout_s\": 30}' WHERE id = :id"),
            {"id": profile.id},
        )
    settings_service.save_settings(db, profile.id, ProfileSettings("auto", good.models, 2))
    raw = profile_row(db, profile.id)
    assert '"llm_timeout_s": 30' in raw and '"worker_threads": 2' in raw


def test_mask_key_never_shows_enough_to_use() -> None:
    assert mask_key(None) == "not set" and mask_key("  ") == "not set"
    assert mask_key(KEY) == "sk-ant-\u2026Wq9Z"
    assert mask_key("sk-ant-short") == "sk-ant-\u2026 (hidden)"
    assert mask_key("abcdefghijklmnop") == "\u2026mnop"


def test_the_keyboard_starts_in_the_first_editable_field(
    qtbot, ctx, memory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not on the read-only database URL (every field is disabled while loading, so Qt put the
    initial focus there): typing must go somewhere it counts."""
    dialog = open_dialog(qtbot, ctx)
    assert dialog.focusWidget() is dialog.key_edit
    assert dialog.database.focusPolicy() == Qt.FocusPolicy.ClickFocus  # still copyable
    dialog.close()
    # Without a keyring the key field is disabled: the provider is the first field.
    monkeypatch.setenv("STUDYAPP_NO_KEYRING", "1")
    dialog = open_dialog(qtbot, ctx)
    assert not dialog.key_edit.isEnabled()
    assert dialog.focusWidget() is dialog.offline
    assert dialog.focusWidget() is not dialog.database
