"""A provider's skill tree without the material's furniture and boilerplate as skills.

The offline tree is made of the material's headings and never makes "Key Terms", "Summary",
"Chapter Review" or a bibliography a skill (:attr:`~.outline.Section.substantive`). Claude builds
its tree on the same outline and may still answer with them: a learner does not study "Key
Terms". The same rule is applied to its answer: such a skill is dropped, its sub-skills (when it
has any) take its place, and the cards of its text are filed under the skill whose section
discusses their term (:class:`~.outline.TermHomes`, used wherever cards are homed by section).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from studyapp.generation.cleaning.blocks import is_boilerplate, is_furniture
from studyapp.generation.outline import documents, parse_sections
from studyapp.generation.types import TreeNode
from studyapp.vectors.embedder import normalise


def section_bodies(material: str) -> dict[str, str]:
    """Each heading's body by its normalised title (the first section of that title)."""
    out: dict[str, str] = {}
    for part in documents(material):
        for section in parse_sections(part):
            out.setdefault(normalise(section.title), section.body)
    return out


def not_a_skill(title: str, bodies: dict[str, str]) -> bool:
    """Furniture, or boilerplate judged with the body of the material's section of that title
    (a "References" that lists citations; Ant's "References" teaches id/refid and stays)."""
    return is_furniture(title) or is_boilerplate(title, bodies.get(normalise(title)))


def skills_only(nodes: Sequence[TreeNode], material: str) -> list[TreeNode]:
    """``nodes`` with every furniture or boilerplate skill (at any depth) replaced by its own
    sub-skills. Titles stay as unique as they were: a sub-skill only moves up a level."""
    bodies = section_bodies(material) if material else {}
    return _kept(nodes, bodies)


def _kept(nodes: Iterable[TreeNode], bodies: dict[str, str]) -> list[TreeNode]:
    out: list[TreeNode] = []
    for node in nodes:
        if not_a_skill(node.title, bodies):
            out += _kept(node.children, bodies)
        else:
            out.append(TreeNode(node.title, node.description, tuple(_kept(node.children, bodies))))
    return out
