"""Clozes whose sentence is a claim any of several things makes true (issue 18, round 16's
strict read).

A definition pins its blank: "A _____ is a device that forwards packets between networks"
fits one word. A claim about what a thing needs, who uses it or what takes care of it does
not, because many things share it, and the learner who writes another right one is marked
wrong:

- what something depends on, with nothing after: "In order to function properly, networks
  depend on a _____." (a router, and a switch, a cable, power …);
- a blanked subject of "is handled / managed / taken care of by": "_____ is automatically
  handled by the library when a raw strip or tile is filled." (so are many things);
- a blanked subject of "is used by" someone: "_____ are primarily used by colleges and
  universities as a way of linking computers …" (who uses it, not what it is).

And one word order a reader calls garbled: an infinitive clause wedged between the blanked
subject and its verb ("_____, to identify all of their possible metabolites specifically,
must study illegal and newly released drugs."), where the blank's subject role is only told
after the aside.
"""

from __future__ import annotations

import re

BLANK = "_____"
MANY_ANSWERS = "more than one defensible answer"

# "depend on a _____.", "rely heavily on the _____.": the blank ends the sentence, so nothing
# after it says which one.
_DEPENDED_ON = re.compile(
    rf"\b(?:depends?|depended|depending|relys?|relies|relied|relying)\s+"
    rf"(?:\w+ly\s+)?(?:up)?on\s+(?:an?\s+|the\s+)?{BLANK}\s*[.!]?$",
    re.IGNORECASE,
)
# "_____ is automatically handled by the library", "_____ are managed by the kernel".
_HANDLED_BY = re.compile(
    rf"^(?:an?\s+|the\s+)?{BLANK}\s+(?:is|are)\s+(?:\w+ly\s+)?(?:handled|managed|dealt with|"
    r"taken care of|looked after|done|performed|carried out)\s+(?:\w+ly\s+)?by\b",
    re.IGNORECASE,
)
# "_____ are primarily used by colleges and universities …": used *by* someone. "_____ is used
# to …" / "used for …" says what it does and may pin it: not this.
_USED_BY = re.compile(
    rf"^(?:an?\s+|the\s+)?{BLANK}\s+(?:is|are)\s+(?:\w+ly\s+)?used\s+by\b",
    re.IGNORECASE,
)
# "_____, to identify …, must study …": a blanked subject, then an infinitive clause set off
# by commas before its verb.
_WEDGED_INFINITIVE = re.compile(rf"^(?:an?\s+|the\s+)?{BLANK},\s+to\s+[a-z]+\b[^,]*,\s+\w")


def open_claim(sentence: str) -> str | None:
    """Why the cloze ``sentence`` (one ``_____``) has more than one right answer, or is
    garbled (see the module docstring), or ``None``."""
    body = " ".join(sentence.split())
    if _DEPENDED_ON.search(body):
        return f"{MANY_ANSWERS} (what it depends on: many things)"
    if _HANDLED_BY.match(body):
        return f"{MANY_ANSWERS} (one of the things handled by it)"
    if _USED_BY.match(body):
        return f"{MANY_ANSWERS} (who uses it, not what it is)"
    if _WEDGED_INFINITIVE.match(body):
        return "garbled word order (an infinitive clause between the blank and its verb)"
    return None
