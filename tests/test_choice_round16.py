"""Issue 18, round 16's blind strict read of three choice sets (none usable): the option
defects of the two computer-hardware sets, each with the real set, failing without its rule.

- S1: "Fill in the blank: Malware can also damage files and allow _____ access …" => hackers
  among devices | servers | workstations: the only people among things. The text calls hackers
  "individuals who gain unauthorized access": a person takes only people as wrong options
  (choice_sense.is_person), and "hackers", "users" name nothing but people (choice_kinds).
- S3: "Fill in the blank: A _____ connects devices …" => server among workstation | hub |
  mainframe: the text says "The purpose of a hub is to send a received message to all
  connected devices", so "hub" is right too (choice_does_too).
(S2, libtiff's ZIP_SUPPORT, is a wrong card, not a wrong option: left to the card rules.)"""

from __future__ import annotations

from pathlib import Path

from studyapp.generation.choice_does_too import deed, does_too
from studyapp.generation.choice_fit import misfit
from studyapp.generation.choice_kinds import kind_clash
from studyapp.generation.choice_sense import is_person, sense_clash
from studyapp.generation.quality import judge_choices
from studyapp.services.generation import clean_material
from studyapp.services.material import read_file

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
HARDWARE = clean_material(read_file(CORPUS / "computer_hardware.html"))

HACKERS = (
    "Fill in the blank: Malware can also damage files and allow _____ access to files and "
    "information stored on your computer."
)
SERVER = (
    "Fill in the blank: A _____ connects devices and allows for resource sharing across the "
    "network."
)
# The text's own sentences the rules read.
APPOSED = (
    "The increase of hackers, individuals who gain unauthorized access to computer systems in "
    "an attempt to steal someone’s information, has become a major issue."
)
HUB = (
    "The purpose of a hub is to send a received message to all connected devices rather than "
    "just the intended ones."
)


def test_people_set_beside_individuals_who_are_people() -> None:
    assert "hackers, individuals who gain unauthorized access" in " ".join(HARDWARE.split())
    assert is_person("hackers", APPOSED)
    assert not is_person("servers", APPOSED)


def test_s1_no_things_beside_the_hackers() -> None:
    for option in ("devices", "servers", "workstations"):
        assert sense_clash("hackers", option, HACKERS, HARDWARE) == (
            "a person among things, or a thing among people"
        )
        assert misfit(option, "hackers", HACKERS, HARDWARE, harvested=True) is not None


def test_people_nouns_are_a_kind_of_their_own() -> None:
    """Without the material too: "users" among devices is a group of people among terms."""
    assert (
        kind_clash("devices", "users")
        == "another kind than the answer (a group of people among terms)"
    )
    assert kind_clash("hackers", "users") is None
    assert is_person("users") and is_person("employees") and not is_person("clients")


def test_the_blank_says_what_the_answer_does() -> None:
    assert deed(SERVER) == ("connect", ("devic",))
    # Not where the blank is no subject, or only says what the answer is.
    assert deed(HACKERS) is None
    assert deed("Fill in the blank: A _____ is a powerful single-user computer.") is None


def test_s3_hub_connects_devices_too() -> None:
    assert HUB in " ".join(HARDWARE.split())
    why = does_too("server", "hub", SERVER, HARDWARE)
    assert why is not None and why.startswith("right too: the text says it does")
    assert misfit("hub", "server", SERVER, HARDWARE, harvested=True) == why
    # The other two say nothing of connecting devices: they stay fair wrong options.
    assert does_too("server", "workstation", SERVER, HARDWARE) is None
    assert does_too("server", "mainframe", SERVER, HARDWARE) is None


def test_a_negated_sentence_says_nothing_is_done() -> None:
    text = "A switch does not connect devices to the internet."
    assert does_too("server", "switch", SERVER, text) is None
    assert does_too("server", "switch", SERVER, "A switch connects devices.") is not None


def test_the_gate_alone_let_both_sets_through() -> None:
    """The per-option gate keeps all three of each set: the rules above are what refuse them."""
    kept, _ = judge_choices("server", ["workstation", "hub", "mainframe"], SERVER)
    assert len(kept) == 3


def test_the_whole_clause_is_what_the_answer_does() -> None:
    """Siblings that do the same verb to other objects stay fair wrong options: Mesophiles
    also "grow best", but not "in the temperature range of 0–15 °C" (the tuning text on
    temperature and growth, whose sets lost Mesophiles to a two-word reading)."""
    text = clean_material(read_file(CORPUS / "temperature_and_growth.html"))
    stem = (
        "Fill in the blank: _____ grow best in the temperature range of 0–15 °C whereas "
        "psychrotrophs thrive between 4°C and 25 °C."
    )
    assert "Mesophiles grow best at moderate temperatures in the range of 20 °C" in text
    assert deed(stem) == ("grow", ("best", "temperatur", "rang", "0", "15", "c"))
    assert does_too("Psychrophiles", "Mesophiles", stem, text) is None
