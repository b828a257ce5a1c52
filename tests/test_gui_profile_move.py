"""File → Move to server… moves the profile from the window (issue 20), driven as a learner
does: the menu, the URL typed into the dialog, the Move button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from studyapp.gui.server_move_dialog import ServerMoveDialog
from studyapp.services import goals
from studyapp.services.profiles import find_profile
from tests.factories import make_card, make_goal
from tests.gui_driving import choose_menu
from tests.test_profile_move import server  # noqa: F401 - the fixture


def test_move_to_server_from_the_file_menu(
    qtbot,
    main_window,
    db,
    profile,
    server,  # noqa: F811
    media_root,
) -> None:
    goal = make_goal(db, profile.id, "TCP")
    make_card(db, profile.id, goal, "What is cwnd?", "The congestion window")
    with qtbot.waitSignals([main_window.database_ready, main_window.goals_loaded], timeout=30_000):
        main_window.open_database()
    choose_menu(qtbot, main_window, "file", "move-to-server")
    qtbot.waitUntil(lambda: main_window.findChild(ServerMoveDialog) is not None, timeout=5_000)
    dialog = main_window.findChild(ServerMoveDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.url_edit, server.url)
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert button.text() == "Move"
    files = main_window.files
    with qtbot.waitSignal(files.done, timeout=30_000) as done:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert done.args == ["move"]
    moved = find_profile(server, profile.name)
    assert moved is not None
    assert [g.title for g in goals.list_goals(server, moved.id)] == ["TCP"]
    assert "Moved default to" in main_window.statusBar().currentMessage()
    # The window leaves the profile that is gone: this database had no other, so it opens a
    # new, empty "default" (a new id: the moved one is not here any more).
    qtbot.waitUntil(
        lambda: main_window.ctx is not None and main_window.ctx.profile.id != profile.id,
        timeout=30_000,
    )
    assert main_window.ctx.profile.name == "default"
    assert goals.list_goals(db, main_window.ctx.profile.id) == []
