"""A reading list made into cards (issue 18, round 18's strict read).

Fetchmail's design notes end with "Relevant RFCS": "**RFC1731**: IMAP4 Authentication
Mechanisms", "**RFC822**: Mail header format" and thirty more. The offline generator read each
entry as a glossary line and made "What is RFC1731?" -> "IMAP4 Authentication Mechanisms": the
reader dropped all seventeen it was shown. A reading list's entry (a document's identifier and
its title) is trivia about where to read more, not what the page teaches.

Two rules, each general:

- a section whose heading names a reading list ("Relevant RFCs", "Related documents", "Other
  useful documents", "Recommended reading", "Acknowledgements", "Credits") makes no cards and
  is no skill (:func:`names_reading_list`, read by
  :func:`~studyapp.generation.cleaning.blocks.is_boilerplate`; "References", "Notes" and
  "Sources" stay judged by their body, "See also" and "Bibliography" were boilerplate already);
- wherever it stands, a question about a document's identifier ("RFC 1234", "ISO 8601", "IEEE
  754", "PEP 8", a DOI, an ISBN) answered by a title (no verb, and no genus in lower case that
  says what kind of document it is) is a citation, not a definition (:func:`cited_title`).
  "What is ISO 8601?" -> "An international standard for dates and times" is a definition from
  prose and stays; "What is RFC1731?" -> "IMAP4 Authentication Mechanisms" goes.

Pure functions of the heading or the card; no words from any one text.
"""

from __future__ import annotations

import re

from studyapp.generation.words import is_verb

# A heading that names a list of documents to read, whatever the page teaches. The whole title
# must be one of these: "Related work" or "Relevant background" teach and stay.
_READING_LIST = re.compile(
    r"^(?:(?:relevant|related|useful|other useful|other|further|recommended|suggested|"
    r"additional|selected|key)\s+(?:rfcs?|standards|specifications|documents|papers|"
    r"publications|readings?|references|links|literature)"
    r"|reading list|references and further reading|notes and references|sources and further "
    r"reading|acknowledge?ments|credits)$",
    re.IGNORECASE,
)

# A document's identifier: a series and its number ("RFC1731", "RFC 2822", "ISO/IEC 9899",
# "IEEE 754-2008", "PEP 8", "BCP 14"), a DOI or an ISBN.
_SERIES = r"(?:RFC|STD|BCP|FYI|ISO(?:/IEC)?|IEC|IEEE|ANSI|PEP|JSR|ECMA|FIPS|NIST SP|ITU-T [A-Z])"
_IDENTIFIER = re.compile(
    rf"^(?:{_SERIES}[ -]?\d+(?:[.-]\d+)*(?::\d{{4}})?|(?:doi:\s?)?10\.\d{{4,}}/\S+|"
    r"ISBN(?:-1[03])?:?\s?[\dXx -]{10,17})$",
    re.IGNORECASE,
)
# What a definition asks about its term ("What is RFC822?", "What does RFC 2119 define?").
_ASKED = re.compile(
    r"^(?:what|which) (?:is|are|was|were) (?:the )?(?P<term>.+?)\s*\??$"
    r"|^what does (?P<term2>.+?) (?:define|specify|describe|cover|mean)\s*\??$",
    re.IGNORECASE,
)
# A definition says what kind of document it is, in lower case as prose does ("An international
# standard for …", "the style guide for Python code"); a title capitalises its words ("A
# Standard for the Transmission of IP Datagrams on Avian Carriers").
_DOCUMENT_GENUS = re.compile(
    r"^(?:[Aa]n?|[Tt]he)\s+(?:[a-z][\w-]*\s+){0,3}(?:standards?|specifications?|specs?|documents?|"
    r"memos?|rfcs?|guides?|guidelines|proposals?|recommendations?|conventions?|series|"
    r"reports?|publications?|requests? for comments|books?|papers?|articles?)\b"
)


def names_reading_list(title: str) -> bool:
    """Does the heading (a skill title, section number gone) name a list of documents to read
    ("Relevant RFCS", "Other useful documents", "Acknowledgements")? Its section makes no cards
    and no skill."""
    return _READING_LIST.match(title.strip()) is not None


def document_identifier(term: str) -> bool:
    """Is ``term`` a document's identifier ("RFC1731", "ISO 8601", "PEP 8", a DOI, an ISBN)?"""
    return _IDENTIFIER.match(term.strip().strip("*`\"'“”")) is not None


def title_shaped(back: str) -> bool:
    """Is ``back`` a document's title rather than a definition: no verb, and no genus in lower
    case that says what kind of document it is?"""
    text = back.strip().rstrip(".")
    if not text or _DOCUMENT_GENUS.match(text):
        return False
    return not any(is_verb(w) for w in re.findall(r"[A-Za-z][\w'-]*", text)[1:])


def cited_title(front: str, back: str) -> bool:
    """Is the question card a reading list's entry: a document's identifier asked about and its
    title as the answer ("What is RFC1731?" -> "IMAP4 Authentication Mechanisms")?"""
    m = _ASKED.match(front.strip())
    if not m:
        return False
    term = m["term"] or m["term2"] or ""
    return document_identifier(term) and title_shaped(back)
