"""Entry point for ``python -m studyapp`` and the ``studyapp`` console script."""

from __future__ import annotations

import sys

# A file manager opens a double-clicked deck with ``studyapp FILE.apkg`` (the desktop entry's
# MIME type): such an argument means "open the window and offer to import it".
DECK_SUFFIXES = (".apkg", ".colpkg")
OPTIONS_WITH_VALUES = {"--database-url", "--profile"}


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; kept tiny so ``--help`` never imports Qt or the database stack."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args in (["--version"], ["-V"]):
        # Answered before the command modules load (the whole parser takes a second or two).
        from studyapp import __version__

        print(f"studyapp {__version__}")
        return 0
    from studyapp.cli import main as cli_main

    return cli_main(deck_opens_window(args))


def deck_opens_window(args: list[str]) -> list[str]:
    """``[options] FILE.apkg`` -> ``[options] gui FILE.apkg``; anything else unchanged."""
    at = 0
    while at < len(args) and args[at].startswith("-"):
        at += 2 if args[at] in OPTIONS_WITH_VALUES else 1
    if at < len(args) and args[at].lower().endswith(DECK_SUFFIXES):
        return [*args[:at], "gui", *args[at:]]
    return args


if __name__ == "__main__":
    sys.exit(main())
