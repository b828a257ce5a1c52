"""Whether "What does X provide?" asks one of the many things the material says X does.

A text about TCP says what TCP does in sentence after sentence ("TCP provides a reliable …",
"TCP guarantees that …", "TCP provides limited support for out-of-band data …"); a card "What
does TCP provide?" answered by one of them is an open question a learner cannot answer as
asked ("What does Lemon allow?" -> "Multiple parsers to be running simultaneously", one of
fifteen sentences about Lemon). The first such sentence is the text's opening statement of
what X is for ("Classes provide a means of bundling data and functionality together."), a
card worth studying; a later one is not (issue 18, round 9's and round 10's sweeps).

The page's own subject needs fewer (round 10's strict read): luajit_ffi_tutorial.html opens
"This page is intended to give you an overview of the features of the FFI library", and "What
does the FFI library provide?" answered "The ffi.C default C library namespace, …" is one of
the things the whole page shows it doing. A subject the material's opening sentence (or its
title heading) names is the page's; :data:`OWN` sentences on it, counting those that reach it
after a short opener ("Also, the FFI library automatically detects …", "Luckily for us, the
FFI library …"), make it one of many.
"""

from __future__ import annotations

import re

# Sentences of the material that open on the subject, from which one is one of many.
MANY = 5
OWN = 3  # sentences on the page's own subject
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])|\n+")
# A short opener before the subject: "Also, ", "Luckily for us, ", "In C, ".
_OPENER = r"(?:[A-Z][\w'’]*(?: [\w'’]+){0,3},\s+)?"


def _own_subject(bare: str, material: str) -> bool:
    """Does the material's title heading or its opening sentence name ``bare``?"""
    heading = re.match(r"\s*#\s+(.+)", material)
    first = next((s for s in _SENTENCE.split(material.lstrip()) if not s.startswith("#")), "")
    opening = (heading[1] if heading else "") + " " + first
    return re.search(rf"\b{re.escape(bare)}\b", opening, re.IGNORECASE) is not None


def one_of_many(subject: str, sentence: str, material: str) -> bool:
    """True when ``material`` opens at least :data:`MANY` sentences on ``subject`` (with or
    without its article, not "X of …") and ``sentence`` is not the first of them; or, for the
    page's own subject, :data:`OWN` sentences, a short opener allowed before it."""
    bare = re.sub(r"^(?:the|a|an)\s+", "", subject.strip(), flags=re.IGNORECASE)
    if not bare:
        return False
    opens = re.compile(rf"(?:(?:the|a|an)\s+)?{re.escape(bare)}\b(?!\s+of\b)", re.IGNORECASE)
    sentences = [s.strip() for s in _SENTENCE.split(material)]
    found = [s for s in sentences if opens.match(s)]
    if len(found) < MANY and _own_subject(bare, material):
        reached = re.compile(_OPENER + opens.pattern, re.IGNORECASE)
        found = [s for s in sentences if reached.match(s)]
        if len(found) < OWN:
            return False
    elif len(found) < MANY:
        return False
    probe = " ".join(sentence.split())[:60]
    return not " ".join(found[0].split()).startswith(probe)
