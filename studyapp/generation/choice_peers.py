"""The answer's own kind of thing, as the material shows it: its peers in lists and definitions.

Issue 18, round 8's strict read: offline sets offered options of another kind, and both
benchmark scorers passed them:

- "_____ are valued as transport but also for their high-quality milk and tasty meat." =>
  Camels, wrong: Rangelands | Resources | Families (the text herds "camels, sheep, goats, and
  cattle");
- "The _____ is, essentially, an electrically neutral twin of the proton, …" => neutron, wrong:
  overall | physics | magnitude (an adverb, a field and a quantity against a particle; the
  text defines neutron, proton and electron each as a "particle").

A text tells what kind of thing a term is in two general ways read here:

- :func:`coordinated`: the terms it lists with the answer ("protons and neutrons", "camels,
  sheep, goats, and cattle"), and, one step further, those listed with them;
- :func:`genus_peers`: the terms it defines with the answer's genus ("neutron: neutral
  particle in …", "proton: particle in …", "electron: particle surrounding …");
- :func:`modifier_peers`: the other modifiers of a head its list repeats ("the majority
  criterion, …, the monotonicity criterion": "majority" for "monotonicity").

:func:`kin` is both, the answer's peers first: wrong options of the answer's own kind, drawn
from the material (:func:`studyapp.generation.choice_fit.pick_choices` offers them first).
:func:`plural_agreed` reads a plural the spelling hides ("sheep are", "cattle are kept").
The test that refuses options of another kind is :mod:`studyapp.generation.choice_other_kind`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from studyapp.generation.offline_cards import find_definition, units
from studyapp.generation.words import STOPWORDS, is_verb

_TOKEN = re.compile(r"[A-Za-z][\w'’-]*|[,;:.!?()\[\]\"“”]")
_CONJ = frozenset({"and", "or"})
_DETERMINERS = frozenset(
    """a an the this that these those its their his her our your some many several two three
    four both each every all other such more most few""".split()  # noqa: SIM905
)
MATERIAL_CHARS = 120_000  # what is read of the material for its definitions
_MOST_WORDS = 3  # a list's item is a term, not a clause
_MODIFIERS = r"(?:[\w'’-]+,?\s+){0,2}"
_PHRASE_END = frozenset(
    """that which who whom whose where when in of for with to from by on at as used because
    if while also or and but than so such is are was were has have had""".split()  # noqa: SIM905
)


def shared_start(a: str, b: str) -> int:
    """How many letters two words open with alike ("orphan" of "orphaned", "orphans";
    "spectral" of "spectrum"): the one count choice_fit and choice_alias both read."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def key(term: str) -> str:
    """A term compared without case, article or a plural's ending."""
    words = [w.lower().strip("'’") for w in term.split()]
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    if not words:
        return ""
    last = words[-1]
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif re.search(r"(?:ches|shes|sses|xes)$", last):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith(("ss", "us", "is", "ics")) and len(last) > 3:
        last = last[:-1]
    return " ".join([*words[:-1], last])


# Words that open a list's examples, not a term: "prey animals, including sheep, goats …".
_INTRODUCERS = frozenset("including especially particularly namely like notably".split())  # noqa: SIM905


def _stop(word: str) -> bool:
    """A word no term of a list has: a stopword, a verb, an adverb, a list's introducer."""
    low = word.lower()
    return (
        low in _INTRODUCERS
        or low in STOPWORDS
        or low in _DETERMINERS
        or is_verb(low)
        or low.endswith("ly")
    )


def _item_left(tokens: list[str], end: int) -> tuple[list[str], int]:
    """The term ending at ``tokens[end - 1]`` (at most three words, back to a stop), and the
    index it starts at."""
    start = end
    while start > 0 and end - start < _MOST_WORDS and _TOKEN.fullmatch(tokens[start - 1]):
        word = tokens[start - 1]
        if not word[:1].isalpha() or _stop(word):
            break
        start -= 1
    return tokens[start:end], start


def _item_right(tokens: list[str], begin: int) -> list[str]:
    """The term opening at ``tokens[begin]`` after its determiners, up to a stop."""
    i = begin
    while i < len(tokens) and tokens[i].lower() in _DETERMINERS:
        i += 1
    out: list[str] = []
    while i < len(tokens) and len(out) < _MOST_WORDS:
        word = tokens[i]
        if not word[:1].isalpha() or _stop(word):
            break
        out.append(word)
        i += 1
    return out


def _without_category(item: list[str]) -> list[str]:
    """The list's first item without the plural noun that names the list before it: "The
    keywords node, edge, graph, digraph …" lists "node", not "keywords node" (round 13's S3,
    S5); "the hormones insulin and glucagon", "the variables substrate structure,
    nucleophile …". English puts no plural before a singular head in a compound, so a
    lower-case plural opening an item whose last word is singular is the category in
    apposition; "Sports teams" (a plural head) stays."""
    if len(item) < 2 or not re.fullmatch(r"[a-z]+", item[0]) or not _plural_word(item[0]):
        return item
    return item if _plural_word(item[-1]) else item[1:]


def _runs(sentence: str) -> list[tuple[str, ...]]:
    """Each list of terms in one sentence ("camels, sheep, goats, and cattle"; "the neutron and
    the proton"), its items as written."""
    tokens = _TOKEN.findall(sentence)
    out: list[tuple[str, ...]] = []
    for k, token in enumerate(tokens):
        if token.lower() not in _CONJ:
            continue
        right = _item_right(tokens, k + 1)
        if not right:
            continue
        items = [right]
        end = k - 1 if k > 0 and tokens[k - 1] == "," else k
        while end > 0:
            item, start = _item_left(tokens, end)
            if not item:
                break
            begin = start  # articles before an item: "the neutron and the proton"
            while begin > 0 and tokens[begin - 1].lower() in _DETERMINERS:
                begin -= 1
            if len(items) > 1 and begin > 0 and tokens[begin - 1].lower() in _CONJ:
                break  # the last item of an earlier list ("Syria, and Iraq, sheep and goats")
            items.append(item)
            if begin > 0 and tokens[begin - 1] == ",":
                end = begin - 1
                continue
            break
        if len(items) == 2 and k > 0 and tokens[k - 1] == ",":
            continue  # two clauses ("… the external environment, and the endocrine system is …")
        items[-1] = _without_category(items[-1])
        if len(items) >= 2:
            out.append(tuple(" ".join(i) for i in reversed(items)))
    return out


@lru_cache(maxsize=64)
def lists(material: str) -> tuple[tuple[str, ...], ...]:
    """Every list of terms in the material's sentences (see :func:`_runs`)."""
    prose = re.sub(r"(?m)^#.*$", " ", material)
    out: list[tuple[str, ...]] = []
    for paragraph in re.split(r"\n\s*\n", prose):
        for sentence in re.split(r"(?<=[.;:!?])\s+", " ".join(paragraph.split())):
            out += _runs(sentence)
    return tuple(out)


def _holds(item: str, answer_key: str) -> bool:
    """The item is the answer, or ends on it ("water buffalo" holds "buffalo")."""
    k = key(item)
    return bool(k) and (k == answer_key or k.endswith(" " + answer_key))


def _plural_word(word: str) -> bool:
    low = word.lower()
    return len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is", "ics"))


def _shared_head(items: tuple[str, ...], answer_key: str) -> bool:
    """The list coordinates modifiers of the answer, its head said once at the end: "severe
    morningness or eveningness chronotypes" is morningness and eveningness chronotypes, two
    kinds of chronotype, not "severe morningness" beside chronotypes (round 9's S2). Read so
    when the answer's item holds it only by its end, in the plural, and the items before it
    are singular words ("camels and water buffalo" stay peers: plurals or a plural's name)."""
    last = items[-1]
    k = key(last)
    if k == answer_key or not k.endswith(" " + answer_key) or not _plural_word(last.split()[-1]):
        return False
    return all(not _plural_word(i.split()[-1]) for i in items[:-1])


def coordinated(answer: str, material: str, *, hops: int = 2) -> list[str]:
    """The terms the material lists with the answer, as written, in its order; then (``hops``
    2) the terms listed with those: "sheep", "goats", "cattle" for "Camels", "proton" and then
    "electrons" for "neutron"."""
    if not material or not answer.strip():
        return []
    found: list[str] = []
    seen = {key(answer)}
    frontier = [key(answer)]
    for _ in range(hops):
        nxt: list[str] = []
        for items in lists(material):
            if not any(_holds(i, k) for i in items for k in frontier):
                continue
            if any(_shared_head(items, k) for k in frontier):
                continue
            for item in items:
                k = key(item)
                if k and k not in seen and not any(_holds(item, s) for s in seen):
                    seen.add(k)
                    found.append(item)
                    nxt.append(k)
        frontier = nxt
    return found


def _definition_genus(definition: str) -> str:
    """The noun a definition opens with ("neutral particle in the nucleus" -> "particle";
    "particle surrounding the nucleus" -> "particle"; "atom or molecule with …" -> "atom")."""
    words = re.findall(r"[A-Za-z][\w'’-]*", definition)
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    kept: list[str] = []
    for w in words[:4]:
        low = w.lower()
        if low in _PHRASE_END or (kept and re.search(r"(?:ing|ed)$", low)):
            break
        kept.append(low)
    return key(kept[-1]) if kept else ""


@lru_cache(maxsize=16)
def _defined(material: str) -> tuple[tuple[str, str], ...]:
    """(term, definition) of each glossary entry and definition sentence of the material."""
    out: list[tuple[str, str]] = []
    for unit in units(material[:MATERIAL_CHARS]):
        if unit.kind == "definition" and unit.term:
            # "nearsightedness (or myopia)": the term, without the alias the entry adds.
            term = re.sub(r"\s*\((?:or\s+)?[^()]*\)$", "", unit.term.strip().strip("`"))
            out.append((term or unit.term.strip(), unit.text))
            continue
        d = find_definition(unit.text)
        if d is not None:
            out.append((re.sub(r"^(?:an?|the)\s+", "", d.term, flags=re.I), d.rest))
    return tuple(out)


def genus_peers(answer: str, material: str) -> list[str]:
    """The other terms the material defines with the answer's genus, in its order."""
    if not material:
        return []
    mine = key(answer)
    defined = [(term, _definition_genus(back)) for term, back in _defined(material)]
    genera = {g for term, g in defined if key(term) == mine and g}
    return [
        term
        for term, g in defined
        if g in genera and key(term) != mine and len(term.split()) <= _MOST_WORDS
    ]


def modifier_peers(answer: str, material: str) -> list[str]:
    """The other modifiers of a head the material lists the answer before, item by item: "the
    majority criterion, the head-to head criterion, the monotonicity criterion, and the
    irrelevant alternatives criterion" makes "majority", "head-to head" and "irrelevant
    alternatives" the peers of "monotonicity" (round 14's S5: a fairness criterion's name, not
    "candidate"). Only a list whose every item ends on the one head word counts."""
    mine = key(answer)
    if not material or not mine or " " in mine:
        return []
    found: list[str] = []
    for items in lists(material):
        words = [i.split() for i in items]
        if any(len(w) < 2 for w in words) or len({w[-1].lower() for w in words}) != 1:
            continue
        if not any(key(" ".join(w[:-1])) == mine for w in words):
            continue
        for w in words:
            modifier = " ".join(w[:-1])
            if key(modifier) != mine and modifier not in found:
                found.append(modifier)
    return found


def _typo(a: str, b: str) -> bool:
    """Two spellings of one word ("hyperthermophiles", "hyperthemophiles"): one letter apart,
    long words only."""
    if min(len(a), len(b)) < 8 or abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _fits(answer: str, peer: str) -> bool:
    """A peer in the answer's form: a term of words with the answer's head when the answer
    is one ("nervous system" for "endocrine system", not "external environment", which a
    sentence joins to it as another party)."""
    a, p = key(answer).split(), key(peer).split()
    return not (len(a) >= 2 and len(p) >= 2 and a[-1] != p[-1])


def kin(answer: str, material: str) -> list[str]:
    """See :func:`_kin` (cached: every option of a set asks for the answer's peers)."""
    return list(_kin(answer, material))


@lru_cache(maxsize=1024)
def _kin(answer: str, material: str) -> tuple[str, ...]:
    """The answer's peers in the material: listed with it first, then defined with its genus,
    then listed with those (see :func:`coordinated`); in the answer's form (:func:`_fits`),
    one spelling of each."""
    found = coordinated(answer, material, hops=1) + genus_peers(answer, material)
    found += modifier_peers(answer, material) + coordinated(answer, material, hops=2)
    out: list[str] = []
    taken = {key(answer)}
    for term in found:
        k = key(term)
        if k in taken or any(_typo(k, t) for t in taken) or not _fits(answer, term):
            continue
        taken.add(k)
        out.append(term)
    return tuple(out)


def is_kin(answer: str, option: str, material: str) -> bool:
    """The material lists the option with the answer (or with a term listed with it), or
    defines both with one genus: things of one kind, whatever their head nouns or other
    classes ("neutron" and "electron": "particle" both)."""
    o = key(option)
    return bool(o) and any(key(p) == o for p in kin(answer, material))


def plural_agreed(term: str, material: str) -> bool:
    """The material makes the term a plural subject or counts it ("sheep are preferred",
    "cattle are kept", "two sheep"): a plural its spelling does not show."""
    if not material or not term.strip():
        return False
    t = r"\s+".join(re.escape(w) for w in term.split())
    verb = rf"(?<![\w-]){t}\s+(?:are|were|have|do)\b"
    counted = rf"\b(?:these|those|many|several|two|three|four|few)\s+{_MODIFIERS}{t}\b"
    flat = " ".join(material.split())
    return bool(re.search(verb, flat, re.I) or re.search(counted, flat, re.I))
