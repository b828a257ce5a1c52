"""What a cloze blank may hold, given a sentence worth a card: the fact, not a word around it.

A strict reader (issue 18, round 4) dropped clozes whose sentence was fine but whose blank
was on the wrong word. Each check here looks at the blank in its sentence and says why it is
wrong, or ``None``:

- the sentence names a term ("… are called the dimensions of negotiation", "… is termed a
  variant") and the blank is elsewhere: the name is the fact;
- the answer leaks: an acronym blanked beside its spelled-out words ("Interleukin-1, or
  _____"), the reverse, or the answer's own word elsewhere in the sentence;
- a category word beside a name ("an Options _____", "the _____ oxytocin", "the U.S. _____"
  → political system): the name says what it is, the blank asks for a filler;
- an open slot ("such as _____", "including _____"): any member of the class fits;
- the text's own topic word ("Any _____ not selected at each test are eliminated" in a text
  about variants; "The fourth feature of _____ societies" in one about herding, counted in all
  its forms: herd, herds, herding, herders): the learner's default guess for every blank, so
  the card tests nothing.

Pure functions of the sentence (and the material for word counts); no lists of words from
any one text.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from studyapp.generation.answer_leaks import answer_leak_problem, bare_adjective_subject_problem
from studyapp.generation.blank_leans import (
    bare_count_problem,
    fv_form_problem,
    time_adverb_problem,
)
from studyapp.generation.defining import judgement_problem, subject_problem
from studyapp.generation.other_names import other_name_problem
from studyapp.generation.outline import heading_at
from studyapp.generation.terms import name_like, stats, stem
from studyapp.generation.words import GENERIC, SOURCE_MODIFIERS, SOURCES, STOPWORDS, is_verb

# "… is called X", "… are termed X", "… known as X", "… referred to as X": what follows names
# the thing the sentence describes.
_NAMING = re.compile(
    r"(?<![\w-])(?:(?:is|are|was|were|be|being|been|often|also|usually|commonly|sometimes)\s+)?"
    r"(?:called|termed|named|known as|referred to as)\s+"
    # "called on it", "called while …", "named by the directive": a call, not a name.
    r"(?!(?:on|by|after|for|when|while|with|from|to|in|at|once|twice|again|back|out|up|off|"
    r"each|every|whenever|only|directly|immediately|before|if|as|it|them|this|that|right|"
    r"later|first|last|during|until|through|via|upon|so|[a-z]+ly)\b)",
    re.IGNORECASE,
)
_OPEN_SLOT = re.compile(
    r"\b(?:such as|including|like|e\.g\.,?|for example,?|for instance,?|namely,?)\s*$",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(r"^[A-Z][\w-]*$|^[\w.-]*[_.(/][\w.()/-]*$")
VAGUE = "the blank is not a term (a quantifier and a generic noun: many words fit)"
TOPIC_SHARE = 0.015  # uses per word of the material: 15 in 1,000 is a topic word
TOPIC_TOP = 3


def named_spans(sentence: str, *, stated: bool = False) -> list[tuple[int, int]]:
    """Where the sentence's named terms are: "the dimensions of negotiation" in "The ways …
    are called the dimensions of negotiation." (up to the next comma, bracket or clause);
    empty when the sentence names nothing. With ``stated``, only a name the sentence states
    as its point ("… are called X", ", known as X"), not one a noun carries in passing ("a
    file named go.mod", "toxins called microcystins")."""
    out = []
    for m in _NAMING.finditer(sentence):
        lead = sentence[: m.start()].rstrip()
        said = re.search(r"(?:\b(?:is|are|was|were|be|been|being|often|also|sometimes)|,)$", lead)
        if stated and not (said or re.match(r"(?:is|are|was|were|,)", m.group(0).strip())):
            continue
        start = m.end()
        art = re.match(r"(?:the|a|an)\s+", sentence[start:], re.IGNORECASE)
        if art:
            start += art.end()
        while start < len(sentence) and sentence[start] in "“\"'‘":
            start += 1
        rest = sentence[start:]
        end_m = re.search(
            r"[,;:.!?”\"’()—–]|\s(?:and|or|but|because|which|that|who|when|if|in|since|by|for|"
            r"after|before|during|to|with|on|at|from)\s",
            rest,
        )
        span = rest[: end_m.start() if end_m else len(rest)].strip()
        verbs = {"is", "are", "was", "were", "be", "it", "has", "have", "can", "will", "must"}
        if (
            span
            and not opens_no_term(span)  # "so called because they sell": a reason, no name
            and len(span.split()) <= 5
            and re.match(r"\w", span)
            and not verbs & {w.lower() for w in span.split()}
        ):
            out.append((start, start + len(span)))
    return out


# Closed-class words no term opens on: subordinating conjunctions, pronouns, prepositions.
# "NCDs … are so called _____ in increments" => "because they sell" is a reason clause.
_NO_TERM_START = frozenset(
    """because although though since unless whereas while whilst if whether when whenever
    where wherever until till once so that than as they them it he she him we us you i
    its their his her our my your this these those which who whom whose what in on at by
    for from with to of into onto through over under about between during without
    within among upon via""".split()  # noqa: SIM905
)


def opens_no_term(phrase: str) -> bool:
    """Does ``phrase`` open on a word no term opens on (a conjunction, a pronoun, a
    preposition)? "because they sell", "they are", "in increments": a clause or a phrase
    around a term, not one."""
    words = phrase.split()
    return bool(words) and words[0].strip("“”\"'‘’(").lower() in _NO_TERM_START


# "the combination of _____ was the determining influence" => multiple factors (round 13): a
# quantifier or a vague adjective and a noun that names no kind of thing. It says only that
# there were several of something; any plural fits, and the learner learns no term.
_VAGUE_AMOUNT = re.compile(
    r"^(?:(?:multiple|several|many|various|varied|different|other|numerous|diverse|certain|"
    r"some|few|a few|a number of|a variety of|a range of|a lot of|lots of|all|both|these|"
    r"those|such)\s+)+"
    r"(?:factors?|things?|reasons?|ways?|aspects?|elements?|items?|people|persons|ones|"
    r"kinds?|types?|sorts?|forms?|parts?|issues?|matters?|means|areas?|features?|points?|"
    r"variables?|influences?|causes?|components?|considerations?|circumstances?)$",
    re.IGNORECASE,
)


# Round 15: "… but _____ indicate that about 50% of the world's wetland habitat has been lost."
# => current estimates: sources in general (which estimates?), not a term the text teaches.
_VAGUE_SOURCE = re.compile(
    rf"^(?:{SOURCE_MODIFIERS}\s+)+{SOURCES}$",
    re.IGNORECASE,
)


def vague_answer(answer: str) -> bool:
    """An answer that is a quantifier and a generic noun ("multiple factors", "various
    things", "many people"), or sources in general ("current estimates", "recent studies"):
    no term, and many words fit its blank."""
    said = " ".join(answer.split()).rstrip(".")
    return _VAGUE_AMOUNT.match(said) is not None or _VAGUE_SOURCE.match(said) is not None


def not_a_term_problem(sentence: str, start: int, end: int) -> str | None:
    """A blank that is no noun phrase: it opens on a conjunction, a pronoun or a preposition
    ("are so called _____ in increments of $100,000" => because they sell), or it ran on over
    the verb after its noun ("water particles at the _____ a circular path" => surface
    follow: a determiner right after the blank opens the verb's object)."""
    answer = sentence[start:end].strip()
    if opens_no_term(answer):
        return "the blank is not a term (it opens on a conjunction, pronoun or preposition)"
    if vague_answer(answer):
        return VAGUE
    words = answer.split()
    if (
        len(words) >= 2
        and all(re.fullmatch(r"[a-z][a-z-]*", w) for w in words)
        and re.search(r"(?:^|\s)(?:the|a|an)\s+$", sentence[:start], re.I)
        and re.match(r"\s+(?:the|a|an)\s", sentence[end:], re.I)
    ):
        return "the blank is not a term (it runs on over a verb)"
    return None


def naming_problem(sentence: str, start: int, end: int) -> str | None:
    """A blank beside the name a sentence gives: "The ways in which the _____ for a negotiable
    resource vary are called the dimensions of negotiation." asks for "variants", though the
    sentence exists to name "the dimensions of negotiation"."""
    spans = named_spans(sentence, stated=True)
    if not spans or any(start < e and end > s for s, e in spans):
        return None
    return "the blank is not on the term the sentence names"


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in {"of", "and", "the", "a", "an", "for"})


def leak_problem(sentence: str, start: int, end: int, *, names_ok: bool = False) -> str | None:
    """The answer given away by the rest of the sentence: its acronym or its spelled-out
    words right beside the blank ("the Transmission Control Protocol, or _____";
    "Interleukin-1, or _____"), or its own content word elsewhere ("the affected _____"
    answered "endocrine gland" in a sentence that says "endocrine disease")."""
    answer = sentence[start:end].strip()
    rest = sentence[:start] + " " + sentence[end:]
    before = re.sub(r"[\s(,]*(?:\bor)?[\s(,]*$", "", sentence[:start])
    after = sentence[end:]
    answer_words = re.findall(r"[A-Za-z][\w-]*", answer)
    if re.fullmatch(r"[A-Z][A-Z0-9-]{1,7}s?", answer):  # an acronym: its words before it?
        letters = re.sub(r"[^A-Z]", "", answer)
        words = re.findall(r"[A-Za-z][\w-]*", before)[-8:]
        for k in range(2, len(words) + 1):
            if _initials(words[-k:]).upper() == letters:
                return "the answer is given away (its spelled-out words are beside the blank)"
    if len(answer_words) >= 2:
        initials = _initials(answer_words).upper()
        near = sentence[max(0, start - 40) : start] + " " + after[:40]
        if len(initials) >= 2 and re.search(rf"\b{initials}s?\b", near):
            return "the answer is given away (its acronym is beside the blank)"
    # "Interleukin-1, or _____" / "_____, or IL-1,": another name for the same thing.
    other = None
    if re.search(r",?\s+or[\s(]*$", sentence[:start]):
        found = re.findall(r"[A-Za-z][\w-]*", before)
        other = found[-1] if found else None
    m = re.match(r",?\s+or\s+([A-Za-z][\w-]*)", after)
    if m:
        other = m.group(1)
    acronym = re.compile(r"[A-Z][A-Z0-9-]+s?")
    if (
        other
        and answer
        and other[:1].lower() == answer[:1].lower()
        and (acronym.fullmatch(other) or acronym.fullmatch(answer))
    ):
        return "the answer is given away (another name for it is beside the blank)"
    # "_____, or myopia, is …" (Nearsightedness), "A _____ (token) is …": any other name.
    other_name = other_name_problem(sentence, start, end)
    if other_name is not None:
        return other_name
    # "the paracrine, also called a _____" (paracrine factor): a word of the answer just
    # before the blank.
    renamed = re.search(
        r"(?:called|known as|termed|referred to as|,\s*or|i\.e\.,?)\s+(?:a|an|the)?\s*$",
        sentence[:start],
    )
    close = {stem(x) for x in re.findall(r"[A-Za-z][\w-]*", sentence[:start])[-5:]}
    for w in answer_words if renamed else ():
        if w.islower() and len(w) >= 4 and w not in STOPWORDS | GENERIC and stem(w) in close:
            return "the answer is given away (its word is just before the blank)"
    head = answer_words[-1] if answer_words else ""  # "endocrine gland": "gland" is the thing
    key = stem(head)
    if (
        head
        and not (names_ok and head[:1].isupper())
        and len(key) >= 4
        and key not in STOPWORDS | GENERIC
        and any(stem(x) == key for x in re.findall(r"[A-Za-z][\w-]*", rest))
    ):
        return "the answer is given away (its word is elsewhere in the sentence)"
    # Inside a name: "… named by the DirectoryIndex directive, … to index a _____" (directory).
    camel = re.findall(r"\b[A-Za-z]*[a-z][A-Z][A-Za-z]*\b", rest)
    inner = {stem(p) for t in camel for p in re.findall(r"[A-Z]?[a-z]+", t)}
    if len(answer_words) == 1 and len(key) >= 4 and key in inner:
        return "the answer is given away (it is part of a name in the sentence)"
    # Or a part of an identifier: "… remove the _____ attached to a socket, or to disable the
    # SO_LOCK_FILTER option …" (filter); "The _____ is sent with … SCM_TIMESTAMP" (timestamp
    # control message). An answer that is itself an identifier is not a common word here.
    idents = re.findall(r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b", rest)
    parts = {stem(p) for t in idents for p in t.lower().split("_")}
    common = [w for w in answer_words if w.islower() and w.isalpha() and len(w) >= 4]
    if not name_like(answer) and any(stem(w) in parts for w in common):
        return "the answer is given away (it is part of an identifier in the sentence)"
    # Another form of an answer word ("For a _____ release, maint is tracking …" answered
    # "maintenance"; "_____ are created 'naturally' …" answered "Natural concepts"): one word
    # is the start of the other, so the sentence spells the answer's beginning.
    for w in answer_words:
        for x in re.findall(r"[A-Za-z]+(?![\w-])", rest):
            a, b = w.lower(), x.lower()
            if not w.isalpha() or stem(a) == stem(b) or a in STOPWORDS | GENERIC:
                continue
            short, long_ = sorted((a, b), key=len)
            if len(short) >= 5 and long_.startswith(short) and not (names_ok and w[:1].isupper()):
                return "the answer is given away (another form of its word is in the sentence)"
    return None


def _specific(token: str) -> bool:
    """A name ("Options", "mod_mime") or a rare word ("oxytocin"): it says what it is."""
    from studyapp.generation import lexicon

    if _NAME_TOKEN.match(token):
        return True
    r = lexicon.rank(token)
    return re.fullmatch(r"[a-z]{5,}", token) is not None and (r is None or r > RARE_RANK)


RARE_RANK = 20_000


# Heads that name no thing of their own: "political system", "legal process", "moral issue"
# are whatever the modifier and the sentence make them.
_VAGUE_HEADS = GENERIC | frozenset(
    """approach approaches issue issues problem problems aspect aspects factor factors
    practice practices matter matters situation situations""".split()  # noqa: SIM905
)


def _kind_words(answer: str) -> bool:
    """A common lower-case word, or a common adjective and a head that names no thing of its
    own ("political system"): what a blank beside a name would hold if it held only the
    name's kind. A noun before the head makes a compound term ("a Go source file")."""
    if re.fullmatch(r"[a-z][a-z-]+", answer):
        return True
    words = answer.split()
    return (
        len(words) == 2
        and all(re.fullmatch(r"[a-z][a-z-]+", w) for w in words)
        and words[1] in _VAGUE_HEADS
        and words[0].endswith(("al", "ic", "ive", "ous", "ful", "able", "ible", "ary"))
        and not _specific(words[0])
    )


def category_problem(sentence: str, start: int, end: int) -> str | None:
    """One common lower-case word beside a name: "an Options _____" (directive), "the _____
    oxytocin" (hormone), or a common word and a head that names nothing of its own ("the
    U.S. _____ was polarized" → political system: Congress, electorate and politics fit as
    well). The name carries the fact; the blank asks what kind of thing it is, which the
    name's reader knows and any category word fills."""
    answer = sentence[start:end].strip()
    if not (
        _kind_words(answer)
        or (start == 0 and re.fullmatch(r"[A-Z][a-z-]+", answer))  # "Charset ISO-8859-1 is …"
    ):
        return None
    before = re.search(r"(?:^|\s)(\S+)\s+$", sentence[:start])
    after = re.match(r"\s+([^\s,.;:!?)]+)", sentence[end:])
    if re.match(r"\s*:\s+\S", sentence[end:]):
        # "… participate in long distance _____: the nervous system and the endocrine system":
        # the fact is the list; the blank is only its heading.
        return "a blank on the heading of a list (the fact is the list)"
    if (
        before
        and before.group(1).lower() in {"the", "a", "an"}
        and re.match(r"\s+[\w-]+,? and [\w-]+\b", sentence[end:])
    ):  # "the _____ insulin and glucagon": the kind of the things it names
        return "a blank on the kind of thing beside its name (many words fit)"
    if (
        start == 0
        and after
        and re.fullmatch(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+|[A-Z]{2,}\d*", after[1])
    ):
        return "a blank on the kind of thing beside its name (many words fit)"  # "_____ ISO-8859-1"
    if before and before.start(1) > 0:
        token = before.group(1).strip("“”\"'‘’([{")
        if token.lower() not in STOPWORDS and _NAME_TOKEN.match(token):
            return "a blank on the kind of thing beside its name (many words fit)"
    if after and before and before.group(1).lower() in {"the", "a", "an"}:
        token = after.group(1).strip("“”\"'‘’")
        # "the _____ oxytocin promotes": a rare singular word after the blank is the name;
        # "the _____ resumes" (a verb in -s) is not.
        named = _NAME_TOKEN.match(token) is not None
        if (
            token.lower() not in STOPWORDS
            and (named or not token.endswith("s"))
            and _specific(token)
        ):
            return "a blank on the kind of thing beside its name (many words fit)"
    return None


def open_slot_problem(sentence: str, start: int) -> str | None:
    """ "such as _____", "including _____": the sentence asks for any member of a class; and
    "higher … than an _____ file": anything lesser fits an indefinite comparison."""
    if _OPEN_SLOT.search(sentence[:start]):
        return "more than one defensible answer (an example slot)"
    if re.search(r"\bthan\s+(?:a|an|any)\s+$", sentence[:start], re.I):
        return "more than one defensible answer (the other side of a comparison)"
    return None


@lru_cache(maxsize=16)
def topic_words(material: str) -> frozenset[str]:
    """The material's own topic words: the few common words it uses most (at least 15 in
    1,000 words, the top three): "variant" in a page on content negotiation, "hormone" in one
    on the endocrine system. Names and identifiers are not counted (they are terms)."""
    tokens = re.findall(r"[A-Za-z][A-Za-z-]+", material)
    if len(tokens) < 200:
        return frozenset()
    words = [stem(t) for t in tokens if t.islower() and t not in STOPWORDS and len(t) >= 4]
    counts = Counter(_family(w, _vocabulary(material)) for w in words)
    return frozenset(
        w
        for w, n in counts.most_common(TOPIC_TOP)
        if n >= TOPIC_SHARE * len(tokens) and w not in GENERIC
    )


_FAMILY_ENDINGS = ("ing", "ers", "er", "ed", "ists", "ist", "ism")


def _family(word: str, vocabulary: frozenset[str]) -> str:
    """The word a derived form is made from, when the material uses that word too: "herding",
    "herders" and "herded" count as "herd", "pastoralist" as "pastoral"; a text about herding
    says "herd" in all its forms, and each form alone may not look like its topic."""
    for ending in _FAMILY_ENDINGS:
        base = word[: -len(ending)]
        if word.endswith(ending) and len(base) >= 4 and base in vocabulary:
            return base
    return word


def _topic_family(answer: str, material: str) -> bool:
    """Is the one-word ``answer`` (in any of its forms) one of the material's topic words?"""
    return _family(stem(answer), _vocabulary(material)) in topic_words(material)


@lru_cache(maxsize=16)
def _vocabulary(material: str) -> frozenset[str]:
    """The material's lower-case words of four letters or more, without plural endings."""
    tokens = re.findall(r"[A-Za-z][A-Za-z-]+", material)
    return frozenset(stem(t) for t in tokens if t.islower() and t not in STOPWORDS and len(t) >= 4)


_SUBCLASS = re.compile(
    r"^\s+(?:with|without|not|that are|which are|having|whose|in which|from|except)\b", re.I
)


@lru_cache(maxsize=16)
def document_title(material: str) -> str:
    """The material's first top-level heading ("# Content Negotiation"), or ""."""
    m = re.search(r"^#\s+(.+?)\s*#*$", material, re.M)
    return m.group(1) if m else ""


def _key(text: str) -> str:
    return " ".join(stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()))


def topic_problem(sentence: str, start: int, end: int, material: str) -> str | None:
    """A one-word blank on a topic word as the sentence's subject or narrowed to some of its
    kind: "_____ can indicate a charset as a parameter of the media type.", "Any _____ not
    selected at each test are eliminated.", "Entries for different _____ are separated by
    blank lines." (→ variants, in a text about variants). The fact is what the rest of the
    sentence says about them; the blank holds the learner's default guess. As an object
    ("Go programs are organized into _____.") it is still a fact to recall."""
    answer = sentence[start:end].strip()
    if name_like(answer) or not material:
        return None
    defined = re.match(
        r"\s*,\s+(?:the|a|an)\s+[\w-]+\s+(?:that|of|which|in which)\b", sentence[end:]
    )
    if " " in answer and _titled_phrase(answer, sentence[:start], material) and not defined:
        # "Apache HTTPD supports _____ as described in …" on a page titled "Content
        # Negotiation": the title is every blank's default guess, unless the sentence says
        # what it is ("the theory of _____, the notion that life can arise from …"). So is
        # the phrase a longer title ends on ("… the overall strategy of the _____ and the
        # company’s values" → advertising plan, under "Major Decisions in Developing an
        # Advertising Plan"), unless the sentence is about it, its subject ("The _____
        # consists of cells, tissues, and organs that secrete hormones …" on "An Overview of
        # the Endocrine System" is its definition).
        return "a blank on the text's own title (the default guess)"
    if (
        " " in answer
        and _topic_phrase(answer, material)
        and not defined
        and re.fullmatch(r"\s*(?:(?:the|a|an)\s+)?", sentence[:start], re.I) is None
    ):
        # "Postfix supports different _____ for different users" → SMTP access restrictions,
        # on a page titled "Postfix SMTP relay and access control" whose commonest noun is
        # "restriction": every word of the answer is the page's topic, so it is the default
        # guess, and "policies" or "restrictions" fit as well (round 14's blind read).
        return "a blank on the text's own topic (the default guess)"
    if " " in answer:
        if _modifier(sentence, start, end, material) and _topic_noun(sentence, end, material):
            # "Certain items in _____ patterns are processed …" (→ regular expression, on a
            # page whose every pattern is one): the kind of the text's own topic noun.
            return "a blank on the kind of the text's own topic (the default guess)"
        return None
    if not _topic_family(answer, material):
        if _modifier(sentence, start, end, material) and _titled(answer, sentence, material):
            return "a blank on the text's own topic word (the default guess)"
        return None
    quantified = re.search(
        r"\b(?:any|all|each|every|some|no|only|one|both|either|neither|different|various|"
        r"several|many|multiple|other)(?:\s+of\s+the)?\s+(?:[\w'‘’-]+\s+)?$",
        sentence[:start],
        re.I,
    )
    subject = re.fullmatch(r"(?:(?:the|a|an)\s+)?", sentence[:start], re.I) is not None
    if (
        _SUBCLASS.match(sentence[end:])
        or quantified
        or subject
        or _modifier(sentence, start, end, material)
    ):
        return "a blank on the text's own topic word (the default guess)"
    return None


# A sentence that defines a term of its own: "“Short-term” refers to …", "Liquidity means
# …" (the term opens it), "Transmission occurs when …" (a process defined by the condition
# it happens under), or "… of a vertex is its out-degree" (the predicate names a property
# of the subject).
_DEFINES_OPENING = re.compile(
    r"^\W*(?:[“\"‘'][^”\"’']{1,40}[”\"’']|[A-Z][\w-]*(?:\s+[\w-]+){0,2})\s+"
    r"(?:refers?\s+to|means|denotes|stands\s+for|is\s+defined\s+as|occurs\s+when)\s"
)
_NAMES_PROPERTY = re.compile(r"^[^,;:]*?\b(?:is|are)\s+(?:its|their)\s+[\w-]+\s*(?:[,;.]|and\b|$)")


def defines_another(sentence: str, start: int, end: int) -> bool:
    """Does the sentence define a term the blank is not on? "“Short-term” refers to money
    market _____ having maturities …" (short-term); "… the number of out-edges of a _____ is
    its out-degree …" (out-degree). ("A wave is a _____ that travels …" defines "wave" by its
    genus: the blank is the definition's fact, and neither shape matches.)"""
    opening = _DEFINES_OPENING.match(sentence)
    if opening is not None and start >= opening.end():
        return True
    return _NAMES_PROPERTY.match(sentence[end:]) is not None


# Endings of adverbs, participles and adjectives: a word so ending modifies, it is no noun.
_NOT_NOUN_ENDS = ("ly", "ed", "ing", "al", "ic", "ive", "ous", "able", "ible", "ful", "less")


def _compound_head(sentence: str, start: int, end: int, material: str) -> bool:
    """Is the one-word blank the bare head of a compound whose modifier stays in the sentence
    ("money market _____" → securities): a lower-case noun of the material right before it."""
    answer = sentence[start:end].strip()
    before = re.search(r"(?:^|\s)([a-z][a-z-]{2,})\s+$", sentence[:start])
    if not re.fullmatch(r"[a-z][a-z-]+", answer) or before is None:
        return False
    word = before.group(1)
    if word in STOPWORDS or is_verb(word) or word.endswith(_NOT_NOUN_ENDS):
        return False
    plural = re.search(rf"\b{re.escape(word)}e?s\b", material) is not None  # "markets"
    return plural or stats(material).used_as_noun(word)


def defined_elsewhere_problem(sentence: str, start: int, end: int, material: str) -> str | None:
    """A topic word or a generic head blanked in a sentence that teaches another term: "In a
    directed graph, the number of out-edges of a _____ is its out-degree …" (vertex, the
    text's commonest noun), "“Short-term” refers to money market _____ having maturities of
    less than one year" (securities, the head its modifier leaves standing). The card asks for
    the learner's default guess while the sentence's fact is the other term."""
    answer = sentence[start:end].strip()
    if not material or name_like(answer):
        return None
    # "Transmission occurs when an _____ is transmitted …" (infectious agent): a modified
    # head is as generic as the head alone when the head is a topic word.
    words = answer.split()
    if len(words) > 2 or any(not re.fullmatch(r"[a-z][a-z-]+", w) for w in words):
        return None
    if not defines_another(sentence, start, end):
        return None
    if _topic_family(words[-1], material) or _compound_head(sentence, start, end, material):
        return "a blank on a topic or head word while the sentence defines another term"
    return None


def _topic_phrase(answer: str, material: str) -> bool:
    """Is every word of the phrase ``answer`` a word of the material's title or one of its
    topic words (:func:`topic_words`), with at least one of each ("SMTP access restrictions"
    under "Postfix SMTP relay and access control", where "restriction" is the commonest
    noun)? The title's words alone are :func:`_titled_phrase`'s."""
    vocabulary = _vocabulary(material)
    title = {stem(w) for w in re.findall(r"[a-z0-9]+", document_title(material).lower())}
    topics = topic_words(material)
    words = [stem(w) for w in re.findall(r"[a-z0-9]+", answer.lower()) if w not in STOPWORDS]
    in_title = [w in title for w in words]
    in_topic = [_family(w, vocabulary) in topics for w in words]
    return (
        len(words) >= 2
        and all(t or p for t, p in zip(in_title, in_topic, strict=True))
        and any(in_title)
        and any(p and not t for t, p in zip(in_title, in_topic, strict=True))
    )


def _titled_phrase(answer: str, before: str, material: str) -> bool:
    """Is the phrase ``answer`` the material's title, or the words its title ends on ("an
    Advertising Plan" ends "Major Decisions in Developing an Advertising Plan") where it is not
    the sentence's subject (``before`` is the text before the blank)?"""
    key, title = _key(answer), _key(document_title(material))
    if not key:
        return False
    subject = re.fullmatch(r"\s*(?:(?:the|a|an)\s+)?", before, re.I) is not None
    return key == title or (title.endswith(" " + key) and not subject)


def _topic_noun(sentence: str, end: int, material: str) -> bool:
    """Is the noun right after the blank one of the material's topic words ("patterns" on a
    page about patterns)?"""
    after = re.match(r"\s+([a-z][a-z-]{3,})\b", sentence[end:])
    return after is not None and _topic_family(after.group(1), material)


def _titled(answer: str, sentence: str, material: str) -> bool:
    """Is ``answer``, in any of its forms, a word of the material's title or of the heading
    the sentence stands under ("pastoral" under "The Sociocultural Complex of Pastoralism")?"""
    at = material.find(sentence[:60])
    titles = [document_title(material), *(heading_at(material, at) if at >= 0 else [])]
    vocabulary = _vocabulary(material)
    said = {
        _family(stem(w), vocabulary) for t in titles for w in re.findall(r"[a-z]{4,}", t.lower())
    }
    return _family(stem(answer.lower()), vocabulary) in said - STOPWORDS


def _modifier(sentence: str, start: int, end: int, material: str) -> bool:
    """A blank that only qualifies the noun after it, inside a noun phrase: "The fourth
    feature of _____ societies is …" (→ herding, in a text on herding): what kind of
    societies is the text's default answer. The next word is a noun: a plural, or a word the
    material uses as one ("the society")."""
    after = re.match(r"\s+([a-z][a-z-]{3,})\b(?![-(])", sentence[end:])
    before = re.search(r"\b(?:of|in|for|among|between|by|with|from|to|on|at)\s+$", sentence[:start])
    if not after or not before:
        return False
    noun = after.group(1)
    if noun in STOPWORDS or is_verb(noun) or noun.endswith(("ly", "ed", "ing", "er")):
        return False
    plural = stem(noun) != noun and not is_verb(stem(noun))
    return plural or stats(material).used_as_noun(noun)


def quoted_problem(sentence: str, start: int, end: int) -> str | None:
    """A blank on part of a quoted name: a "No _____ Variants" error, the 'remote _____
    selection algorithm': the quote is one name, and half of it tests nothing."""
    for m in re.finditer(r"[\"“‘']([^\"“”‘’']{2,80})[\"”’']", sentence):
        s, e = m.start(1), m.end(1)
        if s <= start and end <= e and (start > s or end < e):
            return "a blank on part of a quoted name"
    return None


def aside_problem(sentence: str, start: int, end: int) -> str | None:
    """A blank inside a bracketed aside: "(or, for backwards-compatibility with older _____
    configurations, the MIME-type application/x-type-map)", "(e.g., …)", "(see …)". The aside
    is not what the sentence teaches; a gloss in brackets is ("people in a neighborhood (an
    _____)", "necrotic tissue (dead tissue that is not supplied with oxygen by _____)")."""
    for m in re.finditer(r"\(([^()]*)\)", sentence):
        aside = re.match(
            r"\s*(?:or|e\.g\.|i\.e\.|for|see|such as|if|note|unless|except|as|including)\b",
            m.group(1),
            re.I,
        )
        if m.start(1) <= start and end <= m.end(1) and aside and len(m.group(1).split()) > 5:
            return "a blank inside an aside in brackets"
    return None


# A chemical formula: element symbols with counts, at least two symbols and one count ("C4H6",
# "H2O", "NaCl2"), no spaces.
_FORMULA = re.compile(r"(?=[A-Za-z0-9()]*\d)(?:[A-Z][a-z]?\d*|\((?:[A-Z][a-z]?\d*)+\)\d*){2,}")


def apposed_formula_problem(sentence: str, start: int, end: int) -> str | None:
    """A blank on a formula set beside the name it writes: "Butadiene, _____, is used to make
    synthetic rubber." (C4H6). The apposition only restates the name in symbols; the card asks
    the learner to recall a formula the sentence is not about (round 10's strict read)."""
    answer = sentence[start:end].strip()
    if not _FORMULA.fullmatch(answer):
        return None
    before, after = sentence[:start].rstrip(), sentence[end:].lstrip()
    apposed = (before.endswith(",") and after.startswith((",", "."))) or (
        before.endswith("(") and after.startswith(")")
    )
    return "trivia (a formula in apposition, beside the name it writes)" if apposed else None


def anaphoric_problem(sentence: str, start: int) -> str | None:
    """A blank in a subject that points into the text: "The added _____ means that …"
    (which addition?)."""
    head = re.match(r"^(?:the|this|these|that|those)\s+(?:[\w-]+\s+){0,2}$", sentence[:start], re.I)
    if head and subject_problem(head.group(0) + "x") is not None:
        return "the subject points into the text"
    # The same subject with the blank later: "The added fourth condition means that … would
    # undermine S's _____." (which condition was added, to what?).
    # Only the words that always point back count here: "The first statement in a Go source
    # file …" and "The same hormone may play …" say something of their own.
    lead = re.match(
        r"^(?:the|these|those)\s+(?:[\w-]+\s+)?(?:added|above|following|foregoing|preceding|"
        r"previous|latter|former|aforementioned)\s",
        sentence,
        re.I,
    )
    if lead and start >= lead.end():
        return "the subject points into the text"
    return None


def both_problem(sentence: str, start: int, end: int) -> str | None:
    """A blank after "both" that no "and" follows ("The "Order deny,allow" line at the end of
    both _____ allows the request …", round 14): "both" points at two things the text showed
    before (a listing's two sections), which the card does not show. "both _____ and X"
    is a coordination and says its two things."""
    if re.search(r"\bboth\s+$", sentence[:start], re.IGNORECASE) and not re.match(
        r"\s+and\b", sentence[end:]
    ):
        return "the subject points into the text"
    return None


_LIKENESS = re.compile(r"^(?:just\s+)?(?:like|unlike)\s+[^,]+,", re.IGNORECASE)
_EXAMPLES = re.compile(
    r"^(?:other\s+)?(?:examples|instances)\s+of\s+[^,]+?\s+(?:include|are)\s", re.IGNORECASE
)
_SUPPOSING = re.compile(r"^(?:just\s+)?(?:pretend|imagine|suppose)\b", re.IGNORECASE)


def framing_problem(sentence: str, start: int) -> str | None:
    """A blank the sentence's frame leaves open: in an opening comparison ("Like many _____,
    the Bedouin require large tracts of land …": the fact is the Bedouin's, and "herders"
    fits the blank as well); on one of a list of examples ("Examples of thermophiles include
    _____ and Geobacillus spp.": any other example is right too); in a supposition ("Just
    pretend that the _____ is a parameterless function …": a way to think, not a fact)."""
    like = _LIKENESS.match(sentence)
    if like and start < like.end():
        return "a blank in a comparison (the fact is about something else)"
    listed = _EXAMPLES.match(sentence)
    if listed and start >= listed.end():
        return "a blank on one example of several (another example is right too)"
    if _SUPPOSING.match(sentence):
        return "a supposition, not a fact"
    return None


# "a diet high in _____": the blank is what something contains ("high in", "rich in", "low
# in"), and "because it is rich in fruits, vegetables, beans, …" its only clue: a reason
# clause listing three or more examples.
_CONTENT_OF = re.compile(r"\b(?:high|rich|low|poor)\s+in\s+$", re.IGNORECASE)
_LISTED_REASON = re.compile(
    r"^[^.;]*?\b(?:because|since)\b[^.;]*?[^,;.]+,[^,;.]+,[^.;]*?\b(?:and|or)\b", re.IGNORECASE
)


def shared_trait_problem(sentence: str, start: int, end: int) -> str | None:
    """A blank on what a thing is rich in, whose clue is a list of examples it holds: "The
    Mediterranean diet is an excellent example of a diet high in _____ because it is rich in
    fruits, vegetables, beans, legumes, nuts, and seeds." (complex carbohydrates; "fiber" fits
    as well). Foods, like any list of examples, share more than one trait; the list names
    none of them."""
    if _CONTENT_OF.search(sentence[:start]) and _LISTED_REASON.match(sentence[end:]):
        return "a blank on a trait a list of examples shares (another trait fits too)"
    return None


def judged_subject_problem(after: str) -> str | None:
    """A blank on the subject of a judgement: "_____ is an important avenue of socialization
    for many people." (what is not?); ``after`` is the sentence after the blank."""
    m = re.match(r"^\s*(?:is|are)\s+(.+?)[.!]?$", after)
    return None if m is None else judgement_problem(m.group(1))


def blank_problem(sentence: str, start: int, end: int, material: str = "") -> str | None:
    """Why a blank on ``sentence[start:end]`` asks the wrong thing, or ``None``. A blank on
    the name a sentence gives is the fact itself: a name that repeats a word of the sentence
    ("Gettier cases …, a problem called the Gettier problem") is not a leak there."""
    on_name = any(start < e and end > s for s, e in named_spans(sentence))
    return (
        not_a_term_problem(sentence, start, end)
        or naming_problem(sentence, start, end)
        or quoted_problem(sentence, start, end)
        or aside_problem(sentence, start, end)
        or apposed_formula_problem(sentence, start, end)
        or leak_problem(sentence, start, end, names_ok=on_name)
        or fv_form_problem(sentence, start, end)
        or answer_leak_problem(sentence, start, end)
        or bare_adjective_subject_problem(sentence, start)
        or bare_count_problem(sentence, start, end)
        or time_adverb_problem(sentence, start, end)
        or anaphoric_problem(sentence, start)
        or both_problem(sentence, start, end)
        or framing_problem(sentence, start)
        or shared_trait_problem(sentence, start, end)
        or (judged_subject_problem(sentence[end:]) if start == 0 else None)
        or category_problem(sentence, start, end)
        or open_slot_problem(sentence, start)
        or (None if on_name else topic_problem(sentence, start, end, material))
        or (None if on_name else defined_elsewhere_problem(sentence, start, end, material))
    )
