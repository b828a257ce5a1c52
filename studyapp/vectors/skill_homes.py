"""Homing cards onto skill nodes: every card belongs to a skill.

A card goes to the node its maker named when that node exists (Claude picks a skill from the
tree; the offline generator names the section it read), else to the node whose title and
description are nearest to the card's text by embedding. The same rule re-homes cards when a
tree is regenerated (each card to the closest new skill) and homes imported or hand-made cards
that arrived without one.

These functions work inside the caller's transaction (a job's completion transaction, an
import's); the caller holds the goal's lock (:func:`studyapp.db.locks.goal_lock`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from studyapp.db.models import Card, SkillNode
from studyapp.limits import head
from studyapp.vectors.embedder import Embedder, default_embedder, normalise

DESCRIPTION_CHARS = 400


@dataclass(frozen=True)
class NodeText:
    id: int
    title: str
    description: str = ""
    parent_id: int | None = None

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.description[:DESCRIPTION_CHARS]}"


def goal_nodes(session: Session, goal_id: int) -> list[NodeText]:
    rows = session.execute(
        select(SkillNode.id, SkillNode.title, SkillNode.description, SkillNode.parent_id)
        .where(SkillNode.goal_id == goal_id)
        .order_by(SkillNode.id)
    )
    return [
        NodeText(id=node_id, title=title, description=description, parent_id=parent_id)
        for node_id, title, description, parent_id in rows
    ]


PATH_SEPARATOR = " › "


def by_title(nodes: Sequence[NodeText], title: str) -> int | None:
    """The node whose title is ``title`` (case and punctuation aside), if exactly one is. A
    heading path ("Parent › Child") matches its deepest title that names a node."""
    for part in reversed(title.split(PATH_SEPARATOR)):
        key = normalise(part)
        found = [n.id for n in nodes if key and normalise(n.title) == key]
        if len(found) == 1:
            return found[0]
    return None


def nearest(
    texts: Sequence[str], nodes: Sequence[NodeText], *, embedder: Embedder | None = None
) -> list[int]:
    """For each text, the id of the node nearest to it by embedding (ties: the first node)."""
    if not texts or not nodes:
        return []
    embedder = embedder or default_embedder()
    node_vectors = embedder.embed([n.text for n in nodes])
    text_vectors = embedder.embed(list(texts))
    scores = text_vectors @ node_vectors.T
    return [nodes[int(i)].id for i in np.argmax(scores, axis=1)]


def homes(
    cards: Sequence[tuple[str, str]],
    nodes: Sequence[NodeText],
    *,
    embedder: Embedder | None = None,
) -> list[int | None]:
    """Node ids for (card text, named skill) pairs: the named node when it exists, else the
    nearest. ``None`` only when the goal has no nodes at all."""
    if not nodes:
        return [None] * len(cards)
    out: list[int | None] = [by_title(nodes, skill) for _, skill in cards]
    todo = [i for i, node in enumerate(out) if node is None]
    for i, node_id in zip(
        todo, nearest([cards[i][0] for i in todo], nodes, embedder=embedder), strict=True
    ):
        out[i] = node_id
    return out


def to_defined_term(
    targets: Sequence[int | None], sources: Sequence[str], nodes: Sequence[NodeText]
) -> list[int | None]:
    """Each card's skill, or the child of it that was made from the card's own source sentence
    (a term its section defines, as the offline tree makes them): else "Retransmission
    timeout" stood empty under "Detecting loss", which held "What is a retransmission
    timeout?"."""
    by_sentence = {
        (n.parent_id, normalise(n.description)): n.id
        for n in nodes
        if n.parent_id is not None and n.description
    }
    return [
        by_sentence.get((target, normalise(source)), target) if source and target else target
        for target, source in zip(targets, sources, strict=True)
    ]


_MOVE = text(
    "UPDATE cards SET node_id = moved.node_id"
    " FROM unnest(CAST(:ids AS bigint[]), CAST(:nodes AS bigint[])) AS moved(id, node_id)"
    " WHERE cards.id = moved.id"
)


def home_cards(
    session: Session,
    goal_id: int,
    *,
    card_ids: Sequence[int] | None = None,
    only_unassigned: bool = True,
    among: Sequence[NodeText] | None = None,
    embedder: Embedder | None = None,
    limit: int | None = None,
) -> int:
    """Move the goal's cards (those without a node, or ``card_ids``) to their nearest node
    among ``among`` (default: every node of the goal), at most ``limit`` of them. Returns how
    many cards moved."""
    nodes = list(among) if among is not None else goal_nodes(session, goal_id)
    if not nodes:
        return 0
    query = select(
        Card.id,
        head(Card.front).label("front"),
        head(Card.back).label("back"),
        Card.node_id,
    ).where(Card.goal_id == goal_id)
    if only_unassigned:
        query = query.where(Card.node_id.is_(None))
    if card_ids is not None:
        if not card_ids:
            return 0
        query = query.where(Card.id.in_(list(card_ids)))
    if limit is not None:
        query = query.order_by(Card.id).limit(limit)
    rows = list(session.execute(query))
    if not rows:
        return 0
    targets = nearest([f"{r.front}\n{r.back}" for r in rows], nodes, embedder=embedder)
    moved = [
        (row.id, node_id)
        for row, node_id in zip(rows, targets, strict=True)
        if row.node_id != node_id
    ]
    if moved:
        # One statement with two array parameters: an UPDATE … IN (…) per skill made
        # SQLAlchemy compile a long IN list per skill, on the job completer's thread, holding
        # the GIL the window needs for painting (~60 ms for 1,500 cards over 110 skills).
        ids, node_ids = zip(*moved, strict=True)
        session.execute(_MOVE, {"ids": list(ids), "nodes": list(node_ids)})
    return len(moved)
