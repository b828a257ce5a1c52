"""Keep the Python interpreter from stalling the window.

The GUI thread shares one interpreter lock with the job threads and the short queries. Two
interpreter defaults cost the window whole frames (measured with benchmarks/gui_figures.py's
frame-gap probe, 4 generations finishing while a 10,000-card deck scrolls):

- A thread that wants the lock waits up to the switch interval (5 ms) for a busy thread to let
  go, and a painted frame enters Python dozens of times (each visible cell's delegate, the
  model's flags and row count): tens of milliseconds per frame. 1 ms bounds that wait.
- A full (generation 2) garbage collection scans every container object in the process,
  ~250,000 after start-up (modules, classes, the SQLAlchemy and LanceDB machinery): a 150 ms
  pause whenever one triggers. Objects alive once the window is up stay alive, so they are
  moved out of the collector's sight (``gc.freeze``); later collections scan only what came
  after. Acyclic data (cards, job states) is still freed by reference counting. A goal's
  deck of 10,000 cards, loaded later, brings ~100,000 objects of its own: a full collection
  then took 50-60 ms in the middle of scrolling, so a large deck is frozen once it is shown
  (:func:`settle_after_bulk_load`).
"""

from __future__ import annotations

import gc
import logging
import sys
import time

log = logging.getLogger(__name__)
SWITCH_INTERVAL_S = 0.001
BULK_CARDS = 2_000  # a deck this large is worth moving out of the collector's sight
_tuned = False


def tune_for_the_window() -> None:
    """Once per process, when the window is up (its start-up objects exist)."""
    global _tuned
    if _tuned:
        return
    _tuned = True
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    started = time.perf_counter()
    gc.collect()
    gc.freeze()
    log.debug(
        "froze %d start-up objects in %.0f ms",
        gc.get_freeze_count(),
        (time.perf_counter() - started) * 1000,
    )


def settle_after_bulk_load(cards: int) -> None:
    """A deck of ``cards`` cards was just shown: its objects live as long as it is on screen,
    so, when it is large, they join the frozen start-up objects. The young generations are
    collected first (a few ms), so no short-lived garbage cycle is frozen with them. When the
    deck is replaced, its cards are freed by reference counting as before (they hold no
    cycles); the cost of freezing is only that a cycle alive now is never collected."""
    if not _tuned or cards < BULK_CARDS:
        return
    gc.collect(1)
    gc.freeze()
