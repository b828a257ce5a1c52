"""Issue 18, round 10's strict blind read: two card backs and one choice set a learner would fix.
Each test quotes the tuning text's own sentence (OpenStax Chemistry 2e 8.1 "Valence Bond
Theory") and fails without its rule; the benchmark scorer runs the choice rule too."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from benchmarks._card_scorer import choice_failures
from studyapp.generation.choice_contrast import contrast_misfit, counterpart
from studyapp.generation.choice_fit import misfit
from studyapp.generation.offline_cards import (
    definition_card,
    find_definition,
    harvest,
    lost_subject,
    split_sentences,
    tidy_answer,
    units,
)
from studyapp.generation.quality import judge_choices
from studyapp.services.generation import clean_material
from studyapp.services.material import read_file

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
VALENCE = "valence_bond_theory.html"

# The converted page lost "Figure 8.2" before "illustrates": the next sentence opens lower case.
OVERLAP = (
    "The energy of the system depends on how much the orbitals overlap.  illustrates how the sum "
    "of the energies of two hydrogen atoms (the colored curve) changes as they approach each "
    "other. When the atoms are far apart there is no overlap, and by convention we set the sum "
    "of the energies at zero."
)
ENERGY = (
    "While the atoms are still widely separated, the attractions are slightly stronger than the "
    "repulsions, and the energy of the system decreases. (A bond begins to form.) As the atoms "
    "move closer together, the overlap increases, so the attraction of the nuclei for the "
    "electrons continues to increase (as do the repulsions among electrons and between the "
    "nuclei). Valence bond theory describes a covalent bond as the overlap of half-filled atomic "
    "orbitals (each containing a single electron) that yield a pair of electrons shared between "
    "the two bonded atoms."
)
STEM = (
    "Fill in the blank: While the atoms are still widely separated, the attractions are slightly "
    "stronger than the _____, and the energy of the system decreases."
)


@cache
def _cards(name: str) -> dict[str, str]:
    text = clean_material(read_file(CORPUS / name))  # round 10's texts, tuning now
    return {c.front: c.back for c in harvest(text, 200).cards}


# -- 40. a back ends at its sentence's end, whatever case the next sentence opens in ----------
def test_a_full_stop_before_a_lower_case_word_ends_the_sentence() -> None:
    assert split_sentences(OVERLAP)[:2] == [
        "The energy of the system depends on how much the orbitals overlap.",
        "illustrates how the sum of the energies of two hydrogen atoms (the colored curve) "
        "changes as they approach each other.",
    ]
    backs = [b for f, b in _cards(VALENCE).items() if "depend on" in f]
    assert all("illustrates" not in b for b in backs)


def test_a_sentence_that_lost_its_subject_makes_no_card() -> None:
    # Split off at last, "shows what happens …" (College Physics 31.1, "Figure 31.4 shows")
    # made "Fill in the blank: shows what happens if the rays are passed through a _____."
    paragraph = (
        "Eventually, three types were distinguished and named alpha, beta, and gamma, because, "
        "like x-rays, their identities were initially unknown.  shows what happens if the rays "
        "are passed through a magnetic field."
    )
    assert lost_subject(split_sentences(paragraph)[1])
    assert not any(u.text.startswith("shows") for u in units(paragraph))
    assert not any(
        f.startswith("Fill in the blank: shows") for f in _cards("nuclear_radioactivity.html")
    )
    # A program or a function written in lower case opens a sentence of its own.
    assert not lost_subject("httpd also supports 'transparent' content negotiation.")
    assert not lost_subject("getsockopt(2) and setsockopt(2) are used to set or get options.")


def test_shortenings_before_a_lower_case_word_still_do_not_split() -> None:
    for sentence in (
        "Bonds form between many atoms, e.g. the two hydrogen atoms of H2.",
        "The bond distance, i.e. a distance of 74 pm, is the optimum.",
        "Pauling et al. showed that the bond is stable at that distance.",
        "The energy falls by approx. the same amount each time.",
        "The bond (see above. and below) forms here.",
        "Wait... and then the bond forms.",
    ):
        assert split_sentences(sentence) == [sentence]


# -- 14. an aside after a dash that comments on the answer is no part of the back -------------
def test_a_dash_aside_that_comments_is_cut_from_the_back() -> None:
    sentence = (
        "The dipole moment of a bond is defined as the charge times the distance – charge once "
        "again being measured in multiples of the charge on an electron, or coulombs."
    )
    d = find_definition(sentence)
    assert d is not None
    card = definition_card(d)
    assert card.front == "How is the dipole moment of a bond defined?"
    assert card.back == "The charge times the distance"


def test_dashes_in_names_ranges_and_added_facts_stay() -> None:
    assert (
        tidy_answer("the Lewis–Langmuir theory of bonding")
        == "The Lewis–Langmuir theory of bonding"
    )
    assert tidy_answer("a range of 1990 – 2000") == "A range of 1990 – 2000"
    assert tidy_answer("two things - a key and a value") == "Two things - a key and a value"


# -- S2. a blank the sentence compares with a named counterpart takes that counterpart's peers --
def test_the_counterpart_of_a_comparison_is_read() -> None:
    assert counterpart(STEM) == "attractions"
    assert counterpart("Fill in the blank: The _____ are stronger than the attractions.") == (
        "attractions"
    )
    assert counterpart("Fill in the blank: They are stronger than the _____.") == ""
    assert (
        counterpart("Fill in the blank: For convenience, a constructor is returned by _____.") == ""
    )


def test_acts_compared_or_a_counterpart_after_than_are_read_as_written() -> None:
    # Introduction to Business 4.3: the blank is compared with an act ("starting a …"), and
    # after "than" the counterpart is the whole term ("attractive forces"), not its modifier.
    stem = (
        "Fill in the blank: Setting up a _____ is more complex than starting a sole "
        "proprietorship or partnership."
    )
    assert counterpart(stem) == ""
    assert counterpart("Fill in the blank: The _____ are stronger than the attractive forces.") == (
        "attractive forces"
    )


def test_particles_are_no_options_for_a_force_compared_with_attractions() -> None:
    for option in ("electrons", "orbitals", "overlaps"):
        assert contrast_misfit("repulsions", option, STEM, ENERGY) is not None
        assert misfit(option, "repulsions", STEM, ENERGY, harvested=True) is not None
    kept, _ = judge_choices(
        "repulsions", ["electrons", "orbitals", "overlaps"], STEM, material=ENERGY
    )
    assert kept == []
    assert choice_failures("repulsions", ["electrons", "orbitals", "overlaps"], STEM,
                           material=ENERGY)  # fmt: skip


def test_a_peer_the_material_lists_with_the_counterpart_passes() -> None:
    material = ENERGY + " The attractions and tensions between the atoms change as they move."
    assert contrast_misfit("repulsions", "tensions", STEM, material) is None


def test_a_sentence_with_no_comparison_keeps_its_set() -> None:
    stem = "Fill in the blank: For convenience, a constructor is returned by _____."
    material = "For convenience, a constructor is returned by ffi.metatype()."
    for option in ("ffi.string()", "ffi.new()", "ffi.load()"):
        assert contrast_misfit("ffi.metatype()", option, stem, material) is None
