"""Who a finding is credited to ("Louis Pasteur is credited with conclusively disproving the
theory of spontaneous generation …", "Scottish botanist Robert Brown … was the first to
describe observations of nuclei") as a question card: "Who was the first to describe
observations of nuclei?" -> Robert Brown.

History-of-science prose states its facts this way, and the gate rightly refuses a cloze on a
story told in order ("In 1831, _____ …": an anecdote). The credit is a fact a learner
studies, though, when the sentence says so in as many words: "is credited with", "was the
first (person) to", "first used". The answer is the person's name alone (no "Scottish
botanist", no life dates); the question is what they are credited with, up to a clause that
only adds to it (", which he observed …", " when he found …"). Only a person named by name:
never "He", "Plato's JTB analysis", "The method".

Pure functions of the sentence; no words from any one text.
"""

from __future__ import annotations

import re

from studyapp.generation.types import CardDraft

_CREDIT = re.compile(
    r"^(?:(?:Then|Later), )?(?:(?:[Ii]n|By|Around) [^,]{3,40}, )?(?P<who>[A-Z][^,;:()]{1,60}?)"
    r"(?: \((?P<dates>[^()]{3,30})\))?(?:, [^,]{3,80},)? "
    r"(?P<verb>(?:is|was|are|were) credited with|(?:is|was) the first(?: person| scientist)? to|"
    r"became the first(?: person| scientist)? to|first (?:used|described|observed|proposed|"
    r"named|identified|isolated))"
    r" (?P<what>[^;]{8,200})$"
)
# The name: a run of capitalised words at the end of the subject ("… botanist Robert Brown").
_NAME = re.compile(r"(?:[A-Z][\w’'-]*\.? )*[A-Z][\w’'-]+\.?$")
# Where what they are credited with stops: a clause that adds to it.
_ADDED = re.compile(r",\s|\s(?:when|while|which|that|who|because|after|before|in order to)\s|\.$")
# A subordinate clause: the credit is a concession to what follows ("While Gettier is credited
# with …, he was not the first …").
_SUBORDINATE = re.compile(
    r"^(?:while|although|though|if|when|because|since|as|whereas|unless)\b", re.I
)


def _a_name(word: str, material: str) -> bool:
    """A capitalised word the material never writes in lower case ("Brown", not "The")."""
    bare = word.rstrip(".")
    return re.search(rf"(?<![\w-]){re.escape(bare.lower())}(?![\w-])", material) is None


def credit_card(sentence: str, section: str = "", material: str = "") -> CardDraft | None:
    """ "Who was the first to …?" / "Who is credited with …?" and the person's name, or
    ``None``."""
    m = _CREDIT.match(sentence.strip())
    if m is None:
        return None
    who = m["who"].strip()
    if _SUBORDINATE.match(who):
        return None
    name = _NAME.search(who)
    if name is None or "’s" in who or "'s" in who:
        return None
    words = name.group().split()
    text = material or sentence
    words = words[next((i for i, w in enumerate(words) if _a_name(w, text)), len(words)) :]
    if not words or not all(_a_name(w, text) for w in words):
        return None  # "The method", "This approach": not a person's name
    stop = _ADDED.search(m["what"])
    what = m["what"][: stop.start()] if stop else m["what"]
    if len(what.split()) < 3 or re.search(r"\b(?:this|these|that|those)\b", what, re.I):
        return None
    verb = m["verb"]
    asked = re.sub(r"^(?:are|were) ", "were " if verb.startswith("were") else "are ", verb)
    asked = re.sub(r"^became the first", "was the first", asked)
    front = f"Who {asked} {what.strip()}?"
    return CardDraft(front, " ".join(words), "basic", sentence, section)


# "In 1840, the Liberty Party was the first political organization to campaign for abolition":
# a name the text capitalises mid-sentence, the first of a kind the sentence names, and what it
# was the first to do. "Which political organization was the first to campaign for abolition?"
# has one answer; the date is the story's, the credit is the fact.
_FIRST_OF_KIND = re.compile(
    r"^(?:(?:[Ii]n|By|Around) [^,]{3,30}, )(?P<the>the )?"
    r"(?P<name>(?:[A-Z][\w’'-]*\.? ){0,3}[A-Z][\w’'-]+) "
    r"(?:was|became) the first (?P<kind>(?:[a-z][\w-]* ){0,2}[a-z][\w-]*) to (?P<what>[^;]{8,200})$"
)


def first_of_kind_card(sentence: str, section: str = "") -> CardDraft | None:
    """ "Which political organization was the first to campaign for abolition?" -> the Liberty
    Party, or ``None``. Only after a dated opener ("In 1840, "), where the name is mid-sentence
    and so a name by its capitals; a person or scientist is :func:`credit_card`'s."""
    m = _FIRST_OF_KIND.match(sentence.strip())
    if m is None or m["kind"].split()[-1] in {"person", "scientist", "time", "one", "step"}:
        return None
    stop = _ADDED.search(m["what"])
    what = (m["what"][: stop.start()] if stop else m["what"]).strip()
    if len(what.split()) < 2 or re.search(r"\b(?:this|these|that|those|it|them)\b", what, re.I):
        return None
    front = f"Which {m['kind']} was the first to {what}?"
    return CardDraft(front, f"{m['the'] or ''}{m['name']}".strip(), "basic", sentence, section)
