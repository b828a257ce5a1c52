"""What kind of thing an option names, so a choice set offers only things of the answer's kind.

A strict reader dropped most offline choice sets for one reason (issue 18, round 3): the wrong
options were of another kind than the answer, so the learner could pick the answer by its
kind alone: a verb phrase ("socialize children") or a number word ("eighteen") among terms, a
disease or a place among organisms, an institution ("Supreme Court") or a country ("United
States") among people, an error code ("EAGAIN") among epoll flags, ``util.promisify()`` among
``dns.*`` functions. The kinds here are the ones a reader tells at a glance, from the option's
form, a few word lists and (for people) how the material writes the name. When in doubt a
kind is left unknown rather than guessed, and an unknown kind only matches an unknown kind:
refusing a set (the card is studied as a flashcard) is better than a set that gives itself
away.

:func:`kind` returns a short label ("term", "term:disease", "name:person", "code:EPOLL", …);
:func:`kind_clash` says why two options are not of one kind. :func:`is_material_term` tells a
term the material uses from a fragment its word counts glued together ("device awake").
"""

from __future__ import annotations

import re
from functools import lru_cache

from studyapp.generation.choice_entity import entity_kind, head_kind
from studyapp.generation.terms import CLASS_NOUNS, stats, stem
from studyapp.generation.words import STOPWORDS, is_verb, takes_an

_CATEGORY_STEMS = frozenset(stem(w) for w in CLASS_NOUNS | {"directive", "header", "keyword"})
_NUMBER_WORDS = frozenset(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred thousand million billion half dozen""".split()  # noqa: SIM905
)
# Prefixes of C constant families that have no underscore after them ("EPOLLIN", "SIGPIPE").
_CODE_PREFIXES = ("EPOLL", "POLL", "SIOC", "FIO", "SIG", "MSG", "IN_")
_ERRNO = re.compile(r"E[A-Z0-9]{3,}")  # "EAGAIN", "EINTR", "EBADF": errno values
# Words that make a capitalised name a place, an institution, a period or a prize: not a person.
_PLACE_WORDS = frozenset(
    """america americas africa asia europe australia antarctica arctic atlantic pacific china
    japan korea india russia france germany italy spain britain england canada mexico brazil
    egypt greece rome israel iran iraq vietnam paris london berlin seoul beijing tokyo moscow
    york washington california texas montana chicago boston state states city county
    republic kingdom empire island islands river ocean sea lake mountain mountains valley
    street park province region nation nations union east west north south coast bay gulf
    desert""".split()  # noqa: SIM905
)
_INSTITUTION_WORDS = frozenset(
    """academy court university college institute society association company corporation
    church party department ministry office school council commission committee agency bureau
    army navy senate congress parliament house hospital museum foundation center centre
    service system security administration organization organisation federation league
    club laboratory board""".split()  # noqa: SIM905
)
_PERIOD_WORDS = frozenset(
    [
        "age",
        "ages",
        "era",
        "century",
        "war",
        "revolution",
        "dynasty",
        "period",
        "renaissance",
        "depression",
    ]
)
_PRIZE_WORDS = frozenset(["prize", "award", "medal", "act", "law", "treaty"])
_DEMONYM_FIRST = frozenset(["north", "south", "east", "west", "central", "native", "latin"])
_PERSON_TITLES = re.compile(
    r"\b(sociologist|psychologist|physician|scientist|researcher|chemist|biologist|"
    r"microbiologist|anatomist|philosopher|economist|author|dr\.?|professor|mr\.?|mrs\.?|ms\.?|"
    r"sir|named|by)\s+$",
    re.IGNORECASE,
)
# Lower-case terms of a kind a reader tells from the word itself.
_DISEASES = frozenset(
    """tuberculosis cholera plague botulism tetanus anthrax typhoid typhus leprosy malaria
    measles mumps smallpox influenza flu pneumonia diabetes cancer syphilis gonorrhea
    gonorrhoea diphtheria polio rabies meningitis dysentery listeriosis salmonellosis
    gangrene sepsis scurvy rickets""".split()  # noqa: SIM905
)
_DISEASE_END = re.compile(r"(itis|emia|aemia|iasis|pathy|osis)$")
_NOT_DISEASE_END = re.compile(r"(cytosis|mosis|iosis|biosis|gnosis|tosis|nosis)$")
_DISEASE_HEADS = frozenset(["disease", "diseases", "fever", "infection", "infections", "syndrome"])
_ORGANISM_END = re.compile(
    r"(coccus|cocci|bacter|bacteria|bacterium|bacillus|bacilli|phile|philes|troph|trophs|"
    r"aerobe|aerobes|monas|myces|virus|viruses)$"
)
_ORGANISM_HEADS = frozenset(
    """organism organisms microorganism microorganisms microbe microbes bacteria bacterium
    fungi fungus archaea protozoa protist protists yeast yeasts mold molds mould moulds
    virus viruses plant plants animal animals""".split()  # noqa: SIM905
)
# Nouns that only name people (round 16's S1: "hackers" among devices, servers and
# workstations); English, not one text's words ("client", "server" name machines too).
PEOPLE_HEADS = frozenset(
    """people person persons children child men man women woman students student patients
    patient scientists scientist physicians physician doctors doctor workers worker adults
    adult parents parent teachers teacher members member individuals individual users user
    consumers consumer customers customer employees employee employers employer hackers
    hacker attackers attacker owners owner citizens citizen voters voter investors investor
    readers reader learners learner victims victim experts expert programmers programmer
    developers developer engineers engineer managers manager leaders leader researchers
    researcher criminals criminal suspects suspect witnesses witness""".split()  # noqa: SIM905
)
_PLACE_HEADS = frozenset(
    """spring springs vent vents ocean oceans sea seas lake lakes river rivers soil soils
    desert deserts forest forests cave caves mountain mountains island islands city cities
    country countries region regions continent continents habitat habitats swamp swamps
    glacier glaciers""".split()  # noqa: SIM905
)
# Nouns ending in -ing that name things, not something done.
_THING_ING = frozenset(
    """string strings thing ring spring king wing ceiling building setting binding mapping
    meaning offspring evening morning ending opening bearing heading""".split()  # noqa: SIM905
)
# Words a term finder counts as nouns after "a" or "the" that name nothing on their own.
_NOT_NOUNS = frozenset(
    """multiple already simple various several current special particular abstract innermost
    outermost enclosing corresponding following previous next same other""".split()  # noqa: SIM905
)
_AUXILIARIES = frozenset(
    ["be", "being", "been", "is", "are", "was", "were", "have", "having", "has", "get", "getting"]
)
_VERB_END = re.compile(r"^[a-z]{3,}(ize|ise|ify)$")
_ADJECTIVE_END = re.compile(
    r"(ive|ous|able|ible|ful|less|ical|ial|ant|ent|ary|ic|al|ed|ar)$", re.IGNORECASE
)
_NOUN_END = re.compile(r"(tion|sion|ment|ness|ity|ance|ence|ism|ist|er|or|ure|age|ing)s?$", re.I)
_OBJECT_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "its",
        "their",
        "all",
        "any",
        "each",
        "this",
        "that",
        "them",
        "it",
        "up",
        "out",
        "to",
        "off",
    ]
)


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'-]*|\d+(?:\.\d+)?", text)


def code_family(text: str) -> str | None:
    """The family an identifier shows, or None when ``text`` is no identifier: a call's module
    ("dns."), a constant's prefix ("EPOLL", "SO_", "E" for errno values), "snake" for
    lower-case names with underscores, "call" for a bare call, "camel" for camelCase."""
    t = text.strip()
    if " " in t:
        return None
    dotted = re.fullmatch(r"([A-Za-z_]\w*)\.[\w.]+(?:\(\w*\))?", t)
    if dotted:
        return dotted.group(1) + "."
    if re.fullmatch(r"[A-Za-z_]\w*\(\d?\w*\)", t):
        return "call"
    if re.fullmatch(r"[A-Z][A-Z0-9_]+", t):
        for prefix in _CODE_PREFIXES:
            if t.startswith(prefix) and len(t) > len(prefix):
                return prefix
        if "_" in t.strip("_"):
            return t.split("_", 1)[0] + "_"
        if len(t) >= 5 and _ERRNO.fullmatch(t):
            return "E"
        return None  # an acronym ("TCP", "GOBIN"): a name, not a family member
    if re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+", t):
        return "snake"
    if re.fullmatch(r"[a-z]+[A-Z]\w*", t):
        return "camel"
    return None


def _written_as_call(token: str, material: str) -> bool:
    """The material writes ``token`` as a call ("setsockopt(2)") in half its uses or more."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", token):
        return False
    calls = len(re.findall(rf"\b{re.escape(token)}\(", material))
    uses = len(re.findall(rf"\b{re.escape(token)}\b", material))
    return calls > 0 and calls >= 0.5 * uses


def _written_as_code_name(token: str, material: str) -> bool:
    """The material writes a lower-case word as a path's last part ("$HOME/hello/morestrings",
    "example/user/hello/morestrings") or calls a member of it ("morestrings.ReverseRunes("):
    a package's or a program's name, which a learner tells from common nouns at a glance.
    One slash proves nothing ("input/output")."""
    if not re.fullmatch(r"[a-z][a-z0-9]*", token):
        return False
    t = re.escape(token)
    path = rf"(?:[\w$.~-]+/){{2,}}{t}(?![\w/-])"
    member = rf"(?<![\w./]){t}\.[A-Za-z_]\w*\("
    return re.search(path, material) is not None or re.search(member, material) is not None


def _person_in(name: str, material: str) -> bool:
    """The material writes the name as a person's: a title before it ("sociologist William
    Graham Sumner"), or the surname alone elsewhere ("Redi showed", "Koch's")."""
    if not material:
        return False
    surname = name.split()[-1]
    for m in re.finditer(re.escape(name), material):
        if _PERSON_TITLES.search(material[max(0, m.start() - 30) : m.start()]):
            return True
    alone = re.compile(rf"(?<!{re.escape(name.split()[-2])} ){re.escape(surname)}\b(?!\s+[A-Z])")
    return bool(alone.search(material))


def _name_kind(words: list[str], material: str) -> str:
    low = [w.lower() for w in words]
    last = low[-1]
    if re.search(r"(an|ese|ish)s?$", last) and (low[0] in _DEMONYM_FIRST or len(words) == 1):
        return "name:people"
    if set(low) & _PLACE_WORDS:
        return "name:place"
    if set(low) & _INSTITUTION_WORDS:
        return "name:institution"
    if last in _PERIOD_WORDS:
        return "name:period"
    if last in _PRIZE_WORDS:
        return "name:prize"
    if head_kind(" ".join(words)) == "document":
        # "Missouri Compromise", "Topeka Constitution": a law, though the text writes
        # "the Compromise of 1850" (which read as a surname alone, a person's).
        return "name:document"
    name = " ".join(words)
    if 2 <= len(words) <= 4 and (
        _person_in(name, material) or (material and entity_kind(name, material) == "person")
    ):  # "German botanist Andreas Schimper (1856–1901)": a person by choice_entity's signals
        return "name:person"
    return "name"


def _opens_with_verb(words: list[str], material: str) -> bool:
    """ "being arrested", "socialize children", "allow the socket": a verb and what follows.
    A word that is as often a noun ("control group", "return value") counts only when an
    object follows it or the material never uses it as a noun."""
    first, second = words[0].lower(), words[1].lower()
    if first in _AUXILIARIES or _VERB_END.match(first):
        return True
    if not is_verb(first) or first.endswith("s"):
        return False
    if second in _OBJECT_OPENERS:
        return True
    return bool(material) and not stats(material).used_as_noun(first)


def _is_adjective(word: str, material: str) -> bool:
    """An adjective's ending ("anaerobic", "passive") and, in the material, never a plural
    ("signals", "events" are nouns that end like adjectives). Whether it follows "an" proves
    nothing: "an anaerobic jar"."""
    w = word.lower()
    if len(w) < 5 or not _ADJECTIVE_END.search(w) or _NOUN_END.search(w):
        return False
    if w.endswith("s") and not w.endswith(("ous", "ss", "ics")):
        return False  # a plural is a noun ("mutants", "residuals")
    if material:
        return re.search(rf"\b{re.escape(w)}(?:s|es)\b", material, re.IGNORECASE) is None
    return True


def _term_kind(words: list[str]) -> str:
    low = [w.lower() for w in words]
    head = low[-1]
    if head in _DISEASES or head in _DISEASE_HEADS or " ".join(low) in _DISEASES:
        return "term:disease"
    if _DISEASE_END.search(head) and not _NOT_DISEASE_END.search(head):
        return "term:disease"
    if head in _ORGANISM_HEADS or _ORGANISM_END.search(head):
        return "term:organism"
    if head in _PLACE_HEADS:
        return "term:place"
    if head in PEOPLE_HEADS:
        return "term:people"
    if head.endswith("ing") and len(head) > 5 and head not in _THING_ING:
        return "term:process"  # "name mangling", "driving": something done, not a thing
    return "term"


def kind(text: str, material: str = "", *, opens_sentence: bool = False) -> str:
    """The kind of thing ``text`` names. ``opens_sentence``: the text stands where a capital
    only marks a sentence's start (a blank opening the cloze), so a capital proves no name."""
    t = text.strip().rstrip(".")
    if not t:
        return "unknown"
    words = _words(t)
    if not words:
        return "unknown"
    if re.fullmatch(r"[-+]?\d[\d.,]*", t):
        return "number"
    if re.match(r"^[-+]?\d", t) or (words[0].lower() in _NUMBER_WORDS and len(words) <= 3):
        unit = next((stem(w) for w in words[1:] if not w[0].isdigit()), "")
        return f"number:{unit}" if unit else "number"
    family = code_family(t)
    if family in ("snake", None) and material and _written_as_call(t, material):
        return "code:call"  # "epoll_ctl(2)", "setsockopt(2)": a function, not a thing
    if family is None and material and _written_as_code_name(t, material):
        return "code:name"  # "morestrings" of "$HOME/hello/morestrings": not a common noun
    if family == "snake":
        return f"code:{t.split('_', 1)[0]}_"  # "tcp_rmem" with "tcp_wmem", not "cmsg_type"
    if family:
        return f"code:{family}"
    if re.fullmatch(r"[A-Z][A-Z0-9]+s?", t):
        return "acronym"
    if len(words) > 5:
        return "description"
    first = words[0]
    lower_start = first[:1].islower() or opens_sentence
    if lower_start and len(words) > 1 and _opens_with_verb(words, material):
        return "verb phrase"
    capitals = [w for w in words if w[:1].isupper()]
    if len(words) > 1 and first[:1].isupper() and words[-1].islower():
        # A term named for a person ("Gettier problem", "Plato's analysis", "Koch's
        # postulates"): a problem, an analysis, not the person ("a term among persons").
        return _term_kind(words)
    if capitals and (not opens_sentence or len(capitals) > 1):
        if len(capitals) == len(words) or (not opens_sentence and first[:1].isupper()):
            return _name_kind(words, material)
        return "mixed"  # "physician Ibn Sina": a name with a lower-case word before it
    if len(words) == 1 and _is_adjective(first, material):
        return "adjective"
    if re.fullmatch(r"[a-z]+-(?:[a-z]+ed|in|out|like|free|based|wide|only)", t):
        return "adjective"  # "built-in", "edge-triggered", "swan-necked"
    return _term_kind(words)


def kind_clash(answer: str, option: str, material: str = "", stem_: str = "") -> str | None:
    """Why ``option`` is of another kind than ``answer`` (named for the reader), or None."""
    # A capital proves no name where it only starts the text: a blank opening the cloze, or
    # a question's answer, which stands as a sentence of its own ("Slow start" for "Which
    # phase doubles the window?" was a person's name beside "Fast recovery").
    opens = "_____" not in stem_ or stem_.split(":", 1)[-1].strip().startswith("_____")
    a = kind(answer, material, opens_sentence=opens)
    o = kind(option, material, opens_sentence=opens)
    if _named_category(stem_):
        # "the _____ directive": "immutable" names one, as "max-age" does; "the _____
        # structure": "sock_fprog" is one, as "sockaddr_storage" is (the material tells).
        a, o = (_as_named(k) for k in (a, o))
    if (
        (a, o) == ("name:person", "name")
        and len(_words(option)) > 1
        and (not material or option not in material)
    ):
        return None  # Claude's option, not in the material: a name is fair beside a person
    if a == o or "description" in (a, o):  # descriptions: the gate's form checks judge them
        return None
    if a.startswith("code:") and o.startswith("code:"):
        return f"another family of names than the answer ({o[5:]} among {a[5:]})"
    said = _said(o)
    article = "an" if takes_an(said) else "a"
    return f"another kind than the answer ({article} {said} among {_plural(_said(a))})"


def _as_named(label: str) -> str:
    if label == "adjective":
        return "term"
    if label.startswith("code:") and label.endswith("_") and label[5:6].islower():
        return "code:snake"
    return label


def _named_category(stem_: str) -> bool:
    """The blank is followed by the noun of what it names ("the _____ directive")."""
    after = stem_.partition("_____")[2].split()
    word = after[0].lower().strip(".,;:()") if after else ""
    return stem(word) in _CATEGORY_STEMS


def _said(label: str) -> str:
    """A kind as the reason reads it: "a disease among organisms"."""
    base, _, sub = label.partition(":")
    if base == "code":
        return "code name"
    if base == "number":
        return f"number of {_plural(sub)}" if sub else "number"
    if base == "mixed":
        return "name with a word before it"
    if base == "name":
        return {"": "name", "people": "people's name"}.get(sub, sub)
    if base == "term" and sub:
        return {"people": "group of people", "process": "process"}.get(sub, sub)
    return base


def _plural(said: str) -> str:
    first, _, rest = said.partition(" ")
    if said.endswith(("s", "x")):
        return said + "es"
    if rest:  # "name with a word before it", "group of people", "number of seconds"
        return f"{_plural(first)} {rest}"
    return said + "s"


def _written_as(term: str, text: str) -> bool:
    for m in re.finditer(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text, re.IGNORECASE):
        written = m.group(0)
        if written == term or written[1:] == term[1:]:  # only a sentence's capital differs
            return True
    return False


def _part_of_longer(term: str, text: str) -> bool:
    """The material writes the candidate after one same word, or before one, in most of its
    uses: it is part of a longer term ("oxygen species" of "reactive oxygen species")."""
    before: dict[str, int] = {}
    after: dict[str, int] = {}
    uses = 0
    for m in re.finditer(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text, re.IGNORECASE):
        uses += 1
        left = re.search(r"([A-Za-z][\w-]*) $", text[max(0, m.start() - 40) : m.start()])
        right = re.match(r" ([A-Za-z][\w-]*)", text[m.end() : m.end() + 40])
        for found, tally in ((left, before), (right, after)):
            word = found.group(1).lower() if found else ""
            if word and word not in STOPWORDS and len(word) >= 3:
                tally[word] = tally.get(word, 0) + 1
    best = max([0, *before.values(), *after.values()])
    if uses >= 3 and " " not in term and sum(after.values()) >= 0.9 * uses:
        return True  # "obligate" (anaerobes, aerobes): a word that only ever modifies
    return uses >= 2 and best >= 0.6 * uses


_NAME_JOINERS = frozenset(["of", "and", "the", "de", "von", "van", "der", "la", "le"])


def _mostly_capitalised(word: str, text: str) -> bool:
    """The text writes the word with a capital inside sentences more often than without."""
    lower = len(re.findall(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text))
    upper = len(re.findall(rf"[a-z,;] {re.escape(word.capitalize())}(?![\w-])", text))
    return upper > lower


def _single_noun(word: str, text: str) -> bool:
    """A lone word names a thing: not an adverb ("textually"), a past participle or an
    adjective ("monitored", "available", "special") unless the material also writes it in the
    plural ("signals", "events": nouns whose endings look like an adjective's)."""
    w = word.lower()
    plural_seen = re.search(rf"\b{re.escape(w)}(?:s|es)\b", text, re.IGNORECASE) is not None
    if (w.endswith("ly") and not stats(text).used_as_noun(w)) or w in _NOT_NOUNS:
        return False  # "textually"; but "the family", "a supply" are nouns
    if is_verb(w) and not stats(text).used_as_noun(w):
        return False  # "allows", "introduce"
    if len(w) >= 5 and _ADJECTIVE_END.search(w) and not _NOUN_END.search(w):
        return plural_seen
    return True


@lru_cache(maxsize=64)
def _surfaces(material: str) -> str:
    return " ".join(material.split())


def is_material_term(term: str, material: str) -> bool:
    """A term the material uses as written and that ends on a noun: not a fragment its word
    counts glued together ("device awake" from "keep the device awake", "edge-triggered
    epollet" from "edge-triggered (EPOLLET)"), not a verb phrase ("allow space")."""
    words = _words(term)
    if not words or code_family(term) or re.fullmatch(r"[A-Z][A-Z0-9]+s?", term) or not material:
        return True
    text = _surfaces(material)
    if words[0].lower() in STOPWORDS or any(
        w.lower() in STOPWORDS and w.lower() not in _NAME_JOINERS for w in words[1:]
    ):
        return False  # "In Python", "Word About Names": a heading's words, not a term
    if not _written_as(term, text):
        return False  # "edge-triggered epollet", "python": not as the material writes it
    if _part_of_longer(term, text):
        return False  # "mangling" of "name mangling", "valid attribute" of "… names"
    if len(words) == 1:
        if term.islower() and _mostly_capitalised(term, text):
            return False  # "python" where the text writes "Python": a name, lower-cased
        return _single_noun(words[0], text) or term[:1].isupper()
    if kind(term, material) == "verb phrase" or _after_coordinated_verb(term, material):
        return False
    last = words[-1].lower()
    if term[:1].isupper() and all(w[:1].isupper() for w in words):
        return True  # a name
    counts = stats(material)
    plural_seen = re.search(rf"\b{re.escape(last)}(?:s|es)\b", text, re.IGNORECASE)
    noun = (
        counts.used_as_noun(last)
        or plural_seen is not None
        or last.endswith("s")
        or _NOUN_END.search(last) is not None
    )
    return noun and not _is_adjective(last, material)


def _after_coordinated_verb(term: str, material: str) -> bool:
    """Every time the material writes the term, its first word is the second of two verbs an
    instruction opens with ("- Compare and contrast fairness of voting …": "contrast fairness"
    is a verb and its object, round 14's debris option among fairness criteria)."""
    t = r"\s+".join(re.escape(w) for w in term.split())
    found = list(re.finditer(rf"(?<![\w-]){t}(?![\w-])", material, re.IGNORECASE))
    if not found:
        return False
    counts = stats(material)
    for m in found:
        line = material[material.rfind("\n", 0, m.start()) + 1 : m.start()]
        opener = re.search(r"(?:^\s*(?:[-*•]\s+)?|[.!?:]\s+)([A-Z][a-z]+)\s+(?:and|or)\s+$", line)
        if opener is None:
            return False
        verb = opener.group(1).lower()
        if not is_verb(verb) or counts.used_as_noun(verb):
            return False
    return True


_LIST_ITEM = re.compile(r"^\s*(?:[-*•]\s+|\*\*|\d+[.)]\s+)")


def _list_home(text: str, material: str) -> tuple[int, str] | None:
    """The heading above the list entry that holds ``text``, with the entry's position, or
    None when ``text`` is not (the start of) an entry of a list under a heading."""
    probe = " ".join(text.split()[:8])
    if len(probe) < 8:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in probe.split()), re.IGNORECASE)
    found = pattern.search(material)
    if found is None:
        return None
    line_start = material.rfind("\n", 0, found.start()) + 1
    if not _LIST_ITEM.match(material[line_start : found.start() + 1]):
        return None
    heading = None
    for m in re.finditer(r"(?m)^#+ .*$", material[: found.start()]):
        heading = m
    if heading is None:
        return None
    return heading.start(), heading.group(0)


def other_list(answer: str, option: str, material: str) -> bool:
    """The answer is an entry of one list (the error codes) and the option an entry of another
    (a resolver's options): a reader tells them apart by what they describe ("Query timeout in
    milliseconds" among error texts)."""
    if not material or len(answer.split()) < 3:
        return False
    a, o = _list_home(answer, material), _list_home(option, material)
    return a is not None and o is not None and a[0] != o[0]
