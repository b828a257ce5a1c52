"""Export and import of 10,000 cards with 100,000 reviews: CSV, and Anki packages in both formats,
against Anki's own importer on the same files, and the round trip checked at that size.

A goal of 10,000 cards in a 2-level skill tree, each with 10 reviews spread over months (recorded
as the study service records them: FSRS state and each review's previous state), tags on every
card and an image on every tenth. Timed steps, each in a fresh process so its peak memory (max
RSS, VmHWM) is its own:

- CSV export, CSV import (cards only, as before);
- .apkg export (classic schema 11 with the schedule and 100,000 revlog rows);
- .apkg import of that file (classic), and of the same deck re-exported by Anki's own library in
  the modern format (zstd, schema 18), each into a profile of its own. Two figures each: when
  the import returns (its transaction committed: the cards are there), and when the background
  embedding for search by meaning has finished too;
- Anki's own import of the same two files into a fresh collection (its ``anki`` library, in a
  process of its own), the reference the issue sets: at most twice Anki's time and memory;
- the modern package imported again into the same profile: no second goal, 0 notes doubled;
- that goal exported again and imported by Anki into the collection the modern package came
  from ("new 0") and into a fresh one: every card's type, queue, due, interval and memory state
  compared with Anki's own (0 intervals changed).

The Anki steps need the test-only ``anki`` package (``make test`` installs it); without it they
are reported as skipped.

    python benchmarks/interop_10k.py [--database-url URL] [--cards N]

Last line: ``interop 10k cards/100k reviews: import X s (Anki Y s, Z.Zx), peak RSS M MB (Anki N
MB, W.Wx); doubled D, intervals changed C``.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
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
from studyapp.services.profiles import ensure_profile
from studyapp.services.study import replay, scheduler_for

TITLE = "Interop bench"
REVIEWS_PER_CARD = 10
RATINGS = (3, 3, 4, 1, 3, 3, 2, 3, 4, 3)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16


def build(db: Database, profile_id: int, cards: int) -> int:
    """The goal: tree and cards by SQL, reviews replayed through our scheduler and COPYed."""
    with db.engine.begin() as conn:
        goal = conn.execute(
            text("INSERT INTO goals (profile_id, title) VALUES (:p, :t) RETURNING id"),
            {"p": profile_id, "t": TITLE},
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
            "apkg re-export": apkg.export_apkg,
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


def import_step(url: str, profile_id: int, path: str) -> dict[str, Any]:
    """One .apkg import in this (fresh) process: when it returned (committed) and when its
    background embedding finished, each with the peak memory so far."""
    from studyapp.services import apkg
    from studyapp.services.card_vectors import wait_for_background

    db = Database(url)
    try:
        started = time.perf_counter()
        result = apkg.import_apkg(db, profile_id, None, Path(path))
        committed = time.perf_counter() - started
        committed_kb = peak_rss_kb()
        wait_for_background()
        indexed = time.perf_counter() - started
    finally:
        db.dispose()
    return {
        "seconds": committed,
        "rss_kb": committed_kb,
        "indexed_seconds": indexed,
        "indexed_rss_kb": peak_rss_kb(),
        "goal_id": result.goal_id,
        "taken": result.taken,
        "reviews": result.reviews,
        "unchanged": result.unchanged,
        "updated": result.updated,
    }


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


ANKI_SIDE = Path(__file__).resolve().parent / "_anki_side.py"


def anki(*args: str) -> dict[str, Any] | None:
    """A call of ``_anki_side.py`` in a process of its own; None without ``anki``."""
    done = subprocess.run(
        [sys.executable, str(ANKI_SIDE), *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        print(f"anki: not run ({done.stderr.strip()[-300:]})")
        return None
    return json.loads(done.stdout)


def to_modern(classic: Path, tmp: Path) -> Path | None:
    """Anki's own re-export of our package in the modern format (None without ``anki``); the
    collection it was made in stays, for the round trip."""
    modern = tmp / "modern.apkg"
    (tmp / "anki").mkdir(exist_ok=True)
    made = anki("convert", str(tmp / "anki" / "c.anki2"), str(classic), str(modern), TITLE)
    return modern if made is not None else None


def main() -> int:
    args_parser = parser(__doc__.splitlines()[0])
    args_parser.add_argument("--cards", type=int, default=10_000)
    args_parser.add_argument(
        "--varied-notes", type=int, default=10_000, help="notes of the deck made in Anki (0: skip)"
    )
    args = args_parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="sa-interop-"))
    os.environ[ENV_MEDIA_DIR] = str(tmp / "media")
    os.environ["STUDYAPP_VECTORS_DIR"] = str(tmp / "vectors")
    db, profile = open_bench_database(args.database_url)
    url = db.url
    figures: dict[str, float] = {}
    peak_kb = 0
    ours: dict[str, dict[str, Any]] = {}
    theirs: dict[str, dict[str, Any]] = {}
    doubled = changed = -1
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

            def run(name: str, goal_id: int, path: Path, owner: int = profile.id) -> Any:
                nonlocal peak_kb
                seconds, rss_kb, result = pool.submit(
                    step, url, name, owner, goal_id, str(path)
                ).result()
                figures[name] = seconds
                peak_kb = max(peak_kb, rss_kb)
                size = f", file {path.stat().st_size / 1e6:.1f} MB" if path.exists() else ""
                print(f"{name}: {seconds:.2f} s, peak RSS {rss_kb / 1024:.0f} MB, {result}{size}")

            def imported(name: str, profile_id: int, path: Path) -> dict[str, Any]:
                done = pool.submit(import_step, url, profile_id, str(path)).result()
                print(
                    f"{name}: {done['seconds']:.2f} s to commit, peak RSS "
                    f"{done['rss_kb'] / 1024:.0f} MB; searchable after "
                    f"{done['indexed_seconds']:.2f} s, peak RSS {done['indexed_rss_kb'] / 1024:.0f} "
                    f"MB; {done['taken']} cards, {done['reviews']} reviews, "
                    f"{done['unchanged']} unchanged, {done['updated']} updated"
                )
                return done

            run("csv export", goal, tmp / "deck.csv")
            run("csv import", new_goal(db, profile.id, "CSV copy"), tmp / "deck.csv")
            run("apkg export", goal, tmp / "deck.apkg")
            classic = tmp / "deck.apkg"
            ours["classic"] = imported(
                "apkg import classic", ensure_profile(db, "classic").id, classic
            )
            modern = to_modern(classic, tmp)
            packages = {"classic": classic, **({"modern": modern} if modern else {})}
            for kind, package in packages.items():
                measured = anki("import", str(package), str(tmp / f"anki-{kind}"))
                if measured is not None:
                    theirs[kind] = measured
                    print(
                        f"Anki's import of the {kind} package: {measured['seconds']:.2f} s, "
                        f"peak RSS {measured['rss_kb'] / 1024:.0f} MB"
                    )
            if modern is not None:
                learner = ensure_profile(db, "modern")
                ours["modern"] = imported("apkg import modern", learner.id, modern)
                goals_before = goal_count(db, learner.id)
                again = imported("apkg import modern again", learner.id, modern)
                doubled = again["taken"] + (goal_count(db, learner.id) - goals_before)
                back = tmp / "back.apkg"
                run("apkg re-export", ours["modern"]["goal_id"], back, learner.id)
                (tmp / "fresh").mkdir(exist_ok=True)
                compared = anki(
                    "back", str(tmp / "anki" / "c.anki2"), str(back), str(tmp / "fresh" / "c.anki2")
                )
                if compared is not None:
                    changed = compared["schedule_changed"] + compared["memory_changed"]
                    print(f"round trip into Anki: {compared}")
            if args.varied_notes and modern is not None:
                varied = varied_round_trip(tmp, args.varied_notes, imported, run, db)
                doubled = max(doubled, 0) + varied["doubled"]
                changed = max(changed, 0) + varied["changed"]
    finally:
        db.dispose()
    for kind in ("classic", "modern"):
        if kind in ours and kind in theirs:
            print(
                f"{kind}: ours {ours[kind]['seconds']:.2f} s / {ours[kind]['rss_kb'] / 1024:.0f} MB "
                f"at commit ({ours[kind]['indexed_seconds']:.2f} s / "
                f"{ours[kind]['indexed_rss_kb'] / 1024:.0f} MB searchable), Anki "
                f"{theirs[kind]['seconds']:.2f} s / {theirs[kind]['rss_kb'] / 1024:.0f} MB: "
                f"{ours[kind]['seconds'] / theirs[kind]['seconds']:.1f}x time, "
                f"{ours[kind]['rss_kb'] / theirs[kind]['rss_kb']:.1f}x memory"
            )
    print(f"apkg export {figures.get('apkg export', float('nan')):.2f} s")
    kind = "modern" if "modern" in ours and "modern" in theirs else "classic"
    mine, anki_s = ours.get(kind), theirs.get(kind)
    if mine and anki_s:
        print(
            f"interop {args.cards // 1000}k cards/{args.cards * REVIEWS_PER_CARD // 1000}k reviews "
            f"({kind}): import {mine['seconds']:.2f} s (Anki {anki_s['seconds']:.2f} s, "
            f"{mine['seconds'] / anki_s['seconds']:.1f}x), peak RSS {mine['rss_kb'] / 1024:.0f} MB "
            f"(Anki {anki_s['rss_kb'] / 1024:.0f} MB, {mine['rss_kb'] / anki_s['rss_kb']:.1f}x); "
            f"doubled {doubled}, intervals changed {changed}"
        )
    else:
        print(
            f"interop {args.cards // 1000}k: Anki not available; peak RSS {peak_kb / 1024:.0f} MB"
        )
    return 0


def varied_round_trip(tmp: Path, notes: int, imported: Any, run: Any, db: Database) -> dict:
    """A deck made in Anki (Basic with formatting and pictures, reversed, cloze with 1-3
    deletions, typed answers, sub-decks, tags, suspended and buried cards, a review history):
    Anki's import and ours timed, imported again (nothing doubled), exported and imported by
    Anki into the collection it came from and a fresh one (nothing changed)."""
    folder = tmp / "varied"
    folder.mkdir()
    made = anki("build", str(folder / "c.anki2"), str(notes), str(folder / "varied.apkg"))
    if made is None:
        return {"doubled": 0, "changed": 0}
    print(f"a deck made in Anki: {made}")
    measured = anki("import", str(folder / "varied.apkg"), str(folder / "anki-import"))
    learner = ensure_profile(db, "varied")
    ours = imported("apkg import varied", learner.id, folder / "varied.apkg")
    if measured is not None:
        print(
            f"varied: ours {ours['seconds']:.2f} s / {ours['rss_kb'] / 1024:.0f} MB at commit, "
            f"Anki {measured['seconds']:.2f} s / {measured['rss_kb'] / 1024:.0f} MB: "
            f"{ours['seconds'] / measured['seconds']:.1f}x time, "
            f"{ours['rss_kb'] / measured['rss_kb']:.1f}x memory"
        )
    before = goal_count(db, learner.id)
    again = imported("apkg import varied again", learner.id, folder / "varied.apkg")
    doubled = again["taken"] + goal_count(db, learner.id) - before
    back = folder / "back.apkg"
    run("apkg re-export", ours["goal_id"], back, learner.id)
    compared = anki("back", str(folder / "c.anki2"), str(back), str(folder / "fresh.anki2"))
    if compared is None:
        return {"doubled": doubled, "changed": 0}
    print(f"varied round trip into Anki: {compared}")
    new = compared["into_original"]["new"]
    return {
        "doubled": doubled + new,
        "changed": compared["schedule_changed"] + compared["memory_changed"],
    }


def goal_count(db: Database, profile_id: int) -> int:
    with db.engine.connect() as conn:
        return conn.execute(
            text("SELECT count(*) FROM goals WHERE profile_id = :p"), {"p": profile_id}
        ).scalar_one()


if __name__ == "__main__":
    raise SystemExit(main())
