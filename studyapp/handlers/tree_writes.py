"""Writing a goal's top-level skills, shared by the skill-tree job and by a card job whose
material makes the tree (material added before any tree, or offline, where the material's
headings are the tree: :func:`merge_top_level` keeps the skills that hold cards).

The top level is written with status 'generating' and one branch job is spawned per node (its
children come later, so a failed branch shows beside the finished ones). Every card of the goal
is then homed on the closest new skill: a regeneration never orphans a card.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import BigInteger, column, delete, insert, or_, select, text, update
from sqlalchemy.orm import Session

from studyapp.db.models import Card, SkillNode
from studyapp.handlers import compute
from studyapp.handlers.goal_material import SectionIndex
from studyapp.handlers.kinds import SKILL_TREE_GENERATION
from studyapp.jobs.contract import CompletionTx
from studyapp.limits import head
from studyapp.vectors.embedder import normalise
from studyapp.vectors.skill_homes import PATH_SEPARATOR, NodeText, by_title, home_cards, nearest


def plan_homes(
    cards: Sequence[tuple[int, str, str] | tuple[int, str, str, str]],
    nodes: Sequence[Mapping[str, Any]],
    material: str = "",
) -> dict[str, int]:
    """For the slow part of a job: which new top-level node (by index) each existing card
    (id, front, back[, source]) goes to. A card whose source sentence stands in ``material``
    goes to the node of its section's heading (the skill it came from); the rest by embedding.
    Done outside the transaction so that applying it costs one UPDATE per node."""
    if not cards or not nodes:
        return {}
    as_nodes = [NodeText(i, n["title"], n.get("description", "")) for i, n in enumerate(nodes)]
    index = SectionIndex(material) if material else None
    out: dict[str, int] = {}
    rest = []
    for card in cards:
        source = card[3] if len(card) > 3 else ""
        path = index.path(source or "") if index is not None else []
        found = by_title(as_nodes, PATH_SEPARATOR.join(path)) if path else None
        if found is not None:
            out[str(card[0])] = found
        else:
            rest.append(card)
    if rest:
        targets = nearest([f"{c[1]}\n{c[2]}" for c in rest], as_nodes)
        out.update({str(c[0]): index for c, index in zip(rest, targets, strict=True)})
    return out


def branch_cards(session: Session, node_id: int) -> list[tuple[int, str, str, str]]:
    """(id, front, back, source sentence) of the cards filed on the skill ``node_id``."""
    return _card_texts(session, Card.node_id == node_id, Card.archived.is_(False))


def _card_texts(session: Session, *where: Any) -> list[tuple[int, str, str, str]]:
    """(id, front, back, source sentence) of the cards ``where`` says, by id: what homing a
    card reads of it (:func:`~studyapp.limits.head` of each text)."""
    rows = session.execute(
        select(Card.id, head(Card.front), head(Card.back), head(Card.source_quote))
        .where(*where)
        .order_by(Card.id)
    )
    return [(r[0], r[1], r[2], r[3] or "") for r in rows]


def section_homes(
    cards: Sequence[tuple[int, str, str, str]],
    new_titles: Sequence[str],
    old_titles: Sequence[str],
    material: str,
) -> dict[str, str]:
    """For a branch's cards: the child title (new or already there) of the section each card's
    source sentence stands in, or "" when it stands in the material but under none of them
    (the branch's own text: the card stays). Cards not found in the material are left out:
    they go by embedding."""
    titles = list(dict.fromkeys([*new_titles, *old_titles]))
    as_nodes = [NodeText(i, t) for i, t in enumerate(titles)]
    out: dict[str, str] = {}
    index = SectionIndex(material) if cards and material else None
    for card_id, _front, _back, source in cards:
        path = index.path(source) if index is not None else []
        if not path:
            continue
        found = by_title(as_nodes, PATH_SEPARATOR.join(path))
        out[str(card_id)] = titles[found] if found is not None else ""
    return out


def branch_sections(
    new_titles: Sequence[str], old_titles: Sequence[str], material: str, branch: str
) -> dict[str, str]:
    """For a branch job's commit: every sentence of the material under the heading ``branch``
    (by its :meth:`SectionIndex.key`), with the child title of the section it stands in, or ""
    (the branch's own text). Cards committed after the job read its cards (parts of the same
    material run beside it) are placed by it as :func:`section_homes` placed those it read:
    else they went by embedding, and where a card ended depended on which job ran first."""
    if not material:
        return {}
    titles = list(dict.fromkeys([*new_titles, *old_titles]))
    as_nodes = [NodeText(i, t) for i, t in enumerate(titles)]
    key = normalise(branch)
    out: dict[str, str] = {}
    for sentence, path in SectionIndex(material).entries():
        if key and any(normalise(p) == key for p in path):
            found = by_title(as_nodes, PATH_SEPARATOR.join(path))
            out[sentence] = titles[found] if found is not None else ""
    return out


def cards_to_replan(
    session: Session, goal_id: int, keep_titles: Sequence[str], lose_titles: Sequence[str]
) -> list[tuple[int, str, str, str]]:
    """The cards a merge (:func:`merge_top_level`) may leave without a skill, to plan homes
    for: those without one, and those under a top-level skill that is not among
    ``keep_titles`` (the new top level) but has a heading of its title (``lose_titles``), so it
    goes. A 5,000-card goal whose skills all stay plans nothing."""
    keep = {normalise(t) for t in keep_titles}
    lose = {normalise(t) for t in lose_titles} - keep
    tops = session.execute(
        select(SkillNode.id, SkillNode.title).where(
            SkillNode.goal_id == goal_id, SkillNode.parent_id.is_(None)
        )
    )
    going = [row.id for row in tops if normalise(row.title) in lose]
    subtrees = (
        text(
            "WITH RECURSIVE down(id) AS ("
            " SELECT unnest(CAST(:tops AS bigint[]))"
            " UNION ALL SELECT s.id FROM skill_nodes s JOIN down ON s.parent_id = down.id)"
            " SELECT id FROM down"
        )
        .bindparams(tops=going)
        .columns(column("id", BigInteger))
    )
    return _card_texts(
        session,
        Card.goal_id == goal_id,
        or_(Card.node_id.is_(None), Card.node_id.in_(subtrees)),
    )


def goal_cards(session: Session, goal_id: int) -> list[tuple[int, str, str, str]]:
    """(id, front, back, source sentence) of every card of the goal, for :func:`plan_homes`."""
    return _card_texts(session, Card.goal_id == goal_id)


def write_top_level(
    tx: CompletionTx,
    goal_id: int,
    nodes: Sequence[Mapping[str, Any]],
    homes: Mapping[str, int] | None = None,
) -> tuple[list[int], int]:
    """Replace the goal's skills with ``nodes`` (status 'generating', a branch job each), then
    put every card on its closest new skill: the planned ones by ``homes`` (card id → node
    index), the rest (cards made since the plan) by embedding now. Returns (node ids, cards
    that ended on a skill)."""
    session = tx.session
    session.execute(delete(SkillNode).where(SkillNode.goal_id == goal_id))  # cards: node NULL
    ids: list[int] = []
    for position, node in enumerate(nodes):
        new_id = insert_node(tx, goal_id, node, position)
        ids.append(new_id)
        tx.spawn(SKILL_TREE_GENERATION, {"goal_id": goal_id, "node_id": new_id}, goal_id=goal_id)
    return ids, _home_unassigned(session, goal_id, ids, nodes, homes)


def insert_node(
    tx: CompletionTx,
    goal_id: int,
    node: Mapping[str, Any],
    position: int,
    *,
    parent_id: int | None = None,
    status: str = "generating",
) -> int:
    """One new skill made by this job; its id. A top-level one is 'generating' until its branch
    job writes its children; that job writes them 'ready' (:mod:`~studyapp.handlers.skill_tree`)."""
    return tx.session.execute(
        insert(SkillNode)
        .values(
            goal_id=goal_id,
            parent_id=parent_id,
            title=node["title"],
            description=node.get("description", ""),
            position=position,
            status=status,
            source_job_id=tx.job.id,
        )
        .returning(SkillNode.id)
    ).scalar_one()


def _subtree_cards(session: Session, goal_id: int) -> dict[int, int]:
    """Cards of each top-level skill, its descendants' included (one recursive query)."""
    rows = session.execute(
        text(
            "WITH RECURSIVE up(id, top) AS ("
            " SELECT id, id FROM skill_nodes WHERE goal_id = :g AND parent_id IS NULL"
            " UNION ALL SELECT n.id, up.top FROM skill_nodes n JOIN up ON n.parent_id = up.id)"
            " SELECT up.top, count(c.id) FROM up LEFT JOIN cards c ON c.node_id = up.id"
            " GROUP BY up.top"
        ),
        {"g": goal_id},
    )
    return {int(top): int(n) for top, n in rows}


def merge_top_level(
    tx: CompletionTx,
    goal_id: int,
    nodes: Sequence[Mapping[str, Any]],
    homes: Mapping[str, int] | None = None,
    *,
    headings: Sequence[str] = (),
) -> tuple[list[int], int]:
    """Make ``nodes`` (a tree from the goal's material) the goal's top level, merged with the
    skills it has: a skill of the same title (at any depth) is kept, with its cards and
    children, and moved to the top; another top-level skill that holds cards stays after the
    new ones unless the material has a heading of its title (then its cards go to that
    heading's skill once it exists); skills without cards go. Each skill of ``nodes`` gets a
    branch job (a kept one too: its children are merged by title). Cards left without a skill
    go to their planned node (``homes``: card id → index in ``nodes``) or the nearest one.
    Returns (ids of ``nodes`` in order, cards that ended on a skill)."""
    session = tx.session
    existing = list(
        session.execute(
            select(SkillNode.id, SkillNode.title, SkillNode.parent_id)
            .where(SkillNode.goal_id == goal_id)
            .order_by(SkillNode.parent_id.is_not(None), SkillNode.position, SkillNode.id)
        )
    )
    by_key: dict[str, int] = {}
    for row in existing:
        by_key.setdefault(normalise(row.title), row.id)
    ids: list[int] = []
    reused: set[int] = set()
    for position, node in enumerate(nodes):
        old = by_key.get(normalise(node["title"]))
        if old is not None and old not in reused:
            reused.add(old)
            session.execute(
                update(SkillNode)
                .where(SkillNode.id == old)
                .values(
                    parent_id=None,
                    position=position,
                    status="generating",
                    description=node.get("description", ""),
                )
            )
            new_id = old
        else:
            new_id = insert_node(tx, goal_id, node, position)
        ids.append(new_id)
        tx.spawn(SKILL_TREE_GENERATION, {"goal_id": goal_id, "node_id": new_id}, goal_id=goal_id)
    holding = _subtree_cards(session, goal_id)
    heading_keys = {normalise(h) for h in headings}
    gone = []
    position = len(ids)
    for row in existing:
        if row.parent_id is not None or row.id in reused:
            continue
        if holding.get(row.id, 0) and normalise(row.title) not in heading_keys:
            session.execute(
                update(SkillNode).where(SkillNode.id == row.id).values(position=position)
            )
            position += 1
        else:
            gone.append(row.id)
    if gone:  # their cards: node NULL (the foreign key), homed below
        session.execute(delete(SkillNode).where(SkillNode.id.in_(gone)))
    return ids, _home_unassigned(session, goal_id, ids, nodes, homes)


def _home_unassigned(
    session: Session,
    goal_id: int,
    ids: Sequence[int],
    nodes: Sequence[Mapping[str, Any]],
    homes: Mapping[str, int] | None,
) -> int:
    moved = 0
    by_node: dict[int, list[int]] = {}
    for card_id, index in (homes or {}).items():
        if 0 <= index < len(ids):
            by_node.setdefault(ids[index], []).append(int(card_id))
    for node_id, card_ids in by_node.items():
        # Counted with RETURNING: an ORM session's execute() is typed as a Result, whose
        # rowcount is only on the CursorResult it is at run time.
        moved += len(
            session.execute(
                update(Card)
                .where(Card.goal_id == goal_id, Card.id.in_(card_ids), Card.node_id.is_(None))
                .values(node_id=node_id)
                .returning(Card.id)
            ).all()
        )
    new_nodes = [
        NodeText(i, n["title"], n.get("description", "")) for i, n in zip(ids, nodes, strict=True)
    ]
    moved += home_cards(session, goal_id, among=new_nodes, embedder=compute.embedder())
    return moved
