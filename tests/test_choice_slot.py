"""The blank's grammar judges options: number by the verb after it, a verb slot wants verbs,
and an answer that repeats the asked-about name is a giveaway (issue 18, round 5 read)."""

from __future__ import annotations

from studyapp.generation.choice_fit import giveaway, misfit, pick_choices
from studyapp.generation.choice_slot import slot_number, verb_slot

LINES = (
    "Absorption lines occur when light passes through a cool gas. Emission lines occur in a hot "
    "gas. Spectral bands appear in molecules. Dark bands appear too. A raindrop bends light. "
    "An element absorbs light. Fraunhofer lines are dark."
)
CLOZE = "Fill in the blank: Absorption _____ occur when light passes through a cool gas."


def test_slot_number_reads_the_verb_after_the_blank() -> None:
    assert slot_number(CLOZE) == "plural"
    assert slot_number("Fill in the blank: Organized _____ is a shared set of values.") == (
        "singular"
    )
    # an object before an infinitive tells nothing: "let the passengers leave"
    assert slot_number("Fill in the blank: You let the _____ leave the car.") is None


def test_singular_options_refused_where_the_verb_is_plural() -> None:
    for option in ("raindrop", "element"):
        assert misfit(option, "lines", CLOZE, LINES, harvested=True) is not None
    # a singular answer is no excuse: the verb says plural ("lines" read as one word here)
    assert misfit("raindrop", "line", CLOZE, LINES, harvested=True) is not None


def test_plural_options_kept_where_the_answer_is_an_irregular_plural() -> None:
    stem = "Fill in the blank: _____ also help you fill in gaps in what you perceive."
    material = "Schemata also help you. Concepts are ideas. Prototypes are examples. An elevator."
    assert misfit("Concepts", "Schemata", stem, material) is None
    assert misfit("Elevator", "Schemata", stem, material) is not None


def test_a_verb_slot_takes_verbs_only() -> None:
    stem = "Fill in the blank: Always _____ your fixes to the oldest supported branch."
    material = (
        "Always commit your fixes to the oldest branch. The maintainer merges them. master is a "
        "superset of maint. A bugfix goes to maint. You test the branch, build it and release it."
    )
    assert verb_slot(stem)
    assert misfit("maintainer", "commit", stem, material) is not None
    assert misfit("superset", "commit", stem, material) is not None
    # verbs in a verb slot still make a set
    material = material.replace("Always commit", "Always merge")
    options, _ = pick_choices(
        "merge", ["maintainer", "superset", "test", "build", "release"], stem, material=material
    )
    assert sorted(options) == ["build", "release", "test"]


def test_answer_repeating_the_name_asked_about_is_a_giveaway() -> None:
    others = [
        "Enable sending of keep-alive messages on connection-oriented sockets.",
        "Bind the socket to a particular device like eth0.",
        "Return the credentials of the peer process connected to the socket.",
    ]
    answer = "Set the protocol-defined priority for all packets to be sent on the socket."
    assert giveaway(answer, others, "What does SO_PRIORITY do?") is not None
    # the same set for a name the answer does not repeat is fair
    assert giveaway(answer, others, "What does SO_MARK do?") is None
    # and one where another option repeats it too
    shared = [*others[:2], "Set the priority of urgent data."]
    assert giveaway(answer, shared, "What does SO_PRIORITY do?") is None


def test_a_name_that_drops_the_answers_hyphen_is_repeated_too() -> None:
    # Round 6's tuning read: "What does SO_KEEPALIVE do?" -> "Enable sending of keep-alive
    # messages …" among three options that do not say "keep-alive": matched by the name.
    answer = "Enable sending of keep-alive messages on connection-oriented sockets."
    others = [
        "Set the protocol-defined priority for all packets to be sent on the socket.",
        "Return the credentials of the peer process connected to the socket.",
        "Enable or disable the receiving of the SO_TIMESTAMP control message.",
    ]
    assert giveaway(answer, others, "What does SO_KEEPALIVE do?") is not None
    # A set where another option says "keep-alive" too is fair.
    shared = [*others[:2], "Set the interval between TCP keep-alive probes."]
    assert giveaway(answer, shared, "What does SO_KEEPALIVE do?") is None


def test_an_answer_that_spells_out_the_name_is_a_giveaway() -> None:
    # Round 6's tuning read: "What is tcp_keepalive_probes?" -> "The maximum number of TCP
    # keep-alive probes to send …"; one wrong option says "probe", none says "keep-alive".
    answer = (
        "The maximum number of TCP keep-alive probes to send before giving up and killing the "
        "connection if no response is obtained from the other end."
    )
    others = [
        "The maximum number of times a TCP packet is retransmitted in established state before "
        "giving up.",
        "The maximum number of times initial SYNs for an active TCP connection attempt will be "
        "retransmitted.",
        "The maximum number of attempts made to probe the other end of a connection which has "
        "been closed by our end.",
    ]
    assert giveaway(answer, others, "What is tcp_keepalive_probes?") is not None
    # Fair when another option spells out its own keep-alive setting the same way.
    fair = [*others[:2], "The number of seconds between TCP keep-alive probes."]
    assert giveaway(answer, fair, "What is tcp_keepalive_probes?") is None


def test_an_option_cut_out_of_a_sentence_is_refused() -> None:
    # written after round 5's read: "allows you to generate …" cut after its verb, and a
    # clause cut between two verbs; a well-formed option of the same shape is kept
    answer = "Reports a syntax error and stops reading input."
    stem = "What does the parser do on a syntax error?"
    assert misfit("You to generate two or more parsers in one program.", answer, stem)
    assert misfit("whenever the parser fails complete", answer, stem)
    assert misfit("Shifts the next token onto the parser's stack.", answer, stem) is None
    assert misfit("Waits until its probes start.", answer, stem) is None
