"""Command-line front end over the same services the window uses (no Qt widgets here).

Each command group lives in its own module exposing ``register(subparsers)``; a command is a
function ``(ctx, args) -> exit code``. Known errors become one line on stderr and their exit code
(0 ok, 2 bad input, 3 rate limited, 4 job failed, 5 not found); bugs get a traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import sys
from collections.abc import Sequence

from studyapp import __version__
from studyapp.cli.context import CliContext
from studyapp.errors import StudyappError

# Command groups listed first in ``--help``; any other module of this package with a
# ``register(subparsers)`` function is added after them, so a new command group is one new file.
FIRST_MODULES = ["gui", "goals", "generate", "cards", "jobs", "worker"]


def command_modules() -> list[str]:
    import pkgutil

    import studyapp.cli as package

    found = {m.name for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_")}
    ordered = [name for name in FIRST_MODULES if name in found]
    ordered += sorted(found - set(ordered) - {"context"})
    return [f"studyapp.cli.{name}" for name in ordered]


def build_parser() -> argparse.ArgumentParser:
    parser = global_parser()
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in command_modules():
        module = importlib.import_module(name)
        if hasattr(module, "register"):
            module.register(subparsers)
    return parser


def global_parser(*, add_help: bool = True) -> argparse.ArgumentParser:
    """The options every command takes (the full parser adds the commands to it)."""
    parser = argparse.ArgumentParser(
        prog="studyapp",
        description="Studyapp: goals, generated skill trees and flashcards, spaced repetition.",
        add_help=add_help,
    )
    parser.add_argument("--version", action="version", version=f"studyapp {__version__}")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="a PostgreSQL URL (postgresql://user@host:5432/db); default: the embedded server "
        "(or $STUDYAPP_DATABASE_URL)",
    )
    parser.add_argument("--profile", metavar="NAME", help="the learner profile (default: default)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more to stderr")
    return parser


def window_args(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The options, when the command line asks for the window (no command, or ``gui``): then
    no command module is imported, because every one of them brings the database stack, and
    the window paints first and opens the database after (start-up time, issue 16)."""
    args, rest = global_parser(add_help=False).parse_known_args(argv)
    if rest not in ([], ["gui"]):
        return None
    args.command = rest[0] if rest else None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = window_args(sys.argv[1:] if argv is None else argv)
    if args is None:
        args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    handler = getattr(args, "handler", None)
    if handler is None:  # no command: open the window
        from studyapp.cli.gui import run_gui

        handler = run_gui
    ctx = CliContext.from_args(args)
    try:
        return int(handler(ctx, args) or 0)
    except StudyappError as exc:
        print(f"studyapp: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("studyapp: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `studyapp jobs list | head`
        return 0
    finally:
        ctx.close()
        # Everything is closed now. Freezing the heap skips the interpreter's final collection
        # of a few hundred thousand objects (anthropic, pydantic, lancedb), which alone made a
        # quit take 0.5-1 s after the app had finished.
        gc.freeze()
