"""Round 9's strict read of the tuning texts' clozes: a blank on one word of a noun phrase grows
to the whole phrase ("the _____ buffer size" answered "socket"), and a blank an identifier in
the sentence spells ("SO_LOCK_FILTER" beside "the _____") is given away."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.generation.blanks import leak_problem
from studyapp.generation.noun_phrase import whole_phrase
from studyapp.generation.offline_cards import cards_from_text, cloze_card
from tests.gen_support import marked_corpus


def _grown(sentence: str, word: str) -> str:
    at = sentence.index(word)
    start, end = whole_phrase(sentence, at, at + len(word))
    return sentence[start:end]


@pytest.mark.parametrize(
    ("sentence", "word", "phrase"),
    [
        # tcp(7): the sentence is about the buffer size, not what kind of buffer.
        (
            "On individual connections, the socket buffer size must be set prior to the "
            "listen(2) or connect(2) calls in order to have it take effect.",
            "socket",
            "socket buffer size",
        ),
        # content_negotiation.html: half a product name.
        (
            "Apache HTTPD supports content negotiation as described in the HTTP/1.1 specification.",
            "HTTPD",
            "Apache HTTPD",
        ),
        # oxygen_requirements.html: both sides of the blank belong to the subject.
        (
            "Obligate anaerobic bacteria must be grown under conditions devoid of oxygen.",
            "anaerobic",
            "Obligate anaerobic bacteria",
        ),
        # spectroscopy_in_astronomy.html: an irregular plural, then its bare verb.
        (
            "Absorption spectra occur when passing white light through a cool, thin gas.",
            "spectra",
            "Absorption spectra",
        ),
        # lemon_parser.html: the object's modifier and its head.
        (
            "The %destructor directive assigns a destructor to a non-terminal symbol.",
            "non-terminal",
            "non-terminal symbol",
        ),
        # spontaneous_generation.html: a name split by the blank, on either side.
        (
            "Jan Baptista van Helmont, a 17th century Flemish scientist, proposed that mice "
            "could arise from rags and wheat kernels left in an open container for 3 weeks.",
            "van Helmont",
            "Jan Baptista van Helmont",
        ),
        (
            "To settle the debate, the Paris Academy of Sciences offered a prize for "
            "resolution of the problem.",
            "Paris Academy",
            "Paris Academy of Sciences",
        ),
    ],
)
def test_blank_grows_to_the_noun_phrase(sentence: str, word: str, phrase: str) -> None:
    assert _grown(sentence, word) == phrase


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        # A name before its class noun is whole (tcp(7)).
        ("To send urgent data specify the MSG_OOB option to send(2).", "MSG_OOB"),
        # A plural's verb is not part of it (oxygen_requirements.html).
        (
            "Microaerophiles need oxygen to grow, albeit at a lower concentration than 21% "
            "oxygen in air.",
            "Microaerophiles",
        ),
        # An opening adverb is not a modifier (gitworkflows.html).
        ("Always commit your fixes to the oldest supported branch that require them.", "commit"),
        # "a generic way": no term to grow to (socket(7)).
        (
            "The sockaddr_storage structure is useful in programs that must handle socket "
            "addresses in a generic way (e.g., programs that must deal with both IPv4 and IPv6 "
            "socket addresses).",
            "generic",
        ),
        # The verb after a singular subject ends it (lemon_parser.html).
        ("The %destructor directive assigns a destructor to a non-terminal symbol.", "directive"),
    ],
)
def test_blank_stays(sentence: str, word: str) -> None:
    assert _grown(sentence, word) == word


def test_cloze_asks_for_the_whole_phrase() -> None:
    card = cloze_card(
        "On individual connections, the socket buffer size must be set prior to the listen(2) "
        "or connect(2) calls in order to have it take effect.",
        "socket",
    )
    assert card is not None
    assert card.back == "socket buffer size"
    assert "the _____ must be set prior" in card.front


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        # socket(7): the option's name spells the blank.
        (
            "Once the SO_LOCK_FILTER option has been enabled, attempts to change or remove the "
            "filter attached to a socket, or to disable the SO_LOCK_FILTER option will fail "
            "with the error EPERM.",
            "filter",
        ),
        (
            "The timestamp control message is sent with level SOL_SOCKET and a cmsg_type of "
            "SCM_TIMESTAMP.",
            "timestamp control message",
        ),
    ],
)
def test_answer_spelled_by_an_identifier_is_given_away(sentence: str, word: str) -> None:
    at = sentence.index(word)
    assert "identifier" in (leak_problem(sentence, at, at + len(word)) or "")


def test_identifier_answer_beside_its_sibling_is_not_given_away() -> None:
    # socket(7): "SO_SNDTIMEO" shares "SO" with "SO_RCVTIMEO"; it is a name, not a common word.
    sentence = (
        "SO_RCVTIMEO and SO_SNDTIMEO Specify the receiving or sending timeouts until reporting "
        "an error."
    )
    at = sentence.index("SO_SNDTIMEO")
    assert leak_problem(sentence, at, at + len("SO_SNDTIMEO")) is None


def test_a_term_whose_blank_grew_gets_its_next_fact() -> None:
    """tcp(7): "socket" is carded as "socket buffer size" in round one, so round two still
    looks for its next fact ("The socket receive buffer space is shared …")."""
    from studyapp.generation.chunking import chunk_material
    from studyapp.generation.offline_cards import harvest
    from studyapp.handlers.flashcards import card_budget
    from studyapp.services.generation import clean_material
    from studyapp.services.material import read_file

    corpus = Path(__file__).parent / "fixtures" / "corpus"
    material = clean_material(read_file(corpus / "tcp.7.txt"))
    [chunk] = [
        c
        for c in chunk_material(material)
        if "receive buffer space is shared" in material[c.start : c.end]
    ]
    text = material[chunk.start : chunk.end]
    window = material[chunk.window_start : chunk.window_end]
    backs = {c.back for c in harvest(text, card_budget(None, text), material=window).cards}
    assert {"socket buffer size", "socket receive buffer space"} <= backs


def test_a_blank_never_opens_on_an_adjective_of_which_or_how_many():
    """Worst five of the tuning read (go_command.html): "Each directory in a source tree
    corresponds to a _____." → single package. "single" says how many, not what."""
    from studyapp.generation.noun_phrase import without_which_adjective

    sentence = "Each directory in a source tree corresponds to a single package."
    start = sentence.index("single")
    end = start + len("single package")
    assert without_which_adjective(sentence, start, end) == (sentence.index("package"), end)
    # A one-word blank, and a phrase opening on a describing adjective, are left alone.
    assert without_which_adjective(sentence, start, start + 6) == (start, start + 6)
    other = "The socket buffer size must be set first."
    at = other.index("socket")
    assert without_which_adjective(other, at, at + 18) == (at, at + 18)
    material = marked_corpus("go_command.html")[0]
    backs = [c.back for c in cards_from_text(material, 200, material=material)]
    assert "single package" not in backs
