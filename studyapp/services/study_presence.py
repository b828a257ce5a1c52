"""Two devices, one learner, one server (issue 20): who is showing which card in study.

When a device shows a card it takes a short lease on it (``cards.studied_by``, ``studied_until``,
90 s, taken again at every card). Another device's due queue leaves leased cards out, so the two
do not study the same card at once; when a card was already in a device's queue before the
other took it, :func:`take` says so instead of handing it over silently: ``elsewhere`` (it is on
the other screen now: the page says where) or ``done`` (the other device graded it meanwhile:
the page skips it). A grade ends the lease and leaves the grading device's name
(``study.record_review(device=…)``), so only another device's grade skips a card; a device that
vanished loses its leases when they run out.

:func:`review_stamp` is what the window's 3-second refresh compares, to see reviews made on
another device (services only; the window's job watcher asks it, ``gui/job_watcher.py``).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text

from studyapp.db.database import Database
from studyapp.errors import NotFound

LEASE = timedelta(seconds=90)


def this_device() -> str:
    """How this process is named to the learner's other devices."""
    return f"{socket.gethostname()[:60]} (process {os.getpid()})"


@dataclass(frozen=True)
class Taken:
    status: str  # "yours", "elsewhere" (another device shows it now) or "done" (graded there)
    by: str | None = None  # the other device, for "elsewhere"

    def sentence(self) -> str:
        if self.status == "elsewhere":
            return (
                f"This card is open on your other device too ({self.by}): a grade on each "
                "counts as a review."
            )
        if self.status == "done":
            return "A card you graded on another device was skipped."
        return ""


def take(
    db: Database,
    profile_id: int,
    card_id: int,
    *,
    device: str,
    queued_due: datetime | None = None,
    now: datetime | None = None,
) -> Taken:
    """Take the card for ``device`` unless another device holds it (``elsewhere``) or graded
    it since this device's queue was made (``done``: its due moved past ``queued_due``)."""
    with db.session() as session:
        row = session.execute(
            text(
                "SELECT due, studied_by, studied_until, now() AS at FROM cards "
                "WHERE id = :c AND profile_id = :p FOR UPDATE"
            ),
            {"c": card_id, "p": profile_id},
        ).first()
        if row is None:
            raise NotFound(f"No card {card_id}.")
        at = now or row.at
        if (
            queued_due is not None
            and row.due > queued_due
            and row.due > at
            and row.studied_by != device  # graded here (an older session): ours to show
        ):
            return Taken("done")
        if row.studied_by not in (None, device) and row.studied_until and row.studied_until > at:
            return Taken("elsewhere", row.studied_by)
        session.execute(
            text("UPDATE cards SET studied_by = :d, studied_until = :until WHERE id = :c"),
            {"d": device, "until": at + LEASE, "c": card_id},
        )
    return Taken("yours")


def release(db: Database, profile_id: int, device: str) -> int:
    """Leaving study: the device's cards are free for the learner's other devices at once."""
    with db.session() as session:
        # Counted with RETURNING: a session's execute() is typed as a Result (no rowcount).
        return len(
            session.execute(
                text(
                    "UPDATE cards SET studied_by = NULL, studied_until = NULL "
                    "WHERE profile_id = :p AND studied_by = :d RETURNING id"
                ),
                {"p": profile_id, "d": device},
            ).all()
        )


def review_stamp(db: Database, profile_id: int) -> tuple[Any, ...]:
    """Changes whenever a review of the profile is made or undone, on any device (an
    index-only scan of ``ix_reviews_profile_at``)."""
    with db.session() as session:
        row = session.execute(
            text("SELECT count(*), max(reviewed_at) FROM reviews WHERE profile_id = :p"),
            {"p": profile_id},
        ).one()
    return (row[0], row[1])
