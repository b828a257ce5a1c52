"""Round 16's strict read (issue 18): a table's field labels and build switches asked as terms
(svn_cvs_crossover.html and libtiff_internals.html, tuning now). Each test quotes the real
line of the text the refused card came from, checks the rule on it, and checks the whole
text's cards; and a shape of the same kind that stays."""

from __future__ import annotations

from studyapp.generation.field_labels import (
    build_switch,
    field_label,
    subjectless_cell,
    switch_question,
)
from studyapp.generation.offline_cards import _lower_first
from tests.corpus_gate import cleaned, harvested

SVN = "svn_cvs_crossover.html"
TIFF = "libtiff_internals.html"


def test_a_label_cell_is_no_term() -> None:
    """'What is Commands:?', 'What does Explanation: do?', 'What is Book References:?'."""
    text = cleaned(SVN)
    assert "**Commands:**: $ cvs -d /usr/local/repos init" in text
    assert "**Book References:**: Repository Creation and Configuration" in text
    assert field_label("Commands:") and field_label("Explanation:")
    assert field_label("Book References:")
    # a glossary's term carries no colon of its own (tcp.7.txt's "**TCP_CORK** (since …): …")
    assert not field_label("TCP_CORK") and not field_label("hostname")
    fronts = harvested(SVN)
    assert not [f for f in fronts if "Commands:" in f or "Explanation:" in f or "References:" in f]


def test_a_cell_with_no_subject_makes_no_cloze() -> None:
    """'Fill in the blank: _____, but doesn't modify the working copy.' => 'Contacts
    repository': the cell's subject is the row's command ('svn status -u')."""
    cell = "Contacts repository, but doesn't modify the working copy."
    assert cell in cleaned(SVN)
    assert subjectless_cell(cell)
    assert subjectless_cell("Shows modified files only.")
    assert not subjectless_cell("Contacts are stored in the repository.")
    assert not subjectless_cell("The svn list and svn cat commands allow interactive browsing.")
    assert not [b for b in harvested(SVN).values() if b.startswith("Contacts repository")]


def test_a_build_switch_is_asked_what_defining_it_enables() -> None:
    """'What is PACKBITS_SUPPORT? => Macintosh PackBits algorithm' was wrong: the switch turns
    the algorithm on; the page sets its switches by '#define'."""
    text = cleaned(TIFF)
    assert "**PACKBITS_SUPPORT**: Macintosh PackBits algorithm (compression 32773)" in text
    assert build_switch("PACKBITS_SUPPORT") and not build_switch("TCP_KEEPCNT")
    assert switch_question("PACKBITS_SUPPORT", "Macintosh PackBits algorithm", text) == (
        "What does defining PACKBITS_SUPPORT enable support for?",
        "Macintosh PackBits algorithm",
    )
    assert switch_question(
        "COLORIMETRY_SUPPORT", "support for the TIFF 6.0 colorimetry tags", text
    ) == (
        "What does defining COLORIMETRY_SUPPORT enable?",
        "Support for the TIFF 6.0 colorimetry tags",
    )
    # a page that never says how its switches are set: no question is sure
    assert switch_question("PACKBITS_SUPPORT", "Macintosh PackBits algorithm", "") is None
    cards = harvested(TIFF)
    assert "What is PACKBITS_SUPPORT?" not in cards and "What is JPEG_SUPPORT?" not in cards
    assert "What does COLORIMETRY_SUPPORT do?" not in cards
    assert cards["What does defining NEXT_SUPPORT enable support for?"].startswith(
        "2-bit encoding scheme used by NeXT"
    )


def test_a_gerund_subject_is_lower_case_inside_a_question() -> None:
    """'What does Enabling JPEG support automatically enable?': an action, not a label."""
    assert "Enabling JPEG support automatically enables support" in cleaned(TIFF)
    assert _lower_first("Enabling JPEG support") == "enabling JPEG support"
    assert _lower_first("Reading Railroad") == "Reading Railroad"
    assert _lower_first("King TCP") == "King TCP"
    cards = harvested(TIFF)
    assert "What does enabling JPEG support automatically enable?" in cards
