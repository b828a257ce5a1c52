"""A textbook's furniture is no skill, and its cards are kept and filed by term.

The walk of the real window with an OpenStax-style page made skills of "Chapter Review" and
"Key Terms": sections every chapter has whatever it teaches. They are left out of the offline
tree (a small vocabulary, whole titles only, after a section number or a "Chapter 3" label),
while a topic whose name merely holds such a word ("Summary statistics", "Review of cell
structure") stays a skill. A glossary's definitions still make cards, each filed under the
skill whose section mentions its term most, else where the furniture stands. Quiz sections
("Critical Thinking Questions", "Check Your Understanding") are boilerplate: no skill, no cards.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from benchmarks._card_scorer import coverage
from studyapp.generation.cleaning import is_boilerplate, is_furniture
from studyapp.generation.offline import OfflineProvider, tree_headings
from studyapp.generation.offline_cards import SKILL_PATH, units
from studyapp.generation.outline import TermHomes
from studyapp.generation.types import TreeRequest
from studyapp.handlers.goal_material import SectionIndex, new_headings, section_of
from studyapp.services import cards as cards_service
from studyapp.services import generation, goals
from studyapp.services.generation import clean_material
from studyapp.services.material import Material
from tests.gen_support import drain

CHAPTER = """# Chapter 5 Cell Transport

## Learning Objectives

By the end of this section, you will be able to:

- Describe how particles cross the plasma membrane
- Explain why a cell swells or shrinks in water

## 5.1 Diffusion

Diffusion is the net movement of particles from a region of higher concentration to a region
of lower concentration. Particles spread down a concentration gradient until they are evenly
mixed, and a steep concentration gradient makes them spread faster. No energy from the cell is
needed for this movement.

## 5.2 Osmosis

Osmosis is the diffusion of water across a selectively permeable membrane. A red blood cell in
a hypertonic solution shrivels as water leaves it, while a plant cell in a hypertonic solution
pulls its membrane away from the wall. Pure water makes the same cells swell instead.

## Summary statistics of cell size

Summary statistics describe a whole data set with a few numbers such as the mean and the
median. Most bacterial cells measured in the survey were between one and five micrometres long.

## Review of Cell Structure

The plasma membrane is the boundary that separates the inside of a cell from its environment.
The cytoplasm is the material inside the membrane that holds the organelles of the cell.

## 5.3 Key Terms

**hypertonic solution**: a solution whose solute concentration is higher than that of the cell

**concentration gradient**: the difference in the concentration of a substance between two regions

**vesicle**: a small sac of membrane that carries material from one part of a cell to another

## Chapter 5 Review

### Summary

Diffusion moves particles down their concentration gradient without energy from the cell.
Osmosis moves water across a membrane toward the side with more dissolved solute.

### Critical Thinking Questions

1. Why does a red blood cell burst when it is placed in pure water?

## Check Your Understanding

Why does a plant wilt when its soil is salty? Because water leaves its cells by osmosis.
"""

FURNITURE = {
    "Learning Objectives",
    "Key Terms",
    "Chapter 5 Review",
    "Summary",
    "Critical Thinking Questions",
    "Check Your Understanding",
}
TOPICS = ["Diffusion", "Osmosis", "Summary statistics of cell size", "Review of Cell Structure"]


def _as_html(markdown: str) -> str:
    """The chapter as an OpenStax-style page: ``<h2>``/``<h3>``, the glossary a ``<dl>``."""
    out = ["<html><head><title>Cell Transport</title></head><body><main>"]
    for block in markdown.split("\n\n"):
        block = " ".join(block.split("\n")) if not block.startswith("- ") else block
        if block.startswith("#"):
            marks, title = block.split(" ", 1)
            out.append(f"<h{len(marks)}>{title}</h{len(marks)}>")
        elif block.startswith("**"):
            term, definition = block[2:].split("**: ", 1)
            out.append(f"<dl><dt>{term}</dt><dd>{definition}</dd></dl>")
        elif block.startswith(("- ", "1. ")):
            items = [line.split(" ", 1)[1] for line in block.splitlines()]
            out.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
        else:
            out.append(f"<p>{block}</p>")
    return "\n".join([*out, "</main></body></html>"])


# -- the vocabulary ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "title",
    [
        "Key Terms",
        "5.3 Key Terms",
        "Chapter 3 Review",
        "Chapter Review",
        "Unit 2: Review",
        "Section 2.1 Summary",
        "Summary",
        "Key Concepts and Summary",
        "Learning Objectives",
        "LEARNING OUTCOMES",
        "Glossary",
    ],
)
def test_textbook_furniture_is_named_so(title: str) -> None:
    assert is_furniture(title)
    assert not is_boilerplate(title)  # its text still makes cards


@pytest.mark.parametrize(
    "title",
    [
        "Summary statistics",  # a topic of statistics
        "Review of Linear Algebra",  # what is reviewed is taught there: a topic
        "Key terms in Go modules",
        "Introduction",  # an introduction teaches (go.dev's "Introduction" is a skill)
        "Chapter 5 Cell Membranes",  # a chapter's own title
        "Glossary of network terms",
        "Review",  # a step of a process ("Design", "Review", "Release"): only "Chapter Review"
        "Vocabulary",  # what a language course teaches
    ],
)
def test_a_topic_holding_a_furniture_word_is_not_furniture(title: str) -> None:
    assert not is_furniture(title)
    assert not is_boilerplate(title)


@pytest.mark.parametrize(
    "title",
    [
        "Critical Thinking Questions",
        "Check Your Understanding",
        "Self-Check",
        "Chapter 3 Review Questions",
        "Section 1.2 Exercises",
    ],
)
def test_quiz_sections_are_boilerplate(title: str) -> None:
    assert is_boilerplate(title)


# -- the tree ------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_offline_tree_has_no_furniture_skills(fmt: str) -> None:
    raw = CHAPTER if fmt == "markdown" else _as_html(CHAPTER)
    name = f"chapter5.{'md' if fmt == 'markdown' else 'html'}"
    cleaned = clean_material(Material(raw, name, "utf-8"))
    tree = OfflineProvider().skill_tree(TreeRequest("Cell transport", material=cleaned))
    assert [n.title for n in tree.nodes] == TOPICS
    assert not FURNITURE & set(tree_headings(cleaned))
    assert set(TOPICS) <= set(tree_headings(cleaned))


def test_furniture_closing_a_section_is_not_its_sub_skill() -> None:
    text = (
        "# Transport\n\n## Osmosis\n\nOsmosis is the diffusion of water across a membrane that "
        "lets water pass but not the solutes dissolved in it.\n\n### Tonicity\n\nTonicity is "
        "the ability of a solution to make a cell gain or lose water by osmosis.\n\n"
        "### Key Terms\n\n**osmotic pressure**: the pressure needed to stop water moving in\n\n"
        "## Diffusion\n\nDiffusion is the net movement of particles from a region of higher "
        "concentration to a region of lower concentration.\n"
    )
    branch = OfflineProvider().skill_tree(TreeRequest("Transport", material=text, branch="Osmosis"))
    assert [n.title for n in branch.nodes] == ["Tonicity"]


# -- where its cards are filed -------------------------------------------------------------
def test_glossary_units_are_filed_under_the_section_that_mentions_their_term() -> None:
    by_term = {u.term: u.section for u in units(CHAPTER) if u.kind == "definition"}
    title = "Chapter 5 Cell Transport"
    assert by_term["hypertonic solution"] == SKILL_PATH.join([title, "Osmosis"])
    assert by_term["concentration gradient"] == SKILL_PATH.join([title, "Diffusion"])
    # mentioned by no section: where the glossary stands, under the document's title (no
    # skill: the card goes by its text to the nearest skill)
    assert by_term["vesicle"] == title
    # a definition sentence of the chapter's summary is filed by its term as well
    summary = [u for u in units(CHAPTER) if u.text.startswith("Osmosis moves water")]
    assert summary and all(u.section == title for u in summary)  # "moves": no definition


def test_a_summary_sentence_that_defines_its_term_is_filed_by_it() -> None:
    text = CHAPTER.replace(
        "Diffusion moves particles down", "Diffusion is the movement of particles down"
    )
    [unit] = [u for u in units(text) if u.text.startswith("Diffusion is the movement")]
    assert unit.section == SKILL_PATH.join(["Chapter 5 Cell Transport", "Diffusion"])


def test_the_section_that_mentions_a_term_most_wins_and_the_deepest_one() -> None:
    text = (
        "# Book\n\nThis book explains the freezing point: why the freezing point of sea water is "
        "low.\n\n## Water\n\nSalt dissolves in water.\n\n## Solutions\n\nA solution of salt "
        "is clear. Salt lowers the freezing point. Salt raises the boiling point.\n\n"
        "### Brine\n\nBrine is water with much salt, and salt crystals form as brine dries; "
        "the salt left is sea salt.\n\n## Glossary\n\n**salt**: sodium chloride\n"
    )
    homes = TermHomes(text)
    assert homes.home(["Book", "Glossary"], "salt") == ["Book", "Solutions", "Brine"]
    assert homes.home(["Book", "Glossary"], "the brine") == ["Book", "Solutions", "Brine"]
    assert homes.home(["Book", "Glossary"], "quartz") == ["Book"]
    # the document's lone title is no skill: its introduction does not take the term
    assert homes.home(["Book", "Glossary"], "freezing point") == ["Book", "Solutions"]
    assert homes.home(["Book", "Water"], "salt") == ["Book", "Water"]  # no furniture: as is


def test_a_glossary_inside_a_skill_keeps_an_unmentioned_term_in_that_skill() -> None:
    text = (
        "# Osmosis\n\nOsmosis moves water across a membrane.\n\n## Key Terms\n\n"
        "**aquaporin**: a channel protein that lets water molecules through a membrane\n"
    )
    [unit] = [u for u in units(text) if u.kind == "definition"]
    assert unit.section == "Osmosis"


def test_section_index_files_glossary_sentences_by_term() -> None:
    index = SectionIndex(CHAPTER)
    title = "Chapter 5 Cell Transport"
    assert index.path("hypertonic solution: a solution whose solute concentration is higher") == [
        title,
        "Osmosis",
    ]
    assert index.path("Osmosis is the diffusion of water across a selectively permeable") == [
        title,
        "Osmosis",
    ]
    source = "A steep concentration gradient makes them spread faster."
    assert section_of(CHAPTER, source) == [title, "Diffusion"]
    defining = CHAPTER.replace(
        "Diffusion moves particles", "Diffusion is the movement of particles"
    )
    source = "Diffusion is the movement of particles down their concentration gradient"
    assert section_of(defining, source) == [title, "Diffusion"]
    assert section_of(CHAPTER, "Osmosis moves water across a membrane toward the side") == [title]


def test_furniture_headings_are_no_new_headings_for_a_tree() -> None:
    class Node:
        def __init__(self, title: str) -> None:
            self.title = title

    nodes = [Node(t) for t in [*TOPICS, "Chapter 5 Cell Transport"]]
    assert not new_headings(CHAPTER, nodes)
    assert new_headings(CHAPTER + "\n## Active Transport\n\nPumps move ions.\n", nodes)


def test_coverage_of_a_text_whose_only_headings_are_furniture() -> None:
    assert coverage([], ["Temperature and microbial growth"]) == 1.0
    assert coverage(["Osmosis", "Diffusion"], ["Osmosis"]) == 0.5


# -- the real job --------------------------------------------------------------------------
@pytest.mark.usefixtures("offline_provider")
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_glossary_cards_are_kept_and_filed_under_the_skill_of_their_term(
    fmt: str, db, profile, registry, runner, clock
) -> None:
    raw = CHAPTER if fmt == "md" else _as_html(CHAPTER)
    goal = goals.create_goal(db, profile.id, "Understand cell transport")
    generation.submit_cards(
        db,
        profile.id,
        goal.id,
        material=Material(raw, f"chapter5.{fmt}", "utf-8"),
        registry=registry,
        clock=clock,
    )
    drain(runner, clock)
    with db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, title, parent_id FROM skill_nodes WHERE goal_id = :g"),
            {"g": goal.id},
        ).all()
    names = {node: title for node, title, _ in rows}
    top = [title for _, title, parent in rows if parent is None]
    assert top == TOPICS
    assert not FURNITURE & set(names.values())
    where = {
        c.front: names.get(c.node_id) for c in cards_service.list_cards(db, profile.id, goal.id)
    }
    assert where["What is a hypertonic solution?"] == "Osmosis"
    assert where["What is a concentration gradient?"] == "Diffusion"
    assert where["What is a vesicle?"] in set(names.values())  # kept, on some skill
    assert None not in where.values()
