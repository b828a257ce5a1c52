"""``studyapp`` / ``studyapp gui``: open the window (after checking Qt can show one)."""

from __future__ import annotations

import argparse

from studyapp.cli.context import CliContext


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("gui", help="open the window (the default with no command)")
    parser.set_defaults(handler=run_gui)


def run_gui(ctx: CliContext, args: argparse.Namespace) -> int:
    from studyapp.gui.sysdeps import check_display

    check_display()
    from studyapp.gui.app import run

    return run(ctx.config)
