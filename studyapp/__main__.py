"""Entry point for ``python -m studyapp`` and the ``studyapp`` console script."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; kept tiny so ``--help`` never imports Qt or the database stack."""
    from studyapp.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
