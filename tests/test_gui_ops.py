"""run_op: results come back on the GUI thread, and are dropped when their owner is gone or the
result is stale (a query for the goal the learner already left must not repaint the page)."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QWidget

from studyapp.gui.ops import _live, run_op

pytestmark = pytest.mark.gui


def test_success_arrives_on_the_gui_thread(qtbot):
    got: list[tuple[int, bool]] = []
    gui_thread = QThread.currentThread()
    owner = QObject()
    run_op(
        lambda: 41 + 1,
        lambda v: got.append((v, QThread.currentThread() is gui_thread)),
        owner=owner,
    )
    qtbot.waitUntil(lambda: bool(got))
    assert got == [(42, True)]


def test_failure_goes_to_on_failure(qtbot):
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("bad value")

    owner = QObject()
    run_op(boom, lambda _v: pytest.fail("no success expected"), errors.append, owner=owner)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError)
    assert str(errors[0]) == "bad value"


def test_callbacks_dropped_when_owner_deleted(qtbot):
    owner = QWidget()
    gate = threading.Event()
    calls: list[object] = []
    run_op(lambda: gate.wait(10), calls.append, calls.append, owner=owner)
    before = len(_live)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(owner))
    gate.set()
    qtbot.waitUntil(lambda: len(_live) < before)
    assert calls == []


def test_stale_result_dropped_and_current_result_kept(qtbot):
    current = {"goal": 1}
    shown: list[int] = []
    gate = threading.Event()
    page = QObject()
    run_op(
        lambda: (gate.wait(10), 1)[1],
        shown.append,
        owner=page,
        is_current=lambda: current["goal"] == 1,
    )
    current["goal"] = 2  # the learner moved on before the query returned
    run_op(lambda: 2, shown.append, owner=page, is_current=lambda: current["goal"] == 2)
    qtbot.waitUntil(lambda: shown == [2])
    gate.set()
    qtbot.waitUntil(lambda: not _live)
    assert shown == [2]


def test_owner_alive_gets_its_result(qtbot):
    owner = QObject()
    got: list[str] = []
    run_op(lambda: "ok", got.append, owner=owner)
    qtbot.waitUntil(lambda: bool(got))
    assert got == ["ok"]


def test_owner_is_required():
    """Forgetting the owner is a TypeError at the call, not a callback into a deleted widget."""
    with pytest.raises(TypeError, match="owner"):
        run_op(lambda: 1, lambda _v: None)  # type: ignore[call-arg]
    assert not _live
