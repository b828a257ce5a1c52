"""``studyapp`` / ``studyapp gui [FILE]``: open the window (after checking Qt can show one);
``studyapp install-desktop-entry [--remove]``: the desktop's menu entry, icons, .apkg type."""

from __future__ import annotations

import argparse
from pathlib import Path

from studyapp.cli.context import CliContext


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("gui", help="open the window (the default with no command)")
    parser.add_argument(
        "file",
        nargs="?",
        type=Path,
        help="an Anki package (.apkg/.colpkg) to offer to import; `studyapp FILE.apkg` is short "
        "for this (a double-click on a deck runs it)",
    )
    parser.set_defaults(handler=run_gui)
    entry = subparsers.add_parser(
        "install-desktop-entry",
        help="add Studyapp to the desktop's menu and open .apkg files with it (in ~/.local/share)",
    )
    entry.add_argument("--remove", action="store_true", help="remove what it installed")
    entry.set_defaults(handler=run_install_desktop_entry)


def run_gui(ctx: CliContext, args: argparse.Namespace) -> int:
    from studyapp.gui.sysdeps import DisplayUnavailable, check_display

    try:
        check_display()
    except DisplayUnavailable as exc:
        # Started from the desktop's menu, stderr goes nowhere a learner looks.
        from studyapp.gui import notice

        notice.show(str(exc))
        raise
    from studyapp.gui import desktop_entry, host

    if host.frozen():  # the bundle puts itself in the menu; no terminal needed
        desktop_entry.refresh_for_bundle()
    from studyapp.gui.app import run

    deck = getattr(args, "file", None)
    if deck is None:
        return run(ctx.config)
    from studyapp.gui.open_file import offer_import_when_ready

    return run(ctx.config, drive=lambda window: offer_import_when_ready(window, deck.absolute()))


def run_install_desktop_entry(ctx: CliContext, args: argparse.Namespace) -> int:
    from studyapp.gui import desktop_entry

    if args.remove:
        removed = desktop_entry.remove()
        print(f"Removed Studyapp's menu entry ({len(removed)} files).")
        return 0
    written = desktop_entry.install()
    command = desktop_entry.launch_command()
    print(
        f"Studyapp is in the desktop's menu (it runs {' '.join(command)}), and opens .apkg "
        f"and .colpkg files ({len(written)} files in {desktop_entry.Places.for_user().data_home})."
    )
    return 0
