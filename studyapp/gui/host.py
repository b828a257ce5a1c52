"""The desktop's own programs, started from inside the bundle with the desktop's environment.

The PyInstaller bundle's launcher puts the bundle's library folder first on
``LD_LIBRARY_PATH`` (and keeps the learner's value in ``LD_LIBRARY_PATH_ORIG``), so every
child process would load the bundle's copies of glib, libX11, ... before the system's. A GTK
dialog (zenity), a KDE one or ``update-desktop-database`` linked against the system's newer
libraries then fails to start. Everything Studyapp runs that is not its own (dialogs, the
notification tool, the xdg tools) gets :func:`host_environment` instead. No Qt here: this runs
before Qt loads (``gui/notice.py``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

BUNDLE_VARIABLES = ("LD_LIBRARY_PATH",)


def frozen() -> bool:
    """True in the self-contained bundle (PyInstaller sets ``sys.frozen``)."""
    return bool(getattr(sys, "frozen", False))


def host_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """``environ`` (default: ours) as the desktop session had it before the bundle's launcher
    changed it: each variable the launcher saved as ``NAME_ORIG`` comes back, and one it set
    without saving (there was none) is removed."""
    env = dict(os.environ if environ is None else environ)
    for name in BUNDLE_VARIABLES:
        saved = env.pop(f"{name}_ORIG", None)
        if saved is not None:
            env[name] = saved
        elif frozen():
            env.pop(name, None)
    return env
