"""Run short work off the GUI thread and get the result back on it (Anki's QueryOp, slimmed).

Read widget values *before* calling :func:`run_op`; the work function never touches widgets. The
signals object is created on the GUI thread, so its signals are delivered there (queued). Errors are
never silent: ``on_failure`` gets them, or the error boundary shows them
(``gui/error_boundary.py``: the window's banner; a bug's traceback goes to the log).

A result can outlive what asked for it: the learner closes a dialog or moves to another goal while
a query is in flight. ``owner`` (the widget that asked) is required, so no call site can forget
it: the callbacks are dropped once it is deleted (a callback into a deleted widget raises
``RuntimeError`` inside a slot, which Qt only prints). Pass ``is_current`` (e.g. "is this still
the goal on screen?") and a stale result is dropped too. Dropping is silent for successes and logged at debug level for failures.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _OpSignals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _OpRunnable(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _OpSignals) -> None:
        super().__init__()
        self._work = work
        self._signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        # Exception, not BaseException: KeyboardInterrupt / SystemExit must not be turned into a
        # failure callback (QueryOp does the same).
        try:
            result = self._work()
        except Exception as exc:
            self._signals.failed.emit(exc)
        else:
            self._signals.succeeded.emit(result)


_live: set[_OpSignals] = set()


def _wanted(owner: QObject, is_current: Callable[[], bool] | None) -> bool:
    if not shiboken6.isValid(owner):
        return False
    return is_current is None or bool(is_current())


def run_op(
    work: Callable[[], Any],
    on_success: Callable[[Any], object],  # what it returns is ignored (a dialog it opened)
    on_failure: Callable[[BaseException], None] | None = None,
    pool: QThreadPool | None = None,
    *,
    owner: QObject,
    is_current: Callable[[], bool] | None = None,
) -> None:
    """Run ``work()`` on ``pool`` (the global pool by default); call back on the GUI thread,
    unless ``owner`` was deleted or ``is_current()`` says the result is stale by then."""
    signals = _OpSignals()
    _live.add(signals)

    def done_ok(result: Any) -> None:
        _live.discard(signals)
        if _wanted(owner, is_current):
            on_success(result)

    def done_err(exc: BaseException) -> None:
        _live.discard(signals)
        if not _wanted(owner, is_current):
            log.debug("dropped the failure of a stale operation: %r", exc)
        elif on_failure is not None:
            on_failure(exc)
        else:  # the one way failures are shown: the window's banner, bugs to the log
            from studyapp.gui.error_boundary import report

            report(exc)

    signals.succeeded.connect(done_ok)
    signals.failed.connect(done_err)
    (pool or QThreadPool.globalInstance()).start(_OpRunnable(work, signals))
