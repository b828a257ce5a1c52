"""Due-queue latency with 100,000 cards and 1,000,000 reviews.

One profile, 5 goals of 20,000 cards, each goal a 3-level skill tree; 70% of the cards studied
(due dates spread from 30 days ago to 90 days ahead), 30% new; 1,000,000 reviews over the past
year, some today (so the new-card count for "today" has work to do). Data is built with
``INSERT ... SELECT generate_series`` in a few seconds. Then ``services.study.due_queue`` is timed
for a goal, for a branch node (its subtree), and for the whole profile.

    python benchmarks/study_due_queue.py [--database-url URL] [--rounds N]

Last line: ``due queue p99 ms: N`` (the worst of the three scopes).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from studyapp.db import embedded
from studyapp.db.database import Database
from studyapp.db.migrate import upgrade
from studyapp.services.profiles import ensure_profile
from studyapp.services.study import due_queue

GOALS = 5
CARDS = 100_000
REVIEWS = 1_000_000


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def build(db: Database, profile_id: int) -> tuple[list[int], list[int]]:
    per_goal = CARDS // GOALS
    with db.engine.begin() as conn:
        goals = [
            conn.execute(
                text("INSERT INTO goals (profile_id, title) VALUES (:p, :t) RETURNING id"),
                {"p": profile_id, "t": f"bench goal {g}"},
            ).scalar_one()
            for g in range(GOALS)
        ]
        branches = []
        for goal_id in goals:
            branch = conn.execute(
                text("INSERT INTO skill_nodes (goal_id, title) VALUES (:g, 'branch') RETURNING id"),
                {"g": goal_id},
            ).scalar_one()
            branches.append(branch)
            conn.execute(
                text(
                    "INSERT INTO skill_nodes (goal_id, parent_id, title, position) "
                    "SELECT :g, CASE WHEN i <= 10 THEN :b ELSE NULL END, 'node ' || i, i "
                    "FROM generate_series(1, 20) i"
                ),
                {"g": goal_id, "b": branch},
            )
        # Cards: node = one of the goal's nodes; 70% studied.
        conn.execute(
            text(
                """
                INSERT INTO cards (profile_id, goal_id, node_id, front, back, provider,
                                   fsrs_state, fsrs_step, stability, difficulty, due,
                                   last_review, created_at)
                SELECT :p, g.id,
                       (SELECT n.id FROM skill_nodes n WHERE n.goal_id = g.id
                        ORDER BY n.id OFFSET (i % 21) LIMIT 1),
                       'front ' || i, 'back ' || i, 'bench',
                       CASE WHEN i % 10 < 7 THEN 2 ELSE 1 END,
                       CASE WHEN i % 10 < 7 THEN NULL ELSE 0 END,
                       CASE WHEN i % 10 < 7 THEN 1 + (i % 50) ELSE NULL END,
                       CASE WHEN i % 10 < 7 THEN 5.0 ELSE NULL END,
                       CASE WHEN i % 10 < 7
                            THEN now() - interval '30 days' + (i % 120) * interval '1 day'
                                 + (i % 1440) * interval '1 minute'
                            ELSE now() - interval '400 days' END,
                       CASE WHEN i % 10 < 7 THEN now() - interval '40 days' ELSE NULL END,
                       now() - interval '400 days'
                FROM unnest(CAST(:goals AS bigint[])) WITH ORDINALITY AS g(id, k),
                     generate_series(1, :per_goal) i
                """
            ),
            {"p": profile_id, "goals": goals, "per_goal": per_goal},
        )
        conn.execute(
            text(
                """
                WITH studied AS (
                    SELECT id, row_number() OVER (ORDER BY id) AS k FROM cards
                    WHERE profile_id = :p AND last_review IS NOT NULL
                ), n AS (SELECT count(*) AS total FROM studied)
                INSERT INTO reviews (card_id, profile_id, rating, mode, reviewed_at,
                                     duration_ms, previous)
                SELECT s.id, :p, 1 + (r % 4), 'flip',
                       now() - (r % 365) * interval '1 day' - (r % 600) * interval '1 minute',
                       1000 + r % 9000,
                       jsonb_build_object('state', 2, 'step', NULL, 'stability', 3.0,
                                          'difficulty', 5.0, 'due', now(),
                                          'last_review', CASE WHEN r % 97 = 0 THEN NULL
                                                              ELSE now()::text END)
                FROM generate_series(1, :reviews) r CROSS JOIN n
                JOIN studied s ON s.k = 1 + (r % n.total)
                """
            ),
            {"p": profile_id, "reviews": REVIEWS},
        )
        conn.execute(text("ANALYZE"))
    return goals, branches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", help="default: a fresh embedded PostgreSQL, deleted after"
    )
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    url = args.database_url or embedded.start(
        Path(tempfile.mkdtemp(prefix="sa-bench-")), cleanup_mode="delete"
    )
    db = Database(url)
    try:
        upgrade(db)
        profile = ensure_profile(db, f"bench-study-{int(time.time())}")
        started = time.perf_counter()
        goals, branches = build(db, profile.id)
        print(
            f"built {CARDS:,} cards and {REVIEWS:,} reviews in {time.perf_counter() - started:.1f} s"
        )
        rng = random.Random(1)
        now = datetime.now(UTC)
        worst = 0.0
        for scope in ("goal", "node", "profile"):
            timings: list[float] = []
            sizes: list[int] = []
            for _ in range(args.rounds):
                kwargs: dict[str, int] = {}
                if scope == "goal":
                    kwargs["goal_id"] = rng.choice(goals)
                elif scope == "node":
                    kwargs["node_id"] = rng.choice(branches)
                t0 = time.perf_counter()
                queue = due_queue(db, profile.id, now=now, tz="Europe/Paris", **kwargs)
                timings.append((time.perf_counter() - t0) * 1000)
                sizes.append(len(queue))
            p50, p99 = percentile(timings, 50), percentile(timings, 99)
            worst = max(worst, p99)
            print(
                f"due queue ({scope}): n={len(timings)} p50={p50:.2f} ms p99={p99:.2f} ms "
                f"mean={statistics.fmean(timings):.2f} ms, {statistics.fmean(sizes):.0f} cards"
            )
        print(f"due queue p99 ms: {worst:.1f}")
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
