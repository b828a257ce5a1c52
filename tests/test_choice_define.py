"""Choice sets for definition cards from the definitions of the subject's siblings (issue 18)."""

from __future__ import annotations

from pathlib import Path

from studyapp.generation.choice_define import shaped, sibling_definitions, siblings
from studyapp.generation.choice_fit import giveaway, pick_choices
from studyapp.services.generation import clean_material
from studyapp.services.material import read_file

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
DEVIANCE = clean_material(read_file(CORPUS / "deviance_and_control.html"))  # a tuning text
TCP = clean_material(read_file(CORPUS / "tcp.7.txt"))  # a tuning text


def test_a_sanctions_card_is_quizzed_on_the_other_sanctions_definitions() -> None:
    # deviance_and_control: "What are formal sanctions?" was refused (its options were other
    # kinds of definition, of other lengths and forms); the text defines three more sanctions.
    front, answer = (
        "What are formal sanctions?",
        "Sanctions that are officially recognized and enforced",
    )
    options = sibling_definitions(front, answer, DEVIANCE)
    assert "Sanctions that occur in face-to-face interactions" in options
    assert "Rewards given for conforming to norms" in options
    assert not any("means of enforcing rules" in o.lower() for o in options)  # the broader term
    chosen, _ = pick_choices(answer, options, front, material=DEVIANCE, harvested=True)
    assert len(chosen) == 3
    assert answer not in chosen


def test_a_sysctl_is_quizzed_on_its_family_and_never_on_a_definition_naming_itself() -> None:
    # tcp.7: what tcp_max_syn_backlog is, beside what tcp_max_orphans, tcp_keepalive_probes …
    front = "What is tcp_max_syn_backlog?"
    answer = (
        "The maximum number of queued connection requests which have still not received an "
        "acknowledgement from the connecting client."
    )
    options = sibling_definitions(front, answer, TCP)
    assert len(options) >= 3 and all(o.startswith("The ") and o.endswith(".") for o in options)
    chosen, _ = pick_choices(answer, options, front, material=TCP, harvested=True)
    assert len(chosen) == 3


MATERIAL = """# Groups

Social groups are two or more people who interact and identify with one another.
Primary groups are small social groups whose members share close, lasting ties.
Secondary groups are large groups whose members share a goal and little else.
Reference groups are groups that an individual compares herself with.
Peer groups are groups that, unlike primary groups, are made of people of one age.
Out-groups are a group that a person does not belong to and may feel hostile toward.
"""


def test_a_broader_term_a_definition_naming_the_subject_and_another_form_are_refused() -> None:
    front, answer = (
        "What are primary groups?",
        "Small social groups whose members share close, lasting ties",
    )
    options = sibling_definitions(front, answer, MATERIAL)
    assert "Large groups whose members share a goal and little else" in options
    assert "Groups that an individual compares herself with" in options
    assert not any("two or more people" in o for o in options)  # social groups: the answer's genus
    assert not any("of one age" in o for o in options)  # names "primary groups"
    assert not any("does not belong" in o for o in options)  # "A group …" among "Groups …"


def test_siblings_share_a_head_or_a_family_and_the_broader_term_is_none() -> None:
    assert siblings("absorption spectrum", "emission spectrum")
    assert siblings("an absorption spectrum", "continuous spectrum")
    assert not siblings("absorption spectrum", "spectrum")
    assert not siblings("absorption spectrum", "absorption line")
    assert siblings("tcp_syn_retries", "tcp_synack_retries")
    assert siblings("EAGAIN", "EINVAL")
    assert not siblings("tcp_syn_retries", "SO_LINGER")


def test_an_option_is_put_in_the_answers_form_or_left_out() -> None:
    answer = "A series of dark lines superimposed on a continuous spectrum"
    assert shaped("a pattern of bright lines on a dark background.", answer) == (
        "A pattern of bright lines on a dark background"
    )
    assert shaped("Light spread out into its colours", answer) == ""  # no article
    long_ = (
        "A spectrum of all colours with no lines in it, which a hot dense solid or gas gives "
        "off, as the filament of a lamp and the interior of a star do"
    )
    assert shaped(long_, answer) == "A spectrum of all colours with no lines in it"
    assert shaped("Enables fast open.", "Enable the BIC algorithm.") == ""  # another verb form


def test_the_answer_repeating_the_name_in_another_form_gives_it_away() -> None:
    others = [
        "The initial value of search_low to be used by MTU probing.",
        "The maximum number of TCP keep-alive probes to send before giving up.",
        "The maximum number of queued connection requests not yet acknowledged.",
    ]
    orphans = "The maximum number of orphaned TCP sockets allowed in the system."
    assert giveaway(orphans, others, "What is tcp_max_orphans?")
    ecn = "Enable RFC 3168 Explicit Congestion Notification."
    verbs = [
        "Control the Appropriate Byte Count, defined in RFC 3465.",
        "Show a list of the congestion-control algorithms that are registered.",
        "Enable the BIC TCP congestion control algorithm.",
    ]
    assert giveaway(ecn, verbs, "What does tcp_ecn do?")
    assert giveaway(
        "Enable TCP behavior conformant with RFC 1337.", verbs, "What does tcp_rfc1337 do?"
    )
    rcvbuf = "If enabled, TCP performs receive buffer auto-tuning to match the path."
    ifs = [
        "If enabled, the TCP stack prefers lower latency to higher throughput.",
        "If enabled, TCP will not cache metrics on closing connections.",
        "If enabled, time out the congestion window after an idle period.",
    ]
    assert giveaway(rcvbuf, ifs, "What does tcp_moderate_rcvbuf do?")
    assert giveaway(ifs[2], [rcvbuf, *ifs[:2]], "What does tcp_fack do?") is None
    # The same shape with no part of the name in the answer is fair.
    assert (
        giveaway(
            "Try to send full-sized packets during every retry.", verbs, "What does tcp_ecn do?"
        )
        is None
    )


def test_a_slashed_opening_is_another_form() -> None:
    # tcp.7: "Show/set the congestion control algorithm choices …" beside "Enable resetting
    # connections …": the independent scorer reads it as another opening, as a learner would.
    answer = "Enable resetting connections if the listener is too slow."
    assert shaped("Show/set the algorithm choices available to users.", answer) == ""
    assert shaped("Show the algorithms that are registered.", answer) != ""
