"""What the material says a term is, so a choice set's wrong options are things of the answer's kind.

Round 4's strict read (issue 18) kept 2 of 10 offline choice sets on texts nobody tuned on. The
options were of another kind than the answer in ways a glance tells and the form checks of
:mod:`studyapp.generation.choice_kinds` do not: an organ among hormones ("endocrine glands"
for "hormones"), a person among things ("endocrinologists", "traveler"), a program's name among
common nouns ("httpd" for "directory"), a verb among nouns ("secrete"), a fragment ending on a
verb ("nomad believes"), a description of another kind of thing ("The smooth muscle cells of
the bronchi to constrict" for what endocrinology is), an option the article before the blank
rules out ("an _____" with "traveler"), and an option the material names as the answer itself
("each of its representations is termed a variant").

Each reader here takes its evidence from the phrase itself (its head noun, its ending) and from
how the material uses the term (after an article or not, followed by "who" or by a verb of
believing, typed by "X is a Y", "X, a Y,", "Ys such as X", or named the same as the answer by
"X, also called Y", "X is termed Y"). Nothing here is a word list of one text: the few closed
lists are English grammar (articles, verbs of saying and believing).

:func:`sense_clash` is the one entry point; :func:`article_clash` is the article rule alone.
"""

from __future__ import annotations

import re
from functools import lru_cache

from studyapp.generation.choice_entity import head_kind
from studyapp.generation.choice_kinds import PEOPLE_HEADS
from studyapp.generation.choice_peers import is_kin
from studyapp.generation.choice_pool import heading_lists
from studyapp.generation.lexicon import is_superlative, is_word, rank
from studyapp.generation.terms import stem
from studyapp.generation.words import STOPWORDS, is_verb, takes_an

BLANK = "_____"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_ARTICLES = frozenset({"a", "an", "the"})
# Words that end the noun phrase naming what a description is ("A process in which …").
_PHRASE_END = frozenset(
    """that which who whom whose where when in of for with to from by on at as used
    because if while also or and but than so such""".split()  # noqa: SIM905
)
# Only a person believes, knows or orders: the subject of one of these verbs is a person.
_MIND_VERBS = re.compile(
    r"(believ|know|think|thought|conclud|argu|claim|hypothesi[sz]|theori[sz]|realiz|realis|"
    r"decid|wants|wanted|feel|felt|doubt|order|diagnos|prescrib|says|said|suggest|presents|"
    r"comes to believe|sees|saw)",
    re.IGNORECASE,
)
_PERSON_END = re.compile(r"(ologist|ist|ician|ographer|osopher|ologer)s?$", re.IGNORECASE)
_NOT_PERSON_IST = frozenset({"list", "lists", "mist", "wrist", "twist", "gist", "exist", "fist"})
# "hackers, individuals who gain unauthorized access …", "users are people who …": the term
# set beside a word that only names people, with the "who" only people take (round 16's S1).
_PEOPLE_APPOSED = (
    r"(?:,|\s+(?:are|is|were|was))\s+(?:(?:the|an?)\s+)?(?:[a-z-]+\s+)?"
    r"(?:individuals?|people|persons?|someone|anyone|those|men|women)\s+who\b"
)
_SAME_NAME = (
    r",?\s+(?:(?:also|often|sometimes|commonly|usually)\s+)?(?:(?:is|are)\s+)?"
    r"(?:(?:also|often|sometimes|commonly|usually)\s+)?"
    r"(?:called|known\s+as|referred\s+to\s+as|termed|named)\s+(?:an?\s+|the\s+)?"
)
_COMMON_RANK = 50_000  # a word this common in English is no program's name
_MODALS = r"(?:to|will|may|can|cannot|must|should|would|could|not|also|then|often|usually)"


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _flat(material: str) -> str:
    return " ".join(material.replace("’", "'").split())


@lru_cache(maxsize=64)
def _blocks(material: str) -> str:
    """The material on one line, with each heading and paragraph break made a full stop, so
    that no phrase found in it runs across them."""
    marked = re.sub(r"(?m)^#.*$|\n\s*\n", " . ", material)
    return " ".join(marked.split())


def _plural_form(term: str) -> str:
    """A regex for the term as written or in its other number ("gland" / "glands")."""
    ws = term.replace("’", "'").split()
    base = stem(ws[-1])
    if base.endswith("y"):
        head = re.escape(base[:-1]) + r"(?:y|ies)"
    else:
        head = re.escape(base) + r"(?:s|es)?"
    return r"\s+".join([*(re.escape(w) for w in ws[:-1]), head])


def _after_article(word: str, material: str) -> int:
    """How often the material writes the word right after "a", "an" or "the"."""
    return len(re.findall(rf"\b(?:the|a|an)\s+{re.escape(word)}\b", _flat(material), re.I))


# -- the phrase itself ------------------------------------------------------------------------
def _subject(question: str) -> str:
    """What a definition question asks about ("What is the s-maxage directive?" -> "s-maxage
    directive"), or ""."""
    q = question.strip()
    m = re.match(r"^(?:what|who)\s+(?:is|are)\s+(?:an?\s+|the\s+)?(.+?)\?$", q, re.I)
    m = m or re.match(r"^what\s+(?:does|do)\s+(?:an?\s+|the\s+)?(.+?)\s+mean\?$", q, re.I)
    return m.group(1).strip() if m and BLANK not in q else ""  # not "What do classes provide?"


def is_description(text: str) -> bool:
    """More than five words: a definition or a stated purpose, not a term."""
    return len(_words(text)) > 5


def genus(text: str) -> str:
    """The noun that says what a phrase names: the head of a term ("endocrine glands" ->
    "gland"), the noun before the first relative or preposition of a description ("A process
    in which a sender …" -> "process"; "The smooth muscle cells of the bronchi …" -> "cell").
    "" for names and code, whose kind is read elsewhere."""
    ws = _words(text.strip())
    if not ws or re.search(r"[_()/\d]", text) or ws[-1].isupper():
        return ""
    if len(ws) > 2:
        if ws[0].lower() in _ARTICLES:
            ws = ws[1:]
        phrase: list[str] = []
        for w in ws:
            low = w.lower()
            if low in _PHRASE_END or (phrase and low.endswith("ed") and len(low) > 4):
                break
            phrase.append(w)
        ws = phrase or ws[:1]
    return stem(ws[-1].strip("'’")).lower()


def is_person(term: str, material: str = "") -> bool:
    """A person or people: an agent noun's ending ("endocrinologists", "physician"), or what the
    material writes before "who", sets beside "individuals who" or "people who" ("hackers,
    individuals who gain unauthorized access"), or before a verb only a person does ("The
    traveler … comes to believe", "the endocrinologist may order")."""
    ws = _words(term)
    if not ws or len(ws) > 3:
        return False
    last = ws[-1].lower()
    if _PERSON_END.search(last) and last not in _NOT_PERSON_IST and len(last) > 5:
        return True
    if last in PEOPLE_HEADS and not term[:1].isupper():
        return True  # "hackers", "users": nouns that name nothing but people
    if not material or term[:1].isupper():
        return False  # names: choice_kinds tells people from places
    text = _flat(material)
    pattern = _plural_form(term)
    if re.search(rf"\b{pattern}\s+who\b", text, re.IGNORECASE):
        return True
    if re.search(rf"\b{pattern}{_PEOPLE_APPOSED}", text, re.IGNORECASE):
        return True
    after = re.compile(
        rf"\b(?:the|a|an)\s+{pattern}\s+((?:[a-z']+\s+){{0,3}}[a-z']+)", re.IGNORECASE
    )
    hits = [m.group(1) for m in after.finditer(text)]
    return sum(bool(_MIND_VERBS.search(h)) for h in hits) >= 2


def _surname_like(name: str) -> bool:
    """A capitalised name of two or three words ending on a rare word ("Robert Remak"), not on
    a common noun ("Apache HTTP Server", "British English")."""
    ws = _words(name)
    if not 2 <= len(ws) <= 3 or not all(w[:1].isupper() for w in ws):
        return False
    known = rank(ws[-1].lower())
    return known is None or known > _COMMON_RANK // 2


def is_bare_name(term: str, material: str) -> bool:
    """A lower-case word, rare in English, that the material makes the subject of a verb with
    no article before it more often than it writes it after one ("httpd has obtained", "httpd
    also supports"): a program's or a tool's name, not a common noun ("a charset", "the
    resource"). Plurals and common words ("communication is") are used bare too."""
    t = term.strip()
    if not material or not re.fullmatch(r"[a-z][a-z0-9]*", t) or stem(t) != t:
        return False  # a plural is used bare as a subject ("hormones travel")
    known = rank(t)
    if known is not None and known < _COMMON_RANK:
        return False  # a mass noun is used bare too ("communication is", "justification is")
    bare = re.compile(
        rf"(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bof )(?<!\bany )(?<!\beach )(?<!\bthis )"
        rf"(?<![\w./#-]){re.escape(t)}\s+(?:has|have|is|was|will|can|may|also|sometimes|"
        rf"normally|then|does|[a-z]{{3,}}s)\b"
    )
    subject = len(bare.findall(_flat(material)))
    return subject >= 2 and subject > _after_article(t, material)


def _verb_in(word: str, material: str) -> bool:
    """The material uses the word as a verb (after "to" or a modal) and never as a noun."""
    w = word.lower()
    if not material or not w.isalpha() or len(w) < 4 or stem(w) != w:
        return False  # "bind to receptors": a plural after "to" is no verb
    text = _flat(material)
    if _after_article(w, material):
        return False
    return re.search(rf"\b{_MODALS}\s+{re.escape(w)}\b", text, re.IGNORECASE) is not None


def is_verb_word(word: str, material: str) -> bool:
    """A lone verb ("secrete"): the material uses it as one, or it is a known verb and the
    material never puts it after an article."""
    w = word.lower()
    if _verb_in(w, material):
        return True
    return is_verb(w) and bool(material) and not _after_article(w, material)


def ends_on_verb(term: str, material: str) -> bool:
    """A phrase whose last word is a verb's third person ("nomad believes", from "the nomad
    believes …"): a fragment of a sentence, not a term. Known when the material uses the bare
    form as a verb ("to believe") and never the word after an article."""
    ws = _words(term)
    if len(ws) < 2 or not material:
        return False
    last = ws[-1].lower()
    if not last.endswith("s") or last.endswith("ss"):
        return False
    base = last[:-2] if last.endswith("es") and _verb_in(last[:-2], material) else last[:-1]
    if not _verb_in(base, material):
        return False
    return not re.search(
        rf"\b(?:the|a|an|these|those)\s+{re.escape(last)}\b", _flat(material), re.I
    )


_OPEN_END = frozenset(
    """that the a an of to in for by with which who whose and or as at from every each on
    than into its their this these whether if when where while""".split()  # noqa: SIM905
)


def cut_short(text: str, material: str = "") -> bool:
    """A description that stops mid-phrase: on a word that needs more after it ("… the amount
    of unacknowledged data that"), or where the material's sentence goes on ("A state in which
    the network carries" of "… carries almost no useful traffic")."""
    ws = _words(text)
    if len(ws) < 4 or text.rstrip().endswith((".", "!", "?", ")")):
        return False
    if ws[-1].lower() in _OPEN_END:
        return True
    if not material or not is_description(text):
        return False
    probe = r"[\s,]+".join(re.escape(w) for w in ws)
    return re.search(rf"{probe}\s+[a-z]", _blocks(material), re.IGNORECASE) is not None


# -- what the material says a term is ---------------------------------------------------------
@lru_cache(maxsize=4096)
def typed(term: str, material: str) -> frozenset[str]:
    """The classes the material puts the term in: "X is a Y" / "Xs are Ys", "X, a Y,",
    "Ys such as X", "X and other Ys" (each Y by its head noun), as stems."""
    if not material or not term.strip():
        return frozenset()
    text = _flat(material)
    t = _plural_form(term)
    out: set[str] = set()
    after = (
        rf"(?<![\w-]){t}(?:\s*\([^)]*\))?"
        rf"(?:\s+(?:is|are)\s+(?:also\s+)?(?:an?\s+|the\s+)?|,\s+(?:an?|the)\s+)"
        rf"((?:[\w'-]+\s+){{0,3}}[\w'-]+)"
    )
    for m in re.finditer(after, text, re.IGNORECASE):
        noun = genus(_cut(m.group(1)))
        if noun and is_word(noun) and not re.search(r"(ing|ed|ly)$", noun):
            out.add(noun)
    before = rf"\b([\w-]+)\s+(?:such\s+as|including|like)\s+(?:the\s+)?{t}\b"
    for m in re.finditer(before, text, re.IGNORECASE):
        out.add(stem(m.group(1)))
    other = rf"(?<![\w-]){t}(?:,|\s+and|\s+or)\s+other\s+([\w-]+)"
    for m in re.finditer(other, text, re.IGNORECASE):
        out.add(stem(m.group(1)))
    return frozenset(o for o in out if o and o not in STOPWORDS)


def _cut(phrase: str) -> str:
    """The noun phrase at the start of ``phrase``: up to a relative or a preposition."""
    kept: list[str] = []
    for w in phrase.split():
        if w.lower() in _PHRASE_END or not re.fullmatch(r"[\w'-]+", w):
            break
        kept.append(w)
    return " ".join(kept)


def classes(term: str, material: str) -> frozenset[str]:
    """The term's head noun and the classes the material puts it in."""
    head = genus(term)
    return frozenset({head} if head else set()) | typed(term, material)


def same_thing(answer: str, option: str, material: str) -> bool:
    """The material names one as the other ("each of its representations is termed a
    variant", "paracrine, also called a paracrine factor", "Plato's analysis is known as the
    traditional account"): the option is the answer under another name, so right too."""
    if not material:
        return False
    text = _flat(material)
    a, o = _plural_form(answer), _plural_form(option)
    for x, y in ((a, o), (o, a)):
        if re.search(rf"(?<![\w-]){x}{_SAME_NAME}{y}(?![\w-])", text, re.IGNORECASE):
            return True
        if re.search(rf"(?<![\w-]){x},\s+or\s+{y}\s*,", text, re.IGNORECASE):
            return True  # "Interleukin-1, or IL-1, is …"
    return False


@lru_cache(maxsize=64)
def _lists(material: str) -> tuple[frozenset[str], ...]:
    """The items of each list in the material's sentences ("the heart, stomach, and
    kidneys"; "A or B"), lower-cased."""
    out = []
    for sentence in re.split(r"(?<=[.;:!?])\s+|\n", material):
        for run in re.finditer(
            r"[\w' -]+(?:,\s*[\w' -]+){1,}(?:,?\s+(?:and|or)\s+[\w' -]+)", sentence
        ):
            items = re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", run.group(0))
            items = [" ".join(i.lower().split()) for i in items if i.strip()]
            if all(len(i.split()) <= 4 for i in items[1:-1]):  # terms, not clauses
                out.append(frozenset(" ".join(i.split()[-4:]) for i in items))
        for m in re.finditer(r"([\w'-]+(?: [\w'-]+)?) or ([\w'-]+(?: [\w'-]+)?)", sentence):
            out.append(frozenset({m.group(1).lower(), m.group(2).lower()}))
    # Sections on things of one kind ("### Family", "### Peer Groups", "### School").
    return tuple(out) + heading_lists(material)


def listed_together(answer: str, option: str, material: str) -> bool:
    """The material lists the two side by side: things of one kind ("slow start, congestion
    avoidance and fast recovery")."""
    if not material:
        return False

    def held(term: str, items: frozenset[str]) -> bool:
        pattern = rf"(?<![\w-]){_plural_form(term.lower())}(?![\w-])"
        return any(re.search(pattern, item) for item in items)

    return any(held(answer, items) and held(option, items) for items in _lists(material))


def _acronym(text: str) -> bool:
    return re.fullmatch(r"[A-Z][A-Z0-9]{1,6}s?", text.strip()) is not None


def _acronym_kin(answer: str, option: str, material: str) -> bool:
    """Two acronyms of one kind: listed together in the material ("GIF or JPEG"), or written
    after or before one same word ("the cell's DNA", "the cell's ATP"; "a JPEG file", "an
    ASCII file")."""
    if not material or listed_together(answer, option, material):
        return bool(material)
    text = _flat(material)

    def neighbours(a: str) -> set[str]:
        after = re.findall(rf"(?<![\w/-]){re.escape(a)}\s+([a-z][a-z-]+)", text)
        before = re.findall(rf"([A-Za-z][\w'’-]+)\s+{re.escape(a)}(?![\w/-])", text)
        words = [f"+{stem(n)}" for n in after if not is_verb(n)]
        words += [f"-{stem(n.lower())}" for n in before]
        return {w for w in words if w[1:] not in STOPWORDS}

    return bool(neighbours(answer) & neighbours(option))


# -- the sentence around the blank ------------------------------------------------------------
def article_clash(stem_: str, option: str, answer: str) -> bool:
    """The sentence has "a" or "an" right before the blank, and the option takes the other
    one while the answer takes this one ("based on an _____" with "traveler")."""
    before = stem_.partition(BLANK)[0].split()
    if not before or BLANK not in stem_:
        return False
    article = before[-1].lower()
    if article not in ("a", "an"):
        return False
    wants_an = article == "an"
    return takes_an(answer) == wants_an and takes_an(option) != wants_an


# -- the one entry point ----------------------------------------------------------------------
def sense_clash(answer: str, option: str, stem_: str = "", material: str = "") -> str | None:
    """Why ``option`` is not the answer's kind of thing by what the phrase and the material
    say, or None. Judges the goal's own words (harvested options)."""
    if article_clash(stem_, option, answer):
        return "the article before the blank fits the answer only"
    if is_person(answer, material) != is_person(option, material):
        return "a person among things, or a thing among people"
    a_words, o_words = _words(answer), _words(option)
    if len(o_words) == 1 and len(a_words) == 1:
        if is_bare_name(answer, material) != is_bare_name(option, material):
            return "a program's name among common nouns, or the reverse"
        if is_verb_word(answer, material) != is_verb_word(option, material):
            return "a verb among nouns, or a noun among verbs"
        if is_superlative(option) and not is_superlative(answer):
            return "an adjective where the answer is a noun"
    if cut_short(option, material):
        return "cut off mid-phrase"
    if ends_on_verb(option, material):
        return "a fragment of a sentence (it ends on a verb)"
    if same_thing(answer, option, material):
        return "right too: the material names the answer so"
    return _kind_by_head(answer, option, material, _subject(stem_))


def _kind_by_head(answer: str, option: str, material: str, subject: str = "") -> str | None:
    """The two name different kinds of thing by their head nouns and nothing in the material
    puts them in one class or one list. Two lone words are only judged when the material types
    both. A description is judged by the term it describes: the question's subject for the
    answer, the term the material says it of for an option ("Communication is a process in
    which …": a communication, not a specialty like endocrinology)."""
    if is_description(answer) or is_description(option):
        a_term = subject or described_term(answer, material)
        o_term = described_term(option, material)
        if not a_term or not o_term:
            return None  # a glossary's or a table's line ("dns.NOTFOUND: …"): no term to judge
        if stem(o_term.lower()) == stem(a_term.lower()):
            return "right too: the material says it of the same term"
        why = _kind_by_head(a_term, o_term, material)
        return f"describes another kind of thing ({o_term!r})" if why else None
    if re.search(r"[_()/]", answer + option):
        return None  # code: choice_kinds reads its kind
    if answer.rstrip().endswith((".", "!", "?")) or option.rstrip().endswith((".", "!", "?")):
        return None  # a message ("Unsupported address family."), not a term: no head noun
    if _surname_like(answer) and _surname_like(option):
        return None  # "Robert Remak", "Rudolf Virchow": a surname is no head noun
    if head_kind(answer) is not None and head_kind(answer) == head_kind(option):
        return None  # "Wilmot Proviso", "Missouri Compromise": two laws by their names
    if _acronym(answer) or _acronym(option):
        if _acronym(answer) and _acronym(option) and not _acronym_kin(answer, option, material):
            return "an acronym of another kind (never listed or used like the answer)"
        return None
    a_head, o_head = genus(answer), genus(option)
    if not a_head or not o_head or a_head == o_head or not material:
        return None
    if is_kin(answer, option, material):
        return None  # listed with the answer, or defined with its genus: one kind
    a_types, o_types = typed(answer, material), typed(option, material)
    if (a_types | {a_head}) & (o_types | {o_head}):
        return None
    typed_both = bool(a_types and o_types)
    if len(_words(answer)) == 1 and len(_words(option)) == 1:
        if is_abstract(answer, material) != is_abstract(option, material):
            said = ("a thing among ideas or processes", "an idea or a process among things")
            return f"another kind of thing ({said[is_abstract(option, material)]})"
        if not typed_both:
            return None  # "resource" and "hyperlink": two lone words say nothing of their kind
    elif not typed_both and not (_counted(a_head, material) or _counted(o_head, material)):
        return None  # "slow start", "fast recovery": heads that name no kind of thing
    if listed_together(answer, option, material):
        return None
    return f"another kind of thing by its head noun (a {o_head}, not a {a_head})"


_ABSTRACT_END = re.compile(r"(?:tion|sion|ance|ence|ancy|ency|ness|ism|ysis|esis|osis)s?$")


def is_abstract(word: str, material: str = "") -> bool:
    """A noun made from a verb or an adjective ("justification", "inference", "analysis",
    "treatment"): an idea or a process, not a thing ("mirage", "directory", "thyroid"). A
    "-ment" counts only on an English word ("treat-ment", not "docu-ment", "seg-ment"). One
    the material counts in the plural, or makes the subject of a modal, is a thing there
    ("the application might end up waiting")."""
    w = stem(word.lower())
    if len(w) < 6 or (material and (_plural_seen(w, material) or acts(w, material))):
        return False
    if _ABSTRACT_END.search(w):
        return True
    return w.endswith("ment") and is_word(w[:-4]) and len(w[:-4]) >= 4


_MODAL_VERBS = r"(?:might|may|can|cannot|will|must|should|would|could)"


def acts(word: str, material: str) -> bool:
    """The material makes the word the subject of a modal ("the application might end up
    waiting"): an agent, a thing, whatever its ending."""
    pattern = rf"\b(?:the|an?|this|that|each|every)\s+{re.escape(word)}\s+{_MODAL_VERBS}\b"
    return re.search(pattern, _flat(material), re.IGNORECASE) is not None


def _plural_seen(base: str, material: str) -> bool:
    plural = base[:-1] + "ies" if base.endswith("y") else base + "s"
    return re.search(rf"\b{re.escape(plural)}\b", material, re.IGNORECASE) is not None


def _counted(noun: str, material: str) -> bool:
    """The material writes the noun as the head of a phrase opened by an article or a
    demonstrative ("the gland", "this system", "the JTB account is"): a kind of thing, which a
    head like "start" or "recovery" seldom is ("the slow start threshold": not its head)."""
    pattern = (
        rf"\b(?:the|a|an|this|that|these|those|each|every)\s+(?:[\w'’-]+\s+){{0,2}}"
        rf"{_plural_form(noun)}(?=\s*[.,;:)]|\s+(?:is|are|was|were|of|in|to|that|which|and|or|"
        rf"for|with|as|on|by|may|can|will)\b)"
    )
    return re.search(pattern, _flat(material), re.IGNORECASE) is not None


_DEFINES = r"(?:is|are|means|refers\s+to)"


def described_term(text: str, material: str) -> str | None:
    """The term the material says ``text`` of ("Congestion collapse is a state in which …" ->
    "Congestion collapse"), or None when it says it of none."""
    ws = _words(text)
    if not material or len(ws) < 3:
        return None
    probe = r"[\s,]+".join(re.escape(w) for w in ws[:8])
    found = re.search(
        rf"((?:[A-Za-z][\w'’-]*\s+){{0,3}}[A-Za-z][\w'’-]*)\s+{_DEFINES}\s+(?:that\s+)?{probe}",
        _blocks(material),
        re.IGNORECASE,
    )
    if found is None:
        return None
    words = found.group(1).split()
    while words and (words[0].lower() in STOPWORDS or words[0].lower() in _ARTICLES):
        words = words[1:]
    return " ".join(words) or None
