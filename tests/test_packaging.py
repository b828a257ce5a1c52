"""Installing without a terminal: the desktop entry and its icons, a double-clicked deck, the
notice shown when Qt cannot start, and what the bundle prunes (packaging/prune.py).

The notice is tested with real processes: small scripts named ``zenity``, ``kdialog``,
``notify-send`` and ``xmessage`` on a private PATH record how they were called and succeed,
fail at once, or stay open, as the real tools do. The real path (the bundle on Xvfb with a
library hidden) is in packaging/tests/test_bundle.py.
"""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp.__main__ import deck_opens_window
from studyapp.gui import desktop_entry, notice
from studyapp.gui.desktop_entry import ICON_SIZES, Places
from tests.helpers import run_cli, run_cli_here

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))

from prune import needed, prune  # noqa: E402

# -- the notice when Qt cannot start ----------------------------------------------------------

BEHAVIOUR = {
    "ok": "exit 0",  # a notification sent, or a dialog closed
    "fail": "exit 1",  # could not reach the display / the notification service
    "stays": "exec /bin/sleep 5",  # a dialog on screen
}


@pytest.fixture
def tools(tmp_path, monkeypatch):
    """``install(name, behaviour)`` puts a fake desktop tool on a private PATH; ``calls()``
    says who was started, with which arguments and which LD_LIBRARY_PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    monkeypatch.setattr(notice, "FAILED_WITHIN_S", 0.5)

    def install(name: str, behaviour: str) -> None:
        script = bin_dir / name
        script.write_text(
            "#!/bin/sh\n"
            f'printf "%s|%s|%s\\n" "${{0##*/}}" "$LD_LIBRARY_PATH" "$*" >> "{log}"\n'
            f"{BEHAVIOUR[behaviour]}\n"
        )
        script.chmod(0o755)

    def calls() -> list[tuple[str, str, str]]:
        if not log.exists():
            return []
        return [tuple(line.split("|", 2)) for line in log.read_text().splitlines()]

    env = {"PATH": str(bin_dir), "DISPLAY": ":99", "HOME": str(tmp_path)}
    yield install, calls, env
    while notice.SHOWN:  # the dialogs "left on screen"
        process = notice.SHOWN.pop()
        process.kill()
        process.wait()


def test_a_dialog_first_with_the_exact_packages(tools) -> None:
    install, calls, env = tools
    for name in ("zenity", "kdialog", "notify-send", "xmessage"):
        install(name, "stays")
    message = "Studyapp's window needs system packages that are not installed: libxcb-cursor0."
    assert notice.show(message, environ=env) == "zenity"
    ((name, _libs, args),) = calls()
    assert name == "zenity"
    assert "--error" in args and "--no-markup" in args and "libxcb-cursor0" in args


def test_kde_gets_kdialog_first(tools) -> None:
    install, calls, env = tools
    for name in ("zenity", "kdialog"):
        install(name, "stays")
    assert notice.show("m", environ={**env, "XDG_CURRENT_DESKTOP": "KDE"}) == "kdialog"
    assert [c[0] for c in calls()] == ["kdialog"]


def test_falls_back_past_missing_and_failing_tools(tools) -> None:
    install, calls, env = tools
    install("kdialog", "fail")  # no zenity at all; kdialog cannot reach the display
    install("notify-send", "fail")  # and no notification service
    install("xmessage", "stays")
    assert notice.show("Install libegl1.", environ=env) == "xmessage"
    assert [c[0] for c in calls()] == ["kdialog", "notify-send", "xmessage"]
    assert "Install libegl1." in calls()[-1][2]


def test_a_sent_notification_is_enough(tools) -> None:
    install, calls, env = tools
    install("notify-send", "ok")
    install("xmessage", "stays")
    assert notice.show("a <b> & c", environ=env) == "notify-send"
    ((_name, _libs, args),) = calls()
    assert "--urgency=critical" in args and "a &lt;b&gt; &amp; c" in args


def test_nothing_to_show_it_with(tools) -> None:
    install, calls, env = tools
    assert notice.show("m", environ=env) is None  # no tool at all: stderr only
    install("zenity", "stays")
    assert notice.show("m", environ={**env, "DISPLAY": ""}) is None  # no display
    assert calls() == []


def test_tools_run_with_the_desktops_library_path(tools) -> None:
    """The bundle's launcher puts its own libraries first on LD_LIBRARY_PATH and keeps the
    learner's in LD_LIBRARY_PATH_ORIG: the desktop's tools get the learner's back."""
    install, calls, env = tools
    install("zenity", "stays")
    bundled = {**env, "LD_LIBRARY_PATH": "/opt/bundle/_internal", "LD_LIBRARY_PATH_ORIG": "/x"}
    notice.show("m", environ=bundled)
    assert calls()[0][1] == "/x"


# -- the desktop entry -----------------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def entry_keys(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


def test_install_writes_entry_types_and_every_icon_size(tmp_path) -> None:
    places = Places(tmp_path / "share", tmp_path / "config")
    program = tmp_path / "My Apps" / "studyapp"  # a space: the Exec key must quote it
    written = desktop_entry.install(places, [str(program)])
    keys = entry_keys(places.desktop_file)
    assert keys["Exec"] == f'"{program}" %f'
    assert keys["TryExec"] == str(program)
    assert keys["MimeType"] == "application/x-apkg;application/x-colpkg;"
    assert keys["Icon"] == "studyapp" and keys["Terminal"] == "false"
    assert "Education" in keys["Categories"]
    checked = subprocess.run(
        ["desktop-file-validate", str(places.desktop_file)], capture_output=True, text=True
    )
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout
    for size in ICON_SIZES:
        assert png_size(places.icon(size)) == (size, size)
    assert min(ICON_SIZES) == 16 and max(ICON_SIZES) == 512
    assert places.icon(None).read_bytes() == desktop_entry.icon_svg()
    assert b'pattern="*.apkg"' in places.mime_file.read_bytes()
    assert len(written) == len(ICON_SIZES) + 3

    removed = desktop_entry.remove(places)
    assert sorted(removed) == sorted(written)
    assert not any(p.exists() for p in written)


def test_remove_leaves_another_programs_entry_alone(tmp_path) -> None:
    places = Places(tmp_path / "share", tmp_path / "config")
    places.desktop_file.parent.mkdir(parents=True)
    places.desktop_file.write_text("[Desktop Entry]\nName=Someone else's\n")
    desktop_entry.remove(places)
    assert places.desktop_file.exists()


def test_the_bundle_installs_once_repoints_and_respects_a_removal(tmp_path, monkeypatch) -> None:
    places = Places(tmp_path / "share", tmp_path / "config")
    first = tmp_path / "v1" / "studyapp"
    first.parent.mkdir()
    first.write_text("")
    monkeypatch.setattr(desktop_entry, "launch_command", lambda: [str(first)])
    assert desktop_entry.refresh_for_bundle(places) == "installed"
    assert desktop_entry.refresh_for_bundle(places) == "up to date"
    # The learner moved the bundle (the old program is gone): the entry follows.
    first.unlink()
    moved = tmp_path / "v2" / "studyapp"
    moved.parent.mkdir()
    moved.write_text("")
    monkeypatch.setattr(desktop_entry, "launch_command", lambda: [str(moved)])
    assert desktop_entry.refresh_for_bundle(places) == "installed"
    assert entry_keys(places.desktop_file)["TryExec"] == str(moved)
    # Removed by the learner: the bundle keeps out until they install it again.
    desktop_entry.remove(places)
    assert desktop_entry.refresh_for_bundle(places) == "removed by the learner"
    assert not places.desktop_file.exists()
    desktop_entry.install(places)
    assert desktop_entry.refresh_for_bundle(places) == "up to date"


def test_the_command_installs_and_removes_in_the_users_folders(tmp_path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "share"), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    done = run_cli("install-desktop-entry", env=env)
    assert done.returncode == 0, done.stderr
    assert "desktop's menu" in done.stdout
    entry = tmp_path / "share" / "applications" / "studyapp.desktop"
    exec_line = entry_keys(entry)["Exec"]
    assert exec_line.endswith(" -m studyapp %f") or exec_line.endswith("studyapp %f")
    assert (tmp_path / "share" / "icons" / "hicolor" / "512x512" / "apps" / "studyapp.png").exists()
    gone = run_cli_here("install-desktop-entry", "--remove", env=env)  # (a second process: 4 s)
    assert gone.returncode == 0, gone.stderr
    assert not entry.exists()


# -- the command line ------------------------------------------------------------------------


def test_a_deck_as_the_argument_opens_the_window() -> None:
    assert deck_opens_window(["deck.apkg"]) == ["gui", "deck.apkg"]
    assert deck_opens_window(["/home/me/All Decks.COLPKG"]) == ["gui", "/home/me/All Decks.COLPKG"]
    assert deck_opens_window(["--profile", "me", "d.apkg"]) == ["--profile", "me", "gui", "d.apkg"]
    assert deck_opens_window(["import", "d.apkg"]) == ["import", "d.apkg"]
    assert deck_opens_window([]) == []
    assert deck_opens_window(["goals", "list"]) == ["goals", "list"]


def test_version_is_the_packages_version() -> None:
    import studyapp

    done = run_cli("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"studyapp {studyapp.__version__}"


@pytest.mark.gui
def test_a_double_clicked_deck_is_offered_for_import(qtbot, main_window, db, profile, tmp_path):
    """``studyapp FILE.apkg``: once the database is open, File → Import's question is asked
    about that file (its Import button is tested with the File menu); a file that has gone
    since the click gets one line in the banner."""
    from studyapp.gui.file_actions import ImportDialog
    from studyapp.gui.open_file import offer_import_when_ready
    from tests.gui_driving import dialog_of

    deck = tmp_path / "networking.apkg"
    deck.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip: what matters is the offer
    offer_import_when_ready(main_window, tmp_path / "gone.apkg")
    offer_import_when_ready(main_window, deck)
    with qtbot.waitSignal(main_window.database_ready, timeout=30_000):
        main_window.open_database()
    chooser = dialog_of(qtbot, ImportDialog)
    assert chooser.path == deck
    assert chooser.goal.currentText() == "A new goal, named after the Anki deck"
    chooser.reject()
    assert main_window.banner.isVisible()
    assert main_window.banner.label.text() == f"No such file: {tmp_path / 'gone.apkg'}."


@pytest.mark.gui
def test_the_material_dialogs_button_is_reached_with_the_keyboard(qtbot) -> None:
    """The bundle's learner (packaging/tests) adds material by keyboard only: Tab leaves the
    text, Tab again passes "Choose file…", Enter presses "Generate flashcards"."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from studyapp.gui.goal.dialogs import MaterialDialog

    dialog = MaterialDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.text)
    qtbot.keyClicks(dialog.text, "Slow start doubles the window.")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.choose_button
    qtbot.keyClick(dialog.choose_button, Qt.Key.Key_Tab)
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.values()[0] == "Slow start doubles the window."


# -- what the bundle leaves out ---------------------------------------------------------------


def test_needed_reads_an_elf_files_libraries() -> None:
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    assert "libQt6XcbQpa.so.6" in needed(plugin)
    assert needed(Path(__file__)) == []  # not ELF


def test_prune_drops_unused_plugins_and_the_libraries_only_they_needed(tmp_path) -> None:
    import PySide6

    plugins = Path(PySide6.__file__).parent / "Qt" / "plugins"
    qt_lib = Path(PySide6.__file__).parent / "Qt" / "lib"
    binaries = [
        (
            "PySide6/Qt/plugins/platforms/libqxcb.so",
            str(plugins / "platforms/libqxcb.so"),
            "BINARY",
        ),
        (
            "PySide6/Qt/plugins/platforms/libqvnc.so",
            str(plugins / "platforms/libqvnc.so"),
            "BINARY",
        ),
        (
            "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
            str(plugins / "platformthemes/libqgtk3.so"),
            "BINARY",
        ),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", str(qt_lib / "libQt6XcbQpa.so.6"), "BINARY"),
        ("libgtk-3.so.0", str(tmp_path / "not-read"), "BINARY"),  # only the GTK theme needs it
        ("libpython3.11.so.1.0", str(tmp_path / "not-read"), "BINARY"),  # the bootloader's
    ]
    datas = [
        ("PySide6/Qt/translations/qtbase_de.qm", "x", "DATA"),
        ("studyapp/resources/icons/studyapp.svg", "x", "DATA"),
        # PyInstaller's links at the top level; the second one's library is dropped
        ("libQt6XcbQpa.so.6", "PySide6/Qt/lib/libQt6XcbQpa.so.6", "SYMLINK"),
        ("libqvnc.so", "PySide6/Qt/plugins/platforms/libqvnc.so", "SYMLINK"),
    ]
    kept, kept_datas, dropped = prune(binaries, datas)
    assert [e[0] for e in kept] == [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "libpython3.11.so.1.0",
    ]
    assert "libgtk-3.so.0" in dropped and "PySide6/Qt/plugins/platforms/libqvnc.so" in dropped
    assert [e[0] for e in kept_datas] == [
        "studyapp/resources/icons/studyapp.svg",
        "libQt6XcbQpa.so.6",
    ]
