"""A reading list made into cards (issue 18, round 18's strict read): fetchmail's design notes
end with "Relevant RFCS", and the reader dropped all seventeen "What is RFC1731?" ->
"IMAP4 Authentication Mechanisms" cards it was shown (``studyapp/generation/reading_lists.py``)."""

from __future__ import annotations

from studyapp.generation.cleaning import is_boilerplate
from studyapp.generation.offline_cards import units
from studyapp.generation.reading_lists import cited_title, document_identifier, names_reading_list
from studyapp.generation.tree_furniture import section_bodies, skills_only
from studyapp.generation.types import TreeNode
from tests.corpus_gate import cleaned, harvested, problem

FETCHMAIL = "fetchmail_design_notes.html"


def test_a_reading_list_heading_makes_no_cards() -> None:
    """'# Relevant RFCS' then '**RFC1731**: IMAP4 Authentication Mechanisms' and thirty more:
    no card from the section, whatever its entries look like."""
    text = cleaned(FETCHMAIL)
    assert "# Relevant RFCS" in text
    assert "**RFC1731**: IMAP4 Authentication Mechanisms" in text
    assert names_reading_list("Relevant RFCS") and names_reading_list("Other useful documents")
    assert names_reading_list("Recommended reading") and names_reading_list("Acknowledgements")
    assert is_boilerplate("Relevant RFCS", section_bodies(text)["relevant rfcs"])
    # a heading that teaches stays: the whole title must name the list
    assert not names_reading_list("Related work") and not names_reading_list("RFC 822 headers")
    assert not is_boilerplate("Conclusion")
    made = [u.text for u in units(text) if "RFC1731" in u.text or "LAN Mail Protocols" in u.text]
    assert not made
    fronts = harvested(FETCHMAIL)
    assert not [f for f in fronts if f.startswith("What is RFC")]
    assert "What is RFC1731?" not in fronts and "What is RFC2060?" not in fronts


def test_a_reading_list_heading_is_no_skill() -> None:
    """The tree keeps "Conclusion" and drops "Relevant RFCS" as it drops "See also"."""
    text = cleaned(FETCHMAIL)
    nodes = [TreeNode("Conclusion", ""), TreeNode("Relevant RFCS", ""), TreeNode("Credits", "")]
    assert [n.title for n in skills_only(nodes, text)] == ["Conclusion"]


def test_a_document_identifier_with_a_title_is_a_citation() -> None:
    """The same entry under any heading: 'What is RFC1731?' -> 'IMAP4 Authentication
    Mechanisms' is refused; a definition of the document from prose stays."""
    reason = "a reading list's entry (a document's identifier and its title), not a fact"
    assert problem(FETCHMAIL, "What is RFC1731?", "IMAP4 Authentication Mechanisms") == reason
    assert problem(FETCHMAIL, "What is RFC822?", "Mail header format") == reason
    assert problem(FETCHMAIL, "What is RFC1413?", "An identification server") == reason
    assert (
        problem(
            FETCHMAIL,
            "What is RFC1428?",
            "A transition of Internet Mail from Just-Send-8 to 8-bit SMTP/MIME",
        )
        == reason
    )
    for ident in ("RFC1731", "RFC 2822", "ISO 8601", "IEEE 754-2008", "PEP 8", "10.1000/182"):
        assert document_identifier(ident), ident
    assert not document_identifier("IMAP4") and not document_identifier("SMTP")
    # a definition says what kind of document it is, or says what it does
    assert not cited_title("What is ISO 8601?", "An international standard for dates and times")
    assert not cited_title("What is PEP 8?", "The style guide for Python code")
    assert not cited_title("What is RFC 2119?", "It defines the key words such as MUST")
    assert cited_title(
        "What is RFC 1149?", "A Standard for the Transmission of IP Datagrams on Avian Carriers"
    )
    # not an identifier: a term defined by its name is judged elsewhere
    assert not cited_title("What is SMTP?", "Simple Mail Transfer Protocol")
