"""Run short work off the GUI thread and get the result back on it (Anki's QueryOp, slimmed).

Read widget values *before* calling :func:`run_op`; the work function never touches widgets. The
signals object is created on the GUI thread, so its signals are delivered there (queued). Errors are
never silent: ``on_failure`` gets them, or they are logged with a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

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
        try:
            result = self._work()
        except BaseException as exc:
            self._signals.failed.emit(exc)
        else:
            self._signals.succeeded.emit(result)


_live: set[_OpSignals] = set()


def run_op(
    work: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None] | None = None,
    pool: QThreadPool | None = None,
) -> None:
    """Run ``work()`` on ``pool`` (the global pool by default); call back on the GUI thread."""
    signals = _OpSignals()
    _live.add(signals)

    def done_ok(result: Any) -> None:
        _live.discard(signals)
        on_success(result)

    def done_err(exc: BaseException) -> None:
        _live.discard(signals)
        if on_failure is not None:
            on_failure(exc)
        else:
            log.error("background operation failed", exc_info=exc)

    signals.succeeded.connect(done_ok)
    signals.failed.connect(done_err)
    (pool or QThreadPool.globalInstance()).start(_OpRunnable(work, signals))
