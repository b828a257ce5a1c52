"""A person or a firm from a text's case study, asked as if it were a concept (issue 18, round 9).

Textbooks teach with cases: "GameStop is a great example of a company with push and pull
strategies", "Diederik Stapel is a former professor at Tilburg University in the Netherlands".
The sentence has the shape of a definition, so a rule asks "What is GameStop an example of?"
or "What is Diederik Stapel?"; a strict learner drops both: which company illustrates a
strategy, or where the person in the case once taught, is not what the text teaches.

A question card is such a case when its subject is a proper name (capitalised words, not an
acronym such as "TCP", not a possessive such as "Hooke's law") and either its answer names a
kind of person or organisation ("A company with …", "A former professor at …"), or the
material tells of the name as a person ("… Stapel did not deny that his deceit …"). Grammar
and the material only: no names of any one text.

A worked example's figure about one firm is the same case (round 10): "Apple Inc. lists a
total of $33,783,000,000 in total Property, Plant and Equipment (net) on its 2017
consolidated balance sheet" asked "What does Apple Inc. list?" A question whose subject is a
proper name and whose answer is an amount of money teaches the case's numbers, not the
text's idea. (A year alone is not enough: "What did Darwin publish?" "On the Origin of
Species in 1859" asks a work.)

An example's named symbol is the same case (round 11): "Smokey Bear is a symbol created in
1944 to raise awareness of the danger of forest fires", asked "What is Smokey Bear?" A proper
name answered by a made thing of persuasion (a symbol, mascot, campaign, slogan, advert)
dated to its year of making is the example's detail, not the text's idea.

Round 14 (design_thinking.html): an organisation from a list of resources ("Nesta is a
UK-based innovation foundation that offers many design thinking tools …", asked "What is
Nesta?"), a person named by their office ("The current IDEO CEO _____ defines design thinking
as …" → Tim Brown), and a school or firm as a blank ("The _____ uses human-centered design
thinking (HCD) as its design thinking approach." → Stanford Design School): which body or
office-holder, not what the text teaches. The originator of a field named by what he founded
("_____, founder of Stanford University's Design School …, is credited as the originator of
design thinking") is no office title before the blank, and stays.
"""

from __future__ import annotations

import re

from studyapp.generation.context_bound import in_a_story

_ASKED = re.compile(
    r"^what (?:is|are|was|were) (?P<name>.+?)"
    r"(?: (?:a|an) (?:[\w-]+ )?(?:example|illustration|instance|case) of)?\?$",
    re.IGNORECASE,
)
# Capitalised words with the joins a name has ("Procter & Gamble", "van Gogh"), camel case
# too ("GameStop"); no possessive ("Hooke's law" names a law).
_PROPER_NAME = re.compile(
    r"[A-Z][\w.-]*(?:\s+(?:[A-Z][\w.-]*|&|of|de|van|von|der|la))*",
)
# "What does Apple Inc. list?", "What did Ford report?": a name and the question's verb.
_DOES = re.compile(r"^what (?:does|do|did) (?P<name>.+?) [a-z]+\?$", re.IGNORECASE)
# An amount of money: "$33,783,000,000", "€4.5 million", "12 million dollars".
_FIGURE = re.compile(r"[$€£¥]\s?\d|\b\d[\d,.]*\s+(?:(?:million|billion)\s+)?(?:dollars|euros)\b")
FIGURE = "trivia (a figure from one firm's case, not the text's idea)"
_ACRONYM = re.compile(r"[A-Z0-9][A-Z0-9.-]*s?")
# What a case's person or firm is: the head of the answer's first noun phrase.
_WHO = re.compile(
    r"^(?:a|an|the|one)\s+(?:[\w-]+\s+){0,3}?(?:company|compan(?:y|ie)s|firms?|business(?:es)?|"
    r"retailers?|brands?|chains?|corporations?|manufacturers?|makers?|start-?ups?|stores?|"
    r"organi[sz]ations?|agenc(?:y|ies)|professors?|psychologists?|scientists?|researchers?|"
    r"authors?|writers?|philosophers?|sociologists?|economists?|politicians?|presidents?|"
    r"founders?|executives?|entrepreneurs?|man|men|woman|women|person|people|students?|"
    r"doctors?|physicians?|foundations?|charit(?:y|ies)|institutes?|associations?|"
    r"non-?profits?|consultanc(?:y|ies)|think tanks?|NGOs?)\b"
    # "A UK-based innovation foundation …": a body described by where it is based.
    r"|^(?:a|an)\s+(?-i:[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)-based\s",
    re.IGNORECASE,
)
# "The current IDEO CEO _____ defines …": a person named by the office they hold, optionally
# "current", "former", "then" or "late"; the blank right after the title.
_OFFICE_BEFORE = re.compile(
    r"\b(?:CEO|CFO|COO|CTO|chief executive(?: officer)?|chair(?:man|woman|person)?|president|"
    r"vice[- ]president|director|managing director|executive director|owner|dean|governor|mayor|"
    r"minister|secretary|spokes(?:man|woman|person))\s+_____",
    re.IGNORECASE,
)
# A person's name: two or three capitalised words ("Tim Brown", "John G. Stumpf").
_PERSON_NAME = re.compile(r"[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’-]+){1,2}")
# The same office-holder quoted: "The current IDEO CEO Tim Brown defines design thinking as
# “a _____ and collaborative approach …”": any blank in it is one person's words.
_OFFICE_QUOTED = re.compile(
    _OFFICE_BEFORE.pattern.replace("_____", "")
    + f"(?-i:{_PERSON_NAME.pattern})"
    + r"\s+(?:defines|defined|describes|described|says|said|calls|called|explains|explained|"
    r"argues|argued|writes|wrote|puts)\b[^“\"]*[“\"]",
    re.IGNORECASE,
)
QUOTED = "a quotation and who said it, not a fact"
OFFICE = "trivia (a person named by the office they hold, not a concept)"
# A school, university, firm or charity by its proper name ("Stanford Design School",
# "Acme Corporation"): the body that does something, not what the text teaches. Bodies of
# government ("Federal Reserve", "Tenth Amendment", "Selective Service System") are a
# civics text's subject and are not in the list.
_BODY = re.compile(
    r"(?:[A-Z][\w.'’&-]*\s+)+(?:School|University|College|Academy|Institute|Foundation|"
    r"Company|Corporation|Corp\.|Inc\.?|Ltd\.?|LLC|Charity)"
)
BODY = "trivia (a named school, firm or charity, not a concept)"


# "A symbol created in 1944 to …": a made emblem, dated to the year it was made.
_EMBLEM = re.compile(
    r"^(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:symbols?|mascots?|campaigns?|slogans?|"
    r"advertisements?|adverts?|ads?|logos?|emblems?|jingles?|characters?|posters?)\s+"
    r"(?:[\w-]+\s+){0,4}?(?:created|launched|introduced|designed|invented|made|adopted)\s+"
    r"in\s+(?:1[5-9]|20)\d\d\b",
    re.IGNORECASE,
)
EMBLEM = "trivia (an example's named symbol or campaign, not a concept)"
_EXAMPLE_OF = re.compile(
    r"^(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?(?:example|illustration|instance|case)\s+of\s+", re.I
)
_NAMED_IS = re.compile(r"^_____\s+(?:is|was)\s+(?P<rest>.+)$")
TRIVIA = "trivia (a person or firm from the text's case, not a concept)"


def _proper(name: str) -> bool:
    return bool(_PROPER_NAME.fullmatch(name)) and not _ACRONYM.fullmatch(name)


def _person_or_firm(description: str) -> bool:
    """Does ``description`` say what kind of person or firm something is ("A company with …",
    "a great example of a company with …", "a former professor at …")?"""
    text = _EXAMPLE_OF.sub("a ", description.strip())
    return _WHO.match(text) is not None


def named_case(front: str, back: str, material: str = "") -> str | None:
    """Why a question card asks about a person or firm of the text's case, or ``None``."""
    does = _DOES.match(front.strip())
    if does is not None and _proper(does["name"].strip()) and _FIGURE.search(back):
        return FIGURE
    asked = _ASKED.match(front.strip())
    if asked is None:
        return None
    name = asked["name"].strip()
    if not _proper(name):
        return None
    if _person_or_firm(back):
        return TRIVIA
    if _EMBLEM.match(back.strip()):
        return EMBLEM
    if material and _told_as_person(name, material):
        return "trivia (a person from the text's case, asked as if a concept)"
    return None


def _told_as_person(name: str, material: str) -> bool:
    """The material writes the name with its capital mid-sentence (a name, not a glossary
    line's title-cased term) and tells of it with "he"/"she" (see
    :func:`.context_bound.in_a_story`): "… psychologist, Diederik Stapel, has led to the
    retraction of his articles". (A surname alone is not enough: "Kansas" in "Bleeding
    Kansas" is a place a story passes through.)"""
    return bool(
        re.search(rf"(?<=[a-z,] ){re.escape(name)}\b", material) and in_a_story(name, material)
    )


def named_case_cloze(sentence: str, answer: str) -> str | None:
    """The same fact as a cloze: "_____ is a former professor at Tilburg University in the
    Netherlands." (Diederik Stapel), "_____ is a great example of a company with push and pull
    strategies." (GameStop): a proper name as the blank of what kind of person or firm it is;
    a person's name right after their office ("The current IDEO CEO _____ defines …"),
    and the office-holder's quoted words around a blank elsewhere."""
    if _OFFICE_BEFORE.search(sentence) and _PERSON_NAME.fullmatch(answer.strip()):
        return OFFICE
    if _OFFICE_QUOTED.search(sentence.replace("_____", answer.strip())):
        return QUOTED
    said = _NAMED_IS.match(sentence.strip())
    if said is None or not _proper(answer.strip()):
        return None
    if _person_or_firm(said["rest"]):
        return TRIVIA
    # "_____ is a symbol created in 1944 to …" (Smokey Bear): the example's emblem as a cloze.
    return EMBLEM if _EMBLEM.match(said["rest"].strip()) else None


def named_body(answer: str) -> str | None:
    """A school, university, firm or charity by its proper name as a cloze's answer ("The
    _____ uses human-centered design thinking (HCD) as its design thinking approach." →
    Stanford Design School): which body does it, and other bodies of the text fit as well."""
    return BODY if _BODY.fullmatch(answer.strip()) else None
