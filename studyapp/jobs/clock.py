"""Time for the job engine, controllable in tests.

The database's ``now()`` is the single source of truth when several machines share one server
(their clocks may disagree), so the default clock returns ``None`` and SQL falls back to
``now()``. Tests pass a :class:`FakeClock` to move time (stale heartbeats, the sliding window).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class DatabaseClock:
    """Use the server's ``now()``."""

    def now(self) -> datetime | None:
        return None


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when


Clock = DatabaseClock | FakeClock
