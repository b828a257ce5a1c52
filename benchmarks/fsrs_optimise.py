"""The FSRS optimiser ("Optimise" in study options) on 100,000 reviews.

10,000 cards of one goal with 10 reviews each (a learner-like made-up log, ``make_history``),
then ``fsrs_optimiser.optimise_preset`` on the goal's preset: reading the history, the fit in its
child process (fsrs-rs-python), judging before/after, storing the parameters and replaying the
goal's cards with them. Prints each part's time and the fit; the last line is the headline.

    python benchmarks/fsrs_optimise.py [--database-url URL]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import open_bench_database, parser
from studyapp.services import fsrs_optimiser, study_options
from studyapp.services.study import reschedule, resolve_tz
from tests.factories import make_goal, make_history

CARDS, PER_CARD = 10_000, 10


def main() -> None:
    args = parser(__doc__.splitlines()[0]).parse_args()
    db, profile = open_bench_database(args.database_url)
    goal = make_goal(db, profile.id, "optimiser bench")
    started = time.monotonic()
    written = make_history(db, profile.id, goal, CARDS, PER_CARD)
    reschedule(db, profile.id, goal_id=goal)
    print(f"built {written:,} reviews of {CARDS:,} cards in {time.monotonic() - started:.1f} s")
    preset = study_options.goal_preset(db, profile.id, goal)

    started = time.monotonic()
    found = fsrs_optimiser.histories(db, profile.id, [goal], resolve_tz("UTC"))
    read_s = time.monotonic() - started
    started = time.monotonic()
    fit = fsrs_optimiser.run_fit({"histories": found, "parameters": None})
    fit_s = time.monotonic() - started
    print(f"read the history: {read_s:.2f} s; fit (child process): {fit_s:.2f} s")

    result = fsrs_optimiser.optimise_preset(db, profile.id, preset.id, tz="UTC")
    print(
        f"optimise_preset end to end: {result.seconds:.2f} s "
        f"({result.rescheduled:,} cards rescheduled)"
    )
    print(
        f"log loss {result.log_loss_before:.4f} -> {result.log_loss_after:.4f} "
        f"({result.log_loss_after - result.log_loss_before:+.4f}), "
        f"RMSE {result.rmse_before:.4f} -> {result.rmse_after:.4f}, on {result.reviews:,} reviews"
    )
    assert fit["items"] == result.reviews
    print(
        f"FSRS optimise on {written:,} reviews: {result.seconds:.1f} s, "
        f"log loss {result.log_loss_before:.4f} -> {result.log_loss_after:.4f}"
    )


if __name__ == "__main__":
    main()
