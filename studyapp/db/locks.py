"""Transaction-scoped advisory locks on application objects.

``goal_lock`` serialises everything that adds cards to one goal (generation parts committing,
imports, cards added by hand, a tree regeneration re-homing cards): under it, a writer sees
every card committed before it, so the final near-duplicate check cannot miss a card another
part is committing at the same moment. The lock is released by the commit or rollback; it
never outlives the transaction, so a crashed process cannot leave it held.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

# The two-int form has its own key space, apart from the bigint keys of worker liveness locks.
GOAL_LOCK_CLASS = 0x676F616C  # "goal"


def goal_lock(session: Session, goal_id: int) -> None:
    """Wait for, then hold until the end of this transaction, the lock on ``goal_id``."""
    session.execute(
        text("SELECT pg_advisory_xact_lock(:cls, CAST(:key AS integer))"),
        {"cls": GOAL_LOCK_CLASS, "key": int(goal_id) % 2_147_483_647},
    )


NOTES_LOCK_CLASS = 0x6E6F7465  # "note"


def notes_lock(session: Session, profile_id: int) -> None:
    """Wait for, then hold until the end of this transaction, the lock on the profile's Anki
    notes: two imports of one package at the same moment (a double click) must not both find
    its notes missing and make two goals of it."""
    session.execute(
        text("SELECT pg_advisory_xact_lock(:cls, CAST(:key AS integer))"),
        {"cls": NOTES_LOCK_CLASS, "key": int(profile_id) % 2_147_483_647},
    )
