"""A question's subject is written as the material writes it: its case mid-sentence, the
article or number it takes (see studyapp/generation/term_forms.py).

The sentences are the tuning texts' own (lemon_parser.html, federalism_tradeoffs.html,
agents_of_socialization.html, deviance_and_control.html, oxygen_requirements.html,
chemistry_in_context.html, endocrine_overview.html, tcp.7.txt), each refused or corrected
one a card a strict learner read wrong, each kept one a card of the same shape that was right.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from studyapp.generation.offline_cards import (
    Unit,
    _with_article,
    definition_card,
    find_definition,
    harvest,
    term_card,
)
from studyapp.generation.strict_reader import question_strict
from studyapp.generation.term_forms import counted_noun, definite_name, written_case
from studyapp.services.generation import clean_material
from studyapp.services.material import read_file

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@cache
def _text(name: str) -> str:
    return clean_material(read_file(CORPUS / name))  # tuning texts only


def _front(sentence: str, material: str) -> str:
    d = find_definition(sentence)
    assert d is not None
    return definition_card(d, material=material).front


def test_a_name_the_material_capitalises_mid_sentence_keeps_its_capital() -> None:
    lemon = _text("lemon_parser.html")  # "Furthermore, Lemon implements …"
    assert written_case("Lemon", lemon) == "Lemon"
    assert _front("Lemon is an LALR(1) parser generator for C or C++.", lemon) == ("What is Lemon?")
    # A common noun the material writes lower case mid-sentence loses the sentence's capital.
    chemistry = _text("chemistry_in_context.html")
    assert _front(
        "Chemistry is a science based on observation and experimentation.", chemistry
    ) == ("What is chemistry?")


def test_a_common_noun_the_material_counts_takes_an_article_a_mass_noun_stays_bare() -> None:
    # "an extended family", "the family": a count noun.
    assert counted_noun("family", _text("agents_of_socialization.html"))
    # "the hormones" and "a hormone"; "paracrines": count nouns of a glossary.
    endocrine = _text("endocrine_overview.html")
    assert counted_noun("hormone", endocrine)
    # A field and a mass noun are written bare.
    assert not counted_noun("endocrinology", endocrine)
    assert not counted_noun("communication", endocrine)
    assert _front(
        "Communication is a process in which a sender transmits signals to one or more "
        "receivers to control and coordinate actions.",
        endocrine,
    ) == ("What is communication?")
    assert not counted_noun("chemistry", _text("chemistry_in_context.html"))
    # "the makeheaders program": a modifier, not a noun counted by "the".
    assert not counted_noun("makeheaders", _text("lemon_parser.html"))


def test_a_hyphenated_common_noun_the_material_writes_before_its_kind_takes_an_article() -> None:
    federalism = _text("federalism_tradeoffs.html")  # "… race-to-the-bottom dynamics (i.e., …"
    unit = Unit(
        "definition",
        "a dynamic in which states compete to attract business by lowering taxes and "
        "regulations, often to workers’ detriment",
        "Federalism",
        0,
        "race-to-the-bottom",
    )
    card = term_card(unit, federalism)
    assert card is not None and card.front == "What is a race-to-the-bottom?"
    fronts = {c.front for c in harvest(federalism, 1000, material=federalism).cards}
    assert "What is a race-to-the-bottom?" in fronts


def test_a_directive_identifier_or_ioctl_stays_bare() -> None:
    # A hyphenated directive's name before "directive" names a name, not a kind of thing.
    material = (
        "The max-age directive is the number of seconds a stored response stays fresh. "
        "The no-store directive means that no cache may store the response."
    )
    assert _with_article("no-store", "A directive that keeps any cache from it", material) == (
        "no-store"
    )
    tcp = _text("tcp.7.txt")
    assert _with_article("tcp_mem", "A vector of 3 integers: [low, pressure, high]", tcp) == (
        "tcp_mem"
    )
    assert _with_article("SIOCINQ", "An ioctl that returns the amount of unread data", tcp) == (
        "SIOCINQ"
    )


def test_a_term_with_a_postmodifier_takes_the_article_of_its_head() -> None:
    oxygen = _text("oxygen_requirements.html")  # "The optimum oxygen concentration, as …"
    assert _front(
        "Optimum oxygen concentration for an organism is the oxygen level that promotes the "
        "fastest growth rate.",
        oxygen,
    ) == ("What is the optimum oxygen concentration for an organism?")


def test_a_rank_an_event_or_a_worked_examples_character_is_no_definition() -> None:
    assert find_definition("Family is the first agent of socialization.") is None
    assert find_definition("Being arrested is a punishment for shoplifting.") is None
    assert (
        find_definition(
            "Charles is a retired bus driver who developed type 2 diabetes over 10 years ago."
        )
        is None
    )
    # The same shapes that define: "the" without a rank, a noun subject, a name without "who".
    assert find_definition(
        "The highest tolerated concentration of oxygen is the maximum permissive oxygen "
        "concentration."
    )
    assert find_definition("Deviance is a violation of norms.")
    assert find_definition("Lemon is an LALR(1) parser generator for C or C++.")


def test_a_plural_name_the_material_writes_with_the_is_asked_with_the() -> None:
    # spontaneous_generation.html: "… ravaged Europe’s population during the Middle Ages, …"
    material = _text("spontaneous_generation.html")
    assert definite_name("Middle Ages", material)
    assert _front("Middle Ages are the period of European history after antiquity.", material) == (
        "What are the Middle Ages?"
    )
    # A plural common noun the sentence states bare stays bare.
    endocrine = _text("endocrine_overview.html")
    assert _front("Endocrine glands are ductless glands that secrete hormones.", endocrine) == (
        "What are endocrine glands?"
    )


def test_a_singular_name_the_material_writes_with_the_is_asked_with_the() -> None:
    # kansas_nebraska_act.html writes "the anti-immigrant American Party" and its glossary
    # "**American Party**: also called …": the glossary card asked "What is American Party?".
    material = _text("kansas_nebraska_act.html")
    assert definite_name("American Party", material)
    back = "also called the Know-Nothing Party, a political party that emerged in 1856"
    card = term_card(Unit("definition", back, "Key Terms", 0, "American Party"), material)
    assert card is not None and card.front == "What is the American Party?"
    # The same glossary's "Bleeding Kansas" is written bare mid-sentence: a name, no article.
    assert not definite_name("Bleeding Kansas", material)
    back = "a reference to the violent clashes in Kansas between Free-Soilers and proslavery men"
    card = term_card(Unit("definition", back, "Key Terms", 0, "Bleeding Kansas"), material)
    assert card is not None and card.front == "What is Bleeding Kansas?"
    # A name after "the" and a verb is not the article's: "the party joined American Party".
    assert not definite_name("American Party", "Then the party joined American Party.")


def test_a_hyphenated_compound_names_something_specific() -> None:
    back = "A dynamic in which states compete to attract business by lowering taxes"
    assert question_strict("What is a race-to-the-bottom?", back) is None
    # Common words after "a", not joined into one term, still name nothing specific when the
    # answer is not a definition (one instance's doings, not a kind and which one).
    spent = "Money spent on schools, roads and prisons"
    assert question_strict("What is a state government?", spent) is not None
    # Asked "What is", an answer that names a kind and says which one defines the words as the
    # material uses them (round 12: "What is a path? => A sequence of edges in a graph such
    # that …"; tuning: "What is a corporation? => A legal entity chartered by a state").
    assert question_strict("What is a state government?", back) is None
    assert question_strict("What is a corporation?", "A legal entity chartered by a state") is None
    path = "A sequence of edges in a graph such that the target vertex of each edge is the source"
    assert question_strict("What is a path?", path + " vertex of the next edge") is None
    # "What does a government policy provide?" asks about one instance: still refused.
    provide = "Subsidized time off work for families with newborns"
    assert question_strict("What does a government policy provide?", provide) is not None
