"""Issue 18, too few choice sets: the pool also holds the material's named terms, the headings
beside the answer's, and terms in the blank's number as the material writes them. The texts are
tuning texts' own (OpenStax Microbiology 9.4, Sociology 5.3, Psychology 7.1, go.dev "How to
Write Go Code"); each change is shown on the card it was refused for, and a card of the same
shape that still has no honest set."""

from __future__ import annotations

import pytest

from studyapp.generation.choice_fit import in_case, material_candidates, pick_choices
from studyapp.generation.choice_kinds import is_material_term, kind_clash
from studyapp.generation.choice_pool import heading_kin, in_number, named_terms
from studyapp.generation.errors import InvalidOutput
from studyapp.generation.validation import validate_distractors

TEMPERATURE = """# Temperature and Microbial Growth

The following ranges of permissive growth temperatures are approximate only.

Organisms categorized as mesophiles (“middle loving”) are adapted to moderate temperatures, with
optimal growth temperatures ranging from room temperature (about 20 °C) to about 45 °C.
Pathogens are usually mesophiles.

Organisms called psychrotrophs, also known as psychrotolerant, prefer cooler environments, from
a high temperature of 25 °C to refrigeration temperature about 4 °C.

Psychrophiles grow best in the temperature range of 0–15 °C. Because they are active at low
temperature, psychrophiles and psychrotrophs are important decomposers in cold climates.

Organisms that grow at optimum temperatures of 50 °C to a maximum of 80 °C are called
thermophiles (“heat loving”). They do not multiply at room temperature.

L. monocytogenes is a gram-positive short rod found in soil, water, and food. It is classified
as a psychrophile and is halotolerant.
"""
THERMOPHILES = (
    "Fill in the blank: Organisms that grow at optimum temperatures of 50 °C to a maximum of "
    "80 °C are called _____ (“heat loving”)."
)

AGENTS = """# Agents of Socialization

## Social Group Agents

### Family

Family is the first agent of socialization. Mothers and fathers, siblings and grandparents,
plus members of an extended family, all teach a child what he or she needs to know.

### Peer Groups

A peer group is made up of people who are similar in age and social status and who share
interests. Peer group socialization begins in the earliest years.

## Institutional Agents

### School

Most children spend about seven hours a day in school, which makes it hard to deny the
importance school has on their socialization.

### The Workplace

Many adults invest a significant amount of time at a place of employment. Workers require new
socialization into a workplace.

### Religion

While some religions are informal institutions, here we focus on practices followed by formal
institutions. Religion is an important avenue of socialization for many people.

## Summary

Our direct interaction with social groups, like families and peers, teaches us how others
expect us to behave.
"""
PEER_GROUP = (
    "Fill in the blank: A _____ is made up of people who are similar in age and social status "
    "and who share interests."
)


def test_terms_the_material_names_fill_a_set_of_their_kind() -> None:
    # Round 6: only "microorganisms" and "microbes" were of the answer's kind; the text names
    # mesophiles, psychrotrophs and a psychrophile ("categorized as", "called", "classified
    # as"), and writes "Psychrophiles" with a capital only where it opens a sentence.
    assert {"mesophiles", "psychrotrophs", "psychrophile"} <= set(named_terms(TEMPERATURE))
    found = material_candidates(TEMPERATURE)
    options, _ = validate_distractors(
        "thermophiles", found, THERMOPHILES, material=TEMPERATURE, harvested=True
    )
    assert set(options) <= {"mesophiles", "psychrotrophs", "psychrophiles"}
    # The same shape with another answer: a named term of another kind (a process, not an
    # organism) is still no option, and one organism named is no set.
    other = (
        "Organisms called mesophiles grow at moderate temperatures. Sugars are broken down in "
        "a process called fermentation. Energy is released by a process called respiration, "
        "or by one called photosynthesis."
    )
    with pytest.raises(InvalidOutput):
        validate_distractors(
            "thermophiles",
            material_candidates(other),
            "Fill in the blank: Organisms that grow at 50 °C to 80 °C are called _____.",
            material=other,
            harvested=True,
        )


def test_a_verb_phrase_after_a_naming_verb_is_no_term() -> None:
    names = named_terms("The result is known as right after it, and the rest is called as needed.")
    assert "as needed" not in names and names == ["right after it"][: len(names)]


def test_the_headings_beside_the_answers_are_its_kind() -> None:
    # Round 6 refused the card: other cards' answers and the salient terms were of other kinds
    # (a culture, a religion's beliefs, "socialization"). The chapter's sections are on the
    # other agents of socialization.
    assert heading_kin("peer group", AGENTS, False) == ["family", "school", "workplace", "religion"]
    options, _ = pick_choices(
        "peer group",
        ["socialization", "culture", "beliefs"],
        PEER_GROUP,
        material=AGENTS,
        harvested=True,
    )
    assert len(options) == 3 and set(options) <= {"family", "school", "workplace", "religion"}


def test_an_answer_that_is_no_heading_gets_no_heading_kin() -> None:
    # "social status" is a term of the same text, but no section is on it: the sections on the
    # agents are not its kind, and no set is made from them.
    assert heading_kin("social status", AGENTS, False) == []
    assert heading_kin("summary", AGENTS, False) == []  # its group has no other term
    options, _ = pick_choices(
        "social status",
        ["socialization", "culture"],
        "Fill in the blank: A peer group is made up of people who are similar in age and _____.",
        material=AGENTS,
        harvested=True,
    )
    assert len(options) < 3


COGNITION = """# What Is Cognition?

## Natural and Artificial Concepts

In psychology, concepts can be divided into two categories, natural and artificial. Natural
concepts are created “naturally” through your experiences. A natural concept is a mental
grouping that develops out of experience. Artificial concepts are defined by a specific set of
characteristics. Various properties of geometric shapes, like squares and triangles, serve as
useful examples of artificial concepts. Related concepts are grouped in a schema.

A role schema makes assumptions about how individuals in certain roles will behave. Event
schemata are set in routines.
"""
ARTIFICIAL = (
    "Fill in the blank: Various properties of geometric shapes, like squares and triangles, "
    "serve as useful examples of _____."
)


def test_a_term_is_offered_in_the_number_the_blank_asks_for() -> None:
    # "natural concept" beside "artificial concepts" was a singular among plurals; the text
    # writes "Natural concepts" too.
    assert in_number("natural concept", True, COGNITION) == "natural concepts"
    options, rejected = pick_choices(
        "artificial concepts",
        ["natural concept", "related concepts", "role schema"],
        ARTIFICIAL,
        material=COGNITION,
        harvested=True,
    )
    assert "natural concepts" in options
    # A plural the text never writes is not made up ("role schemas"): that option is still
    # refused for its number.
    assert in_number("role schema", True, COGNITION) is None
    assert "role schema" in {r.text for r in rejected}
    assert "role schemas" not in options


def test_a_capital_that_only_opens_a_sentence_is_taken_off_a_word_no_dictionary_has() -> None:
    # "Psychrophiles grow best …": the text writes "psychrophiles" elsewhere, never capitalised
    # mid-sentence, so beside "thermophiles" it is a lower-case term, not a name.
    assert in_case("Psychrophiles", "thermophiles", TEMPERATURE) == "psychrophiles"
    # A name the text always capitalises keeps its capital (and is refused among terms).
    assert in_case("Listeria", "thermophiles", TEMPERATURE + " Listeria grows cold.") == (
        "Listeria"
    )


def test_a_noun_ending_in_ly_is_a_term() -> None:
    # "family" was "not a term the material uses" (an adverb by its ending) beside "peer group".
    real = AGENTS + "\nHow a family raises a child is part of the family unit.\n"
    assert is_material_term("family", real)
    assert not is_material_term("textually", real + " It is textually the same.")


GO_CODE = """## Code organization

Go programs are organized into packages. A package is a collection of source files in the same
directory that are compiled together. A repository contains one or more modules. A module is
a collection of related Go packages that are released together.

Let's write a morestrings package and use it from the hello program. First, create a directory
for the package named $HOME/hello/morestrings, and then a file named reverse.go in that
directory.

    import "example/user/hello/morestrings"

    fmt.Println(morestrings.ReverseRunes("!oG ,olleH"))

Input/output is done by other programs.
"""


def test_a_package_name_is_no_option_among_common_nouns() -> None:
    # Round 6's "Go programs are organized into _____." got "morestrings" (the tutorial's
    # package) beside "modules" and "repositories": a name a learner rules out at a glance.
    stem = "Fill in the blank: Go programs are organized into _____."
    assert kind_clash("packages", "morestrings", GO_CODE, stem) is not None
    # Common nouns of the same text still are options, one slash is no path ("Input/output"),
    # and a word the text never writes in a path or a call is a term.
    assert kind_clash("packages", "repositories", GO_CODE, stem) is None
    assert kind_clash("packages", "output", GO_CODE, stem) is None
    assert kind_clash("packages", "programs", GO_CODE, stem) is None
