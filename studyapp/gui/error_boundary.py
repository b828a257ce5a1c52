"""The window's one error boundary (Anki's ``show_exception``, qutebrowser's known/bug split).

Everything that goes wrong ends here, whatever raised it:

- a ``run_op`` whose caller gave no failure handler (:func:`studyapp.gui.ops.run_op`);
- an exception escaping a slot or a virtual method on the GUI thread (``sys.excepthook``);
- an exception ending a Python thread (``threading.excepthook``);
- a fatal Qt message (Qt's message handler, installed by the app): logged before Qt aborts.

A known error (:class:`~studyapp.errors.StudyappError`) is shown as its own one line; a bug is
logged with its traceback and shown as "Something went wrong (…); see the log at <path>"
(:func:`studyapp.gui.feedback.error_text`). The window shows the one line in its banner
(:attr:`Boundary.shown`); the app keeps running. The log is a rotating file in the data
directory (``<data dir>/logs/studyapp.log``, 1 MB × 4), which Help → Open log folder opens.

The hooks chain to the ones they replace (the interpreter's, or a test runner's), so nothing
that watched for errors before stops seeing them.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QtMsgType, Signal, qInstallMessageHandler

log = logging.getLogger(__name__)

LOG_NAME = "studyapp.log"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"

_handler: logging.handlers.RotatingFileHandler | None = None
_boundary: Boundary | None = None


def log_folder(data_dir: Path) -> Path:
    return Path(data_dir) / "logs"


def log_file() -> Path | None:
    """The log file errors are written to (None before :func:`start_log_file`)."""
    return Path(_handler.baseFilename) if _handler is not None else None


def start_log_file(data_dir: Path) -> Path:
    """Send WARNING and above (every bug's traceback) to ``<data dir>/logs/studyapp.log``,
    rotated at 1 MB. Idempotent; a new data directory (tests) moves the file."""
    global _handler
    path = log_folder(data_dir) / LOG_NAME
    if _handler is not None and Path(_handler.baseFilename) == path.resolve():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True
    )
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter(_FORMAT))
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    root.addHandler(handler)
    if root.level > logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)
    _handler = handler
    return path


class Boundary(QObject):
    """The process's error boundary; :attr:`shown` carries the one line the window shows.
    Made on the GUI thread, so a report from any thread reaches the window queued."""

    shown = Signal(str)

    def report(self, exc: BaseException) -> None:
        from studyapp.gui.feedback import error_text

        self.shown.emit(error_text(exc))


def boundary() -> Boundary:
    """The one :class:`Boundary` (made by :func:`install`, on the GUI thread)."""
    global _boundary
    if _boundary is None:
        _boundary = Boundary()
    return _boundary


def report(exc: BaseException) -> None:
    """Show ``exc`` the one way: known errors as their line, bugs logged and pointed at."""
    boundary().report(exc)


def install(data_dir: Path) -> Path:
    """Start the log file and route uncaught exceptions (GUI thread and other threads) here.
    Called by the main window; idempotent. Returns the log file's path."""
    path = start_log_file(data_dir)
    boundary()
    if getattr(sys.excepthook, "_boundary_hook", False) is False:
        sys.excepthook = _chain_excepthook(sys.excepthook)
    if getattr(threading.excepthook, "_boundary_hook", False) is False:
        threading.excepthook = _chain_thread_hook(threading.excepthook)
    return path


# What sys.excepthook and threading.excepthook hold (ours, or whatever was installed before).
ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
ThreadHook = Callable[[threading.ExceptHookArgs], object]


def _chain_excepthook(previous: ExceptHook) -> ExceptHook:
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            _report_uncaught(exc, tb, "uncaught exception")
        previous(kind, exc, tb)

    # A mark on the function itself, so a second install() sees its own hook and adds none.
    hook._boundary_hook = True  # type: ignore[attr-defined]  # a function takes any attribute
    return hook


def _chain_thread_hook(previous: ThreadHook) -> ThreadHook:
    def hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None and not isinstance(args.exc_value, SystemExit):
            name = args.thread.name if args.thread is not None else "?"
            _report_uncaught(args.exc_value, args.exc_traceback, f"uncaught in thread {name}")
        previous(args)

    # A mark on the function itself, so a second install() sees its own hook and adds none.
    hook._boundary_hook = True  # type: ignore[attr-defined]  # a function takes any attribute
    return hook


def _report_uncaught(exc: BaseException, tb: TracebackType | None, what: str) -> None:
    try:
        if exc.__traceback__ is None and tb is not None:
            exc = exc.with_traceback(tb)
        report(exc)
    except Exception:  # the boundary itself must never raise into Qt or a dying thread
        sys.stderr.write(f"studyapp: {what}:\n{''.join(traceback.format_exception(exc))}")


def install_qt_messages() -> None:
    """Qt's own messages into the log: warnings and criticals as they are, a fatal one (after
    which Qt aborts the process) flushed to the file first. The app installs it; tests keep
    pytest-qt's handler, which fails a test on a Qt warning."""

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            log.critical("Qt fatal error: %s", message)
            if _handler is not None:
                _handler.flush()
        elif kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtWarningMsg):
            log.warning("Qt: %s", message)

    qInstallMessageHandler(handler)
