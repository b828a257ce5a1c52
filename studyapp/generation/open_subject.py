"""Whether "What does X provide?" asks one of the many things the material says X does.

A text about TCP says what TCP does in sentence after sentence ("TCP provides a reliable …",
"TCP guarantees that …", "TCP provides limited support for out-of-band data …"); a card "What
does TCP provide?" answered by one of them is an open question a learner cannot answer as
asked ("What does Lemon allow?" -> "Multiple parsers to be running simultaneously", one of
fifteen sentences about Lemon). The first such sentence is the text's opening statement of
what X is for ("Classes provide a means of bundling data and functionality together."), a
card worth studying; a later one is not (issue 18, round 9's and round 10's sweeps).
"""

from __future__ import annotations

import re

# Sentences of the material that open on the subject, from which one is one of many.
MANY = 5
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])|\n+")


def one_of_many(subject: str, sentence: str, material: str) -> bool:
    """True when ``material`` opens at least :data:`MANY` sentences on ``subject`` (with or
    without its article, not "X of …") and ``sentence`` is not the first of them."""
    bare = re.sub(r"^(?:the|a|an)\s+", "", subject.strip(), flags=re.IGNORECASE)
    if not bare:
        return False
    opens = re.compile(rf"(?:(?:the|a|an)\s+)?{re.escape(bare)}\b(?!\s+of\b)", re.IGNORECASE)
    found = [s.strip() for s in _SENTENCE.split(material) if opens.match(s.strip())]
    if len(found) < MANY:
        return False
    probe = " ".join(sentence.split())[:60]
    return not " ".join(found[0].split()).startswith(probe)
