"""Capped, jittered exponential back-off for everything that waits for the database to return.

Capped low (2 s) on purpose: the database is usually back within seconds (a restart, a network
blip), and a finished LLM result waiting in memory should be committed soon after it returns.
Jitter keeps a fleet of workers from reconnecting in lockstep.
"""

from __future__ import annotations

import random


class Backoff:
    def __init__(self, first: float = 0.05, cap: float = 2.0, factor: float = 2.0) -> None:
        self.first = first
        self.cap = cap
        self.factor = factor
        self._next = first
        self.failures = 0

    def next_delay(self) -> float:
        """The delay before the next try: grows by ``factor`` up to ``cap``, then 50–100% of it."""
        delay = self._next
        self._next = min(self._next * self.factor, self.cap)
        self.failures += 1
        return delay * random.uniform(0.5, 1.0)

    def reset(self) -> None:
        self._next = self.first
        self.failures = 0
