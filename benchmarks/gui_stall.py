"""Does offline generation stall the window? The frame-gap probe with the REAL offline provider.

A goal with 10,000 cards in 110 skills (embedded into its vector store beforehand, in this
process) is opened by the real app (``studyapp.gui.app.run``, in a NEW process, offline
generator, the compute processes as the app makes them). In the window process a 5-ms
GUI-thread timer scrolls the deck and records the interval between its ticks while four
Add-material generations (the corpus in ``tests/fixtures/corpus``: halves of tcp(7), epoll(7),
the Node.js dns page and the Python classes tutorial, cleaned as the app cleans them, each
split into parts) are submitted, run and finish, and their cards arrive in the deck:

- cold: the first four generations after start (the compute processes are still warming up);
- warm: four more (the other halves);
- idle: the deck scrolling with nothing running, for comparison.

Then the window's resident memory (and its compute processes', listed apart). Targets: the
longest gap ≤ 50 ms cold and warm; window RSS after them ≤ 300 MB. The last line is the
headline.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
FILES = ("tcp.7.txt", "epoll.7.txt", "dns.md", "classes.html")


def halves() -> tuple[list[str], list[str]]:
    """Each corpus text cleaned as the app cleans it, cut at the heading nearest its middle."""
    from studyapp.services.generation import clean_material
    from studyapp.services.material import read_source

    first, second = [], []
    for name in FILES:
        text = clean_material(read_source(str(CORPUS / name)))
        middle = len(text) // 2
        cuts = [i for i in range(len(text)) if text.startswith("\n#", i)] or [middle]
        cut = min(cuts, key=lambda i: abs(i - middle))
        first.append(text[:cut].strip())
        second.append(text[cut:].strip())
    return first, second


def prepare(url: str, vectors: Path) -> None:
    """The 10,000-card goal, embedded into the vector store the window will use. Its cards
    are a month old, as a large deck's are: a generation re-checks the cards made in the last
    minutes by their text (the commit's duplicate check), and 10,000 of them would be a
    different benchmark."""
    from sqlalchemy import text

    from studyapp.db.database import Database
    from studyapp.db.migrate import upgrade
    from studyapp.services.profiles import ensure_profile
    from studyapp.vectors.store import open_store
    from studyapp.vectors.sync import resync
    from tests.factories import make_goal, make_node

    db = Database(url)
    upgrade(db)
    with db.engine.begin() as conn:
        conn.execute(text("TRUNCATE goals, jobs, job_submissions, cards, workers CASCADE"))
    profile = ensure_profile(db, "default")
    goal = make_goal(db, profile.id, "Networking from the manuals")
    nodes = [make_node(db, goal, f"Skill {i}", position=i) for i in range(110)]
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cards (profile_id, goal_id, node_id, front, back, created_at) "
                "SELECT :p, :g, (CAST(:nodes AS bigint[]))[1 + g % 110], 'Question ' || g, "
                "'Answer number ' || g, now() - interval '30 days' "
                "FROM generate_series(1, 10000) g"
            ),
            {"p": profile.id, "g": goal, "nodes": nodes},
        )
    resync(db, open_store(vectors), profile.id, goal)
    db.dispose()


def main() -> None:
    from benchmarks._common import parser

    p = parser(__doc__ or "")
    p.add_argument("--threads", type=int, default=4)
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sa-stall-"))
    url = args.database_url
    if url is None:
        from studyapp.db import embedded

        url = embedded.start(work / "server", cleanup_mode="delete")
    vectors = work / "vectors"
    prepare(url, vectors)
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        STUDYAPP_PROVIDER="offline",
        STUDYAPP_NO_KEYRING="1",
        STUDYAPP_DATA_DIR=str(work / "app"),
        STUDYAPP_VECTORS_DIR=str(vectors),
    )
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks._stall_window", url, str(args.threads)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=900,
    )
    lines = run.stdout.splitlines()
    for line in lines:
        print(line)
    results = dict(line.split(" ", 1) for line in lines if line.startswith(("GAP", "RSS")))
    if run.returncode != 0 or "RSS" not in results:
        raise SystemExit(f"the window run failed ({run.returncode}):\n{run.stderr[-4000:]}")
    gaps = {line.split()[1]: float(line.split()[2]) for line in lines if line.startswith("GAP ")}
    print(f"window run took {time.monotonic() - started:.0f} s")
    print(
        f"longest GUI gap with four offline generations finishing (10,000-card deck scrolling): "
        f"cold {gaps['cold']:.0f} ms, warm {gaps['warm']:.0f} ms (idle {gaps['idle']:.0f} ms)"
    )


if __name__ == "__main__":
    main()
