"""What a named act, law or treaty did, as a question card (issue 18, history prose).

History textbooks state their facts about documents: "the Missouri Compromise of 1820, which
established the 36° 30' parallel as the geographical boundary of slavery", "The Stamp Act of
1765 required colonists to pay a tax on …". A strict learner studies those: "What did the
Missouri Compromise of 1820 establish?" has one answer, and the name carries the question on
its own. The gate rightly refuses most sentences of history prose as a story told in order
("In 1852, voters went to the polls …"); a named document and what it did is no story step.

The name is capitalised words ending in the kind of document it is (Act, Compromise, Treaty,
…), with its year if the text gives one; the verb one of a closed class of verbs that say
what a law does (established, required, prohibited, …), never "was passed", "remained" or
"was debated" (what happened to it). The answer runs to the end of the clause.

Pure functions of the sentence; no words from any one text.
"""

from __future__ import annotations

import re

from studyapp.generation.types import CardDraft

DOCUMENT_KIND = (
    r"(?:Act|Acts|Compromise|Constitution|Treaty|Proviso|Amendment|Proclamation|Declaration|"
    r"Doctrine|Ordinance|Charter|Accord|Accords|Pact|Bill|Code|Edict|Resolution)"
)
# "Missouri Compromise of 1820", "1857 Lecompton Constitution", "Kansas-Nebraska Act".
NAMED_DOCUMENT = re.compile(
    rf"(?:\d{{4}}\s+)?(?:[A-Z][\w'’.-]*\s+){{1,4}}{DOCUMENT_KIND}(?:\s+of\s+\d{{4}})?"
)
# What a law does, past tense -> the form a question asks with ("What did … establish?").
DEEDS = {
    "gave rise to": "give rise to",
    "led to": "lead to",
    "resulted in": "result in",
    "established": "establish",
    "created": "create",
    "required": "require",
    "prohibited": "prohibit",
    "banned": "ban",
    "outlawed": "outlaw",
    "abolished": "abolish",
    "repealed": "repeal",
    "granted": "grant",
    "guaranteed": "guarantee",
    "allowed": "allow",
    "imposed": "impose",
    "forbade": "forbid",
    "divided": "divide",
    "declared": "declare",
    "extended": "extend",
    "ended": "end",
    "set": "set",
    "gave": "give",
}
_DEED = "|".join(DEEDS)
# The name as the subject: "(In 1765, )?(the )?NAME VERB …".
_SUBJECT = re.compile(
    rf"^(?:(?:In|By) [^,]{{3,30}}, )?(?P<the>[Tt]he )?(?P<name>{NAMED_DOCUMENT.pattern})"
    rf"(?:, [^,]{{3,60}},)? (?:also )?(?P<verb>{_DEED}) (?P<what>.+)$"
)
# The name with a relative clause: "… the NAME, which VERB …".
_RELATIVE = re.compile(
    rf"\b(?P<the>the )?(?P<name>{NAMED_DOCUMENT.pattern}), which (?:had )?(?P<verb>{_DEED}) "
    r"(?P<what>.+)$"
)
# Where what it did stops: another clause, or an apposition that only adds to the answer
# ("the Republican Party, a new political party that …").
_CLAUSE_END = re.compile(r"[;:(]|, (?:and|but|which|while|although|though|so|a|an)\s|\.$|\s—")


def document_card(sentence: str, section: str = "") -> CardDraft | None:
    """ "What did the Missouri Compromise of 1820 establish?" and what it did, or ``None``."""
    body = sentence.strip()
    m = _SUBJECT.match(body) or _RELATIVE.search(body)
    if m is None:
        return None
    stop = _CLAUSE_END.search(m["what"])
    what = m["what"][: stop.start()] if stop else m["what"]
    what = what.strip().rstrip(".,")
    if len(what.split()) < 3 or re.match(r"(?:it|them|this|that|these|those)\b", what, re.I):
        return None  # "established it": what it did lives in another sentence
    name = re.sub(r"\s+", " ", m["name"])
    front = f"What did {'the ' if m['the'] else ''}{name} {DEEDS[m['verb']]}?"
    back = what[:1].upper() + what[1:]
    return CardDraft(front, back, "basic", sentence, section)
