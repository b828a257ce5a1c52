"""Tell a learner who started Studyapp from the desktop menu why no window opened.

When Qt cannot start (a missing system library, found by ``gui/sysdeps.py``) there is no Qt to
show a dialog with, and stderr goes nowhere a learner looks. So we ask the desktop's own tools,
in order of how well they show a sentence with package names to copy:

1. ``kdialog`` first on KDE, ``zenity`` first elsewhere (GNOME, Xfce, Cinnamon, MATE have it):
   a real dialog that stays until it is closed;
2. the other of those two;
3. ``notify-send``: a notification (critical urgency, so most desktops keep it on screen);
4. ``xmessage``: plain X11, on any desktop that has the X utilities.

A tool that is missing is skipped; one that exits with an error within a moment (it could not
reach the display or the notification service) hands over to the next. The CLI prints the
message on stderr as well. No Qt here: this runs exactly when Qt cannot.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from studyapp.gui.host import host_environment

TITLE = "Studyapp cannot open its window"
FAILED_WITHIN_S = 1.0  # a tool that cannot show anything fails at once; a dialog stays open
# Dialogs still on screen: they outlive this process on purpose (held so none is reaped early).
SHOWN: list[subprocess.Popen] = []


@dataclass(frozen=True)
class Tool:
    program: str
    argv: Callable[[str, str, str], list[str]]  # (path, title, message) -> argv


def _zenity(path: str, title: str, message: str) -> list[str]:
    return [path, "--error", "--no-markup", "--width=520", f"--title={title}", f"--text={message}"]


def _kdialog(path: str, title: str, message: str) -> list[str]:
    return [path, "--title", title, "--error", message]


def _notify_send(path: str, title: str, message: str) -> list[str]:
    body = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return [path, "--app-name=Studyapp", "--urgency=critical", "--icon=dialog-error", title, body]


def _xmessage(path: str, title: str, message: str) -> list[str]:
    text = "\n".join(textwrap.fill(p, 72) for p in message.split("\n"))  # it never wraps
    return [path, "-center", "-title", title, "-buttons", "OK:0", "-default", "OK", text]


ZENITY = Tool("zenity", _zenity)
KDIALOG = Tool("kdialog", _kdialog)
NOTIFY_SEND = Tool("notify-send", _notify_send)
XMESSAGE = Tool("xmessage", _xmessage)


def tools_in_order(environ: Mapping[str, str]) -> list[Tool]:
    """The tools to try, best first, for the desktop named in ``XDG_CURRENT_DESKTOP``."""
    desktop = environ.get("XDG_CURRENT_DESKTOP", "") + ":" + environ.get("DESKTOP_SESSION", "")
    dialogs = [KDIALOG, ZENITY] if "kde" in desktop.lower() else [ZENITY, KDIALOG]
    return [*dialogs, NOTIFY_SEND, XMESSAGE]


def show(
    message: str,
    *,
    title: str = TITLE,
    environ: Mapping[str, str] | None = None,
    which: Callable[..., str | None] = shutil.which,
    start: Callable[..., subprocess.Popen] = subprocess.Popen,
) -> str | None:
    """Show ``message`` with the first tool that works; returns its name (None: none did).
    ``which`` and ``start`` are the lookup and the process start (tests pass fakes)."""
    env = host_environment(os.environ if environ is None else environ)
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return None  # nothing to show a dialog on; stderr is all there is
    for tool in tools_in_order(env):
        path = which(tool.program, path=env.get("PATH", os.defpath))
        if path is None:
            continue
        try:
            process = start(
                tool.argv(path, title, message),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # the dialog outlives the program that could not start
            )
        except OSError:
            continue
        try:
            code = process.wait(FAILED_WITHIN_S)
        except subprocess.TimeoutExpired:
            SHOWN.append(process)
            return tool.program  # still on screen: a dialog the learner is reading
        if code == 0:
            return tool.program  # a notification was sent (or the dialog was closed already)
    return None
