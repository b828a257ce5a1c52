"""A sentence that opens on a pronoun, read with the term the sentence before names.

Textbook prose names a term once and goes on about it: "Obligate anaerobes cannot grow in the
presence of oxygen. They depend on fermentation and anaerobic respiration …". The second
sentence states a real fact, but a card made of it asks about "they", so the gate refuses it
("dangling reference"). When the antecedent is certain, the sentence can carry it ("Obligate
anaerobes depend on …") and go through every gate as any other.

Certain means, and nothing looser (a wrong antecedent is a false card):

- the sentence is the next one in the same paragraph (never across a paragraph or heading);
- it opens on "It" or "They" followed by its verb (not the "it" of "it is important to …"),
  or on "This"/"These" and a noun that is the head noun of the antecedent ("These hormones"
  only after "… hormones"), never a bare "This" (a whole clause) nor "This process" after a
  sentence whose subject is no process;
- the previous sentence opens on its subject, a single noun phrase (no "and", no quantifier,
  no clause before it) directly followed by its verb, and that subject names a term: one the
  author marked, or a name, a rare word or a multi-word term that means something on its own;
- pronoun and subject agree in number, and no other noun phrase of that number is in the
  previous sentence to compete with it (the complement of "is" names the subject itself).

The card's source stays the material's own words: both sentences, so the quote check finds
it and the answer (the antecedent) is in the quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from studyapp.generation.words import STOPWORDS, is_verb

MAX_SUBJECT_WORDS = 5  # "the theory of spontaneous generation"
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_SINGULAR_VERBS = frozenset("is was has does".split())  # noqa: SIM905
_PLURAL_VERBS = frozenset("are were have do".split())  # noqa: SIM905
_COPULAS = _SINGULAR_VERBS - {"has", "does"} | {"are", "were"}
# "It is important to …", "It was not until …", "It seems that …": an "it" that stands for
# what follows, not for anything before.
_DUMMY_IT = re.compile(
    r"^It\s+(?:(?:is|was|has\s+been|will\s+be|would\s+be|can\s+be|may\s+be)\s+(?:\w+\s+){0,3}?"
    r"(?:to|that|for|whether|how|when|why|if|who|not\s+until)\b|seems|appears|follows|turns\s+out|"
    r"happens|takes|remains)",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"^(It|They)\s+(?=[a-z])")
_DEMONSTRATIVE = re.compile(r"^(This|These)\s+([a-z][a-z-]+)\s+(?=[a-z])")
# A word after the pronoun that shows it is the subject: an auxiliary or modal, or a verb form
# (third person or past); "It" before a noun or adjective is no subject ("It only …" is
# allowed: an adverb before the verb).
_AUXILIARY = frozenset(
    """is are was were has have had can could will would may might must shall should does do
    did""".split()  # noqa: SIM905
)
_ADVERB = frozenset("also only often usually generally typically then still always never".split())  # noqa: SIM905
# Words that open a noun phrase: a second one of the subject's number in the previous sentence
# competes with the subject for the pronoun ("that" is left out: "states that life …" opens a
# clause, not a noun phrase).
_DETERMINERS = (
    r"(?:the|a|an|this|these|those|its|their|his|her|each|every|some|many|most|several|two|three)"
)


@dataclass(frozen=True)
class Resolved:
    """A sentence that now names its antecedent, and the words of the material it rests on."""

    text: str
    quote: str  # the previous sentence and the sentence as written


def _plural_noun(word: str) -> bool:
    w = word.lower()
    return w.endswith("s") and not w.endswith(("ss", "us", "is", "ous"))


def _subject(previous: str, marked: Iterable[str]) -> tuple[str, str, str] | None:
    """(the subject as written, its verb, what follows the verb) of ``previous``, when the
    sentence opens on its subject, a short noun phrase, and the verb follows it directly."""
    words = previous.split()
    start = 1 if words and _ARTICLE.match(words[0] + " ") else 0
    for end in range(start + 1, min(len(words), start + MAX_SUBJECT_WORDS + 1)):
        word, after = words[end], words[end + 1] if end + 1 < len(words) else ""
        if not _is_verb(word, after):
            continue
        topic = " ".join(words[:end])
        if re.search(r"[^\w\s'’-]", re.sub(r"\b[A-Z]\.(?= )", "", topic)):  # "L. monocytogenes"
            return None  # a comma, a bracket: an aside or a list before the verb
        lowered = [w.lower() for w in words[:end]]
        if lowered[0] in STOPWORDS and not _ARTICLE.match(topic):
            return None  # "this …", "their …", "in 1908 …": no term opens the sentence
        if any(w in {"and", "or"} for w in lowered):
            return None  # "Reflection and refraction": two antecedents
        if any(w in STOPWORDS for w in lowered[start:]) and not _one_term(topic, marked):
            return None  # "the capacity of iron": two nouns, unless the whole is the term
        rest = " ".join(words[end + 1 :])
        return topic, word, rest
    return None


def _is_verb(word: str, after: str) -> bool:
    """A finite verb after a subject, by form: an auxiliary or modal, a third-person "-s" or a
    past "-ed" form, a known verb, or a word a preposition or article follows ("depend on",
    "raise domesticated animals" is not caught, so such a subject is refused)."""
    w = word.lower()
    if w in _AUXILIARY or w in {"cannot", "can't", "don't", "doesn't"}:
        return True
    if not re.fullmatch(r"[a-z]+", w) or w in STOPWORDS:
        return False
    if is_verb(w) or (w.endswith("ed") and len(w) > 4):
        return True
    nxt = after.lower()
    if w.endswith("s") and not w.endswith("ss"):
        return nxt in {"a", "an", "the", "that"}  # "… involves the …", never "… pastoralists in"
    return nxt in {"on", "in", "to", "from", "a", "an", "the", "that", "as"}


def _plural_subject(topic: str, verb: str) -> bool | None:
    """Whether the subject is plural, read from its verb ("is", "are", "-s") and else from its
    head noun; None when the two disagree."""
    by_noun = _plural_noun(topic.split()[-1])
    v = verb.lower()
    if v in _SINGULAR_VERBS or (v.endswith("s") and not v.endswith("ss")):
        by_verb: bool | None = False
    elif v in _PLURAL_VERBS:
        by_verb = True
    else:
        by_verb = None
    explicit = v in _SINGULAR_VERBS | _PLURAL_VERBS  # "L. monocytogenes is": the verb decides
    if by_verb is not None and by_verb != by_noun and not explicit:
        return None  # "-s" on both: which is the verb is unsure
    return by_verb if by_verb is not None else by_noun


def _is_marked(topic: str, marked: Iterable[str]) -> bool:
    bare = _ARTICLE.sub("", topic).lower()
    return any(bare in {t.lower(), t.lower() + "s", t.lower() + "es"} for t in marked)


def _one_term(topic: str, marked: Iterable[str]) -> bool:
    """A subject with a function word in it that still names one term: the marked term itself,
    or "the theory of spontaneous generation" (one noun "of" a marked term names that term's
    theory, not a second thing)."""
    of = re.fullmatch(r"(?:the\s+)?[a-z-]+\s+of\s+(.+)", topic, re.IGNORECASE)
    return _is_marked(topic, marked) or (of is not None and _is_marked(of.group(1), marked))


def _names_a_term(topic: str, marked: Iterable[str]) -> bool:
    """The subject is a term: the author marked it, or it means something out of context (a
    name, a rare word, a multi-word term)."""
    from studyapp.generation.offline_cards import _specific_term, rare_word

    bare = _ARTICLE.sub("", topic)
    return _is_marked(topic, marked) or _specific_term(bare) or rare_word(bare.lower())


def _competitor(rest: str, verb: str, plural: bool) -> bool:
    """Another noun phrase of the subject's number in the rest of the previous sentence. The
    complement right after "is"/"are" names the subject itself; past it, any determiner and
    noun of that number competes."""
    text = rest
    if verb.lower() in _COPULAS:
        # "X is a Y that …": the complement and what it says of itself describe X; only a
        # second clause ("…; the Z …", "…, and the Z …") brings in another noun phrase
        # (", and usually do not survive …" goes on describing the subject; ", and the …"
        # or ", and they …" is a clause with a subject of its own)
        second = re.search(
            r"[;:]|,\s+(?:and|but|while|whereas)\s+(?=[A-Z]|(?:the|a|an|this|these|its|their|"
            r"it|they|he|she|some|many|most|other)\b)",
            text,
        )
        if re.match(
            r"\s*(?:not\s+)?(?:(?:a|an|the|one\s+of\s+the)\s|(?:[a-z-]+\s+){1,2}(?:that|which|who)\b)",
            text,
        ):
            text = text[second.end() :] if second else ""
    for m in re.finditer(rf"\b{_DETERMINERS}\s+(?:[\w-]+\s+){{0,2}}?([a-z][\w-]*)\b", text, re.I):
        if _plural_noun(m.group(1)) == plural:
            return True
    if plural:
        # a bare plural noun phrase ("… raise domesticated animals such as …")
        return any(
            _plural_noun(w) and w.lower() not in STOPWORDS and not w.lower().endswith("ss")
            for w in re.findall(r"\b[a-z][a-z-]{3,}\b", text)
        )
    return False


def resolve(previous: str, sentence: str, marked: Iterable[str] = ()) -> Resolved | None:
    """``sentence`` with its opening pronoun replaced by the subject of ``previous`` (the
    sentence before it in the same paragraph), or None when the antecedent is not certain (see
    the module's docstring)."""
    from studyapp.generation.offline_cards import without_opener

    marked = list(marked)
    stated = without_opener(previous.strip())
    found = _subject(stated, marked)
    if found is None:
        return None
    topic, verb, rest = found
    plural = _plural_subject(topic, verb)
    if plural is None or not _names_a_term(topic, marked):
        return None
    antecedent = topic[:1].upper() + topic[1:] if _ARTICLE.match(topic) else topic
    pronoun = _PRONOUN.match(sentence)
    if pronoun is not None:
        if (pronoun.group(1) == "They") != plural or _DUMMY_IT.match(sentence):
            return None
        after = [*sentence[pronoun.end() :].split(), "", ""]
        if after[0] in _ADVERB:
            after = after[1:]
        if not (_is_verb(after[0], after[1]) or re.fullmatch(r"[a-z]+s", after[0])):
            return None  # "It …" before no verb
        body = sentence[pronoun.end() :]
    else:
        shown = _DEMONSTRATIVE.match(sentence)
        if shown is None:
            return None
        head = topic.split()[-1].lower()
        if shown.group(2).lower() != head or (shown.group(1) == "These") != plural:
            return None  # "This process …" after a subject that is no process
        body = sentence[shown.end() :]
    if _competitor(rest, verb, plural):
        return None
    return Resolved(f"{antecedent} {body}", f"{previous.strip()} {sentence}")
