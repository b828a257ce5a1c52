"""A fact stated as "the N of X is that …" ("The traditional understanding of knowledge,
which comes from Plato, is that it consists of justified true belief", "Among the merits of
federalism are that it promotes policy innovation …") as a question card: "What is the
traditional understanding of knowledge?", "What are the merits of federalism?".

Textbook prose that argues rather than defines states its facts this way: the noun phrase
names the fact's kind (a condition, a merit, a drawback, a criticism) and what it belongs to;
the that-clause is the fact. The noun phrase must carry what it belongs to ("of federalism"):
"The advantage is that …", "The reason for this is that …", "The advantage of
doing this is that …" and "Another key feature is that …" lean on the sentence before, and
make no card; nor does a person's ("Dharmakīrti's conclusion is that the traveler …": the
tuning read found it a worked example, and "Harman's fourth condition" the gate reads as
one). A leading "it" or "they" in the answer is the thing itself ("it promotes policy
innovation" -> "Federalism promotes policy innovation"), so the back stands alone.

Pure functions of the sentence; no words from any one text.
"""

from __future__ import annotations

import re

from studyapp.generation.clause_topic import clause_topic
from studyapp.generation.types import CardDraft

# "The benefits of federalism are that …", "One of the
# positive contributions of deviance is that …", "Among the merits of federalism are that …".
_STATED_THAT = re.compile(
    r"^(?P<frame>(?:From|In|According to) [^,]{3,60}, )?"
    r"(?:(?P<among>[Aa]mong) |(?P<one>[Oo]ne) of )?(?P<np>(?:the |The )?"
    r"(?:(?P<owner>[A-Z][\w-]*(?: [A-Z][\w-]*)?[’']s) )?(?:(?!of )[a-z][\w-]* ){0,2}"
    r"(?P<noun>[a-z][\w-]*)(?: of (?P<of>[^,;:]{3,60}?))?)"
    r"(?:, [^,]{3,60},)? (?P<verb>is|are) that (?P<fact>[^;:]{12,220})$"
)
# What the noun phrase may not belong to: a pointer back or an act ("of this", "of doing this").
_DEICTIC_OWNER = re.compile(r"^(?:this|that|these|those|it|them|doing|using|[a-z]+ing)\b")
# Kinds that name no fact of their own ("The answer is that …", "The problem is that …").
_EMPTY_KIND = re.compile(
    r"^(?:answer|problem|thing|point|idea|concern|fact|truth|question|result|reason|catch|"
    r"trick|upshot|bottom line|difference|issue|hope|assumption|claim|worry)$"
)


def _back(fact: str, subject: str, plural: bool) -> str:
    """The that-clause as a sentence; its leading "it"/"they" replaced by the thing itself."""
    fact = fact.strip().rstrip(".")
    lead = re.match(r"(it|they) (?=[a-z])", fact)
    if lead is not None and subject and (lead.group(1) == "they") == plural:
        fact = f"{subject} {fact[lead.end() :]}"
    return fact[:1].upper() + fact[1:] + "."


def stated_that_card(sentence: str, section: str = "") -> CardDraft | None:
    """ "What is/are the N of X?" from "the N of X is/are that …", or ``None``."""
    m = _STATED_THAT.match(sentence.strip())
    if m is None or not m["of"] or m["owner"]:
        return None  # "Dharmakīrti's conclusion is that the traveler …": a person's case
    if m["of"] and _DEICTIC_OWNER.match(m["of"]):
        return None
    if _EMPTY_KIND.match(m["noun"]) or re.match(r"(?:another|other)\b", m["np"], re.I):
        return None
    np = m["np"]
    np = np[:1].lower() + np[1:] if np.startswith("The ") else np
    if m["one"]:
        front = f"what is one of {np}?"
    elif m["among"]:
        front = f"what are {np}?"
    else:
        front = f"what {m['verb']} {np}?"
    # "From a structural functionalist perspective, what is …?": the frame the fact holds in
    frame = m["frame"] or ""
    front = f"{frame}{front}" if frame else front[:1].upper() + front[1:]
    owner = (m["of"] or "").strip()
    plural_owner = owner.endswith("s") and not owner.endswith("ss")
    back = _back(m["fact"], owner[:1].upper() + owner[1:] if owner else "", plural_owner)
    return CardDraft(front, back, "basic", sentence, section)


# -- claims: "X states that …", "Aristotle proposed that …" -------------------------------------
# A claim verb and the form the question asks with ("What does X state?", "What did X propose?").
_CLAIM_VERBS = {
    "states": ("does", "state"),
    "holds": ("does", "hold"),
    "proposes": ("does", "propose"),
    "argues": ("does", "argue"),
    "asserts": ("does", "assert"),
    "suggests": ("does", "suggest"),
    "contends": ("does", "contend"),
    "maintains": ("does", "maintain"),
    "predicts": ("does", "predict"),
    "state": ("do", "state"),
    "hold": ("do", "hold"),
    "propose": ("do", "propose"),
    "argue": ("do", "argue"),
    "assert": ("do", "assert"),
    "suggest": ("do", "suggest"),
    "contend": ("do", "contend"),
    "maintain": ("do", "maintain"),
    "stated": ("did", "state"),
    "held": ("did", "hold"),
    "proposed": ("did", "propose"),
    "argued": ("did", "argue"),
    "asserted": ("did", "assert"),
    "suggested": ("did", "suggest"),
    "contended": ("did", "contend"),
    "hypothesized": ("did", "hypothesize"),
    "hypothesised": ("did", "hypothesise"),
    "theorized": ("did", "theorize"),
    "theorised": ("did", "theorise"),
    "concluded": ("did", "conclude"),
    "predicted": ("did", "predict"),
    "found": ("did", "find"),
    "showed": ("did", "show"),
    "demonstrated": ("did", "demonstrate"),
}
_CLAIM = re.compile(
    r"^(?P<subject>[A-Z][^,;:()]{1,70}?)(?P<dates> \([^()]{3,30}\))? "
    rf"(?P<verb>{'|'.join(sorted(_CLAIM_VERBS, key=len, reverse=True))}) that "
    r"(?P<claim>[^;]{12,220})$"
)
# What a claim belongs to when it is no one's: a theory, a law, a principle.
_CLAIM_NOUN = re.compile(
    r"^(?:the\s+)?(?:[\w’'-]+\s+){0,3}(?:theory|law|principle|hypothesis|postulate|doctrine|"
    r"model|theorem|rule)s?(?:\s+of\s+[\w\s’'-]{3,50})?$",
    re.IGNORECASE,
)


def claim_noun(term: str) -> bool:
    """A theory, a law, a principle …: what it holds is a statement ("What does the law of
    conservation of charge state?")."""
    return _CLAIM_NOUN.match(term.strip()) is not None


# A subject that names no one in particular ("A study by …", "Some experts", "Research").
_UNSPECIFIC = re.compile(
    r"^(?:an?|some|many|most|several|other|others|one|current|recent|further|more|such|each)\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"^(?:he|she|it|they|this|that|these|those|we|you|i)\b", re.IGNORECASE)


# A profession before a person's name opens the sentence, so it wears a capital the question
# must not keep ("What did Sociologist Charles Horton Cooley suggest?"): a noun of a field's
# practitioner by its suffix ("sociologist", "philosopher", "physician"), which no given name has.
_ROLE_NOUN = re.compile(r"[A-Z][a-z]+(?:ist|ician|grapher|sopher|ologer)")


def _a_name(word: str, material: str) -> bool:
    """A capitalised word the material never writes in lower case: a name ("Aristotle",
    "Cooley"), not a common word that opens a sentence ("Research", "Others")."""
    bare = word.rstrip(".")
    if not re.fullmatch(r"[A-Z][\w’'-]*", bare):
        return False
    return re.search(rf"(?<![\w-]){re.escape(bare.lower())}(?![\w-])", material) is None


# "these impressive ornaments": a demonstrative before a noun ("these", "those") names what the
# sentence before spoke of; "those who …" and "those of …" name no one before.
_POINTER = re.compile(
    r"\b(?:these|those)\s+(?!(?:who|whom|whose|which|that|of|in|with|are|were)\b)"
    r"(?:[a-z-]+\s+){0,2}?(?P<noun>[a-z-]+s)\b",
    re.IGNORECASE,
)


def points_back(claim: str) -> bool:
    """Whether a claim points back to the sentence before it with "these"/"those" and a noun
    it has not named itself (round 11: "The good genes hypothesis states that males develop
    these impressive ornaments to show off …", the ornaments of the paragraph before): the
    back would answer with things the card never shows. Dropping the pointer would turn the
    ornaments in view into ornaments in general, true only by luck; the card is refused."""
    for m in _POINTER.finditer(claim):
        stem = m["noun"].lower()[:-1]
        if not re.search(rf"\b{re.escape(stem)}", claim[: m.start()], re.IGNORECASE):
            return True
    return False


def claim_card(sentence: str, section: str = "", material: str = "") -> CardDraft | None:
    """ "What does the theory of spontaneous generation state?" from "The theory of
    spontaneous generation states that life arose from nonliving matter."; "What did
    Aristotle propose?" from "Aristotle proposed that …". The claimant must be a theory (a law,
    a principle) or a person named by name; never "This", "Researchers", "A study by …"."""
    m = _CLAIM.match(sentence.strip())
    if m is None:
        return None
    subject = m["subject"].strip()
    if _PRONOUN.match(subject) or _UNSPECIFIC.match(subject) or len(subject.split()) > 8:
        return None
    words = subject.split()
    theory = _CLAIM_NOUN.match(subject) is not None
    person = _a_name(words[-1], material or sentence) and not any(
        w[:1].islower() and w not in {"and", "of", "de", "van", "von"} for w in words[1:]
    )
    if not (theory or person):
        return None
    if theory and not re.search(r"[’']s$|^[A-Z]{2,}", words[0]):
        subject = subject[:1].lower() + subject[1:]  # "the theory …", not "Koch's postulates"
    elif person and len(words) >= 3 and _ROLE_NOUN.fullmatch(words[0]):
        subject = subject[:1].lower() + subject[1:]  # "sociologist Charles Horton Cooley"
    aux, verb = _CLAIM_VERBS[m["verb"]]
    claim = m["claim"].strip().rstrip(".")
    if points_back(claim):
        return None
    back = claim[:1].upper() + claim[1:] + "."
    if theory:
        return CardDraft(f"What {aux} {subject} {verb}?", back, "basic", sentence, section)
    # A person claims many things: the question names what this claim is about, its own
    # subject ("What did Rutherford conclude about the nucleus?"), or there is no card.
    topic = clause_topic(claim)
    if topic is None:
        return None
    return CardDraft(
        f"What {aux} {subject} {verb} about {topic}?", back, "basic", sentence, section
    )


# "According to social Darwinism, a theory then popular in Europe and the United States, some
# groups of people become stronger …": a doctrine the sentence names as one, and what it holds.
# History and social-science prose state an idea's content this way; the apposition ("a
# theory …") is what makes the name a doctrine and not a source ("According to a 2013 report,
# …", "According to Smith, …": who said it, not what an idea holds).
_ACCORDING = re.compile(
    r"^According to (?P<name>(?:the )?(?:[\w’'-]+ ){0,3}[\w’'-]+), "
    r"(?:a|an|the) (?:[a-z-]+ )?(?P<kind>theory|doctrine|ideology|philosophy|principle|belief|"
    r"view|worldview|school of thought)\b[^,;:]{0,80}, (?P<claim>[^;:]{12,220})$"
)


def doctrine_card(sentence: str, section: str = "") -> CardDraft | None:
    """ "What does social Darwinism hold?" and what it holds, or ``None``."""
    m = _ACCORDING.match(sentence.strip())
    if m is None:
        return None
    claim = m["claim"].strip()
    if _PRONOUN.match(claim) or re.match(r"[A-Z][a-z]+ (?:said|says|wrote|argued)\b", claim):
        return None  # "it …": the idea is in the sentence before; a quotation is no doctrine
    name = m["name"]
    return CardDraft(
        f"What does {name} hold?", claim[:1].upper() + claim[1:], "basic", sentence, section
    )
