"""Time to move a profile of 10,000 cards with 100,000 reviews to another database and back
(``studyapp move``; issue 20).

The profile: one goal, 10,000 cards with 10 reviews each (``make_history``: a learner-like
log), moved from the benchmark database to a second database on the same server and back,
each hop timed from the start to the source's deletion (reading, the one transaction on the
target, the search index of the moved cards, removal from the source). Both databases are
made for the run and dropped after.

    python benchmarks/profile_move.py [--database-url URL] [--cards N] [--reviews-per-card R]

Last line: ``move 10,000 cards / 100,000 reviews: X.X s (back Y.Y s)``.
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from benchmarks._common import open_bench_database, parser
from studyapp.db import urls
from studyapp.db.database import Database
from studyapp.db.migrate import upgrade
from studyapp.services.profile_move import move_profile
from studyapp.services.profiles import ensure_profile
from tests.factories import make_goal, make_history


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--cards", type=int, default=10_000)
    p.add_argument("--reviews-per-card", type=int, default=10)
    args = p.parse_args()
    db, _ = open_bench_database(args.database_url)
    name = f"sa_bench_move_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(db.url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    other = Database(urls.with_dbname(db.url, name))
    try:
        upgrade(other)
        learner = ensure_profile(db, f"mover_{uuid.uuid4().hex[:6]}")
        goal = make_goal(db, learner.id, "Ten thousand cards")
        started = time.perf_counter()
        reviews = make_history(db, learner.id, goal, args.cards, args.reviews_per_card)
        print(
            f"built {args.cards:,} cards, {reviews:,} reviews in {time.perf_counter() - started:.1f} s"
        )
        started = time.perf_counter()
        there = move_profile(db, learner.id, other, progress=lambda s: print(f"  {s}", flush=True))
        forth = time.perf_counter() - started
        assert there.rows["cards"] == args.cards and there.rows["reviews"] == reviews
        print(f"to the other database: {forth:.1f} s ({there.sentence()})", flush=True)
        started = time.perf_counter()
        back = move_profile(other, there.target_profile_id, db)
        back_s = time.perf_counter() - started
        assert back.rows["reviews"] == reviews
        print(f"and back: {back_s:.1f} s")
        print(
            f"move {args.cards:,} cards / {reviews:,} reviews: {forth:.1f} s (back {back_s:.1f} s)"
        )
    finally:
        other.dispose()
        db.dispose()
        with psycopg.connect(db.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
