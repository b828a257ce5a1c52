"""Export and import of 10,000 cards as CSV and as an Anki .apkg, in seconds.

A goal of 10,000 cards in a 2-level skill tree (built with one ``INSERT ... SELECT``) is exported
to each format, then imported into an empty goal (which also resolves the skill paths and checks
duplicates). Each step is timed on its own.

    python benchmarks/interop_10k.py [--database-url URL]

Last line: ``interop 10k s: csv export X import Y, apkg export X import Y``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from studyapp.db import embedded
from studyapp.db.database import Database
from studyapp.db.migrate import upgrade
from studyapp.services import apkg, interop_csv
from studyapp.services.profiles import ensure_profile

CARDS = 10_000


def build(db: Database, profile_id: int) -> int:
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
        conn.execute(
            text(
                """
                INSERT INTO cards (profile_id, goal_id, node_id, front, back, provider)
                SELECT :p, :g,
                       (SELECT id FROM skill_nodes WHERE goal_id = :g ORDER BY id
                        OFFSET i % 60 LIMIT 1),
                       'Question ' || i || ', with "quotes" and émoji 🧠',
                       'Answer ' || i || E'\nsecond line <not html> & more',
                       'bench'
                FROM generate_series(1, :n) i
                """
            ),
            {"p": profile_id, "g": goal, "n": CARDS},
        )
    return goal


def new_goal(db: Database, profile_id: int, title: str) -> int:
    with db.engine.begin() as conn:
        return conn.execute(
            text("INSERT INTO goals (profile_id, title) VALUES (:p, :t) RETURNING id"),
            {"p": profile_id, "t": title},
        ).scalar_one()


def timed(fn, *args):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", help="default: a fresh embedded PostgreSQL, deleted after"
    )
    args = parser.parse_args()
    url = args.database_url or embedded.start(
        Path(tempfile.mkdtemp(prefix="sa-bench-")), cleanup_mode="delete"
    )
    db = Database(url)
    figures: dict[str, float] = {}
    try:
        upgrade(db)
        profile = ensure_profile(db, f"bench-interop-{int(time.time())}")
        goal = build(db, profile.id)
        with tempfile.TemporaryDirectory(prefix="sa-interop-") as tmp:
            for fmt, export, import_ in (
                ("csv", interop_csv.export_csv, interop_csv.import_csv),
                ("apkg", apkg.export_apkg, apkg.import_apkg),
            ):
                path = Path(tmp) / f"deck.{fmt}"
                exported, seconds = timed(export, db, profile.id, goal, path)
                figures[f"{fmt} export"] = seconds
                print(
                    f"{fmt} export: {exported.cards:,} cards in {seconds:.2f} s "
                    f"({path.stat().st_size / 1e6:.1f} MB)"
                )
                target = new_goal(db, profile.id, f"Imported {fmt}")
                imported, seconds = timed(import_, db, profile.id, target, path)
                figures[f"{fmt} import"] = seconds
                assert imported.taken == CARDS, imported
                print(
                    f"{fmt} import: {imported.taken:,} cards, {imported.nodes_created} nodes "
                    f"in {seconds:.2f} s"
                )
    finally:
        db.dispose()
    print(
        f"interop 10k s: csv export {figures['csv export']:.2f} import {figures['csv import']:.2f}, "
        f"apkg export {figures['apkg export']:.2f} import {figures['apkg import']:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
