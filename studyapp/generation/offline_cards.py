"""Offline cards from cleaned material: rules, not a model, and every card through the gate.

What the rules turn into cards, best first:
1. definitions the material states as such: ``**TCP_CORK** (since Linux 2.2): If set, don't
   send out partial frames.`` (man-page options, parameter lists, ``<dt>/<dd>``) become "What
   does TCP_CORK do?" or "What is TCP_KEEPCNT?";
2. definition sentences: "X is a …", "X refers to …", "X means …", "X is defined as …", "X is
   known as …", and "X is used to …" / "X allows …" ("What is urgent data used for?");
3. definitions inside a sentence (:mod:`appositions`): "histamine, a paracrine that …", "the
   synaptic cleft (the gap between …)", "Interleukin-1, or IL-1, is …"; and a cloze on the name
   a sentence gives ("… are called the _____");
4. a counted list ("There are two kinds of valid attribute names: data attributes and
   methods", :mod:`enumerations`) becomes "What two kinds of valid attribute names are there?",
   "the N of X is that …" (:mod:`stated_that`) "What is the N of X?", and "the theory of X
   states that …" or "Aristotle proposed that …" "What does/did X state/propose?"; a credit
   ("… was the first to describe observations of nuclei", :mod:`credits`) "Who was …?";
5. cloze cards: a salient term (an identifier, an acronym, a defined term, a recurring phrase)
   blanked in another sentence that uses it, when the blank is on the fact (:mod:`blanks`).
   The terms the author marks (bold, ``<dfn>``, ``**x**``: :mod:`.cleaning.marks`) come
   first: the sentence that marks one gives its definition ("learning **chemistry**, the
   study of …") or its cloze, when the gates take it, and the cloze rounds try them first.

A question card's back must say what its subject is (:mod:`defining`: not "an important
concept", not "the major player in this system").

Code blocks are never read as prose; sentences the document repeats three times or more are
boilerplate, never a card. Every candidate goes through the quality gate (the same one Claude's
cards pass), so what comes out is what the gate would keep anyway; each card carries its source
sentence and the section it came from (its skill).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from studyapp.generation.antecedents import Resolved, resolve
from studyapp.generation.appositions import Apposed, apposed, finite_clause, marked_apposition
from studyapp.generation.asked_backs import particle_object, unpadded
from studyapp.generation.blanks import blank_problem, named_spans
from studyapp.generation.cleaning import is_boilerplate
from studyapp.generation.cleaning.blocks import is_row
from studyapp.generation.cleaning.reference_rows import PART_KINDS
from studyapp.generation.cloze_page import without_asides
from studyapp.generation.cloze_surface import neutral_article, without_panel_labels
from studyapp.generation.credits import credit_card, first_of_kind_card
from studyapp.generation.defining import (
    deictic_problem,
    exemplar,
    figurative_problem,
    not_a_definition,
    person_problem,
    subject_problem,
    vague_amount_problem,
)
from studyapp.generation.document_deeds import document_card
from studyapp.generation.enumerations import enumeration_card
from studyapp.generation.fact_frames import NO_FRAME, frame_problem
from studyapp.generation.field_labels import (
    build_switch,
    field_label,
    subjectless_cell,
    switch_question,
)
from studyapp.generation.file_notes import file_name, file_question
from studyapp.generation.formula_debris import without_spaced_formula
from studyapp.generation.genus_article import (
    bare_count_genus,
    head_noun_answer,
    participle_answer,
    with_genus_article,
)
from studyapp.generation.hollow_questions import unbracketed
from studyapp.generation.lexicon import is_word
from studyapp.generation.marked_frames import marked_frame
from studyapp.generation.marked_names import marked_name
from studyapp.generation.noun_phrase import whole_phrase, without_which_adjective
from studyapp.generation.open_subject import one_of_many
from studyapp.generation.other_names import without_other_name
from studyapp.generation.outline import TermHomes, boilerplate_heads, heading_lines, in_furniture
from studyapp.generation.part_owner import heading_kind, owned_subject, row_subject
from studyapp.generation.predicate_backs import (
    defining_verb_question,
    predicate_opening,
    when_clause_back,
    when_question,
    where_back,
)
from studyapp.generation.quality import CLOZE_PREFIX, CardContext, card_problem, same_card
from studyapp.generation.run_on import second_verb, without_second_clause
from studyapp.generation.setting_rows import setting_question, setting_row
from studyapp.generation.slot_terms import slot_terms
from studyapp.generation.spelled_names import spelled_by_name
from studyapp.generation.stated_that import (
    claim_card,
    claim_noun,
    doctrine_card,
    stated_that_card,
)
from studyapp.generation.term_adverbs import asked_term
from studyapp.generation.term_forms import (
    adjective_term,
    common_form,
    counted_noun,
    definite_name,
    example_problem,
    kind_of,
    kind_of_own_head,
    mass_term,
    named_like_its_sibling,
    owned_noun,
    plural_answer,
    plural_name,
    written_case,
    written_plural,
)
from studyapp.generation.terms import CLASS_NOUNS, ends_no_term, name_like, stats, widen
from studyapp.generation.types import CardDraft, MarkedTerm
from studyapp.generation.words import (
    GENERIC,
    PRONOUN_STARTS,
    STOPWORDS,
    is_verb,
    takes_an,
    with_indefinite,
)
from studyapp.vectors.embedder import normalise

BLANK = "_____"
_ABBREVIATIONS = (
    "e.g.",
    "i.e.",
    "etc.",
    "vs.",
    "v.",  # a case name: "Moore v. Harper"
    "Dr.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "St.",
    "Prof.",
    "Fig.",
    "cf.",
    "approx.",
    "et al.",
)
# Abbreviations no sentence ends on, matched as whole words (a plain replace turned "devs." into a
# protected "vs."), then the shapes of a class rather than a list: a number's mark before its digits
# ("No. 5", "ca. 1500", "pp. 12"), a dotted run of capitals ("U.S.", "R.J.", "Ph.D.") and a
# person's initial ("J. S. Mill", "Brian M. Forster", handled in _initial).
_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(re.escape(a) for a in sorted(_ABBREVIATIONS, key=len, reverse=True))
    + r")(?=\s|$)"
    r"|(?<![\w.])(?:No|Nos|no|ca|c|pp?|vol|Vol|ch|Ch)\.(?=\s+\d)"
    r"|(?<![\w.])(?:[A-Z][a-z]?\.){2,}(?=\s|$|[,;:)])"
)
_INITIAL = re.compile(r"(?<![\w.\u2024°])[A-Z]\.(?=\s+([A-Z][\w\u2024]*))")
# A closing quote or bracket after the full stop stays with its sentence ("(See Linear
# Momentum and Collisions.)", "He said “Go.”"): split off, it left the sentence unbalanced.
_SENTENCE_SPLIT = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+"
    r"(?=[\"“(]?(?:[A-Z0-9_]|[a-z]\w*\.\w+\())"  # "… lookups. dns.lookup() uses"
)
_DEFINITION_ITEM = re.compile(
    r"^\*\*(?P<term>[^*]+)\*\*(?: \((?P<detail>.*?)\))?(?:: (?P<text>.*))?$"
)
_DEFINITION = re.compile(
    r"^(?P<term>[^,;:()]{2,80}?)\s+(?P<verb>is defined as|are defined as|refers to|refer to|"
    r"is known as|are known as|is called|are called|means|is|are)\s+(?P<rest>.+?)[.!]?$"
)
_PURPOSE = re.compile(
    r"^(?P<term>[^,;:()]{2,60}?)\s+(?P<verb>is used to|are used to|is used for|are used for|"
    r"allows|allow|provides|provide|enables|guarantees|prevents|returns|creates|controls|"
    r"specifies|determines|causes|lists|tells|gives|carries|marks|holds|stores|measures|"
    r"identifies|contains|forbids|requires|produces|reduces|increases|carry|hold|store|contain|"
    r"require|produce|"
    # What a thing does or is made of, and what it brings about (round 4: "Endocrine
    # communication involves chemical signaling via …" made no card).
    r"involves|involve|consists of|consist of|depends on|depend on|results in|result in|"
    r"leads to|lead to|regulates|regulate|secretes|secrete|transports|transport|converts|"
    r"inhibits|inhibit|stimulates|stimulate|activates|activate|triggers|trigger|indicates|"
    r"represents|represent|promotes|promote)\s+(?P<rest>.+?)[.!]?$"
)
# Of those, the verbs a common subject makes no question with ("What does research
# indicate?"): they need a subject that names something (two words, a name, a rare word).
_NAMED_SUBJECT_VERBS = re.compile(
    r"^(involves?|consists? of|depends? on|results? in|leads? to|indicates|represents?)$"
)
_LIST_DEFINITION = re.compile(
    r"^(?P<term>(?:The |An? )?[A-Za-z][\w-]*(?: [\w-]+){0,3})(?: \([^()]{0,60}\))?: "
    r"(?P<text>(?:the|a|an) .{8,})$"
)
# The label an author sets before a callout ("Tip: …", "Warning: …", "Side note: the zlib
# API uses …"): the shape of a glossary line, but the label names no term (round 10 asked
# "What is side note?"). A note, tip or warning still teaches; a label that calls its
# paragraph a digression ("Side note", "Aside", "FYI") says it is not the text's point.
_CALLOUT_LABEL = re.compile(
    r"(?:(?:short|quick|historical|technical|editor['’]?s|important|final)\s+)?"
    r"(?:notes?|n\.?\s?b\.?|tips?|hints?|warnings?|cautions?|caveats?|reminders?|remember|"
    r"important|summary|update|heads[- ]up|pro tip)",
    re.IGNORECASE,
)
_DIGRESSION_LABEL = re.compile(
    r"side[- ]?notes?|foot[- ]?notes?|(?:an\s+)?asides?|fyi|p\.?\s?s\.?|by the way|digression",
    re.IGNORECASE,
)
_ARTICLE_START = re.compile(r"^(a|an|the|one|any)\s", re.IGNORECASE)
# "Iterators are objects that …": a plural kind and its defining clause, with no article.
_PLURAL_KIND = re.compile(
    r"^([a-z][\w-]* ){0,2}[a-z][\w-]*s (that|which|who|whose|in which|where|with|used to)\b"
)
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,6}s?\b")
_IDENT = re.compile(
    r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b|\b[a-z]+(?:\.[a-z][A-Za-z0-9]*)+\(\)"
)
_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)+)\b")
_VERB_START = re.compile(
    r"^(if|when|enable|enables|disable|disables|set|sets|control|controls|return|returns|"
    r"allow|allows|show|shows|count|counts|bound|bounds|specify|specifies|limit|limits|create|"
    r"creates|cancel|cancels|resolve|resolves|use|uses|take|takes|turn|turns|make|makes|send|"
    r"sends|get|gets|read|reads|write|writes|define|defines|determine|determines|select|"
    r"selects|change|changes|add|adds|remove|removes|close|closes|open|opens|start|starts|stop|"
    r"stops|force|forces|cause|causes|prevent|prevents|indicate|indicates|report|reports|"
    r"perform|performs|attach|attaches|bind|binds|retrieve|retrieves|print|prints|run|runs|"
    r"display|displays|tell|tells|wait|waits|give|gives|emit|emits|is emitted|converts?|"
    r"encodes?|decodes?|checks?|tests?|ensures?|accepts?|provides?)\b",
    re.IGNORECASE,
)
_THIS_SUBJECT = re.compile(
    r"^((this|the) (option|flag|value|setting|parameter|variable|file|call|function|method|"
    r"ioctl|property|event|field)\s+|this\s+(?=[a-z]+s\b))",
    re.IGNORECASE,
)
_SUBORDINATORS = frozenset(
    [
        "if",
        "when",
        "because",
        "although",
        "since",
        "while",
        "unless",
        "as",
        "after",
        "before",
        "once",
        "where",
        "whether",
        "how",
        "why",
        "whereas",
        "though",
        "whilst",
        "unlike",
        "despite",
        "the",
        "a",
        "an",
    ]
)
# "We'll store our programs there": a contraction or the authors' "we" is no term.
_CONTRACTION = re.compile(r"[’'](ll|re|ve|d|m)\b|n[’']t\b|^(we|us|our|let[’']s)$", re.IGNORECASE)
# An author-year citation inside a sentence ("(Hinjuda & Patchin, 2020)", "(Cooley 1909)"):
# the card keeps the fact, not the reference.
_CITE_ONE = (
    r"(?:see )?[A-Z][\w'’.-]+(?:(?:,| and| &) [A-Z][\w'’.-]+)*(?: et al\.?)?,? "
    r"(?:\d{4}[a-z]?|n\.d\.)(?:, pp?\. ?\d+(?:[-–]\d+)?)?"
)
_CITATION = re.compile(rf"\s*\((?:{_CITE_ONE})(?:; ?{_CITE_ONE})*\)")


def drop_citations(text: str) -> str:
    """The sentence without its author-year citations (round 3: a card read "… more likely to
    be _____ (Hinjuda & Patchin, 2020)")."""
    return _CITATION.sub("", text)


# A sentence that opens on a place and then its verb has its subject after the verb (round
# 14: "Inside the policy section are one or more Limit subsections …"): the phrase before
# "is"/"are" is no term, and "What are inside the policy section?" is no question.
_PLACE_PREPOSITIONS = frozenset(
    """inside within among amongst beneath below behind beside beyond under above outside
    across along around between throughout underneath atop""".split()  # noqa: SIM905
)
_CONJUNCTIONS = frozenset("and or but so yet nor".split())  # noqa: SIM905  ("And sixty-five …")
_MODAL_WORDS = frozenset("should would could can may might must will shall also".split())  # noqa: SIM905


@dataclass(frozen=True)
class Unit:
    """A piece of prose with where it came from."""

    kind: str  # "sentence" | "definition"
    text: str
    section: str
    position: int
    term: str = ""
    item: str = ""  # a sentence of a definition item's description: the item it describes
    written: str = ""  # the sentence as the material writes it, when ``text`` names its antecedent
    part: str = ""  # a reference table's row: the kind of part it is ("attribute")


def _protect(text: str) -> str:
    text = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", "\u2024"), text)
    return _INITIAL.sub(lambda m: _initial(m, text), text)


def _initial(match: re.Match[str], text: str) -> str:
    """A capital and a full stop is a person's initial, not a sentence's end, when it stands where
    a name does: first in the text, or after a capitalised word or another initial ("Brian M.
    Forster", "J. S. Mill"), and what follows is no function word. After a lowercase word it is a
    label ending its sentence ("the opposite of tube A. Bacteria grow …"), and before "The", "In",
    "This" a new sentence starts ("… World War I. The war …")."""
    if match.group(1).lower() in STOPWORDS:
        return match.group(0)
    before = text[: match.start()].split()
    token = before[-1].lstrip('("“') if before else ""
    if token and token[0].islower() and not token.endswith((".", "!", "?", ":")):
        return match.group(0)
    return "\u2024".join(match.group(0).rsplit(".", 1))


def _restore(text: str) -> str:
    return text.replace("\u2024", ".")


# Words a writer shortens with a full stop and goes on in lower case ("approx. the", "esp. in",
# "pp. the", "al. showed"): a full stop after one ends no sentence.
_SHORTENED = frozenset(
    """approx incl resp esp viz ibid cit misc dept govt est max min sec ref refs eq eqn eqs fig
    figs vol vols ed eds trans seq op pp al ca cf etc corp univ assoc cont no nos ch ff sq
    abbr adj adv dist lit pl sing var vs""".split()  # noqa: SIM905
)
# A full stop after a lower-case word, then a lower-case word: where a converted page lost a
# figure reference ("… how much the orbitals overlap.  illustrates how the sum …", from "Figure
# 8.2 illustrates"), the next sentence starts in lower case.
_LOWER_START = re.compile(
    r"(?:(?<=\s)|(?<=^)|(?<=[(“\"]))(?P<word>[a-z][a-z-]*[a-z])\.\s+(?=[a-z]{2,}\b)"
)


def _lower_starts(piece: str) -> list[str]:
    """``piece`` split again where a sentence ends before a lower-case word (round 10: a back
    ran on into "illustrates how the sum of the energies …"). The word before the full stop must
    be a plain English word of three letters or more and no shortening ("e.g. the", "i.e. a" and
    "et al. showed" are protected before this runs; "approx. the" is no end)."""
    out: list[str] = []
    start = 0
    for m in _LOWER_START.finditer(piece):
        word = m["word"]
        if len(word) < 3 or word in _SHORTENED or not is_word(word):
            continue
        out.append(piece[start : m.start("word") + len(word) + 1])
        start = m.end()
    out.append(piece[start:])
    return out


# A sentence that opens on a lower-case verb of the third person and its object: "illustrates how
# the sum …", "shows what happens if …"; its subject was a figure reference the conversion lost.
_LOST_SUBJECT = re.compile(
    r"^(?P<verb>[a-z]+s)\s+(?:how|what|why|where|when|which|that|the|a|an|this|these|those|"
    r"some|each|both|its|their|two|three|four)\b"
)


# A figure or table reference the conversion dropped mid-sentence: "The feedback configuration
# shown in is the most common op-amp circuit …" (round 15), "… as shown in ." — the sentence
# points at what the card cannot show.
_LOST_REFERENCE = re.compile(
    r"\b(?:shown|seen|illustrated|depicted|pictured|listed|given|summarized|summarised|"
    r"presented|described|plotted|drawn|sketched|diagrammed)\s+(?:in|on|at|by)\s*"
    r"(?=(?:is|are|was|were|has|have|and|or|but)\b|[,.;:)])"
)


def lost_reference(sentence: str) -> bool:
    """The sentence points at a figure or table whose name the conversion lost ("shown in is
    the most common …")."""
    return _LOST_REFERENCE.search(sentence) is not None


def lost_subject(sentence: str) -> bool:
    """The sentence lost its subject ("shows what happens if the rays are passed through a
    magnetic field", from "Figure 31.4 shows …"): no card of it can say what shows it. A program
    or a function written in lower case ("httpd also supports …", "getsockopt(2) and …") opens
    a sentence too, so the first word must be an English word in a verb's third-person form."""
    m = _LOST_SUBJECT.match(sentence)
    if m is None or not is_word(m["verb"]):
        return False
    verb = m["verb"]
    stems = (verb[:-1], verb[:-2], verb[:-3] + "y" if verb.endswith("ies") else "")
    return any(len(stem) >= 3 and is_word(stem) for stem in stems)


def split_sentences(paragraph: str) -> list[str]:
    split = _SENTENCE_SPLIT.split(_protect(paragraph))
    pieces = _inside_brackets([p for piece in split for p in _lower_starts(piece)])
    out = [_restore(" ".join(s.split())) for s in pieces]
    return [s for s in out if s]


def _depth(text: str) -> int:
    """Brackets ``text`` opens and leaves open (round brackets and square ones)."""
    return text.count("(") + text.count("[") - text.count(")") - text.count("]")


def _inside_brackets(pieces: list[str]) -> list[str]:
    """The pieces joined again where a split fell inside a bracket ("four acts
    (Administration of Justice Act. Massachusetts Government Act) that …"): a full stop inside
    brackets ends no sentence. A bracket the paragraph never closes (a list's "1)", a stray
    "(") joins nothing."""
    out: list[str] = []
    i = 0
    while i < len(pieces):
        joined, depth, j = pieces[i], _depth(pieces[i]), i + 1
        if depth > 0:
            for k in range(i + 1, len(pieces)):
                depth += _depth(pieces[k])
                if depth <= 0:
                    joined, j = " ".join(pieces[i : k + 1]), k + 1
                    break
        out.append(joined)
        i = j
    return out


SKILL_PATH = " › "  # joins a heading path: the skill matcher tries the deepest title first


def units(text: str, heading: str = "") -> list[Unit]:
    """Sentences and definitions of cleaned material, in order, each with its heading path
    (outermost first, joined by :data:`SKILL_PATH`)."""
    heads = {i: (level, title) for i, level, title, _ in heading_lines(text)}
    boilerplate = boilerplate_heads(text)
    path: list[tuple[int, str]] = [(0, heading)] if heading else []
    # SEE ALSO's reference list, a SYNOPSIS, a bibliography: nothing to learn (the text given
    # under ``heading`` is that heading's body)
    skipped = bool(heading) and is_boilerplate(heading, text)
    section = heading
    out: list[Unit] = []
    homes: TermHomes | None = None  # built at the first furniture heading ("Key Terms")
    furniture = in_furniture([heading])

    def filed(term: str) -> str:
        """The section a unit of ``term`` names: in furniture, the skill that discusses it."""
        nonlocal homes
        if not furniture:
            return section
        homes = homes or TermHomes(text)
        return SKILL_PATH.join(homes.home([t for _, t in path], term))

    in_code = False
    position = 0
    for i, raw in enumerate(text.splitlines()):
        line = raw.strip()
        if line.startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code or not line:
            continue
        if i in heads:
            level, title = heads[i]
            path = [p for p in path if p[0] < level] + [(level, title)]
            section = SKILL_PATH.join(t for _, t in path)
            furniture = in_furniture([t for _, t in path])
            skipped = i in boilerplate
            continue
        if line.startswith("#") or skipped or is_row(line):
            continue  # a table's row is cells, no sentence (cleaning.blocks)
        position += 1
        line = drop_citations(line)
        m = _DEFINITION_ITEM.match(line)
        if m:
            body = m.group("text") or ""
            name = m.group("term").strip()
            if field_label(name):  # "**Commands:**: …": a table's label, not a term
                for s in split_sentences(body):
                    if subjectless_cell(s) or lost_subject(s) or lost_reference(s):
                        continue  # "Contacts repository, but …": the row's command is the subject
                    if len(s) >= 12 and re.search(r"[a-zA-Z]", s):
                        out.append(Unit("sentence", s, section, position))
                continue
            here = filed(name)
            detail = (m.group("detail") or "").strip().lower()
            part = detail if detail in PART_KINDS else ""
            out.append(Unit("definition", body, here, position, name, part=part))
            for s in split_sentences(body)[1:]:
                out.append(Unit("sentence", s, here, position, item=name))
            continue
        line = re.sub(r"^([-*+•]|\d+[.)])\s+", "", line)
        m = _LIST_DEFINITION.match(line)
        if m and _DIGRESSION_LABEL.fullmatch(m["term"]):  # "Side note: the zlib API uses …"
            continue  # the author's own word: not the text's point
        if m and _CALLOUT_LABEL.fullmatch(m["term"]):  # "Tip: …", "Warning: …"
            line, m = _capital(m["text"]), None  # the callout's sentences, not the label's
        if m and asked_term(m["term"]) is None:  # "Back to the definition: a graph is …"
            line, m = _capital(m["text"]), None  # a lead-in, no term: its sentences stand
        if m:  # "The ready list: the set of file descriptors that are "ready" for I/O."
            term = asked_term(m["term"]) or m["term"]  # "Now the ready list" -> "the ready list"
            here = filed(term)
            out.append(Unit("definition", m["text"], here, position, _lower_first(term)))
            for s in split_sentences(m["text"])[1:]:
                out.append(Unit("sentence", s, here, position))
            continue
        for s in split_sentences(line):
            if lost_subject(s) or lost_reference(s):
                continue
            if len(s) >= 12 and re.search(r"[a-zA-Z]", s):
                here = filed(sentence_term(s)) if furniture else section
                out.append(Unit("sentence", s, here, position))
    return out


def sentence_term(sentence: str) -> str:
    """The term a sentence defines ("" when it defines none): a glossary's ``**term**: …``,
    a list's "The ready list: …", or a definition sentence ("Osmosis is the diffusion…")."""
    m = _DEFINITION_ITEM.match(sentence.strip()) or _LIST_DEFINITION.match(sentence.strip())
    if m:
        return m["term"].strip()
    d = find_definition(sentence)
    return d.term if d is not None else ""


# -- card makers ------------------------------------------------------------------------------
def _lower_first(term: str, material: str = "") -> str:
    """Undo sentence-start capitals ('Slow start' -> 'slow start') but keep acronyms and
    names ('TCP', 'CUBIC', 'Van Jacobson'), a name's possessive ("Plato’s analysis",
    round 4's "What is plato’s analysis known as?"), and a word the material writes with a
    capital inside its sentences more often than without ("Lemon", a program's name: round
    6's "What is lemon?"; "Furthermore, Lemon implements …"). A common noun keeps the case
    the material writes it in mid-sentence (see :mod:`term_forms`)."""
    words = term.split()
    first = words[0]
    if first.lower() in {"a", "an", "the"}:
        return first.lower() + term[len(first) :]
    if first.endswith(("’s", "'s")):
        return term
    if first[:1].isupper() and first[1:].islower() and all(not w[:1].isupper() for w in words[1:]):
        return written_case(term, material) or first.lower() + term[len(first) :]
    if _gerund(first) and len(words) >= 2 and not re.fullmatch(r"[A-Z][a-z]+", words[1]):
        # "Enabling JPEG support automatically enables …": an action, lower case inside a
        # question ("What does enabling JPEG support …"), though an acronym follows it; a
        # name goes on in capitals ("Reading Railroad").
        return first.lower() + term[len(first) :]
    return term


def _sentence_label(term: str, material: str) -> str:
    """A sentence's first words as a question's subject: lower case as the material writes
    them inside its sentences (:func:`_lower_first`), and a common noun of two or more words
    the material writes in lower case only after "the" takes "the" (round 17: "Server tag
    specifies unique tag to refer to the server" asked "What does Server tag specify?"; the
    text calls it "the “server tag”", a quote between the article and the term)."""
    lowered = _lower_first(term, material)
    if lowered == term or not re.fullmatch(r"[a-z][a-z-]*(?: [a-z][a-z-]*)+", lowered):
        return lowered
    before = [
        m[1].lower()
        for m in re.finditer(rf"(\S+)\s+[“\"‘']?{re.escape(lowered)}(?![\w-])", material)
    ]
    # Only "the" before it, never "a"/"an" nor bare ("urgent data", "obligate anaerobes" are
    # written bare too: a mass noun or a kind, asked without the article).
    return f"the {lowered}" if before and set(before) == {"the"} else lowered


def _gerund(word: str) -> bool:
    """A capitalised verb in "-ing" ("Enabling", "Reading"; not "King", "Boeing")."""
    if not re.fullmatch(r"[A-Z][a-z]{3,}ing", word):
        return False
    stem = word[:-3].lower()
    return any(
        is_word(s) for s in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else "")
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def _specific_term(term: str) -> bool:
    """An identifier, acronym, name or multi-word term: it means something out of context."""
    t = term.strip()
    if re.search(r"[_.()/]|\d", t) or (t.isupper() and len(t) >= 2):
        return True
    ws = normalise(t).split()
    return (len(ws) >= 2 and not all(w in STOPWORDS | GENERIC for w in ws)) or (
        len(ws) == 1 and ws[0] not in STOPWORDS | GENERIC and len(ws[0]) >= 4 and t[:1].isupper()
    )


def rare_word(term: str) -> bool:
    """One word no common English text uses ("osmosis", "tonicity", "endocytosis",
    "immutable"): stated as a term in a glossary or a definition list, it names one thing, so
    "What is osmosis?" stands alone; "What is private?" (a common word) does not."""
    from studyapp.generation import lexicon

    word = term.strip().lower()
    if not re.fullmatch(r"[a-z][a-z-]{4,}", word) or word in STOPWORDS | GENERIC:
        return False
    rank = lexicon.rank(word)
    return rank is None or rank > RARE_RANK


RARE_RANK = 8_000
# Nouns that say the defined word is a name of a setting, not a thing ("private: a directive
# that …"): "What is private?" asks about a word, not a thing.
_NAME_KINDS = CLASS_NOUNS | frozenset(
    """directive directives header headers keyword keywords status element elements tag tags
    token tokens word words term terms name names adjective verb noun""".split()  # noqa: SIM905
)


def glossary_noun(term: str, back: str, material: str) -> bool:
    """A common one-word term a glossary defines ("hormone: secretion of an endocrine organ
    that …", round 4: no card) is a thing to learn when the material uses it as a noun ("the
    hormone", "hormones") and its definition names a kind of thing, not a kind of name
    ("private: a directive that …" stays out: "What is private?")."""
    word = term.strip().lower()
    if not re.fullmatch(r"[a-z][a-z-]{3,}", word) or word in STOPWORDS | GENERIC:
        return False
    if not material or not stats(material).used_as_noun(word):
        return False
    head = re.match(r"^(?:(?:a|an|the|one)\s+)?(?:[\w-]+\s+){0,2}?([\w-]+)(?:\s+(?:of|that|which|"
                    r"who|used|for|in|to|with)\b|[,;.]|$)", back.strip(), re.I)  # fmt: skip
    return head is not None and head.group(1).lower() not in _NAME_KINDS


CLOZES_PER_TERM = 2


def _best_sentence(body: str) -> tuple[str, str]:
    """The first sentence of a definition that says what the thing is or does (not "The
    argument for this option is a string.", not version trivia, not the background "By
    default, TCP saves …"), as (the sentence, the answer made of it: cross-references and
    pointers repaired)."""
    for sentence in split_sentences(body)[:3]:
        s = sentence.strip()
        if re.search(
            r"\b(argument for this|should not be used in code|since linux|default:)\b|"
            r"\btakes an? [\w ]{1,30} as (?:an|its) argument\b|"
            r"^(by default|normally|traditionally|historically|note)\b",
            s,
            re.I,
        ):
            continue
        s = _THIS_SUBJECT.sub("", s)
        if re.match(
            r"^((usually|often|sometimes|typically|currently),\s*)?(this|it|these|they|of)\b",
            s,
            re.I,
        ):
            continue  # "Usually, this increases overall performance …": this what?
        return sentence.strip(), tidy_answer(s)
    return "", ""


def tidy_answer(text: str) -> str:
    """An answer without what it cannot carry: a cross-reference ("(see the description of the
    TCP_CONGESTION socket option)") and "this socket" / "this value" (the card's subject is
    not in the answer); "Is a vector …" reads "A vector …"."""
    s = re.sub(r"\s*\(see [^()]*(\([^()]*\)[^()]*)*\)", "", text)
    s = re.sub(r"\bthis (socket|option|call|flag|field|file)\b", r"the \1", s)
    s = re.sub(r"\bthis value\b", "the given value", s)
    s = re.sub(r"^(is|are)\s+(?=(a|an|the)\b)", "", s, flags=re.I)
    s = unbracketed(s)
    s = without_second_clause(_but_comment(_dash_comment(_aside_said_again(s).strip())))
    return _capital(_aside_last(s.strip().rstrip(":;, ")))


# A dash set off by spaces opens an aside; one inside a word or between numbers joins a name or
# a range ("Lewis–Langmuir", "1990–2000", "X-ray") and is no aside.
_SPACED_DASH = re.compile(r"\s+(?:[–—]|-{1,2})\s+")
# The aside comments on what came before rather than adds to it: an absolute phrase ("charge
# once again being measured in …", "the units having been …") or a commenting lead ("once
# again", "as before", "that is", "of course").
_COMMENT_ASIDE = re.compile(
    r"^(?:(?:once\s+)?again|as\s+(?:before|usual|always|noted|above|mentioned)|that\s+is|"
    r"of\s+course|incidentally|note\b|(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){1,3}?"
    r"(?:(?:once\s+)?again\s+|also\s+|still\s+)?(?:being|having\s+been)\b)",
    re.IGNORECASE,
)


def _dash_comment(text: str) -> str:
    """An answer without a closing aside set off by a dash that comments on it (round 10: "The
    charge times the distance – charge once again being measured in multiples of the charge on
    an electron, or coulombs"): the learner studies what the dipole moment is, not the
    reminder of its units. The aside must run to the answer's end and what stands before the
    dash must be a phrase of two words or more."""
    parts = _SPACED_DASH.split(text, maxsplit=1)
    if len(parts) != 2:
        return text
    head, aside = parts
    if len(head.split()) < 2 or _SPACED_DASH.search(aside) or not _COMMENT_ASIDE.match(aside):
        return text
    return head.rstrip(",;: ") + ("." if text.rstrip().endswith(".") else "")


# ", but it's in a format that isn't terribly useful": a clause after "but" whose subject is a
# pronoun for the thing just named is the author's remark on it, not part of what it is.
_BUT_COMMENT = re.compile(
    r",\s+but\s+(?:it|it[’']s|this|that|they|they[’']re|you|we)\b[^;:()]*$", re.IGNORECASE
)


def _but_comment(text: str) -> str:
    """An answer without a closing remark after ", but" (round 11: "st_mtime is the
    modification time, but it's in a format that isn't terribly useful"): the learner studies
    what st_mtime is. Only a clause with its own pronoun subject is cut, and only when what
    stands before it is a phrase of two words or more; a "but" that belongs to the definition
    ("a hard fruit, but not a nut", "similar to A but without B") has no such subject."""
    cut = _BUT_COMMENT.search(text)
    if cut is None or len(text[: cut.start()].split()) < 2:
        return text
    return text[: cut.start()].rstrip(",;: ") + ("." if text.rstrip().endswith(".") else "")


def _aside_said_again(text: str) -> str:
    """An answer without a bracketed aside its own words repeat outside the brackets: a
    glossary writes "radiation (whether nuclear in origin or not) that produces ionization
    whether nuclear in origin or not", the same phrase twice; the card says it once."""
    for aside in re.finditer(r"\s*\(([^()]+)\)", text):
        inner = aside[1].strip()
        rest = text[: aside.start()] + text[aside.end() :]
        if len(inner.split()) >= 3 and re.search(rf"\b{re.escape(inner)}\b", rest, re.I):
            return " ".join(rest.split())
    return text


# A quantity's symbol: a letter or two, maybe Greek, a subscript or a prime ("P", "ΔG", "k_B",
# "v′"); no word.
_SYMBOL = re.compile(r"[A-Za-zΑ-Ωα-ω][A-Za-zΑ-Ωα-ω0-9_′']{0,2}")


def _aside_last(text: str) -> str:
    """An answer that opens on an aside, with the aside after what the thing is: a glossary
    writes "(plural = schemata) mental construct …" and "also called the Know-Nothing Party,
    a political party that …", and a back that opens on the aside answers "What is a
    schema?" with its plural. The aside stays, last, as the material's own entries write it
    ("…; also called paracrine factor"), inside the answer's full stop. A symbol in brackets
    ("(P) inverse of the focal length of a lens …", a glossary's symbol column) names the
    term, not the definition: it is left out (round 14: "… expressed in meters. (P)")."""
    bracket = re.match(r"^\((?P<aside>[^()]+)\)\s+(?P<rest>\S.*)$", text)
    if bracket and _SYMBOL.fullmatch(bracket["aside"]):
        return bracket["rest"]
    if bracket:
        rest, stop = bracket["rest"], ""
        if rest.endswith(".") and not rest.endswith(".."):
            rest, stop = rest[:-1], "."
        return f"{rest} ({bracket['aside']}){stop}"
    called = re.match(
        r"^(?P<aside>(?:also|sometimes|often) (?:called|known as|named) [^,;]+),\s+(?P<rest>\S.*)$",
        text,
        re.IGNORECASE,
    )
    if called:
        return f"{called['rest']}; {called['aside'][0].lower()}{called['aside'][1:]}"
    return text


_ERROR_NAME = re.compile(r"^(E[A-Z0-9]{3,}|[\w.]*\.[A-Z][A-Z0-9_]{2,})$")


def _question(
    subject: str, back: str, term: str, *, error: bool, material: str = ""
) -> tuple[str, str] | None:
    """(front, back) in forms that fit each other: "What does X do?" for an action ("Enable
    …", "If set, …"), "What is X used for?" for "Used to …", "What does X mean?" for an error's
    description, "What is X?" for a thing."""
    first = back.split()[0]
    # "the Federalist Papers" (see :func:`question_subject`): a set named as one is plural.
    many = (
        (_plural(subject) and not _singular_in_s(subject, back, material))
        or plural_name(subject)
        or re.fullmatch(r"the [A-Z][\w’' -]*[^sui]s", subject) is not None
    )
    concept = _strip_article(subject).lower() == term.lower()  # not "the all option of …"
    if concept and not _ERROR_NAME.match(term) and not name_like(term):
        # A glossary's predicate of a concept ("Usually involves …", "Where two individuals
        # …", "Exists when …"): see :mod:`predicate_backs`.
        asked = defining_verb_question(subject, back, plural=many) or when_question(
            subject, back, plural=many
        )
        if asked is not None:
            return asked
        where = where_back(_strip_article(subject), subject, back, material)
        if where is not None:
            return (f"What {'are' if many else 'is'} {subject}?", where) if where else None
        if when_clause_back(back) or predicate_opening(back, material):
            return None
    if re.match(r"^used (to|for)\b", back, re.I):
        rest = back.split(None, 2)[2] if len(back.split()) > 2 else ""
        to = "To " if back.lower().startswith("used to") else ""
        return (f"What is {subject} used for?", _capital(to + rest)) if rest else None
    if re.match(r"^must be\b", back, re.I):
        return f"What must {subject} be?", _capital(back[len("must be ") :])
    if _ERROR_NAME.match(term) and error and not is_verb(first):
        return f"What does {subject} mean?", back  # an error's description is a clause
    kind_of = re.match(r"^[A-Za-z]+ of\b", back) is not None  # "Set of behaviors …": a noun
    if _noun_of_change(back, material):
        # "An increase in frequency of …": the article the material gives the noun, so the
        # answer reads as the thing it is and not as an action.
        return f"What is {subject}?", _capital(with_indefinite(back[:1].lower() + back[1:]))
    if (
        (_VERB_START.match(back) or is_verb(first))
        and not first.lower().endswith("ing")
        and not kind_of
    ):
        return f"What does {subject} do?", back
    if participle_answer(back):
        # "money market mutual funds: created by investment companies …": the genus is the
        # term's own head noun ("Funds created by …"), or there is no answer to "What is …?".
        genus = head_noun_answer(_strip_article(subject), back, material, plural=many)
        if genus is None:
            return None
        back = genus
    elif not many and bare_count_genus(
        back, material, counted=re.match(r"(?:a|an) ", subject) is not None
    ):
        back = _capital(with_genus_article(back))  # "Wave that requires …": "A wave that …"
    return f"What {'are' if many else 'is'} {subject}?", back


def _singular_in_s(subject: str, back: str, material: str) -> bool:
    """A one-word term in "-os" that is one thing, not many ("Pathos: the use of appeals to
    feelings …", "What is pathos?", not "What are pathos?"): the material writes it with a
    singular verb ("pathos is …"), or the back opens with a definite singular head ("The use
    of …") and the material never writes the word without its "s" (no "patho" beside it, as
    "photo" stands beside "photos")."""
    if not re.fullmatch(r"[a-z]+os", subject):
        return False
    if re.search(rf"\b{subject}\s+(?:is|was|has|does)\b", material, re.IGNORECASE):
        return True
    head = re.match(r"^the ([a-z]+) (?:of|that|which|in|to)\b", back, re.IGNORECASE)
    return (
        head is not None
        and not head[1].lower().endswith("s")
        and not re.search(rf"\b{subject[:-1]}\b", material, re.IGNORECASE)
    )


def _noun_of_change(back: str, material: str) -> bool:
    """Whether a back opening "<word> in …" is a noun phrase, as a glossary's definition of a
    process is ("adaptive evolution: increase in frequency of beneficial alleles and decrease
    in deleterious alleles due to selection"), not an action asked "What does X do?": the
    material writes that word, or the one coordinated with it ("and decrease in"), as a noun,
    after a determiner ("an overall decrease in the population's variation")."""
    opening = re.match(r"^([A-Za-z]+) in\b", back)
    if not opening or not material:
        return False
    heads = {opening[1].lower()}
    heads |= {w.lower() for w in re.findall(r"\b(?:and|or) ([A-Za-z]+) in\b", back)}
    for head in heads:
        written = rf"\b(?:a|an|the|any|no|this|that)\s+(?:[a-z]+\s+)?{re.escape(head)}\s+in\b"
        if re.search(written, material, re.IGNORECASE):
            return True
    return False


def _plural(subject: str) -> bool:
    """A plural term of common words ("positive sanctions"), not a name or an identifier, nor
    a singular that ends in s ("physics", "stimulus", "process", "analysis"). A bracket after
    the term names it again and has no number of its own ("municipal bonds (munis)"), and a
    capitalised word before a lower-case plural head modifies it ("Treasury bills
    (T-bills)"): both are asked "What are …?"."""
    # "board of directors": the head before "of" has the number, not the last word.
    head = re.split(r" (?:of|for|in|on) ", re.sub(r"\s+\([^()]*\)$", "", subject))[0]
    head = re.sub(r"^(?:[A-Z][a-z]+ )+(?=[a-z])", "", head)
    return bool(re.fullmatch(r"[a-z][a-z -]*[a-z]s", head)) and not head.endswith(
        ("ss", "us", "is", "ics", "ous", "ows")
    )


def question_subject(term: str, back: str, material: str, *, plural: bool = False) -> str:
    """The subject of "What is/are X?" as the material writes X, one rule for every card that
    asks it (a glossary item, a definition sentence, an apposition): a name the material
    writes "the X" ("the American Party", "the Federalist Papers") takes "the"; a plural is
    bare; a common noun takes the article the material gives it (:func:`_with_article`)."""
    if definite_name(term, material):
        return f"the {term}"
    return term if plural else _with_article(term, back, material)


def _with_article(term: str, back: str, material: str) -> str:
    """A common noun asked with its article ("What is an aggregate?", not "What is
    aggregate?", round 3): when the definition opens with "a"/"an", or the material writes the
    term after one. Names, identifiers, directives ("no-store"), plurals and mass nouns
    ("osmosis") stay bare. A name that heads a common noun ("Gettier case") is a common noun
    too: "What is a Gettier case?" when the material writes "a Gettier case"."""
    aliased = re.fullmatch(r"(?P<name>[a-z][a-z -]*[a-z]) (?P<alias>\((?P<other>[^()]+)\))", term)
    if aliased:
        # "pi bond (π bond)": the name takes the article, the bracket names it again. The
        # material writing the other name after "a"/"an" ("A σ bond is …") counts it too.
        name, other = aliased["name"], re.escape(aliased["other"])
        named = _with_article(name, back, material)
        if named == name and re.search(rf"\b(?i:a|an) {other}(?![\w-])", material):
            named = with_indefinite(name)
        return f"{named} {aliased['alias']}"
    named_kind = re.fullmatch(r"(?:[A-Z][a-z]+|[A-Z]{1,4})(?: [a-z][a-z-]*)+", term) is not None
    if named_kind and not _plural(term.split()[-1]):
        # The article as the material writes it: "an S corporation" (a letter read "ess").
        article = re.search(rf"\b(?i:(a|an)) {re.escape(term)}\b", material) if material else None
        return f"{article[1].lower()} {term}" if article else term
    if (
        not re.fullmatch(r"[a-z][a-z -]*[a-z]", term)
        or _plural(term)
        or _strip_article(term) != term
    ):
        return term
    # "optimum oxygen concentration for an organism": its head phrase takes the article.
    core = re.split(r"\s+(?:for|of|in|on|at|with)\s+", term)[0]
    if core != term and _the_whole(term, material):
        return f"the {term}"
    written = bool(
        material and re.search(rf"\b(a|an) {re.escape(core)}\b", material, re.IGNORECASE)
    ) or (" " not in core and counted_noun(core, material))
    # A hyphenated name ("no-store", "max-age") is a directive's name: bare, unless the
    # material itself writes it after an article ("an in-group") or before the noun its
    # definition opens with ("race-to-the-bottom dynamics": "a dynamic in which …").
    head = re.match(r"^(?:a|an)\s+([\w-]+)", back, re.IGNORECASE)
    opens = head is not None and (
        "-" not in term
        or (head[1].lower() not in _NAME_KINDS and kind_of(term, head[1].lower(), material))
    )
    if not written and mass_term(core, material):
        return term  # "The goal of informative advertising is …": never counted
    # "contra account: account paired with …": a kind of its own head noun, the article
    # dropped by the glossary, not by the term.
    counted = written or opens or kind_of_own_head(core, back, material)
    if not counted:
        definite = _definite_kind(core, material) or named_like_its_sibling(core, material)
        return f"the {term}" if definite else term
    return with_indefinite(term)


def _the_whole(term: str, material: str) -> bool:
    """A term with its postmodifier the material writes whole after "the" and never after
    "a"/"an" ("The law of conservation of charge states that …"): one thing, asked "What is
    the law of conservation of charge?", whatever its head noun does elsewhere ("a law")."""
    if not material:
        return False
    t = re.escape(term)
    return (
        re.search(rf"\b(?i:the) {t}\b", material, re.IGNORECASE) is not None
        and re.search(rf"\b(?i:a|an) {t}\b", material, re.IGNORECASE) is None
    )


def _definite_kind(term: str, material: str) -> bool:
    """A common noun of two or more words the material names with "the" at least as often as
    bare ("The macroscopic domain is familiar to us", "the microscopic domain"): one thing of
    a set, asked "What is the macroscopic domain?", not "What is macroscopic domain?". A
    field or a mass noun ("cognitive psychology") is written bare and stays bare.

    Only whole words count: "clinical disease stage" inside "subclinical disease stage" is
    another term's bare use (round 13: "What is clinical disease stage?"). "this" is as
    definite as "the" ("In this subclinical disease stage, …")."""
    if " " not in term or not material:
        return False
    uses = re.findall(
        rf"(\b\w+\s+)?(?<![\w-]){re.escape(term)}\b(\s+of\b)?", material, re.IGNORECASE
    )
    # "the random assignment of experimental units": the "of" phrase makes it definite.
    with_the = sum(1 for before, of in uses if before.strip().lower() in {"the", "this"} and not of)
    return with_the >= 1 and 2 * with_the >= len(uses)


# A description that names no meaning: a bare value, a type or a yes/no ("boolean", "No",
# "true", "Default: 3", "String.").
_BARE_VALUE = re.compile(
    r"^(?i:yes|no|none|n/a|true|false|optional|required|default\b.*|-?[\d.]+|bool(?:ean)?|"
    r"string|str|int(?:eger)?|number|float|list|array|object|dict|map|path|file|char)\.?$"
)


def _restates(back: str, subject: str) -> bool:
    """An answer whose every content word is in its question ("What is the name attribute
    of a project?" "The name of the project."): the card teaches nothing."""

    def words(text: str) -> set[str]:
        return {w.rstrip("s") for w in normalise(text).split() if w not in STOPWORDS}

    return words(back) <= words(subject)


# "stockholders (or shareholders)": the other name the term is given, no part of the subject.
_ALIAS = re.compile(r"\s*\((?:or|also|aka|also called|also known as)\s[^()]+\)$", re.IGNORECASE)


def term_card(unit: Unit, material: str = "") -> CardDraft | None:
    term = _ALIAS.sub("", unit.term.strip().strip("`"))
    quote, back = _best_sentence(unit.text)
    if not back or not term or re.fullmatch(r"[\d\s.x-]+", term):
        return None
    # "If tcp_no_metrics_save is enabled, TCP will not …": the condition names the card's own
    # subject; "If enabled, …" says the same without restating it.
    back = re.sub(
        rf"^(If|When)\s+(?:the\s+)?{re.escape(term)}(?:\s+(?:option|flag|setting|parameter))?"
        r"\s+is\s+",
        r"\1 ",
        back,
    )
    if re.match(r"^(e\.g\.|i\.e\.|for example|see |<)", back, re.I) or _BARE_VALUE.match(back):
        return None  # an example or a type, not what the thing is
    if len(back.split()) > 28:
        back = _shorten(back)
        if not back:
            return None
    if setting_row(term) is not None:
        # "/SET hide_text_style OFF: Hide all bolds, …": asked without the value the
        # description is not about (see setting_rows)
        asked = setting_question(term, back)
        if asked is None:
            return None
        return CardDraft(
            *asked, "basic", unit.text if len(unit.text) <= 400 else quote, unit.section
        )
    section = _deepest(unit.section)
    path = unit.section.split(SKILL_PATH)
    row = row_subject(term, unit.part, path, unit.text, material) if unit.part else None
    if row is not None:  # "the default attribute of a project" (see cleaning.reference_rows)
        subject = row
    elif code_heading(section) and re.fullmatch(r"[a-z][a-z0-9]*", term):
        subject = f"the {term} option of {section}"  # "ipv4" alone names nothing
    elif _specific_term(term) or rare_word(term) or glossary_noun(term, back, material):
        # A key-terms list's capitals ("**Control Group**: …") are the list's, not the term's.
        form = common_form(term, material)
        if plural_answer(back) and not _plural(form):
            # "free rider: those who want others to pay …": asked in the plural the material
            # writes ("free riders"), or not at all.
            many = written_plural(form, material)
            if many is None:
                return None
            subject = question_subject(many, back, material, plural=True)
        else:
            subject = question_subject(form, back, material)
    elif code_heading(section):
        subject = f"the {term} option of {section}"
    else:
        # A definition list under a heading that names the kind of its entries ("Options",
        # "Socket options", "Attributes"): each entry is a part, whose owner the headings name.
        # Only an entry written as code ("--amend", "max_connections"): a plain word under
        # "Physical Properties" is a glossary's term, not a part of one thing.
        plain = re.fullmatch(r"[A-Za-z][a-z]*(?: [a-z]+)*", term) is not None
        kind = "" if plain else heading_kind(section)
        row = row_subject(term, kind, path, unit.text, material) if kind else None
        if row is None:
            return None
        subject = row
    if row is not None:
        # A row's first clause is what the part is; after a semicolon come remarks ("a single
        # command-line argument; can contain space characters").
        first = back.split("; ")[0]
        back = first + "." if len(first.split()) >= 3 and first != back else back
        if _restates(back, row):
            return None  # "the name attribute of a project": "The name of the project."
    error = bool(re.search(r"\berrors?\b", unit.section, re.I) or re.match(r"E[A-Z]{3,}$", term))
    same = re.match(r"^(?:the )?same as (?P<other>.+?)\.?$", back, re.I)
    if same:  # "FIOGETOWN: The same as the SIOCGPGRP ioctl(2).": not what it is, but a fact
        return CardDraft(
            f"What is {subject} the same as?",
            _capital(same["other"]),
            "basic",
            unit.text if len(unit.text) <= 400 else quote,
            unit.section,
        )
    if claim_noun(term) and finite_clause(back):
        # "law of conservation of charge: net electric charge of a closed system is
        # constant": a law's statement is a sentence, no answer to "What is …?".
        return CardDraft(
            f"What does {subject} state?",
            back if back.endswith(".") else back + ".",
            "basic",
            unit.text if len(unit.text) <= 400 else quote,
            unit.section,
        )
    if subject == term and adjective_term(term, back, material):
        # "nonrivalrous: even when one person uses the good, …": a quality, not a thing.
        made: tuple[str, str] | None = (f"What does {term} mean?", back)
    elif build_switch(term):
        # "PACKBITS_SUPPORT: Macintosh PackBits algorithm": what it turns on, not what it is
        made = switch_question(term, back, material)
    elif file_name(term):
        # "lib_raw.c: various tty-manipulation calls": what the file holds, not what it is
        made = file_question(subject, back)
    else:
        made = _question(subject, back, term, error=error, material=material)
    if made is None:
        return None
    front, back = made
    if front.endswith(" mean?") and spelled_by_name(term, back):
        return None  # "dns.REFUSED: DNS server refused query.": the name read back
    return CardDraft(
        front, back, "basic", unit.text if len(unit.text) <= 400 else quote, unit.section
    )


# A heading that names code: a call's signature ("dns.lookup(hostname[, options], callback)",
# "Resolver([options])") or a dotted name ("socket.timeout"). A bracket after a space is prose's
# other name ("Ischemic Stroke (Cerebral Infarction)"), a number's dot a section ("2.1 Basics").
_CODE_HEADING = re.compile(r"[A-Za-z_$][\w$]*\(|[A-Za-z_$][\w$]+\.[A-Za-z_$][\w$]*")


def code_heading(section: str) -> bool:
    """The entries under ``section`` are a call's options: its heading names code. Round 14
    asked "What is the hemostasis option of Ischemic Stroke (Cerebral Infarction)?" of a
    key-terms list filed under a prose heading with an other name in brackets."""
    return _CODE_HEADING.search(section) is not None


def _deepest(path: str) -> str:
    return path.split(SKILL_PATH)[-1]


def _shorten(sentence: str) -> str:
    """A long answer cut at its first clause boundary, when that still says something; never
    inside brackets (round 7: "Four acts (Administration of Justice Act." was cut at the
    comma of a bracketed list). A bracketed aside is dropped first when that is enough: "four
    acts (A, B, C, D) that Lord North passed to …" keeps what the acts were for."""
    if re.match(
        r"^(when|if|because|although|since|while|unless|as|after|before)\b", sentence, re.I
    ):
        return ""  # cut short, a subordinate clause says nothing on its own
    bare = " ".join(re.sub(r"\s*\([^()]*\)", "", sentence).split())
    if bare != sentence and 5 <= len(bare.split()) <= 28 and _depth(bare) == 0:
        return bare
    for mark in ("; ", ", which ", ", so ", ", such as ", ", including ", ", and ", " (", ", "):
        head = _before_outside(sentence, mark).strip()
        while head != sentence and _in_series(sentence, len(head)):
            head = _before_outside_from(sentence, mark, len(head) + 1).strip()
        if 5 <= len(head.split()) <= 28:
            return head.rstrip(",;") + "."
    return ""


def _before_outside_from(text: str, mark: str, start: int) -> str:
    """``text`` up to the first ``mark`` outside brackets at or after ``start``."""
    at = text.find(mark, start)
    while at >= 0 and _depth(text[:at]) > 0:
        at = text.find(mark, at + 1)
    return text if at < 0 else text[:at]


def _in_series(sentence: str, at: int) -> bool:
    """A comma at ``at`` inside a list ("with stockholders, directors, and officers"): a cut
    there ends the answer on half a list ("with stockholders, directors."). The commas of a
    list are those that follow a short item (eight words at most), counted back from the
    list's ", and"/", or"; the comma before the first item ends a whole phrase."""
    if not sentence.startswith(",", at):
        return False
    last = re.search(r", (?:and|or) ", sentence[at:])
    if last is None:
        return False
    commas = [m.start() for m in re.finditer(",", sentence[: at + last.start() + 1])]
    bounds = [-1, *commas]
    listed = set()
    for i in range(len(bounds) - 1, 0, -1):
        item = sentence[bounds[i - 1] + 1 : bounds[i]]
        if len(item.split()) > 8 or ";" in item:
            break
        listed.add(bounds[i])
    return at in listed


def _before_outside(text: str, mark: str) -> str:
    """``text`` up to the first ``mark`` outside brackets (all of it when there is none)."""
    at = text.find(mark)
    while at >= 0 and _depth(text[:at]) > 0:
        at = text.find(mark, at + 1)
    return text if at < 0 else text[:at]


@dataclass(frozen=True)
class Definition:
    term: str
    verb: str
    rest: str
    sentence: str
    example: str = ""  # "illustration": "X is an illustration of ``rest``"


# Adverbs of focus and degree that only colour the verb after them ("Post-testing simply
# refers to …"): the fact is the same without them, and a question keeping them ("What does
# post-testing simply refer to?") asks about the author's tone.
_FOCUS_ADVERB = re.compile(
    r"\s+(?:simply|just|merely|basically|essentially|actually|really|literally)$", re.IGNORECASE
)


def find_definition(sentence: str) -> Definition | None:
    m = _DEFINITION.match(sentence.strip())
    if not m:
        return None
    term, verb, rest = m.group("term").strip(), m.group("verb"), m.group("rest").strip()
    term = asked_term(_FOCUS_ADVERB.sub("", term)) or ""
    if not term:
        return None  # "Also the edge-list representation is …": one more property, no definition
    words = term.split()
    longest = 8 if verb.endswith(("called", "known as")) else 6  # a description, then its name
    if not 1 <= len(words) <= longest or any(
        w.lower() in PRONOUN_STARTS or _CONTRACTION.search(w) for w in words
    ):
        return None  # "It", "These two rules": the term points at context the card won't have
    if words[0].lower() in (_SUBORDINATORS - {"the", "a", "an"}) | _CONJUNCTIONS:
        return None  # "When the method object is called…" is a clause, not a term
    if words[0].lower() in _PLACE_PREPOSITIONS:
        return None  # "Inside the policy section are one or more …": the subject comes after
    if not re.match(r"^[A-Za-z]", term) or any(w.lower() in {"is", "are", "was"} for w in words):
        return None
    if words[-1].lower() in STOPWORDS or all(w.lower() in STOPWORDS | GENERIC for w in words):
        return None
    if (
        verb in {"is", "are"}
        and not _ARTICLE_START.match(rest)
        and not (verb == "are" and _PLURAL_KIND.match(rest))
    ):
        return None  # "X is important" is a claim, not a definition
    naming = verb.endswith(("called", "known as"))  # "… is called osmosis": the name is short
    if len(rest) < (3 if naming else 8) or len(rest) > 240 or len(rest.split()) > 30:
        return None
    if naming and len(rest.split()) > 6:
        return None  # "is called when …" (a function), not a name
    case = exemplar(rest) if verb in {"is", "are"} else None
    if case is not None:  # "Rainbows are an excellent illustration of …": what of?
        if subject_problem(term) or deictic_problem(case[1]) or len(case[1].split()) < 2:
            return None
        return Definition(term, verb, case[1], sentence, example=case[0])
    if (subject_problem(term) if naming else not_a_definition(term, rest)) is not None:
        return None  # "Knowledge is an important concept …": a judgement (see defining.py)
    if example_problem(term, rest) is not None:
        return None  # "Being arrested is a punishment for …": an example (see term_forms.py)
    return Definition(term, verb, rest, sentence)


def definition_card(
    d: Definition, section: str = "", scope: str = "", material: str = ""
) -> CardDraft:
    """The question a definition sentence answers, its subject written as the material
    writes it (see :mod:`term_forms`). ``scope`` is the item whose description the sentence
    sits in ("**tcp_slow_start_after_idle**: … An idle period is defined as the current
    RTO."): the term is defined there, for that item, so the question names it."""
    term = _lower_first(d.term, material)
    plural = d.verb.startswith("are") or d.verb == "refer to"
    if d.example:
        article = "an" if takes_an(d.example) else "a"
        front = f"What {'are' if plural else 'is'} {term} {article} {d.example} of?"
    elif d.verb in {"is", "are"}:
        # "The useful life is …" beside "its useful life": "the" is the owner's, not the term's.
        owned = term.startswith("the ") and owned_noun(term[4:], material)
        subject = question_subject(term[4:] if owned else term, "", material, plural=plural)
        front = f"What {'are' if plural else 'is'} {subject}?"
    elif d.verb in {"refers to", "refer to"}:
        front = f"What {'do' if plural else 'does'} {term} refer to?"
    elif d.verb == "means":
        front = f"What does {term} mean?"
    elif d.verb.endswith("defined as"):
        front = f"How {'are' if plural else 'is'} {term} defined?"
    else:  # known as / called: the sentence names the thing, so ask for the name
        be = "are" if plural else "is"
        front = f"What {be} {term} {'called' if 'called' in d.verb else 'known as'}?"
    if scope and not re.search(r"[A-Z_.()/\d]", term):  # a name means the same anywhere
        front = f"For {scope}, {front[:1].lower()}{front[1:]}"
    return CardDraft(front, tidy_answer(d.rest), "basic", d.sentence, section)


def purpose_card(sentence: str, section: str = "", material: str = "") -> CardDraft | None:
    m = _PURPOSE.match(sentence.strip())
    if not m:
        return None
    term, verb, rest = m.group("term").strip(), m.group("verb"), m.group("rest").strip()
    term = asked_term(_FOCUS_ADVERB.sub("", term)) or ""
    if not term:
        return None  # "Only the kernel provides …": one thing among others (see term_adverbs)
    particled = particle_object(verb, rest)
    if particled == ("", ""):
        return None  # "allows to …", "provides for each …": no object to ask for
    if particled is not None:  # "allows for the possibility …": "allow for?" asks it
        verb, rest = f"{verb} {particled[0]}", particled[1]
    words = term.split()
    named = words[0].lower() in {"the", "a", "an"} and _specific_term(" ".join(words[1:]))
    if not 1 <= len(words) <= 5 or (words[0].lower() in _SUBORDINATORS and not named):
        return None  # "The option allows …" names nothing; "The Vary header lists …" does
    if words[-1].lower() in _MODAL_WORDS | STOPWORDS:
        return None  # "TCP Vegas should provide …": the verb is "should provide"
    if any(w.lower() in PRONOUN_STARTS or _CONTRACTION.search(w) for w in words) or all(
        w.lower() in STOPWORDS | GENERIC for w in words
    ):
        return None  # "We'll store …" (the authors), "It provides …"
    if not re.match(r"^[A-Za-z]", term) or len(rest.split()) > 28 or len(rest) < 8:
        return None
    if _PREPOSITION_START.match(rest):
        return None  # "Bacterial density increases in the area where …": no object to ask for
    if subject_problem(term) or deictic_problem(rest) or vague_amount_problem(rest):
        return None  # "So when someone tells …": a clause, not a subject (see defining.py)
    owned = owned_subject(_sentence_label(term, material), sentence, material)
    if owned is None:
        return None  # "The location attribute specifies …": of what? (see part_owner.py)
    subject = unpadded(owned)  # "the concept of carrying capacity allows …" (see asked_backs)
    if one_of_many(term, sentence, material):
        return None  # "What does Lemon allow?": one of the many things the text says Lemon does
    bare = _strip_article(subject)
    if _GENERIC_LITERAL.fullmatch(bare) and bare.split()[0].lower() in GENERIC:
        return None  # "The value 0 indicates …": 0 of what? (the section says; the card does not)
    if _NAMED_SUBJECT_VERBS.match(verb) and not (
        len(bare.split()) >= 2 or _specific_term(bare) or rare_word(bare)
    ):
        return None  # "Research indicates that …": whose research?
    lets = _LETS_YOU.match(rest) if verb.startswith(("allow", "enable")) else None
    if lets is not None:  # "allows you to generate …": what it lets you do
        if not _verb_after_to(lets["verb"]):
            return None  # "allows you to generator …": no verb, no phrase to learn
        does = "does" if verb.endswith("s") else "do"
        back = _one_fact(lets["verb"] + lets["rest"])
        return CardDraft(
            f"What {does} {subject} let you do?", tidy_answer(back), "basic", sentence, section
        )
    made = _made_to(verb, rest) if particled is None else None
    if made == ("", ""):
        return None  # "causes the molecules to generator …": the sentence lost its verb
    if made is not None:  # "causes the smooth muscle cells … to constrict": what it makes them do
        does = "does" if verb.endswith("s") else "do"
        base = "cause" if verb.startswith("cause") else verb.rstrip("s")
        back = _one_fact(made[1])
        return CardDraft(
            f"What {does} {subject} {base} {made[0]} to do?",
            tidy_answer(back),
            "basic",
            sentence,
            section,
        )
    if verb.endswith(("used to", "used for")):
        be = "are" if verb.startswith("are") else "is"
        front = f"What {be} {subject} used for?"
        back = ("To " if verb.endswith("to") else "") + rest
    else:
        head, _, particle = verb.partition(" ")  # "consists of", "leads to"
        base = (
            head[:-3] + "y" if head.endswith("ies") else head[:-1] if head.endswith("s") else head
        )
        does = "does" if base != head else "do"  # "classes provide": a plural subject
        front = f"What {does} {subject} {' '.join(filter(None, [base, particle]))}?"
        if _verb_again(rest, head):
            return None
        back = _one_fact(rest, verb, material)
        if not back:
            return None  # what it "carries" is gone once its second verb is cut away
        told = re.match(r"^((?:the|a|an) [\w-]+(?: [\w-]+)?) that (.+)$", rest)
        if base == "tell" and told:  # "tells the cache that …": whom it tells is the question's
            front = f"What {does} {subject} tell {told[1]}?"
            back = "That " + told[2]
    return CardDraft(front, tidy_answer(back), "basic", sentence, section)


# "causes / requires / enables <object> to <verb> …": the object is part of the question.
_MADE_TO = re.compile(
    r"^(?P<object>(?:the|a|an|its|their|all|each|most|many)\b[\w' -]{2,60}?)\s+to\s+"
    r"(?P<verb>[a-z]+)(?P<rest>\b.*)$"
)


def _made_to(verb: str, rest: str) -> tuple[str, str] | None:
    """(object, what it is made to do) for "X causes the smooth muscle cells of the bronchi to
    constrict": asked "What does X cause <object> to do?", never answered with "The smooth
    muscle cells … to constrict" (round 7's tuning read: "What does histamine cause?" had a
    back that is no phrase). "in order to" and "so as to" are purposes, not this shape. ("", "")
    when the shape is there but no verb follows "to": that sentence makes no card."""
    if not verb.startswith(("cause", "require", "enable", "allow")):
        return None
    m = _MADE_TO.match(rest)
    if m is None or re.search(r"\b(?:in order|so as)$", m["object"]):
        return None
    if len(m["object"].split()) > 9:
        return None
    if not _verb_after_to(m["verb"]):
        return ("", "")  # the shape, but no verb after "to": no card at all
    return m["object"], m["verb"] + m["rest"]


# A generic noun and a bare literal ("the value 0", "option 3"): the literal is a value of a
# thing only the section names. ("The EPOLLET flag" names its thing.)
_GENERIC_LITERAL = re.compile(r"[A-Za-z]+ [-+]?[\d.]+")
# "allows you to V …", "enables users to V …": the object is the reader, the fact is the verb.
_LETS_YOU = re.compile(
    r"^(?:you|us|one|(?:the )?users?|(?:the )?programmers?|developers|readers)\s+to\s+"
    r"(?P<verb>[a-z]+)(?P<rest>\b.*)$"
)
# What follows an intransitive use of the verb: a place, a time, a condition, a manner.
_PREPOSITION_START = re.compile(
    r"^(?:in|at|on|during|within|over|under|across|through|throughout|when|whenever|where|if|"
    r"because|as|after|before|until|while|with|by|from|into|toward|towards|among|between|"
    r"upon|around|along)\b",
    re.IGNORECASE,
)
_NOUN_SUFFIX = re.compile(r"(?:or|er|tion|sion|ment|ness|ity|ance|ence|ism|ist|ship|hood)$")


def _verb_after_to(word: str) -> bool:
    """Whether the word after "to" reads as a verb: a known verb, or a word without a noun's
    suffix ("generator" is a noun: the sentence lost its verb)."""
    return is_verb(word) or not _NOUN_SUFFIX.search(word)


_PARTICIPLE_TAIL = re.compile(r",\s+(?!including\b|according\b)[a-z]+ing\b.*$")


_POINTER_TAIL = re.compile(
    r",?\s+as (?:shown|seen|described|illustrated|discussed|noted) (?:in|above|below)\b.*$"
)


def _verb_again(rest: str, verb: str) -> bool:
    """The sentence's own verb again after ", and", a condition between: "requires cgo to be
    enabled, and on non-Darwin systems requires an installed C compiler" is two requirements,
    one of them conditional, and the question asks for both or neither (cut to its first, the
    card marks a reader wrong who names the other)."""
    return re.search(rf",\s+and\s+(?:[^,;]{{0,60}}\s)?{re.escape(verb)}\b", rest) is not None


def _one_fact(rest: str, verb: str = "", material: str = "") -> str:
    """A purpose without the second fact a participle clause adds ("provide nitrogen and
    phosphorus … to crop plants, removing the normal barriers …": round 3's "two facts"), a
    second verb phrase ("depend on aerobic respiration and use oxygen as …", round 12's
    "carries a minimum face value of $100,000 and sells at a discount …": see
    :func:`.run_on.second_verb`), a concession (", though the precise amount of time varies
    …") or a pointer into the text ("… as shown in Reaction 3"). Empty when the second verb
    leaves less than two words before it."""
    rest = _POINTER_TAIL.sub("", rest)
    at = second_verb(rest, verb, material) if verb else None
    if at is not None:
        return rest[:at] if len(rest[:at].split()) >= 2 else ""
    rest = re.sub(r",\s+(?:though|although|whereas|while)\s.*$", "", rest)  # a second fact
    second = re.search(r"\s+and\s+([a-z]+)\b", rest)
    if (
        second
        and is_verb(second.group(1))
        and len(rest[: second.start()].split()) >= 2
        and not _infinitive_goes_on(rest[: second.start()])
    ):
        return rest[: second.start()]
    head = _PARTICIPLE_TAIL.sub("", rest)
    return head if head != rest and len(head.split()) >= 4 else rest


def _infinitive_goes_on(before: str) -> bool:
    """ "attempting to answer questions and explain observations …": the verb after "and"
    is the infinitive's second verb ("to answer … and explain …"), one fact, not a second verb
    phrase of the sentence's own verb ("depend on aerobic respiration and use oxygen")."""
    return any(
        (is_verb(m[1]) or m[1].endswith("ing")) and m[2] not in STOPWORDS
        for m in re.finditer(r"\b([a-z]+) to ([a-z]+)\b", before)
    )  # "attempting to answer", "tries to resolve": a verb that takes an infinitive


def salient_terms(sents: list[str], defined: list[str], material: str = "") -> list[str]:
    """Terms worth a blank, most salient first: identifiers and acronyms, defined terms, names
    and recurring phrases (a term must recur, or be defined, to count). A single common word
    counts only when the material uses it as a noun ("the namespace"), never as a verb or an
    adverb ("reported", "automatically")."""
    score: defaultdict[str, float] = defaultdict(float)  # weights are fractional
    first_seen: dict[str, int] = {}
    surface: dict[str, str] = {}
    counts = stats(material or "\n".join(sents))

    def note(term: str, weight: float, pos: int) -> None:
        key = term.lower()
        if len(key) < 3 or key in STOPWORDS or key in GENERIC:
            return
        if " " not in key and not name_like(term) and not counts.used_as_noun(key):
            return
        score[key] += weight
        first_seen.setdefault(key, pos)
        surface.setdefault(key, term)

    for term in defined:
        note(_strip_article(term), 4, -1)
    for pos, sent in enumerate(sents):
        for m in _IDENT.finditer(sent):
            note(m.group(0), 2.5, pos)
        for m in _ACRONYM.finditer(sent):
            if m.group(0) not in {"I", "A"} and not m.group(0).isdigit():
                note(m.group(0), 2, pos)
        for m in _PROPER.finditer(sent):
            note(m.group(1), 1.5, pos)
        words = re.findall(r"[A-Za-z][A-Za-z-]+", sent)
        content = [w for w in words if w.lower() not in STOPWORDS | GENERIC and len(w) >= 4]
        for w in set(content):
            if len(w) >= 6:
                note(w.lower(), 0.5, pos)
        for a, b in itertools.pairwise(words):
            if (
                all(x.lower() not in STOPWORDS | GENERIC and len(x) >= 4 for x in (a, b))
                and counts.together(a, b)
                and not ends_no_term(b)
            ):
                note(f"{a.lower()} {b.lower()}", 0.8, pos)
    ranked = [k for k, v in score.items() if v >= 1.5]
    ranked.sort(key=lambda k: (-score[k], first_seen[k], k))
    return [surface[k] for k in ranked]


def marked_form(term: str, sentence: str) -> str | None:
    """``term`` as ``sentence`` writes it: itself, or its plural when the author marked the
    singular and wrote the ending after the mark ("categorized as <b>mesophile</b>s")."""
    found = re.search(rf"(?<![\w-]){re.escape(term)}(?:e?s)?(?![\w-])", sentence, re.IGNORECASE)
    return found.group() if found else None


def marked_sentences(mark: MarkedTerm, sentences: list[Unit]) -> list[Unit]:
    """The sentence that marks ``mark``: one that uses its term (see :func:`marked_form`) and
    is the mark's sentence, as the mark's context tells it (a rough cut: either may hold the
    other)."""
    context = normalise(mark.context)
    return [
        u
        for u in sentences
        if context
        and marked_form(mark.term, u.text)
        and (normalise(u.written or u.text) in context or context in normalise(u.written or u.text))
    ]


def marked_first(marked: Sequence[str], salient: list[str]) -> list[str]:
    """The terms a cloze round tries, the author's marked terms first: the author knows which
    terms the text teaches, where :func:`salient_terms` can only guess from counts (a term
    marked once and used once, "transhumance", never recurs enough to be guessed)."""
    out: dict[str, str] = {}
    for term in [*marked, *salient]:
        out.setdefault(term.lower(), term)
    return list(out.values())


def _strip_article(term: str) -> str:
    return re.sub(r"^(a|an|the)\s+", "", term, flags=re.IGNORECASE)


_HARMLESS_OPENER = re.compile(
    r"^(however|moreover|furthermore|additionally|in addition|also|thus|hence|therefore|"
    r"consequently|similarly|likewise|for instance|for example|in particular|in general|"
    r"generally speaking|behind the scenes|under the hood|first|second|third|fourth|fifth|sixth|"
    r"firstly|secondly|thirdly|in contrast|by contrast|as a result|in fact|indeed|specifically|"
    r"notably|importantly|most importantly|most important|of course),\s+",
    re.IGNORECASE,
)


# The same connective after a short subject, before its verb: "Formal sanctions, on the other
# hand, are ways to officially recognize and enforce norm violations." states "Formal
# sanctions are ways to …".
_INTERJECTED = re.compile(
    r"^((?:the |an? )?[\w-]+(?: [\w-]+){0,3}), (?:however|on the other hand|in contrast|"
    r"by contrast|in turn|though), (?=(?:is|are|was|were)\b)",
    re.IGNORECASE,
)


def without_opener(sentence: str) -> str:
    """The sentence without a connective that only links it to the one before ("In
    contrast, autocrine signaling takes place within the same cell.", "An artificial
    concept, on the other hand, is a concept that …"): what is left states the fact on its
    own."""
    sentence = _INTERJECTED.sub(r"\1 ", sentence)
    opened = _HARMLESS_OPENER.sub("", sentence)
    if opened != sentence and re.match(r"[a-z]+\b(?![.(_])", opened):
        opened = _capital(opened)  # "However, the …" -> "The …", never "dns.lookup()" -> "Dns…"
    return opened


def _one_stop(sentence: str) -> str:
    """A sentence ending in a doubled full stop ("… for microorganisms..", a typo in the
    source) ends in one; an ellipsis ("…") is left as written."""
    return re.sub(r"(?<=[^.])\.\.$", ".", sentence)


def cloze_card(
    sentence: str, term: str, section: str = "", material: str = "", *, marked: bool = False
) -> CardDraft | None:
    """A cloze on ``term`` in ``sentence``: the blank grown to the whole term it is part of
    ("file _____" becomes "_____" for "file descriptor"), a leading "However," dropped.
    ``marked``: the author marked ``term`` in this sentence, so the shapes of
    :func:`.marked_frames.marked_frame` state a fact about it too."""
    # "transfer functions ( H ω and H s ) that are …": a formula the conversion flattened.
    sentence = _one_stop(without_opener(without_spaced_formula(sentence)))
    pattern = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE)
    matches = list(pattern.finditer(sentence))
    if len(matches) != 1 or not 40 <= len(sentence) <= 240:
        return None
    start, end = widen(sentence, matches[0].start(), matches[0].end(), material)
    term_at = (start, end)
    start, end = whole_phrase(sentence, start, end)  # "the _____ buffer size" → all of it
    start, end = without_which_adjective(sentence, start, end)  # "a single _____" → package
    if start == 0 and len(sentence.split()) < 6:
        return None
    source = sentence
    # "Nearsightedness, or myopia, is the inability …": the card states the fact without the
    # other name, which would answer the blank (see other_names.py).
    sentence = without_other_name(sentence, start, end) or sentence
    if blank_problem(sentence, start, end, material) is not None:
        return None  # the blank is beside the fact, not on it (see blanks.py)
    framed = frame_problem(sentence, start, end)
    if framed is not None and (start, end) != term_at:
        # The phrase stands in the slot its first word stood in ("assigns a destructor to a
        # _____" holds "non-terminal symbol" as it held "non-terminal").
        framed = frame_problem(sentence, *term_at)
    if framed == NO_FRAME and marked and marked_frame(sentence, start, end):
        framed = None  # "Microaerophiles need oxygen to grow, …": the author's term does
    if framed is not None:
        return None  # no defining fact around the blank (see fact_frames.py)
    answer = sentence[start:end]
    blanked = sentence[:start] + BLANK + sentence[end:]
    # Neither a figure's panel label nor "an" before the blank (see cloze_surface.py).
    blanked = neutral_article(without_panel_labels(without_asides(blanked)))
    return CardDraft(f"{CLOZE_PREFIX}{blanked}", answer, "cloze", source, section)


def naming_clozes(sentence: str, section: str = "", material: str = "") -> list[CardDraft]:
    """A cloze on the name a sentence gives ("… are called the _____" → dimensions of
    negotiation; "… each of its representations is termed a _____" → variant): the sentence
    exists to name it, so the name is the fact, whatever the length of what it names (a
    "What is X called?" question needs a short X). One card per name: "the resource is
    referred to as negotiable and each of its representations is termed a variant" states
    two facts."""
    sentence = _one_stop(without_opener(sentence))
    if not 40 <= len(sentence) <= 240:
        return []
    out = []
    for start, end in named_spans(sentence):
        answer = sentence[start:end]
        if not re.search(r"[A-Za-z]{3,}", answer) or all(
            w.lower() in STOPWORDS | GENERIC for w in re.findall(r"[\w-]+", answer)
        ):
            continue
        if start < 12 or blank_problem(sentence, start, end, material) is not None:
            continue  # "Called the …" at the start names nothing before it
        blanked = neutral_article(
            without_panel_labels(without_asides(sentence[:start] + BLANK + sentence[end:]))
        )
        card = CardDraft(f"{CLOZE_PREFIX}{blanked}", answer, "cloze", sentence, section)
        if card_problem(card) is None:
            out.append(card)
    return out


def apposed_cards(sentence: str, section: str = "", material: str = "") -> list[CardDraft]:
    """ "What is histamine?" from "… is histamine, a paracrine that is released by immune
    cells …" and the like (see :mod:`appositions`): one card per definition the sentence
    carries. The term must name something out of context (a name, a rare word, or a noun the
    material uses as one)."""
    out = []
    counts = stats(material or sentence)
    for found in apposed(sentence):
        term = _lower_first(found.term, material)
        if not (
            _specific_term(term)
            or rare_word(term)
            or (" " not in term and counts.used_as_noun(term))
        ):
            continue
        out.append(_apposed_card(found, term, section, material))
    return out


def _apposed_card(found: Apposed, term: str, section: str, material: str) -> CardDraft:
    """ "What is/are X?" with the apposition's definition for its answer."""
    back = tidy_answer(found.definition)
    plural = found.plural or _plural(term) or plural_name(term)
    if found.article:
        subject = f"{found.article} {term}"
    else:  # "a paracrine that …" opens every apposition: only the material's own "a X"
        subject = question_subject(term, "", material, plural=plural)
    front = f"What {'are' if plural else 'is'} {subject}?"
    return CardDraft(front, back, "basic", found.sentence, section)


def marked_definition_card(
    sentence: str, term: str, section: str = "", material: str = ""
) -> CardDraft | None:
    """ "What is chemistry?" from the sentence that marks **chemistry** and defines it in an
    apposition (see :func:`.appositions.marked_apposition`). The author's mark stands for
    the guess :func:`apposed_cards` makes of whether the word is a term."""
    found = marked_apposition(without_opener(sentence), term)
    if found is None or person_problem(term, found.definition, material):
        return None  # "Ferry, the prime minister of France …": "What is Ferry?" asks badly
    return _apposed_card(found, _lower_first(term, material), section, material)


def marked_name_card(
    sentence: str, term: str, section: str = "", material: str = ""
) -> CardDraft | None:
    """ "What is the minimum permissive oxygen concentration?" from the sentence that names
    the marked term after describing it (see :mod:`.marked_names`): the description is the
    answer."""
    found = marked_name(_one_stop(without_opener(sentence)), term)
    if found is None:
        return None
    name = _lower_first(found.name, material)
    if found.article:
        subject = f"{found.article} {name}"
    else:
        subject = question_subject(name, "", material, plural=found.plural)
    front = f"What {'are' if found.plural else 'is'} {subject}?"
    return CardDraft(front, tidy_answer(found.description), "basic", sentence, section)


def _open_quote(back: str) -> str | None:
    """A back cut inside a quotation ("A Greek word that means “large"): the sentence split
    at the full stop inside the quote, so the answer stops mid-quote."""
    opened = back.count("“") > back.count("”") or back.count('"') % 2 == 1
    return "a broken fragment (the answer stops inside a quotation)" if opened else None


def _same_template(sentence: str, used: list[set[str]]) -> bool:
    """API references repeat one sentence per function ("Uses the DNS protocol to resolve CNAME
    records for the hostname."): two clozes on such sentences read as the same card."""
    words = set(normalise(sentence).split())
    return any(len(words & other) >= 0.6 * len(words | other) for other in used)


def with_antecedents(
    found: list[Unit], marked: Sequence[str]
) -> tuple[list[Unit], dict[tuple[int, str], Resolved]]:
    """``found`` with each sentence that opens on a pronoun for the term the sentence before
    it names ("They cannot grow without oxygen." after "Obligate aerobes depend on …") written
    with that term (see :mod:`.antecedents`), and for each such sentence the material's own
    words (both sentences), which its cards quote. Only the sentence right after, in the same
    paragraph: a new line is a new paragraph, a heading or a list item."""
    out: list[Unit] = []
    quotes: dict[tuple[int, str], Resolved] = {}
    for i, unit in enumerate(found):
        before = found[i - 1] if i else None
        if (
            before is not None
            and unit.kind == before.kind == "sentence"
            and unit.position == before.position
            and not unit.item
            and not before.item
        ):
            resolved = resolve(before.text, unit.text, marked)
            if resolved is not None:
                unit = replace(unit, text=resolved.text, written=unit.text)
                quotes[(unit.position, unit.text)] = resolved
        out.append(unit)
    return out, quotes


# -- the whole pass ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Harvest:
    """What one pass over a text found: the cards kept, how many facts the rules found (each
    definition, purpose statement or sentence a rule made a card from counts once), and for
    each fact that gave no card, its first card and the gate's reason."""

    cards: list[CardDraft]
    found: int
    rejected: list[tuple[str, str]]
    known: int = 0  # facts whose card the goal has already (the file added again)


def cards_from_text(
    text: str,
    count: int,
    *,
    avoid: tuple[str, ...] = (),
    goal_title: str = "",
    heading: str = "",
    material: str = "",
    marked: Sequence[MarkedTerm] = (),
) -> list[CardDraft]:
    """Up to ``count`` cards that pass the gate (see :func:`harvest`)."""
    return harvest(
        text,
        count,
        avoid=avoid,
        goal_title=goal_title,
        heading=heading,
        material=material,
        marked=marked,
    ).cards


def harvest(
    text: str,
    count: int,
    *,
    avoid: tuple[str, ...] = (),
    goal_title: str = "",
    heading: str = "",
    material: str = "",
    marked: Sequence[MarkedTerm] = (),
) -> Harvest:
    """Up to ``count`` cards that pass the gate: stated definitions first (they carry the most
    meaning), then definition and purpose sentences, then cloze cards; then back in the order
    of the material. ``material`` (the whole text or a window around ``text``) decides what
    is a whole term. ``count`` is a cap, not a target: the handler sets it from the size of the
    material, so how many cards come out follows what the material teaches. ``marked`` are
    the terms the author emphasised (:mod:`.cleaning.marks`): one no card answers yet gets the
    card the sentence that marks it allows (its apposition's definition, else a cloze on it
    there), then comes first in the cloze rounds; every card through the same gates."""
    found, quotes = with_antecedents(units(text, heading), [m.term for m in marked])
    repeated = Counter(normalise(u.text) for u in found if u.kind == "sentence")
    material = material or text
    ctx = CardContext(goal_title=goal_title, material=material)
    seen = {normalise(a) for a in avoid}
    picked: list[tuple[int, int, CardDraft]] = []
    used_answers: set[str] = set()
    used_positions: set[tuple[int, str]] = set()
    facts: dict[tuple[int, str], tuple[str, str] | None] = {}  # unit -> its first rejection
    known: set[tuple[int, str]] = set()  # units whose card the goal has already

    def note(unit: Unit, card: CardDraft, reason: str | None) -> None:
        key = (unit.position, unit.text)
        if reason is None:
            facts[key] = None
        elif key not in facts:
            facts[key] = (card.front, reason)

    def offer(tier: int, unit: Unit, card: CardDraft | None, *, again: bool = False) -> bool:
        if card is None:
            return False
        if (unit.position, unit.text) in quotes:  # the material's words, not the rewrite
            card = replace(card, source=quotes[(unit.position, unit.text)].quote)
        key = normalise(card.front)
        if key in seen:
            # The goal has this card already (the same file added again): the fact and its
            # answer are taken, exactly as if picked now, so no other card stands in for it
            # ("response" blanked in the next sentence that has it).
            used_positions.add((unit.position, unit.text))
            used_answers.add(normalise(card.back))
            facts[(unit.position, unit.text)] = None
            known.add((unit.position, unit.text))
            return True
        if normalise(card.back) in used_answers and not again:
            return False
        problem = card_problem(card, ctx) or _open_quote(card.back)
        if problem is not None:
            note(unit, card, problem)
            return False
        text = f"{card.front}\n{card.back}"
        if any(same_card(text, f"{c.front}\n{c.back}") for _, _, c in picked):
            return False  # the same fact about a near-identical name
        seen.add(key)
        used_answers.add(normalise(card.back))
        used_positions.add((unit.position, unit.text))
        note(unit, card, None)
        picked.append((tier, unit.position, card))
        return True

    defined: list[str] = []
    for unit in found:
        if unit.kind == "definition" and offer(0, unit, term_card(unit, material)):
            defined.append(unit.term)
    for unit in found:
        if unit.kind != "sentence" or repeated[normalise(unit.text)] >= 3:
            continue
        for inside in apposed_cards(unit.text, unit.section, material):
            if offer(1, unit, inside, again=True):
                defined.append(inside.front.split(" ", 2)[2].rstrip("?"))
        stated = without_opener(unit.text)  # "In contrast, X is …" states "X is …"
        if offer(1, unit, enumeration_card(stated, unit.section)):
            continue  # "There are two kinds of X: A and B": the members are the fact
        if offer(1, unit, stated_that_card(stated, unit.section)):
            continue  # "The merits of X are that …": the that-clause is the fact
        if offer(1, unit, claim_card(stated, unit.section, material)):
            continue  # "The theory of X states that …", "Aristotle proposed that …"
        if offer(1, unit, credit_card(stated, unit.section, material)):
            continue  # "Robert Brown … was the first to describe …": who, by name
        if offer(1, unit, first_of_kind_card(stated, unit.section)):
            continue  # "In 1840, the Liberty Party was the first political organization to …"
        if offer(1, unit, doctrine_card(stated, unit.section)):
            continue  # "According to social Darwinism, a theory then popular …, …"
        if offer(1, unit, document_card(stated, unit.section)):
            continue  # "the Missouri Compromise of 1820, which established …": what a law did
        d = find_definition(stated)
        if d is not None and (
            figurative_problem(d.term, material) or person_problem(d.term, d.rest, material)
        ):
            d = None  # "The different files stored in the file cabinet are called …": a figure
        if d is not None and not unit.item:  # an item's description: the item owns it
            owned = owned_subject(d.term, stated, material)  # "The size field is …": of what?
            d = replace(d, term=owned) if owned is not None else None
        card = definition_card(d, unit.section, unit.item, material) if d is not None else None
        if d is not None and offer(1, unit, card):
            defined.append(d.term)
            continue
        if offer(1, unit, purpose_card(stated, unit.section, material)):
            continue
        for named in naming_clozes(unit.text, unit.section, material):
            if offer(1, unit, named):
                defined.append(named.back)
    sentences = [
        u
        for u in found
        if u.kind == "sentence"
        and repeated[normalise(u.text)] < 3
        and (u.position, u.text) not in used_positions
    ]
    used_shapes: list[set[str]] = []
    # The author's marked terms (see cleaning.marks) that no card answers yet: the sentence
    # that marks one defines it in an apposition (every mark's definition first), else it
    # gets its cloze there, when the gates take it.
    lowered = text.lower()
    present = [m for m in marked if m.term.lower() in lowered]  # the whole material's marks
    for cloze in (False, True):
        for mark in present:
            carded = {normalise(_strip_article(t)) for t in defined} | used_answers
            if normalise(mark.term) in carded:
                continue
            for unit in marked_sentences(mark, sentences):
                if (unit.position, unit.text) in used_positions:
                    continue
                form = marked_form(mark.term, unit.text) or mark.term
                if not cloze:
                    card = marked_definition_card(
                        unit.text, form, unit.section, material
                    ) or marked_name_card(unit.text, form, unit.section, material)
                    if offer(1, unit, card):
                        defined.append(mark.term)
                        break
                elif offer(
                    2, unit, cloze_card(unit.text, form, unit.section, material, marked=True)
                ):
                    used_shapes.append(set(normalise(unit.text).split()))
                    break
    terms = marked_first(
        [m.term for m in present], salient_terms([u.text for u in sentences], defined, material)
    )
    # A key term is the answer of several facts ("cell theory" states, was proposed by, …):
    # round one gives each term one cloze, the next rounds another fact each, never the same
    # sentence twice.
    # A term whose blank grew to its phrase ("socket" → "socket buffer size") is carded too.
    clozed: set[str] = set()
    for round_ in range(CLOZES_PER_TERM):
        for term in terms:
            if round_ == 0 and normalise(term) in used_answers:
                continue
            if round_ > 0 and not {normalise(term)} & (used_answers | clozed):
                continue  # no good sentence for it in round one: none in the next either
            for unit in sentences:
                if (unit.position, unit.text) in used_positions or _same_template(
                    unit.text, used_shapes
                ):
                    continue
                card = cloze_card(unit.text, term, unit.section, material)
                if offer(2, unit, card, again=round_ > 0):
                    used_shapes.append(set(normalise(unit.text).split()))
                    clozed.add(normalise(term))
                    break
            if len([p for p in picked if p[0] == 2]) >= count:
                break  # enough clozes to choose from
    # A sentence that states a fact in a frame nominates its own term (see slot_terms): in
    # narrative prose names fill the salient list, and the plain noun phrase on the frame's
    # slot ("in-groups and out-groups") is never among them.
    for unit in sentences:
        if len([p for p in picked if p[0] == 2]) >= count:
            break
        if (unit.position, unit.text) in used_positions or _same_template(unit.text, used_shapes):
            continue
        for term in slot_terms(without_opener(unit.text), material):
            answered = sum(normalise(c.back) == normalise(term) for t, _, c in picked if t == 2)
            if answered >= CLOZES_PER_TERM:
                continue  # a term's facts are capped here as in the salient rounds
            card = cloze_card(unit.text, term, unit.section, material)
            if offer(2, unit, card, again=True):
                used_shapes.append(set(normalise(unit.text).split()))
                break
    # Two definition-like cards for one cloze, so a small count still gets both kinds.
    defs = sorted((p for p in picked if p[0] < 2), key=lambda p: (p[0], p[1]))
    clozes = [p for p in picked if p[0] == 2]
    chosen: list[tuple[int, int, CardDraft]] = []
    while (defs or clozes) and len(chosen) < count:
        for source in (defs, defs, clozes):
            if source and len(chosen) < count:
                chosen.append(source.pop(0))
    chosen.sort(key=lambda p: p[1])
    cards = [card for _, _, card in chosen]
    rejected = [r for r in facts.values() if r is not None]
    rejected += [(c.front, "more than the part's share of cards") for _, _, c in defs + clozes]
    return Harvest(cards, len(facts), rejected, known=len(known))
