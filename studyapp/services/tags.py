"""Tags on cards (Anki's): add or remove them on a selection, and the tags a learner has.

``cards.tags`` is a ``text[]`` kept by import, export and backups. A tag is one word (no
spaces: Anki splits on them), ``::`` makes a hierarchy ("bio::cells"); tags compare without
regard to case, as Anki's do, and adding a tag that is already there (in any case) keeps one.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from studyapp.db.database import Database
from studyapp.errors import BadInput, NotFound

MAX_TAG = 100
MAX_TAGS_AT_ONCE = 50


def parse_tags(value: str) -> list[str]:
    """The tags typed in a field: words separated by spaces or commas, checked, in order."""
    tags = list(dict.fromkeys(word for word in value.replace(",", " ").split() if word))
    if not tags:
        raise BadInput("Type at least one tag (tags are single words, e.g. bio::cells).")
    if len(tags) > MAX_TAGS_AT_ONCE:
        raise BadInput(f"At most {MAX_TAGS_AT_ONCE} tags at once.")
    for tag in tags:
        if len(tag) > MAX_TAG:
            raise BadInput(f"A tag is at most {MAX_TAG} characters ({tag[:20]!r}… is longer).")
        if any(ord(ch) < 32 or ch in '\x7f"' for ch in tag):
            raise BadInput(f"The tag {tag[:20]!r} contains a character tags cannot hold.")
    return tags


def _check(session: Session, profile_id: int, ids: list[int]) -> None:
    found = set(
        session.execute(
            text("SELECT id FROM cards WHERE profile_id = :p AND id = ANY(:ids)"),
            {"p": profile_id, "ids": ids},
        ).scalars()
    )
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(f"No card {missing[0]}.")


def add_tags(db: Database, profile_id: int, card_ids: Sequence[int], tags: Sequence[str]) -> int:
    """Add ``tags`` to each card that lacks them (case-insensitively); returns cards changed."""
    ids = list(dict.fromkeys(int(i) for i in card_ids))
    if not ids or not tags:
        return 0
    with db.session() as session:
        _check(session, profile_id, ids)
        return len(
            session.execute(
                text(
                    """
                    UPDATE cards c SET tags = c.tags || missing.tags, updated_at = now()
                    FROM (
                        SELECT c2.id, array_agg(t.tag ORDER BY t.n) AS tags
                        FROM cards c2, unnest(CAST(:tags AS text[])) WITH ORDINALITY AS t(tag, n)
                        WHERE c2.profile_id = :p AND c2.id = ANY(:ids)
                          AND NOT EXISTS (SELECT 1 FROM unnest(c2.tags) have
                                          WHERE lower(have) = lower(t.tag))
                        GROUP BY c2.id
                    ) missing
                    WHERE c.id = missing.id
                    RETURNING c.id
                    """
                ),
                {"tags": list(tags), "p": profile_id, "ids": ids},
            ).all()
        )


def remove_tags(db: Database, profile_id: int, card_ids: Sequence[int], tags: Sequence[str]) -> int:
    """Remove ``tags`` (any case) from the cards; returns the cards that had one."""
    ids = list(dict.fromkeys(int(i) for i in card_ids))
    if not ids or not tags:
        return 0
    lowered = [t.lower() for t in tags]
    with db.session() as session:
        _check(session, profile_id, ids)
        return len(
            session.execute(
                text(
                    """
                    UPDATE cards c SET updated_at = now(), tags = coalesce(
                        (SELECT array_agg(t ORDER BY n) FROM unnest(c.tags) WITH ORDINALITY AS x(t, n)
                         WHERE lower(t) <> ALL(CAST(:tags AS text[]))), '{}')
                    WHERE c.profile_id = :p AND c.id = ANY(:ids)
                      AND EXISTS (SELECT 1 FROM unnest(c.tags) t
                                  WHERE lower(t) = ANY(CAST(:tags AS text[])))
                    RETURNING c.id
                    """
                ),
                {"tags": lowered, "p": profile_id, "ids": ids},
            ).all()
        )


def all_tags(db: Database, profile_id: int) -> list[str]:
    """Every tag on the learner's cards, sorted without regard to case."""
    with db.session() as session:
        return list(
            session.execute(
                text(
                    "SELECT t FROM (SELECT DISTINCT t FROM cards c, unnest(c.tags) t "
                    "WHERE c.profile_id = :p) found ORDER BY lower(t), t"
                ),
                {"p": profile_id},
            ).scalars()
        )
