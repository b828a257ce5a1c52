"""Round 10's sweep of the tuning texts: "What does Lemon allow?" asks one of the many things
the text says Lemon does (see studyapp/generation/open_subject.py)."""

from studyapp.generation.offline_cards import purpose_card
from studyapp.generation.open_subject import one_of_many

# lemon_parser.html's sentences on Lemon, in its order.
LEMON = (
    "Lemon is an LALR(1) parser generator for C or C++. Lemon also uses a more sophisticated "
    "parsing engine that is faster than yacc and bison and which is both reentrant and "
    "thread-safe. Lemon comes with a default parser template which works fine for most "
    "applications. Lemon doesn't generate a complete, working program. Lemon allows multiple "
    "parsers to be running simultaneously. Lemon ignores whitespace (except where it is needed "
    "to separate tokens)."
)
# classes.html opens on what classes are for.
CLASSES = (
    "Classes provide a means of bundling data and functionality together. Classes are objects "
    "too. Classes can be nested. Classes are created at runtime. Classes can be modified "
    "further after creation."
)


def test_a_later_sentence_on_the_texts_subject_is_an_open_question() -> None:
    sentence = "Lemon allows multiple parsers to be running simultaneously."
    assert one_of_many("Lemon", sentence, LEMON)
    assert purpose_card(sentence, material=LEMON) is None


def test_the_first_sentence_on_it_is_the_opening_statement() -> None:
    sentence = "Classes provide a means of bundling data and functionality together."
    assert not one_of_many("Classes", sentence, CLASSES)
    card = purpose_card(sentence, material=CLASSES)
    assert card is not None and card.front == "What do classes provide?"


def test_a_subject_the_text_names_a_few_times_keeps_its_card() -> None:
    text = "Window scaling allows the use of large TCP windows. TCP is reliable."
    assert not one_of_many(
        "Window scaling", "Window scaling allows the use of large TCP windows.", text
    )


def test_an_infinitives_second_verb_stays_in_the_answer() -> None:
    # chemistry_in_context.html: "and explain" is the infinitive's, not a second fact
    card = purpose_card(
        "Doing chemistry involves attempting to answer questions and explain observations in "
        "terms of the laws and theories of chemistry, using procedures that are accepted by the "
        "scientific community."
    )
    assert card is not None
    assert card.back == (
        "Attempting to answer questions and explain observations in terms of the laws and "
        "theories of chemistry"
    )
