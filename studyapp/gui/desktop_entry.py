"""The desktop's menu entry, icons and the .apkg file type: ``studyapp install-desktop-entry``.

What a desktop needs to list Studyapp in its menu and open a double-clicked deck with it, all
in the learner's own XDG folders (``~/.local/share``; nothing system-wide, no root):

- ``applications/studyapp.desktop``: the menu entry; ``Exec`` is this very program (the
  bundle's executable, or the ``studyapp`` script of the venv/pipx/uv install that ran the
  command) with ``%f``, so a deck opens as ``studyapp FILE.apkg`` (window + import offer);
  ``TryExec`` hides the entry if that program is gone;
- ``mime/packages/studyapp-anki.xml``: the .apkg/.colpkg types (Anki's own names for them);
- ``icons/hicolor/<N>x<N>/apps/studyapp.png`` for 16-512 px, rendered here from the one SVG
  in ``studyapp/resources/icons/`` (and that SVG as the scalable icon).

``--remove`` deletes exactly those files. The bundle also calls :func:`refresh_for_bundle` at
each window start: it installs the entry the first time (a learner without a terminal never
types the command), repoints it when the bundle was moved or replaced, and respects a
``--remove`` (a marker in the config folder) until the command is run again.
"""

from __future__ import annotations

import logging
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from studyapp.gui.host import frozen, host_environment

log = logging.getLogger(__name__)

APP_ID = "studyapp"
DESKTOP_FILE = f"{APP_ID}.desktop"
MIME_FILE = "studyapp-anki.xml"
MIME_TYPES = ("application/x-apkg", "application/x-colpkg")
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
OWNER_KEY = "X-Studyapp-Entry"  # marks a .desktop file as ours (never delete another's)
OPT_OUT = "desktop-entry-removed"  # in the config folder: the learner removed the entry


@dataclass(frozen=True)
class Places:
    """Where the files go: ``data_home`` is ``$XDG_DATA_HOME`` (``~/.local/share``)."""

    data_home: Path
    config_home: Path

    @classmethod
    def for_user(cls) -> Places:
        import platformdirs

        return cls(Path(platformdirs.user_data_path()), Path(platformdirs.user_config_dir(APP_ID)))

    @property
    def desktop_file(self) -> Path:
        return self.data_home / "applications" / DESKTOP_FILE

    @property
    def mime_file(self) -> Path:
        return self.data_home / "mime" / "packages" / MIME_FILE

    def icon(self, size: int | None) -> Path:
        folder = "scalable" if size is None else f"{size}x{size}"
        name = f"{APP_ID}.svg" if size is None else f"{APP_ID}.png"
        return self.data_home / "icons" / "hicolor" / folder / "apps" / name

    @property
    def opt_out(self) -> Path:
        return self.config_home / OPT_OUT


def launch_command() -> list[str]:
    """The program a menu click runs: this one, by absolute path."""
    if frozen():
        return [str(Path(sys.executable).resolve())]
    script = Path(sys.executable).parent / APP_ID  # a venv's, pipx's or uv's bin/studyapp
    if script.is_file():
        return [str(script.absolute())]
    return [str(Path(sys.executable).absolute()), "-m", APP_ID]


def exec_quote(word: str) -> str:
    """One argument of an ``Exec`` key, quoted as the Desktop Entry spec says."""
    if word and not any(c in word for c in " \t\n\"'\\><~|&;$*?#()`%="):
        return word
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in word)
    return f'"{escaped}"'.replace("%", "%%")


def desktop_entry_text(command: list[str]) -> str:
    from studyapp import __version__

    line = " ".join(exec_quote(word) for word in command)
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Name=Studyapp",
            "GenericName=Flashcards",
            "Comment=Set a goal, get a skill tree and flashcards, study with spaced repetition",
            f"Exec={line} %f",
            f"TryExec={command[0]}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "Categories=Education;Qt;",
            "Keywords=anki;flashcards;study;spaced repetition;srs;",
            "MimeType=" + "".join(f"{t};" for t in MIME_TYPES),
            "StartupNotify=true",
            f"StartupWMClass={APP_ID}",
            f"{OWNER_KEY}={__version__}",
            "",
        ]
    )


def render_icon(size: int) -> bytes:
    """The one SVG as a ``size`` px PNG (Qt's SVG renderer; no application object needed)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(icon_svg()))
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6's stub types the format as bytes, but the binding refuses b"PNG" (ValueError,
    # tests/test_packaging.py) and takes only str.
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stub is wrong (above)
    buffer.close()
    return bytes(data.data())


def window_icon():  # -> QIcon (Qt is imported only when a window is made)
    """The window's icon (title bar, task switcher), from the same SVG."""
    from PySide6.QtGui import QIcon, QPixmap

    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        pixmap = QPixmap()
        pixmap.loadFromData(render_icon(size), "PNG")
        icon.addPixmap(pixmap)
    return icon


def icon_svg() -> bytes:
    return resources.files("studyapp").joinpath("resources", "icons", f"{APP_ID}.svg").read_bytes()


def mime_xml() -> bytes:
    return resources.files("studyapp").joinpath("resources", "desktop", MIME_FILE).read_bytes()


def install(places: Places | None = None, command: list[str] | None = None) -> list[Path]:
    """Write the entry, the MIME types and the icons; tell the desktop. Returns the files."""
    places = places or Places.for_user()
    written: list[Path] = []

    def write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)  # never a half-written entry in the menu
        written.append(path)

    for size in ICON_SIZES:
        write(places.icon(size), render_icon(size))
    write(places.icon(None), icon_svg())
    write(places.mime_file, mime_xml())
    write(places.desktop_file, desktop_entry_text(command or launch_command()).encode())
    places.opt_out.unlink(missing_ok=True)
    _refresh_caches(places)
    return written


def remove(places: Places | None = None) -> list[Path]:
    """Delete what :func:`install` wrote (a .desktop file not marked as ours is left alone)."""
    places = places or Places.for_user()
    removed: list[Path] = []
    candidates = [places.mime_file, places.icon(None), *(places.icon(s) for s in ICON_SIZES)]
    if OWNER_KEY in _read(places.desktop_file):
        candidates.insert(0, places.desktop_file)
    for path in candidates:
        if path.exists():
            path.unlink()
            removed.append(path)
    places.opt_out.parent.mkdir(parents=True, exist_ok=True)
    places.opt_out.write_text("The learner removed Studyapp's menu entry; the bundle keeps out.\n")
    _refresh_caches(places)
    return removed


def refresh_for_bundle(places: Places | None = None) -> str:
    """At a bundle's window start: install the entry if there is none (and the learner did not
    remove it), repoint it when the program it names is gone (the bundle was moved or a newer
    one replaced it elsewhere). Returns what it did; never raises (the window matters more)."""
    places = places or Places.for_user()
    try:
        if places.opt_out.exists():
            return "removed by the learner"
        text = _read(places.desktop_file)
        if text and OWNER_KEY not in text:
            return "another program's entry"
        if text:
            target = _try_exec(text)
            if target and Path(target).exists():
                return "up to date" if target == launch_command()[0] else "another copy's"
        install(places)
        return "installed"
    except Exception:
        log.exception("could not install the desktop entry")
        return "failed"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def _try_exec(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("TryExec="):
            return line.removeprefix("TryExec=").strip()
    return None


def _refresh_caches(places: Places) -> None:
    """Let the desktop see the change now (each tool is optional: menus rescan by themselves)."""
    env = host_environment()
    for argv in (
        ["update-mime-database", str(places.data_home / "mime")],
        ["update-desktop-database", "-q", str(places.data_home / "applications")],
        ["gtk-update-icon-cache", "-q", "-t", str(places.data_home / "icons" / "hicolor")],
    ):
        if shutil.which(argv[0], path=env.get("PATH")) is None:
            continue
        try:
            subprocess.run(argv, env=env, check=False, capture_output=True, timeout=30)
        except (OSError, subprocess.SubprocessError) as exc:
            log.info("%s: %s", shlex.join(argv), exc)
