"""Check, before Qt loads, that a window can be shown; say exactly what is missing.

PySide6 wheels don't carry the X11/xcb system libraries. Without them Qt aborts with "could not load
the Qt platform plugin", which tells a learner nothing. This module imports no Qt, so it runs first,
and ``python -m studyapp.gui.sysdeps --install`` (used by ``make run``) installs them with apt as root;
``--install --tests`` (``make test``) adds Xvfb, on which the smoke test runs the real window.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

from studyapp.errors import StudyappError

# soname -> Debian package, for Qt's xcb platform plugin.
XCB_LIBRARIES: dict[str, str] = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-xinerama": "libxcb-xinerama0",
    "xcb-shape": "libxcb-shape0",
    "EGL": "libegl1",
    "GL": "libgl1",
    "fontconfig": "libfontconfig1",
    "dbus-1": "libdbus-1-3",
}
# Programs (not libraries) the test suite needs: the smoke test runs the real window on Xvfb;
# the bundle's test (packaging/tests) types into it with xdotool, as a learner's keyboard would,
# and sees the missing-library notice in xmessage (the fallback every X desktop has).
TEST_PROGRAMS: dict[str, str] = {
    "Xvfb": "xvfb",
    "xdotool": "xdotool",
    "xmessage": "x11-utils",
    "desktop-file-validate": "desktop-file-utils",  # the menu entry is checked with it
}
HEADLESS_PLATFORMS = {"offscreen", "minimal", "vnc"}


class DisplayUnavailable(StudyappError):
    exit_code = 2


def missing_packages(*, for_tests: bool = False) -> list[str]:
    """Debian packages whose libraries the dynamic loader cannot find (and, ``for_tests``,
    whose programs are not on PATH)."""
    if not sys.platform.startswith("linux"):
        return []
    missing = {pkg for lib, pkg in XCB_LIBRARIES.items() if not library_found(lib)}
    if not _has_fonts():
        missing.add("fonts-dejavu-core")
    if for_tests:
        missing |= {pkg for program, pkg in TEST_PROGRAMS.items() if shutil.which(program) is None}
    return sorted(missing)


def library_found(name: str) -> bool:
    """The dynamic loader knows ``lib<name>.so`` (ldconfig's cache), or the self-contained
    bundle carries its own copy (its launcher puts that folder first on the library path)."""
    if ctypes.util.find_library(name) is not None:
        return True
    bundle = getattr(sys, "_MEIPASS", None) if getattr(sys, "frozen", False) else None
    return bundle is not None and next(Path(bundle).glob(f"lib{name}.so*"), None) is not None


def _has_fonts() -> bool:
    """Qt draws no text (and warns) without a single font on the system."""
    roots = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]
    return any(next(root.rglob("*.[ot]tf"), None) is not None for root in roots if root.is_dir())


def check_display() -> None:
    """Raise :class:`DisplayUnavailable` with the fix, or return if Qt can open a window."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.split(":")[0] in HEADLESS_PLATFORMS or not sys.platform.startswith("linux"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise DisplayUnavailable(
            "There is no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set). "
            "Run Studyapp in a desktop session, under Xvfb (xvfb-run make run), or use the "
            "command line: studyapp --help"
        )
    missing = missing_packages()
    if missing and not os.environ.get("WAYLAND_DISPLAY"):
        # Also what a learner reads in a dialog (gui/notice.py): the packages, and where to
        # install them.
        raise DisplayUnavailable(
            "Studyapp's window needs system packages that are not installed: "
            + ", ".join(missing)
            + ". Install them with your software manager, or in a terminal with: "
            + "sudo apt-get install "
            + " ".join(missing)
            + " (then start Studyapp again)."
        )


def install_missing(*, for_tests: bool = False) -> int:
    """Install the missing packages with apt when we are root; otherwise print the command."""
    missing = missing_packages(for_tests=for_tests)
    if not missing:
        return 0
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Installing Qt's system libraries: {' '.join(missing)}", file=sys.stderr)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        done = subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=False, env=env)
        return done.returncode
    print(
        "Qt needs these system libraries to open a window: "
        + " ".join(missing)
        + f"\nInstall them with: sudo apt-get install {' '.join(missing)}",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    if "--install" in sys.argv:
        sys.exit(install_missing(for_tests="--tests" in sys.argv))
    try:
        check_display()
    except DisplayUnavailable as exc:
        print(f"studyapp: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
