"""Burying cards until the learner's next day (Anki's "Bury"), and digging them up again.

A buried card keeps its schedule and is only left out of study until ``cards.buried_until``,
the learner's next local midnight (``study.next_day_start``); after that it needs no clean-up,
the queue simply sees that the time has passed. Siblings are buried by ``study.record_review``
when the goal's preset says so. Suspending is ``cards.set_archived`` (the column keeps its
old name; the window says "Suspend", as Anki does).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo

from sqlalchemy import text
from sqlalchemy.orm import Session

from studyapp.db.database import Database
from studyapp.errors import NotFound
from studyapp.services.study import next_day_start, utc


def _owned(session: Session, profile_id: int, ids: list[int]) -> list[int]:
    found = set(
        session.execute(
            text("SELECT id FROM cards WHERE profile_id = :p AND id = ANY(:ids)"),
            {"p": profile_id, "ids": ids},
        ).scalars()
    )
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(f"No card {missing[0]}.")
    return ids


def bury_cards(
    db: Database,
    profile_id: int,
    card_ids: Sequence[int],
    *,
    now: datetime | None = None,
    tz: tzinfo | str | None = None,
) -> datetime:
    """Leave these cards out of study until the learner's next day; returns that moment. All or
    nothing: a card that is not the learner's refuses the whole bury."""
    until = next_day_start(utc(now or datetime.now(UTC)), tz)
    ids = list(dict.fromkeys(int(i) for i in card_ids))
    if ids:
        with db.session() as session:
            _owned(session, profile_id, ids)
            session.execute(
                text(
                    "UPDATE cards SET buried_until = :until, updated_at = now() "
                    "WHERE profile_id = :p AND id = ANY(:ids)"
                ),
                {"until": until, "p": profile_id, "ids": ids},
            )
    return until


def unbury_cards(db: Database, profile_id: int, card_ids: Sequence[int]) -> int:
    """Bring buried cards back into study; returns how many were marked buried."""
    ids = list(dict.fromkeys(int(i) for i in card_ids))
    if not ids:
        return 0
    with db.session() as session:
        _owned(session, profile_id, ids)
        return len(
            session.execute(
                text(
                    "UPDATE cards SET buried_until = NULL, updated_at = now() "
                    "WHERE profile_id = :p AND id = ANY(:ids) AND buried_until IS NOT NULL "
                    "RETURNING id"
                ),
                {"p": profile_id, "ids": ids},
            ).all()
        )
