"""``studyapp FILE.apkg`` (a deck double-clicked in the file manager): the window opens and, as
soon as the database is ready, offers to import the deck (File → Import's goal question), so
nothing is imported without the learner's OK."""

from __future__ import annotations

from pathlib import Path

from studyapp.gui.main_window import MainWindow


def offer_import_when_ready(window: MainWindow, path: Path) -> None:
    """Once ``window``'s database is open, ask about ``path`` (a missing file: one banner line)."""

    def ready(_db: object) -> None:
        window.database_ready.disconnect(ready)
        if window.files is None:
            return
        if not path.is_file():
            window.banner.show_message(f"No such file: {path}.", "action")
            return
        window.files.offer_import(path)

    window.database_ready.connect(ready)
