"""A goal's material: kept when it arrives, read back for its tree, placed on its skills.

Before migration 0018 a material lived only in the payload of the job it came with, so the
goal forgot it: "Regenerate tree" built a tree without it, a branch job saw only the one
material that spawned it, and "Generate cards" on a skill offline had nothing to read ("there
is none for this skill"). Now every material is kept once per goal (``goal_materials``), and:

- :func:`goal_material` is all of it, oldest first, for a tree (headings of every material);
- :func:`skill_material` is the part that belongs to one skill: the sections under headings
  of that title, else the paragraphs that name it, else its parent's sections, else (the goal's
  one root skill, named for the goal) all of it;
- :func:`section_of` says under which heading path a card's source sentence stands, so a card
  goes to the skill of the section it came from rather than to the nearest by embedding.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from studyapp.db.models import GoalMaterial
from studyapp.generation.cleaning import is_boilerplate, is_furniture
from studyapp.generation.offline_cards import sentence_term
from studyapp.generation.outline import (
    DOCUMENT_SEPARATOR,
    TermHomes,
    documents,
    heading_at,
    heading_lines,
    in_furniture,
    parse_sections,
)
from studyapp.vectors.embedder import normalise

# What one skill's cards are made from at most (a skill of a 2 MB text without headings is the
# whole text): a few chunks' worth, enough for a job's cards and cheap to read offline.
SKILL_CHARS = 60_000


def digest(material: str) -> str:
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def keep_material(session: Session, goal_id: int, material: str, job_id: int | None) -> bool:
    """Keep ``material`` for the goal (inside the caller's transaction); the same text twice is
    one row. True when it was new."""
    if not material.strip():
        return False
    inserted = session.execute(
        pg_insert(GoalMaterial)
        .values(goal_id=goal_id, digest=digest(material), text=material, job_id=job_id)
        .on_conflict_do_nothing(index_elements=["goal_id", "digest"])
        .returning(GoalMaterial.id)
    ).first()
    return inserted is not None


def has_material(session: Session, goal_id: int, material: str) -> bool:
    """Whether the goal keeps this very text already (the same file added again)."""
    return (
        session.execute(
            select(GoalMaterial.id).where(
                GoalMaterial.goal_id == goal_id, GoalMaterial.digest == digest(material)
            )
        ).first()
        is not None
    )


def material_digests(session: Session, goal_id: int) -> list[str]:
    """The digests of the goal's kept materials: what a tree job read, compared at its commit
    with what the goal keeps by then (:mod:`~studyapp.handlers.skill_tree`)."""
    return list(
        session.execute(
            select(GoalMaterial.digest)
            .where(GoalMaterial.goal_id == goal_id)
            .order_by(GoalMaterial.id)
        ).scalars()
    )


def goal_material(session: Session, goal_id: int, *, also: str = "") -> str:
    """Every material of the goal, oldest first, joined; ``also`` (a material not kept yet: the
    one this job brings) is added at the end unless it is kept already."""
    texts = list(
        session.execute(
            select(GoalMaterial.text)
            .where(GoalMaterial.goal_id == goal_id)
            .order_by(GoalMaterial.id)
        ).scalars()
    )
    if also.strip() and also not in texts:
        texts.append(also)
    return DOCUMENT_SEPARATOR.join(texts)


def _paragraphs(material: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", material) if p.strip()]


def skill_material(
    material: str,
    title: str,
    *,
    ancestors: Sequence[str] = (),
    goal_title: str = "",
    only_skill: bool = False,
) -> str:
    """The part of ``material`` placed on the skill ``title`` ("" when none is).

    ``ancestors`` are the skill's parents' titles, nearest first; ``only_skill`` says the goal
    has no other top-level skill (its whole material is this skill's)."""
    if not material.strip():
        return ""
    sections = [s for part in documents(material) for s in parse_sections(part)]
    key = normalise(title)
    found = [s for s in sections if key and normalise(s.title) == key]
    if found:
        return _cap("\n\n".join(f"# {s.title}\n\n{s.body}" for s in found))
    # A skill made from a term the section defines: the paragraphs that name it.
    if key:
        named = [p for p in _paragraphs(material) if key in normalise(p)]
        text = "\n\n".join(named)
        if len(text) >= 200:
            return _cap(text)
    for parent in ancestors:
        parent_key = normalise(parent)
        found = [s for s in sections if parent_key and normalise(s.title) == parent_key]
        if found:
            return _cap("\n\n".join(f"# {s.title}\n\n{s.body}" for s in found))
    if only_skill or (goal_title and key == normalise(goal_title)):
        return _cap(material)
    return ""


def _cap(text: str) -> str:
    if len(text) <= SKILL_CHARS:
        return text
    cut = text.rfind("\n\n", 0, SKILL_CHARS)
    return text[: cut if cut > SKILL_CHARS // 2 else SKILL_CHARS]


KEY_WORDS = 6  # a sentence is found by its first words


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower())[:KEY_WORDS])


class SectionIndex:
    """Where sentences stand in a material: built once (one pass), then a dictionary read per
    card, so placing 5,000 cards does not search a 2 MB text 5,000 times. A sentence is found
    by its first words wherever a sentence, line or definition starts."""

    _START = re.compile(r"(?:^|(?<=[.!?:])\s+|\n)\s*(?=\S)", re.MULTILINE)

    def __init__(self, material: str) -> None:
        self._at: dict[str, list[str]] = {}
        for part in documents(material):
            heads = heading_lines(part)
            offsets = [h[3] for h in heads]
            paths: list[list[str]] = [[]]  # the path in force after each heading
            path: list[tuple[int, str]] = []
            for _, level, title, _ in heads:
                path = [p for p in path if p[0] < level] + [(level, title)]
                paths.append([t for _, t in path])
            homes: TermHomes | None = None  # a textbook's "Key Terms": cards filed by term
            for m in self._START.finditer(part):
                start = m.end()
                key = _key(part[start : start + 200])
                if len(key) >= 12 and key not in self._at:
                    path_here = paths[bisect.bisect_right(offsets, start)]
                    if in_furniture(path_here):
                        homes = homes or TermHomes(part)
                        path_here = homes.home(path_here, _term_at(part, start))
                    self._at[key] = path_here

    def entries(self) -> list[tuple[str, list[str]]]:
        """(sentence key, heading path) of every sentence start indexed."""
        return list(self._at.items())

    @staticmethod
    def key(source: str) -> str:
        """The key :meth:`path` looks ``source`` up by ("" when too short to tell)."""
        key = _key(source or "")
        return key if len(key) >= 12 else ""

    def path(self, source: str) -> list[str]:
        """The heading path of the section ``source`` stands in ([] when not found)."""
        key = _key(source or "")
        return self._at.get(key, []) if len(key) >= 12 else []


def _term_at(text: str, start: int) -> str:
    """The term the sentence at ``start`` of ``text`` defines ("" when none)."""
    end = text.find("\n", start)
    line = text[start : end if end >= 0 else len(text)]
    return sentence_term(re.sub(r"^([-*+•]|\d+[.)])\s+", "", line))


def section_of(material: str, source: str) -> list[str]:
    """The heading path (outermost first) of the section where ``source`` (a card's source
    sentence) stands in ``material``; [] when it is not found there. For many cards, build one
    :class:`SectionIndex`."""
    words = (source or "").split()[:12]
    if len(" ".join(words)) < 12 or not material:
        return []
    # The material's lines may be wrapped where the sentence is not: any run of space matches.
    # Any case: an offline card's sentence may start where the material's is mid-way ("In the
    # United States, …" of "For example, in the United States, …").
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    for part in documents(material):
        found = pattern.search(part)
        if found is not None:
            path = heading_at(part, found.start())
            if in_furniture(path):
                return TermHomes(part).home(path, sentence_term(source))
            return path
    return []


def new_headings(material: str, nodes: Sequence[Any]) -> bool:
    """Whether ``material`` has a heading that names none of ``nodes`` (objects with a
    ``title``): only then does it change a tree made of headings."""
    have = {normalise(n.title) for n in nodes}
    return any(
        normalise(s.title) not in have
        and not (is_furniture(s.title) or is_boilerplate(s.title, s.body))
        for part in documents(material)
        for s in parse_sections(part)
    )


NEAR_CHARS = 30_000  # each side of the card's sentence: the text its wrong options come from


def material_near(material: str, source: str, front: str = "", back: str = "") -> str:
    """The stretch of ``material`` around the card: around its source sentence (or, without
    one, its answer), at most ``NEAR_CHARS`` each side, within that sentence's material; the
    beginning when neither is found."""
    if not material.strip():
        return ""
    for probe in (source, back):
        words = (probe or "").split()[:12]
        if len(" ".join(words)) < 4:
            continue
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
        for part in documents(material):
            found = pattern.search(part)
            if found is not None:
                start = max(0, found.start() - NEAR_CHARS)
                return part[start : found.end() + NEAR_CHARS]
    return documents(material)[0][: 2 * NEAR_CHARS] if documents(material) else ""
