"""Issue 18, round 8's strict read: wrong options of the answer's own kind, drawn from the
material's lists and definitions, and a set refused (and failed by both benchmark scorers)
rather than offer options of another kind. The texts are the tuning texts' own sentences
(Boundless Anthropology "Pastoralism", OpenStax University Physics 5.1 "Electric Charge",
OpenStax U.S. History 5.4 "The Destruction of the Tea")."""

from __future__ import annotations

from benchmarks._card_scorer import choice_failures
from studyapp.generation.choice_fit import pick_choices
from studyapp.generation.choice_other_kind import (
    mass_among_countable,
    not_a_noun,
    other_kind,
    outside_kin,
    split_kinds,
)
from studyapp.generation.choice_peers import (
    _fits,
    coordinated,
    genus_peers,
    kin,
    lists,
    plural_agreed,
)
from studyapp.generation.choice_sense import sense_clash
from studyapp.generation.quality import judge_choices

PASTORALISM = """# Pastoralism

Humans in different environments domesticated a wide range of prey animals, including sheep,
goats, cattle, water buffalo, yaks, pigs, reindeer, llamas, and alpacas.

## Bedouin

Before the 20th century, Bedouin peoples made their living primarily by herding camels, sheep,
goats, and cattle. In areas around Jordan, Syria, and Iraq, sheep and goats are preferred, while
cattle are kept by Bedouin groups in southern Arabia and Sudan. In very dry regions such as the
Sahara and the Arabian Deserts, Bedouin groups herd camels, hardy animals with scant need for
water. Camels are valued as transport but also for their high-quality milk and tasty meat.
Where sheep are kept, women spin the wool into yarn, then weave it into strips used to make tents.

Pastoralists move their herds between rangelands as the seasons change. Grazing resources are
shared among families of one group.
"""
CAMELS = (
    "Fill in the blank: _____ are valued as transport but also for their high-quality milk and "
    "tasty meat."
)

CHARGE = """# Electric Charge

However, in 1908, the New Zealand physicist Ernest Rutherford showed that the positive charges of
the atom existed within a tiny core—called a nucleus—that took up only a very tiny fraction of
the overall volume of the atom, but held over 99% of the mass.
This mystery was resolved in 1932 by the English physicist James Chadwick, with the discovery of
the neutron. The neutron is, essentially, an electrically neutral twin of the proton, with no
electric charge, but (nearly) identical mass to the proton. The helium nucleus therefore has two
neutrons along with its two protons. (Later experiments were to show that although the neutron is
electrically neutral overall, it does have an internal charge structure. Furthermore, although
the masses of the neutron and the proton are nearly equal, they aren't exactly equal. That,
however, is a story that will have to wait until our study of modern physics in Nuclear Physics.)

The electric charge of one electron is equal in magnitude and opposite in sign to the charge of
one proton. The very low-mass electrons can be more or less easily removed or added to an atom.

## Key terms

**electron**: particle surrounding the nucleus of an atom and carrying the smallest unit of
negative charge

**ion**: atom or molecule with more or fewer electrons than protons

**neutron**: neutral particle in the nucleus of an atom, with (nearly) the same mass as a proton

**proton**: particle in the nucleus of an atom and carrying a positive charge equal in magnitude
to the amount of negative charge carried by an electron
"""
NEUTRON = (
    "Fill in the blank: The _____ is, essentially, an electrically neutral twin of the proton, "
    "with no electric charge, but (nearly) identical mass to the proton."
)

TEA = """# The Destruction of the Tea

The Tea Act of 1773 triggered a reaction with far more significant consequences than either the
1765 Stamp Act or the 1767 Townshend Acts. Finally, the Quartering Act encompassed all the
colonies and allowed British troops to be housed in occupied buildings. At the same time,
Parliament also passed the Quebec Act, which expanded the boundaries of Quebec westward.
"""
TEA_ACT = (
    "Fill in the blank: The _____ of 1773 gave the British East India Company the ability to "
    "export its tea directly to the colonies without paying import or export duties."
)


# -- peers: the material's lists and definitions ---------------------------------------------
def test_the_terms_listed_with_the_answer_are_its_peers() -> None:
    assert coordinated("Camels", PASTORALISM, hops=1) == ["sheep", "goats", "cattle"]


def test_a_list_closed_by_and_lends_no_item_to_the_next_one() -> None:
    # "around Jordan, Syria, and Iraq, sheep and goats": Iraq is no sheep's peer.
    assert ("sheep", "goats") in lists(PASTORALISM)
    assert all("Iraq" not in items or "sheep" not in items for items in lists(PASTORALISM))


def test_a_list_introduced_by_including_starts_after_it() -> None:
    first = lists(PASTORALISM)[0]
    assert first[0] == "sheep" and "alpacas" in first


def test_terms_defined_with_the_answers_genus_are_its_peers() -> None:
    # "neutral particle in …", "particle in …", "particle surrounding …"; an ion is an atom.
    assert genus_peers("neutron", CHARGE) == ["electron", "proton"]
    assert set(kin("neutron", CHARGE)) >= {"electron", "proton"}


def test_a_plural_by_agreement_is_read_from_the_verb() -> None:
    assert plural_agreed("cattle", PASTORALISM) and plural_agreed("sheep", PASTORALISM)
    assert not plural_agreed("camel", PASTORALISM)


# -- the generator: the answer's own kind, or no set -----------------------------------------
def test_the_camels_set_is_made_of_herd_animals() -> None:
    candidates = ["Rangelands", "Resources", "Families", "milk", "transport"]
    chosen, _ = pick_choices("Camels", candidates, CAMELS, material=PASTORALISM, harvested=True)
    assert len(chosen) == 3
    assert {c.lower() for c in chosen} <= {
        "sheep", "goats", "cattle", "water buffalo", "yaks", "pigs", "reindeer", "llamas",
        "alpacas",
    }  # fmt: skip


def test_the_neutron_set_offers_no_adverb_field_or_quantity() -> None:
    candidates = ["overall", "physics", "magnitude", "electron", "proton"]
    chosen, rejected = pick_choices("neutron", candidates, NEUTRON, material=CHARGE, harvested=True)
    assert not {"overall", "physics", "magnitude"} & set(chosen)
    why = {r.text: r.reason for r in rejected}
    assert "adjective or an adverb" in why["overall"]
    assert "mass noun" in why["physics"] and "mass noun" in why["magnitude"]


# -- the test, one rule at a time -------------------------------------------------------------
def test_an_adverb_is_no_option_for_a_noun() -> None:
    # "electrically neutral overall", "the overall volume": never a noun in the text.
    assert not_a_noun("neutron", "overall", CHARGE)
    assert not_a_noun("neutron", "electron", CHARGE) is None


def test_a_field_or_a_quantity_is_no_option_among_things_counted() -> None:
    assert mass_among_countable("neutron", "physics", CHARGE)  # "two neutrons"
    assert mass_among_countable("neutron", "magnitude", CHARGE)
    assert mass_among_countable("neutron", "atom", CHARGE) is None  # "an atom"


def test_an_option_outside_the_answers_many_peers_is_another_kind() -> None:
    assert outside_kin("Camels", "Rangelands", PASTORALISM)
    assert outside_kin("Camels", "Families", PASTORALISM)
    assert outside_kin("Camels", "Goats", PASTORALISM) is None


def test_acts_beside_an_act_are_its_kind() -> None:
    for option in ("Quartering Act", "Stamp Act", "Quebec Act"):
        assert other_kind("Tea Act", option, TEA) is None


# -- the scorers fail a set of another kind ---------------------------------------------------
def test_both_scorers_fail_the_sets_of_another_kind() -> None:
    for answer, options, front, text in (
        ("Camels", ["Rangelands", "Resources", "Families"], CAMELS, PASTORALISM),
        ("neutron", ["overall", "physics", "magnitude"], NEUTRON, CHARGE),
    ):
        assert choice_failures(answer, options, front, material=text)
        assert not choice_failures(answer, options, front)  # blind without the text
        kept, _ = judge_choices(answer, options, front, material=text)
        assert len(kept) < 3


def test_both_scorers_pass_the_tea_act_set() -> None:
    options = ["Quartering Act", "Stamp Act", "Quebec Act"]
    assert not choice_failures("Tea Act", options, TEA_ACT, material=TEA)
    kept, _ = judge_choices("Tea Act", options, TEA_ACT, material=TEA)
    assert kept == options


def test_a_peer_by_genus_is_no_other_kind_by_its_head_noun() -> None:
    # "the neutron is electrically neutral overall", "one electron is equal in magnitude":
    # the head-noun check read two classes ("overall", "equal"); the glossary's "particle"
    # for both says they are one kind.
    assert sense_clash("neutron", "electron", NEUTRON, CHARGE) is None


def test_two_clauses_joined_by_comma_and_are_no_list() -> None:
    # Endocrine overview: the external environment is no peer of the endocrine system.
    text = (
        "In general, the nervous system involves quick responses to rapid changes in the "
        "external environment, and the endocrine system is usually slower acting."
    )
    assert coordinated("endocrine system", text) == []


def test_a_peer_of_words_has_the_answers_head() -> None:
    assert _fits("endocrine system", "nervous system")
    assert not _fits("endocrine system", "external environment")


def test_a_misspelt_peer_is_one_peer() -> None:
    # "Thermophiles and hyperthemophiles are adapted …" beside "thermophiles and
    # hyperthermophiles show …": one peer, not two options a letter apart.
    text = (
        "Macromolecules in thermophiles and hyperthermophiles show some notable structural "
        "differences. Thermophiles and hyperthemophiles are adapted to life at temperatures "
        "above 50 °C."
    )
    assert kin("thermophiles", text) == ["hyperthermophiles"]


def test_a_set_with_one_peer_among_strangers_splits_in_two_kinds() -> None:
    # "The vast majority of positive charge in nature is carried by _____": protons among
    # experiments | neutrons | properties leaves the learner the two particles.
    text = CHARGE + "\nLater experiments showed properties of the atom."
    assert split_kinds("protons", ["experiments", "neutrons", "properties"], text)
    assert split_kinds("protons", ["electrons", "neutrons", "ions"], text) is None
