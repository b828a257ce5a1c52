"""Issue 18, round 9's strict read: an option the material names the answer by is also
correct, a proper-noun answer gets options of its own kind of name, and an option must be
something the sentence's verb can be done to, in the generator and in both scorers. The texts are the tuning texts' own sentences (OpenStax Astronomy 5.5
"Spectroscopy in Astronomy", OpenStax U.S. History 13.3 "The Kansas-Nebraska Act", OpenStax
Microbiology 3.2 "Foundations of Modern Cell Theory", 9.3 "Oxygen Requirements", tcp(7), the
Python tutorial's "Classes")."""

from __future__ import annotations

from benchmarks._card_scorer import choice_failures
from studyapp.generation.choice_alias import aliases, stated_alias
from studyapp.generation.choice_entity import entity_clash, entity_kind
from studyapp.generation.choice_fit import pick_choices
from studyapp.generation.choice_kinds import kind_clash
from studyapp.generation.choice_sense import sense_clash
from studyapp.generation.choice_verb_fit import mostly_modifier, passive_verb, verb_misfit
from studyapp.generation.quality import judge_choices

SPECTRA = """When the gases were heated, a spectrometer revealed no continuous spectrum, but several
separate bright lines. A dark line, or absorption spectrum, consists of a series or pattern of
dark lines—missing colors—superimposed upon the continuous spectrum of a source. A bright line,
or emission spectrum, appears as a pattern or series of bright lines; it consists of light in
which only certain discrete wavelengths are present. A mixture of hydrogen and sodium emitted
both sets of spectral lines. When we have a hot, thin gas, each particular chemical element or
compound produces its own characteristic pattern of spectral lines—its spectral signature.
"""
SPECTRAL = "Fill in the blank: A mixture of hydrogen and sodium emitted both sets of _____."

CLASSES = "Each value is an object, and therefore has a class (also called its type)."
# Round 9's reader quoted a text's "microorganisms (or microbes)".
MICROBES = (
    "Robert Hooke saw microorganisms (or microbes) under his microscope. One of the major "
    "causes of health-acquired infections is C. difficile, known as C. diff. Obligate "
    "anaerobes represent a large fraction of the microbes in the human gut."
)
TCP = "tcp_abc: Control the Appropriate Byte Count (ABC), defined in RFC 3465."

KANSAS = """Southerners, however, had long opposed the Wilmot Proviso’s stipulation that slavery
should not expand into the West. Disappointed that the citizens of Lawrence did not resist the
“slave hounds” of Missouri, Brown opted not to go to Lawrence, but to the homes of proslavery
settlers near Pottawatomie Creek in Kansas. In the above political cartoon, Buchanan, along with
Democratic senator Lewis Cass, holds down the Free-Soil advocate. In New York, Scott, known as
“Old Fuss and Feathers,” talked about a thunderstorm that did not occur. The Compromise of 1850
and the Kansas-Nebraska Act followed. The Missouri Compromise had drawn the line.
"""
WILMOT = (
    "Fill in the blank: Southerners, however, had long opposed the _____’s stipulation that "
    "slavery should not expand into the West."
)

CELLS = """The English scientist Robert Hooke first used the term “cells” in 1665. In 1831, Scottish
botanist Robert Brown (1773–1858) was the first to describe observations of nuclei. Then, in the
early 1880s, German botanist Andreas Schimper (1856–1901) was the first to describe the
chloroplasts of plant cells. A few years later, Robert Koch proposed a series of postulates. The subsequent work
of Louis Pasteur, Robert Koch, and Joseph Lister would further substantiate the germ theory of
disease. In 1546, Italian physician Girolamo Fracastoro proposed, in his essay De Contagione et
Contagiosis Morbis, that seed-like spores may be transferred between individuals.
"""


# -- another name the material gives --------------------------------------------------------
def test_the_texts_ways_of_naming_a_thing_twice() -> None:
    pairs = set(aliases(MICROBES + " " + TCP + " " + SPECTRA))
    # The first name is the end of the words before "(or": the match reads it as a suffix.
    assert any(x.endswith(" microorganism") and y == "microbe" for x, y in pairs)
    assert ("appropriate byte count", "abc") in pairs
    assert ("bright line", "emission spectrum") in pairs


def test_an_alias_the_text_states_is_also_correct() -> None:
    assert stated_alias("microorganisms", "microbes", MICROBES)
    assert stated_alias("microbes", "microorganisms", MICROBES)
    assert stated_alias("Appropriate Byte Count", "ABC", TCP)
    assert stated_alias("class", "type", CLASSES)  # Python tutorial, 9.4
    assert stated_alias("microorganisms", "cells", MICROBES) is None


def test_bright_lines_are_spectral_lines_by_the_texts_own_words() -> None:
    # "A bright line, or emission spectrum": a spectrum's lines are spectral lines.
    assert stated_alias("spectral lines", "bright lines", SPECTRA)
    assert stated_alias("spectral lines", "chemical elements", SPECTRA) is None


def test_the_spectral_lines_set_offers_no_line_the_text_calls_spectral() -> None:
    candidates = ["bright lines", "dark lines", "chemical elements", "discrete wavelengths"]
    chosen, rejected = pick_choices(
        "spectral lines", candidates, SPECTRAL, material=SPECTRA, harvested=True
    )
    assert "bright lines" not in chosen and "dark lines" not in chosen
    assert any(r.text == "bright lines" and "also correct" in r.reason for r in rejected)


# -- names of one kind ------------------------------------------------------------------------
def test_the_kind_of_a_name_from_its_last_word_and_the_texts_signals() -> None:
    assert entity_kind("Wilmot Proviso", KANSAS) == "document"
    assert entity_kind("Lewis Cass", KANSAS) == "person"  # "senator Lewis Cass"
    assert entity_kind("Pottawatomie Creek", KANSAS) == "place"
    assert entity_kind("Old Fuss", KANSAS) is None
    assert entity_kind("Robert Brown", CELLS) == "person"  # "(1773–1858)"
    assert entity_kind("Louis Pasteur", CELLS) == "person"  # listed with Robert Koch
    assert entity_kind("Contagiosis Morbis", CELLS) is None


def test_a_person_or_a_place_is_no_option_for_a_law() -> None:
    assert entity_clash("Wilmot Proviso", "Lewis Cass", KANSAS)
    assert entity_clash("Wilmot Proviso", "Pottawatomie Creek", KANSAS)
    assert entity_clash("Wilmot Proviso", "Old Fuss", KANSAS)
    assert entity_clash("Wilmot Proviso", "Missouri Compromise", KANSAS) is None
    assert entity_clash("Robert Brown", "Andreas Schimper", CELLS) is None
    assert entity_clash("Andreas Schimper", "Contagiosis Morbis", CELLS)


def test_the_wilmot_proviso_set_is_made_of_laws_or_not_at_all() -> None:
    candidates = ["Lewis Cass", "Pottawatomie Creek", "Old Fuss", "Missouri Compromise"]
    chosen, _ = pick_choices("Wilmot Proviso", candidates, WILMOT, material=KANSAS, harvested=True)
    assert not {"Lewis Cass", "Pottawatomie Creek", "Old Fuss"} & set(chosen)


# -- the scorers ----------------------------------------------------------------------------
def test_both_scorers_fail_the_alias_and_the_other_kind_sets() -> None:
    for answer, options, front, text in (
        ("Wilmot Proviso", ["Lewis Cass", "Pottawatomie Creek", "Old Fuss"], WILMOT, KANSAS),
        ("spectral lines", ["bright lines", "dark lines", "chemical elements"], SPECTRAL, SPECTRA),
    ):
        assert choice_failures(answer, options, front, material=text)
        kept, _ = judge_choices(answer, options, front, material=text)
        assert len(kept) < 3


def test_both_scorers_pass_persons_among_persons() -> None:
    front = "Who was the first to describe the chloroplasts of plant cells?"
    options = ["Robert Brown", "Robert Koch", "Louis Pasteur"]
    assert not choice_failures("Andreas Schimper", options, front, material=CELLS)


# -- what the sentence's verb is done to -----------------------------------------------------
CANDLE_JAR = """One common approach to grow capnophiles is to use a candle jar. A candle jar consists
of a jar with a tight-fitting lid that can accommodate the cultures and a candle. After the
cultures are added to the jar, the candle is lit and the lid closed. As the candle burns, it
consumes most of the oxygen present and releases CO2. Within the bodies of humans and other
animals, regions with little or no oxygen provide an anaerobic environment for microorganisms.
These microaerophiles are bacteria that require a minimum level of oxygen for growth. The lowest
concentration of oxygen that allows growth is called the minimum permissive oxygen
concentration. The organism will not grow outside the range of oxygen levels found between the
minimum and maximum permissive oxygen concentrations. Jeni's blood samples are streaked directly
on sheep blood agar. A sample of culture rapidly mixed in a drop of 3% hydrogen peroxide will
release bubbles.
"""
LIT = (
    "Fill in the blank: After the cultures are added to the jar, the _____ is lit and the lid "
    "closed."
)


def test_the_blank_as_the_subject_of_a_passive() -> None:
    assert passive_verb(LIT) == "lit"
    assert passive_verb("Fill in the blank: The _____ is used for non-associative operators.")
    assert passive_verb("Fill in the blank: Go programs are organized into _____.") is None


def test_an_abstract_word_or_a_modifier_is_not_lit() -> None:
    assert verb_misfit("candle", "environment", LIT, CANDLE_JAR)  # -ment
    assert verb_misfit("candle", "minimum", LIT, CANDLE_JAR)  # "a minimum level"
    assert mostly_modifier("minimum", CANDLE_JAR)
    assert verb_misfit("candle", "jar", LIT, CANDLE_JAR) is None


def test_a_generic_verb_selects_nothing() -> None:
    # "is used" is written of anything: no option is judged by it.
    text = CANDLE_JAR + " The jar is used often. A lid is used. The agar is used. It is used."
    stem = "Fill in the blank: The _____ is used to grow capnophiles."
    assert verb_misfit("candle", "environment", stem, text) is None


def test_the_candle_set_and_both_scorers() -> None:
    chosen, _ = pick_choices(
        "candle", ["environment", "minimum", "sample", "jar", "lid"], LIT, material=CANDLE_JAR
    )
    assert not {"environment", "minimum"} & set(chosen)
    options = ["sample", "environment", "minimum"]
    assert choice_failures("candle", options, LIT, material=CANDLE_JAR)
    kept, _ = judge_choices("candle", options, LIT, material=CANDLE_JAR)
    assert len(kept) < 3


def test_claudes_options_are_judged_by_the_alias_and_the_kind_of_name_too() -> None:
    chosen, _ = pick_choices(
        "Wilmot Proviso",
        ["Lewis Cass", "Pottawatomie Creek", "Old Fuss", "Missouri Compromise"],
        WILMOT,
        material=KANSAS,
    )
    assert not {"Lewis Cass", "Pottawatomie Creek", "Old Fuss"} & set(chosen)
    chosen, _ = pick_choices(
        "spectral lines", ["bright lines", "dark lines", "chemical elements"], SPECTRAL,
        material=SPECTRA,
    )  # fmt: skip
    assert "bright lines" not in chosen


def test_a_list_closed_by_or_names_no_thing_twice() -> None:
    # Deviance and control: cultural norms are not social norms by another name.
    text = (
        "According to sociologist William Graham Sumner, deviance is a violation of established "
        "contextual, cultural, or social norms, whether folkways, mores, or codified law (1906)."
    )
    assert aliases(text) == ()
    assert stated_alias("social norms", "cultural norms", text) is None


# -- the older kind tests agree with the names' kinds -----------------------------------------
KANSAS_LAWS = KANSAS + (
    "Its first constitution, the Topeka Constitution, would have made Kansas a free-soil state. "
    "A proslavery legislature, however, created the 1857 Lecompton Constitution to enshrine the "
    "institution of slavery in the new Kansas-Nebraska territories."
)


def test_laws_by_their_names_are_one_kind_for_every_kind_test() -> None:
    # "The Compromise of 1850" wrote the category word alone, which read as a surname (a
    # person's); "constitution" and "proviso" are two head nouns of one kind, laws.
    assert kind_clash("Wilmot Proviso", "Missouri Compromise", KANSAS_LAWS) is None
    assert sense_clash("Wilmot Proviso", "Lecompton Constitution", WILMOT, KANSAS_LAWS) is None
    chosen, _ = pick_choices(
        "Wilmot Proviso",
        ["Lewis Cass", "Pottawatomie Creek", "Old Fuss", "Missouri Compromise",
         "Topeka Constitution", "Lecompton Constitution"],
        WILMOT,
        material=KANSAS_LAWS,
        harvested=True,
    )  # fmt: skip
    assert set(chosen) == {"Missouri Compromise", "Topeka Constitution", "Lecompton Constitution"}


def test_a_person_by_life_dates_and_occupation_is_a_person_among_persons() -> None:
    # "German botanist Andreas Schimper (1856–1901)": his set is made of scientists.
    # ("botanist" is no title the older test knew: Schimper was a "name" among persons.)
    assert kind_clash("Andreas Schimper", "Robert Hooke", CELLS) is None  # "scientist Robert …"
    assert kind_clash("Andreas Schimper", "Robert Brown", CELLS) is None


def test_a_term_capitalised_to_open_the_sentence_is_no_place() -> None:
    # Temperature and growth: "Psychrophiles are microorganisms …", "… found in psychrophiles".
    text = (
        "Psychrophiles are microorganisms that can grow at 0 °C and below. Because they are "
        "active at low temperature, psychrophiles and psychrotrophs are important decomposers "
        "in cold climates. Proteins in psychrophiles are, in general, rich in hydrophobic "
        "residues."
    )
    assert entity_kind("Psychrophiles", text) is None
    assert entity_clash("Psychrophiles", "Organisms", text) is None
