"""The offline provider: deterministic, local, and honest about what it is.

No model here, only text rules (:mod:`studyapp.generation.offline_cards`), so it says what it
can and cannot do:
- cards come from material: stated definitions, definition sentences, cloze cards on key terms,
  every one through the quality gate;
- a skill tree comes from the material's own headings (a ``#`` in code is code); a goal without
  material gets one skill named for the goal and a note that material builds the tree;
- distractors are the learner's own nearest-neighbour answers of the same goal and kind (the
  handler looks them up in the vector store), through the same gate; with too few, it refuses
  rather than invent wrong options.
"""

from __future__ import annotations

import re

from studyapp.generation.choice_frame import frame, is_descriptive
from studyapp.generation.errors import InvalidOutput, PermanentGenerationError
from studyapp.generation.offline_cards import find_definition, harvest, units
from studyapp.generation.outline import Section, documents, in_furniture, parse_sections
from studyapp.generation.quality import clean
from studyapp.generation.types import (
    CardSet,
    CardsRequest,
    DistractorRequest,
    DistractorSet,
    SkillTree,
    TreeNode,
    TreeRequest,
)
from studyapp.generation.validation import MAX_TITLE, validate_distractors, validate_tree
from studyapp.shorten import shorten
from studyapp.vectors.embedder import normalise

NAME = "offline"
MIN_MATERIAL = 50
NOTHING_TO_LEARN = (
    "Nothing to learn here: this part holds no definitions, rules or key terms to make cards of."
)
NO_GOOD_CARDS = "The facts found here made no card that passed the quality check."
ALL_CARDED = "Every fact found here has a card already: there is nothing new to make."
MAX_CHILDREN = 12
MAX_TREE_NODES = 60  # validation.MAX_TREE_NODES: a branch with its sub-branches stays inside
# A tree from the material's own headings follows the material: an API reference with 24
# functions gets 24 skills (Claude's trees, designed rather than copied, keep to 12).
MAX_HEADING_TOP = 30
_GOAL_VERBS = re.compile(
    r"^(understand|learn|master|study|know|learning|understanding|get better at|improve( at)?|"
    r"practise|practice|revise|review)\s+(about\s+)?",
    re.IGNORECASE,
)


def has_prose(text: str) -> bool:
    """Enough words to teach anything: a sliver ("23 characters") or a run of numbers is not."""
    return len(text.strip()) >= MIN_MATERIAL and len(re.findall(r"[A-Za-z]{2,}", text)) >= 5


def goal_topic(title: str) -> str:
    topic = _GOAL_VERBS.sub("", title.strip()).strip().rstrip(".!?")
    return topic or title.strip()


ROOT_NOTE = (
    "Made offline: one skill for the whole goal, as the offline generator knows nothing about "
    "the topic itself. Add material (Add material\u2026, Ctrl+M) and its headings become this "
    "goal's skills; or set an Anthropic API key for a tree made by Claude."
)

NO_HEADINGS_NOTE = (
    "Made offline: the material has no headings, so the goal has one skill and its cards go "
    "there. Material with headings makes a tree of them."
)


def root_title(goal_title: str) -> str:
    """The one skill of a goal without material: the goal's topic ("Understand TCP congestion
    control" gives "TCP congestion control")."""
    topic = clean(goal_topic(goal_title))
    return topic[:1].upper() + topic[1:]


def top_sections(sections: list[Section]) -> list[Section]:
    """The sections a tree's top level is made of: the highest heading level with content of
    its own, one level down when a lone title heads the document."""
    useful = [s for s in sections if _is_skill(s, sections)]
    if not useful:
        return []
    top = min(s.level for s in useful)
    at_top = [s for s in useful if s.level == top]
    deeper = [s for s in useful if s.level > top]
    if len(at_top) == 1 and deeper:  # a document title over the real sections
        nxt = min(s.level for s in deeper)
        return [s for s in deeper if s.level == nxt]
    return at_top


def _has_useful_child(section: Section, sections: list[Section]) -> bool:
    return any(
        section.start < s.start < section.end and s.level > section.level and s.substantive
        for s in sections
    )


def _is_skill(section: Section, sections: list[Section]) -> bool:
    """A heading the tree makes a skill: it has something to learn (its own prose or a
    sub-section's), and neither it nor a heading above it is a textbook's furniture ("Chapter 3
    Review" with its "Summary" and "Key Terms": their cards are filed by term instead)."""
    if in_furniture(
        [s.title for s in sections if s.start <= section.start < s.end and s.level <= section.level]
    ):
        return False
    return section.substantive or _has_useful_child(section, sections)


def _useful_below(section: Section, below: list[Section]) -> list[Section]:
    """The sections one level under ``section`` that have something to learn."""
    inside = [s for s in below if section.start < s.start < section.end]
    if not inside:
        return []
    level = min(s.level for s in inside)
    return [s for s in inside if s.level == level]


def tree_headings(material: str) -> list[str]:
    """The headings of ``material`` that a tree made of it has as skills (the top level and
    every useful heading below it; not a document's lone title above them)."""
    out: list[str] = []
    for part in documents(material):
        sections = parse_sections(part)
        top = top_sections(sections)
        if not top:
            continue
        level = min(s.level for s in top)
        out += [s.title for s in sections if s.level >= level and _is_skill(s, sections)]
    return out


def _unique(sections: list[Section]) -> list[Section]:
    seen: set[str] = set()
    out = []
    for s in sections:
        key = normalise(s.title)
        if key and key not in seen:
            seen.add(key)
            out.append(s)
    return out


def _descriptive_note(request: DistractorRequest) -> str:
    """For a question answered by a clause: only answers to the same question are offered."""
    if not (is_descriptive(request.back) and frame(request.front) is not None):
        return ""
    return (
        " A descriptive answer is only quizzed against other cards' answers to the same "
        "question about another subject (other definitions give it away by their form and "
        "kind); study it as a flashcard."
    )


def _why(exc: InvalidOutput) -> str:
    """The reasons candidates were turned down, counted ("3 another kind of term, …")."""
    found = re.findall(r"': ([^;)]+)", str(exc))
    if not found:
        return "no candidates of that form"
    counted: dict[str, int] = {}
    for reason in found:
        counted[reason] = counted.get(reason, 0) + 1
    top = sorted(counted.items(), key=lambda kv: -kv[1])[:4]
    return "turned down: " + ", ".join(f"{n} {reason}" for reason, n in top)


class OfflineProvider:
    """See the module docstring. Stateless and thread-safe."""

    name = NAME

    def skill_tree(self, request: TreeRequest) -> SkillTree:
        note = "" if not request.feedback else "The offline generator cannot use feedback."
        parts = [parse_sections(part) for part in documents(request.material)]
        if request.branch is None:
            # Each material's own top level (several materials: one after the other).
            top = _unique([s for sections in parts for s in top_sections(sections)])
            top = top[:MAX_HEADING_TOP]
            if top:
                nodes = [TreeNode(shorten(clean(s.title), MAX_TITLE), s.body[:2000]) for s in top]
                return SkillTree(
                    validate_tree(nodes, max_top=MAX_HEADING_TOP),
                    NAME,
                    " ".join(filter(None, ["Made offline from the material's headings.", note])),
                )
            # No headings to build on: one skill for the whole goal, and no invented outline
            # (a template tree never matched the material added later, and cards landed in
            # skills such as "Checking your understanding of…").
            honest = NO_HEADINGS_NOTE if request.material.strip() else ROOT_NOTE
            nodes = [TreeNode(shorten(root_title(request.goal_title), MAX_TITLE), honest)]
            return SkillTree(validate_tree(nodes), NAME, " ".join(filter(None, [honest, note])))
        branch_key = normalise(request.branch or "")
        for sections in parts:  # the material whose heading this branch is
            if any(normalise(s.title) == branch_key for s in sections):
                return self._branch(request, sections)
        return self._branch(request, [])

    def _branch(self, request: TreeRequest, sections: list[Section]) -> SkillTree:
        """Children of a heading: its sub-headings with content, else the terms it defines."""
        branch_key = normalise(request.branch or "")
        match = next((s for s in sections if normalise(s.title) == branch_key), None)
        children: list[TreeNode] = []
        taken = {normalise(t) for t in (*request.siblings, request.branch or "")}
        if match is not None:
            below = [
                s for s in sections if match.start < s.start < match.end and _is_skill(s, sections)
            ]
            if below:
                level = min(s.level for s in below)
                level_count = min(MAX_HEADING_TOP, sum(1 for s in below if s.level == level))
                room = MAX_TREE_NODES - level_count
                for s in below:
                    if s.level == level and normalise(s.title) not in taken:
                        taken.add(normalise(s.title))
                        # Its own sub-headings too, so a heading three levels down is a skill
                        # even when the top level is a document's title (several materials).
                        grand = []
                        for g in _useful_below(s, below):
                            if room > 0 and normalise(g.title) not in taken:
                                taken.add(normalise(g.title))
                                grand.append(
                                    TreeNode(shorten(clean(g.title), MAX_TITLE), g.body[:2000])
                                )
                                room -= 1
                        children.append(
                            TreeNode(
                                shorten(clean(s.title), MAX_TITLE), s.body[:2000], tuple(grand)
                            )
                        )
        from_headings = bool(children)
        if not children:
            text = match.body if match is not None else request.branch_description
            if text in (ROOT_NOTE, NO_HEADINGS_NOTE):  # the goal's one skill: nothing below it
                text = ""
            for unit in units(text or ""):
                if unit.kind != "sentence":
                    continue
                d = find_definition(unit.text)
                if d is None:
                    continue
                title = clean(re.sub(r"^(a|an|the)\s+", "", d.term, flags=re.I))
                title = title[:1].upper() + title[1:]
                if normalise(title) not in taken:
                    taken.add(normalise(title))
                    children.append(TreeNode(shorten(title, MAX_TITLE), unit.text))
        # Sub-headings follow the material (an API section with 22 functions has 22 skills, as
        # a top level from headings does); terms a section defines stay a short list.
        most = MAX_HEADING_TOP if from_headings else MAX_CHILDREN
        children = children[:most]
        if children:
            validate_tree(children, taken=(request.branch or "",), max_depth=2, max_top=most)
        return SkillTree(tuple(children), NAME, "Made offline from the material.")

    def cards(self, request: CardsRequest) -> CardSet:
        text = request.chunk or request.material or request.topic_description
        if request.chunk and not has_prose(request.chunk):
            # A part of longer material (an old split's sliver, a table, a code listing): no
            # failure, a Retry would fail the same way. The part is done with nothing to learn.
            return CardSet((), NAME, note=NOTHING_TO_LEARN, found=0)
        if len(text.strip()) < MIN_MATERIAL:
            raise PermanentGenerationError(
                "The offline generator makes cards only from material, and there is none for "
                "this skill. Add your notes to the goal (Add material… in the window, or "
                "--from FILE on the command line), or set an Anthropic API key in Settings so "
                "Claude can write cards for it.",
                kind="offline_needs_material",
            )
        avoid = tuple(front for front, _back in request.avoid)
        made = harvest(
            text,
            request.count,
            avoid=avoid,
            goal_title=request.goal_title,
            heading=request.heading or request.topic,
            material=request.material if request.chunk else "",
            marked=request.marked,
        )
        if not made.cards:
            return CardSet(
                (),
                NAME,
                note=(
                    NOTHING_TO_LEARN
                    if not made.found
                    else ALL_CARDED
                    if made.known >= made.found
                    else NO_GOOD_CARDS
                ),
                rejected=tuple(made.rejected),
                found=made.found,
            )
        return CardSet(tuple(made.cards), NAME, rejected=tuple(made.rejected), found=made.found)

    def distractors(self, request: DistractorRequest) -> DistractorSet:
        try:
            options, rejected = validate_distractors(
                request.back,
                request.candidates,
                request.front,
                also_correct=request.also_correct,
                material=request.material,
                harvested=True,  # the goal's own words: fragments of its sentences are refused
            )
        except InvalidOutput as exc:
            raise PermanentGenerationError(
                "Not enough of your own cards or material in this goal to make multiple-choice "
                "options offline: it needs 3 wrong answers of the same kind and form as "
                f"{request.back[:60]!r}, none of them right too and none that gives the answer "
                f"away.{_descriptive_note(request)} Add material or cards to this goal, or set an Anthropic API key so "
                f"Claude can write them. ({_why(exc)})",
                kind="offline_not_enough_cards",
            ) from None
        return DistractorSet(options, NAME, rejected=tuple((r.text, r.reason) for r in rejected))
