"""Is a goal's offline tree the same every time? One text, added to a fresh goal several times
(as card_quality.py adds it: one card job, its parts and branch jobs run by worker threads),
and each goal's tree and cards-per-skill compared with the first's.

    .venv/bin/python benchmarks/tree_repeat.py FILE [FILE ...] [--runs N] [--threads T] [--window]

``--window`` submits a bare skill-tree job with each goal first, as the window's "New goal"
does, so the two jobs race (before the fix in skill_tree/flashcards: 1 skill or 9 for
endocrine_overview.html). "HOMES DIFFER" counts cards on another skill (or another card set).
Only tuning texts: held-out ones are refused (their trees are never printed). Last line:
``tree repeat: K/N runs differ``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from benchmarks.card_quality import CORPUS, HELD_OUT, TUNING, drain, registry_for, sources
from studyapp.services import generation, goals
from studyapp.services.material import read_file
from studyapp.services.profiles import ensure_profile


def shape(db: Any, goal_id: int) -> dict[str, Any]:
    """The goal's tree as nested titles (by position) and its cards per skill path."""
    with db.engine.connect() as conn:
        rows = list(
            conn.execute(
                text(
                    "SELECT id, parent_id, title, position FROM skill_nodes WHERE goal_id = :g "
                    "ORDER BY position, id"
                ),
                {"g": goal_id},
            )
        )
        cards = list(
            conn.execute(
                text("SELECT node_id, front FROM cards WHERE goal_id = :g ORDER BY front"),
                {"g": goal_id},
            )
        )
    by_id = {r.id: r for r in rows}

    def path(node_id: int | None) -> str:
        out = []
        while node_id is not None and node_id in by_id:
            out.append(by_id[node_id].title)
            node_id = by_id[node_id].parent_id
        return " > ".join(reversed(out)) or "(none)"

    tree = sorted(path(r.id) for r in rows)
    homes: dict[str, int] = {}
    for c in cards:
        homes[path(c.node_id)] = homes.get(path(c.node_id), 0) + 1
    card_homes = sorted((c.front, path(c.node_id)) for c in cards)
    return {"tree": tree, "homes": homes, "card_homes": card_homes}


def digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:10]


def main() -> None:
    from benchmarks._common import open_bench_database, parser

    p = parser(__doc__.splitlines()[0])
    p.add_argument("files", nargs="+")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--together", action="store_true", help="all runs' goals drained at once")
    p.add_argument(
        "--window",
        action="store_true",
        help="as the window does: a skill-tree job when the goal is made, then the material",
    )
    p.add_argument("--show", action="store_true", help="print each differing tree (tuning only)")
    args = p.parse_args()
    by_file = {s["file"]: s for s in sources()}
    for f in args.files:
        if by_file.get(f, {}).get("set", TUNING) == HELD_OUT:
            raise SystemExit(f"{f} is held out: its tree is never built here")
    vectors = Path(tempfile.mkdtemp(prefix="sa-bench-vectors-"))
    os.environ.update(STUDYAPP_PROVIDER="offline", STUDYAPP_VECTORS_DIR=str(vectors))
    os.environ.pop("ANTHROPIC_API_KEY", None)
    db, profile = open_bench_database(args.database_url)
    registry = registry_for(vectors)
    differ = total = 0
    for f in args.files:
        material = read_file(CORPUS / f)
        goal_ids = []
        for run in range(args.runs):
            owner = ensure_profile(db, f"{profile.name}-{run}-{f}"[:100]).id
            goal = goals.create_goal(db, owner, by_file[f]["title"])
            if args.window:  # main_window.create_goal: the tree job at once
                generation.submit_skill_tree(db, owner, goal.id, registry=registry)
            generation.submit_cards(db, owner, goal.id, material=material, registry=registry)
            goal_ids.append(goal.id)
            if not args.together:
                drain(db, registry, threads=args.threads)
        if args.together:
            drain(db, registry, threads=args.threads)
        shapes = [shape(db, g) for g in goal_ids]
        first = shapes[0]
        for run, s in enumerate(shapes):
            same_tree = s["tree"] == first["tree"]
            same_homes = s["card_homes"] == first["card_homes"]
            print(
                f"{f} run {run}: {len(s['tree'])} skills (tree {digest(s['tree'])}), "
                f"{sum(s['homes'].values())} cards (homes {digest(s['card_homes'])})"
                f"{'' if same_tree else ' TREE DIFFERS'}{'' if same_homes else ' HOMES DIFFER'}"
            )
            if run:
                total += 1
                differ += not (same_tree and same_homes)
            if args.show and run and not same_tree:
                print("   only first:", sorted(set(first["tree"]) - set(s["tree"])))
                print("   only this :", sorted(set(s["tree"]) - set(first["tree"])))
            if args.show and run and not same_homes:
                was, now = dict(first["card_homes"]), dict(s["card_homes"])
                moved = sorted((f, was[f], now[f]) for f in now if f in was and was[f] != now[f])
                other = len(set(now) ^ set(was))
                print(f"   {len(moved)} cards elsewhere, {other} not in both runs")
                for front, before, after in moved[:5]:
                    print(f"     {front[:60]!r}: {before} -> {after}")
    print(f"tree repeat: {differ}/{total} runs differ")


if __name__ == "__main__":
    main()
