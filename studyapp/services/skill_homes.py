"""Give cards without a skill one: the entry point importers and other services call.

Cards made by generation are homed by their jobs; cards that arrive another way (a CSV or
``.apkg`` import without sub-decks, a card added by hand without a skill, cards orphaned by an
older version) go to the goal's nearest skill by embedding (see
:mod:`studyapp.vectors.skill_homes`). A goal without any skill keeps them unassigned: there is
nothing to home them on until its tree exists (and making that tree homes them).
"""

from __future__ import annotations

from collections.abc import Sequence

from studyapp.db.database import Database
from studyapp.db.locks import goal_lock
from studyapp.services.owned import require_goal_node
from studyapp.vectors.skill_homes import home_cards


def assign_to_nearest_nodes(
    db: Database, profile_id: int, goal_id: int, card_ids: Sequence[int] | None = None
) -> int:
    """Home the goal's cards that have no skill node (only ``card_ids`` among them when given)
    on their nearest node, in one transaction under the goal's lock. Returns how many moved.
    Raises ``NotFound`` for another profile's goal."""
    with db.session() as session:
        require_goal_node(session, profile_id, goal_id, None)
        goal_lock(session, goal_id)
        return home_cards(session, goal_id, card_ids=card_ids)
