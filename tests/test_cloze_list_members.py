"""Clozes a strict reader dropped among the cards of round 7's texts (tuning now:
``pastoralism.html``, ``electric_charge.html``, ``destruction_of_the_tea.html``,
``ant_using.html``): a blank that needs a list the card does not show, a demonstrative that
points at the sentence before, a blank on the text's own topic word, and a subject blank that
any member of a listed kind fills. Each test quotes the card from ``pastoralism.html`` and puts
it through the real gate or the offline blank rules with the material it came from; and a
sentence of the same shape that stays.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.generation import context_bound as cb
from studyapp.generation.blanks import blank_problem, topic_words
from studyapp.generation.flaws import _dangling_demonstrative
from studyapp.generation.quality import CLOZE_PREFIX, CardContext, card_problem
from studyapp.generation.strict_reader import cloze_strict, defined_in, unpinned_member
from studyapp.generation.types import CardDraft

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
PASTORALISM = "Introduction to Anthropology 7.4: Pastoralism"


def _material(name: str) -> str:
    from studyapp.services.generation import clean_material
    from studyapp.services.material import read_file

    return clean_material(read_file(CORPUS / name))


@pytest.fixture(scope="module")
def herding() -> str:
    return _material("pastoralism.html")


def gate(sentence: str, answer: str, material: str) -> str | None:
    card = CardDraft(f"{CLOZE_PREFIX}{sentence}", answer, "cloze")
    return card_problem(card, CardContext(goal_title=PASTORALISM, material=material))


# -- an ordinal of the text's own list ----------------------------------------------------------
def test_an_ordinal_of_the_texts_list_is_dropped(herding: str) -> None:
    sentence = (
        "The fourth feature of _____ societies is a vast store of knowledge about animals and "
        "the environment."
    )
    assert "of a list the card does not show" in (cb.back_reference(sentence) or "")
    assert "leans on context" in (gate(sentence, "herding", herding) or "")
    for other in (
        "A second feature of pastoral societies is _____.",
        "A third type of _____ is common in dry regions.",
        "The last of these is _____.",
    ):
        assert "of a list the card does not show" in (cb.back_reference(other) or ""), other


def test_an_ordinal_with_an_order_of_its_own_stays() -> None:
    assert cb.back_reference("The second law of thermodynamics says _____ never decreases.") is None
    assert cb.back_reference("The first step of glycolysis uses _____.") is None
    # gitworkflows.html: "feature" names the kind of release, not an item of a list.
    sentence = (
        "A feature release is created from the master branch, since master tracks the "
        "commits that should go into the next feature release."
    )
    assert cb.back_reference(sentence) is None


# -- the text's own topic word, in any of its forms ---------------------------------------------
def test_the_topic_word_qualifying_a_noun_is_no_blank(herding: str) -> None:
    assert "herd" in topic_words(herding)  # herd, herds, herding, herders: one topic word
    sentence = (
        "The fourth feature of herding societies is a vast store of knowledge about animals "
        "and the environment."
    )
    start = sentence.index("herding")
    assert blank_problem(sentence, start, start + len("herding"), herding) == (
        "a blank on the text's own topic word (the default guess)"
    )
    start = sentence.index("knowledge")  # what the sentence says of them stays a blank
    assert blank_problem(sentence, start, start + len("knowledge"), herding) is None
    # A word of the title or of the heading above ("The Sociocultural Complex of
    # Pastoralism"), in another form.
    sentence = "A second feature of pastoral societies is mobility."
    start = sentence.index("pastoral")
    assert blank_problem(sentence, start, start + len("pastoral"), herding) == (
        "a blank on the text's own topic word (the default guess)"
    )
    start = sentence.index("mobility")
    assert blank_problem(sentence, start, start + len("mobility"), herding) is None
    sentence = "Bedouin groups herd camels, hardy animals with scant need for water."
    start = sentence.index("camels")  # an object, not the topic word
    assert blank_problem(sentence, start, start + len("camels"), herding) is None


# -- "that" + noun pointing back ----------------------------------------------------------------
def test_that_and_a_noun_named_before_the_sentence_is_dropped(herding: str) -> None:
    sentence = (
        "For the Bedouin, that division is determined by the types of _____ herded by the group."
    )
    assert _dangling_demonstrative(sentence)
    assert gate(sentence, "animals", herding) == "leans on context the card does not carry"
    # "animals", the text's commonest word, is a filler: "animal domestication" is what the
    # text defines, not "animal".
    assert not defined_in("animal", herding)
    assert cloze_strict(sentence, "animals", material=herding) == (
        "a blank on a filler or topic word (many words fit)"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        # classes.html, cell_theory.html, agents_of_socialization.html: the noun named
        # earlier in the sentence, a clause after a verb, a plural noun.
        "Creating a new class creates a new type of object, allowing new instances of that "
        "type to be _____.",
        "In 1546, Italian physician Girolamo Fracastoro proposed, in his essay De Contagione "
        "et Contagiosis Morbis, that seed-like _____ may be transferred between individuals.",
        "Keep in mind, however, that families do not socialize _____ in a vacuum.",
        "Fracastoro proposed, in his essay, that disease spreads through _____.",  # a verb
    ],
)
def test_that_opening_a_clause_is_no_pointer(sentence: str) -> None:
    assert not _dangling_demonstrative(sentence)


# -- a subject blank any member of a listed kind fills ------------------------------------------
def test_a_listed_kind_with_nothing_that_pins_it_is_dropped(herding: str) -> None:
    sentence = "_____ are valued as transport but also for their high-quality milk and tasty meat."
    assert unpinned_member(sentence, "Camels", herding)  # "camels, sheep, goats, and cattle"
    assert gate(sentence, "Camels", herding) == (
        "more than one defensible answer (any of its kind fits: nothing pins it)"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "_____ are valued as transport in the Sahara.",  # a name pins it
        "_____ are the only herd animals valued as transport.",  # "only"
        "_____ are hardy animals with scant need for water.",  # not a use or a value
    ],
)
def test_a_listed_kind_pinned_by_the_sentence_stays(herding: str, sentence: str) -> None:
    assert not unpinned_member(sentence, "Camels", herding)


def test_a_member_the_material_never_lists_stays(herding: str) -> None:
    sentence = "_____ are valued as transport but also for their high-quality milk and tasty meat."
    assert not unpinned_member(sentence, "Cars", herding)  # only "trucks and cars": two
    # "… a wide range of prey animals, including sheep, goats, …": the kind, not a member.
    assert not unpinned_member(sentence, "Animals", herding)
    # "… set up and break down camps, gather firewood …": a verb's object in a list of steps.
    assert not unpinned_member(sentence, "Camps", herding)
