"""What a card shows on its two faces, for a preview: plain text, or sanitised rich text for a
side that came from Anki with formatting (``cards.front_html``/``back_html``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from studyapp.db.database import Database
from studyapp.db.models import Card
from studyapp.errors import NotFound


@dataclass(frozen=True)
class CardFaces:
    card_id: int
    front: str
    back: str
    front_html: str | None  # None: the side is plain text
    back_html: str | None
    type_answer: str | None  # a "type in the answer" card's answer


def card_faces(db: Database, profile_id: int, card_id: int) -> CardFaces:
    with db.session() as session:
        row = session.execute(
            select(Card.front, Card.back, Card.front_html, Card.back_html, Card.type_answer).where(
                Card.id == card_id, Card.profile_id == profile_id
            )
        ).first()
    if row is None:
        raise NotFound(f"No card {card_id}.")
    return CardFaces(card_id, *row)
