"""The offline provider: deterministic, local, and honest about what it is.

No model here, only text rules, so it says what it can and cannot do:
- cards come from material: definition sentences ("X is a …", "X refers to …", "X means …")
  become question/answer cards, salient terms (acronyms, names, recurring phrases) become cloze
  cards on a sentence that uses them;
- a skill tree comes from the material's headings, or for a bare goal it is a generic starter
  outline that says so;
- distractors are the learner's own nearest-neighbour answers of the same kind (the handler looks
  them up in the vector store); with too few, it refuses rather than invent wrong options.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from studyapp.generation.errors import PermanentGenerationError
from studyapp.generation.types import (
    CardDraft,
    CardSet,
    CardsRequest,
    DistractorRequest,
    DistractorSet,
    SkillTree,
    TreeNode,
    TreeRequest,
)
from studyapp.generation.validation import (
    InvalidOutput,
    check_option,
    check_pair,
    clean,
    validate_cards,
    validate_distractors,
    validate_tree,
)
from studyapp.vectors.embedder import normalise

NAME = "offline"
MIN_MATERIAL = 50
BLANK = "_____"

STOPWORDS = frozenset(
    """a about above after again against all also although always am an and another any are
    as at be because been before being below between both but by can cannot could did do does
    doing down during each either even every few for from further had has have having he her
    here hers him his how however i if in into is it its itself just least less like made make
    makes many may me might more most much must my neither never no nor not now of off often on
    once one only or other others otherwise our out over own per perhaps rather really same
    second several shall she should since so some such than that the their theirs them then
    there therefore these they this those though through thus to too under until up upon us
    used uses using very via was we well were what when where whether which while who whom
    whose why will with within without would yet you your first new two three usually
    generally different example instance called known way ways part parts kind kinds type
    types lot lots thing things something anything everything""".split()  # noqa: SIM905 - a word list reads better as prose
)
PRONOUN_STARTS = frozenset(
    """it this that these those there he she they we you i which what here such its their
    one each both all some most many another other who its""".split()  # noqa: SIM905
)
_ABBREVIATIONS = (
    "e.g.",
    "i.e.",
    "etc.",
    "vs.",
    "Dr.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Fig.",
    "cf.",
    "approx.",
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9])")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_DEFINITION = re.compile(
    r"^(?P<term>[^,;:()]{2,80}?)\s+(?P<verb>is defined as|are defined as|refers to|refer to|"
    r"is known as|are known as|is called|are called|means|is|are)\s+(?P<rest>.+?)[.!]?$"
)
_ARTICLE_START = re.compile(r"^(a|an|the|one|any)\s", re.IGNORECASE)
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,6}s?\b")
_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)+)\b")
_GOAL_VERBS = re.compile(
    r"^(understand|learn|master|study|know|learning|understanding|get better at|improve( at)?|"
    r"practise|practice|revise|review)\s+(about\s+)?",
    re.IGNORECASE,
)


# -- text helpers -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Section:
    level: int
    title: str
    start: int  # index of the heading line in ``lines``
    end: int  # exclusive
    body: str


def _is_heading_line(line: str, next_line: str) -> tuple[int, str] | None:
    m = _MD_HEADING.match(line.strip())
    if m:
        return len(m.group(1)), m.group(2).strip()
    if line.strip() and _SETEXT.match(next_line.strip()) and len(line.strip()) <= 120:
        return (1 if next_line.strip().startswith("=") else 2), line.strip()
    return None


def parse_sections(text: str) -> list[Section]:
    """Markdown (``#``) and underlined headings, each with the text up to the next heading of the
    same or a higher level."""
    lines = text.splitlines()
    heads: list[tuple[int, int, str]] = []
    skip = -1
    for i, line in enumerate(lines):
        if i == skip:
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        found = _is_heading_line(line, nxt)
        if found:
            heads.append((i, found[0], found[1]))
            if _SETEXT.match(nxt.strip()) and not _MD_HEADING.match(line.strip()):
                skip = i + 1
    sections = []
    for k, (i, level, title) in enumerate(heads):
        end = len(lines)
        for j, lvl, _ in heads[k + 1 :]:
            if lvl <= level:
                end = j
                break
        body_lines = [
            ln for ln in lines[i + 1 : end] if not _SETEXT.match(ln.strip()) or not ln.strip()
        ]
        sections.append(Section(level, title, i, end, "\n".join(body_lines).strip()))
    return sections


def _protect(text: str) -> str:
    for abbr in _ABBREVIATIONS:
        text = text.replace(abbr, abbr.replace(".", "\u2024"))
    return text


def _restore(text: str) -> str:
    return text.replace("\u2024", ".")


def sentences(text: str) -> list[str]:
    """Prose sentences, with headings, list markers and code fences left out."""
    out: list[str] = []
    lines = text.splitlines()
    paragraph: list[str] = []
    in_code = False

    def flush() -> None:
        if paragraph:
            joined = _protect(" ".join(paragraph))
            out.extend(_restore(clean(s)) for s in _SENTENCE_SPLIT.split(joined) if s.strip())
            paragraph.clear()

    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("```"):
            in_code = not in_code
            flush()
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if in_code or not stripped or _is_heading_line(line, nxt) or _SETEXT.match(stripped):
            flush()
            continue
        stripped = re.sub(r"^([-*+•]|\d+[.)])\s+", "", stripped)
        paragraph.append(stripped)
    flush()
    return [s for s in out if len(s) >= 12 and re.search(r"[a-zA-Z]", s)]


# -- cards ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Definition:
    term: str
    verb: str
    rest: str
    sentence: str


def find_definition(sentence: str) -> Definition | None:
    m = _DEFINITION.match(sentence.strip())
    if not m:
        return None
    term, verb, rest = m.group("term").strip(), m.group("verb"), m.group("rest").strip()
    words = term.split()
    if not 1 <= len(words) <= 6 or any(w.lower() in PRONOUN_STARTS for w in words):
        return None  # "It", "These two rules": the term points at context the card won't have
    if not re.match(r"^[A-Za-z]", term) or any(w.lower() in {"is", "are", "was"} for w in words):
        return None
    if words[-1].lower() in STOPWORDS or (len(words) == 1 and words[0].lower() in STOPWORDS):
        return None
    if verb in {"is", "are"} and not _ARTICLE_START.match(rest):
        return None  # "X is important" is a claim, not a definition
    if len(rest) < 8 or len(rest) > 240 or len(rest.split()) > 40:
        return None
    return Definition(term, verb, rest, sentence)


def _lower_first(term: str) -> str:
    """Undo sentence-start capitals: 'The router' -> 'the router', 'Slow start' -> 'slow start',
    but keep acronyms and names ('TCP', 'CUBIC', 'Van Jacobson', 'the Internet')."""
    words = term.split()
    first = words[0]
    if first.lower() in {"a", "an", "the"}:
        return first.lower() + term[len(first) :]
    sentence_case = first[:1].isupper() and first[1:].islower()
    if sentence_case and all(not w[:1].isupper() for w in words[1:]):
        return first.lower() + term[len(first) :]
    return term


def definition_card(d: Definition) -> CardDraft:
    term = _lower_first(d.term)
    plural = d.verb.startswith("are") or d.verb == "refer to"
    if d.verb in {"is", "are"}:
        front = f"What {'are' if plural else 'is'} {term}?"
    elif d.verb in {"refers to", "refer to"}:
        front = f"What {'do' if plural else 'does'} {term} refer to?"
    elif d.verb == "means":
        front = f"What does {term} mean?"
    elif d.verb.endswith("defined as"):
        front = f"How {'are' if plural else 'is'} {term} defined?"
    else:  # known as / called: the sentence names the thing, so ask for the name
        be = "are" if plural else "is"
        front = f"What {be} {term} {'called' if 'called' in d.verb else 'known as'}?"
    back = d.rest[0].upper() + d.rest[1:] if d.rest[:1].islower() else d.rest
    return CardDraft(front, back, "basic")


def salient_terms(sents: list[str], defined: list[str]) -> list[str]:
    """Terms worth a cloze card, most salient first (deterministic ties: first appearance)."""
    score: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    surface: dict[str, str] = {}

    def note(term: str, weight: float, pos: int) -> None:
        key = term.lower()
        if len(key) < 3 or key in STOPWORDS:
            return
        score[key] += weight  # type: ignore[assignment]
        first_seen.setdefault(key, pos)
        surface.setdefault(key, term)

    for term in defined:
        note(_strip_article(term), 4, -1)
    for pos, sent in enumerate(sents):
        for m in _ACRONYM.finditer(sent):
            if m.group(0) not in {"I", "A"} and not m.group(0).isdigit():
                note(m.group(0), 2, pos)
        for m in _PROPER.finditer(sent):
            note(m.group(1), 1.5, pos)
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]+", sent)]
        content = [w for w in words if w.lower() not in STOPWORDS and len(w) >= 4]
        for w in set(content):
            if len(w) >= 6:
                note(w.lower(), 0.5, pos)
        for a, b in itertools.pairwise(words):
            if (
                a.lower() not in STOPWORDS
                and b.lower() not in STOPWORDS
                and len(a) >= 4
                and len(b) >= 4
            ):
                note(f"{a.lower()} {b.lower()}", 0.8, pos)
    # a term must recur (or be defined / an acronym) to count as salient
    ranked = [k for k, v in score.items() if v >= 1.5]
    ranked.sort(key=lambda k: (-score[k], first_seen[k], k))
    return [surface[k] for k in ranked]


def _strip_article(term: str) -> str:
    return re.sub(r"^(a|an|the)\s+", "", term, flags=re.IGNORECASE)


def cloze_card(sentence: str, term: str) -> CardDraft | None:
    pattern = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE)
    matches = list(pattern.finditer(sentence))
    if len(matches) != 1 or not 40 <= len(sentence) <= 240:
        return None
    if sentence.split()[0].lower() in PRONOUN_STARTS | {"his", "her", "our", "despite"}:
        return None  # out of its paragraph the sentence would not say what "it" is
    m = matches[0]
    if m.start() == 0 and len(sentence.split()) < 6:
        return None
    blanked = sentence[: m.start()] + BLANK + sentence[m.end() :]
    if len(normalise(blanked).split()) < 5:
        return None
    return CardDraft(f"Fill in the blank: {blanked}", m.group(0), "cloze")


def cards_from_text(text: str, count: int, avoid: tuple[str, ...] = ()) -> list[CardDraft]:
    """Definition cards first (they carry the most meaning), then cloze cards, up to ``count``."""
    sents = sentences(text)
    seen_fronts = {normalise(a) for a in avoid}
    used_sentences: set[int] = set()
    out: list[CardDraft] = []
    defined_terms: list[str] = []
    seen_terms: set[str] = set()
    for i, sent in enumerate(sents):
        d = find_definition(sent)
        if d is None:
            continue
        key = normalise(_strip_article(d.term))
        if key in seen_terms:
            continue
        card = definition_card(d)
        if normalise(card.front) in seen_fronts:
            continue
        seen_terms.add(key)
        seen_fronts.add(normalise(card.front))
        defined_terms.append(d.term)
        used_sentences.add(i)
        out.append(card)
    clozes: list[CardDraft] = []
    used_answers = {normalise(c.back) for c in out}
    for term in salient_terms(sents, defined_terms):
        if normalise(term) in used_answers:
            continue
        for i, sent in enumerate(sents):
            if i in used_sentences:
                continue
            card = cloze_card(sent, term)
            if card is None or normalise(card.front) in seen_fronts:
                continue
            used_sentences.add(i)
            used_answers.add(normalise(term))
            seen_fronts.add(normalise(card.front))
            clozes.append(card)
            break
    # interleave so a small count still gets both kinds, definitions leading
    merged: list[CardDraft] = []
    defs = list(out)
    while (defs or clozes) and len(merged) < count:
        for source in (defs, defs, clozes):
            if source and len(merged) < count:
                merged.append(source.pop(0))
    return merged


# -- skill tree -------------------------------------------------------------------------------
def goal_topic(title: str) -> str:
    topic = _GOAL_VERBS.sub("", title.strip()).strip().rstrip(".!?")
    return topic or title.strip()


def _top_sections(sections: list[Section]) -> tuple[list[Section], int]:
    if not sections:
        return [], 0
    top = min(s.level for s in sections)
    at_top = [s for s in sections if s.level == top]
    deeper = [s for s in sections if s.level > top]
    if len(at_top) == 1 and deeper:  # a document title over the real sections
        nxt = min(s.level for s in deeper)
        return [s for s in deeper if s.level == nxt], nxt
    return at_top, top


def _unique(titles: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for t in titles:
        key = normalise(t)
        if key and key not in seen:
            seen.add(key)
            out.append(t)
    return out


class OfflineProvider:
    """See the module docstring. Stateless and thread-safe."""

    name = NAME

    def skill_tree(self, request: TreeRequest) -> SkillTree:
        note = "" if not request.feedback else "The offline generator cannot use feedback."
        sections = parse_sections(request.material) if request.material else []
        if request.branch is None:
            top, _ = _top_sections(sections)
            if top:
                nodes = []
                for title in _unique([s.title for s in top])[:12]:
                    body = next(s.body for s in top if s.title == title)
                    nodes.append(TreeNode(clean(title)[:200], body[:2000]))
                return SkillTree(
                    validate_tree(nodes),
                    NAME,
                    " ".join(filter(None, ["Made offline from the material's headings.", note])),
                )
            topic = goal_topic(request.goal_title)
            titles = [
                f"Core vocabulary of {topic}",
                f"Key ideas behind {topic}",
                f"How {topic} works in practice",
                f"Common mistakes with {topic}",
                f"Checking your understanding of {topic}",
            ]
            nodes = [TreeNode(t[:200], "") for t in titles]
            honest = (
                "A generic starter outline made offline: it knows nothing specific about this "
                "topic. Edit it, add material, or set an Anthropic API key for a tailored tree."
            )
            return SkillTree(validate_tree(nodes), NAME, " ".join(filter(None, [honest, note])))
        return self._branch(request, sections)

    def _branch(self, request: TreeRequest, sections: list[Section]) -> SkillTree:
        """Children of a heading: its sub-headings, else the terms its text defines."""
        branch_key = normalise(request.branch or "")
        match = next((s for s in sections if normalise(s.title) == branch_key), None)
        children: list[TreeNode] = []
        taken = {normalise(t) for t in (*request.siblings, request.branch or "")}
        if match is not None:
            below = [s for s in sections if match.start < s.start < match.end]
            if below:
                level = min(s.level for s in below)
                for s in below:
                    if s.level == level and normalise(s.title) not in taken:
                        taken.add(normalise(s.title))
                        children.append(TreeNode(clean(s.title)[:200], s.body[:2000]))
        if not children:
            text = match.body if match is not None else request.branch_description
            for sent in sentences(text or ""):
                d = find_definition(sent)
                if d is None:
                    continue
                title = clean(_strip_article(d.term))
                title = title[:1].upper() + title[1:]
                if normalise(title) not in taken:
                    taken.add(normalise(title))
                    children.append(TreeNode(title[:200], sent))
        children = children[:12]
        if children:
            validate_tree(children, taken=(request.branch or "",), max_depth=1)
        return SkillTree(tuple(children), NAME, "Made offline from the material.")

    def cards(self, request: CardsRequest) -> CardSet:
        text = request.chunk or request.material or request.topic_description
        if len(text.strip()) < MIN_MATERIAL:
            raise PermanentGenerationError(
                "The offline generator makes cards only from material, and there is none for "
                "this skill. Add material (studyapp generate cards GOAL --from FILE), or set an "
                "Anthropic API key so Claude can write cards for it.",
                kind="offline_needs_material",
            )
        drafts = cards_from_text(text, request.count, request.avoid)
        if not drafts:
            return CardSet(
                (), NAME, note="No definitions or recurring key terms found here for offline cards."
            )
        return CardSet(tuple(validate_cards(drafts)), NAME)

    def distractors(self, request: DistractorRequest) -> DistractorSet:
        picked: list[str] = []
        for candidate in request.candidates:
            try:
                option = check_option(request.back, candidate)
                for other in picked:
                    check_pair(option, other)
            except InvalidOutput:
                continue
            picked.append(option)
            if len(picked) == 3:
                break
        if len(picked) < 3:
            raise PermanentGenerationError(
                "Not enough of your own cards to make distractors offline: it needs 3 other "
                f"answers of the same kind and a similar form to {request.back[:60]!r} "
                f"(found {len(picked)}). Add more cards to your goals, or set an Anthropic API "
                "key so Claude can write distractors.",
                kind="offline_not_enough_cards",
            )
        return DistractorSet(validate_distractors(request.back, picked), NAME)
