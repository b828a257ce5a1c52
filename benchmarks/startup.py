"""Start-up: process start → first paint of the window, and → the goals in the sidebar.

Each start is a NEW process running the real entry point (``studyapp.__main__.main``, the
console script's function) against an already running database; the moment is taken before the
process is created. A small probe in the child records the first paint event of the main
window (an application-wide event filter, installed before ``main`` runs) and the moment the
goals arrive (``MainWindow.goals_loaded``), prints both, and closes the window the ordinary
way. A bare PySide6 window (QApplication + QMainWindow + show) is measured the same way, as the
floor.

Target: first paint ≤ 0.4 s (median of ≥ 5 starts). The last line is the headline.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent

# The child: create the QApplication (the app reuses an existing one), watch for the main
# window's first Paint, then run the real CLI entry point with no command (open the window).
PROBE = r"""
import sys, time
t0 = float(sys.argv[1])
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
marks = {}

class Probe(QObject):
    def eventFilter(self, obj, event):
        if "paint" not in marks and event.type() == QEvent.Type.Paint:
            window = obj.window() if hasattr(obj, "window") else None
            if isinstance(window, QMainWindow):
                marks["paint"] = time.time() - t0
                window.goals_loaded.connect(goals)
        return False

def goals():
    if "goals" not in marks:
        marks["goals"] = time.time() - t0
        print(f"PAINT {marks['paint']:.4f} GOALS {marks['goals']:.4f}", flush=True)
        QTimer.singleShot(0, lambda: [w.close() for w in app.topLevelWidgets() if isinstance(w, QMainWindow)])

probe = Probe()
app.installEventFilter(probe)
from studyapp.__main__ import main
sys.exit(main(sys.argv[2:]))
"""

BARE = r"""
import sys, time
t0 = float(sys.argv[1])
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv[:1])

class Probe(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            print(f"PAINT {time.time() - t0:.4f}", flush=True)
            QTimer.singleShot(0, app.quit)
        return False

probe = Probe()
app.installEventFilter(probe)
window = QMainWindow()
window.setCentralWidget(QLabel("Hello"))
window.resize(1180, 760)
window.show()
app.exec()
"""


def one_start(code: str, args: list[str], env: dict[str, str]) -> tuple[float, float | None]:
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, repr(t0), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    line = next((x for x in out.stdout.splitlines() if x.startswith("PAINT")), None)
    if line is None:
        raise SystemExit(f"the started window never painted:\n{out.stdout}\n{out.stderr[-3000:]}")
    words = line.split()
    return float(words[1]), float(words[3]) if len(words) > 3 else None


def main() -> None:
    from benchmarks._common import parser

    p = parser(__doc__ or "")
    p.add_argument("--runs", type=int, default=7)
    args = p.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="sa-startup-"))
    url = args.database_url
    if url is None:
        from studyapp.db import embedded

        url = embedded.start(data_dir / "server", cleanup_mode="delete")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        STUDYAPP_DATA_DIR=str(data_dir),
        STUDYAPP_NO_KEYRING="1",
        STUDYAPP_VECTORS_DIR=str(data_dir / "vectors"),
    )
    one_start(PROBE, ["--database-url", url], env)  # migrates the database; not counted
    bare = [one_start(BARE, [], env)[0] for _ in range(args.runs)]
    paints: list[float] = []
    goals: list[float] = []
    for _ in range(args.runs):
        paint, arrived = one_start(PROBE, ["--database-url", url], env)
        paints.append(paint)
        if arrived is not None:
            goals.append(arrived)
    print(
        "bare PySide6 window, start -> first paint: "
        + ", ".join(f"{v:.3f}" for v in bare)
        + f" s (median {statistics.median(bare):.3f} s)"
    )
    print(
        "studyapp, start -> goals in the sidebar: "
        + ", ".join(f"{v:.3f}" for v in goals)
        + f" s (median {statistics.median(goals):.3f} s)"
    )
    print(
        "studyapp, start -> first paint: "
        + ", ".join(f"{v:.3f}" for v in paints)
        + f" s (median {statistics.median(paints):.3f} s)"
    )
    print(f"start -> first paint median s: {statistics.median(paints):.3f}")


if __name__ == "__main__":
    main()
