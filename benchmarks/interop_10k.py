"""Export and import of 10,000 cards with 100,000 reviews: CSV, and Anki packages in both formats.

A goal of 10,000 cards in a 2-level skill tree, each with 10 reviews spread over months (recorded
as the study service records them: FSRS state and each review's previous state), tags on every
card and an image on every tenth. Timed steps, each in a fresh process so its peak memory (max
RSS) is its own:

- CSV export, CSV import (cards only, as before);
- .apkg export (classic schema 11 with the schedule and 100,000 revlog rows);
- .apkg import of that file (classic), and of the same deck re-exported by Anki's own library in
  the modern format (zstd, schema 18): the conversion runs untimed, in its own process, with the
  test-only ``anki`` package when it is installed (else that step is reported as skipped).

    python benchmarks/interop_10k.py [--database-url URL] [--cards N]

Last line: ``interop 10k cards/100k reviews: apkg export X s, import classic Y s, import modern
Z s; peak RSS M MB``.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import open_bench_database, parser
from studyapp.db.database import Database
from studyapp.services.interop_media import ENV_MEDIA_DIR, media_dir
from studyapp.services.interop_notes import (
    CARD_COLUMNS,
    REVIEW_COLUMNS,
    allocate_ids,
    copy_rows,
)
from studyapp.services.study import replay, scheduler_for

REVIEWS_PER_CARD = 10
RATINGS = (3, 3, 4, 1, 3, 3, 2, 3, 4, 3)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16


def build(db: Database, profile_id: int, cards: int) -> int:
    """The goal: tree and cards by SQL, reviews replayed through our scheduler and COPYed."""
    with db.engine.begin() as conn:
        goal = conn.execute(
            text("INSERT INTO goals (profile_id, title) VALUES (:p, 'Interop bench') RETURNING id"),
            {"p": profile_id},
        ).scalar_one()
        conn.execute(
            text(
                "INSERT INTO skill_nodes (goal_id, title, position) "
                "SELECT :g, 'Skill ' || i, i FROM generate_series(1, 10) i"
            ),
            {"g": goal},
        )
        conn.execute(
            text(
                "INSERT INTO skill_nodes (goal_id, parent_id, title, position) "
                "SELECT :g, n.id, 'Sub ' || i, i FROM skill_nodes n, generate_series(1, 5) i "
                "WHERE n.goal_id = :g"
            ),
            {"g": goal},
        )
        nodes = (
            conn.execute(
                text("SELECT id FROM skill_nodes WHERE goal_id = :g ORDER BY id"), {"g": goal}
            )
            .scalars()
            .all()
        )
    scheduler = scheduler_for(0.9)
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=400)
    with db.session() as session:
        ids = allocate_ids(session, "cards", cards)
        card_rows, review_rows = [], []
        for i, card_id in enumerate(ids):
            created = start + timedelta(seconds=i)
            moments = [
                created + timedelta(days=1 + 30 * k, minutes=k) for k in range(REVIEWS_PER_CARD)
            ]
            log = list(zip(RATINGS, moments, strict=True))
            final, befores = replay(scheduler, card_id, created, log)
            media = [{"name": f"figure {i}.png", "side": "front"}] if i % 10 == 0 else []
            card_rows.append(
                (
                    card_id,
                    profile_id,
                    goal,
                    nodes[i % len(nodes)],
                    f'Question {i}, with "quotes" and émoji 🧠',
                    f"Answer {i}\nsecond line <not html> & more",
                    "basic",
                    "bench",
                    [f"tag{i % 7}", "bench::interop"],
                    Jsonb(media),
                    False,
                    final.state,
                    final.step,
                    final.stability,
                    final.difficulty,
                    final.due,
                    final.last_review,
                    created,
                    created,
                )
            )
            for (rating, moment), before in zip(log, befores, strict=True):
                review_rows.append(
                    (card_id, profile_id, rating, "flip", moment, 5000, Jsonb(before.to_json()))
                )
        copy_rows(session, "cards", CARD_COLUMNS, card_rows)
        copy_rows(session, "reviews", REVIEW_COLUMNS, review_rows)
    folder = media_dir(db, profile_id)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(0, cards, 10):
        (folder / f"figure {i}.png").write_bytes(PNG)
    return goal


def new_goal(db: Database, profile_id: int, title: str) -> int:
    with db.engine.begin() as conn:
        return conn.execute(
            text("INSERT INTO goals (profile_id, title) VALUES (:p, :t) RETURNING id"),
            {"p": profile_id, "t": title},
        ).scalar_one()


def step(url: str, name: str, profile_id: int, goal_id: int, path: str) -> tuple[float, int, Any]:
    """One timed step in this (fresh) process: seconds, peak RSS in kB, the result's figures."""
    from studyapp.services import apkg, interop_csv

    db = Database(url)
    try:
        fn = {
            "csv export": interop_csv.export_csv,
            "csv import": interop_csv.import_csv,
            "apkg export": apkg.export_apkg,
            "apkg import classic": apkg.import_apkg,
            "apkg import modern": apkg.import_apkg,
        }[name]
        started = time.perf_counter()
        result = fn(db, profile_id, goal_id, Path(path))
        seconds = time.perf_counter() - started
    finally:
        db.dispose()
    figures = (
        (result.cards, getattr(result, "reviews", 0))
        if name.endswith("export")
        else (result.taken, result.reviews, result.media_files)
    )
    return seconds, peak_rss_kb(), figures


def peak_rss_kb() -> int:
    """This process's peak resident memory. Linux's VmHWM belongs to the current program image;
    ``ru_maxrss`` would also count the parent's memory at fork time (it survives exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


ANKI_CONVERT = textwrap.dedent(
    """
    import sys
    from anki.collection import (Collection, DeckIdLimit, ExportAnkiPackageOptions,
        ImportAnkiPackageOptions, ImportAnkiPackageRequest)
    col = Collection(sys.argv[1])
    col.import_anki_package(ImportAnkiPackageRequest(package_path=sys.argv[2],
        options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True)))
    col.export_anki_package(out_path=sys.argv[3], options=ExportAnkiPackageOptions(
        with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False),
        limit=DeckIdLimit(col.decks.id("Interop bench")))
    col.close()
    """
)


def to_modern(classic: Path, tmp: Path) -> Path | None:
    """Anki's own re-export of our package in the modern format (None without ``anki``)."""
    modern = tmp / "modern.apkg"
    (tmp / "anki").mkdir(exist_ok=True)
    command = [sys.executable, "-c", ANKI_CONVERT, str(tmp / "anki" / "c.anki2"), str(classic)]
    done = subprocess.run(
        [*command, str(modern)], capture_output=True, text=True, check=False, cwd=tmp
    )
    if done.returncode != 0:
        print(f"modern package: not made ({done.stderr.strip()[-300:]})")
        return None
    return modern


def main() -> int:
    args_parser = parser(__doc__.splitlines()[0])
    args_parser.add_argument("--cards", type=int, default=10_000)
    args = args_parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="sa-interop-"))
    os.environ[ENV_MEDIA_DIR] = str(tmp / "media")
    db, profile = open_bench_database(args.database_url)
    url = db.url
    figures: dict[str, float] = {}
    peak_kb = 0
    try:
        started = time.perf_counter()
        goal = build(db, profile.id, args.cards)
        print(
            f"set-up: {args.cards:,} cards, {args.cards * REVIEWS_PER_CARD:,} reviews in "
            f"{time.perf_counter() - started:.1f} s"
        )
        pool = ProcessPoolExecutor(1, mp_context=get_context("spawn"), max_tasks_per_child=1)
        with pool:
            baseline = pool.submit(peak_rss_kb).result()
            print(f"a fresh worker process: {baseline / 1024:.0f} MB max RSS")

            def run(name: str, goal_id: int, path: Path) -> Any:
                nonlocal peak_kb
                seconds, rss_kb, result = pool.submit(
                    step, url, name, profile.id, goal_id, str(path)
                ).result()
                figures[name] = seconds
                peak_kb = max(peak_kb, rss_kb)
                size = f", file {path.stat().st_size / 1e6:.1f} MB" if path.exists() else ""
                print(f"{name}: {seconds:.2f} s, peak RSS {rss_kb / 1024:.0f} MB, {result}{size}")

            run("csv export", goal, tmp / "deck.csv")
            run("csv import", new_goal(db, profile.id, "CSV copy"), tmp / "deck.csv")
            run("apkg export", goal, tmp / "deck.apkg")
            run("apkg import classic", new_goal(db, profile.id, "Classic copy"), tmp / "deck.apkg")
            modern = to_modern(tmp / "deck.apkg", tmp)
            if modern is not None:
                run("apkg import modern", new_goal(db, profile.id, "Modern copy"), modern)
    finally:
        db.dispose()
    modern_s = (
        f"{figures['apkg import modern']:.2f} s" if "apkg import modern" in figures else "skipped"
    )
    print(
        f"interop {args.cards // 1000}k cards/{args.cards * REVIEWS_PER_CARD // 1000}k reviews: "
        f"apkg export {figures['apkg export']:.2f} s, import classic "
        f"{figures['apkg import classic']:.2f} s, import modern {modern_s}; "
        f"peak RSS {peak_kb / 1024:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
