"""Flaws a learner finds on reading a card, beyond its shape: the checks the quality gate
(:mod:`studyapp.generation.quality`) runs after its markup, code and trivia checks.

Each function takes the card's text (and the material, where the material decides) and returns
a reason or ``None``. Each exists because of a real card from the corpus that passed the older
checks (quoted in ``tests/test_card_flaws.py``):

- a blank on part of a term ("the file _____" → descriptor), on a verb or an adverb
  ("they _____ raise StopIteration" → automatically), on the goal's own topic ("Python" in a
  Python tutorial), or whose answer the sentence gives away in another form ("100 _____ …
  event #47" → events);
- a cloze that leans on what came before it ("If disabled, …", "If so, …", "like this:"), that
  is a question ("Can two epoll instances wait for the same _____?"), a line from a list of
  values ("min: minimum size of …"), a table row, a broken fragment ("(2): by waiting …"), or an
  entry of a reference list ("RFC 1337 for a description of …");
- an answer in another form than its question asks for ("What is tcp_retrans_collapse? → Try to
  send …"), that restates the question ("What does tcp_syncookies do? → Enable TCP
  syncookies."), that holds a formula or two facts, or that points at text the card does not
  carry ("Set to one of the following values …", "(see the description of …)");
- a question about "the key": which key?

Last of all, :mod:`studyapp.generation.context_bound` (round 4): sentences that cannot stand
alone on a card (openers, pointers at the page, worked examples, empty definitions, asides).
"""

from __future__ import annotations

import re

from studyapp.generation.blanks import VAGUE, vague_answer
from studyapp.generation.circular import cloze_by_itself, defines_by_itself, names_own_genus
from studyapp.generation.context_bound import cloze_context, question_context
from studyapp.generation.question_shapes import shape_flaw
from studyapp.generation.strict_reader import cloze_strict, example_slot, question_strict
from studyapp.generation.terms import compound_neighbour, name_like, stats, stem
from studyapp.generation.words import GENERIC, STOPWORDS, is_verb
from studyapp.vectors.embedder import normalise

BLANK = "_____"

# -- cloze sentences --------------------------------------------------------------------------
# Openers that need the sentence before them: an elided subject ("If disabled, …": what is?),
# an answer to a question the card does not ask ("Yes, …", "If so, …"), a pointer at an example.
_LEANING_OPENER = re.compile(
    r"^(if (so|not|that|this)|yes|no|in (that|this|such a|either) case|in (our|the|this|that|the above|"
    r"the previous|the following) example|note how|suppose|imagine|otherwise|once (enabled|"
    r"disabled|set)|(if|when|once|unless) (enabled|disabled|set|unset|cleared|true|false|"
    r"specified|nonzero|non-zero|zero|used|given|present|omitted)|as a result|in other words|"
    r"that is|to do this|for this reason|at the same time|in this way|then|after that|for that|"
    r"before that)\b",
    re.IGNORECASE,
)
# A sentence that starts with a lowercase function word has lost its start ("by waiting for an
# event …", "will continue to print …", "then MyClass.i and MyClass.f are …").
_FRAGMENT_START = re.compile(
    r"^(by|with|and|or|but|then|will|would|can|could|should|may|might|must|is|are|was|were|"
    r"has|have|had|to|for|from|which|that|so|because|than|of)\b"
)
_POINTING = re.compile(
    r"\b(the (earlier|later|former|latter|above|previous|next) ones?|the latter|the former|"
    r"(in|as described in) the (previous|next|following) section|like this|as follows|"
    r"the specified|such (buggy )?\w+|in (the|our|this) (\w+ )?example|the above)\b|"
    r"(^|,\s*)(this|these|those) (is|are|was|were|will|would|can|may|has|have|means)\b|"
    r"\((e\.g\.|i\.e\.)[^)]*_____",
    re.IGNORECASE,
)
_PRONOUN_FOLLOWERS = frozenset(
    [
        "is",
        "was",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "has",
        "only",
        "also",
        "just",
        "still",
        "then",
        "always",
        "never",
        "usually",
        "means",
        "makes",
    ]
)
_DEMONSTRATIVE = re.compile(r"\b(this|these|those)\s+([a-z][\w-]*)", re.IGNORECASE)
# "that" is a demonstrative only where no clause can start: opening the sentence or its main
# clause ("For the Bedouin, that division is determined by …": which division?) or after a
# preposition ("at that time"). After a noun or a verb it opens a clause ("the belief that
# knowledge is …", "shows that cells divide").
# Only before a singular lower-case noun: "that families do not …", "that TCP will …" open a
# clause after a comma.
_DEMONSTRATIVE_THAT = re.compile(
    r"(?i:^|(?P<comma>[,;:])\s+|\b(?:of|in|on|at|by|for|with|from|into|onto|about|under|over|"
    r"after|before|during|through|between|among|within|without|across|against|toward|towards|"
    r"upon)\s+)(?P<that>[Tt]hat)\s+(?P<noun>[a-z][\w-]*[^s\W]|[a-z][\w-]*(?:ss|us|is))\b"
)
_VALUE_LINE = re.compile(
    r"^\s*(?:\d+|0x[0-9a-f]+|'[^']{1,20}'|\"[^\"]{1,20}\"|[a-z][a-z_]{1,11})\s*:\s", re.IGNORECASE
)
_TABLE_ROW = re.compile(r"(?:^|;\s*)[A-Z][\w ]{0,20}:\s[^;]+;\s*[A-Z][\w ]{0,20}:\s")
_REFERENCE_ENTRY = re.compile(
    r"^(RFC \d+|[\w.-]+\(\d\w*\)|RFC _____|_____ \d+)(,? (and|or) (RFC )?[\w.()]+)? for\b"
)
_CROSS_REFERENCE = re.compile(r"\bsee\b[^.;]*\b(below|above|later|earlier)\b", re.IGNORECASE)
_FORMULA = re.compile(r"\^|(?<=[a-z0-9)_])/(?=\d|\()|\b\w+-\w+/\d")
# After these a word is a verb ("will almost always _____ a given name" -> resolve) ...
_MODALS = frozenset(
    """will would can could may might must should shall does do did to always never not also
    almost automatically""".split()  # noqa: SIM905
)
# ... after these, a participle ("is _____ when the interpreter starts" -> created).
_BE = frozenset("is are was were be been being".split())  # noqa: SIM905
_NOUN_ENDINGS = (
    "tion",
    "sion",
    "ment",
    "ness",
    "ity",
    "ance",
    "ence",
    "ism",
    "or",
    "er",
    "ure",
    "age",
    "ship",
)
_ADVERB_NOT = frozenset("family assembly supply reply apply only poly anomaly".split())  # noqa: SIM905
_TITLE_IGNORE = frozenset(
    [
        "tutorial",
        "guide",
        "introduction",
        "manual",
        "reference",
        "documentation",
        "docs",
        "page",
        "chapter",
        "the",
        "of",
        "and",
        "a",
        "an",
        "to",
        "in",
        "for",
        "on",
        "with",
        "learn",
        "learning",
        "understand",
        "understanding",
        "basics",
    ]
)


def cloze_flaw(
    sentence: str, answer: str, *, material: str = "", goal_title: str = ""
) -> str | None:
    """Why a cloze sentence (with one ``_____``) would not help a learner, or ``None``."""
    body = sentence.strip()
    if body.endswith("?"):
        return "a question made into a cloze"
    if "•" in body or (
        re.match(r"^[(\[]\d+[)\]]|^[^\w\"“‘'(]", body) and not body.startswith(BLANK)
    ):
        return "a broken fragment (a list marker or a cut sentence)"
    if _unbalanced(body):
        return "a broken fragment (unbalanced brackets)"
    if part_of_unnamed(body.replace(BLANK, answer)):
        return "dangling reference"
    if verb_pair_tail(body.replace(BLANK, answer)):
        return "a broken fragment (the sentence is cut mid-phrase)"
    if _FRAGMENT_START.match(body):
        return "a broken fragment (the sentence has lost its start)"
    first = body.split()[0] if body.split() else ""
    if first[:1].isupper() and is_verb(first) and not first.isupper():
        return "not self-contained (the sentence has no subject)"  # "Permits multiple _____ …"
    if _VALUE_LINE.match(body) and not body.startswith(BLANK):
        return "a line from a list of values, without what it belongs to"
    if _TABLE_ROW.search(body):
        return "a table row, not a sentence"
    if _REFERENCE_ENTRY.match(body):
        return "an entry of a reference list"
    if body.rstrip().endswith(":") or _LEADS_INTO.search(body):
        return "a sentence that leads into a list or an example it does not carry"
    if example_slot(body):  # before "such …" is read as pointing back
        return "more than one defensible answer (an example slot)"
    if _LEANING_OPENER.match(body) or _POINTING.search(body) or _CROSS_REFERENCE.search(body):
        return "leans on context the card does not carry"
    if _dangling_demonstrative(body):
        return "leans on context the card does not carry"
    if _FORMULA.search(body):
        return "a blank in a formula"
    return (
        blank_flaw(body, answer, material=material, goal_title=goal_title)
        or cloze_strict(body, answer, material=material, goal_title=goal_title)
        or cloze_context(body, material=material, answer=answer)
    )


def blank_flaw(
    sentence: str, answer: str, *, material: str = "", goal_title: str = ""
) -> str | None:
    """What is wrong with the blank itself: part of a term, a verb, the goal's topic, given
    away."""
    start = sentence.find(BLANK)
    if start < 0:
        return None
    filled = sentence[:start] + answer + sentence[start + len(BLANK) :]
    term = compound_neighbour(filled, start, start + len(answer), material)
    if term is not None:
        return f"a blank on part of a term ({term!r})"
    left, right = _around(sentence, start)
    head = _head_of_compound(sentence, start, answer, material)
    if head is not None:
        return f"a blank on part of a term ({head!r})"
    if vague_answer(answer):
        return VAGUE
    if ends_on_verb(answer, material):
        return "a blank that swallows a verb (the answer is not a term)"
    if topic_word(answer, goal_title):
        return "a blank on the goal's topic"
    single = re.fullmatch(r"[a-z]+", answer) is not None
    if single and topic_word(left, goal_title):
        return f"a blank on part of a term with the goal's topic ({left + ' ' + answer!r})"
    if single and topic_word(right, goal_title):
        return f"a blank on part of a term with the goal's topic ({answer + ' ' + right!r})"
    rest = sentence[:start] + " " + sentence[start + len(BLANK) :]
    answer_stems = [stem(w) for w in normalise(answer).split() if w not in STOPWORDS]
    rest_stems = {stem(w) for w in normalise(rest).split()}
    if answer_stems and (
        all(w in rest_stems for w in answer_stems)
        or (len(answer_stems) > 1 and answer_stems[-1] in rest_stems)
    ):
        return "the answer is in the question"  # "records … an array of _____" -> resource records
    if cloze_by_itself(sentence, answer):
        return "a circular definition (the sentence defines the term by itself)"
    if _not_a_term(sentence, start, answer, material):
        return "a blank on a verb, an adjective or an adverb, not a term"
    kinds = other_kinds(sentence, start, answer, material)
    if kinds:
        return f"a blank on one kind among others the text names ({kinds})"
    return None


# Endings of adjectives that name a kind ("atherosclerotic stroke", "embolic stroke").
_KIND_ENDINGS = ("ic", "al", "ive", "ous", "ary", "ar")


def other_kinds(sentence: str, start: int, answer: str, material: str) -> str | None:
    """A lone adjective blanked before a noun the material also writes with other such
    adjectives: "Risk factors for _____ stroke include male sex, …" (atherosclerotic, in a
    text that writes "ischemic stroke" and "embolic stroke"). The blank asks which kind, and
    a fact shared by the kinds (risk factors, treatments) fits the others as well. The other
    adjectives, as found, or ``None``. They must be no common word ("several strokes",
    "normal vision": a quantity or a state, not a kind); a kind the material writes as a
    term of its own is :func:`compound_neighbour`'s."""
    word = answer.strip()
    if not material or not re.fullmatch(r"[a-z][a-z-]+", word) or not word.endswith(_KIND_ENDINGS):
        return None
    after = re.match(r"\s+([a-z][a-z-]{2,})\b(?![-(])", sentence[start + len(BLANK) :])
    if after is None or after.group(1) in STOPWORDS or is_verb(after.group(1)):
        return None
    noun = after.group(1)
    from studyapp.generation import lexicon

    others = sorted(
        {
            m.group(1).lower()
            for m in re.finditer(rf"\b([A-Za-z][a-z-]+)\s+{re.escape(noun)}s?\b", material)
            if m.group(1).lower() != word
            and m.group(1).lower().endswith(_KIND_ENDINGS)
            and m.group(1).lower() not in STOPWORDS
            and (lexicon.rank(m.group(1).lower()) or RARE) > COMMON
        }
    )
    return ", ".join(f"{w} {noun}" for w in others) if others else None


COMMON = 5_000  # ranks of the commonest English words: no kind of their own
RARE = 10**9


# Verbs a text reports with ("Levy found", "Cooley suggested"): never the end of a term.
_REPORTING = frozenset(
    """found said says argued argues noted notes showed shows suggested suggests reported
    claimed claims wrote writes thought believed believes observed concluded discovered
    proposed explained described stated states defined""".split()  # noqa: SIM905
)
_ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ous", "ful", "able", "ible", "ar", "ary", "less", "ed")


# "… is obtained by running" (the command follows in a code block): no full stop, and the
# sentence stops on a word that leads on.
_LEADS_INTO = re.compile(
    r"\b([a-z]+ing|by|with|using|as|to|the|a|an|of|for|from|is|are|be|like|via)\s*$"
)
_PARTICLES = frozenset("together apart up down out away back off along".split())  # noqa: SIM905


def ends_on_verb(answer: str, material: str) -> bool:
    """A blank grown over the verb after its term ("_____ it was a sympathetic place" → Levy
    found; "each directory in a _____ to a single package" → source tree corresponds): the
    answer is a term and a verb, which no learner would give."""
    words = answer.split()
    if len(words) < 2 or not re.fullmatch(r"[a-z]+", words[-1]):
        return False
    last = words[-1]
    if last in _REPORTING or (last in _PARTICLES and re.fullmatch(r"[a-z]+", words[0])):
        return True  # "Levy found"; "as the employees _____ over the years" (work together)
    if not last.endswith("s") or last.endswith(("ss", "us", "is")):
        return False
    counts = stats(material) if material else None
    if is_verb(last):
        return not (counts and counts.used_as_noun(last))
    # A longer answer whose last word the material never uses as a noun ("corresponds").
    return len(words) >= 3 and counts is not None and counts.noun_uses[stem(last)] == 0


def _head_of_compound(sentence: str, start: int, answer: str, material: str) -> str | None:
    """ "the cell _____" → membranes: a noun the material uses as one stands right before the
    blank, after an article, so the answer is only the head of the term ("cell membranes")."""
    if not material or not re.fullmatch(r"[a-z]+", answer.strip()):
        return None
    m = re.search(r"\b(the|a|an) ([a-z]{3,}) $", sentence[:start])
    if not m:
        return None
    word = m.group(2)
    if word in STOPWORDS or word in GENERIC or word.endswith(_ADJECTIVE_ENDINGS) or is_verb(word):
        return None
    if word.endswith("ing") or word.endswith("ly"):
        return None
    return f"{word} {answer.strip()}" if stats(material).used_as_noun(word) else None


def _around(sentence: str, start: int) -> tuple[str, str]:
    """The words right before and after the blank at ``start``."""
    before = re.search(r"(\w[\w-]*) $", sentence[:start])
    after = re.match(r" (\w[\w-]*)", sentence[start + len(BLANK) :])
    return (before.group(1) if before else "", after.group(1) if after else "")


def topic_word(answer: str, goal_title: str) -> bool:
    """A one-word answer that is a word of the goal's title ("Python" in "The Python Tutorial,
    9. Classes", "sockets" in "socket(7) - Linux socket interface"): every card of the goal
    gives it away."""
    words = normalise(answer).split()
    if len(words) != 1 or not goal_title:
        return False
    title = {
        stem(w)
        for w in re.findall(r"[A-Za-z][A-Za-z0-9.+#-]*", goal_title)
        if w.lower() not in _TITLE_IGNORE
    }
    if stem(words[0]) in title:
        return True
    # "Microbes" in "Temperature and Microbial Growth": the same word in another form.
    w = words[0]
    return len(w) >= 6 and any(
        len(t) >= 6 and t[:6] == w[:6] and abs(len(t) - len(w)) <= 3 for t in title
    )


def _not_a_term(sentence: str, start: int, answer: str, material: str) -> bool:
    word = answer.strip()
    before_ = re.findall(r"[A-Za-z']+", sentence[:start])
    if " " in word and re.match(r"[a-z]+ ", word) and before_ and before_[-1].lower() in _MODALS:
        return True  # "Schools also _____ by teaching them …" (socialize children): a verb phrase
    if not re.fullmatch(r"[a-z][a-z-]+", word) or word in GENERIC:
        return False
    if word.endswith("ly") and len(word) > 5 and word not in _ADVERB_NOT:
        return True  # "automatically", "separately"
    after = re.match(r"\s+([a-z]+)\b", sentence[start + len(BLANK) :])
    if (
        after
        and word.endswith(("able", "ible", "ful", "ous", "less"))
        and after.group(1) not in STOPWORDS
    ):
        return True  # "is considered _____ behavior" (acceptable): an adjective before its noun
    before = re.findall(r"[A-Za-z']+", sentence[:start])
    previous = before[-1].lower() if before else ""
    participle = word.endswith(("ed", "en"))
    verb_form = participle or is_verb(word)
    adjective = word.endswith(("able", "ible", "ful", "ous", "ive", "less"))
    adverb_before = previous.endswith("ly") and len(previous) > 4  # "Snow ultimately _____"
    if (verb_form or adjective) and (
        previous in _MODALS or (previous in _BE and not is_verb(word)) or adverb_before
    ):
        return True  # "will almost always _____" (resolve), "may be _____ as modules" (available)
    counts = stats(material) if material else None
    if counts is not None and counts.used_as_noun(word):
        return False
    if word.endswith(_NOUN_ENDINGS) and not word.endswith(("ed", "ing")):
        return False
    return verb_form and counts is not None and counts.words[stem(word)] > 0


def _unbalanced(text: str) -> bool:
    return any(text.count(o) != text.count(c) for o, c in ("()", "[]", "{}"))


def _dangling_demonstrative(sentence: str) -> bool:
    """ "those file descriptors", "this type", "that division": a thing named before the
    sentence (unless the sentence itself names it first)."""
    for m in _DEMONSTRATIVE_THAT.finditer(sentence):
        noun = m["noun"]
        if noun in STOPWORDS or noun in _PRONOUN_FOLLOWERS or is_verb(noun):
            continue  # "that is,", "that it …", "that makes …": not a determiner
        if m["comma"] and not _introduces(sentence[: m.start("comma")]):
            continue  # "Keep in mind, however, that …", "the East India Company, that was …"
        if stem(noun) not in {stem(w) for w in normalise(sentence[: m.start()]).split()}:
            return True
    for m in _DEMONSTRATIVE.finditer(sentence):
        noun = m.group(2).lower()
        if noun in _PRONOUN_FOLLOWERS or (is_verb(noun) and m.group(1).lower() == "this"):
            return True  # "this only works if …": this what?
        if noun in {"way", "is", "was", "of", "to", "and", "or"}:
            continue
        earlier = normalise(sentence[: m.start()])
        if stem(noun) not in {stem(w) for w in earlier.split()}:
            return True
    return False


_INTRO_START = re.compile(
    r"^(?:for|in|among|within|at|on|during|across|after|before|since|under|with|without|"
    r"throughout|unlike|like|by|from|to|[a-z]+ly)\b",
    re.IGNORECASE,
)


def _introduces(lead: str) -> bool:
    """Words before a comma that open a sentence with a prepositional phrase or an adverb
    and no verb ("For the Bedouin", "In most herding groups", "Traditionally"): the main
    clause, and its subject, come after the comma. ("Fracastoro proposed, in his essay, that
    …" and "Keep in mind, however, that …" are a verb's clause.)"""
    words = re.findall(r"[A-Za-z'’-]+", lead)
    return (
        0 < len(words) <= 8
        and "," not in lead
        and _INTRO_START.match(lead.strip()) is not None
        and not any(
            is_verb(w.lower()) or w.lower() in _BE or w.lower() in _MODALS for w in words[1:]
        )
    )


def split_word(text: str) -> str | None:
    """A word broken in two by a PDF's kerning ("netw ork", "recei ving"): two pieces, at least
    one no word at all, that together spell an English word."""
    from studyapp.generation import lexicon

    for m in re.finditer(r"\b([A-Za-z]{2,}) (?=([a-z]{2,})\b)", text):
        a, b = m.groups()
        if lexicon.is_word(a, max_rank=20_000) and lexicon.is_word(b, max_rank=20_000):
            continue
        if lexicon.is_word(a + b, max_rank=80_000):
            return f"{a} {b}"
    return None


# -- question and answer ----------------------------------------------------------------------
_WHAT_IS = re.compile(r"^What (is|are) (?P<subject>.+?)\?$")
_WHAT_DOES = re.compile(r"^What (does|do) (?P<subject>.+?) do\?$")
_SUBJECT = re.compile(r"^What (?:is|are|does|do) (?P<subject>.+?)(?: (?:do|mean|refer to))?\?$")
_CLAUSE_START = re.compile(r"^(if|when|once|unless|whenever|while)\b", re.IGNORECASE)
_NOT_A_THING = re.compile(
    # "Being oriented toward a task or goal": a state, not a thing ("What is …?" asks a kind)
    r"^(used (to|for)|must|should|can|may|will|is|are|for|in|on|with|by|from|at|as|to|"
    r"being|having)\b",
    re.IGNORECASE,
)
_NOUN_PHRASE_START = re.compile(
    r"^(a|an|the|one|any|each|every|all|some|no|its|their|this|these|how many|how much)\b",
    re.IGNORECASE,
)
_ANSWER_POINTING = re.compile(
    r"\b(the following|as follows|see (below|above)|described (below|above)|listed below|"
    r"this (value|option|socket|call|flag|field|function|structure|file|setting|argument))\b",
    re.IGNORECASE,
)
_ANSWER_REFERENCE = re.compile(r"\(see\b|\bsee the (description|section|discussion)\b", re.I)
_TWO_STATEMENTS = re.compile(
    r"^(?P<left>(?:\S+ ){3,}?)(?:and|but) (?P<verb>[a-z]+s|must|should|can|may|will) \S+ \S+"
)
_RESTATING_IGNORE = frozenset(
    """enable enables disable disables set sets get gets or and the a an of clear clears
    return returns option flag value true false algorithm mechanism support feature
    behavior behaviour mode use uses rfc""".split()  # noqa: SIM905
)
_ABBREVIATIONS = {
    "so": "socket",
    "sock": "socket",
    "msg": "message",
    "rcv": "receive",
    "recv": "receive",
    "snd": "send",
    "buf": "buffer",
    "addr": "address",
    "fd": "descriptor",
    "cong": "congestion",
    "tw": "time",
    "ka": "keepalive",
}


# An answer that opens on a pronoun for things the card never names: "One of them as well as
# the min-cut weight" (round 12: them = the graph's min-cuts, named in the sentence before),
# "Some of these …", "Them …", "These …", "Those are …".
_PRONOUN_OPENING = re.compile(
    r"^(?:(?:one|some|many|each|all|both|none|most|any|either|neither|several|few|two|three|"
    r"the\s+(?:first|second|last|rest|other|others?))\s+of\s+(?:them|these|those|it|this|that)\b|"
    r"them\b|(?:these|those|this)\s*(?:[,.;:]|$|(?:is|are|was|were|can|will|and|as|which|that)\b))",
    re.IGNORECASE,
)
# "It"/"they" as the answer's subject: the question's subject resolves it when their number
# agrees ("What does the algorithm do?" "It …"); a plural "they" after a singular question
# subject, or "it" after a plural one, points past the card.
_SINGULAR_ASKED = re.compile(
    r"^(?:what|how|why|when|where|which)\s+(?:is|was|does|did|has)\b", re.I
)
_PLURAL_ASKED = re.compile(r"^(?:what|how|why|when|where|which)\s+(?:are|were|do|have)\b", re.I)


_PART_OF_THEM = re.compile(
    r"\b(?:one|some|many|each|all|both|none|most|any|either|neither|several|few|two|three)\s+"
    r"of\s+(?:them|these|those)\b",
    re.IGNORECASE,
)


def part_of_unnamed(sentence: str) -> bool:
    """ "A minimum cut algorithm determines one of them as well as the min-cut weight" (round
    12): "one of them" with no plural noun before it in the sentence, so "them" are things
    the sentence before named (the min-cuts). A plural before it resolves it ("Graphs have
    many vertices; one of them …"); a verb's "-s" is no plural."""
    m = _PART_OF_THEM.search(sentence)
    if m is None:
        return False
    before = re.findall(r"[A-Za-z][a-z-]*", sentence[: m.start()])
    return not any(
        w.endswith("s")
        and not w.endswith(("ss", "us", "is"))
        and w.lower() not in STOPWORDS
        and not is_verb(w)
        for w in before
    )


def unresolved_pronoun(front: str, back: str) -> bool:
    """An answer that opens on a pronoun nothing on the card resolves (see
    :data:`_PRONOUN_OPENING`), or on "they"/"it" against the number of the question's
    subject."""
    text = back.strip()
    if _PRONOUN_OPENING.match(text):
        return True
    first = text.split()[0].lower() if text.split() else ""
    asked = front.strip()
    return (first in {"they", "their"} and _SINGULAR_ASKED.match(asked) is not None) or (
        first in {"it", "its"} and _PLURAL_ASKED.match(asked) is not None
    )


def answer_flaw(front: str, back: str) -> str | None:
    """Why the answer of a question card would not do, or ``None``."""
    text = back.replace("’", "'").strip()
    problem = form_flaw(front, text)
    if problem:
        return problem
    if _unbalanced(text):
        return "a broken fragment (the answer stops inside brackets)"
    if _ANSWER_POINTING.search(text) or unresolved_pronoun(front, text):
        return "dangling reference in the answer"
    if _ANSWER_REFERENCE.search(text):
        return "a cross-reference in the answer"
    if _FORMULA.search(text) or len(re.findall(r"\bif\b", text, re.I)) >= 2 or "; or " in text:
        return "not one fact (a formula or several cases)"
    m = _TWO_STATEMENTS.match(text)
    verb = m.group("verb") if m else ""
    if (
        m
        and (is_verb(verb) or verb in _MODALS)
        and not m.group("left").lower().startswith(("get ", "set "))
    ):
        return "not one fact (two statements)"
    if restates(front, text) or spells_out(front, text):
        return "the answer only restates the question"
    if defines_by_itself(front, text):
        return "a circular definition (the answer uses the asked term itself)"
    if names_own_genus(front, text):
        return "a truncated definition (only the genus its name already says, no difference)"
    if verb_pair_tail(text):
        return "the answer is cut mid-phrase (two verbs end it)"
    vague = re.fullmatch(
        r"What (is|are) the ([a-z]+)( option| flag| value| argument| field| parameter)?\?",
        front.strip(),
    )
    if vague:
        return "not self-contained (the question names nothing specific)"
    return (
        question_strict(front, text)
        or question_context(front, text)
        or shape_flaw(front.strip(), text)
    )


# Verbs that take a bare infinitive ("lets go", "helps build"), or stand alone ("does"): a
# pair with one of them is whole.
_BARE_INFINITIVE = frozenset("does do lets let makes make helps help has have sees hears".split())  # noqa: SIM905


def verb_pair_tail(answer: str) -> bool:
    """An answer that ends on a finite verb and a bare verb ("… whenever the parser fails
    complete"): the sentence lost the "to" or the object between them, so the answer stops
    mid-phrase; "… whenever the parser fails" and "… helps build" are whole, and so is a
    plural noun's verb after a determiner or an adjective ("until the pending writes
    complete")."""
    words = re.findall(r"[A-Za-z'-]+", answer.rstrip(" .!?"))
    if len(words) < 3:
        return False
    before, first, last = (w.lower() for w in words[-3:])
    if before in STOPWORDS or before.endswith(("ing", "ed", "s")):
        return False  # "until the writes complete", "pending writes complete": a noun's verb
    return (
        first.endswith("s")
        and first not in _BARE_INFINITIVE
        and is_verb(first)
        and not last.endswith("s")
        and is_verb(last)
    )


def form_flaw(front: str, back: str) -> str | None:
    """ "What is X?" asks for a thing; "What does X do?" for an action."""
    first = back.split()[0] if back.split() else ""
    asked = _WHAT_IS.match(front.strip())
    if asked and not re.search(r" (used for|for|called|known as|defined as)$", asked["subject"]):
        if _NOT_A_THING.match(back) or _CLAUSE_START.match(back):
            return "the answer does not fit the question ('What is …?' asks for a thing)"
        if is_verb(first) and not first.lower().endswith("ing"):
            return "the answer does not fit the question ('What is …?' asks for a thing)"
    elif _WHAT_DOES.match(front.strip()) and _NOUN_PHRASE_START.match(back) and not is_verb(first):
        return "the answer does not fit the question ('What does … do?' asks for an action)"
    return None


def restates(front: str, back: str) -> bool:
    """The answer only spells out the name the question asks about ("What does tcp_syncookies
    do? → Enable TCP syncookies.")."""
    m = _SUBJECT.match(front.strip())
    if not m:
        return False
    parts = _name_parts(m.group("subject"))
    if not parts:
        return False
    said = [
        w
        for w in re.findall(r"[a-z0-9]+", back.lower())
        if w not in _RESTATING_IGNORE and w not in STOPWORDS and len(w) > 1 and not w.isdigit()
    ]
    if not said:
        return False
    joined = "".join(parts)
    return all(
        w in parts
        or any(p.startswith(w[:5]) or w.startswith(p) for p in parts if len(p) >= 3)
        or (len(w) >= 4 and w in joined)
        for w in said
    )


def spells_out(front: str, back: str) -> bool:
    """A short answer led by the full word a clipped word of the question abbreviates: "What
    is the nonassoc precedence used for? → Non-associative operators" (the name told it)."""
    asked = re.findall(r"[a-z]{5,}", front.lower())
    said = [w for w in re.findall(r"[a-z][a-z-]*", back.lower()) if w not in STOPWORDS]
    if not said or len(said) > 3:
        return False
    whole = said[0].replace("-", "")
    return any(whole.startswith(w) and len(whole) >= len(w) + 3 for w in asked)


def _name_parts(subject: str) -> list[str]:
    """The pieces of the names in a question's subject: identifiers split at ``_``, ``.``,
    brackets and camelCase, abbreviations spelled out."""
    names = [t for t in re.findall(r"[\w.()\[\],-]+", subject) if name_like(t)]
    parts: list[str] = []
    for name in names:
        for piece in re.split(r"[_.()\[\], -]+", name):
            for sub in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", piece):
                low = sub.lower()
                if low:
                    parts.append(low)
                    if low in _ABBREVIATIONS:
                        parts.append(_ABBREVIATIONS[low])
    return parts
