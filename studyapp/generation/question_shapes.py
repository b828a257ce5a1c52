"""Question cards a strict reader refuses for their shape (round 8, issue 18), each found on
a tuning text and quoted in ``tests/test_question_shapes.py``:

- a subject that is no noun phrase: a comparative correlative ("The more readily the
  particle produces ionization, the more quickly …" asked "What does the more readily the
  particle produce?") or a possessive whose head noun was read as the verb ("The company's
  PacSun stores cater to …" asked "What does the company's PacSun store?");
- a subject with an intensive pronoun ("What are the rays themselves called?"): "themselves"
  sets the thing against one named in the sentence before;
- an answer that repeats a phrase of five or more words (a glossary entry written twice over);
- an answer that says only which set the thing belongs to ("One of the types of rays …"):
  membership, true of its siblings too, is no definition;
- a vague amount as the whole answer ("What are the typical atomic energies?" "A few eV").

Round 9 (``tests/test_strict_reader_round9.py``):

- "What is X?" answered by a sentence of its own, a rule with its own subject and a modal verb
  ("What is Informed Consent?" "Any human subject in a research study must be cognizant of any
  risks …"): it says what must be done, not what X is;
- an abstract subject and a one-word common answer ("What does vigilance against fraud
  require?" "Knowledge"): many words fit, and the card teaches nothing.

Round 10 (``tests/test_strict_reader_round10.py``): an answer that is itself a question ("What
are Finding the Partial Ionic CharacterWhat?" "The partial charges of an HCl molecule, whose
bond length is 0.127 nm?"): a worked example's problem, its heading glued on, is no fact.

Round 11 (``tests/test_strict_reader_round11.py``):

- a subject that opens with a bare verb and its clause ("What is understand why
  non-obviousness?"), or ends on a gerund with its object lost ("What does the essential task
  of analyzing require?"): no noun phrase, the card is garbled;
- a counted part for what a thing contains ("What does the os module contain?" "Two functions
  to deal with the current working directory"): the count is of the few that serve one
  purpose, so the answer is partial;
- a file of the book's examples ("What is feed.xml?" "A file in the examples folder"): the
  tutorial's furniture, not a concept.

Round 12 (``tests/test_questions_round12.py``): "What is a maturity?" answered "One method to
differentiate among financial instruments": one of several methods, kinds or examples is
membership too, as "one of the …" is.
"""

from __future__ import annotations

import re

from studyapp.generation import lexicon

_ASKED = re.compile(
    r"^(?:what|which|how|who) (?:is|are|does|do|was|were|did) (?P<subject>.+?)\??$", re.I
)
# "The more X, the more Y": the "the" of a comparative, never a determiner of a noun.
_CORRELATIVE = re.compile(
    r"^the (?:more|less|fewer)\s+(?:[\w-]+\s+)?(?:the|a|an|it|they|we|you|he|she|this)\b", re.I
)
# "the company's PacSun": a possessive with a name and no head noun after it.
_POSSESSIVE_NAME = re.compile(
    r"\b(?:the|its|their|a|an) [a-z]+['’]s (?:[A-Z][\w.-]*\s)*[A-Z][\w.-]*$"
)
_INTENSIVE = re.compile(r"\b(?:the|these|those) [\w-]+(?: [\w-]+)? (?:themselves|itself)\b", re.I)
_MEMBERSHIP = re.compile(r"^(?:one|each|any|either|some) of the\b", re.I)
# "One method to differentiate among financial instruments" for "What is a maturity?": one of
# the several ways, kinds or examples the text goes on to list, not what the thing is ("A way
# of increasing the congestion window …" opens a definition; "one"/"another" counts members).
_ONE_AMONG = re.compile(
    r"^(?:one|another)\s+(?:[a-z-]+\s+)?(?:method|way|means|manner|approach|technique|strategy|"
    r"example|instance|illustration|case|kind|type|sort|form|variety|class|category|option|"
    r"possibility|reason|factor|aspect|feature|tool)s?\s+(?:of|to|for|in|by|that|which)\b",
    re.I,
)
_VAGUE_AMOUNT = re.compile(
    r"^(?:a few|a couple of|several|some|many|a lot of|a little|few|lots of)\s+[\w%µ°-]+\.?$",
    re.I,
)


# "understand why non-obviousness": a bare word, no article, and a clause's wh-word after it.
_VERB_AND_CLAUSE = re.compile(
    r"^(?!(?:the|a|an|this|that|these|those|its|their|our|your|one|some|any|each|no)\b)"
    r"[a-z]+\s+(?:why|how|whether)\b"
)
# "the essential task of analyzing": a rare gerund (no noun in its own right) ends the subject.
_GERUND_END = re.compile(r"\bof (?P<gerund>[a-z]+ing)$")
RARE_GERUND = 5_000  # "learning", "swimming", "computing" are nouns too; "analyzing" is not
# "Two functions to deal with …": a count of the members that serve one purpose.
_COUNTED_PART = re.compile(
    r"^(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:[\w-]+\s+)?[a-z-]+s\s+"
    r"(?:to|for|that|which|used|dealing|related)\b",
    re.I,
)
_CONTAINS = re.compile(
    r"^what (?:does|do) .+ (?:contain|include|have|provide|offer|offers|hold)\?$", re.I
)
# "A file in the examples folder": where the book keeps a file, not what a concept is.
_EXAMPLE_FILE = re.compile(
    r"^(?:a|an|the|one)\s+(?:[\w-]+\s+)?(?:file|script|program)\s+(?:in|from|inside|under|"
    r"within|of)\s+(?:the|a|this|your|its)\s+(?:[\w-]+\s+){0,3}(?:folder|directory|dir|"
    r"repository|archive)\b",
    re.I,
)


def _subject(front: str) -> str:
    asked = _ASKED.match(front.strip())
    if not asked:
        return ""
    subject = asked["subject"]
    # "What does the company's PacSun store?": the last word is the question's verb.
    if re.match(r"^(?:what|which|how|who) (?:does|do|did) ", front.strip(), re.I):
        subject = subject.rsplit(" ", 1)[0] if " " in subject else subject
    return re.sub(r" (?:called|known as|used for|defined as|mean)$", "", subject)


def garbled_subject(front: str) -> str | None:
    """Why the question's subject is no noun phrase, or ``None``."""
    subject = _subject(front)
    if not subject:
        return None
    if _CORRELATIVE.match(subject):
        return "a garbled question (a comparative 'the more …' is not its subject)"
    if _POSSESSIVE_NAME.search(subject):
        return "a garbled question (a possessive's head noun was read as the verb)"
    if _INTENSIVE.search(subject):
        return "leans on the sentence before (an intensive 'themselves' sets it against another)"
    if re.match(r"^what (?:is|are) ", front.strip(), re.I) and _VERB_AND_CLAUSE.match(subject):
        return "a garbled question (a bare verb and its clause, not a noun phrase)"
    gerund = _GERUND_END.search(subject)
    if gerund:
        rank = lexicon.rank(gerund["gerund"])
        if rank is None or rank > RARE_GERUND:
            return "a garbled question (a gerund that lost its object ends the subject)"
    return None


def repeated_phrase(back: str, size: int = 5) -> bool:
    """An answer in which a phrase of ``size`` or more words comes twice."""
    words = re.findall(r"[\w'-]+", back.lower())
    seen: set[tuple[str, ...]] = set()
    for at in range(len(words) - size + 1):
        gram = tuple(words[at : at + size])
        if gram in seen:
            return True
        seen.add(gram)
    return False


_WHAT_IS = re.compile(
    r"^what (?:is|are) (?!.* (?:of|called|known as|for|in|on|to|by|from|with|like)\?$).+\?$", re.I
)
# Words after which a verb belongs to a clause inside the noun phrase ("One in which both the
# subjects … are blinded", "A test that must be passed"), not to a sentence of its own.
_EMBEDDING = frozenset(
    """that which who whom whose where when whereby if because while although though unless
    until whether how what why as since after before once so than""".split()  # noqa: SIM905
)
_MODAL = frozenset("must should can could may might will would shall".split())  # noqa: SIM905
_QUANTIFIER = frozenset("any every each all no".split())  # noqa: SIM905
_BE_HAVE = frozenset("is are was were has have".split())  # noqa: SIM905


def own_sentence(back: str) -> bool:
    """An answer that is a sentence with its own subject: a quantified subject ("any", "every",
    "each", "all", "no") and its modal or finite verb, no relative word between ("Any human
    subject in a research study must be …", "Every participant has the right to …"). "One in
    which both … are blinded" and "A test that must be passed" are noun phrases, and so is "The
    number of times TCP will attempt …" (a clause without "that" inside the phrase)."""
    words = [w.lower() for w in re.findall(r"[\w'’-]+", back)]
    if len(words) < 4:
        return False
    for i, word in enumerate(words):
        if word in _EMBEDDING:
            return False
        if i >= 2 and words[0] in _QUANTIFIER and (word in _MODAL or word in _BE_HAVE):
            return True
    return False


_ABSTRACT = re.compile(r"^[a-z]+(?:ance|ence|ness|ity|ship|hood|dom|ism)$")
_DOES = re.compile(r"^what (?:does|do) (?P<subject>[a-z][\w -]*?) [a-z]+\?$", re.I)
COMMON_ANSWER = 3_000  # rank among English words: "knowledge" (1,600) fits many blanks


def vague_requirement(front: str, back: str) -> bool:
    """ "What does vigilance against fraud require?" "Knowledge": an abstract subject (a bare
    mass noun: "vigilance", "compliance") and a one-word common answer. Many words answer it
    as well; "What does photosynthesis produce?" "Oxygen" names a thing and a thing."""
    asked = _DOES.match(front.strip())
    word = back.strip().rstrip(".")
    if asked is None or not re.fullmatch(r"[A-Za-z-]+", word):
        return False
    if not _ABSTRACT.match(asked["subject"].split()[0]):
        return False
    rank = lexicon.rank(word.lower())
    return rank is not None and rank <= COMMON_ANSWER


def answer_shape(front: str, back: str) -> str | None:
    """Why the answer cannot stand as the answer to its question, or ``None``."""
    text = back.strip()
    if repeated_phrase(text):
        return "the answer repeats a phrase (written twice over)"
    if _MEMBERSHIP.match(text) and re.match(r"^what (?:is|are) ", front.strip(), re.I):
        return "membership, not a definition ('one of the …' is true of its siblings too)"
    if _ONE_AMONG.match(text) and re.match(r"^what (?:is|are) ", front.strip(), re.I):
        return "membership, not a definition ('one method to …' is true of its siblings too)"
    if _COUNTED_PART.match(text) and _CONTAINS.match(front.strip()):
        return "a partial answer (a counted part for what it contains)"
    if _EXAMPLE_FILE.match(text):
        return "tutorial furniture (a file of the book's examples), not a concept"
    if text.endswith("?"):
        return "a question, not a fact (the answer asks; a worked example's question)"
    if _VAGUE_AMOUNT.match(text):
        return "a vague amount, not a fact ('a few eV')"
    if _WHAT_IS.match(front.strip()) and own_sentence(text):
        return "a rule, not what it is (the answer is a sentence of its own)"
    if vague_requirement(front, text):
        return "too vague (an abstract subject and a one-word common answer)"
    return None


def shape_flaw(front: str, back: str) -> str | None:
    """Why a question card's shape would not do, or ``None``."""
    return garbled_subject(front) or answer_shape(front, back)
