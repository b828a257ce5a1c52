"""Where an answer runs on into a second clause, so it can be cut there.

A question card's back is one phrase taken from a sentence; when the sentence goes on with a
clause of its own, the back carries a second fact the question never asked for (round 12:
"What do money markets consist of?" "Short-term marketable securities, and capital markets
focus on longer-term securities such as bonds and stocks"). Two shapes tell a new clause:

- ", and" followed by a new subject and its verb: a finite auxiliary ("…, and default or
  bankruptcy is unlikely"), a verb of :data:`.words.VERBS`, or a plural noun and a base verb
  with its preposition ("…, and capital markets focus on …");
- " and" followed by a second verb of the sentence's own subject ("carries a minimum face
  value of $100,000 and sells at a discount"): the verb agrees with the sentence's verb, is
  followed by a preposition or a determiner, and the material writes it as a verb ("they
  sell", "to sell") and never as a noun.

Noun coordinations ("bonds and stocks", "tonicity and endocytosis") have no verb after the
"and". Pure functions of the text's shape, with closed-class word lists only.
"""

from __future__ import annotations

import re

from studyapp.generation.terms import stats
from studyapp.generation.words import STOPWORDS, is_verb

# A finite auxiliary or modal: the words after ", and" before it are a clause's subject.
_FINITE = frozenset(
    """is are was were has have had can could will would may might must shall should does do
    did""".split()  # noqa: SIM905
)
# What may open the new clause's subject.
_DETERMINERS = frozenset(
    "the a an its their this these those such each every some many most all no".split()  # noqa: SIM905
)
# What follows a base verb in "capital markets focus on …", or a second verb in "and sells at
# a discount": a preposition or a determiner, never a noun.
_AFTER_VERB = frozenset(
    """on in at to from with for by into onto upon over under about through across against
    toward towards as the a an its their""".split()  # noqa: SIM905
)
# Adjectives of quantity or kind that open a plural subject with no article ("…, and different
# windows may be better …", round 19): skipped like a determiner.
_QUANTIFIERS = frozenset("different other several various both".split())  # noqa: SIM905
# Where a relative clause starts: a ", and" after one may go on inside it ("a process in which
# the cell grows, and the nucleus divides").
_RELATIVE = re.compile(r"\b(?:that|which|who|whom|whose|where|when|while|whereby)\b", re.I)
_WORD = re.compile(r"^[a-z][a-z-]*$")


def _plural_noun(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3


def _clause_follows(tail: str) -> bool:
    """Whether ``tail`` (what follows ", and ") opens with a subject and its finite verb."""
    words = [w.strip(",;:") for w in tail.split()]
    if words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    if words and words[0].lower() in _QUANTIFIERS:
        words = words[1:]
    for i, word in enumerate(words[:5]):
        low = word.lower()
        if not _WORD.match(word):
            return False  # a capital or a number after the subject's start: a name, a list
        if i == 0:
            if low in STOPWORDS:
                return False  # "…, and then …", "…, and in …": no subject
            continue
        if low in _FINITE or (
            is_verb(low) and low.endswith("s") and not _plural_noun(words[i - 1])
        ):
            return True
        nxt = words[i + 1].lower() if i + 1 < len(words) else ""
        if (
            _plural_noun(words[i - 1].lower())
            and not _plural_noun(low)
            and low not in STOPWORDS
            and nxt in _AFTER_VERB
        ):
            return True  # "capital markets focus on": a plural subject and its base verb
        if low in STOPWORDS and low not in {"or", "and"}:
            return False
    return False


# ", and" then a finite verb with no subject of its own: "…, and is not case sensitive".
_AND_PREDICATE = re.compile(r",\s+and\s+(?P<aux>is|are|was|were)\s+(?:not\s+)?[a-z]")
_RELATIVE_VERB = re.compile(r"\b(?:that|which|who)\s+(?P<verb>[a-z]+)\b")


def and_predicate(text: str) -> int | None:
    """Where a second predicate with no subject starts after ", and" (the index of the comma),
    or None. Round 19's strict read: "What is the /w or /%2fw used for?" "To request a full
    report for finger servers which support it, and is not case sensitive (…)": the "is" has
    the switch for its subject, not the answer, so it is a second statement about the thing.
    Only when the answer is an infinitive phrase ("To …", whose own verb is not finite) and
    no relative clause before it could own the verb: a relative verb that agrees in number
    ("which supports it, and is …") could, one that disagrees ("which support it") cannot."""
    if not text.startswith("To "):
        return None
    m = _AND_PREDICATE.search(text)
    if m is None or "," in text[: m.start()] or ";" in text[: m.start()]:
        return None
    singular = m["aux"] in {"is", "was"}
    for rel in _RELATIVE_VERB.finditer(text[: m.start()]):
        verb = rel["verb"]
        if verb in _FINITE or verb.endswith("ed"):
            return None  # "which is …", "which had …", "which used …": it may own the verb
        if verb.endswith("s") == singular:
            return None  # agrees: the verb may be the relative clause's
    return m.start()


def second_clause(text: str) -> int | None:
    """Where a clause of its own starts after ", and" (the index of the comma), or None.
    Only at the answer's top level: no comma before it (a series, "A, B, and C") and no
    relative clause it could belong to."""
    for m in re.finditer(r",\s+and\s+", text):
        head = text[: m.start()]
        if "," in head or ";" in head or "(" in head or _RELATIVE.search(head):
            return None
        if _clause_follows(text[m.end() :]):
            return m.start()
    return None


# After a semicolon, a predicate with no subject of its own: a modal or a finite auxiliary
# ("; will continue to grow worldwide", "; must be present for a disease to occur").
_BARE_PREDICATE = re.compile(
    r";\s+(?:also\s+|often\s+|usually\s+)?(?:will|would|can|could|may|might|must|should|shall|"
    r"is|are|was|were|has|have|does|do|cannot)\s+[a-z]"
)


def bare_predicate(text: str) -> int | None:
    """Where a second predicate with no subject starts after a semicolon (the index of the
    semicolon), or None. A glossary entry writes a remark on its term after its definition
    (round 14: "Movement of people from their home country to other countries; will continue
    to grow worldwide"): as the answer to "What is immigration?" the remark is a second
    statement about the term, not what it is. Only at the top level (not in brackets)."""
    for m in _BARE_PREDICATE.finditer(text):
        if text[: m.start()].count("(") == text[: m.start()].count(")"):
            return m.start()
    return None


# ", if <condition> <pronoun> <finite verb> …": a conditional sentence of its own after the
# answer, its main clause's subject a pronoun that points back at the thing ("Your username, if
# you have ident enabled this doesn't affect anything"), the comma before it missing.
_CONDITIONAL_REMARK = re.compile(
    r",\s+if\s+[^,;]+?\s+(?:this|it|that|they|there)\s+(?:doesn[’']t|does|don[’']t|do|is|"
    r"isn[’']t|are|aren[’']t|has|have|will|won[’']t|can|can[’']t|cannot|may|must|should|"
    r"would|wouldn[’']t)\b",
    re.IGNORECASE,
)


def conditional_remark(text: str) -> int | None:
    """Where a remark on the answer starts as a conditional sentence after a comma (the index
    of the comma), or None. Round 17's strict read: "What is /SET user_name?" "Your username,
    if you have ident enabled this doesn't affect anything" runs into a second statement, about
    when the setting has no effect; the answer is "Your username". A condition on the answer
    itself ("…, if any") has no main clause of its own and stays."""
    m = _CONDITIONAL_REMARK.search(text)
    if m is None or "," in text[: m.start()]:
        return None
    return m.start()


def without_second_clause(text: str) -> str:
    """The answer cut before its second clause when what is left is a phrase of two words or
    more ("Short-term marketable securities"); otherwise the answer as it was (the strict
    reader refuses it as two statements). A subjectless predicate after a semicolon is cut
    too (see :func:`bare_predicate`), a conditional remark (:func:`conditional_remark`), and a
    subjectless predicate after ", and" (:func:`and_predicate`)."""
    at = bare_predicate(text)
    if at is not None and len(text[:at].split()) >= 2:
        text = text[:at].rstrip(",;: ") + ("." if text.rstrip().endswith(".") else "")
    at = conditional_remark(text)
    if at is not None and len(text[:at].split()) >= 2:
        text = text[:at].rstrip(",;: ")
    at = and_predicate(text)
    if at is not None and len(text[:at].split()) >= 2:
        text = text[:at].rstrip(",;: ")
    at = second_clause(text)
    if at is None or len(text[:at].split()) < 2:
        return text
    return text[:at].rstrip(",;: ")


def _written_as_verb(word: str, material: str) -> bool:
    """The material writes the base form where only a verb stands ("to sell", "they sell",
    "can sell") and never the word after a determiner as a noun."""
    base = word[:-2] if word.endswith(("shes", "ches", "sses", "xes")) else word[:-1]
    if word.endswith("ies"):
        base = word[:-3] + "y"
    if stats(material).used_as_noun(word):
        return False
    verb_slot = r"\b(?i:to|they|we|you|can|could|will|would|may|might|must|should|cannot)\s+"
    return re.search(rf"{verb_slot}{re.escape(base)}\b", material) is not None


def second_verb(rest: str, verb: str, material: str) -> int | None:
    """Where a second verb of the sentence's subject starts in the object ``rest`` of a
    third-person ``verb`` ("carries a minimum face value of $100,000 and sells at a discount
    …"), or None: " and" + a word in "-s" before a preposition or a determiner, written as a
    verb in the material."""
    if not verb.split()[0].endswith("s") or not material:
        return None
    for m in re.finditer(r"\s+and\s+([a-z]+s)\s+([a-z]+)\b", rest):
        word, nxt = m[1], m[2]
        if _plural_noun(word) and nxt in _AFTER_VERB and _written_as_verb(word, material):
            return m.start()
    return None
