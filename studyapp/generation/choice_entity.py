"""Proper-noun answers get wrong options of the same kind of named thing.

Round 9's strict read (issue 18) dropped "Southerners, however, had long opposed the _____'s
stipulation that slavery should not expand into the West" => Wilmot Proviso among Lewis Cass |
Pottawatomie Creek | Old Fuss: a legislative document among a person, a place and a scrap of a
nickname. The learner picks the only law.

The kind of a name is read from the name's own last word when it is a category noun names
of that kind end with ("… Act", "… Proviso", "… Party", "… War", "… River", "… Creek": how
English names laws, parties, wars and places), else from the material's own signals around it:

- a person: life dates after it ("Robert Brown (1773–1858)"), a title or an occupation before
  it ("senator Lewis Cass", "physician Ibn Zuhr", "President Pierce"), a verb of saying or
  doing after it ("Hooke first used", "Ibn Zuhr, writing", "Tim Brown defines"), a possessive
  ("Hooke's"), an occupation in apposition ("Louis Pasteur, a prominent French chemist",
  "David Kelley, founder of …"), an author's work ("work by Geoffrey Graybeal"), or "he",
  "she", "her" in its sentence or the next (round 14's S4: "Top Five", a technique, beside
  David Kelley);
- a place: after "in", "at", "near", "from", "to", "into", "across" ("near Pottawatomie Creek",
  "In New York").

:func:`entity_clash`: the answer is a name of a known kind and the option a name of another
kind, or of no kind the material shows (a fragment of a nickname, a book's title).
"""

from __future__ import annotations

import re
from functools import lru_cache

# The last word of a name that says its kind: English names documents, bodies, events and
# places so ("the Tea Act", "the Whig Party", "the Mexican War", "the Missouri River").
_HEADS = {
    "document": """act acts proviso treaty bill amendment compromise ordinance resolution
        resolutions declaration constitution doctrine charter code articles proclamation""",
    "organisation": """party company society academy church congress union association committee
        league court parliament army navy corporation institute university""",
    "event": """war revolution battle massacre rebellion crisis riot raid uprising election""",
    "place": """river creek mountains mountain lake island islands valley ocean sea bay territory
        county city desert gulf canal harbor harbour peninsula plains coast""",
}
_HEAD_KIND = {w: kind for kind, words in _HEADS.items() for w in words.split()}
_TITLES = r"(?:president|senator|general|governor|king|queen|prince|princess|emperor|sir|dr\.?|mr\.?|mrs\.?|ms\.?|lord|lady|saint|st\.|captain|colonel|judge|justice|chief|secretary|representative|congressman|minister|bishop|pope|ceo|professor|founder|cofounder|co-founder)"
_OCCUPATION = r"(?:[a-z]+(?:ist|ian|er|or|ant|ent))"
_DOING = (
    r"(?:said|says|argued|wrote|writes|writing|proposed|believed|claimed|declared|described|"
    r"observed|published|discovered|opposed|founded|led|used|first|showed|demonstrated|found|"
    r"suggested|noted|predicted|conducted|developed|became|won|lost|signed|introduced|"
    r"denounced|supported|promised|refused|spoke|told|asked|was born|died|describes|defines|"
    r"explains|argues|created|invented|coined)"
)
_PLACE_BEFORE = r"(?:in|at|near|from|to|into|across|toward|towards)"
PERSON, PLACE = "person", "place"


def head_kind(name: str) -> str | None:
    """The kind the name's last word says ("Missouri Compromise": a document), or None."""
    words = name.split()
    return _HEAD_KIND.get(words[-1].lower()) if words else None


def is_proper(name: str) -> bool:
    """Every word capitalised, letters only ("Wilmot Proviso", "Ibn Sina", "Tea Act")."""
    words = name.split()
    return bool(words) and all(re.fullmatch(r"[A-Z][a-z'’.-]*[a-z.]", w) for w in words)


_PROPER = r"[A-Z][a-z'’.-]*[a-z.](?: [A-Z][a-z'’.-]*[a-z.]){0,3}"
_NAME_LIST = re.compile(rf"{_PROPER}(?:, {_PROPER})*,? and {_PROPER}")


@lru_cache(maxsize=2048)
def entity_kind(name: str, material: str) -> str | None:
    """The kind of named thing ``name`` is (see the module), or None when nothing tells; a
    name the material lists with names of one kind is of that kind ("the work of Louis
    Pasteur, Robert Koch, and Joseph Lister")."""
    own = _own_kind(name, material)
    if own is not None or not is_proper(name):
        return own
    for m in _NAME_LIST.finditer(" ".join(material.split())):
        names = re.split(r",? and |, ", m.group(0))
        if name in names:
            kinds = {_own_kind(other, material) for other in names if other != name} - {None}
            if len(kinds) == 1:
                return kinds.pop()
    return None


@lru_cache(maxsize=2048)
def _own_kind(name: str, material: str) -> str | None:
    if not is_proper(name):
        return None
    if head_kind(name):
        return head_kind(name)
    text = " ".join(material.split())
    n = re.escape(name)
    person = [
        rf"\b{n}\s*\(\s*(?:c\.\s*)?\d{{3,4}}\s*[–-]",  # life dates
        rf"\b(?i:{_TITLES})\s+{n}\b",
        # "Scottish botanist Robert Brown", "the English scientist Robert Hooke": a role noun
        # after an article or a capitalised adjective (not "water", "center" of a phrase).
        rf"(?:\b(?:the|a|an)|\b[A-Z][a-z]+)\s+{_OCCUPATION}\s+{n}\b",
        rf"\b{n},?\s+(?:\w+ly\s+)?{_DOING}\b",
        rf"\b{n}['’]s\b",
        rf"\b{n},\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}{_OCCUPATION}\b",  # ", a French chemist"
        # "David Kelley, founder of Stanford University's Design School": a role of something.
        rf"\b{n},\s+(?:co-?)?{_OCCUPATION}\s+(?:of|at)\b",
        # "based on original work by Geoffrey Graybeal": an author of a work.
        rf"\b(?:work|works|book|books|study|studies|research|paper|article|essay|talk|novel|"
        rf"poem|painting)\s+by\s+{n}\b",
        # "Ishita Anand created … . Within five years …, her social enterprise": a pronoun
        # only a person takes, in the name's sentence or the next.
        rf"\b{n}\b[^.!?]*[.!?]?[^.!?]*?\b(?:he|she|his|her|him|himself|herself)\b",
    ]
    # The name as written, capitals and all: "in psychrophiles" is no place "Psychrophiles"
    # (a term capitalised only to open the sentence).
    # Not "speaks to the Tim Brown definition": a name before a common noun modifies it.
    place = re.search(
        rf"\b(?i:{_PLACE_BEFORE})\s+(?:(?:the\s+)?{n}\b(?!\s+(?!and\b|or\b)[a-z])|{n}\b)", text
    )
    if any(re.search(rx, text) for rx in person):
        # "New York's", "a letter to Pierce": both signals, the kind is not plain.
        return None if place else PERSON
    if place:
        return PLACE
    return None


def _prose_lines(material: str) -> list[str]:
    """The material's lines of prose: more words written in lower case than capitalised (a
    heading or a cited title, "Pacific Sunwear Has ‘Retailer’s Dream’ as Bankruptcy Wraps Up",
    capitalises common nouns)."""
    out = []
    for line in material.splitlines():
        words = re.findall(r"[A-Za-z][\w'’-]*", line)
        low = sum(w[0].islower() for w in words)
        if low > len(words) - low:
            out.append(" ".join(line.split()))
    return out


@lru_cache(maxsize=2048)
def proper_in(name: str, material: str) -> bool:
    """``name`` is a proper noun by the material's writing: every word capitalised (no acronym),
    never written in lower case, and capitalised at least once after a lower-case word or a
    comma in a line of prose, not only where a sentence or a heading opens."""
    if not is_proper(name):
        return False
    pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.I)
    inside = False
    for line in _prose_lines(material):
        for m in pattern.finditer(line):
            if m.group(0) != name:
                return False  # "bankruptcy" somewhere: a common noun capitalised to open
            if re.search(r"[a-z0-9,;:]\s+$", line[: m.start()]):
                inside = True
    if not inside:
        return False
    flat = " ".join(material.split())
    return all(m.group(0) == name for m in pattern.finditer(flat))


def common_in(term: str, material: str) -> bool:
    """``term`` is a common noun (a concept, a thing) by the material's writing: no capital after
    its first word, and written all in lower case in the material or here."""
    words = term.split()
    first = words[0] if words else ""
    if not first.isalpha() or (len(first) > 1 and not first[1:].islower()):
        return False  # "PacSun", "LLC": a name or an acronym
    if any(not w[:1].islower() for w in words[1:]):
        return False
    if words[0].islower():
        return True
    flat = " ".join(material.split())
    return re.search(rf"(?<![\w-]){re.escape(term.lower())}(?![\w-])", flat) is not None


def name_among_concepts(answer: str, option: str, material: str) -> str | None:
    """A proper noun (a place, a person, a firm) among concepts: see the module."""
    if not material or not common_in(answer, material) or not proper_in(option, material):
        return None
    return "a proper name (capitalised mid-sentence in the text) where the answer is a concept"


def concept_among_names(answer: str, option: str, material: str) -> str | None:
    """A common noun among proper names: the answer is a name the material always writes
    capitalised, mid-sentence too (a codec, a product, a person), and the option a word it
    writes in lower case, capitalised here only to open the sentence. Round 13's S7: "_____
    encodes short-time blocks of PCM data …" => Vorbis among Header | Checksum | Decoder."""
    if not material or not proper_in(answer, material) or not common_in(option, material):
        return None
    if option.split()[0].islower():
        return "a common noun where the answer is a proper name (capitalised mid-sentence)"
    return "a common noun capitalised to open the sentence, where the answer is a proper name"


def entity_clash(answer: str, option: str, material: str) -> str | None:
    """The answer is a name of a kind the material shows and the option is a name of another
    kind, or of no kind it shows; or the answer is a common noun and the option a name."""
    concept = name_among_concepts(answer, option, material) or concept_among_names(
        answer, option, material
    )
    if concept:
        return concept
    if not material or not is_proper(answer) or not is_proper(option):
        return None
    mine = entity_kind(answer, material)
    if mine is None:
        return None
    theirs = entity_kind(option, material)
    if theirs == mine:
        return None
    if theirs is None:
        return f"a name of no kind the text shows, where the answer is a {mine}"
    return f"a {theirs} where the answer is a {mine}"
