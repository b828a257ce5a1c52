"""Round 4's strict read of choice sets (issue 18): options of another kind by what the phrase
and the material say, options the article before the blank rules out, options the material
names as the answer, and sets offered for cards not worth a quiz. Sentences are from the round-4
texts (now tuning: endocrine_overview.html, knowledge.html, content_negotiation.html) or
written here; each rule has a test that a good set of the same shape is still made."""

from __future__ import annotations

import pytest

from studyapp.generation.choice_fit import echoing, giveaway, misfit, pick_choices, siblings
from studyapp.generation.choice_kinds import kind
from studyapp.generation.choice_sense import (
    article_clash,
    cut_short,
    described_term,
    ends_on_verb,
    genus,
    is_abstract,
    is_bare_name,
    is_person,
    is_verb_word,
    listed_together,
    same_thing,
    sense_clash,
    typed,
)
from studyapp.generation.choice_worth import cut_off, unfit_card
from studyapp.jobs import store
from studyapp.services import generation
from tests.factories import make_card, make_goal
from tests.gen_support import drain

ENDOCRINE = """# Endocrine system

Communication is a process in which a sender transmits signals to one or more receivers to
control and coordinate actions. The endocrine system consists of cells, tissues, and organs
that secrete hormones; the endocrine gland is the major player in this system. Endocrine glands are glands that secrete hormones into the blood. The
exocrine system has glands that release their secretions through ducts. Hormones bind to
receptors on target cells; a cell without them does not respond. Most of its cells secrete pancreatic juice, and the glands also
secrete enzymes. Endocrinology is a specialty in the field of medicine that focuses on the
treatment of endocrine system disorders. Patients are referred to endocrinologists. The
endocrinologist may order additional blood tests. Histamine causes the smooth muscle cells of
the bronchi to constrict. An autocrine is a chemical that elicits a response in the same cell
that secreted it. A paracrine is a chemical that induces a response in neighboring cells.
"""

NEGOTIATION = """# Content negotiation

If multiple representations are available, the resource is referred to as negotiable and
each of its representations is termed a variant. After httpd has obtained a list of the
variants for a given resource, either from a type-map file or from the filenames in the
directory, it invokes one of two methods. httpd sometimes changes the quality values. A
variant can indicate a charset. Use the name without any extension in a hyperlink. A JPEG
file is usually of higher source quality than an ASCII file. Browsers prefer GIF or JPEG over
other image types. When a cache stores a representation, it associates it with the request
URL.
"""

KNOWLEDGE = """# Knowledge

The traveler crests a mountain and sees what appears to be an oasis, and so comes to believe
that there is water in the valley. The traveler is justified in believing there is water.
The traveler knows nothing of the mirage. A nomad believes that there is water. Harman's
condition is that a belief cannot be based on inference that uses false premises.
Justification is a rather broad concept. Evidence is what a belief rests on. Gettier presents counterexamples to the JTB account, a problem referred
to as the Gettier problem; Gettier cases show it.
"""


# -- the article before the blank -------------------------------------------------------------
def test_an_option_the_article_before_the_blank_rules_out_is_rejected() -> None:
    stem = (
        "Fill in the blank: Harman's fourth condition is that a person's belief cannot be "
        "based on an _____ that uses false premises."
    )
    assert article_clash(stem, "traveler", "inference")
    assert misfit("traveler", "inference", stem) == (
        "the article before the blank fits the answer only"
    )
    assert not article_clash(stem, "assumption", "inference")
    assert not article_clash(stem, "HTML file", "inference")  # "an HTML": said letter by letter
    assert article_clash("Fill in the blank: It is a _____.", "origin server", "shared cache")
    assert not article_clash("Fill in the blank: It is a _____.", "user agent", "shared cache")


# -- a person among things --------------------------------------------------------------------
def test_a_person_is_no_option_among_things() -> None:
    stem = (
        "Fill in the blank: Endocrine communication involves chemical signaling via the "
        "release of _____ into the extracellular fluid."
    )
    assert is_person("endocrinologists")  # an agent noun's ending
    assert is_person("traveler", KNOWLEDGE)  # the material: "The traveler … comes to believe"
    assert not is_person("hormones", ENDOCRINE)
    assert not is_person("mirage", KNOWLEDGE)
    why = misfit("endocrinologists", "hormones", stem, ENDOCRINE, harvested=True)
    assert why == "a person among things, or a thing among people"
    assert misfit("enzymes", "hormones", stem, ENDOCRINE, harvested=True) is None


# -- a program's name, a verb, an adjective among nouns ---------------------------------------
def test_a_programs_name_is_no_option_among_common_nouns() -> None:
    stem = (
        "Fill in the blank: MultiViews may also apply to searches for the file named by the "
        "DirectoryIndex directive, if the server is trying to index a _____."
    )
    assert is_bare_name("httpd", NEGOTIATION)
    assert not is_bare_name("charset", NEGOTIATION)  # "a charset"
    assert not is_bare_name("hyperlink", NEGOTIATION)
    why = misfit("httpd", "directory", stem, NEGOTIATION, harvested=True)
    assert why == "a program's name among common nouns, or the reverse"
    options, _ = pick_choices(
        "directory",
        ["httpd", "hyperlink", "charset", "resource"],
        stem,
        material=NEGOTIATION,
        harvested=True,
    )
    assert options == ["hyperlink", "charset", "resource"]


def test_a_verb_or_a_superlative_is_no_option_among_nouns() -> None:
    stem = (
        "Fill in the blank: In the human body, two major organ systems participate in "
        "relatively long distance _____: the nervous system and the endocrine system."
    )
    assert is_verb_word("secrete", ENDOCRINE)  # "cells secrete", "also secrete"
    assert not is_verb_word("communication", ENDOCRINE)
    assert not is_verb_word("receptors", ENDOCRINE)  # "bind to receptors": a plural, no verb
    why = sense_clash("communication", "secrete", stem, ENDOCRINE)
    assert why == "a verb among nouns, or a noun among verbs"
    assert sense_clash("communication", "regulation", stem, ENDOCRINE) is None
    stem = "Fill in the blank: The filenames are in the _____."
    why = misfit("highest", "directory", stem, NEGOTIATION, harvested=True)
    assert why == "an adjective where the answer is a noun"
    assert misfit("hyperlink", "directory", stem, NEGOTIATION, harvested=True) is None


def test_a_fragment_ending_on_a_verb_is_no_option() -> None:
    stem = "Fill in the blank: There exist no _____ for P."
    assert ends_on_verb("nomad believes", KNOWLEDGE)
    assert not ends_on_verb("barn facades", KNOWLEDGE)
    why = misfit("nomad believes", "defeaters", stem, KNOWLEDGE, harvested=True)
    assert why == "a fragment of a sentence (it ends on a verb)"


# -- another kind of thing by the head noun ---------------------------------------------------
def test_an_option_of_another_kind_by_its_head_noun_is_rejected() -> None:
    stem = (
        "Fill in the blank: The same hormone may play a role in a variety of different "
        "physiological processes depending on the _____ involved."
    )
    why = misfit("endocrine glands", "target cells", stem, ENDOCRINE, harvested=True)
    assert why == "another kind of thing by its head noun (a gland, not a cell)"
    stem = "Fill in the blank: The _____ consists of cells, tissues, and organs."
    assert sense_clash("endocrine system", "exocrine system", stem, ENDOCRINE) is None
    why = sense_clash("endocrine system", "endocrine gland", stem, ENDOCRINE)
    assert why is not None and why.startswith("another kind of thing by its head noun")


def test_terms_the_material_lists_together_are_of_one_kind() -> None:
    text = (
        "Organs such as the heart, the liver and the thyroid gland make hormones. A gland is "
        "an organ. The heart pumps blood. A cell bears receptors."
    )
    stem = "Fill in the blank: The _____ pumps blood."
    assert sense_clash("heart", "thyroid gland", stem, text) is None
    why = sense_clash("heart", "target cell", stem, text)
    assert why == "another kind of thing by its head noun (a cell, not a heart)"


def test_heads_that_name_no_kind_of_thing_are_not_judged() -> None:
    """ "Slow start", "fast recovery": the material never writes "the start", "a recovery";
    their heads say nothing of their kind (Claude's "Fast retransmit" beside "Slow start")."""
    text = "Slow start doubles the window. Fast recovery halves it. The window is a limit."
    stem = "Fill in the blank: _____ doubles the window every round trip."
    assert sense_clash("Slow start", "Fast recovery", stem, text) is None


def test_two_lone_words_of_an_idea_and_a_thing_do_not_mix() -> None:
    stem = (
        "Fill in the blank: In both cases, the _____ that leads to the true belief passes "
        "through false premises."
    )
    assert is_abstract("inference", KNOWLEDGE) and is_abstract("justification", KNOWLEDGE)
    assert not is_abstract("mirage", KNOWLEDGE)
    assert not is_abstract("document") and not is_abstract("segment")
    assert is_abstract("application")
    assert not is_abstract("application", "Applications call it.")  # things the text counts
    why = misfit("mirage", "inference", stem, KNOWLEDGE, harvested=True)
    assert why == "another kind of thing (a thing among ideas or processes)"
    assert misfit("justification", "inference", stem, KNOWLEDGE, harvested=True) is None


def test_acronyms_of_another_kind_are_rejected() -> None:
    stem = (
        "Fill in the blank: If the resource being represented is an original ASCII art, then "
        "an ASCII representation would have a higher source quality than a _____ "
        "representation."
    )
    why = misfit("URL", "JPEG", stem, NEGOTIATION, harvested=True)
    assert why == "an acronym of another kind (never listed or used like the answer)"
    assert misfit("GIF", "JPEG", stem, NEGOTIATION, harvested=True) is None  # "GIF or JPEG"


def test_the_material_typing_a_term_is_read() -> None:
    assert "chemical" in typed("autocrine", ENDOCRINE)
    assert "process" in typed("communication", ENDOCRINE)
    assert "specialty" in typed("endocrinology", ENDOCRINE)


# -- right too --------------------------------------------------------------------------------
def test_an_option_the_material_names_as_the_answer_is_right_too() -> None:
    stem = "Fill in the blank: Any _____ not selected at each test are eliminated."
    assert same_thing("variants", "representations", NEGOTIATION)
    assert not same_thing("variants", "languages", NEGOTIATION)
    why = misfit("representations", "variants", stem, NEGOTIATION, harvested=True)
    assert why == "right too: the material names the answer so"


# -- descriptions -----------------------------------------------------------------------------
def test_a_description_of_another_kind_of_thing_is_no_option() -> None:
    question = "What is endocrinology?"
    answer = "A specialty in the field of medicine that focuses on endocrine system disorders"
    process = (
        "A process in which a sender transmits signals to one or more receivers to control "
        "and coordinate actions"
    )
    assert described_term(process, ENDOCRINE) == "Communication"
    why = misfit(process, answer, question, ENDOCRINE, harvested=True)
    assert why == "describes another kind of thing ('Communication')"
    cause = "The smooth muscle cells of the bronchi to constrict"
    assert described_term(cause, ENDOCRINE) is None  # what histamine causes: no definition
    # Definitions of terms of one kind make a set.
    question = "What is an autocrine?"
    answer = "A chemical that elicits a response in the same cell that secreted it"
    sibling = "A chemical that induces a response in neighboring cells"
    assert misfit(sibling, answer, question, ENDOCRINE, harvested=True) is None


def test_a_description_cut_off_mid_phrase_is_no_option() -> None:
    text = (
        "The congestion window is a limit, kept by the sender, on the amount of unacknowledged "
        "data that may be in flight. Congestion collapse is a state in which the network "
        "carries almost no useful traffic."
    )
    assert cut_short("A limit, kept by the sender, on the amount of unacknowledged data that")
    assert cut_short("A state in which the network carries", text)
    assert not cut_short("A state in which the network carries almost no useful traffic", text)
    question = "What is the Internet?"
    answer = "A network of networks in which many senders share the same links"
    why = misfit("A state in which the network carries", answer, question, text, harvested=True)
    assert why == "cut off mid-phrase"


# -- names and capitals -----------------------------------------------------------------------
def test_a_term_named_for_a_person_is_a_term() -> None:
    assert kind("Gettier problem", KNOWLEDGE) == "term"
    assert kind("Plato's analysis", KNOWLEDGE) == "term"
    assert kind("Robert Hooke", "Robert Hooke observed cells. Hooke saw them.") == "name:person"


def test_options_opening_the_sentence_are_capitalised_like_the_answer() -> None:
    stem = "Fill in the blank: _____ are transported primarily via the bloodstream."
    # "endocrinologists" stayed lower-case beside "Hormones": no dictionary has it.
    options, _ = pick_choices("Hormones", ["enzymes", "antibodies", "cytokines"], stem)
    assert options == ["Enzymes", "Antibodies", "Cytokines"]


# -- cards not worth a quiz -------------------------------------------------------------------
@pytest.mark.parametrize(
    "front",
    [
        "Fill in the blank: To request only French _____, the browser would send",
        "Fill in the blank: Using a type map which names the files containing the _____ "
        "explicitly, or",
    ],
)
def test_a_card_whose_sentence_is_cut_off_gets_no_choices(front: str) -> None:
    assert cut_off(front, "cloze")
    assert unfit_card(front, "variants", "cloze") == "its sentence is cut off"


def test_a_whole_card_is_worth_choices() -> None:
    front = "Fill in the blank: Any _____ not selected at each test are eliminated."
    assert not cut_off(front, "cloze")
    assert not cut_off('Fill in the blank: It is called "_____."', "cloze")
    assert unfit_card(front, "variants", "cloze", material=NEGOTIATION) is None
    assert unfit_card("What is a variant?", "One representation of a resource", "basic") is None


@pytest.mark.usefixtures("offline_provider")
def test_the_handler_refuses_choices_for_a_cut_off_card(db, profile, registry, runner, clock):
    goal = make_goal(db, profile.id, "Content negotiation")
    cut = make_card(
        db,
        profile.id,
        goal,
        "Fill in the blank: To request only French _____, the browser would send",
        "representations",
        kind="cloze",
        provider="offline",
    )
    own = make_card(  # a learner's own card is theirs to judge: not refused for its form
        db,
        profile.id,
        goal,
        "Fill in the blank: To request only French _____, the browser would send",
        "representations",
        kind="cloze",
        provider=None,
    )
    jobs = [
        generation.submit_distractors(db, profile.id, c, registry=registry, clock=clock).job
        for c in (cut, own)
    ]
    drain(runner, clock)
    refused, other = (store.get_job(db, profile.id, j.id) for j in jobs)
    assert refused.status == "failed"
    assert "No multiple choice for this card: its sentence is cut off" in (refused.error or "")
    assert "No multiple choice for this card" not in (other.error or "")


def test_a_phrases_head_comes_before_its_relative_clause() -> None:
    assert genus("Ductless glands that secrete hormones") == "gland"
    assert genus("endocrine glands") == "gland"
    assert genus("A process in which a sender transmits signals") == "process"


def test_a_head_the_material_writes_as_a_kind_is_judged_beside_a_lone_word() -> None:
    stem = "Fill in the blank: The _____ consists of cells, tissues, and organs."
    # "the endocrine gland is the major player in this system": a system is a kind of thing.
    why = sense_clash("endocrine system", "communication", stem, ENDOCRINE)
    assert why == "another kind of thing by its head noun (a communication, not a system)"


def test_names_are_judged_by_their_head_unless_they_are_peoples() -> None:
    stem = "Fill in the blank: The server will return a No _____ error."
    text = "Apache HTTP Server answers; the server is httpd. British English is en-GB."
    why = sense_clash("Acceptable Variants", "Apache HTTP Server", stem, text)
    assert why == "another kind of thing by its head noun (a server, not a variant)"
    assert sense_clash("British English", "American English", stem, text) is None
    text = "Robert Remak and Rudolf Virchow studied cells."
    assert (
        sense_clash("Robert Remak", "Rudolf Virchow", "Fill in the blank: _____ said so.", text)
        is None
    )


def test_a_philosopher_is_a_person_and_an_acting_application_a_thing() -> None:
    assert is_person("american philosopher")
    assert is_abstract("inference", KNOWLEDGE)  # "an inference that uses false premises"
    assert not is_abstract("application", "So the application might end up waiting.")


def test_a_question_about_what_something_does_has_no_defined_subject() -> None:
    """ "What do classes provide?" asks what classes do, not what "classes provide" is: the
    options (other terms' definitions) are not judged against a term "classes provide"."""
    text = (
        "Classes provide a means of bundling data and functionality together. A namespace is "
        "a mapping from names to objects. A scope is a textual region of a Python program "
        "where a namespace is directly accessible."
    )
    question = "What do classes provide?"
    answer = "A means of bundling data and functionality together"
    assert misfit("A mapping from names to objects", answer, question, text, harvested=True) is None
    # "What is …?" keeps its subject: a definition of another kind of term is refused.
    why = misfit(
        "A textual region of a Python program where a namespace is directly accessible",
        "A mapping from names to objects",
        "What is a namespace?",
        text + " A namespace is an object. A scope is a region.",
        harvested=True,
    )
    assert why == "describes another kind of thing ('scope')"


def test_only_one_option_repeating_a_word_of_the_sentence_gives_it_away() -> None:
    stem = "Fill in the blank: When a _____ is left normally, a class object is created."
    every = ["class definition", "function definition", "module definition", "loop body"]
    assert echoing(every, stem) == "only one option repeats a word of the sentence"
    assert giveaway(every[0], every[1:], stem) == "only one option repeats a word of the sentence"
    stem = "Fill in the blank: When a _____ is left normally, an object is created."
    assert echoing(every, stem) is None


def test_the_materials_own_terms_with_the_answers_head_are_drawn() -> None:
    text = (
        "A class definition creates a class. A function definition binds a name; the function "
        "is called later. A module definition is read once; the module is cached. The "
        "experimental definition is not used."
    )
    assert siblings("class definition", text) == ["function definition", "module definition"]
    # Not "The _____ binds a name …": the text says "A function definition binds a name", a
    # second right answer (choice_does_too).
    stem = "Fill in the blank: The _____ is run when the program starts."
    options, _ = pick_choices(
        "class definition", ["loop body"], stem, material=text, harvested=True, need=2
    )
    assert options == ["function definition", "module definition"]


def test_a_list_of_clauses_is_no_list_of_terms() -> None:
    text = (
        "In general, the nervous system involves quick responses to rapid changes in the "
        "external environment, and the endocrine system is usually slower acting."
    )
    assert not listed_together("endocrine system", "responses", text)
    assert listed_together("heart", "liver", "Organs such as the heart, the liver and the skin.")
