"""Start -> window of the self-contained bundle, as a learner starts it (``env -i``, HOME only).

    STUDYAPP_BUNDLE=dist/studyapp-X-linux-x86_64.tar.gz python benchmarks/bundle_start.py [N]

Unpacks the archive once, then N times: a first start (fresh HOME: no database yet, the desktop
entry gets installed) and a second start (same HOME), each timed from the exec to a visible
window on Xvfb (xdotool polls every 20 ms), then closed with SIGTERM. The files are in the page
cache after unpacking, so "first start" is a first run of the app, not a cold disk. Prints
each run, then the medians; the last line is the headline (first start, median).
Without STUDYAPP_BUNDLE it says so and exits (``make bench`` runs every benchmark).
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path


def xvfb() -> tuple[subprocess.Popen, str]:
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x860x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        return server, ":" + pipe.readline().strip()


def start_to_window(program: Path, home: Path, display: str) -> float:
    env = ["env", "-i", f"HOME={home}", f"DISPLAY={display}"]
    started = time.monotonic()
    app = subprocess.Popen([*env, program], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.monotonic() - started < 120:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", "^Studyapp$"],
                env={**os.environ, "DISPLAY": display},
                capture_output=True,
            )
            if found.stdout.strip():
                return time.monotonic() - started
            time.sleep(0.02)
        raise TimeoutError("no window in 120 s")
    finally:
        app.send_signal(signal.SIGTERM)
        app.wait(60)
        time.sleep(2)  # the embedded server's detached stop


def main() -> int:
    archive = os.environ.get("STUDYAPP_BUNDLE")
    if not archive:
        print("no bundle: build one with `make dist`, then set STUDYAPP_BUNDLE to its .tar.gz")
        return 0
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory(prefix="bundle-start-") as tmp:
        root = Path(tmp)
        with tarfile.open(archive) as tar:
            tar.extractall(root / "app", filter="tar")
        program = root / "app" / "studyapp" / "studyapp"
        server, display = xvfb()
        first, second = [], []
        try:
            for n in range(runs):
                home = root / f"home{n}"
                home.mkdir()
                first.append(start_to_window(program, home, display))
                second.append(start_to_window(program, home, display))
                print(f"run {n + 1}: first start {first[-1]:.2f} s, second {second[-1]:.2f} s")
        finally:
            server.terminate()
            server.wait(10)
    print(f"second start -> window, median of {runs}: {statistics.median(second):.2f} s")
    print(f"first start -> window, median of {runs}: {statistics.median(first):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
