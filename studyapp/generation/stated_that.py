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
