"""Round 19's strict read (issue 18): a source-file map asked as a glossary
(ncurses_hackers_guide.html, tuning now). Each test quotes the real line of the text the
refused card came from, checks the rule on it, and checks the whole text's cards; and a shape
of the same kind that stays."""

from __future__ import annotations

from studyapp.generation.file_notes import file_name, file_question
from tests.corpus_gate import cleaned, harvested

NCURSES = "ncurses_hackers_guide.html"


def test_a_file_name_is_known_by_its_extension() -> None:
    assert file_name("lib_raw.c") and file_name("tiffio.h") and file_name("setup.cfg")
    assert file_name("src/main.rs") and file_name("README.md")
    assert not file_name("TCP_CORK") and not file_name("dns.lookup()")
    assert not file_name("socket.timeout") and not file_name("e.g.")


def test_a_file_holding_calls_is_asked_what_it_contains() -> None:
    """'What is lib_tstp.c? => Signal-manipulation calls': a file is not calls."""
    text = cleaned(NCURSES)
    assert "**lib_tstp.c**: signal-manipulation calls" in text
    assert "**lib_kernel.c**: various tty-manipulation and system calls" in text
    assert file_question("lib_tstp.c", "signal-manipulation calls") == (
        "What does lib_tstp.c contain?",
        "Signal-manipulation calls",
    )
    assert file_question("lib_raw.c", "Various tty-manipulation calls") == (
        "What does lib_raw.c contain?",
        "Various tty-manipulation calls",
    )
    cards = harvested(NCURSES)
    assert not [f for f in cards if f.startswith("What is lib_") and f.endswith(".c?")]
    assert cards["What does lib_tstp.c contain?"] == "Signal-manipulation calls"
    assert cards["What does lib_kernel.c contain?"] == "Various tty-manipulation and system calls"


def test_what_the_code_assumes_is_not_what_the_file_does() -> None:
    """'What does lib_mvcur.c do? => Assumes cursor moves have variable cost': garbled."""
    text = cleaned(NCURSES)
    assert "**lib_mvcur.c**: assumes cursor moves have variable cost" in text
    assert file_question("lib_mvcur.c", "assumes cursor moves have variable cost") is None
    assert file_question("lib_acs.c", "Assumes acs_map as a double indirection") is None
    assert file_question("lib_x.c", "is obsolete") is None
    # a verb that is a file's job stays "What does X do?"
    assert file_question("tic.c", "handles use-capability resolution") == (
        "What does tic.c do?",
        "Handles use-capability resolution",
    )
    cards = harvested(NCURSES)
    assert not [b for b in cards.values() if b.startswith("Assumes")]


def test_a_note_naming_calls_or_an_activity_says_nothing_the_file_holds() -> None:
    """'lib_getch.c: read()' and 'lib_doupdate.c: input checking' (under 'The following
    modules use UNIX-specific calls'): the calls the file makes, not what it is or holds."""
    text = cleaned(NCURSES)
    assert "**lib_getch.c**: read()" in text and "**lib_doupdate.c**: input checking" in text
    assert file_question("lib_getch.c", "read()") is None
    assert file_question("lib_twait.c", "gettimeofday(), select().") is None
    assert file_question("lib_doupdate.c", "input checking") is None
    # "string" is no gerund
    assert file_question("str.c", "routines for string") is not None
    cards = harvested(NCURSES)
    assert "What does lib_getch.c do?" not in cards and "What is lib_twait.c?" not in cards


def test_a_file_used_to_do_a_job_keeps_its_card() -> None:
    """Kept by the reader: 'What is lib_trace.c used for? => To write trace data to the
    logfile'."""
    assert "**lib_trace.c**: used to write trace data to the logfile" in cleaned(NCURSES)
    assert file_question("lib_trace.c", "used to write trace data to the logfile") == (
        "What is lib_trace.c used for?",
        "To write trace data to the logfile",
    )
    cards = harvested(NCURSES)
    assert cards["What is lib_trace.c used for?"] == "To write trace data to the logfile"
