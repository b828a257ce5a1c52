"""Question cards round 7's strict read found wrong on its texts, now tuning
(electric_charge.html, destruction_of_the_tea.html, pastoralism.html, ant_using.html): each
test quotes the sentence and checks the general rule that fixes it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from studyapp.generation.appositions import apposed
from studyapp.generation.clause_topic import clause_topic
from studyapp.generation.flaws import answer_flaw
from studyapp.generation.offline_cards import (
    Unit,
    _shorten,
    definition_card,
    find_definition,
    harvest,
    purpose_card,
    split_sentences,
    term_card,
)
from studyapp.generation.part_owner import owned_subject
from studyapp.generation.stated_that import claim_card
from studyapp.generation.term_forms import plural_name
from studyapp.services.generation import clean_material
from studyapp.services.material import read_file

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@cache
def _text(name: str) -> str:
    return clean_material(read_file(CORPUS / name))  # round 7's texts, tuning now


@cache
def _cards(name: str) -> dict[str, str]:
    text = _text(name)
    return {c.front: c.back for c in harvest(text, 200).cards}


# -- 1. a lower-case count noun a glossary defines takes "a" ---------------------------------
def test_a_unit_named_after_a_person_is_still_a_counted_noun() -> None:
    # "**coulomb**: SI unit of electric charge" made "What is coulomb?": the material writes
    # "the coulomb (C)", and "de Coulomb" (the physicist) is no bare use of the unit's name.
    material = (
        "The SI unit of electric charge is the coulomb (C), after the French physicist "
        "Charles-Augustin de Coulomb (1736–1806)."
    )
    card = term_card(Unit("definition", "SI unit of electric charge", "Key terms", 1, "coulomb"),
                     material)  # fmt: skip
    assert card is not None
    assert card.front == "What is a coulomb?"
    assert "What is a coulomb?" in _cards("electric_charge.html")
    assert "What is coulomb?" not in _cards("electric_charge.html")


# -- 6. brackets: no split inside them, no back cut inside them -----------------------------
def test_a_full_stop_inside_brackets_ends_no_sentence() -> None:
    text = (
        "It held over 99% of the mass. (See Linear Momentum and Collisions.) In addition, he "
        "showed it. The acts (the Port Act. The Quartering Act) were four. Next one."
    )
    assert split_sentences(text) == [
        "It held over 99% of the mass.",
        "(See Linear Momentum and Collisions.)",  # its closing bracket stays with it
        "In addition, he showed it.",
        "The acts (the Port Act. The Quartering Act) were four.",
        "Next one.",
    ]


def test_a_long_back_is_never_cut_inside_brackets() -> None:
    # "**Coercive Acts**: four acts (Administration of Justice Act, Massachusetts Government
    # Act, Port Act, Quartering Act) that Lord North passed …" made the back "Four acts
    # (Administration of Justice Act." (cut at the first comma, inside the bracket).
    back = (
        "Four acts (Administration of Justice Act, Massachusetts Government Act, Port Act, "
        "Quartering Act) that Lord North passed to punish Massachusetts for destroying the tea "
        "and refusing to pay for the damage"
    )
    assert _shorten(back) == (
        "Four acts that Lord North passed to punish Massachusetts for destroying the tea and "
        "refusing to pay for the damage"
    )
    cards = _cards("destruction_of_the_tea.html")
    assert cards["What are the Coercive Acts?"].startswith("Four acts that Lord North passed")
    # Whoever wrote it, a back that leaves a bracket open is a broken fragment.
    assert answer_flaw("What are the Coercive Acts?", "Four acts (Administration of Justice Act.")


# -- 2. a name's number is its head noun's --------------------------------------------------
def test_a_name_with_a_plural_head_before_of_is_asked_with_are() -> None:
    # "**Committees of Correspondence**: colonial extralegal shadow governments that …" made
    # "What is the Committees of Correspondence?"; the head "Committees" is plural.
    material = _text("destruction_of_the_tea.html")
    unit = Unit(
        "definition",
        "colonial extralegal shadow governments that convened to coordinate plans of "
        "resistance against the British",
        "Key terms",
        1,
        "Committees of Correspondence",
    )
    card = term_card(unit, material)
    assert card is not None
    assert card.front == "What are the Committees of Correspondence?"
    assert plural_name("the Articles of Confederation")
    assert not plural_name("the Bill of Rights")
    assert not plural_name("the House of Representatives")
    assert not plural_name("the Coercive Acts")  # no "of": the last word decides elsewhere


# -- 3. "X is a measure/sign of Y" says what X shows, not what X is -------------------------
def test_a_measure_of_something_is_asked_as_such() -> None:
    sentence = "The size of a family’s herds is a measure of wealth and social status."
    material = _text("pastoralism.html")
    assert sentence in material
    d = find_definition(sentence)
    assert d is not None
    card = definition_card(d, material=material)
    assert (card.front, card.back) == (
        "What is the size of a family’s herds a measure of?",
        "Wealth and social status",
    )
    assert "What is the size of a family’s herds?" not in _cards("pastoralism.html")


# -- 4. a clause in brackets is a remark, not what the words before it are ------------------
def test_a_clause_in_brackets_defines_nothing() -> None:
    sentence = (
        "Since Ant 1.8.0, path has an optional cache attribute, if it is set to true, the path "
        "instance will only scan its nested resource collections once and assume it doesn't "
        "change during the build anymore (the default for cache still is false)."
    )
    assert sentence in _text("ant_using.html")
    assert apposed(sentence) == []
    assert "What is the build anymore?" not in _cards("ant_using.html")
    # A noun phrase in brackets, a relative clause inside it, still defines.
    kept = apposed(
        "Neurotransmitters diffuse across the synaptic cleft (the gap that is between a "
        "sending neuron and a receiving neuron or muscle cell)."
    )
    assert [(a.term, a.article) for a in kept] == [("synaptic cleft", "the")]


# -- 5a. a person's claim names what it is about ---------------------------------------------
def test_a_persons_claim_is_asked_about_its_own_subject() -> None:
    # "What did Rutherford conclude?" asked for one of many conclusions; the claim's subject
    # says which.
    sentence = (
        "Rutherford concluded that the nucleus was constructed of small, massive particles "
        "that he named protons."
    )
    material = _text("electric_charge.html")
    assert sentence in material
    card = claim_card(sentence, material=material)
    assert card is not None
    assert card.front == "What did Rutherford conclude about the nucleus?"
    assert clause_topic("sunlight, which looks white to us, is actually made up of …") == (
        "sunlight"
    )
    assert clause_topic("the negatively charged electrons perpetually orbited about it") == (
        "the negatively charged electrons"
    )
    # No subject a question can carry: no card.
    assert (
        claim_card("Rutherford concluded that it was constructed of protons.", material=material)
        is None
    )
    assert (
        claim_card("Rutherford concluded that in 1911, protons existed.", material=material) is None
    )
    # A theory's claim is its own context.
    theory = claim_card("The theory of spontaneous generation states that life arose from "
                        "nonliving matter.")  # fmt: skip
    assert theory is not None
    assert theory.front == "What does the theory of spontaneous generation state?"


# -- 5b. a part named by a plain word carries its owner -------------------------------------
def test_an_attribute_is_asked_with_the_element_its_section_writes_it_on() -> None:
    # "What does the location attribute specify?" (of what?): the section's markup writes
    # it on one element, <pathelement location="lib/helper.jar"/>.
    sentence = (
        "The location attribute specifies a single file or directory relative to the "
        "project's base directory (or an absolute filename), while the path attribute accepts "
        "colon- or semicolon-separated lists of locations."
    )
    material = _text("ant_using.html")
    assert sentence in material
    card = purpose_card(sentence.split(", while")[0] + ".", "Path-like Structures", material)
    assert card is not None
    assert card.front == "What does the location attribute of <pathelement> specify?"
    assert "What does the location attribute specify?" not in _cards("ant_using.html")
    # No owner in the material: no card. An identifier names itself.
    assert owned_subject("the location attribute", sentence, "# Paths\n\n" + sentence) is None
    assert owned_subject("the EPOLLET flag", "The EPOLLET flag …", "") == "the EPOLLET flag"
    # The material may name the owner in prose.
    prose = "# Paths\n\nThe size field of the header counts bytes. The size field holds a number."
    assert owned_subject("the size field", "The size field holds a number.", prose) == (
        "the size field of the header"
    )


# -- beside 1: a law's glossary line is a statement, and the whole term takes "the" ----------
def test_a_laws_glossary_line_is_asked_what_it_states() -> None:
    # "**law of conservation of charge**: net electric charge of a closed system is constant"
    # made "What is a law of conservation of charge?": the text writes "The law of
    # conservation of charge states that …" (never "a law of …"), and its line is a sentence.
    material = _text("electric_charge.html")
    unit = Unit(
        "definition",
        "net electric charge of a closed system is constant",
        "Key terms",
        1,
        "law of conservation of charge",
    )
    card = term_card(unit, material)
    assert card is not None
    assert (card.front, card.back) == (
        "What does the law of conservation of charge state?",
        "Net electric charge of a closed system is constant.",
    )
    assert "What is a law of conservation of charge?" not in _cards("electric_charge.html")
