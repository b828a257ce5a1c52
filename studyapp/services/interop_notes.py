"""Notes crossing the app boundary: what every import and export does with the database.

Import: skills, duplicates, one bulk insert.
Parsers (CSV, .apkg) turn a file into :class:`NoteIn` values first, refusing bad files before any
write. Then one transaction locks the goal (two imports into one goal cannot both miss each other's
duplicates), creates missing skill nodes, skips cards whose exact front and back are already in the
goal or earlier in the file, and COPYs the rest in: an import either lands whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.db.database import Database
from studyapp.db.models import Card, Goal, SkillNode
from studyapp.errors import BadInput, NotFound
from studyapp.services.owned import require_goal

PATH_SEPARATOR = "::"
MAX_TITLE = 300


@dataclass(frozen=True)
class NoteIn:
    """One card to import; ``skill`` is the node path under the goal (empty: no node)."""

    front: str
    back: str
    skill: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    goal_id: int
    source: str  # "csv" or "apkg"
    taken: int
    duplicates: int
    empty: int
    nodes_created: int

    @property
    def skipped(self) -> int:
        return self.duplicates + self.empty

    def summary(self) -> str:
        parts = [f"{self.duplicates} duplicate{'s' * (self.duplicates != 1)}"]
        if self.empty:
            parts.append(f"{self.empty} with an empty side")
        nodes = f"; {self.nodes_created} new skill node(s)" if self.nodes_created else ""
        return (
            f"Imported {self.taken} card{'s' * (self.taken != 1)} into goal {self.goal_id} "
            f"(skipped {self.skipped}: {', '.join(parts)}){nodes}."
        )


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


def import_notes(
    db: Database, profile_id: int, goal_id: int, notes: Iterable[NoteIn], *, source: str
) -> ImportResult:
    with db.session() as session:
        lock_goal(session, profile_id, goal_id)
        seen: set[tuple[str, str]] = {
            (front, back)
            for front, back in session.execute(
                select(Card.front, Card.back).where(Card.goal_id == goal_id)
            )
        }
        resolver = NodeResolver(session, goal_id)
        rows: list[tuple[Any, ...]] = []
        duplicates = empty = 0
        for note in notes:
            if "\x00" in note.front or "\x00" in note.back:
                raise BadInput("A card contains a NUL character, which text cannot hold.")
            if not note.front.strip() or not note.back.strip():
                empty += 1
                continue
            key = (note.front, note.back)
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            node_id = resolver.resolve(note.skill) if note.skill else None
            rows.append((profile_id, goal_id, node_id, note.front, note.back, "basic", "import"))
        copy_rows(
            session,
            "cards",
            ["profile_id", "goal_id", "node_id", "front", "back", "kind", "provider"],
            rows,
        )
    return ImportResult(goal_id, source, len(rows), duplicates, empty, resolver.created)


@dataclass(frozen=True)
class NoteOut:
    """One card of a goal as exported: text and its skill path under the goal."""

    card_id: int
    front: str
    back: str
    skill: tuple[str, ...]


@dataclass(frozen=True)
class GoalNotes:
    goal_id: int
    title: str
    notes: tuple[NoteOut, ...]
    skills: tuple[tuple[str, ...], ...]  # every node's path, parents before children


def export_notes(db: Database, profile_id: int, goal_id: int) -> GoalNotes:
    """A goal's live (not archived) cards with their skill paths, in creation order."""
    with db.session() as session:
        title = require_goal(session, profile_id, goal_id).title
        nodes = session.execute(
            select(SkillNode.id, SkillNode.parent_id, SkillNode.title)
            .where(SkillNode.goal_id == goal_id)
            .order_by(SkillNode.position, SkillNode.id)
        ).all()
        cards = session.execute(
            select(Card.id, Card.front, Card.back, Card.node_id)
            .where(Card.goal_id == goal_id, Card.profile_id == profile_id, ~Card.archived)
            .order_by(Card.id)
        ).all()
    parents = {node_id: parent_id for node_id, parent_id, _ in nodes}
    titles = {node_id: node_title for node_id, _, node_title in nodes}
    paths: dict[int, tuple[str, ...]] = {}

    def path(node_id: int) -> tuple[str, ...]:
        if node_id not in paths:
            parent = parents[node_id]
            prefix = path(parent) if parent is not None and parent in parents else ()
            paths[node_id] = (*prefix, titles[node_id].strip() or f"Skill {node_id}")
        return paths[node_id]

    skills = tuple(sorted({path(node_id) for node_id in parents}, key=lambda p: (len(p), p)))
    notes = tuple(
        NoteOut(card_id, front, back, path(node_id) if node_id in parents else ())
        for card_id, front, back, node_id in cards
    )
    return GoalNotes(goal_id, title, notes, skills)
