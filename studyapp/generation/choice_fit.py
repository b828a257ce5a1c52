"""Choice sets that test the fact, not the learner's eye for a misfit.

The quality gate (:func:`studyapp.generation.quality.judge_choices`) judges each wrong option
beside the answer. That let through sets a strict reader drops (issue 18): an option that does
not fit the sentence (a plural among singulars, an adjective in a noun's place), one of another
kind (a header name among directives), one the material says is right too, and sets that give
the answer away (the only option repeating the question's number, the only one opening with
another word). And a new goal had too few cards for any set ("Not enough of your own cards").

Here:
- :func:`material_candidates` draws wrong options from the goal's material itself: the terms
  it defines, its definitions and stated purposes (in the words a card's answer has), and its
  salient terms, so the first quiz cards of a new goal have choices;
- :func:`misfit` rejects one option for the reasons above that a single option can show,
  with :mod:`studyapp.generation.choice_kinds` telling kinds of things apart (a verb phrase,
  a disease or a place among terms; an error code among flags) and the material's lists;
- :func:`giveaway` rejects a whole set that sets one option apart;
- :func:`pick_choices` walks the candidates best first through the gate and :func:`misfit`,
  then takes the first three (in order) that make a set with no giveaway.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence

from studyapp.generation.choice_alias import stated_alias
from studyapp.generation.choice_contrast import contrast_misfit
from studyapp.generation.choice_does_too import does_too
from studyapp.generation.choice_entity import entity_clash
from studyapp.generation.choice_head_kind import head_kind_misfit
from studyapp.generation.choice_hyponym import kind_of_answer
from studyapp.generation.choice_kinds import is_material_term, kind_clash, other_list
from studyapp.generation.choice_other_kind import filler_set, other_kind, split_kinds
from studyapp.generation.choice_peers import kin as peers_of
from studyapp.generation.choice_peers import plural_agreed, shared_start
from studyapp.generation.choice_phrase import garbled
from studyapp.generation.choice_pool import heading_kin, in_number, named_terms
from studyapp.generation.choice_sense import article_clash, is_verb_word, sense_clash
from studyapp.generation.choice_slot import slot_number, verb_slot
from studyapp.generation.choice_twice import one_option_twice
from studyapp.generation.choice_verb_fit import verb_misfit
from studyapp.generation.cloze_surface import with_article
from studyapp.generation.lexicon import is_word
from studyapp.generation.offline_cards import (
    definition_card,
    find_definition,
    purpose_card,
    salient_terms,
    units,
)
from studyapp.generation.quality import (
    BLANK,
    Rejection,
    clean,
    cloze_sentence,
    judge_choices,
)
from studyapp.generation.terms import stem as stem_word
from studyapp.generation.words import STOPWORDS, is_verb
from studyapp.vectors.embedder import Embedder, normalise

POOL = 12  # passing options a set is chosen from (220 sets of three at most)
MATERIAL_CHARS = 60_000  # what term extraction reads of the material around the card
_NUMBER = re.compile(r"\b\d+(?:\.\d+)?\b")
_ARTICLES = frozenset({"a", "an", "the"})
# Endings of adjectives that are never nouns on their own ("passive", "reliable", "optional").
_ADJECTIVE_END = re.compile(
    r"(ive|ous|able|ible|ful|less|ical|ial|ant|ent|ary|ic|al)$", re.IGNORECASE
)
_NOUN_END = re.compile(r"(tion|sion|ment|ness|ity|ance|ence|ism|ist|er|or|ure|age|ing)$", re.I)
_NOT_PLURAL_END = ("ss", "us", "is", "ous", "ics", "sis", "xis", "ess")


# -- candidates from the material -------------------------------------------------------------
def material_candidates(material: str, *, limit: int = 200) -> list[str]:
    """Wrong-option candidates in the material's own words: defined terms, definitions and
    purposes as a card's answer puts them, and salient terms. In the material's order; the
    gate and the caller's ranking pick among them."""
    text = material[:MATERIAL_CHARS]
    if not text.strip():
        return []
    found = units(text)
    sentences = [u.text for u in found if u.kind == "sentence"]
    out: list[str] = []
    defined: list[str] = []
    for unit in found:
        if unit.kind == "definition" and unit.term:
            defined.append(unit.term)
            out.append(unit.term)
            continue
        d = find_definition(unit.text)
        if d is not None:
            defined.append(d.term)
            out += [_bare(d.term), definition_card(d).back]
            continue
        card = purpose_card(unit.text)
        if card is not None:
            out.append(card.back)
    # What the material names ("called thermophiles", "mesophiles ('middle loving')"): terms
    # it introduces without defining them, often the very siblings of a card's answer.
    out += [t for t in named_terms(text) if is_material_term(t, text)]
    # A salient term is only counted words; one the material does not use as a term
    # ("device awake" from "keep the device awake") is no option.
    out += [t for t in salient_terms(sentences, defined, text) if is_material_term(t, text)]
    seen: set[str] = set()
    unique = []
    for option in out:
        option = clean(option)
        if len(option.split()) <= 4 and not option.endswith("."):
            option = _bare(option)  # a term, not a description: "the ready list" is "ready list"
        key = normalise(option)
        if option and key and key not in seen:
            seen.add(key)
            unique.append(option)
    return unique[:limit]


def _bare(term: str) -> str:
    words = term.split()
    if len(words) > 1 and words[0].lower() in _ARTICLES:
        words = words[1:]
    return " ".join(words)


# -- one option -------------------------------------------------------------------------------
def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'-]*|\d+", text)


def is_plural(text: str) -> bool | None:
    """Whether a short noun phrase is plural (by its last word), None when that cannot be told
    (a sentence, a name, a number, an identifier)."""
    ws = _words(text)
    if not ws or len(ws) > 4 or not re.fullmatch(r"[A-Za-z][A-Za-z' -]*", text.strip()):
        return None
    if any(w[:1].isupper() for w in ws[1:]) or ws[0].isupper():
        return None  # "TCP Vegas", "ACKs": names and acronyms keep their own form
    last = ws[-1].lower()
    if len(last) <= 3 or last.endswith(_NOT_PLURAL_END):
        return False
    return last.endswith("s")


def kind_of(text: str) -> str:
    """The kind a learner reads off an option at a glance, for single terms: a number, an
    acronym, a code name, a Capitalised-Hyphenated name (a header), a lower-hyphenated token
    (a directive, an option), a capitalised word, or plain words."""
    t = text.strip()
    if _NUMBER.fullmatch(t):
        return "number"
    if " " in t:
        return "words"
    if re.fullmatch(r"[A-Z0-9]{2,}s?", t) and re.search(r"[A-Z]", t):
        return "acronym"
    if "_" in t or t.endswith(")") or re.search(r"[a-z][A-Z]|\.\w", t):
        return "code"
    if "-" in t:
        return "Hyphen-Name" if t[:1].isupper() else "hyphen-token"
    if t[:1].isupper():
        return "Capitalised"
    return "words"


def _kinds_clash(answer: str, option: str) -> bool:
    a, o = kind_of(answer), kind_of(option)
    if a == o:
        return False
    # A capitalised single word may just open a sentence; a plain word and a lower-hyphenated
    # token are both lower-case terms ("immutable", "max-age"). Everything else is a clash.
    fair = {
        frozenset({"words", "Capitalised"}),
        frozenset({"words", "hyphen-token"}),
        frozenset({"Capitalised", "Hyphen-Name"}),
    }
    if frozenset({a, o}) in fair:
        # ... except a capitalised name where the answer is a lower-case term: the blank is not
        # at a sentence's start, so the capital marks a name ("Vary" among directives).
        return a == "hyphen-token" and o == "Capitalised"
    return True


def _adjective_for_noun(answer: str, option: str) -> bool:
    """A lone adjective offered where the answer is a noun ("passive" for "diffusion")."""
    ow, aw = _words(option), _words(answer)
    if len(ow) != 1 or not aw:
        return False
    word, head = ow[0].lower(), aw[-1].lower()
    adjective = bool(_ADJECTIVE_END.search(word)) and not _NOUN_END.search(word)
    noun = bool(_NOUN_END.search(head)) or not _ADJECTIVE_END.search(head)
    return adjective and noun and not is_plural(option)


def _filled(stem: str, option: str) -> str | None:
    sentence = with_article(cloze_sentence(stem), option)  # "a(n) _____" → "an …"
    if BLANK not in sentence:
        return None
    return sentence.replace(BLANK, option, 1)


def _said_in(material: str, stem: str, option: str, answer: str) -> bool:
    """The material states the option where the answer goes: the cloze sentence's words
    around the blank with the option in place, or the question's subject beside the option in
    one sentence of the material (for a definition question)."""
    if not material:
        return False
    low = " ".join(material.lower().split())
    filled = _filled(stem, option)
    if filled is not None:
        before, _, after = with_article(cloze_sentence(stem), option).partition(BLANK)
        left = " ".join(before.split()[-4:]).lower()
        right = " ".join(after.split()[:6]).lower().rstrip(".,;:!?")
        probe = " ".join(filter(None, [left, option.lower(), right]))
        return len(probe) > len(option) + 6 and probe in low
    subject = _subject(stem)
    if not subject or normalise(subject) in normalise(option):
        return False
    opt = option.lower().rstrip(".")
    for sentence in re.split(r"(?<=[.!?])\s+", low):
        if opt in sentence and subject.lower() in sentence and answer.lower()[:20] not in sentence:
            return True
    return False


def _subject(question: str) -> str:
    m = re.match(
        r"^(?:what|which|who)\s+(?:is|are|does|do)\s+(?:an?\s+|the\s+)?(.+?)"
        r"(?:\s+(?:mean|do|used for|refer to|called|known as|defined))?\?$",
        question.strip(),
        re.IGNORECASE,
    )
    return m.group(1).strip() if m else ""


def _opening_clash(answer: str, option: str) -> str | None:
    """A description among terms or the reverse ("A mapping from names to objects" beside
    "nonlocal statement"), or a verb in another form ("Enable …" beside "Controls …")."""
    aw, ow = answer.split(), option.split()
    if not aw or not ow or (len(aw) < 2 and len(ow) < 2):
        return None
    a_first, o_first = aw[0].lower(), ow[0].lower()
    if (a_first in _ARTICLES) != (o_first in _ARTICLES):
        return "opens unlike the answer (a description among terms, or the reverse)"
    if a_first != o_first and is_verb(a_first) and is_verb(o_first):
        a_s, o_s = (w.endswith("s") and not w.endswith("ss") for w in (a_first, o_first))
        if a_s != o_s:
            return "opens with another form of the verb"
    return None


# Nouns that name what the blank is ("the _____ structure", "the _____ option"): an option must
# be one, as the material writes it, when the answer is.
_CATEGORIES = {
    "structure": ("structure", "struct"),
    "struct": ("structure", "struct"),
    "option": ("option",),
    "flag": ("flag",),
    "directive": ("directive",),
    "header": ("header",),
    "function": ("function",),
    "field": ("field",),
    "signal": ("signal",),
    "error": ("error",),
    "constant": ("constant",),
    "macro": ("macro",),
    "method": ("method",),
    "attribute": ("attribute",),
    "parameter": ("parameter",),
    "argument": ("argument",),
    "protocol": ("protocol",),
    "command": ("command",),
    "module": ("module",),
    "class": ("class",),
}


def _category(stem: str) -> tuple[str, ...]:
    """The category noun right after the blank, with its spellings, or ()."""
    sentence = cloze_sentence(stem)
    if BLANK not in sentence:
        return ()
    after = sentence.partition(BLANK)[2].split()
    word = after[0].lower().strip(".,;:()") if after else ""
    return _CATEGORIES.get(word, ())


def _named_as(term: str, nouns: tuple[str, ...], material: str) -> bool:
    t = re.escape(term)
    return any(
        re.search(rf"{t}\W{{0,2}}\s+{n}s?\b|\b{n}\s+{t}", material, re.IGNORECASE) for n in nouns
    )


def _other_category(option: str, answer: str, stem: str, material: str) -> bool:
    """The blank names a category ("the _____ structure") the material puts the answer in,
    and never the option."""
    nouns = _category(stem)
    if not nouns or not material:
        return False
    return _named_as(answer, nouns, material) and not _named_as(option, nouns, material)


_STATEMENT = re.compile(r"^\S+(?:\s+\S+){2,}[.!]$")


def _statement(text: str) -> bool:
    """A whole sentence (three words or more and a full stop), as a question card's
    claim or fact is ("Life arose from nonliving matter."), not a term or a phrase."""
    return _STATEMENT.match(text.strip()) is not None


def misfit(
    option: str, answer: str, stem: str = "", material: str = "", *, harvested: bool = False
) -> str | None:
    """Why ``option`` would not work beside ``answer`` for reasons the gate's per-option checks
    do not see, or None. ``harvested``: the option was taken from the goal's own words (the
    offline generator's candidates), so one the material has but not as a term is a fragment
    of its sentences; Claude's options are written as options and are not judged so (its
    "Fast retransmit" beside "Slow start" was turned down as a fragment)."""
    if _kinds_clash(answer, option):
        return "another kind of term than the answer"
    if _statement(answer) != _statement(option):
        return (  # "Deviance fosters social change." beside "Rewards given for conforming …"
            "a statement where the answer is a phrase"
            if _statement(option)
            else "a phrase where the answer is a statement"
        )
    broken = garbled(option)
    if broken and not garbled(answer):
        return broken
    if (
        answer[:1].islower()
        and option[:1].isupper()
        and kind_of(option) in ("words", "Capitalised")
        and not option.split()[0].isupper()
    ):
        return "capitalised where the answer is not (a name among common words)"
    a_plural, o_plural = is_plural(answer), is_plural(option)
    if o_plural is False and plural_agreed(option, material):
        o_plural = True  # "sheep are preferred", "cattle are kept": a plural by agreement
    number = slot_number(stem, material)  # the sentence's verb says, over the answer's form
    if number is not None and o_plural is not None and o_plural != (number == "plural"):
        return f"the verb after the blank wants a {number} (the option is not)"
    if number is None and a_plural is not None and o_plural is not None and a_plural != o_plural:
        return "a plural among singulars" if o_plural else "a singular among plurals"
    if (
        verb_slot(stem)
        and len(answer.split()) == 1
        and not (len(option.split()) == 1 and (is_verb(option) or is_verb_word(option, material)))
    ):
        return "not a verb where the blank is one"
    opening = _opening_clash(answer, option)
    if opening:
        return opening
    if kind_of(answer) == kind_of(option) == "words":  # a term's name is no adjective
        if _adjective_for_noun(answer, option):
            return "an adjective where the answer is a noun"
        if _adjective_for_noun(option, answer):
            return "a noun where the answer is an adjective"
    clash = kind_clash(answer, option, material, stem)
    if clash:
        return clash
    if other_list(answer, option, material):
        return "an entry of another list than the answer's (another kind of thing)"
    if _other_category(option, answer, stem, material):
        return "not of the kind the sentence names (the answer's)"
    # A definition's options are descriptions ("Rewards given for conforming to norms"), not
    # terms: the fragment rule is for terms.
    if harvested and material and len(answer.split()) <= 5 and _fragment(option, material):
        return "not a term the material uses (a fragment of its words)"
    if article_clash(stem, option, answer):
        return "the article before the blank fits the answer only"
    verb = verb_misfit(answer, option, stem, material)  # "the _____ is lit": no "environment"
    if verb:
        return verb
    contrast = contrast_misfit(answer, option, stem, material)  # "stronger than the _____"
    if contrast:
        return contrast
    head = head_kind_misfit(answer, option, stem, material)  # "_____ filters": no "Vector"
    if head:
        return head
    hyponym = kind_of_answer(answer, option, material)  # "Directional selection" of natural
    if hyponym:
        return hyponym
    # Claude's options too: a name the text gives the answer is right, a person among laws
    # gives the law away (other_kind runs both again, cached, for harvested options).
    named = stated_alias(answer, option, material) or entity_clash(answer, option, material)
    if named:
        return named
    if harvested:
        sense = sense_clash(answer, option, stem, material)
        if sense:
            return sense
        other = other_kind(answer, option, material)
        if other:
            return other
    if _said_in(material, stem, option, answer):
        return "also correct in the text"
    # "A _____ connects devices …" => server: "The purpose of a hub is to send a received
    # message to all connected devices" makes "hub" right too (choice_does_too).
    return does_too(answer, option, stem, material)


def _fragment(option: str, material: str) -> bool:
    """A short option the material has, but not as a term ("device awake", another card's
    answer): judged only where the material has it at all, so options from elsewhere (other
    sections' cards, Claude) are not turned down for being absent."""
    if len(option.split()) > 4 or option.endswith((".", "!", "?")):
        return False  # a sentence, not a term
    if option.lower() not in material.lower():
        return False
    return not is_material_term(option, material)


def in_case(option: str, answer: str, material: str = "") -> str:
    """``option`` with the capital it had only for opening a sentence taken off, when the
    answer is lower-case ("Namespaces" among "generators", "iterators")."""
    if not option or not answer[:1].islower() or not option[:1].isupper():
        return option
    first, _, rest = option.partition(" ")
    if not first[1:].islower() or not first.isalpha():
        return option  # "TCP", "McCabe", "EPOLLIN": a name keeps its capitals
    if any(w[:1].isupper() for w in rest.split()):
        return option  # "Fast Open": a name
    if not material and not is_word(first.lower()):
        return option
    # The text's own usage: lower-case somewhere, never capitalised mid-sentence. This is
    # proof enough for a word no dictionary has ("Psychrophiles grow best …" opens a
    # sentence; "psychrophiles and psychrotrophs" is how the text writes it elsewhere).
    if material:
        prose = re.sub(r"(?m)^#.*$", "", material)  # headings are in title case
        low = re.search(rf"\b{re.escape(first.lower())}\b", prose)
        named = re.search(rf"[a-z,;] +{re.escape(first)}\b", prose)
        if low is None or named is not None:
            return option
    return first.lower() + (" " + rest if rest else "")


# -- the set ----------------------------------------------------------------------------------
def _first_word(text: str) -> str:
    ws = text.split()
    return ws[0].lower().strip("\"'“‘(") if ws else ""


def family(term: str) -> str:
    """The family a name shows: a constant's prefix ("SO_", "TCP_", "SIG"), a function's module
    ("dns.")."""
    t = term.strip()
    dotted = re.fullmatch(r"([A-Za-z_]\w*)\.\w+(?:\(\))?", t)
    if dotted:  # "dns.lookup()": its module
        return dotted.group(1) + "."
    if not re.fullmatch(r"[A-Z][A-Z0-9_]+", t):
        return ""
    if "_" in t.strip("_"):
        return t.split("_", 1)[0] + "_"
    return t[:3]


def same_family_first(answer: str, options: list[str]) -> list[str]:
    """Options of the answer's family first ("SIGPIPE" before "UDP" for "SIGIO"), else as
    they came."""
    mine = family(answer)
    if not mine:
        return options
    return sorted(options, key=lambda o: family(o) != mine)


def echoing(every: Sequence[str], stem: str) -> str | None:
    """Only one option repeats a word of the sentence in what sets it apart from the others
    ("When a _____ is left normally, a class object is created": "class definition" among
    "function definition", "module definition")."""
    sentence = cloze_sentence(stem)
    if BLANK not in sentence or len(every) < 3:
        return None
    said = {stem_word(w) for w in _words(sentence.replace(BLANK, " ")) if len(w) > 3}
    own = [{stem_word(w) for w in _words(o) if len(w) > 3} for o in every]
    shared = set.intersection(*own) if own else set()
    echoes = [bool((words - shared) & said) for words in own]
    if sum(echoes) == 1:
        return "only one option repeats a word of the sentence"
    return None


def noun_in(word: str, material: str) -> bool:
    """The material writes the word as a noun of its own: after an article, ending its phrase
    ("the liver is", "a feature,"), not only before another noun ("the experimental
    negotiation")."""
    ends = r"(?=\s*[.,;:)]|\s+(?:is|are|was|were|of|in|to|that|which|and|or|for|with|as|on|by)\b)"
    pattern = rf"\b(?:the|a|an)\s+{re.escape(word)}s?{ends}"
    return re.search(pattern, " ".join(material.split()), re.IGNORECASE) is not None


def siblings(answer: str, material: str, *, most: int = 8) -> list[str]:
    """Terms of the material with the answer's head noun and a noun before it ("function
    definition", "module definition" for "class definition"; "liver cells" for "target
    cells"): the material's own terms of the answer's kind, for a set the cards' answers
    cannot fill. An adjective before the head makes no sibling ("incomplete negotiation")."""
    ws = answer.split()
    if len(ws) != 2 or not re.fullmatch(r"[a-z][a-z-]+ [a-z]+", answer) or not material:
        return []
    head = ws[-1]
    counts: dict[str, int] = {}  # in the material's order
    for m in re.finditer(rf"(?<![\w-])([a-z][a-z-]{{2,}}) {re.escape(head)}\b", material):
        word = m.group(1)
        if word in STOPWORDS or word == ws[0] or is_verb(word) or not noun_in(word, material):
            continue  # "liver cells", "feature negotiation"; not "incomplete negotiation"
        term = f"{word} {head}"
        counts[term] = counts.get(term, 0) + 1
    found = [t for t in counts if is_material_term(t, material)]
    return found[:most]


def _asked_about(question: str) -> str:
    """The subject of a question about one thing ("What does SO_PRIORITY do?" -> "SO_PRIORITY",
    "What is endocrinology?" -> "endocrinology"), or "" for a cloze."""
    q = question.strip()
    if BLANK in q:
        return ""
    m = re.match(r"^(?:what|who)\s+(?:is|are)\s+(?:an?\s+|the\s+)?(.+?)\?$", q, re.I)
    m = m or re.match(r"^what\s+(?:does|do)\s+(?:an?\s+|the\s+)?(.+?)\s+\w+\?$", q, re.I)
    return m.group(1).strip() if m else ""


def _named_in_answer(answer: str, options: Sequence[str], stem: str) -> str | None:
    """The answer repeats a word of the asked-about name that no wrong option has ("What does
    SO_PRIORITY do?" -> "Set the protocol-defined priority …"; "What is endocrinology?" -> "…
    endocrine system diseases"): the learner matches the name, not the meaning. A word of
    four letters or more counts when it is in a part of the name ("fast" in "fastopen")."""
    subject = _asked_about(stem)
    if not subject:
        return None
    parts = [p.lower() for p in re.split(r"[^A-Za-z]+|(?<=[a-z])(?=[A-Z])", subject) if p]
    # "fin", "abc", "ecn" and numbers ("1337" of tcp_rfc1337): matched as whole words only.
    short = {p for p in parts if len(p) == 3} | set(re.findall(r"\d{3,}", subject))
    abbreviable = [p for p in parts if 2 <= len(p) <= 8]
    parts = [p for p in parts if len(p) >= 4]
    if not parts and not short:
        return None

    def names(text: str, *, whole: bool = False) -> set[str]:
        """The parts of the name ``text`` repeats; ``whole``: only where a word has the whole
        part ("timestamps" for tcp_timestamps, not "time" of "TIME_WAIT")."""
        found = set()
        for w in _words(text):
            # "keep-alive" is the "keepalive" of SO_KEEPALIVE: a name drops the hyphen.
            word = w.lower().replace("-", "")
            low = stem_word(word)
            for p in parts:
                if p in word or (len(word) >= 5 and p.startswith(word[:-1])):
                    found.add(p)
                elif whole:
                    continue
                elif len(low) >= 4 and low in p:
                    found.add(p)
                elif len(word) >= 5 and shared_start(word, p) >= 5:
                    found.add(p)  # "orphaned" for tcp_max_orphans, "recycling" for …_recycle
                elif len(p) >= 6 and len(word) >= 5 and p.endswith(word[:4]):
                    found.add(p)  # "credentials" for SO_PASSCRED: a compound's last part
            if word in short or word.rstrip("s") in short:
                found.add(word.rstrip("s"))  # "SYNs" for tcp_syn_retries
        # "receive buffer" is tcp_moderate_rcvbuf's "rcvbuf", "TIME_WAIT" tcp_max_tw_buckets'
        # "tw", "SYN/ACK" tcp_synack_retries' "synack": a part cut from words in a row.
        letters = [w.lower() for w in re.findall(r"[A-Za-z]+", text)]
        for p in abbreviable:
            if any(_abbreviates(p, letters[i : i + 3]) for i in range(len(letters))):
                found.add(p)
        # "Explicit Congestion Notification" spells out tcp_ecn's "ecn".
        for run in re.findall(r"(?:\b[A-Z][a-z]+\b[ -]?){3,}", text):
            initials = "".join(w[0] for w in re.findall(r"[A-Z][a-z]+", run)).lower()
            found |= {p for p in short | set(parts) if p in initials}
        return found

    def spelled(text: str) -> bool:
        """Every part of a name of two parts or more is in the text ("keep-alive probes" for
        tcp_keepalive_probes)."""
        words = [w.lower().replace("-", "") for w in _words(text)]
        return len(parts) >= 2 and all(
            any(p in w or w in p for w in words if len(w) >= 4) for p in parts
        )

    # Each part of the name the answer repeats must be repeated by an option too ("orphaned"
    # for tcp_max_orphans is no giveaway only when an option also says "orphan…").
    mine, strong = names(answer), names(answer, whole=True)
    theirs = set().union(*(names(o) for o in options)) if options else set()
    theirs_whole = set().union(*(names(o, whole=True) for o in options)) if options else set()
    if mine - theirs or strong - theirs_whole:
        return "only the answer repeats a word of the name asked about"
    # One option sharing one word ("probe") does not hide an answer that spells the name out.
    if spelled(answer) and not any(spelled(o) for o in options):
        return "only the answer spells out the name asked about"
    return None


def _abbreviates(part: str, words: Sequence[str]) -> bool:
    """``part`` is cut from the first of ``words`` and maybe the next ones in a row: each
    piece opens as its word does and keeps its letters in order ("rcv" + "buf" of "receive
    buffer", "s" + "ack" of "selective acknowledgements"). A part from one word alone must be
    its first four letters or more ("fin" of "final" is left to the other checks); a
    two-letter part needs two words."""

    def fits(piece: str, word: str) -> bool:
        if not piece or not word or piece[0] != word[0]:
            return False
        it = iter(word)
        return all(c in it for c in piece)

    def split(rest: str, ws: Sequence[str], longest: int) -> bool:
        """``rest`` cut from ``ws`` in a row; one piece at least three letters long."""
        if not rest:
            return longest >= 3
        if not ws:
            return False
        for cut in range(1, len(rest) + 1):
            piece = rest[:cut]
            alone = cut == len(part)  # the whole part from one word: its opening letters
            if alone and (len(piece) < 4 or not ws[0].startswith(piece)):
                continue
            if fits(piece, ws[0]) and split(rest[cut:], ws[1:], max(longest, cut)):
                return True
        return False

    if not words or len(part) < 2:
        return False
    if len(part) == 2:
        return len(words) >= 2 and fits(part[0], words[0]) and fits(part[1], words[1])
    return split(part, words, 0)


def giveaway(answer: str, options: Sequence[str], stem: str = "") -> str | None:
    """Why the set (answer and wrong options) sets one option apart, or None."""
    every = [answer, *options]
    echo = echoing(every, stem)
    if echo:
        return echo
    numbers = set(_NUMBER.findall(cloze_sentence(stem)))
    if numbers:
        repeating = [o for o in every if numbers & set(_NUMBER.findall(o))]
        if len(repeating) == 1:
            return "only one option repeats the question's number"
    named = _named_in_answer(answer, options, stem)
    if named:
        return named
    judged = [is_plural(o) for o in every]
    plural = [p for p in judged if p is not None]
    if len(plural) == len(judged) and sum(plural) in (1, len(every) - 1):
        return "only one option differs in number (a plural among singulars, or the reverse)"
    if all(len(o.split()) >= 2 for o in every):
        firsts = [_first_word(o) for o in every]
        common = max(set(firsts), key=firsts.count)
        if firsts.count(common) == len(every) - 1:
            return "only one option opens with another word"
    return None


def _sentence_start(option: str) -> str:
    """An option opening the sentence as the answer does: a lower-case word capitalised
    ("negative sanctions" beside "Formal sanctions", and "endocrinologists" beside "Hormones"
    though no dictionary has it); names and code stay as written."""
    first = option.split(" ", 1)[0]
    if not first.isalpha() or not first.islower():
        return option  # code ("mod_mime", "epoll_wait"), names ("iPhone") keep their case
    return option[:1].upper() + option[1:]


def _in_answer_number(options: list[str], answer: str, stem: str, material: str) -> list[str]:
    """Each term in the number the blank asks for (the verb after it, else the answer's), as
    the material writes it in that number ("natural concept" -> "natural concepts" beside
    "artificial concepts"): a term of the answer's kind is not lost to its number alone. A
    term the material never writes in that number is not made up. The new forms come after
    the options as they were: they fill a set the others cannot, never displace a term that
    fits as written (a "squares" made of "square" is less likely the answer's kind)."""
    number = slot_number(stem, material)
    wanted = is_plural(answer) if number is None else number == "plural"
    if wanted is None:
        return options
    agreed: list[str] = []
    for option in options:
        have = is_plural(option)
        if have is None or have == wanted:
            continue
        form = in_number(option, wanted, material)
        if form and form not in options and form not in agreed:
            agreed.append(form)
    return options + agreed


def pick_choices(
    answer: str,
    candidates: Iterable[str],
    stem: str = "",
    *,
    need: int = 3,
    embedder: Embedder | None = None,
    also_correct: Sequence[str] = (),
    material: str = "",
    harvested: bool = False,
) -> tuple[list[str], list[Rejection]]:
    """Up to ``need`` wrong options, best first, that pass the gate and :func:`misfit` and make
    a set with no :func:`giveaway`, and the rejections. Fewer than ``need`` when no such set
    exists among the first :data:`POOL` passing options. ``harvested``: see :func:`misfit`."""
    candidates = list(candidates)
    if harvested:  # the material's own terms of the answer's kind, after the given ones
        number = slot_number(stem, material)
        plural = is_plural(answer) if number is None else number == "plural"
        # The sections beside the answer's own are on things of its kind: they go first, as
        # the gate reads only the first passing options.
        kin = heading_kin(answer, material, plural)
        # Then the terms the material lists with the answer or defines with its genus
        # ("camels, sheep, goats, and cattle"; "neutron: neutral particle …", "proton:
        # particle …"): the answer's own kind, before other cards' answers of any kind.
        kin += [p for p in peers_of(answer, material) if p not in kin]
        candidates = kin + [c for c in candidates if c not in kin]
        candidates += [t for t in siblings(answer, material) if t not in candidates]
    options = [in_case(clean(o), answer, material) for o in candidates]
    if harvested:
        options = _in_answer_number(options, answer, stem, material)
    # Options of the answer's kind first (stable): the gate looks at the first 3 * POOL only,
    # and a kind it would refuse later must not crowd out ones it would keep.
    options.sort(key=lambda o: kind_clash(answer, o, material, stem) is not None)
    # The gate first (its reasons are the familiar ones), on enough to choose a set from.
    gated, rejected = judge_choices(
        answer, options, stem, need=3 * POOL, embedder=embedder, also_correct=also_correct
    )
    passed: list[str] = []
    for option in gated:
        why = misfit(option, answer, stem, material, harvested=harvested)
        if why:
            rejected.append(Rejection(option, why))
        elif len(passed) < POOL:
            passed.append(option)
    passed = same_family_first(answer, passed)
    if len(passed) < need:
        return passed, rejected
    last = None
    for combo in itertools.combinations(passed, need):
        last = giveaway(answer, combo, stem) or one_option_twice([answer, *combo])
        if last is None and harvested:
            last = split_kinds(answer, combo, material) or filler_set(answer, combo, material)
        if last is None:
            chosen = list(combo)
            rejected += [
                Rejection(o, "left out: the set reads fairer without it")
                for o in passed
                if o not in chosen and passed.index(o) < passed.index(chosen[-1])
            ]
            if cloze_sentence(stem).startswith(BLANK) and answer[:1].isupper():
                chosen = [_sentence_start(o) for o in chosen]  # not "negative sanctions" alone
            return chosen, rejected
    rejected.append(Rejection(" / ".join(passed[:need]), f"a giveaway set: {last}"))
    return [], rejected
