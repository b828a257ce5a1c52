"""Every file dialog of the window: window-modal, non-blocking, and opened where the learner was.

A ``QFileDialog`` given no directory opens in the process's working directory (the program's
folder when started from a launcher), which is never where a learner keeps decks or notes. So
each dialog starts in the folder last used for any file (remembered in ``window.json`` across
restarts, see ``local_settings.py``), or the home folder, and remembers the folder of the file
chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from studyapp.gui.local_settings import WindowSettings


def start_folder(folders: WindowSettings | None) -> Path:
    return folders.last_folder() if folders is not None else Path.home()


def file_dialog(
    parent: QWidget,
    title: str,
    filters: str,
    on_chosen: Callable[[Path], None],
    *,
    folders: WindowSettings | None = None,
    save_as: str | None = None,
) -> QFileDialog:
    """An open (or, with ``save_as``, a save) dialog, window-modal and non-blocking. It opens in
    the last folder used (else home); the chosen file's folder becomes the last one."""
    folder = start_folder(folders)
    dialog = QFileDialog(parent, title, str(folder), filters)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if save_as is not None:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.selectFile(str(folder / save_as))
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)

    def chosen(name: str) -> None:
        path = Path(name)
        if folders is not None:
            folders.remember_folder(path.parent)
        on_chosen(path)

    dialog.fileSelected.connect(chosen)
    dialog.open()
    return dialog


def safe_file_name(title: str, suffix: str, *, limit: int = 80) -> str:
    """A file name suggested from a goal's title: what a learner would type, not "cards.apkg".
    Characters no file system takes are dropped; an empty result falls back to "cards"."""
    kept = "".join(
        ch if ch.isalnum() or ch in " -_.,()" else " " for ch in title if ch.isprintable()
    )
    name = " ".join(kept.split()).strip(" .")[:limit].rstrip(" .")
    return f"{name or 'cards'}{suffix}"
