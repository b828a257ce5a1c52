"""Cards being embedded in the background right now (this process), so readers can tolerate it.

A big import commits first and embeds its cards afterwards on a background thread (embedding
10,000 cards takes seconds; the learner should not wait for it). Until that thread is done the
vector store lags PostgreSQL, and two kinds of readers see the lag differently:

- a search (``services/cards.search_cards``) does not wait: its resync leaves these cards to the
  thread (embedding them again would race it and double the work), so for a few seconds a search
  by meaning does not find them yet;
- a generation job's near-duplicate check waits (:func:`wait_idle`, bounded) before its resync:
  a job runs in the background anyway, and a duplicate of a card still being indexed would slip
  through.

The registry is per process; a store shared by several processes is repaired by the next resync
as before (its writes are upserts).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

PENDING_WAIT_S = 120.0  # how long a duplicate check waits for an import's embedding
_cond = threading.Condition()
_pending: dict[tuple[str, int], Counter[int]] = {}


def _key(directory: Path, profile_id: int) -> tuple[str, int]:
    return (str(Path(directory).resolve()), int(profile_id))


def begin(directory: Path, profile_id: int, card_ids: list[int]) -> None:
    """``card_ids`` of ``profile_id`` are being embedded into the store at ``directory``."""
    with _cond:
        _pending.setdefault(_key(directory, profile_id), Counter()).update(card_ids)


def end(directory: Path, profile_id: int, card_ids: list[int]) -> None:
    key = _key(directory, profile_id)
    with _cond:
        counter = _pending.get(key)
        if counter is not None:
            counter.subtract(card_ids)
            for card_id in [c for c, n in counter.items() if n <= 0]:
                del counter[card_id]
            if not counter:
                del _pending[key]
        _cond.notify_all()


def pending_ids(directory: Path, profile_id: int) -> frozenset[int]:
    """The profile's cards a background thread is embedding now (empty almost always)."""
    with _cond:
        counter = _pending.get(_key(directory, profile_id))
        return frozenset(counter) if counter else frozenset()


def wait_idle(directory: Path, profile_id: int, timeout: float) -> bool:
    """Wait until no card of the profile is being embedded (True), or ``timeout`` seconds
    passed (False: the caller goes on and its resync embeds what is still missing)."""
    key = _key(directory, profile_id)
    deadline = time.monotonic() + timeout
    with _cond:
        while key in _pending:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            _cond.wait(left)
    return True
