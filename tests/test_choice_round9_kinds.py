"""Issue 18, round 9's strict blind read of five offline choice sets: four dropped, one kept.
Each rule here is read from the material, with no word list; each test quotes the tuning
text's own sentences (Lumen "Circadian Rhythms", "The Advertising Plan", OpenStax
Introductory Statistics 1.4 "Experimental Design and Ethics") and fails without its rule. The
benchmark scorer (``benchmarks/_card_scorer.choice_failures``) runs the same tests."""

from __future__ import annotations

from benchmarks._card_scorer import choice_failures
from studyapp.generation.choice_fit import misfit, pick_choices
from studyapp.generation.choice_other_kind import (
    activity_among_definitions,
    common_filler,
    example_of_answer,
    filler_set,
    mass_among_countable,
    not_a_noun,
    other_kind,
)
from studyapp.generation.choice_peers import coordinated, kin

RHYTHMS = """# Circadian Rhythms

By the end of this section, you should be able to

- Name and define different biological rhythms.
- Draw and label the components of a circadian rhythm.

## Features of a Rhythm

A rhythm is a repeating event that occurs with a regular pattern. We can characterize the
features of a rhythm by describing its period or the duration of time it takes one cycle of the
rhythm to occur. The phase of a rhythm describes a marker or point in a daily rhythm. The mesor
of a rhythm is the average level of the rhythm across a full cycle, and the amplitude of a
rhythm is the difference between the peak and trough of that rhythm. Frequency describes how
often the rhythm occurs within a period of time.

## Chronotypes

The tendencies of your body towards sleeping at some hours of the day and being more alert at
other times of day is called a chronotype. Chronotypes exist on a spectrum and can be influenced
by age, gender, and genetics. Individuals with severe morningness or eveningness chronotypes may
be diagnosed with conditions such as advanced sleep-wake phase disorder. The peak in an evening
chronotype occurs around age 19.

Although you can adapt your circadian rhythms to new environmental light cycles, it is
difficult to intentionally change a chronotype. The components of the environment matter, and
different environments shift rhythms.

## History

She studied the emerging field of chronobiology, and she helped write and edit a textbook
entitled Chronobiology. Later she performed experiments designed to examine the importance of a
functional circadian clock to the survival of animals in the wild. We can characterize the
components of a rhythm by analyzing their period, phase, amplitude, mesor and frequency.
"""
CHRONOTYPE = (
    "Fill in the blank: The tendencies of your body towards sleeping at some hours of the day and "
    "being more alert at other times of day is called a _____."
)
SPECTRUM = (
    "Fill in the blank: _____ exist on a spectrum and can be influenced by age, gender, and "
    "genetics."
)
MESOR = (
    "Fill in the blank: The _____ of a rhythm is the average level of the rhythm across a full "
    "cycle, and the amplitude of a rhythm is the difference between the peak and trough of that "
    "rhythm."
)

ADVERTISING = """# The Advertising Plan

After choosing an objective for the advertising plan, marketers must determine whether a push
or pull strategy will be most effective. A push strategy is aimed at pushing the brand in front
of an audience. Common push strategies involve sending postcards or emails and placing ads in
print and television media. The marketer wants to advertise where the audience is.

Impact refers to how quickly members of the audience receive an advertising message. Finally,
engagement refers to any interaction with advertising content.

**engagement**: any interaction with advertising content

**impact**: how quickly members of the audience receive an advertising message

**push strategy**: advertising strategy aimed at pushing the brand in front of an audience
"""

FRAUD = """# Experimental Design and Ethics

The researcher must design her experiment in such a way that there is only one difference
between groups being compared. In this way, an experiment can prove a cause-and-effect
connection. Research with human subjects is reviewed first.

Vigilance against fraud requires knowledge. Learning the basic theory of statistics will
empower you to analyze statistical studies critically.
"""


# -- S2: "called a _____" => chronotype among severe morningness | chronobiology | circadian --
def test_a_shared_head_makes_no_peer() -> None:
    """ "severe morningness or eveningness chronotypes" lists two kinds of chronotype, not
    "severe morningness" beside chronotypes (it was offered first, as a peer)."""
    assert "severe morningness" not in kin("chronotype", RHYTHMS)
    assert coordinated("chronotype", RHYTHMS) == []
    # Peers of one head stay peers: "period, phase, amplitude, mesor and frequency".
    assert {"period", "phase", "frequency"} <= set(kin("mesor", RHYTHMS))


def test_an_adjective_before_a_noun_is_not_counted_as_one() -> None:
    """ "the components of a circadian rhythm" counts rhythms: the existing test took it for
    "circadian" counted (a noun) and let it pass; "-ian" is no adjective's ending it knows."""
    why = not_a_noun("chronotype", "circadian", RHYTHMS)
    assert why and "adjective" in why
    assert not_a_noun("mesor", "period", RHYTHMS) is None


def test_a_field_and_a_degree_among_things_counted() -> None:
    """ "a textbook entitled Chronobiology" names a book, and counts no chronobiology; "severe
    morningness" is a degree (its head never counted) among chronotypes the text counts."""
    assert mass_among_countable("chronotype", "chronobiology", RHYTHMS)
    assert mass_among_countable("chronotype", "severe morningness", RHYTHMS)
    assert mass_among_countable("chronotype", "evening chronotype", RHYTHMS) is None


def test_the_chronotype_set_is_refused_and_failed() -> None:
    options = ["severe morningness", "chronobiology", "circadian"]
    kept, _ = pick_choices("chronotype", options, CHRONOTYPE, material=RHYTHMS, harvested=True)
    assert kept == []
    failed = choice_failures("chronotype", options, CHRONOTYPE, None, RHYTHMS)
    assert all(any(repr(o) in f for f in failed) for o in options)


# -- S4 and S3: common words of any text, not of the answer's kind ----------------------------
def test_common_words_not_tied_to_the_answer_are_filler() -> None:
    for option in ("Periods", "Components"):
        assert common_filler("Chronotypes", option, RHYTHMS), option
    assert common_filler("Chronotypes", "Environments", RHYTHMS) is None  # less common
    for option in ("research", "experiment", "difference"):
        assert common_filler("Knowledge", option, FRAUD), option


def test_a_set_of_filler_is_refused_and_failed() -> None:
    spectrum = ["Periods", "Components", "Environments"]
    assert filler_set("Chronotypes", spectrum, RHYTHMS)
    kept, _ = pick_choices("Chronotypes", spectrum, SPECTRUM, material=RHYTHMS, harvested=True)
    assert kept == []
    failed = choice_failures("Chronotypes", spectrum, SPECTRUM, None, RHYTHMS)
    assert any("filler" in f for f in failed)
    fraud = ["research", "experiment", "difference"]
    question = "What does vigilance against fraud require?"
    kept, _ = pick_choices("Knowledge", fraud, question, material=FRAUD, harvested=True)
    assert len(kept) < 3
    assert any("filler" in f for f in choice_failures("Knowledge", fraud, question, None, FRAUD))


def test_one_common_word_among_the_answers_kind_is_fair() -> None:
    """A set is refused for filler, not one option: the answer's own peers can carry one
    common word ("mesor" among period | phase | Components)."""
    assert filler_set("mesor", ["period", "phase", "Components"], RHYTHMS) is None


EPOLL = """# Description

So, in step 5 the caller might end up waiting for some data that is already present inside the
input buffer. When the EPOLLONESHOT flag is specified, it is the caller's responsibility to rearm
the file descriptor using epoll_ctl(2) with EPOLL_CTL_MOD. Alternatively, the application must
ensure that all file descriptors are closed. The key is used by the kernel.
"""


def test_two_agents_are_tied() -> None:
    """epoll(7): "the caller might …", "the application must …": both act, one kind (an
    agent); "key" is still filler, one in the set, which stays."""
    assert common_filler("caller", "application", EPOLL) is None
    assert common_filler("caller", "key", EPOLL)
    stem = (
        "Fill in the blank: When the EPOLLONESHOT flag is specified, it is the _____'s "
        "responsibility to rearm the file descriptor using epoll_ctl(2) with EPOLL_CTL_MOD."
    )
    options = ["application", "kernel", "key"]
    assert filler_set("caller", options, EPOLL) is None
    assert not any("filler" in f for f in choice_failures("caller", options, stem, None, EPOLL))


# -- S5, kept: common words the text lists with the answer ------------------------------------
def test_the_answers_own_peers_stay_however_common() -> None:
    options = ["period", "phase", "frequency"]
    for option in options:
        assert other_kind("mesor", option, RHYTHMS) is None, option
    kept, _ = pick_choices("mesor", options, MESOR, material=RHYTHMS, harvested=True)
    assert sorted(kept) == sorted(options)
    assert choice_failures("mesor", options, MESOR, None, RHYTHMS) == []


# -- S1: a definition among definitions, not an activity -------------------------------------
ENGAGEMENT = "What is engagement?"
ANSWER = "Any interaction with advertising content"


def test_an_activity_is_no_definition() -> None:
    """From "Common push strategies involve sending postcards or emails and placing ads …":
    what is done, beside definitions in noun phrases."""
    activity = "Sending postcards or emails and placing ads in print and television media"
    assert activity_among_definitions(ANSWER, activity, ADVERTISING)
    # "advertising" is written after a determiner ("an advertising message"): a modifier.
    definition = "Advertising strategy aimed at pushing the brand in front of an audience"
    assert activity_among_definitions(ANSWER, definition, ADVERTISING) is None
    impact = "How quickly members of the audience receive an advertising message"
    assert activity_among_definitions(ANSWER, impact, ADVERTISING) is None
    failed = choice_failures(ANSWER, [impact, definition, activity], ENGAGEMENT, None, ADVERTISING)
    assert any("Sending" in f and "activity" in f for f in failed)


# -- What the whole deck's run showed: a mass noun kept, an example of the answer refused -----
GO_COMMAND = """# Configuration versus convention

Today, the vast majority of packages follow these conventions.
If Go needed a configuration file to explain how to build your program, then Go would have
failed. Go programs should compile without configuration or additional effort. We received many
requests to allow a makefile in a package directory to provide just a little extra
configuration beyond what's in the source code. For example, if we allowed extra configuration
such as compiler flags, then that configuration would need to be updated each time the build
tools changed. Check those generated source files into your
repository. Copying, moving, or deleting a package corresponds to copying, moving, or deleting a
directory.
"""


def test_a_noun_made_of_a_verb_is_no_adjective() -> None:
    """ "a configuration file" puts the word before a noun, yet "-tion" makes nouns: the
    stricter count (S2) must not turn "configuration" into an adjective (Go's "package" set)."""
    assert not_a_noun("package", "configuration", GO_COMMAND) is None
    stem = (
        "Fill in the blank: Copying, moving, or deleting a _____ corresponds to copying, moving, "
        "or deleting a directory."
    )
    assert misfit("configuration", "package", stem, GO_COMMAND, harvested=True) is None


COGNITION = """# Concepts and Prototypes

In psychology, concepts can be divided into two categories, natural and artificial. Various
properties of geometric shapes, like squares and triangles, serve as useful examples of
artificial concepts. A square always has four equal sides and four right angles. Thoughts and
routines are formed by experience.
"""


def test_an_example_of_the_answer_is_no_option() -> None:
    """ "squares … serve as useful examples of artificial concepts": a square is one concept,
    not a thing of the concept's kind beside it."""
    assert example_of_answer("concepts", "squares", COGNITION)
    assert example_of_answer("concepts", "thoughts", COGNITION) is None
    stem = "Fill in the blank: In psychology, _____ can be divided into two categories, natural and artificial."
    failed = choice_failures("concepts", ["thoughts", "routines", "squares"], stem, None, COGNITION)
    assert any("'squares'" in f and "example" in f for f in failed)


NUCLEAR = """# Nuclear Radioactivity

- Explain the ionization of radiation in an atom.

First, the radiation is found to be associated with certain elements, such as uranium. In
addition, radiation does not vary with temperature, pressure, or ionization state of the uranium
atom. All three types of nuclear radiation produce ionization in materials, but they penetrate
different distances in materials. Gamma rays have a much greater range than either αs or βs.
The higher the energy, the greater the range, all other factors being the same.
"""


def test_a_mass_noun_before_a_noun_is_still_a_noun() -> None:
    """ "the uranium atom" puts "uranium" before a noun, and no article counts it; "such as
    uranium." writes it as a noun of its own. "greater" ("the greater the range") stays an
    adjective among nouns (OpenStax College Physics 31.1)."""
    assert not_a_noun("ionization", "uranium", NUCLEAR) is None
    assert not_a_noun("ionization", "greater", NUCLEAR)
