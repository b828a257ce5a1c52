"""Issue 18's strict-reader patterns, each with the issue's own example sentences (cards from a
learner's notes on HTTP caching and on cells: the tuning side) through the one quality gate,
and a sound card of the same shape that the gate keeps."""

from __future__ import annotations

import pytest

from studyapp.generation.quality import CLOZE_PREFIX, CardContext, card_problem
from studyapp.generation.types import CardDraft

CACHING = "Understand HTTP caching"
CELLS = "Understand cells"
# The learner's notes the cards come from (what the gate sees as the material).
NOTES = (
    "The goal is to understand when a browser or a CDN may reuse a stored response. "
    "A shared cache must never store a response that contains one user's personal data. "
    "Every request that can be answered from a nearby cache saves a trip to the origin. "
    "Suppose Maria opens the news site twice in a minute. "
    "Maria's browser reuses the stored copy without asking the server. "
    "Osmosis is the diffusion of water across a membrane. "
    "Aquaporins let water molecules cross the membrane quickly. "
    "Because diffusion is a passive process, it needs no energy from the cell. "
    "The Transmission Control Protocol, or TCP, carries HTTP. "
)


def cloze(sentence: str, answer: str, goal: str = CACHING) -> str | None:
    card = CardDraft(f"{CLOZE_PREFIX}{sentence}", answer, "cloze")
    return card_problem(card, CardContext(goal_title=goal, material=NOTES))


def question(front: str, back: str, goal: str = CELLS) -> str | None:
    return card_problem(CardDraft(front, back), CardContext(goal_title=goal, material=NOTES))


@pytest.mark.parametrize(
    ("sentence", "answer", "goal"),
    [
        (
            "A shared cache must never store a _____ that contains one user's personal data.",
            "response",
            CACHING,
        ),
        (
            "Every _____ that can be answered from a nearby cache saves a trip to the origin.",
            "request",
            CACHING,
        ),
        ("Aquaporins let water _____ cross the membrane quickly.", "molecules", CELLS),
    ],
)
def test_a_filler_word_blanked_is_dropped(sentence: str, answer: str, goal: str) -> None:
    assert cloze(sentence, answer, goal) == "a blank on a filler or topic word (many words fit)"


def test_a_defined_term_blanked_is_kept() -> None:
    assert cloze("_____ is the diffusion of water across a membrane.", "Osmosis", CELLS) is None
    assert cloze("_____ let water molecules cross the membrane quickly.", "Aquaporins") is None


def test_framing_and_anecdote_are_dropped() -> None:
    assert (
        cloze(
            "The goal is to understand when a browser or a _____ may reuse a stored response.",
            "CDN",
        )
        == "framing, not a fact (what the text is for)"
    )
    assert (
        cloze("_____'s browser reuses the stored copy without asking the server.", "Maria")
        == "an anecdote, not a fact (a name from a worked example)"
    )
    assert (
        cloze(
            "Vary headers are covered in detail, see the companion document on _____.",
            "negotiation",
        )
        == "points at another document"
    )
    assert (
        question(
            "What is the scope of the HTTP caching notes?",
            "The goal is to understand when a browser may reuse a stored response.",
        )
        == "framing, not a fact (what the text is for)"
    )


def test_cards_that_need_the_text_around_them_are_dropped() -> None:
    assert (
        question("What is the basic structure?", "A bilayer of phospholipids with proteins in it")
        == "needs the text around it (the question names nothing specific)"
    )
    assert (
        cloze(
            "Instead, the proxy revalidates the stored copy with an _____ request.", "If-None-Match"
        )
        == "needs the text around it (the sentence starts midway)"
    )
    assert (
        cloze("Note 1: a weak validator compares two versions by their _____ only.", "meaning")
        is not None
    )
    assert (
        cloze("Stale response: a stored response whose _____ lifetime has passed.", "freshness")
        == "needs the text around it (a glossary line, not a sentence)"
    )
    assert (
        question("What is the plasma membrane?", "A bilayer of phospholipids around the cell")
        is None
    )


def test_an_answer_that_leaks_is_dropped() -> None:
    assert (
        cloze("HTTP is carried by the Transmission Control Protocol, or _____.", "TCP")
        == "the answer leaks (an acronym beside its spelled-out words)"
    )
    assert (
        cloze(
            "HTTP is carried by the _____ (TCP) on most connections.",
            "Transmission Control Protocol",
        )
        == "the answer leaks (an acronym beside its spelled-out words)"
    )
    assert cloze("HTTP/1.1 and HTTP/2 run over _____ connections between two hosts.", "TCP") is None


def test_a_blank_with_more_than_one_defensible_answer_is_dropped() -> None:
    assert (
        cloze(
            "Because _____ is a passive process, it needs no energy from the cell.",
            "diffusion",
            CELLS,
        )
        == "more than one defensible answer (a category with no defining clause)"
    )
    assert (
        cloze(
            "Small molecules cross the membrane by passive processes such as _____.",
            "diffusion",
            CELLS,
        )
        == "more than one defensible answer (an example slot)"
    )
    assert (
        cloze(
            "_____ is the diffusion of water across a selectively permeable membrane.",
            "Osmosis",
            CELLS,
        )
        is None
    )


def test_a_truncated_answer_is_dropped() -> None:
    assert (
        question("What is cholesterol?", "A lipid found in the plasma membrane.")
        == "a truncated answer (where it is, not what it is or does)"
    )
    assert (
        question("What is endocytosis?", "The way a cell takes in large particles by")
        == "a truncated answer (cut mid-phrase)"
    )
    assert (
        question("What is cholesterol?", "A lipid in the plasma membrane that keeps it fluid.")
        is None
    )


def test_stories_about_people_lists_and_broken_quotes_are_dropped() -> None:
    """Cards the tuning textbook sections gave (tests/fixtures/corpus, OpenStax 3.1 and 5.2)."""
    assert (
        question("What is barbara?", "A 19-year-old college student living in the dormitory")
        == "an anecdote, not a fact (a person from a worked example)"
    )
    assert (
        cloze(
            "After accepting a full scholarship to _____, he lost his funding after his mother "
            "failed to fill out necessary paperwork.",
            "Reed College",
        )
        == "an anecdote, not a fact (a story about a person)"
    )
    assert (
        cloze("Individuals are socialized differently by gender, _____, and race.", "social class")
        == "more than one defensible answer (one item of a list)"
    )
    assert (
        cloze("\u201cSeparated Twins Shed Light on _____.", "Identity Issues")
        == "needs the text around it (a broken quotation)"
    )
    assert (
        cloze(
            "Any subsequent sealing of the flasks then prevented new life force from entering "
            "and causing _____ ().",
            "spontaneous generation",
        )
        == "leftover markup (empty brackets, what was in them removed)"
    )
    # A call's brackets are not debris.
    assert cloze("The _____ function of the dns module calls getaddrinfo().", "lookup()") != (
        "leftover markup (empty brackets, what was in them removed)"
    )


def test_a_filler_word_opening_the_sentence_and_the_goals_own_words_are_dropped() -> None:
    assert (
        cloze("_____ learn how to share and take turns at school.", "Children", CELLS)
        == "a blank on a filler or topic word (many words fit)"
    )
    assert cloze(
        "A receive buffer is kept for every connection by _____ on both hosts.",
        "TCP sockets",
        "Linux TCP sockets",
    ) in {"a blank on the goal's title", "a blank on the goal's topic"}
    assert (
        cloze(
            "_____ (default 0): makes the program exit after it reports the first data race.",
            "halt_on_error",
        )
        == "trivia"
    )


def test_reference_lists_and_quiz_sections_make_no_cards() -> None:
    from studyapp.generation.offline_cards import units

    text_ = (
        "# Socialization\n\n## Nature versus nurture\n\n"
        "Nurture is the role that our social environment plays in self-development.\n\n"
        "## Section Quiz\n\nWhich of the following is an agent of socialization?\n\n"
        "## References\n\nBrabham, Dennis. 2001. \u201cThe Smart Guy.\u201d Newsday, August 21.\n"
    )
    sections = {u.section for u in units(text_)}
    assert sections == {"Socialization › Nature versus nurture"}


def test_what_round_one_of_the_strict_read_dropped() -> None:
    """Cards of round 1's held-out texts (now tuning) that the strict read dropped."""
    assert (
        question(
            "What does a government policy provide?",
            "Subsidized time off work for families with newborns",
            "Introduction to Sociology",
        )
        == "needs the text around it (the question names nothing specific)"
    )
    assert (
        cloze("To start, run your tests using the _____ (go test -race).", "-race flag")
        == "needs the text around it (the sentence starts midway)"
    )
    assert (
        cloze(
            "By tracing the outbreaks to two water sources, Snow ultimately _____ that cholera "
            "was transmitted via drinking water.",
            "demonstrated",
        )
        == "a blank on a verb, an adjective or an adverb, not a term"
    )
    from studyapp.generation.offline_cards import find_definition

    assert find_definition("And sixty-five years old is the start of \u201cold age\u201d.") is None


def test_biographies_pointers_lists_and_verb_phrases_are_dropped() -> None:
    """More of round 1's texts (now tuning): OpenStax Microbiology 3.2 and Sociology 3e 5.3."""
    assert cloze(
        "In 1852, _____ (1815–1865), a prominent neurologist, published evidence that cells "
        "are derived from other cells.",
        "Robert Remak",
    ) == ("trivia (a biography: someone's life dates)")
    assert cloze("Go back to the previous _____ box.", "Clinical Focus") == (
        "points at another document"
    )
    assert cloze(
        "Koch\u2019s _____ are discussed more thoroughly in How Pathogens Cause Disease.",
        "postulates",
    ) == ("points at another document")
    assert cloze(
        "Children are socialized to abide by _____, perceptions of race, and class-related "
        "behaviors.",
        "gender norms",
    ) == ("more than one defensible answer (one item of a list)")
    assert cloze(
        "Schools also _____ by teaching them about citizenship and national pride.",
        "socialize children",
    ) == ("a blank on a verb, an adjective or an adverb, not a term")
