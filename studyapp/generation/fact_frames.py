"""Where a cloze blank may go: only on a fact the sentence states in a defining frame.

Round 5's strict read (issue 18) showed that rejecting bad blanks pattern by pattern does not
carry to a new text: each new text brings new bad sentences. The clozes a strict reader kept
had one thing in common: the sentence *states a fact in a defining frame*, and the blank sits
on one of the frame's slots:

- a copula with a noun-phrase predicate ("Concepts are, in many ways, big ideas that …",
  "The master branch is supposed to be a superset of maint", "X is familiar to us: It is the
  realm of …"): the defined term (subject) or its category (the predicate's noun);
- a naming ("… is called the scientific method", "… is known as …", "X refers to …"): the
  name or the named term;
- a classification ("X can be divided into A and B", "X consists of …", "X are examples of
  Y", "X is a superset of Y"): the thing classified or its classes, but never the example of
  an "is an example of" (the example is trivia, the category is the fact);
- a mechanism ("X works by copying …"): the thing or how it works;
- a rule ("Always commit your fixes to …", "To test X, merge them into a Y", "X must …"): the
  rule's action or object, never the purpose clause.

- a cause ("Increased fluidity impairs metabolic processes", "X leads to / results in Y"):
  the cause or the effect's noun phrase;
- a comparison ("Generator expressions are more compact … than full generator definitions"):
  the thing compared or what it is compared with;
- a negative rule ("Obligate anaerobes cannot grow in the presence of oxygen", "Packages in
  the standard library do not have a module path prefix"): the thing the rule is about, or
  the object right after its verb;
- what a kind does, in the present tense ("Facultative anaerobes show better growth in the
  presence of oxygen …"): the kind, when it is the whole subject and the verb a lexical one
  that states something ("vary", "play some neat tricks" state nothing);
- a use ("The epoll API can be used either as an edge-triggered or a level-triggered
  interface"): the thing used, never a word inside what it is used for.

- a named act, law or treaty and what it did ("… the Missouri Compromise of 1820, which
  established the 36° 30' parallel as …", "the Wilmot Proviso’s stipulation that …", "The
  Stamp Act required …"): the name, which one answer fits, even in history prose whose other
  sentences are a story told in order (see :mod:`document_deeds` for its question card).

A sentence with no such frame makes no cloze ("Schemata show up in social situations",
"Interestingly, event schemata can vary …", "The many resulting small merges will clutter
…"). A frame inside a conditional or "because" clause does not count ("If you are a
maintainer and …"), nor a copula whose subject is a pronoun ("you", "it") or whose predicate
leans on the sentence before ("… are also symbolic"), nor a modal copula ("can be a …").

Pure functions of the sentence's structure; no words from any one text.
"""

from __future__ import annotations

import re

from studyapp.generation.blanks import named_spans
from studyapp.generation.defining import judgement_problem
from studyapp.generation.document_deeds import DEEDS, NAMED_DOCUMENT
from studyapp.generation.words import STOPWORDS, is_verb

# A leading clause the fact does not live in: a subordinate clause ("If you are a …, …",
# "Because X are automatic, …") or a framing phrase ("In psychology, ", "For a … release, ").
_SUBORDINATE = re.compile(
    r"^(?:if|when|whenever|because|although|though|since|once|while|after|before|unless|"
    r"as|until|whereas)\b[^,]*,\s*",
    re.IGNORECASE,
)
_FRAMING = re.compile(
    r"^(?:in|within|for|among|at|on|by|from|under|with|during|according to)\s[^,]{1,50},\s*",
    re.IGNORECASE,
)
# A hedging opener makes the sentence a tendency, not a definition.
_HEDGE_OPENER = re.compile(
    r"^(?:interestingly|typically|occasionally|sometimes|often|usually|perhaps|possibly|"
    r"probably|surprisingly|in many cases|in some cases|at times)\b",
    re.IGNORECASE,
)
_PRONOUN_SUBJECT = re.compile(
    r"^(?:it|they|this|these|those|that|you|we|he|she|one|i|there|here|its|their|your)\b",
    re.IGNORECASE,
)
# A copula stating what the subject is; "is supposed to be" states a rule about what it is.
_COPULA = re.compile(
    r"\s(?:is|are|was|were)(?:\s+(?:supposed|meant|defined)\s+(?:to\s+be|as))?"
    r"(?:\s*,[^,]{1,60},)?\s+",
    re.IGNORECASE,
)
# What closes the predicate's noun phrase: a relative clause, a qualifier, punctuation.
_PREDICATE_END = re.compile(
    r"\s+(?:that|which|who|whose|where|in which|of|defined|used|with|for|to|in|from|by|"
    r"whereby|containing|consisting|made)\b|[,;:.(]|$",
    re.IGNORECASE,
)
# What closes a bare plural predicate into a category: "are artificial concepts defined by …",
# "are big ideas that …"; not "is crucial to …".
_DEFINING_CLOSE = re.compile(
    r"(?:that|which|who|whose|where|in which|defined|used|of|for|consisting|containing|made)$",
    re.IGNORECASE,
)
_CLASSIFYING = re.compile(
    r"\s(?:(?:can|may)\s+be\s+|is\s+|are\s+)?(?:divided|classified|grouped|split|separated|"
    r"categori[sz]ed|sorted|broken\s+down)\s+into\b"
    r"|\s(?:consists?|consisting)\s+of\b|\s(?:(?:is|are)\s+)?(?:made\s+up|composed)\s+of\b"
    r"|\scompris(?:es|e)\b"
    r"|\s(?:is|are)\s+(?:a|an|the)?\s*(?:superset|subset|type|kind|form|class|subclass|"
    r"category|branch|member|part)s?\s+of\b",
    re.IGNORECASE,
)
_EXAMPLE = re.compile(
    r"\s(?:is|are)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:example|instance)s?\s+of\s+"
    r"|\sserves?\s+as\s+(?:an?\s+)?(?:\w+\s+)?(?:example|instance)s?\s+of\s+",
    re.IGNORECASE,
)
_MEANING = re.compile(
    r"\s(?:refers?\s+to|means|denotes|stands\s+for|is\s+defined\s+as|are\s+defined\s+as)\s",
    re.IGNORECASE,
)
_MECHANISM = re.compile(r"\s(?:works|operates|functions|acts)\s+by\s", re.IGNORECASE)
# A relation between two named things in the present tense ("X supports Y", "X is provided
# by Y", "X represents Y"): the two things are the fact's slots. A closed class of relational
# verbs, not "shows up in", "helps", "began".
_RELATION = re.compile(
    r"\s(?:[a-z]+ly\s+)?(?:provides?|supports?|sets|uses?|corresponds?\s+to|places?|adds?|assigns?|maps?|"
    r"removes?|writes?|reads?|sends?|receives?|accepts?|contains?|includes?|causes?|produces?|requires?|returns?|"
    r"allows?|enables?|prevents?|controls?|determines?|regulates?|stores?|specifies|specify|"
    r"represents?|describes?|converts?|secretes?|releases?|transmits?|binds?|carries|carry|"
    r"stimulates?|inhibits?|triggers?|creates?|generates?|defines?|identifies|identify|"
    r"indicates?|consists?|forms?|synthesi[sz]es?|breaks?\s+down|"
    r"takes?\s+place\s+(?:in|within)|occurs?\s+(?:in|within|when)|is\s+located\s+in|are\s+located\s+in)\s+",
    re.IGNORECASE,
)
# A cause and its effect ("Increased fluidity impairs metabolic processes in membranes"):
# the relation's two slots, as for _RELATION; a closed class of causal verbs.
_CAUSE = re.compile(
    r"\s(?:[a-z]+ly\s+)?(?:leads?\s+to|results?\s+in|gives?\s+rise\s+to|contributes?\s+to|"
    r"impairs?|increases?|decreases?|reduces?|lowers?|limits?|damages?|kills?|blocks?|"
    r"destroys?|protects?\s+against|depends?\s+on)\s+"
    r"(?!to\b|with\b|by\b|in\b|as\b|when\b|if\b|over\b)",  # "increases to …": a change, not a cause
    re.IGNORECASE,
)
# A named act, law or treaty and what it did, right after its name: ", which established …",
# "’s stipulation that …", or a verb of what a law does when the name opens the sentence
# ("The Stamp Act required …"; see document_deeds.py).
_NAMED_DOCUMENT = re.compile(rf"^{NAMED_DOCUMENT.pattern}$")
_DOCUMENT_DID = re.compile(
    rf"^(?:,\s+which\s+(?:had\s+)?(?:{'|'.join(DEEDS)})\s|[’']s\s+(?:stipulation|provision|"
    r"requirement|ban|promise)\s+that\s)"
)
_DOCUMENT_DOES = re.compile(rf"^\s+(?:also\s+)?(?:{'|'.join(DEEDS)})\s")
# A comparison stated with a copula ("X are more compact but less versatile than Y", "X is
# larger than Y"): the thing compared (subject) or what it is compared with.
_COMPARATIVE = re.compile(
    r"\s(?:is|are)\s+(?:much\s+|far\s+|slightly\s+|considerably\s+)?"
    r"(?:[a-z]{3,}er|more\s+[a-z]+|less\s+[a-z]+)"
    r"(?:,?\s+(?:and|but)\s+(?:[a-z]{3,}er|more\s+[a-z]+|less\s+[a-z]+))?\s+than\s+",
    re.IGNORECASE,
)
# A negative rule: what a kind never does or has ("Obligate anaerobes cannot grow in …").
_NEGATIVE_RULE = re.compile(
    r"\s(?:cannot|can\s+not|can't|do\s+not|does\s+not|don't|doesn't|never|must\s+not)\s+"
    r"(?!be\b|seem\b|need\b|always\b|necessarily\b|have\s+to\b)[a-z]+\s+",
    re.IGNORECASE,
)
# What a thing is used as or for ("The epoll API can be used either as …").
_USED_AS = re.compile(r"\s(?:can|may)\s+be\s+used\s+(?:either\s+)?(?:as|to|for)\s", re.IGNORECASE)
_PASSIVE_AGENT = re.compile(
    r"\s(?:is|are)\s+(?:\w+ly\s+)?(?:provided|implemented|handled|controlled|determined|"
    r"caused|produced|released|secreted|regulated|specified|performed|made|created|generated|"
    r"stored|carried|triggered|described|represented|used|given|set|formed|proposed|"
    r"developed|replaced|removed|added|created|deleted|called|invoked|populated|registered|"
    r"maintained|managed|returned)\s+(?:by|in|with|for|to|from|into|when|via)\s+",
    re.IGNORECASE,
)
# A claim and what it claims ("Plato hypothesized that knowledge is …", "Gettier cases show
# that …"): the claimant, or a frame inside the claim.
_CLAIM = re.compile(
    r"\s(?:shows?|showed|demonstrates?|demonstrated|states?|stated|holds?|held|proposes?|"
    r"proposed|hypothesi[sz]ed|argues?|argued|theori[sz]ed|explains?|explained|means|"
    r"establishes|established|concluded)\s+that\s+",
    re.IGNORECASE,
)
_ALWAYS = re.compile(r"^(?:always|never|do\s+not|don't)\s+", re.IGNORECASE)
_PURPOSE_RULE = re.compile(r"^to\s[^,]{3,80},\s*(?:simply\s+|just\s+|first\s+)?", re.IGNORECASE)
_MUST = re.compile(r"\s(?:must|should\s+always|should\s+never)\s+", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r"[;:]|,?\s(?:since|because|so\s+that|although|though|while|whereas|unless|if|when)\s",
    re.IGNORECASE,
)
_RESTATED = re.compile(r":\s+(?:it|they)\s+(?:is|are)\s+(?:a|an|the)\s", re.IGNORECASE)


# After a trigger ("After a timeout, …", "When a segment is lost, …"), what a named agent
# does: "the sender … enters slow start again". A mechanism stated as a sequence.
_TRIGGER = re.compile(r"^(?:after|when|whenever|once|on)\b[^,]*,\s*", re.IGNORECASE)
_AGENT_ACTS = re.compile(
    r"^(?:the|a|an|each|every)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s+"
    r"(?!is\b|has\b|was\b|does\b|needs\b|seems\b|tends\b)[a-z]+s\s",
    re.IGNORECASE,
)


def _triggered_action(sentence: str, start: int, end: int) -> bool:
    """The blank on what a named agent does after a trigger ("After a timeout, the sender …
    enters _____ again"); not the trigger itself, not a pronoun or "you" as the agent, not a
    modal ("can be built"), not a reason after it."""
    trigger = _TRIGGER.match(sentence)
    if trigger is None or start < trigger.end() or _DEICTIC_TRIGGER.match(trigger.group()):
        return False
    clause = sentence[trigger.end() :]
    acts = _AGENT_ACTS.match(clause)
    if acts is None:
        return False
    stop = _CLAUSE_BREAK.search(clause, acts.end())
    s, e = start - trigger.end(), end - trigger.end()
    return acts.end() <= s and (stop is None or e <= stop.start())


_DEICTIC_TRIGGER = re.compile(r"^\w+\s+(?:that|this|it|these|those)\b", re.IGNORECASE)


def _main_clause(sentence: str) -> int | None:
    """Where the main clause starts, past a framing phrase ("In psychology, "); ``None`` when
    the sentence opens with a hedge or with a subordinate clause that has no main clause
    after it."""
    if _HEDGE_OPENER.match(sentence):
        return None
    base = 0
    for pattern in (_SUBORDINATE, _FRAMING):
        m = pattern.match(sentence[base:])
        if m:
            base += m.end()
    if base and re.match(r"(?:and|or)\b", sentence[base:], re.IGNORECASE):
        return None  # "If X is set, and _____ returns true, then …": still the condition
    return base


def _subject_slot(clause: str, verb_at: int, start: int, end: int) -> bool:
    """The blank is the subject's head: inside the words before the verb, and nothing but a
    parenthetical between it and the verb ("Concepts are, …"; "The formula H2O, which …,
    is …")."""
    subject = clause[:verb_at]
    if not subject.strip() or _PRONOUN_SUBJECT.match(subject.strip()):
        return False
    if not 0 <= start < end <= verb_at:
        return False
    between = clause[end:verb_at]
    if re.fullmatch(r"\s+[a-z][a-z-]*(?:\s+[a-z][a-z-]*)?\s*", between) and not any(
        w in STOPWORDS for w in between.split()
    ):
        return True  # a name before its kind: "The GORACE environment variable sets …"
    if re.fullmatch(r"\s+(?:for|of)\s+(?:a|an|the)\s+[a-z][\w-]*\s*", between):
        return True  # "The local namespace for a function is created when …"
    return not between.strip() or between.lstrip()[:1] in ",("


def _copula_slots(clause: str, start: int, end: int) -> bool:
    m = _COPULA.search(clause)
    if m is None:
        return False
    subject = clause[: m.start()]
    if re.search(r"\b(?:can|could|may|might|will|would|also)\s*$", subject, re.IGNORECASE):
        return False
    rest = clause[m.end() :]
    if re.match(r"(?:also|not|often|sometimes|usually|typically)\b", rest, re.IGNORECASE):
        return False  # "are also symbolic": leans on the sentence before
    article = re.match(r"(?:a|an|the|one\s+of\s+the)\s+", rest, re.IGNORECASE)
    body = rest[article.end() :] if article else rest
    close = _PREDICATE_END.search(body)
    np_end = close.start() if close else len(body)
    noun_phrase = body[:np_end].split()
    if not noun_phrase or (not article and len(noun_phrase) > 5):
        return False
    bare_end = close is None or close.group().strip() in {"", ".", ",", ";", ":"}
    if not article and bare_end and len(noun_phrase) < 2:
        return False
    if (
        not article
        and close is not None
        and not bare_end
        and not _DEFINING_CLOSE.match(close.group().strip())
    ):
        return False  # "is crucial to communicating": an adjective, not a category  # a bare "are symbolic." is an adjective, not a category
    if judgement_problem(rest.rstrip(".")) is not None:
        return False  # "is an important avenue …": a judgement, not what it is
    if any(w.lower().endswith("ing") for w in noun_phrase[:1]) and not article:
        return False  # "is tracking the commits": a verb phrase
    if _subject_slot(clause, m.start(), start, end):
        return True
    pred_at = m.end() + (article.end() if article else 0)
    if len(noun_phrase) > 5:
        return False  # a long predicate: its category is no one noun to blank
    return pred_at <= start and end <= pred_at + np_end + 1


def _relation_slots(clause: str, start: int, end: int) -> bool:
    """ "X supports Y": the blank on X, or on Y's noun phrase right after the verb (not a
    trailing phrase); never after a modal, "also" or a hedge ("can enhance", "also help")."""
    return any(_one_relation(clause, m, start, end) for m in _RELATION.finditer(clause))


def _one_relation(clause: str, m: re.Match[str], start: int, end: int) -> bool:
    if re.match(r"\s(?:usually|typically|generally|occasionally|probably|possibly)\b", m.group()):
        return False  # "usually lack": a tendency
    subject = clause[: m.start()]
    if re.search(
        r"\b(?:can|could|may|might|will|would|must|should|also|often|sometimes|typically|"
        r"usually|to|not|never|the|a|an|its|their|this|these|his|her|our|your|of)"
        r"(?:\s+(?:still|also|only|even|[a-z]+ly))?\s*$",
        subject,
        re.IGNORECASE,
    ):
        return False
    if re.search(r"\b(?:that|which|who|when|if|because|is|are)\b", subject, re.IGNORECASE):
        return False  # the verb belongs to a relative or subordinate clause
    if _subject_slot(clause, m.start(), start, end):
        return True
    close = re.compile(r"[,;:.(]|\s(?:that|which|who|when|if|because|so|and|but)\s").search(
        clause, m.end()
    )
    object_end = close.start() if close else len(clause)
    return m.end() <= start and end <= object_end and len(clause[m.end() : end].split()) <= 5


def _near_object(clause: str, verb_end: int, start: int, end: int, most: int = 5) -> bool:
    """The blank is in the noun phrase right after a verb: before any comma, relative or
    subordinate clause, and at most ``most`` words from the verb."""
    close = re.compile(r"[,;:.(—]|\s(?:that|which|who|when|if|because|so|and|but|or)\s").search(
        clause, verb_end
    )
    object_end = close.start() if close else len(clause)
    if re.match(r"\s+(?:and|or)\s", clause[end:]) or re.search(r"\s(?:and|or)\s+$", clause[:start]):
        return False  # "cannot mix _____ and SO_TIMESTAMPNS": one item of a pair, given away
    return verb_end <= start and end <= object_end and len(clause[verb_end:end].split()) <= most


def _bare_subject(clause: str, verb_at: int) -> bool:
    """The verb is the main clause's, not a modal's or a relative clause's ("which can …")."""
    subject = clause[:verb_at]
    if _PRONOUN_SUBJECT.match(subject.strip()):
        return False  # "it does not solve the …": which one is in the sentence before
    if re.search(r"\b(?:that|which|who|when|if|because|is|are|was|were)\b", subject, re.I):
        return False
    return not re.search(
        r"\b(?:can|could|may|might|will|would|also|often|sometimes|usually|typically|to|the|"
        r"a|an|of)\s*$",
        subject,
        re.IGNORECASE,
    )


# Verbs that state no property of their subject ("vary", "play some neat tricks", "seem").
_VAGUE_VERB = re.compile(
    r"(?:vary|varies|play|plays|seem|seems|appear|appears|tend|tends|become|becomes|get|gets|"
    r"go|goes|come|comes|help|helps|make|makes|take|takes|raise|raises|need|needs|want|wants|"
    r"has|have|is|are|was|were|do|does)$",
    re.IGNORECASE,
)


def _kind_does(clause: str, start: int, end: int) -> bool:
    """ "_____ cannot grow …" is a negative rule; "_____ emerge in face-to-face social
    interactions" states what a kind does, in the present tense: the blank is the whole
    subject (its article aside), the verb a lexical one right after it."""
    lead = re.match(r"(?:the|a|an)\s+", clause, re.IGNORECASE)
    if start != (lead.end() if lead else 0):
        return False
    m = re.match(r"\s+(?:only\s+|currently\s+)?(?P<verb>[a-z]+)\s+\w", clause[end:])
    if m is None or _VAGUE_VERB.match(m["verb"]) or not is_verb(m["verb"]):
        return False
    plural = clause[start:end].endswith("s")
    return m["verb"].endswith("s") != plural or m["verb"].endswith("ss")


def _stated_property(clause: str, start: int, end: int) -> bool:
    """A cause, a comparison, a negative rule or a use (see the module's docstring): the
    blank on the subject the fact is about, or on the noun phrase the verb takes."""
    for pattern in (_CAUSE, _COMPARATIVE, _NEGATIVE_RULE):
        for m in pattern.finditer(clause):
            if not _bare_subject(clause, m.start()):
                continue
            if _subject_slot(clause, m.start(), start, end):
                return True
            if _PRONOUN_SUBJECT.match(clause[m.end() :]):
                continue  # "slower than those encountered at …": those of what?
            if _near_object(clause, m.end(), start, end):
                return True
    if _kind_does(clause, start, end):
        return True
    used = _USED_AS.search(clause)
    return (
        used is not None
        and _bare_subject(clause, used.start())
        and _subject_slot(clause, used.start(), start, end)
    )


def _document_deed(sentence: str, start: int, end: int) -> bool:
    """A named act, law or treaty and what it did (see _NAMED_DOCUMENT): the blank is on the
    name and the words right after it say what the document did, so one name fits ("… the
    _____ of 1820, which established the 36° 30' parallel as the geographical boundary of
    slavery"). A document the sentence only mentions ("since the Compromise of 1850") is no
    fact about it."""
    answer = sentence[start:end]
    after = sentence[end:]
    year = re.match(r"\s+of\s+\d{4}", after)
    if year and _NAMED_DOCUMENT.match(answer + year.group()):
        answer, after = answer + year.group(), after[year.end() :]
    if not _NAMED_DOCUMENT.match(answer):
        return False
    if _DOCUMENT_DID.match(after):
        return True
    opens = re.fullmatch(r"(?:(?:In|By)\s[^,]{3,30},\s)?(?:[Tt]he\s)?", sentence[:start])
    return opens is not None and _DOCUMENT_DOES.match(after) is not None


def _verb_frame(
    pattern: re.Pattern[str], clause: str, start: int, end: int, *, subject: bool
) -> bool:
    m = pattern.search(clause)
    if m is None:
        return False
    if subject and _subject_slot(clause, m.start(), start, end):
        return True
    # The object, not a reason or a condition after it (", since master tracks the _____").
    stop = _CLAUSE_BREAK.search(clause, m.end())
    return m.end() <= start and (stop is None or end <= stop.start())


NO_FRAME = "the sentence states no defining fact around the blank"


def frame_problem(sentence: str, start: int, end: int) -> str | None:
    """Why a blank on ``sentence[start:end]`` is not on a defining fact, or ``None``."""
    if any(start < e and end > s for s, e in named_spans(sentence)):
        return None  # the name a sentence gives is the fact
    if _document_deed(sentence, start, end):
        return None
    base = _main_clause(sentence)
    if base is None:
        return "the sentence hedges (a tendency, not a fact)"
    if _triggered_action(sentence, start, end):
        return None
    if start < base:
        return "the blank is in a framing or subordinate clause, not the fact"
    clause = sentence[base:]
    s, e = start - base, end - base
    if _ALWAYS.match(clause) and s >= _ALWAYS.match(clause).end():  # type: ignore[union-attr]
        return None
    rule = _PURPOSE_RULE.match(clause)
    if rule is not None:
        return None if s >= rule.end() else "the blank is in the rule's purpose, not the rule"
    if _verb_frame(_EXAMPLE, clause, s, e, subject=False):
        return None
    if _EXAMPLE.search(clause):
        return "the blank is on the example, not the category"
    claim = _CLAIM.search(clause)
    if claim is not None:
        if _subject_slot(clause, claim.start(), s, e):
            return None
        if s >= claim.end():
            inner = clause[claim.end() :]
            offset = claim.end()
            if frame_problem(inner, s - offset, e - offset) is None:
                return None
        return "the blank is beside the claim's fact"
    for pattern in (_CLASSIFYING, _MEANING, _MECHANISM, _PASSIVE_AGENT):
        if _verb_frame(pattern, clause, s, e, subject=True):
            return None
    must = _MUST.search(clause)
    if (
        must is not None
        and _verb_frame(_MUST, clause, s, e, subject=True)
        and (s < must.start() or not re.search(r"\bto\s+[a-z]+\s", clause[must.end() : s]))
    ):
        return None  # the rule's own words, not its purpose ("… to track _____ for …")
    restated = _RESTATED.search(clause)
    if restated is not None:
        verb = re.search(r"\s(?:is|are)\s", clause)
        if (
            verb is not None
            and verb.start() < restated.start()
            and _subject_slot(clause, verb.start(), s, e)
        ):
            return None
    if _copula_slots(clause, s, e):
        return None
    if _relation_slots(clause, s, e):
        return None
    if _stated_property(clause, s, e):
        return None
    return NO_FRAME
