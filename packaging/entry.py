"""The bundle's program: ``studyapp`` in the unpacked folder, what the desktop entry runs.

It is ``studyapp.__main__.main`` plus what only a frozen program needs: there is no separate
Python to run ``python -m MODULE``, so when Studyapp starts a helper of its own that way (the
embedded server's detached stop: ``sys.executable -m studyapp.db.embedded release ...``) this
same executable is called with ``-m MODULE ARGS`` and runs that module instead of the CLI.
Only Studyapp's own modules are accepted, so the bundle is no general Python interpreter.

The compute processes (``studyapp.handlers.process_pool``, multiprocessing's "spawn") start this
executable too, with multiprocessing's own arguments (``--multiprocessing-fork ...`` for a child,
``-c "from multiprocessing.resource_tracker import main..."`` for the resource tracker).
``multiprocessing.freeze_support()``, which PyInstaller's runtime hook makes work on Linux, runs
those and exits before anything else reads the arguments; without it they reached the CLI's parser
("invalid choice: 'tracker_fd=22'") and offline generation never finished in the bundle.
"""

from __future__ import annotations

import multiprocessing
import runpy
import sys


def main() -> int:
    multiprocessing.freeze_support()
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "-m":
        module = args[1]
        if module != "studyapp" and not module.startswith("studyapp."):
            print(f"studyapp: -m runs Studyapp's own modules only, not {module}", file=sys.stderr)
            return 2
        sys.argv = [sys.argv[0], *args[2:]]
        if module == "studyapp":
            from studyapp.__main__ import main as studyapp_main

            return studyapp_main()
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        return 0
    from studyapp.__main__ import main as studyapp_main

    return studyapp_main()


if __name__ == "__main__":
    sys.exit(main())
