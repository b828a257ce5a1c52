"""What providers take and return: frozen dataclasses, safe to pass between threads and layers."""

from __future__ import annotations

from dataclasses import dataclass, field

CARD_KINDS = ("basic", "cloze")


@dataclass(frozen=True)
class MarkedTerm:
    """A term the author emphasised (bold, ``<dfn>``, ``**x**``: see
    :mod:`studyapp.generation.cleaning.marks`) and the text around the mark, so the card
    maker finds the sentence that marks it, not only the first that uses it (a textbook's
    learning objectives name "pastoralism" before the paragraph that introduces it)."""

    term: str
    context: str  # the sentence the mark is in (cleaning.marks.around)


@dataclass(frozen=True)
class Usage:
    """Tokens and estimated cost of one provider call (zero for the offline provider)."""

    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0
    cost_usd: float = 0.0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.cache_creation_input_tokens + other.cache_creation_input_tokens,
            self.cache_read_input_tokens + other.cache_read_input_tokens,
            self.cost_usd + other.cost_usd,
        )


@dataclass(frozen=True)
class TreeNode:
    title: str
    description: str = ""
    children: tuple[TreeNode, ...] = ()


@dataclass(frozen=True)
class TreeRequest:
    """A goal's top level (``branch`` None) or one branch's children.

    ``material`` lets the offline provider build the tree from headings; ``branch_description``
    carries the section text a heading-based top level found, so the branch call can use it."""

    goal_title: str
    goal_description: str = ""
    feedback: str = ""
    material: str = ""
    branch: str | None = None
    branch_description: str = ""
    siblings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SkillTree:
    nodes: tuple[TreeNode, ...]
    provider: str
    note: str = ""
    usage: Usage = field(default_factory=Usage)


@dataclass(frozen=True)
class CardDraft:
    """One card as a provider wrote it. ``source`` is the passage of the material it rests on
    (Claude's quote, checked against the chunk; the offline generator's sentence); ``skill`` is
    the skill node title it belongs under (Claude picks from the tree; offline: its section)."""

    front: str
    back: str
    kind: str = "basic"
    source: str = ""
    skill: str = ""


@dataclass(frozen=True)
class CardsRequest:
    """Cards for a skill node (``topic``) or for a chunk of material.

    ``material`` is the shared prefix (the whole material, or the window of it that fits), and
    ``chunk`` the part this call covers; several chunks of one material share the prefix, so the
    Claude provider marks it for prompt caching."""

    goal_title: str
    count: int
    topic: str = ""
    topic_description: str = ""
    material: str = ""
    chunk: str = ""
    chunk_label: str = ""
    avoid: tuple[tuple[str, str], ...] = ()  # (front, back) of the goal's nearest cards
    skills: tuple[str, ...] = ()  # the goal's skill titles: each card names one of them
    heading: str = ""  # the section the chunk starts in, when it starts mid-section
    marked: tuple[MarkedTerm, ...] = ()  # the material's marked terms (offline term choice)


@dataclass(frozen=True)
class CardSet:
    """``rejected`` holds (front, reason) for each card the quality gate refused; ``found`` is
    how many facts the provider found in the material (None when it does not say: Claude
    writes only the cards it keeps), so a job can say "31 facts found, 24 kept"."""

    cards: tuple[CardDraft, ...]
    provider: str
    usage: Usage = field(default_factory=Usage)
    note: str = ""
    rejected: tuple[tuple[str, str], ...] = ()
    found: int | None = None


@dataclass(frozen=True)
class DistractorRequest:
    """``candidates`` are the learner's own answers nearest to this card's (same goal, same
    kind), then terms of the goal's material, best first: the offline provider picks from
    them; Claude sees the first few as style hints.
    ``also_correct`` are answers of cards asking the same question: never a distractor."""

    front: str
    back: str
    kind: str = "basic"
    goal_title: str = ""
    candidates: tuple[str, ...] = ()
    skill: str = ""
    source: str = ""
    also_correct: tuple[str, ...] = ()
    # The goal's material around the card: what "also correct in the text" is checked against
    # (the handler has already added its terms to ``candidates``).
    material: str = ""


@dataclass(frozen=True)
class DistractorSet:
    options: tuple[str, str, str]
    provider: str
    usage: Usage = field(default_factory=Usage)
    rejected: tuple[tuple[str, str], ...] = ()
