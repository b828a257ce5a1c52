"""Issue 18, choice sets round 2: wrong options of the answer's kind only, and no junk.

A strict read of offline choice sets kept 2 of 10: the wrong options were of another kind than
the answer (a verb phrase, a disease or a place among terms), a fragment ('device awake'), an
error code among epoll flags, ``util.promisify()`` beside ``dns.*``, 'name mangling' for
"current class". Each example is a test; a set with no three options of the answer's kind is
refused (the card is studied as a flashcard), never filled with a misfit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.generation.choice_fit import material_candidates, misfit, pick_choices
from studyapp.generation.choice_kinds import is_material_term, kind
from studyapp.generation.errors import InvalidOutput
from studyapp.generation.validation import validate_distractors
from studyapp.services.generation import clean_material
from studyapp.services.material import read_file

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
EPOLL_MAN = clean_material(read_file(CORPUS / "epoll.7.txt"))  # a tuning text

EPOLL = """The epoll API performs a similar task to poll(2). When used as an edge-triggered
interface, the EPOLLET flag is set. The EPOLLIN flag means the file is ready for reading. The
EPOLLOUT flag means it is ready for writing. The EPOLLONESHOT flag disables the file descriptor
after one event. The EPOLLRDHUP flag reports a peer that shut down. A read returns EAGAIN when
no data is left, and EINTR when a signal interrupted it. If the system is configured for
autosleep, the epoll_wait call may keep the device awake. A device awake again handles the
event. The interest list holds the file descriptors. The ready list holds the file descriptors
that are ready. The file descriptor is added to the interest list."""

PEOPLE = """According to sociologist William Graham Sumner, deviance is a violation of norms.
Sumner argued that folkways are norms for routine matters. Emile Durkheim believed that
deviance is a normal part of society; Durkheim called it functional. Robert Merton described
strain theory, and Merton named five ways of adapting to strain. Travis Hirschi wrote of social
bonds; Hirschi saw four of them. The Supreme Court ruled in the case. In the United States,
laws differ from state to state."""


def test_an_error_code_is_no_option_among_epoll_flags() -> None:
    stem = "Fill in the blank: The _____ flag requests edge-triggered notification."
    assert misfit("EAGAIN", "EPOLLET", stem) == (
        "another family of names than the answer (E among EPOLL)"
    )
    options, _ = validate_distractors(
        "EPOLLET", ["EAGAIN", "EPOLLIN", "EPOLLOUT", "EINTR", "EPOLLRDHUP"], stem
    )
    assert set(options) == {"EPOLLIN", "EPOLLOUT", "EPOLLRDHUP"}
    with pytest.raises(InvalidOutput, match="another family of names"):
        validate_distractors("EPOLLET", ["EAGAIN", "EPOLLIN", "EPOLLOUT", "EINTR"], stem)
    # Error codes among error codes are fair.
    assert misfit("EINTR", "EAGAIN", "Fill in the blank: read(2) returns _____ when empty.") is None


def test_a_function_of_another_module_is_no_option() -> None:
    stem = "Fill in the blank: _____ uses the operating system's resolver."
    assert misfit("util.promisify()", "dns.lookup()", stem).startswith(
        "another family of names than the answer (util. among dns.)"
    )
    with pytest.raises(InvalidOutput, match=r"util\. among dns\."):
        validate_distractors(
            "dns.lookup()", ["util.promisify()", "dns.resolve()", "dns.reverse()"], stem
        )


def test_a_process_is_no_option_for_a_thing() -> None:
    stem = "Fill in the blank: Methods are looked up in the _____ first."
    assert kind("name mangling") == "term:process"
    assert misfit("name mangling", "current class", stem).startswith("another kind")
    assert misfit("base class", "current class", stem) is None
    assert misfit("string", "current class", stem) is None


@pytest.mark.parametrize(
    ("answer", "option", "said"),
    [
        ("peer group", "socialize children", "a verb phrase among terms"),
        ("peer group", "being arrested", "a verb phrase among terms"),
        ("religion", "eighteen", "a number among terms"),
        ("thermophile", "tuberculosis", "a disease among organisms"),
        ("thermophiles", "hot springs", "a place among organisms"),
        ("psychrophile", "botulism", "a disease among organisms"),
        ("osmosis", "cholera", "a disease among terms"),
        ("Francesco Redi", "physician Ibn Sina", "a name with a word before it among names"),
    ],
)
def test_an_option_of_another_kind_is_rejected(answer: str, option: str, said: str) -> None:
    why = misfit(option, answer, "Fill in the blank: it was the _____ then.")
    assert why is not None and said in why


def test_a_place_or_an_institution_is_no_option_for_a_person() -> None:
    stem = "Fill in the blank: According to sociologist _____, deviance violates norms."
    answer = "William Graham Sumner"
    assert kind(answer, PEOPLE) == "name:person"
    for other in ("Supreme Court", "United States"):
        assert "among persons" in misfit(other, answer, stem, PEOPLE)
    for person in ("Emile Durkheim", "Robert Merton", "Travis Hirschi"):
        assert misfit(person, answer, stem, PEOPLE) is None
    options, rejected = pick_choices(
        answer,
        ["Supreme Court", "Emile Durkheim", "United States", "Robert Merton", "Travis Hirschi"],
        stem,
        material=PEOPLE,
    )
    assert set(options) == {"Emile Durkheim", "Robert Merton", "Travis Hirschi"}
    assert {r.text for r in rejected} >= {"Supreme Court", "United States"}


def test_a_fragment_the_material_glued_together_is_no_candidate() -> None:
    assert not is_material_term("device awake", EPOLL)
    assert not is_material_term("edge-triggered epollet", EPOLL)
    assert is_material_term("interest list", EPOLL)
    assert is_material_term("file descriptor", EPOLL)
    assert not is_material_term(
        "python", "Classes in Python are simple. In python, and in Python, all is an object."
    )
    found = material_candidates(EPOLL_MAN)
    assert "device awake" not in found  # offered on main
    assert {"interest list", "ready list", "file descriptor"} <= set(found)


def test_a_verb_phrase_the_material_does_not_use_as_a_noun_is_no_term() -> None:
    text = "Always allow space for the header. You must allow space before writing the body."
    assert kind("allow space", text) == "verb phrase"
    assert not is_material_term("allow space", text)


def test_an_entry_of_another_list_is_no_option() -> None:
    """dns.md: an option's description ('Query timeout …') among the error codes' texts."""
    dns = clean_material(read_file(CORPUS / "dns.md"))
    # (dns.FORMERR, not dns.NODATA: "no data" in NODATA's answer spells its name, a giveaway)
    stem = "What does dns.FORMERR mean?"
    answer = "DNS server claims query was misformatted."
    timeout = "Query timeout in milliseconds, or -1 to use the default timeout."
    assert misfit(timeout, answer, stem, dns).startswith("an entry of another list")
    assert misfit("Domain name not found.", answer, stem, dns) is None
    fair = [
        "DNS server returned an answer with no data.",
        "Given host name is not numeric.",
        "c-ares library initialization not yet performed.",
    ]
    options, _ = pick_choices(answer, [timeout, *fair], stem, material=dns)
    assert options == fair


def test_a_function_or_a_person_is_no_option_among_things() -> None:
    socket = clean_material(read_file(CORPUS / "socket.7.pdf"))
    stem = "Fill in the blank: A _____ which has had connect(2) called on it may send data."
    assert misfit("setsockopt", "socket", stem, socket).startswith("another kind")
    assert misfit("kernel", "socket", stem, socket) is None
    assert "group of people among terms" in misfit("medical students", "organelles", "")


def test_a_compound_adjective_is_no_option_for_a_noun() -> None:
    stem = "Fill in the blank: Like in C++, most _____ operators can be redefined."
    assert misfit("built-in", "module", stem) == (
        "another kind than the answer (an adjective among terms)"
    )
    assert misfit("edge-triggered", "level-triggered", stem) is None
    assert "a number of seconds among terms" in misfit("30 seconds", "organelles", stem)


def test_a_person_the_material_does_not_mark_is_still_a_fair_option() -> None:
    """Claude's options are not in the material: a person's name is a name still."""
    stem = "Fill in the blank: According to sociologist _____, deviance violates norms."
    assert misfit("Howard Becker", "William Graham Sumner", stem, PEOPLE) is None
    assert misfit("Chicago School", "William Graham Sumner", stem, PEOPLE) is not None


def test_many_options_of_another_kind_do_not_crowd_out_the_answers_kind() -> None:
    """The gate reads the first few dozen candidates only: error codes ranked first must not
    hide the three epoll flags further down."""
    errno = [f"E{chr(65 + i // 26)}{chr(65 + i % 26)}ERR" for i in range(60)]
    flags = ["EPOLLIN", "EPOLLOUT", "EPOLLRDHUP"]
    options, _ = pick_choices(
        "EPOLLET", [*errno, *flags], "Fill in the blank: The _____ flag asks for edges."
    )
    assert set(options) == set(flags)


def test_a_blank_opening_the_sentence_has_every_option_capitalised() -> None:
    """A lower-case option among capitalised ones (the answer opens the sentence) is the one
    the learner can rule out by its first letter."""
    stem = "Fill in the blank: _____ are rewards given for conforming to norms."
    options, _ = pick_choices(
        "Positive sanctions", ["Formal sanctions", "Informal sanctions", "negative sanctions"], stem
    )
    assert options == ["Formal sanctions", "Informal sanctions", "Negative sanctions"]


def test_a_name_the_material_never_gives_a_person_is_no_option_for_one() -> None:
    """'Clinical Focus' (a box's heading) beside the people of a history of science."""
    text = PEOPLE + " Clinical Focus: a case study of a patient."
    stem = "Fill in the blank: According to sociologist _____, deviance violates norms."
    assert misfit("Clinical Focus", "William Graham Sumner", stem, text) is not None


def test_a_function_the_material_writes_as_a_call_is_no_option_for_a_thing() -> None:
    tcp = clean_material(read_file(CORPUS / "tcp.7.txt"))
    stem = "Fill in the blank: A _____ which has had connect(2) called on it may send data."
    assert kind("setsockopt", tcp) == "code:call"
    assert misfit("setsockopt", "socket", stem, tcp).startswith("another kind")


def test_another_cards_fragment_answer_is_no_option() -> None:
    """'device awake' came back as another card's answer: the material has it, not as a term."""
    stem = "Fill in the blank: So, in step 5 the _____ might end up waiting for data."
    assert misfit("device awake", "caller", stem, EPOLL_MAN, harvested=True).startswith(
        "not a term"
    )
    assert misfit("application", "caller", stem, EPOLL_MAN, harvested=True) is None


def test_a_title_before_a_name_is_not_capitalised_into_a_name() -> None:
    stem = "Fill in the blank: _____, a colleague of Virchow, had published it first."
    text = "Robert Remak worked with Virchow. Remak saw it. Robert Hooke named the cell; Hooke drew it."
    text += " Matthias Schleiden studied plants; Schleiden said so. The physician Ibn Sina wrote."
    options, _ = pick_choices(
        "Robert Remak",
        ["physician Ibn Sina", "Robert Hooke", "Matthias Schleiden", "Theodor Schwann"],
        stem,
        material=text,
    )
    assert "physician Ibn Sina" not in options and "Physician Ibn Sina" not in options


def test_a_word_that_only_modifies_or_an_activity_is_no_option_for_a_thing() -> None:
    text = (
        "Obligate anaerobes die in oxygen. Obligate aerobes need it. Facultative anaerobes "
        "switch. Some obligate parasites live in cells. Catalase breaks down peroxide. The "
        "catalase test is quick. Thioglycolate medium is a reducing medium. An obligate "
        "anaerobe dies. Obligate aerobes breathe. Obligate anaerobes ferment. Obligate aerobes "
        "grow on top. Obligate (strict) anaerobes live in the gut. Obligate anaerobes hide. "
        "Obligate aerobes rise."
    )
    assert not is_material_term("obligate", text)
    assert misfit(
        "obligate", "catalase", "Fill in the blank: the test for _____.", text, harvested=True
    )
    assert kind("driving") == "term:process"
    assert misfit("driving", "marijuana", "Fill in the blank: laws prohibiting _____ use.")


def test_claudes_options_for_a_question_are_judged_as_options_not_as_fragments() -> None:
    """A question card's answer starts with a capital as any sentence does ("Slow start" is no
    person), and Claude's options are written as options: the material having "Fast
    retransmit" is no reason to call it a fragment of its sentences (both turned a good set
    down, and the job failed after three attempts)."""
    material = (
        "Slow start is the phase in which the congestion window grows by one segment for every "
        "acknowledgement. Fast retransmit refers to resending a segment as soon as three "
        "duplicate acknowledgements arrive. Fast recovery is the step that follows fast "
        "retransmit. Congestion avoidance is the phase in which the window grows slowly."
    )
    question = "Which phase doubles the congestion window every round-trip time?"
    for option in ("Fast retransmit", "Fast recovery", "Congestion avoidance"):
        assert misfit(option, "Slow start", question, material) is None, option
