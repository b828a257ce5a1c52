"""Issue 18: a sentence that states a fact about the noun phrase it opens on nominates that
phrase for its cloze, when the material uses the phrase as a term (more than once).

In narrative prose the salient-term list fills with names, so "Negative sanctions are
punishments for violating norms." (deviance_and_control.html, tuning) made no card: its
subject was not among the salient terms. The sentences quoted are from tuning texts unless
marked "written".
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from studyapp.generation.chunking import chunk_material
from studyapp.generation.offline_cards import harvest
from studyapp.generation.slot_terms import slot_terms
from studyapp.handlers.flashcards import card_budget

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@cache
def corpus_text(name: str) -> str:
    from studyapp.services.generation import clean_material
    from studyapp.services.material import read_file

    return clean_material(read_file(CORPUS / name))


def backs_of_part(name: str, sentence: str) -> list[tuple[str, str]]:
    """The offline cards (back, front) of the part of ``name`` that holds ``sentence``,
    made as the card job makes them (the part, its window, its card budget)."""
    text = corpus_text(name)
    for chunk in chunk_material(text):
        part = text[chunk.start : chunk.end]
        if sentence in part:
            window = text[chunk.window_start : chunk.window_end]
            made = harvest(part, card_budget(None, part), material=window)
            return [(c.back, c.front) for c in made.cards]
    raise AssertionError(f"not in {name}: {sentence}")


def test_a_recurring_subject_with_a_fact_frame_gets_its_cloze() -> None:
    sentence = "Negative sanctions are punishments for violating norms."
    backs = backs_of_part("deviance_and_control.html", sentence)
    assert (
        "Negative sanctions",
        "Fill in the blank: _____ are punishments for violating norms.",
    ) in backs


def test_a_term_with_one_cloze_gets_a_second_fact_from_its_own_sentence() -> None:
    # "Gettier cases" answers one cloze in this part ("_____ demonstrate that Plato's
    # traditional account … is wrong"); the sentence about it nominates it for a second fact.
    sentence = "Gettier cases show that a belief being true and justified is not sufficient"
    backs = backs_of_part("knowledge.html", sentence)
    assert (
        "Gettier cases",
        "Fill in the blank: _____ show that a belief being true and justified is not sufficient "
        "for that belief to count as knowledge.",
    ) in backs


def test_a_subject_the_material_writes_once_makes_no_cloze() -> None:
    # written: the same shape, but "formal sanctions" is no term of this material
    text = (
        "Formal sanctions are punishments for violating norms. Deviance is a violation of "
        "contextual, cultural, or social norms. Norms differ from one group to the next."
    )
    backs = {c.back for c in harvest(text, 10).cards}
    assert "Formal sanctions" not in backs
    assert slot_terms("Formal sanctions are punishments for violating norms.", text) == []


def test_the_same_subject_recurring_is_nominated() -> None:
    # written: the contrast to the test above, "formal sanctions" now recurs
    text = (
        "Formal sanctions are punishments for violating norms. Formal sanctions are written "
        "down by an institution."
    )
    assert slot_terms("Formal sanctions are punishments for violating norms.", text) == [
        "Formal sanctions"
    ]


def test_names_and_objects_are_not_nominated() -> None:
    material = corpus_text("motives_of_imperialism.html")
    # a name opens the sentence: the salient list ranks names, the slot nominates none
    assert (
        slot_terms(
            "The North African colony of Algeria, which France had taken control of in 1830, "
            "was incorporated as part of France in 1848.",
            material,
        )
        == []
    )
    # only the subject: "ivory", the object of a story's verb, is not nominated
    assert "ivory" not in slot_terms(
        "Middle-class families in Europe and the United States wanted their daughters to play "
        "the piano and drove a market in ivory (from which piano keys were once made).",
        material,
    )


def test_an_identifier_opening_the_sentence_nominates_nothing() -> None:
    # "epoll" cut from "epoll_create(2)" is no subject: its blank would land on the other
    # "epoll" ("creates a new _____ instance"), which the function's name gives away.
    material = corpus_text("epoll.7.txt")
    sentence = (
        "epoll_create(2) creates a new epoll instance and returns a file descriptor "
        "referring to that instance."
    )
    assert slot_terms(sentence, material) == []
    assert slot_terms("Obligate anaerobes cannot grow in the presence of oxygen.", material) == []
    oxygen = corpus_text("oxygen_requirements.html")
    assert slot_terms("Obligate anaerobes cannot grow in the presence of oxygen.", oxygen) == [
        "Obligate anaerobes"
    ]
