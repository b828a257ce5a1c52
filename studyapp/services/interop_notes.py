"""Notes crossing the app boundary: what every import and export does with the database.

Import: skills, duplicates, history, one bulk insert.
Parsers (CSV, .apkg) turn a file into :class:`NoteIn` values first, refusing bad files before any
write. Then one transaction locks the goal (two imports into one goal cannot both miss each other's
duplicates), creates missing skill nodes, skips cards whose exact front, back and media are already
in the goal or earlier in the file, and COPYs the rest in with their tags, media references, FSRS
state and reviews: an import either lands whole or not at all.

A note with reviews gets each review's ``previous`` state from a replay of its log through the
profile's scheduler (so undo works on imported reviews too); its own state is the one the file
gives (Anki's FSRS memory state) or, without one, the replay's result.

Cards that come in without a skill path (a CSV without a ``skill`` column, an Anki deck's root
deck) are homed on the goal's nearest skill node by embedding right after the import commits
(:func:`studyapp.services.skill_homes.assign_to_nearest_nodes`; best effort, outside the import's
transaction so a vector problem never loses an import). Those still without a skill (the goal
has none yet: its tree will home them) are listed in :attr:`ImportResult.unplaced_card_ids`.
Then the new cards are embedded into the vector store (:mod:`studyapp.services.card_vectors`,
best effort as well), so search by meaning and the next generation's duplicate check see them at
once rather than after some later resync.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from psycopg.types.json import Jsonb
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from studyapp.db.database import Database
from studyapp.db.models import Card, Goal, Review, SkillNode
from studyapp.errors import BadInput, NotFound
from studyapp.limits import MAX_TAG, check_card_side
from studyapp.plural import counted
from studyapp.services import presets
from studyapp.services.card_vectors import embed_cards
from studyapp.services.interop_media import parse_references
from studyapp.services.owned import require_goal
from studyapp.services.study import (
    SCHEDULE_COLUMNS,
    CardState,
    profile_scheduler,
    replay,
)
from studyapp.shorten import shorten

PATH_SEPARATOR = "::"
MAX_TITLE = 300

log = logging.getLogger(__name__)


class ReviewIn(NamedTuple):
    """One past review of an imported card. ``anki_log``: Anki's revlog values for it (ivl,
    lastIvl, factor, type), kept so the review goes back to Anki unchanged. (A named tuple: a
    deck brings a hundred thousand.)"""

    rating: int  # 1 again .. 4 easy
    reviewed_at: datetime
    duration_ms: int | None = None
    anki_log: tuple[int, int, int, int] | None = None


@dataclass(frozen=True)
class NoteIn:
    """One card to import; ``skill`` is the node path under the goal (empty: no node).

    ``media`` holds (stored file name, side) pairs; ``state`` is a known FSRS state (None: replay
    ``reviews`` from ``replay_start``, or from a new card, or a new card without reviews)."""

    front: str
    back: str
    skill: tuple[str, ...] = ()
    kind: str = "basic"
    tags: tuple[str, ...] = ()
    media: tuple[tuple[str, str], ...] = ()
    reviews: tuple[ReviewIn, ...] = ()
    state: CardState | None = None
    replay_start: CardState | None = None
    archived: bool = False
    created_at: datetime | None = None
    # From an Anki package (services/apkg/): the note and which of its cards this is, the sides
    # as sanitised rich text (None: plain), a typed answer, Anki's own scheduling fields, when a
    # buried card comes back, and whether its first review was its very first (from new).
    note_guid: str | None = None
    note_ord: int | None = None
    front_html: str | None = None
    back_html: str | None = None
    type_answer: str | None = None
    anki: dict[str, Any] | None = None
    buried_until: datetime | None = None
    from_new: bool = False


@dataclass(frozen=True)
class ImportResult:
    goal_id: int
    source: str  # "csv" or "apkg"
    taken: int
    duplicates: int
    empty: int
    nodes_created: int
    reviews: int = 0
    media_files: int = 0
    unplaced_card_ids: tuple[int, ...] = ()  # cards still without a skill: see the docstring
    homed: int = 0  # cards that came without a skill and were homed on the nearest one
    missing_media: int = 0  # references to media files the package lacks (dropped)
    skipped_reviews: int = 0  # review log rows with impossible times (dropped)
    goal_title: str = ""  # the goal that received the cards (the window names it)
    # An Anki package imported again: its notes found by GUID (never a second copy).
    updated: int = 0  # cards already here whose text or schedule the package changed
    unchanged: int = 0  # cards already here, left as they were

    @property
    def skipped(self) -> int:
        return self.duplicates + self.empty

    def summary(self) -> str:
        """The CLI's line: names the goal by id (the id the other commands take)."""
        return (
            f"Imported {counted(self.taken, 'card')} into goal {self.goal_id} "
            f"(skipped {self.skipped}: {', '.join(self._skipped_parts())}){self._tail()}."
        )

    def sentence(self) -> str:
        """The window's line: names the goal by its title, leaves out what is zero."""
        skipped = f"; skipped {', '.join(self._skipped_parts())}" if self.skipped else ""
        return (
            f"Imported {counted(self.taken, 'card')} into \u201c{self.goal_title}\u201d"
            f"{skipped}{self._tail()}."
        )

    def _skipped_parts(self) -> list[str]:
        parts = [counted(self.duplicates, "duplicate")]
        if self.empty:
            parts.append(f"{self.empty} with an empty side")
        return parts

    def _tail(self) -> str:
        extras = []
        if self.updated or self.unchanged:
            extras.append(
                f"{counted(self.updated + self.unchanged, 'card')} already here "
                f"({self.updated} updated, {self.unchanged} unchanged)"
            )
        if self.nodes_created:
            extras.append(counted(self.nodes_created, "new skill"))
        if self.reviews:
            extras.append(f"{counted(self.reviews, 'review')} of history")
        if self.media_files:
            extras.append(counted(self.media_files, "media file"))
        if self.homed:
            extras.append(f"{self.homed} placed on their nearest skill")
        if self.unplaced_card_ids:
            extras.append(
                f"{len(self.unplaced_card_ids)} without a skill until the goal has a tree"
            )
        if self.missing_media:
            extras.append(f"{counted(self.missing_media, 'missing media file')} left out")
        if self.skipped_reviews:
            extras.append(
                f"{counted(self.skipped_reviews, 'review')} with impossible times left out"
            )
        return f"; {', '.join(extras)}" if extras else ""


def split_path(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(PATH_SEPARATOR) if part.strip())


def join_path(parts: Iterable[str]) -> str:
    """A node path as text. A ``::`` inside a title would read as a level, so it becomes ``:``."""
    return PATH_SEPARATOR.join(part.replace(PATH_SEPARATOR, ":") for part in parts)


class NodeResolver:
    """Finds a goal's node by title path, creating missing ones (plain 'ready' nodes)."""

    def __init__(self, session: Session, goal_id: int) -> None:
        self._session = session
        self._goal_id = goal_id
        self._children: dict[tuple[int | None, str], int] = {}
        self._next_position: dict[int | None, int] = {}
        self.created = 0
        rows = session.execute(
            select(SkillNode.id, SkillNode.parent_id, SkillNode.title, SkillNode.position)
            .where(SkillNode.goal_id == goal_id)
            .order_by(SkillNode.position, SkillNode.id)
        ).all()
        for node_id, parent_id, title, position in rows:
            self._children.setdefault((parent_id, title.strip()), node_id)
            self._next_position[parent_id] = max(
                self._next_position.get(parent_id, 0), position + 1
            )

    def resolve(self, path: tuple[str, ...]) -> int | None:
        parent: int | None = None
        for title in path:
            key = (parent, title)
            if key not in self._children:
                if len(title) > MAX_TITLE:
                    raise BadInput(
                        f"A skill name is at most {MAX_TITLE} characters: {title[:40]!r}…"
                    )
                node = SkillNode(
                    goal_id=self._goal_id,
                    parent_id=parent,
                    title=title,
                    position=self._next_position.get(parent, 0),
                    status="ready",
                )
                self._session.add(node)
                self._session.flush()
                self._next_position[parent] = node.position + 1
                self._children[key] = node.id
                self.created += 1
            parent = self._children[key]
        return parent


def lock_goal(session: Session, profile_id: int, goal_id: int) -> Goal:
    goal = session.execute(
        select(Goal).where(Goal.id == goal_id, Goal.profile_id == profile_id).with_for_update()
    ).scalar_one_or_none()
    if goal is None:
        raise NotFound(f"No goal {goal_id}.")
    return goal


def copy_rows(
    session: Session, table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]
) -> None:
    """COPY rows in through the session's own connection, so they share its transaction."""
    raw = session.connection().connection.driver_connection
    assert raw is not None
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def allocate_ids(session: Session, table: str, n: int) -> list[int]:
    """``n`` fresh ids from the table's sequence, in ascending order (for COPY with ids)."""
    if n == 0:
        return []
    return list(
        session.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
            ),
            {"table": table, "n": n},
        ).scalars()
    )


CARD_COLUMNS = [
    "id",
    "profile_id",
    "goal_id",
    "node_id",
    "front",
    "back",
    "kind",
    "provider",
    "tags",
    "media",
    "archived",
    *SCHEDULE_COLUMNS,
    "created_at",
    "updated_at",
]
REVIEW_COLUMNS = [
    "card_id",
    "profile_id",
    "rating",
    "mode",
    "reviewed_at",
    "duration_ms",
    "previous",
]
MAX_DURATION_MS = 86_400_000


def check_text(note: NoteIn, number: int = 0) -> None:
    """The checks every import shares (parsers check first, naming lines and fields);
    ``number`` names the card in a refusal (0: the card is not counted)."""
    which = f"card {number}" if number else "a card"
    texts = [note.front, note.back, *note.tags, *(name for name, _ in note.media)]
    if any("\x00" in t for t in texts):
        raise BadInput("A card contains a NUL character, which text cannot hold.")
    for side, value in (("front", note.front), ("back", note.back)):
        check_card_side(value, f"The {side} of {which}", "; nothing was imported")
    if any(not tag or any(ch.isspace() for ch in tag) for tag in note.tags):
        raise BadInput(f"A tag is empty or contains a space: {note.tags!r}.")
    if any(len(tag) > MAX_TAG for tag in note.tags):
        raise BadInput(
            f"A tag of {which} is longer than {MAX_TAG:,} characters; nothing was imported."
        )


def has_side(text_value: str, media: tuple[tuple[str, str], ...], side: str) -> bool:
    return bool(text_value.strip()) or any(s == side for _, s in media)


def has_sides(note: NoteIn) -> bool:
    """Both sides show something (text or media): an empty side is skipped."""
    return has_side(note.front, note.media, "front") and has_side(note.back, note.media, "back")


def _history(
    note: NoteIn, card_id: int, created_at: datetime, scheduler: Any
) -> tuple[CardState | None, list[CardState]]:
    """The card's state and each review's previous state (see the module docstring)."""
    if not note.reviews:
        return note.state, []
    log = sorted(note.reviews, key=lambda r: r.reviewed_at)
    final, befores = replay(
        scheduler,
        card_id,
        created_at,
        [(r.rating, r.reviewed_at) for r in log],
        start=note.replay_start,
    )
    return note.state or final, befores


def import_notes(
    db: Database,
    profile_id: int,
    goal_id: int | None,
    notes: Iterable[NoteIn],
    *,
    source: str,
    skills: Sequence[tuple[str, ...]] = (),
    new_goal_title: str | None = None,
) -> ImportResult:
    """Write ``notes`` into the goal (``goal_id`` None: a new goal titled ``new_goal_title``).

    ``skills`` are paths to create even when no card uses them (an Anki deck's empty sub-decks)."""
    now = datetime.now(UTC)
    with db.session() as session:
        if goal_id is None:
            goal = new_goal(session, profile_id, new_goal_title or "Imported cards")
        else:
            goal = lock_goal(session, profile_id, goal_id)
        goal_id, goal_title = goal.id, goal.title
        scheduler = profile_scheduler(session, profile_id)
        seen: set[tuple[str, str, tuple[tuple[str, str], ...]]] = {
            (front, back, tuple(parse_references(media)))
            for front, back, media in session.execute(
                select(Card.front, Card.back, Card.media).where(Card.goal_id == goal_id)
            )
        }
        resolver = NodeResolver(session, goal_id)
        for path in skills:
            resolver.resolve(path)
        taken: list[tuple[NoteIn, int | None]] = []
        duplicates = empty = 0
        for number, note in enumerate(notes, 1):
            check_text(note, number)
            if not has_side(note.front, note.media, "front") or not has_side(
                note.back, note.media, "back"
            ):
                empty += 1
                continue
            key = (note.front, note.back, tuple(note.media))
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            node_id = resolver.resolve(note.skill) if note.skill else None
            taken.append((note, node_id))
        ids = allocate_ids(session, "cards", len(taken))
        card_rows: list[tuple[Any, ...]] = []
        review_rows: list[tuple[Any, ...]] = []
        for (note, node_id), card_id in zip(taken, ids, strict=True):
            created = note.created_at or now
            if note.reviews:
                created = min(created, min(r.reviewed_at for r in note.reviews))
            state, befores = _history(note, card_id, created, scheduler)
            media = [{"name": name, "side": side} for name, side in note.media]
            card_rows.append(
                (
                    card_id,
                    profile_id,
                    goal_id,
                    node_id,
                    note.front,
                    note.back,
                    note.kind,
                    "import",
                    list(note.tags),
                    Jsonb(media),
                    note.archived,
                    *(
                        (state.state, state.step, state.stability, state.difficulty)
                        if state
                        else (1, 0, None, None)
                    ),
                    state.due if state else created,
                    state.last_review if state else None,
                    created,
                    now,
                )
            )
            log = sorted(note.reviews, key=lambda r: r.reviewed_at)
            for review, before in zip(log, befores, strict=True):
                duration = review.duration_ms
                if duration is not None:
                    duration = max(0, min(MAX_DURATION_MS, duration))
                review_rows.append(
                    (
                        card_id,
                        profile_id,
                        review.rating,
                        "flip",
                        review.reviewed_at,
                        duration,
                        Jsonb(before.to_json()),
                    )
                )
        copy_rows(session, "cards", CARD_COLUMNS, card_rows)
        copy_rows(session, "reviews", REVIEW_COLUMNS, review_rows)
    unplaced = tuple(
        card_id for (_note, node), card_id in zip(taken, ids, strict=True) if node is None
    )
    homed, unplaced = home_unplaced(db, profile_id, goal_id, unplaced)
    embed_cards(db, profile_id, ids, new=True)
    return ImportResult(
        goal_id,
        source,
        len(taken),
        duplicates,
        empty,
        resolver.created,
        reviews=len(review_rows),
        unplaced_card_ids=unplaced,
        homed=homed,
        goal_title=goal_title,
    )


def home_unplaced(
    db: Database, profile_id: int, goal_id: int, card_ids: tuple[int, ...]
) -> tuple[int, tuple[int, ...]]:
    """(how many were homed, the ids still without a skill). Never fails the import."""
    if not card_ids:
        return 0, ()
    from studyapp.services.skill_homes import assign_to_nearest_nodes

    try:
        homed = assign_to_nearest_nodes(db, profile_id, goal_id, card_ids)
    except Exception:
        log.warning("could not home imported cards on skills; they stay unassigned", exc_info=True)
        return 0, card_ids
    if not homed:
        return 0, card_ids
    with db.session() as session:
        left = session.scalars(
            select(Card.id).where(Card.id.in_(card_ids), Card.node_id.is_(None)).order_by(Card.id)
        ).all()
    return homed, tuple(left)


def new_goal(session: Session, profile_id: int, title: str) -> Goal:
    from studyapp.services.goals import MAX_TITLE, validate_title

    # A deck's (or file's) name may be any length: shortened at a word, with "…" showing it.
    goal = Goal(
        profile_id=profile_id, title=validate_title(shorten(" ".join(title.split()), MAX_TITLE))
    )
    session.add(goal)
    session.flush()
    return goal


@dataclass(frozen=True)
class ReviewOut:
    """One review of an exported card, with the card's state before it (None for a review made
    in Anki whose state was never replayed: its ``anki_log`` says what Anki recorded)."""

    rating: int
    reviewed_at: datetime
    duration_ms: int | None
    before: CardState | None
    anki_log: tuple[int, int, int, int] | None = None


@dataclass(frozen=True)
class NoteOut:
    """One card of a goal as exported: text, skill path, and (with history) schedule and log."""

    card_id: int
    front: str
    back: str
    skill: tuple[str, ...]
    kind: str = "basic"
    tags: tuple[str, ...] = ()
    media: tuple[tuple[str, str], ...] = ()
    archived: bool = False
    created_at: datetime | None = None
    state: CardState | None = None
    reviews: tuple[ReviewOut, ...] = ()
    # The card's note (GUID, which of its cards), Anki's fields as imported, its burial and
    # last change: what an Anki export needs to give a note back unchanged.
    note_guid: str | None = None
    note_ord: int | None = None
    anki: dict[str, Any] | None = None
    buried_until: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class GoalNotes:
    goal_id: int
    title: str
    notes: tuple[NoteOut, ...]
    skills: tuple[tuple[str, ...], ...]  # every node's path, parents before children
    desired_retention: float = 0.9


def export_notes(
    db: Database, profile_id: int, goal_id: int, *, with_history: bool = False
) -> GoalNotes:
    """A goal's cards with their skill paths, in creation order: the live ones, or with
    ``with_history`` every card (archived too) with its FSRS state and reviews."""
    with db.session() as session:
        title = require_goal(session, profile_id, goal_id).title
        preset = presets.goal_preset(session, profile_id, goal_id)  # the goal's study options
        retention = preset.desired_retention
        nodes = session.execute(
            select(SkillNode.id, SkillNode.parent_id, SkillNode.title)
            .where(SkillNode.goal_id == goal_id)
            .order_by(SkillNode.position, SkillNode.id)
        ).all()
        query = select(
            Card.id,
            Card.front,
            Card.back,
            Card.node_id,
            Card.kind,
            Card.tags,
            Card.media,
            Card.archived,
            Card.created_at,
            Card.fsrs_state,
            Card.fsrs_step,
            Card.stability,
            Card.difficulty,
            Card.due,
            Card.last_review,
            Card.note_guid,
            Card.note_ord,
            Card.anki,
            Card.buried_until,
            Card.updated_at,
        ).where(Card.goal_id == goal_id, Card.profile_id == profile_id)
        if not with_history:
            query = query.where(~Card.archived)
        cards = session.execute(query.order_by(Card.id)).all()
        logs: dict[int, list[Any]] = {}
        if with_history:
            for row in session.execute(
                select(
                    Review.card_id,
                    Review.rating,
                    Review.reviewed_at,
                    Review.duration_ms,
                    Review.previous,
                    Review.anki_log,
                )
                .join(Card, Card.id == Review.card_id)
                .where(Card.goal_id == goal_id, Card.profile_id == profile_id)
                .order_by(Review.card_id, Review.reviewed_at, Review.id)
            ):
                logs.setdefault(row[0], []).append(row)
    parents = {node_id: parent_id for node_id, parent_id, _ in nodes}
    titles = {node_id: node_title for node_id, _, node_title in nodes}
    paths: dict[int, tuple[str, ...]] = {}

    def path(node_id: int) -> tuple[str, ...]:
        """The node's title path, found by climbing (no recursion: any depth)."""
        if node_id in paths:
            return paths[node_id]
        chain = [node_id]
        seen = {node_id}
        while True:
            parent = parents[chain[-1]]
            if parent is None or parent not in parents or parent in paths or parent in seen:
                break
            chain.append(parent)
            seen.add(parent)
        top = parents[chain[-1]]
        prefix = paths.get(top, ()) if top is not None else ()  # () for a root (or an orphan's)
        for current in reversed(chain):
            prefix = (*prefix, titles[current].strip() or f"Skill {current}")
            paths[current] = prefix
        return paths[node_id]

    skills = tuple(sorted({path(node_id) for node_id in parents}, key=lambda p: (len(p), p)))
    scheduler = preset.scheduler() if with_history else None
    notes = []
    for row in cards:
        card_id, front, back, node_id, kind, tags, media, archived, created_at = row[:9]
        state = None
        reviews: tuple[ReviewOut, ...] = ()
        if with_history:
            state = CardState(
                row[9], row[10], row[11], row[12], _utc(row[13]), _utc(row[14]) if row[14] else None
            )
            reviews = _reviews_out(scheduler, card_id, created_at, logs.get(card_id, []))
        note_guid, note_ord, anki, buried_until, updated_at = row[15:20]
        notes.append(
            NoteOut(
                card_id,
                front,
                back,
                path(node_id) if node_id in parents else (),
                kind,
                tuple(tags or ()),
                tuple(parse_references(media)),
                bool(archived),
                _utc(created_at),
                state,
                reviews,
                note_guid,
                note_ord,
                anki if isinstance(anki, dict) else None,
                _utc(buried_until) if buried_until else None,
                _utc(updated_at) if updated_at else None,
            )
        )
    return GoalNotes(goal_id, title, tuple(notes), skills, retention)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _reviews_out(
    scheduler: Any, card_id: int, created_at: datetime, log: list[Any]
) -> tuple[ReviewOut, ...]:
    """Each review with the state before it: the stored ``previous``; a review made in Anki
    without one brings Anki's own log values instead (``anki_log``). Only when a review has
    neither (rows written by hand) is the card's log replayed."""
    if not log:
        return ()
    befores: list[CardState | None]
    if all(previous is not None or anki is not None for *_, previous, anki in log):
        befores = [CardState.from_json(prev) if prev is not None else None for *_, prev, _a in log]
    else:
        _final, replayed = replay(scheduler, card_id, created_at, [(r[1], r[2]) for r in log])
        befores = list(replayed)
    return tuple(
        ReviewOut(rating, _utc(at), duration, before, tuple(anki) if anki else None)
        for (_cid, rating, at, duration, _prev, anki), before in zip(log, befores, strict=True)
    )
