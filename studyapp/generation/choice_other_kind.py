"""One general test for a wrong option of another kind than the answer, for the generator and
the scorers alike.

Round 8's strict read (issue 18) dropped two offline sets that both benchmark scorers passed:
"_____ are valued as transport …" => Camels among Rangelands | Resources | Families, and "The
_____ is, essentially, an electrically neutral twin of the proton" => neutron among overall |
physics | magnitude. A learner picks the answer by its kind alone. Read from the material, with
no word list:

- :func:`not_a_noun`: the option is a word the material never uses as a noun (never after a
  determiner, never in the plural) with an adjective's or an adverb's ending or use ("overall",
  written "electrically neutral overall") where the answer is a noun;
- :func:`mass_among_countable`: the answer is a thing the material counts ("two neutrons", "a
  proton") and the option a word it never counts (never plural, never after "a"/"one"):
  a field ("physics") or a quantity ("magnitude") among things;
- :func:`outside_kin`: the material names three or more peers of the answer (listed with it,
  or defined with its genus: :func:`studyapp.generation.choice_peers.kin`) and the option is
  none of them, shares none of their head nouns and is listed with none of them.

:func:`other_kind` runs the three, and two round 9 added: a name of another kind for a
proper-noun answer (:mod:`studyapp.generation.choice_entity`: a person or a place among laws)
and an option the material names the answer by, also correct
(:mod:`studyapp.generation.choice_alias`: "microorganisms (or microbes)"); each answers None
when the material does not tell. Round 9's blind read of five sets added
:func:`activity_among_definitions` ("Sending postcards …" among definitions) and
:func:`example_of_answer` ("squares … examples of artificial concepts"); and, for a whole set,
:func:`filler_set`: two common English words or more that the material never ties to the
answer ("Chronotypes" among Periods | Components), where no set is better.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from studyapp.generation.choice_alias import stated_alias
from studyapp.generation.choice_entity import entity_clash
from studyapp.generation.choice_peers import coordinated, key, kin, plural_agreed

_ADJECTIVE_END = re.compile(r"(?:ive|ous|able|ible|ful|less|ical|ial|ic|al|ly)$", re.I)
# Endings that make a noun of a verb or an adjective: never an adjective's own.
_NOUN_MADE = re.compile(r"(?:tion|sion|ment|ness|ity|ance|ence|ism)$", re.I)
_WORD = re.compile(r"^[A-Za-z][a-z'-]*$")
_FEWEST_KIN = 3  # peers enough that the material's kind for the answer is plain
_MOST_WORDS = 3  # an option of more words is a description, not a term with a head


def _flat(material: str) -> str:
    return " ".join(material.split())


def _plural_written(word: str, material: str) -> bool:
    w = key(word)
    forms = [w + "s", w + "es"] + ([w[:-1] + "ies"] if w.endswith("y") else [])
    return any(re.search(rf"\b{re.escape(f)}\b", material, re.I) for f in forms)


_LINKS = r"(?:of|in|on|at|to|for|with|by|from|into|and|or|but|as|than|that|which)"
_PHRASE_END = (
    r"(?=\s*[.,;:)]|\s+(?:is|are|was|were|of|in|to|that|which|and|or|for|with|as|on|by|has|can|"
    r"may|will)\b)"
)


def _counted(word: str, material: str, *, strict: bool = False, own: bool = False) -> bool:
    """The material counts the word: a plural, "a"/"an"/"one"/"each"/"every" before it (two
    modifiers at most between), or a plural verb after it ("sheep are"). ``strict``: the word
    must end the phrase "a" opens ("an exocrine gland" counts glands, not "exocrine");
    ``own``: and no preposition or conjunction stands between ("a combination of transverse
    and longitudinal" counts combinations, not "transverse")."""
    if _plural_written(word, material) or plural_agreed(word, material):
        return True
    w = re.escape(key(word))
    ends = _PHRASE_END if strict else r"\b"
    link = rf"(?!{_LINKS}\b)" if own else ""  # the words between only modify the word
    mods = rf"(?:{link}[\w'’-]+,?\s+){{0,2}}"
    single = rf"\b(?:a|an|one|each|every|another|single)\s+{mods}({w}){ends}"
    flat = _flat(material)
    for m in re.finditer(single, flat, re.I):
        # "a textbook entitled Chronobiology": a capital inside the phrase marks a title, not
        # the thing counted, where the text writes the word in lower case too.
        if m.group(1)[:1].isupper() and m.group(0)[:1].islower() and _lower_written(word, flat):
            continue
        return True
    return False


def _lower_written(word: str, material: str) -> bool:
    low = key(word)
    return re.search(rf"(?<![\w-]){re.escape(low)}(?![\w-])", material) is not None


def _used(word: str, material: str) -> bool:
    return re.search(rf"\b{re.escape(word)}\b", material, re.I) is not None


def _is_noun_answer(answer: str, material: str) -> bool:
    """The answer's head is a noun in the material: counted, or ending a phrase "the" opens."""
    from studyapp.generation.choice_fit import noun_in  # choice_fit runs this test

    head = answer.split()[-1] if answer.split() else ""
    return bool(head) and (_counted(head, material, strict=True) or noun_in(head, material))


_BASE_RANK = 20_000  # a common English word ("high", "large"), not a fragment ("conqu")


def _comparative_bases(low: str) -> set[str]:
    """The words an "-er" form may be made of: "higher" high, "larger" large, "bigger" big,
    "easier" easy."""
    bases = {low[:-2], low[:-1]}
    if len(low) > 4 and low[-3] == low[-4]:
        bases.add(low[:-3])
    if low.endswith("ier"):
        bases.add(low[:-3] + "y")
    return bases


def comparative(word: str, material: str) -> bool:
    """An adjective's "-er" form by the material: made of an English word ("high"), and the
    material writes the "-est" form too ("highest") or "than" right after it with no article
    before it ("a different customer than" is a noun's), and never the word in the plural
    ("headers", "users": nouns in "-er"). Round 13's S4: "circulating _____ is the first
    source of energy" => glucose among simple sugar | higher | polysaccharide, where "a diet
    higher in carbohydrates" read as counting "higher"."""
    from studyapp.generation.lexicon import is_word

    low = word.lower()
    if len(low) < 5 or not re.fullmatch(r"[a-z]+er", low) or _plural_written(low, material):
        return False
    bases = [b for b in _comparative_bases(low) if len(b) >= 2 and is_word(b, max_rank=_BASE_RANK)]
    if not bases:
        return False  # "conquer", "together": no adjective inside
    flat = _flat(material)
    superlative = rf"\b{re.escape(low[:-2])}est\b"
    than = rf"(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)\b{low}\s+than\b"
    article = rf"\b(?:a|an|the)\s+(?:\w+\s+){{0,3}}{low}\s+than\b"
    if re.search(superlative, flat, re.I):
        return True
    return re.search(than, flat, re.I) is not None and re.search(article, flat, re.I) is None


# Nouns that measure, sort or divide what follows them ("amounts of fiber", "types of
# carbohydrate", "a number of"): a closed class that names no thing of any kind.
MEASURE_NOUNS = frozenset(
    """amount amounts number numbers level levels quantity quantities degree degrees extent
    kind kinds type types sort sorts part parts way ways variety varieties lot lots portion
    portions proportion proportions""".split()  # noqa: SIM905
)


def measure_noun(answer: str, option: str, material: str) -> str | None:
    """A lone measure or sort noun ("amounts", "types", "levels") as an option, where the
    answer is none: round 13's S1, "Starch and _____ cause a less dramatic rise in blood
    glucose" => fiber among sugars | salt | amounts (from "higher amounts of sugar")."""
    head = answer.strip().lower().split()[-1:]
    if option.strip().lower() not in MEASURE_NOUNS or (head and head[0] in MEASURE_NOUNS):
        return None  # "types" among "kinds", "levels": the answer's own sort of word
    return "a word that measures or sorts things (amounts, types), not a thing of any kind"


def not_a_noun(answer: str, option: str, material: str) -> str | None:
    """A lone option the material uses only as an adjective or an adverb, for a noun answer."""
    word = option.strip()
    if not _WORD.match(word) or " " in word or not material or not _used(word, material):
        return None
    if not _is_noun_answer(answer, material):
        return None
    from studyapp.generation.choice_fit import noun_in  # choice_fit runs this test

    low = word.lower()
    if comparative(low, material):
        return "a comparative adjective where the answer is a noun"
    # Counted as the end of its phrase: "a circadian rhythm" counts rhythms, not "circadian"
    # (round 9's S2: "called a _____" => chronotype among … circadian).
    if _counted(low, material, strict=True, own=True) or noun_in(low, material):
        return None  # "a proton", "the magnitude of": a noun somewhere
    if _NOUN_MADE.search(low):
        return None  # "without configuration", "a configuration file": a mass noun, a modifier
    bare = rf"(\S+)\s+(of|in|with|from|by|for|on|as|than|and|or)\s+{re.escape(low)}(?=\s*[.,;:)])"
    for m in re.finditer(bare, _flat(material), re.I):
        if m.group(2).lower() in ("and", "or") and _ADJECTIVE_END.search(m.group(1)):
            continue  # "both longitudinal and transverse.": a pair of adjectives
        return None  # "elements such as uranium.": a mass noun, with no article
    modifier = rf"\b(?:the|a|an|its|their|this)\s+{re.escape(low)}\s+[a-z]"
    if not (_ADJECTIVE_END.search(low) or re.search(modifier, _flat(material), re.I)):
        return None  # "the overall volume": only ever before a noun
    return "an adjective or an adverb where the answer is a noun (never a noun in the text)"


def mass_among_countable(answer: str, option: str, material: str) -> str | None:
    """A word the material never counts (a field, a quantity) among things it counts; of an
    option of words, its head ("severe morningness", a degree, among chronotypes)."""
    words = option.split()
    word = words[-1] if len(words) <= _MOST_WORDS and option.islower() else option.strip()
    if not _WORD.match(word) or not material or not _used(option.strip(), material):
        return None
    head = answer.split()[-1] if answer.split() else ""
    if not head or not _counted(head, material, strict=True) or _counted(word, material):
        return None
    return "a mass noun (a field, a quantity) among things the text counts"


def outside_kin(answer: str, option: str, material: str) -> str | None:
    """The material names enough of the answer's peers, and the option is none of them."""
    if not material or re.search(r"[_()./]|[a-z][A-Z]|^[A-Z0-9]+$", answer + " " + option):
        return None  # code and acronyms: their families are read in choice_kinds
    peers = kin(answer, material)
    if len(peers) < _FEWEST_KIN:
        return None
    o = key(option)
    heads = {key(p).split()[-1] for p in peers if key(p)} | {key(answer).split()[-1]}
    if not o or o in {key(p) for p in peers} or o.split()[-1] in heads:
        return None
    if any(key(p) == key(answer) for p in coordinated(option, material, hops=1)):
        return None
    shown = ", ".join(peers[:3])
    return f"another kind than the answer (the text lists it with {shown}, not with this)"


def _gerund(word: str, material: str) -> bool:
    """An "-ing" form of a verb ("sending", "placing", "running"): its base is a verb the
    word list knows or the material writes after "to" ("to send")."""
    from studyapp.generation.words import is_verb

    low = word.lower()
    if not low.endswith("ing") or len(low) < 6:
        return False
    stem = low[:-3]
    bases = {stem, stem + "e"} | ({stem[:-1]} if len(stem) > 2 and stem[-1] == stem[-2] else set())
    flat = _flat(material)
    return any(is_verb(b) or re.search(rf"\bto\s+{re.escape(b)}\b", flat, re.I) for b in bases)


def activity_among_definitions(answer: str, option: str, material: str) -> str | None:
    """A description of what is done ("Sending postcards or emails and placing ads in print
    …", from "push strategies involve sending …") offered where the answer is a definition in
    a noun phrase ("Any interaction with advertising content"): round 9's S1. An "-ing" verb
    opens the option, one the material never writes after a determiner ("an advertising
    message", "the operating system": a noun's modifier there, as in "Advertising strategy
    aimed at …"); the answer opens with no "-ing" word."""
    ow, aw = option.split(), answer.split()
    if len(ow) < 3 or len(aw) < 3 or aw[0].lower().endswith("ing"):
        return None
    first = ow[0].lower()
    determined = rf"\b(?:a|an|the|this|that|its|their|our|your|his|her)\s+{re.escape(first)}\b"
    if not _gerund(first, material) or re.search(determined, _flat(material), re.I):
        return None
    return "an activity (what is done) where the answer is a definition"


def _plural_blind(word: str) -> str:
    """A word or its plural, as a pattern ("square" finds "squares")."""
    w = re.escape(key(word))
    return rf"{w}(?:s|es)?" if not w.endswith("y") else rf"(?:{w}|{w[:-1]}ies)"


def example_of_answer(answer: str, option: str, material: str) -> str | None:
    """The material gives the option as an example of the answer ("squares and triangles,
    serve as useful examples of artificial concepts"; "concepts, such as squares"): an
    instance of the answer, not a thing of its kind beside it (round 9: "In psychology,
    _____ can be divided into two categories" => concepts among … squares)."""
    words = option.split()
    if not material or not words or len(words) > _MOST_WORDS or not _WORD.match(words[-1]):
        return None
    a, o = _plural_blind(answer), _plural_blind(option)
    if not key(answer) or not key(option) or key(answer) == key(option):
        return None
    mods = r"(?:[\w'’-]+\s+){0,2}"
    patterns = (
        rf"\b{o}\b[^.;:!?]{{0,80}}\bexamples?\s+of\s+{mods}{a}\b",
        rf"\bexamples?\s+of\s+{mods}{a}\b[^.;:!?]{{0,40}}\b(?:include|includes|are|is)\b"
        rf"[^.;:!?]{{0,60}}\b{o}\b",
        rf"\b{a},?\s+(?:such\s+as|including|like|e\.g\.,?)\s+[^.;:!?]{{0,60}}\b{o}\b",
    )
    flat = _flat(material)
    if any(re.search(p, flat, re.I) for p in patterns):
        return "an example of the answer, not a thing of its kind"
    return None


_COMMON_RANK = 5_000  # among English's 5,000 commonest words: of any text, no kind on its own


def common_filler(answer: str, option: str, material: str) -> str | None:
    """A single common English word the material never ties to a single-word answer: not
    listed with it, not defined with its genus, not a section beside its own. Round 9's
    strict read: "_____ exist on a spectrum …" => Chronotypes among Periods | Components |
    Environments, and "What does vigilance against fraud require?" => Knowledge among research
    | experiment | difference: words of any text, which a learner rules out at a glance. The
    answer's peers, however common, stay ("mesor" among period | phase | frequency: the text
    lists them together), and so do two the text makes act ("the caller might …", "the
    application must …"); with none, no set is better than a set of filler."""
    from studyapp.generation.choice_sense import acts, listed_together
    from studyapp.generation.lexicon import rank

    word = option.strip()
    if not _WORD.match(word) or not _WORD.match(answer.strip()) or not material:
        return None
    common = rank(word.lower())
    used = _used(word, material) or _used(key(word), material)  # "Periods": "period"
    if common is None or common > _COMMON_RANK or not used:
        return None
    if key(word) in {key(p) for p in kin(answer, material)}:
        return None
    if listed_together(answer.strip(), word, material):
        return None
    if acts(key(answer), material) and acts(key(word), material):
        return None  # "the caller might", "the application must": two agents
    return "a common word the text never ties to the answer (filler, not of its kind)"


def other_kind(answer: str, option: str, material: str) -> str | None:
    """Why ``option`` is of another kind than ``answer`` by the material's own usage, or None."""
    if not material or not answer.strip() or not option.strip():
        return None
    return (
        stated_alias(answer, option, material)
        or measure_noun(answer, option, material)
        or entity_clash(answer, option, material)
        or not_a_noun(answer, option, material)
        or mass_among_countable(answer, option, material)
        or outside_kin(answer, option, material)
        or activity_among_definitions(answer, option, material)
        or example_of_answer(answer, option, material)
    )


def filler_set(answer: str, options: Sequence[str], material: str) -> str | None:
    """Two options or more of the set are :func:`common_filler`: the learner rules them out
    at a glance and is left with a guess between two, or with the answer alone. One common
    word among the answer's own kind is fair ("directory" among hyperlink | charset |
    resource); a set of them is not."""
    if not material:
        return None
    filler = [o for o in options if common_filler(answer, o, material)]
    if len(filler) >= 2:
        return f"common words the text never ties to the answer ({', '.join(filler)}): filler"
    return None


def split_kinds(answer: str, options: Sequence[str], material: str) -> str | None:
    """The set splits in two kinds: the answer and one peer the material names for it, beside
    two options that are no peers ("carried by _____" => protons among experiments | neutrons
    | properties: the learner is left with the two particles). Judged only when the material
    names two peers of the answer or more; a set with no peer, or two, hides the answer."""
    peers = {key(p) for p in kin(answer, material)} if material else set()
    if len(peers) < 2:
        return None
    inside = [o for o in options if key(o) in peers]
    if len(inside) == 1 and len(options) >= 3:
        return "only one option is of the answer's kind by the text (the two stand apart)"
    return None


def set_of_other_kind(answer: str, options: Sequence[str], material: str) -> list[str]:
    """Each option of the set that is of another kind, with why (for the scorers)."""
    out = []
    for option in options:
        why = other_kind(answer, option, material)
        if why:
            out.append(f"{option!r}: {why}")
    filler = filler_set(answer, options, material)
    return [*out, filler] if filler else out
