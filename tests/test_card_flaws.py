"""Each kind of weak card found by reading the whole offline deck of the corpus
(``tests/fixtures/corpus``) as a learner, quoted verbatim from that deck: the quality gate
rejects it (for Claude's cards too), and where the generator or the cleaning can do better, the
corpus no longer yields it (issue 10, content-quality pass 2)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from studyapp.generation.cleaning.blocks import Vocabulary, repair_split_words
from studyapp.generation.offline_cards import cards_from_text, cloze_card, term_card, units
from studyapp.generation.quality import (
    CardContext,
    card_problem,
    judge_choices,
    option_problem,
    same_card,
)
from studyapp.generation.terms import widen
from studyapp.generation.types import CardDraft
from studyapp.services.generation import clean_material
from studyapp.services.material import read_file

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
TITLES = {
    "tcp.7.txt": "tcp(7) - TCP protocol",
    "epoll.7.txt": "epoll(7) - I/O event notification facility",
    "socket.7.pdf": "socket(7) - Linux socket interface",
    "dns.md": "Node.js 18 API: DNS",
    "classes.html": "The Python Tutorial, 9. Classes (Python 3.11.2)",
}


@cache
def material(name: str) -> str:
    return clean_material(read_file(CORPUS / name))


def problem(front: str, back: str, name: str, kind: str = "") -> str | None:
    kind = kind or ("cloze" if front.startswith("Fill in the blank: ") else "basic")
    ctx = CardContext(goal_title=TITLES[name], material=material(name))
    return card_problem(CardDraft(front, back, kind), ctx)


def cloze(sentence: str) -> str:
    return f"Fill in the blank: {sentence}"


@cache
def deck(name: str, count: int = 200) -> tuple[CardDraft, ...]:
    """The offline generator's cards for a corpus text (made once: generation is deterministic,
    and three tests read the same deck)."""
    return tuple(cards_from_text(material(name), count, goal_title=TITLES[name]))


# -- 1. a blank on part of a term -------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "answer", "name", "term"),
    [
        (
            "Class _____ place yet another namespace in the local scope.",
            "definitions",
            "classes.html",
            "Class definitions",
        ),
        (
            "TCP Vegas adjusts the sending rate by modifying the congestion _____.",
            "window",
            "tcp.7.txt",
            "congestion window",
        ),
        (
            "Linux supports _____ 1323 TCP high performance extensions.",
            "RFC",
            "tcp.7.txt",
            "RFC 1323",
        ),
        (
            "The epoll _____ performs a similar task to poll(2): monitoring multiple file "
            "descriptors to see if I/O is possible on any of them.",
            "API",
            "epoll.7.txt",
            "epoll API",
        ),
        (
            "The set of file _____ that is being monitored via an epoll file descriptor can be "
            "viewed via the entry for the epoll file descriptor in the process's /proc/pid/fdinfo "
            "directory.",
            "descriptors",
            "epoll.7.txt",
            "file descriptors",
        ),
    ],
)
def test_a_blank_on_part_of_a_term_is_rejected(sentence, answer, name, term) -> None:
    assert problem(cloze(sentence), answer, name) == f"a blank on part of a term ({term!r})"


def test_the_generator_blanks_the_whole_term_instead() -> None:
    """The founders' example: "add the file _____ inside the epoll interface" -> descriptor."""
    sentence = (
        "When used as an edge-triggered interface, for performance reasons, it is possible to "
        "add the file descriptor inside the epoll interface (EPOLL_CTL_ADD) once by specifying "
        "(EPOLLIN|EPOLLOUT)."
    )
    start = sentence.index("descriptor")
    wide = widen(sentence, start, start + len("descriptor"), material("epoll.7.txt"))
    assert sentence[wide[0] : wide[1]] == "file descriptor"
    blanked = "Fill in the blank: " + sentence[: wide[0]] + "_____" + sentence[wide[1] :]
    assert "the _____ inside the epoll interface" in blanked
    # ... and the sentence itself still leans on what came before it ("When used as …"):
    assert problem(blanked, "file descriptor", "epoll.7.txt") == (
        "leans on context the card does not carry"
    )
    # so the generator makes no card of it: "it is possible to add …" after a "When" clause
    # states no defining fact (round 5, fact_frames.py).
    assert cloze_card(sentence, "descriptor", material=material("epoll.7.txt")) is None
    made = cloze_card(
        "Class definitions place yet another namespace in the local scope.",
        "definitions",
        material=material("classes.html"),
    )
    assert made is not None and made.back == "Class definitions"


def test_a_name_before_what_it_names_is_a_whole_blank() -> None:
    """ "The BPF program must return …": BPF is the blank, "program" names its class."""
    sentence = (
        "The _____ program must return an index between 0 and N-1 representing the socket which "
        "should receive the packet (where N is the number of sockets in the group)."
    )
    assert problem(cloze(sentence), "BPF", "socket.7.pdf") is None


# -- 2. the question's form and the answer's form ---------------------------------------------
@pytest.mark.parametrize(
    ("front", "back"),
    [
        ("What is tcp_retrans_collapse?", "Try to send full-sized packets during retransmit."),
        (
            "What is SO_DONTROUTE?",
            "Don’t send via a gateway, send only to directly connected hosts.",
        ),
        ("What is TCP_INFO?", "Used to collect information about this socket."),
        (
            "What is the order option of dns.setDefaultResultOrder(order)?",
            "Must be 'ipv4first' or 'verbatim'.",
        ),
        (
            "What is the verbatim option of dns.getDefaultResultOrder()?",
            "For verbatim defaulting to true.",
        ),
    ],
)
def test_an_answer_in_another_form_than_its_question_is_rejected(front, back) -> None:
    assert "does not fit the question" in (problem(front, back, "tcp.7.txt") or "")


def test_the_generator_asks_in_the_form_the_answer_has() -> None:
    fronts = {c.front: c.back for c in deck("tcp.7.txt") + deck("dns.md") + deck("socket.7.pdf")}
    assert "What does tcp_retrans_collapse do?" in fronts
    assert fronts.get("What is TCP_INFO used for?") == "To collect information about the socket."
    # "What does dns.NODATA mean?" reads the name back (see spelled_names); FORMERR is a fact
    assert "What does dns.FORMERR mean?" in fronts or "What does dns.NONAME mean?" in fronts
    assert "What does EAFNOTSUPPORT mean?" in fronts
    assert not any(
        f.startswith("What is") and b.startswith(("Try ", "Used ", "Must "))
        for f, b in fronts.items()
    )


# -- 3. more than one fact ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("front", "back", "why"),
    [
        (
            "What does tcp_adv_win_scale do?",
            "Count buffering overhead as bytes/2^tcp_adv_win_scale, if tcp_adv_win_scale is "
            "greater than 0; or bytes-bytes/2^(-tcp_adv_win_scale), if tcp_adv_win_scale is less "
            "than or equal to zero.",
            "not one fact",
        ),
        (
            "What does TCP guarantee?",
            "That the data arrives in order and retransmits lost packets",
            "not one fact (two statements)",
        ),
        (
            cloze(
                "A maximum of (window/2^_____, mss) bytes in the window are reserved for the "
                "application buffer."
            ),
            "tcp_app_win",
            "a blank in a formula",
        ),
    ],
)
def test_an_answer_with_two_facts_or_a_formula_is_rejected(front, back, why) -> None:
    assert why in (problem(front, back, "tcp.7.txt") or "")


# -- 4. PDF joins and kerning splits ------------------------------------------------------------
@pytest.mark.parametrize(
    ("extracted", "repaired"),
    [
        (
            "(where Nis the number of sockets in the group)",
            "(where N is the number of sockets in the group)",
        ),
        (
            "between the user process and the netw ork protocol stacks",
            "between the user process and the network protocol stacks",
        ),
        (
            "Enable or disable the recei ving of the SCM_SECURITY control message.",
            "Enable or disable the receiving of the SCM_SECURITY control message.",
        ),
        (
            "in the order in which the y are added to the group",
            "in the order in which they are added to the group",
        ),
        (
            "a connection-oriented sock et that has been shut do wn (by the local",
            "a connection-oriented socket that has been shutdown (by the local",
        ),
        ("a pri vileged (CAP_NET_ADMIN) process", "a privileged (CAP_NET_ADMIN) process"),
        ("(In particular , it is lar ge enough", "(In particular, it is large enough"),
        ("returning a value such as IPPR OTO_SCTP.", "returning a value such as IPPROTO_SCTP."),
    ],
)
def test_pdf_cleaning_repairs_splits_the_document_never_writes_whole(extracted, repaired) -> None:
    vocab = Vocabulary.of("socket IPPROTO_SCTP elsewhere")
    assert repair_split_words(extracted, vocab) == repaired


def test_real_words_side_by_side_stay_apart() -> None:
    vocab = Vocabulary.of("nothing here")
    for text in (
        "a way in to the key word",
        "where N is the number",
        "calling pread(2) or pwrite(2)",
    ):
        assert repair_split_words(text, vocab) == text


def test_the_corpus_pdf_has_no_split_words_left() -> None:
    text = material("socket.7.pdf")
    for split in (
        "netw ork",
        "recei ving",
        "Nis ",
        "the yare",
        "remo ved",
        "pri vileged",
        "shutdo wn",
        "SO_A TTACH",
    ):
        assert split not in text
    assert "the network protocol stacks" in text and "N is the number" in text


def test_a_card_with_a_split_word_is_rejected() -> None:
    front, back = (
        "What are the BSD compatible sockets?",
        "The uniform interface between the user process and the netw ork protocol stacks in the kernel",
    )
    assert "a word split in two" in (problem(front, back, "socket.7.pdf") or "")


# -- 5. an answer that restates its question ----------------------------------------------------
@pytest.mark.parametrize(
    ("front", "back"),
    [
        ("What does tcp_syncookies do?", "Enable TCP syncookies."),
        ("What does SO_LINGER do?", "Sets or gets the SO_LINGER option."),
        ("What does SO_DEBUG do?", "Enable socket debugging."),
        (
            "What is the hostname option of dns.resolve(hostname[, rrtype], callback)?",
            "Host name to resolve.",
        ),
    ],
)
def test_an_answer_that_restates_the_question_is_rejected(front, back) -> None:
    assert problem(front, back, "socket.7.pdf") == "the answer only restates the question"


def test_an_answer_that_adds_to_the_name_is_kept() -> None:
    assert (
        problem(
            "What does tcp_westwood do?",
            "Enable TCP Westwood+ congestion control algorithm.",
            "tcp.7.txt",
        )
        is None
    )


# -- 6. a cloze that leans on what came before it -----------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "answer", "name"),
    [
        (
            "If disabled, the congestion window will not be timed out after an _____.",
            "idle period",
            "tcp.7.txt",
        ),
        (
            "Once enabled, the listener socket grants the TCP Fast Open cookie on incoming _____ with TCP Fast Open option.",
            "SYN",
            "tcp.7.txt",
        ),
        (
            "However, to facilitate and encourage deployment with option 1, and to work around "
            "such buggy equipment, the _____ option has been introduced.",
            "tcp_ecn_fallback",
            "tcp.7.txt",
        ),
        (
            "Yes, but it does not make sense to do this, since the receiving process would not have copies of the file descriptors in the _____.",
            "interest list",
            "epoll.7.txt",
        ),
        ("The simplest form of _____ looks like this:", "class definition", "classes.html"),
        (
            "In the _____ example, this will return the string 'hello world'.",
            "MyClass",
            "classes.html",
        ),
        (
            "The _____ is dynamically populated by the kernel as a result of I/O activity on those file descriptors.",
            "ready list",
            "epoll.7.txt",
        ),
        (
            "If that is an issue, consider resolving the host name to an address using _____ and using the address instead of a host name.",
            "dns.resolve()",
            "dns.md",
        ),
        (
            "Anything that can be done with _____ can also be done with class-based iterators as described in the previous section.",
            "generators",
            "classes.html",
        ),
        (
            "For TCP _____ client-side support, see send(2) MSG_FASTOPEN or TCP_FASTOPEN_CONNECT below.",
            "Fast Open",
            "tcp.7.txt",
        ),
    ],
)
def test_a_cloze_that_leans_on_missing_context_is_rejected(sentence, answer, name) -> None:
    assert problem(cloze(sentence), answer, name) is not None


# -- 7. a blank on a verb, an adjective or an adverb --------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "answer", "name"),
    [
        (
            "In addition to automatic method creation and saving program state, when generators terminate, they _____ raise StopIteration.",
            "automatically",
            "classes.html",
        ),
        (
            "For instance, dns.lookup() will almost always _____ a given name the same way as the ping command.",
            "resolve",
            "dns.md",
        ),
        (
            "The namespace containing the built-in names is _____ when the Python interpreter starts up, and is never deleted.",
            "created",
            "classes.html",
        ),
        (
            "On success, the Promise is _____ with an array of IPv4 addresses (e.g. ['74.125.79.104', '74.125.79.105', '74.125.79.106']).",
            "resolved",
            "dns.md",
        ),
        (
            "More congestion-control algorithms may be _____ as modules, but not loaded.",
            "available",
            "tcp.7.txt",
        ),
    ],
)
def test_a_blank_on_a_verb_or_an_adverb_is_rejected(sentence, answer, name) -> None:
    assert (
        problem(cloze(sentence), answer, name)
        == "a blank on a verb, an adjective or an adverb, not a term"
    )


# -- 8.-10. list lines, fragments, questions ------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "answer", "name", "why"),
    [
        (
            "0: increase cwnd once per acknowledgement (no _____)",
            "ABC",
            "tcp.7.txt",
            "list of values",
        ),
        (
            "min: minimum size of the _____ used by each TCP socket.",
            "receive buffer",
            "tcp.7.txt",
            "list of values",
        ),
        (
            "'AAAA': records contains: IPv6 addresses; Result type: {_____}; Shorthand method: dns.resolve6()",
            "string",
            "dns.md",
            "",
        ),
        (
            "•: epoll_create(2) creates a new epoll instance and returns a file _____ referring to that instance.",
            "descriptor",
            "epoll.7.txt",
            "list bullet",
        ),
        (
            "(2): by waiting for an event only after read(2) or write(2) return _____.",
            "EAGAIN",
            "epoll.7.txt",
            "fragment",
        ),
        (
            "will continue to print _____ until the end of time.",
            "hello world",
            "classes.html",
            "fragment",
        ),
        (
            "(In Python, the term method is not unique to class _____: other object types can have methods as well.",
            "instances",
            "classes.html",
            "fragment",
        ),
        (
            "Can two epoll instances wait for the same _____?",
            "file descriptor",
            "epoll.7.txt",
            "question",
        ),
        (
            "RFC 1337 for a description of _____ assassination hazards.",
            "TIME_WAIT",
            "tcp.7.txt",
            "reference list",
        ),
    ],
)
def test_list_lines_fragments_and_questions_make_no_cloze(sentence, answer, name, why) -> None:
    got = problem(cloze(sentence), answer, name)
    assert got is not None and why in got


def test_man_page_bullets_and_see_also_make_no_cards() -> None:
    text = material("epoll.7.txt")
    assert "•" not in text and "- (2):" not in text
    fronts = [c.front for c in deck("tcp.7.txt")]
    assert not any("RFC 1337 for" in f or "RFC 2581 for" in f for f in fronts)


# -- 11. a blank on the goal's own topic -----------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "answer", "name"),
    [
        (
            "Compared with other programming languages, _____’s class mechanism adds classes with a minimum of new syntax and semantics.",
            "Python",
            "classes.html",
        ),
        (
            "Seeking, or calling pread(2) or pwrite(2) with a nonzero position is not supported on _____.",
            "sockets",
            "socket.7.pdf",
        ),
        (
            "On error, err is an Error object, where err.code is one of the _____ error codes.",
            "DNS",
            "dns.md",
        ),
    ],
)
def test_a_blank_on_the_goals_topic_is_rejected(sentence, answer, name) -> None:
    assert problem(cloze(sentence), answer, name) == "a blank on the goal's topic"


# -- 12.-13. answers that point elsewhere -----------------------------------------------------------
def test_an_answer_that_points_at_text_the_card_lacks_is_rejected() -> None:
    assert problem(
        "What does tcp_timestamps do?",
        "Set to one of the following values to enable or disable RFC 1323 TCP timestamps",
        "tcp.7.txt",
    ) in {"dangling reference in the answer", "dangling reference"}
    assert (
        problem(
            "What does tcp_allowed_congestion_control do?",
            "Show/set the congestion control algorithm choices available to unprivileged processes "
            "(see the description of the TCP_CONGESTION socket option).",
            "tcp.7.txt",
        )
        == "a cross-reference in the answer"
    )


def test_the_generator_repairs_pointers_in_answers() -> None:
    backs = {c.front: c.back for c in deck("tcp.7.txt")}
    assert backs.get("What does TCP_WINDOW_CLAMP do?") == (
        "Bound the size of the advertised window to the given value."
    )
    allowed = backs.get("What does tcp_allowed_congestion_control do?", "")
    assert allowed and "(see" not in allowed


# -- 14.-15. vague questions, answers given away ------------------------------------------------------
def test_a_question_about_the_thing_is_rejected() -> None:
    got = problem(
        "What is the key?",
        "The combination of the file descriptor number and the open file description",
        "epoll.7.txt",
    )
    assert got == "not self-contained (the question names nothing specific)"


def test_a_parameter_is_asked_about_with_its_function() -> None:
    text = "## resolver.setLocalAddress([ipv4][, ipv6])\n\n**ipv4**: A string representation of an IPv4 address.\n"
    [unit] = [u for u in units(text) if u.kind == "definition"]
    card = term_card(unit)
    assert card is not None
    assert card.front == "What is the ipv4 option of resolver.setLocalAddress([ipv4][, ipv6])?"


def test_an_answer_given_away_in_another_form_is_rejected() -> None:
    sentence = "Suppose you receive 100 _____ from epoll_wait(2), and in event #47 a condition causes event #13 to be closed."
    assert problem(cloze(sentence), "events", "epoll.7.txt") is not None
    assert problem(
        cloze("When successful, records will be an array of _____."), "resource records", "dns.md"
    ) == ("the answer is in the question")


# -- choice sets ----------------------------------------------------------------------------------
def test_options_in_another_form_are_rejected() -> None:
    """The old set for "What does TCP guarantee?" and for "What does the ttl option … do?"."""
    stem = "What does TCP guarantee?"
    answer = "That the data arrives in order and retransmits lost packets"
    assert (
        option_problem(
            "Limited support for out-of-band data, in the form of (a single byte of) urgent data",
            answer,
            stem,
        )
        == "not in the same form as the answer"
    )
    ttl = "Retrieves the Time-To-Live value (TTL) of each record."
    assert option_problem(
        "DNS server returned an answer with no data.", ttl, "What does the ttl option do?"
    ) == ("not in the same form as the answer")
    assert option_problem(
        "TCP Vegas", "connection", "Fill in the blank: An idle _____ is terminated."
    ) == ("not in the same form as the answer")


def test_an_option_holding_the_answers_term_is_rejected() -> None:
    _kept, rejected = judge_choices(
        "definitions",
        ["expressions", "class definition", "classes"],
        "Fill in the blank: Class _____ place yet another namespace in the local scope.",
    )
    assert ("class definition", "contains the answer") in [(r.text, r.reason) for r in rejected]


def test_the_same_fact_about_two_near_identical_names_is_a_duplicate() -> None:
    assert same_card(
        "What does the verbatim option of dns.lookup(hostname[, options], callback) do?\nWhen true, the callback receives IPv4 and IPv6 addresses in the order the DNS resolver returned them.",
        "What does the verbatim option of dnsPromises.lookup(hostname[, options]) do?\nWhen true, the Promise is resolved with IPv4 and IPv6 addresses in the order the DNS resolver returned them.",
    )
    assert not same_card(
        "What is a scope?\nA textual region of a Python program",
        "What is a namespace?\nA mapping from names to objects",
    )
