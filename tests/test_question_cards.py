"""Issue 18, round 6: what an offline QUESTION card ("What is X? → back") may ask and answer.

Round 6's strict read kept 13 of 21 question cards of spectroscopy_in_astronomy.html,
federalism_tradeoffs.html and lemon_parser.html (now tuning texts). Each rule here has the
real sentence it must turn down (or turn into another card) and a sentence of the same shape
("written" where it is not from the corpus) that must still make a card.
"""

from __future__ import annotations

from studyapp.generation.defining import figurative_problem, person_problem
from studyapp.generation.flaws import cloze_flaw, verb_pair_tail
from studyapp.generation.offline_cards import (
    _one_stop,
    cards_from_text,
    cloze_card,
    definition_card,
    find_definition,
    purpose_card,
    term_card,
    units,
)
from studyapp.generation.quality import card_problem
from studyapp.generation.types import CardDraft


def question(sentence: str) -> tuple[str, str] | None:
    """The question card the offline rules make of one sentence, if the gate keeps it."""
    found = find_definition(sentence)
    card = definition_card(found) if found is not None else purpose_card(sentence)
    if card is None or card_problem(card) is not None:
        return None
    return card.front, card.back


# -- the subject is a whole noun phrase ---------------------------------------------------------
def test_an_inverted_clause_is_no_subject() -> None:
    sentence = (
        "No longer are the nine states with histories of racial discrimination in their voting "
        "processes required to submit plans for changes to the federal government for approval."
    )
    assert question(sentence) is None  # was "What are no longer? → The nine states …"
    assert question("Never is the lock held across a system call.") is None  # written
    # A term that merely starts with the same letters is still a term (written).
    assert question("Nonvolatile memory is a kind of memory that keeps its data without power.")


# -- the back of "What is X?" says what X is ------------------------------------------------------
def test_an_example_of_something_is_asked_as_such() -> None:
    found = find_definition("Rainbows are an excellent illustration of the dispersion of sunlight.")
    assert found is not None
    card = definition_card(found)
    assert (card.front, card.back) == (
        "What are rainbows an illustration of?",
        "The dispersion of sunlight",
    )  # was "What are rainbows? → An excellent illustration of the dispersion of sunlight"
    assert card_problem(card) is None
    # The same shape with another noun and no judgement (written).
    assert question("Prisms are an example of dispersion by refraction.") == (
        "What are prisms an example of?",
        "Dispersion by refraction",
    )
    # A kind that is not an example of anything is still a definition (real).
    assert question(
        "An absorption spectrum is a series or pattern of dark lines superimposed on a "
        "continuous spectrum."
    ) == (
        "What is an absorption spectrum?",
        "A series or pattern of dark lines superimposed on a continuous spectrum",
    )


def test_a_comparison_is_not_what_a_thing_is() -> None:
    assert find_definition("The OR operator is one precedence level higher.") is None
    assert find_definition("The lock is a bit slower.") is None  # written
    # The other side of the comparison named: still a definition (written).
    assert question("A leap year is a year longer than a common year by one day.") == (
        "What is a leap year?",
        "A year longer than a common year by one day",
    )
    # A comparative inside a clause about something else leaves the head a definition (the
    # congestion notes' fixture: "earlier" ends the clause about the dropped packets).
    assert question(
        "Congestion collapse is a state in which the network carries almost no useful traffic "
        "because most packets are retransmissions of packets that were dropped earlier."
    ) == (
        "What is congestion collapse?",
        "A state in which the network carries almost no useful traffic because most packets "
        "are retransmissions of packets that were dropped earlier",
    )


# -- a verb question's back is a whole phrase -----------------------------------------------------
def test_allows_you_to_asks_what_it_lets_you_do() -> None:
    real = (
        "The %name directive allows you to generator two or more different parsers and link "
        "them all into the same executable."
    )
    assert purpose_card(real) is None  # was "What does the %name directive allow? → You to …"
    # The verb the sentence meant (written): the card asks what it lets you do.
    assert question(real.replace("to generator", "to generate")) == (
        "What does the %name directive let you do?",
        "Generate two or more different parsers and link them all into the same executable",
    )
    # A thing allowed, not the reader (real, lemon_parser.html): unchanged.
    assert question("Lemon allows multiple parsers to be running simultaneously.") == (
        "What does lemon allow?",
        "Multiple parsers to be running simultaneously",
    )


def test_a_back_cut_mid_phrase_is_no_card() -> None:
    real = (
        "The %parse_failure directive specifies a block of C code that is executed whenever "
        "the parser fails complete."
    )
    assert verb_pair_tail("A block of C code that is executed whenever the parser fails complete")
    assert question(real) is None
    # Nor a cloze of the same broken sentence.
    assert cloze_flaw(real.replace("%parse_failure", "%_____"), "parse_failure") is not None
    # The sentence beside it in the text, whole (real).
    assert question(
        "The %parse_accept directive specifies a block of C code that is executed whenever "
        "the parser accepts its input string."
    ) == (
        "What does the %parse_accept directive specify?",
        "A block of C code that is executed whenever the parser accepts its input string",
    )
    assert not verb_pair_tail("A block of C code that runs whenever the parser fails")
    assert not verb_pair_tail("Data is buffered until the pending writes complete")


def test_a_vague_amount_is_no_answer() -> None:
    real = (
        "Electromagnetic radiation carries a lot of information about the nature of stars and "
        "other astronomical objects."
    )
    assert purpose_card(real) is None  # was "What does electromagnetic radiation carry?"
    assert question("Electromagnetic radiation carries energy and momentum through space.") == (
        "What does electromagnetic radiation carry?",
        "Energy and momentum through space",
    )  # written


# -- the back does not restate the question's name ------------------------------------------------
def test_a_condition_on_the_options_own_name_is_not_restated() -> None:
    text_ = (
        "**tcp_no_metrics_save** (Boolean; default: disabled; since Linux 2.6.6): By default, "
        "TCP saves various connection metrics in the route cache when the connection closes. "
        "Usually, this increases overall performance, but it may sometimes cause performance "
        "degradation. If tcp_no_metrics_save is enabled, TCP will not cache metrics on closing "
        "connections.\n"
    )
    [unit] = [u for u in units(text_, "/proc interfaces") if u.kind == "definition"]
    card = term_card(unit)
    assert card is not None
    assert (card.front, card.back) == (
        "What does tcp_no_metrics_save do?",
        "If enabled, TCP will not cache metrics on closing connections.",
    )
    # Already without its name (real, tcp.7.txt): unchanged.
    text_ = (
        "**tcp_moderate_rcvbuf** (Boolean; default: enabled; since Linux 2.4.17/2.6.7): If "
        "enabled, TCP performs receive buffer auto-tuning.\n"
    )
    [unit] = [u for u in units(text_, "/proc interfaces") if u.kind == "definition"]
    card = term_card(unit)
    assert card is not None and card.back == "If enabled, TCP performs receive buffer auto-tuning."


# -- a term defined inside an item's description is that item's -----------------------------------
def test_a_definition_inside_an_items_description_names_the_item() -> None:
    text_ = (
        "## /proc interfaces\n\n"
        "**tcp_slow_start_after_idle** (Boolean; default: enabled; since Linux 2.6.18): If "
        "enabled, provide RFC 2861 behavior and time out the congestion window after an idle "
        "period. An idle period is defined as the current RTO (retransmission timeout). If "
        "disabled, the congestion window will not be timed out after an idle period.\n"
    )
    fronts = {c.front: c.back for c in cards_from_text(text_, 10)}
    assert "How is an idle period defined?" not in fronts  # idle period of what?
    assert (
        fronts["For tcp_slow_start_after_idle, how is an idle period defined?"]
        == "The current RTO (retransmission timeout)"
    )
    # A name means the same anywhere: no item in its question (real, tcp.7.txt).
    text_ = (
        "**tcp_westwood** (Boolean; default: disabled; Linux 2.6.13 to 2.6.26): Enable TCP "
        "Westwood+ congestion control algorithm. TCP Westwood+ is a sender-side-only "
        "modification of the TCP Reno protocol stack that optimizes the performance of TCP "
        "congestion control.\n"
    )
    fronts = {c.front: c.back for c in cards_from_text(text_, 10)}
    assert "What is TCP Westwood+?" in fronts


# -- an analogy is not a fact ---------------------------------------------------------------------
def test_a_question_about_an_analogy_is_no_card() -> None:
    text_ = (
        "## What is cognition?\n\n"
        "In order to organize this staggering amount of information, the mind has developed a "
        '"file cabinet" of sorts. The different files stored in the file cabinet are called '
        "concepts. Concepts are categories or groupings of linguistic information, images, "
        "ideas, or memories, such as life experiences.\n"
    )
    fronts = [c.front for c in cards_from_text(text_, 10)]
    assert "What are the different files stored in the file cabinet called?" not in fronts
    # Without the hedge the same naming sentence is a fact (written).
    text_ = (
        "## Storage\n\n"
        "Every office keeps its records in a filing cabinet. The different files stored in the "
        "filing cabinet are called dossiers.\n"
    )
    fronts = [c.front for c in cards_from_text(text_, 10)]
    assert "What are the different files stored in the filing cabinet called?" in fronts
    assert figurative_problem("the gatekeeper", "The membrane acts like a gatekeeper.")
    assert figurative_problem("the membrane", "The membrane acts like a gatekeeper.") is None


# -- more subjects that are no noun phrase, and backs that are no definition ---------------------
def test_a_gerund_clause_is_no_subject() -> None:
    # deviance_and_control.html: an example of a sanction, read as a definition.
    assert find_definition("Being arrested is a punishment for shoplifting.") is None
    assert question(
        "Binge drinking is a pattern of drinking that brings blood alcohol to 0.08 percent."
    ) == (
        "What is binge drinking?",
        "A pattern of drinking that brings blood alcohol to 0.08 percent",
    )  # written: a noun that ends in -ing is still a subject


def test_a_person_of_the_texts_story_is_no_question() -> None:
    story = (
        "Charles is a retired bus driver who developed type 2 diabetes over 10 years ago. "
        "Because the sore did not bother him much, Charles figured it could not be serious."
    )  # oxygen_requirements.html
    fronts = [c.front for c in cards_from_text("## Case\n\n" + story + "\n", 10)]
    assert not any("charles" in f.lower() for f in fronts)  # was "What is charles? → A retired …"
    # Written: a common noun that names people, capitalised only where a sentence starts.
    notes = "Sociologists are scientists who study society. Many sociologists teach."
    assert person_problem("Sociologists", "scientists who study society", notes) is None
    assert person_problem("Charles", "a retired bus driver who developed …", story)


def test_the_same_as_another_item_is_asked_as_such() -> None:
    [unit] = units(
        "## Valid fcntl(2) operations\n\n**FIOGETOWN**: The same as the SIOCGPGRP ioctl(2).\n"
    )
    card = term_card(unit)
    assert card is not None
    assert (card.front, card.back) == (
        "What is FIOGETOWN the same as?",
        "The SIOCGPGRP ioctl(2)",
    )  # was "What is FIOGETOWN? → The same as the SIOCGPGRP ioctl(2)."
    assert card_problem(card) is None
    [unit] = units(
        "## Ioctls\n\n**FIOASYNC**: Change the O_ASYNC flag to enable asynchronous I/O.\n"
    )
    card = term_card(unit)
    assert card is not None and card.front == "What does FIOASYNC do?"


def test_the_type_of_an_options_argument_is_not_what_it_does() -> None:
    text_ = (
        "**TCP_USER_TIMEOUT** (since Linux 2.6.37): This option takes an unsigned int as an "
        "argument. When the value is greater than 0, it specifies the maximum amount of time "
        "in milliseconds that transmitted data may remain unacknowledged.\n"
    )
    [unit] = [u for u in units(text_, "Socket options") if u.kind == "definition"]
    card = term_card(unit)
    assert card is None or "unsigned int" not in card.back  # was "Takes an unsigned int as …"
    text_ = (
        "**TCP_NODELAY**: If set, disable the Nagle algorithm. This option takes an int as an "
        "argument.\n"
    )  # written: the fact first, the argument after
    [unit] = [u for u in units(text_, "Socket options") if u.kind == "definition"]
    card = term_card(unit)
    assert card is not None and card.back == "If set, disable the Nagle algorithm."


def test_a_bracket_that_names_an_act_does_not_define_the_object() -> None:
    from studyapp.generation.appositions import apposed

    real = (
        "The typical use case is for a privileged process to setup a raw socket (an operation "
        "that requires the CAP_NET_RAW capability), apply a restrictive filter, set the "
        "SO_LOCK_FILTER option, and then either drop its privileges."
    )  # socket.7.pdf: was "What is a raw socket? → An operation that requires …"
    assert apposed(real) == []
    # The same bracket on a thing, not after a verb (written).
    [found] = apposed(
        "Only root can use a raw socket (an endpoint that receives packets without any "
        "transport-layer processing) on most systems."
    )
    assert found.term == "raw socket"


def test_an_intransitive_verb_has_no_object_to_ask_for() -> None:
    real = (
        "Bacterial density increases in the area where oxygen concentration is best suited for "
        "the growth of that particular organism."
    )  # oxygen_requirements.html: was "What does bacterial density increase? → In the area …"
    assert purpose_card(real) is None
    assert question("Bacterial growth increases the turbidity of the broth.") == (
        "What does bacterial growth increase?",
        "The turbidity of the broth",
    )  # written: the same verb with an object


def test_a_superlative_without_its_noun_is_not_what_a_thing_is() -> None:
    real = "The growth rates are the highest at the optimum growth temperature for the organism."
    assert (
        find_definition(real) is None
    )  # temperature_and_growth.html: "What are the growth rates?"
    assert question("The Pacific is the largest ocean on Earth.") == (
        "What is the Pacific?",
        "The largest ocean on Earth",
    )  # written: the superlative with its noun


def test_a_state_is_not_a_thing() -> None:
    # types_of_groups.html's glossary: "instrumental function: being oriented toward a task …"
    card = CardDraft(
        "What is an instrumental function?", "Being oriented toward a task or goal", "basic"
    )
    assert card_problem(card) is not None
    card = CardDraft(
        "What is an expressive function?", "A group function that serves an emotional need", "basic"
    )
    assert card_problem(card) is None


def test_a_name_the_material_writes_with_a_capital_keeps_it() -> None:
    notes = (
        "## Introduction\n\n"
        "Lemon is an LALR(1) parser generator for C or C++. The parser that Lemon generates is "
        "reentrant, and grammars written for Lemon use a different syntax.\n"
    )  # lemon_parser.html's sentences: was "What is lemon?"
    fronts = [c.front for c in cards_from_text(notes, 10)]
    assert "What is Lemon?" in fronts
    notes = (
        "## Transport\n\n"
        "Osmosis is the diffusion of water across a semipermeable membrane. Cells gain or lose "
        "water by osmosis, and osmosis stops at equilibrium.\n"
    )  # written: a common noun capitalised only where a sentence starts
    fronts = [c.front for c in cards_from_text(notes, 10)]
    assert "What is osmosis?" in fronts


# -- sweep7: the tuning texts' remaining weak question cards -------------------------------------
def test_a_generic_noun_and_a_literal_is_no_subject() -> None:
    # dns.md: "What does the value 0 indicate?" (0 of what? only the section says)
    assert question("The value 0 indicates that IPv4 and IPv6 addresses are both returned.") is None
    assert question("The EPOLLET flag indicates that the file descriptor is edge-triggered.") == (
        "What does the EPOLLET flag indicate?",
        "That the file descriptor is edge-triggered",
    )


def test_the_verb_again_after_and_is_a_second_fact() -> None:
    # race_detector.html: "What does the race detector require? → Cgo to be enabled, and on
    # non-Darwin systems requires an installed C compiler"
    assert (
        question(
            "The race detector requires cgo to be enabled, and on non-Darwin systems requires an "
            "installed C compiler."
        )
        is None
    )
    assert question("The race detector requires cgo to be enabled and a C compiler.") == (
        "What does the race detector require?",
        "Cgo to be enabled and a C compiler",
    )


def test_an_answer_that_spells_out_the_clipped_name_restates_it() -> None:
    # lemon_parser.html: "What is the nonassoc precedence used for? → Non-associative operators"
    assert question("The nonassoc precedence is used for non-associative operators.") is None
    assert (
        card_problem(
            CardDraft(
                "What is the nonassoc precedence used for?", "Operators that cannot chain", "basic"
            )
        )
        is None
    )


def test_what_a_term_makes_possible_is_not_what_it_is() -> None:
    # spectroscopy_in_astronomy.html: "What are reflection and refraction of light? → The basic
    # properties that make possible all optical instruments …"
    assert (
        question(
            "Reflection and refraction of light are the basic properties that make possible all "
            "optical instruments (devices that help us to see things better)."
        )
        is None
    )
    assert question(
        "Enzymes are the proteins that make possible most chemical reactions in living cells."
    ) == (
        "What are enzymes?",
        "The proteins that make possible most chemical reactions in living cells",
    )


def test_causes_an_object_to_act_asks_what_it_makes_the_object_do() -> None:
    # Real (endocrine_overview.html, tuning): the back was "The smooth muscle cells of the
    # bronchi to constrict", no phrase a learner could say.
    card = purpose_card(
        "Histamine causes the smooth muscle cells of the bronchi to constrict, narrowing the "
        "airways."
    )
    assert card is not None
    assert card.front == "What does histamine cause the smooth muscle cells of the bronchi to do?"
    assert card.back == "Constrict, narrowing the airways"
    # "in order to" is a purpose: the object is the whole phrase before it (real, tcp.7).
    card = purpose_card(
        "Window scaling allows the use of large (> 64 kB) TCP windows in order to support "
        "links with high latency or bandwidth."
    )
    assert card is not None and card.front == "What does window scaling allow?"
    # A noun after "to" is no verb: no "what it makes them do" (written).
    assert purpose_card("Heat causes the molecules to generator faster.") is None
    assert purpose_card("Heat causes the molecules to move faster.") == CardDraft(
        "What does heat cause the molecules to do?",
        "Move faster",
        "basic",
        "Heat causes the molecules to move faster.",
        "",
    )


def test_a_doubled_full_stop_ends_a_cloze_once() -> None:
    # Real (oxygen_requirements.html, tuning): the source's typo "microorganisms.." reached the card.
    sentence = (
        "Within the bodies of humans and other animals, regions with little or no oxygen "
        "provide an anaerobic environment for microorganisms.."
    )
    card = cloze_card(sentence, "anaerobic environment")
    assert card is not None and card.front.endswith("for microorganisms.")
    assert _one_stop("It waits for more...") == "It waits for more..."
