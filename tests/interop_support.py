"""A goal with everything interop must carry: a skill tree (with an empty skill), cards in every
FSRS state (new, learning, review, relearning), an archived card, a cloze card, tags, media on both
sides, and a review history spanning weeks recorded through the real study service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from studyapp.db.models import Card, Review, SkillNode
from studyapp.services.interop_media import media_dir
from studyapp.services.study import record_review
from tests.factories import make_card, make_goal, make_node

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
MP3 = b"ID3\x04\x00" + bytes(reversed(range(256))) * 3


@dataclass(frozen=True)
class StudiedGoal:
    goal_id: int
    cards: dict[str, int]  # role -> card id
    now: datetime


def whole_seconds(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def make_studied_goal(db: Any, profile_id: int, title: str = "Networking") -> StudiedGoal:
    now = whole_seconds(datetime.now(UTC))
    start = now - timedelta(days=40)
    goal = make_goal(db, profile_id, title)
    transport = make_node(db, goal, "Transport")
    tcp = make_node(db, goal, "TCP", parent_id=transport)
    make_node(db, goal, "Empty skill", position=1)

    def card(role: str, front: str, back: str, node: int | None, minutes: int, **extra: Any) -> int:
        return make_card(
            db,
            profile_id,
            goal,
            front,
            back,
            node_id=node,
            created_at=start + timedelta(minutes=minutes),
            **extra,
        )

    cards = {
        "review": card("review", "What does cwnd mean?", "congestion window", tcp, 1),
        "learning": card("learning", "line one\nline two", "x < y & z", tcp, 2),
        "relearning": card("relearning", "emoji 🧠", "עברית, العربية", transport, 3),
        "new": card("new", 'a "quoted" one', "[sound:not-a-tag] plain", None, 4),
        "archived": card("archived", "archived card", "still here", transport, 5),
        "cloze": card(
            "cloze",
            "Fill in the blank: TCP halves _____ on loss.",
            "cwnd",
            tcp,
            6,
            kind="cloze",
        ),
        "media": card("media", "Which diagram?", "This sound", None, 7),
    }

    def review(role: str, rating: int, at: datetime, duration: int | None = 4200) -> None:
        record_review(db, profile_id, cards[role], rating, reviewed_at=at, duration_ms=duration)

    day = timedelta(days=1)
    for i, rating in enumerate((3, 3, 3, 4)):
        review("review", rating, start + day * (1 + 6 * i) + timedelta(hours=i))
    review("learning", 3, now - timedelta(minutes=3), duration=None)
    for i, rating in enumerate((3, 3, 4)):
        review("relearning", rating, start + day * (2 + 9 * i))
    review("relearning", 1, now - timedelta(hours=1), duration=65_000)
    review("archived", 3, start + day * 3)
    review("archived", 3, start + day * 5)
    for i, rating in enumerate((2, 3, 3)):
        review("cloze", rating, start + day * (4 + 7 * i) + timedelta(minutes=30))
    review("media", 3, now - timedelta(days=2))
    with db.session() as session:
        session.execute(update(Card).where(Card.id == cards["archived"]).values(archived=True))
        session.execute(
            update(Card).where(Card.id == cards["review"]).values(tags=["tcp", "lang::en"])
        )
        session.execute(update(Card).where(Card.id == cards["cloze"]).values(tags=["cloze"]))
        session.execute(
            update(Card)
            .where(Card.id == cards["media"])
            .values(
                tags=["media"],
                media=[
                    {"name": "diagram one.png", "side": "front"},
                    {"name": "sound.mp3", "side": "back"},
                ],
            )
        )
    folder = media_dir(db, profile_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "diagram one.png").write_bytes(PNG)
    (folder / "sound.mp3").write_bytes(MP3)
    return StudiedGoal(goal, cards, now)


def ms(moment: datetime | None) -> int | None:
    """A time to the millisecond (what Anki keeps)."""
    if moment is None:
        return None
    return (moment.astimezone(UTC) - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)


def skill_paths(db: Any, goal_id: int) -> dict[int, tuple[str, ...]]:
    with db.session() as session:
        rows = session.execute(
            select(SkillNode.id, SkillNode.parent_id, SkillNode.title).where(
                SkillNode.goal_id == goal_id
            )
        ).all()
    parents = {r[0]: r[1] for r in rows}
    titles = {r[0]: r[2] for r in rows}

    def path(node_id: int) -> tuple[str, ...]:
        parent = parents[node_id]
        return (*(path(parent) if parent else ()), titles[node_id])

    return {node_id: path(node_id) for node_id in parents}


def snapshot(db: Any, goal_id: int) -> dict[tuple[str, str], dict[str, Any]]:
    """Every card of the goal keyed by (front, back), with what a round trip must keep."""
    paths = skill_paths(db, goal_id)
    with db.session() as session:
        cards = session.execute(
            select(Card).where(Card.goal_id == goal_id).order_by(Card.id)
        ).scalars()
        out: dict[tuple[str, str], dict[str, Any]] = {}
        for card in cards:
            reviews = session.execute(
                select(Review.rating, Review.reviewed_at, Review.duration_ms, Review.previous)
                .where(Review.card_id == card.id)
                .order_by(Review.reviewed_at)
            ).all()
            out[(card.front, card.back)] = {
                "kind": card.kind,
                "skill": paths.get(card.node_id, ()) if card.node_id else (),
                "tags": list(card.tags),
                "media": list(card.media),
                "archived": card.archived,
                "state": (card.fsrs_state, card.fsrs_step, card.stability, card.difficulty),
                "due": ms(card.due),
                "last_review": ms(card.last_review),
                "created_at": ms(card.created_at),
                "reviews": [
                    (rating, ms(at), duration, previous)
                    for rating, at, duration, previous in reviews
                ],
            }
    return out


def as_imported(
    original: dict[tuple[str, str], dict[str, Any]],
) -> dict[tuple[str, str], dict[str, Any]]:
    """A snapshot as an import of the goal's package must reproduce it: the package carries each
    card's FSRS state, so reviews are not replayed and only a card's first review (from a new
    card) keeps its previous state."""
    out = {}
    for key, card in original.items():
        reviews = [
            (rating, at, duration, previous if i == 0 and previous["last_review"] is None else None)
            for i, (rating, at, duration, previous) in enumerate(card["reviews"])
        ]
        out[key] = {**card, "reviews": reviews}
    return out
