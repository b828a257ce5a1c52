"""Issue 18, round 18's blind strict read of five choice sets (none usable): the set defects of
the four that were choice-set faults, each with the real card, failing without its rule.

- S1: "A(n) _____ permits you to work on an image or image sequence in isolation …" => image
  stack among image setting | image operator | operator: one option twice (choice_twice).
- S2: "… including the better known _____, PNG, TIFF and others." => JPEG: the blank is one
  item of a list, so GIF fits too: no set for it (choice_list_slot, through choice_worth).
- S3: "An image setting stays in effect until it is reset or the _____ terminates." =>
  command-line among filename | output | offset: nothing the text says terminates
  (choice_verb_fit.active_misfit).
- S5: "_____ filters are useful …" => Analog among Amplitude | Vector | Stopband: no kinds of
  filter the text names (choice_head_kind).
(S4, fetchmail's RFC1652, is a reading list's entry: left to the card rules.)"""

from __future__ import annotations

from pathlib import Path

from studyapp.generation.choice_fit import misfit, pick_choices
from studyapp.generation.choice_head_kind import head_kind_misfit, kinds_named
from studyapp.generation.choice_list_slot import list_item_blank
from studyapp.generation.choice_twice import one_option_twice
from studyapp.generation.choice_verb_fit import active_verb, verb_misfit
from studyapp.generation.choice_worth import unfit_card
from studyapp.services.generation import clean_material
from studyapp.services.material import read_file

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
MAGICK = clean_material(read_file(CORPUS / "imagemagick_command_line.html"))
FILTERS = clean_material(read_file(CORPUS / "filter_design.html"))

STACK = (
    "Fill in the blank: A(n) _____ permits you to work on an image or image sequence in "
    "isolation and subsequently introduce the results back into the command-line."
)
JPEG = (
    "Fill in the blank: Images are stored in a myriad of image formats including the better "
    "known _____, PNG, TIFF and others."
)
TERMINATES = (
    "Fill in the blank: An image setting stays in effect until it is reset or the _____ terminates."
)
ANALOG = (
    "Fill in the blank: _____ filters are useful for a wide variety of applications, and are "
    "especially useful in that they are very simple to build using standard, passive R,L,C "
    "components."
)


def test_s1_an_option_and_its_head_are_one_option_twice() -> None:
    assert one_option_twice(["image stack", "image setting", "image operator", "operator"])
    assert one_option_twice(["image stack", "image setting", "image operator", "setting"])
    # Kinds sharing a head are not one option: the round-17 set kept by the reader.
    assert one_option_twice(["goal conflict", "cognitive conflict", "affective conflict"]) is None


def test_s1_pick_choices_makes_no_set_with_one_option_twice() -> None:
    kept, _ = pick_choices("image stack", ["image setting", "image operator", "operator"], STACK)
    assert kept == []


def test_s2_a_blank_in_a_list_gets_no_set() -> None:
    assert "including the better known JPEG, PNG, TIFF and others" in " ".join(MAGICK.split())
    assert list_item_blank(JPEG)
    assert unfit_card(JPEG, "JPEG", "cloze", material=MAGICK) == (
        "its blank is one item of a list: any other item fits it too"
    )
    assert list_item_blank(
        "Fill in the blank: Starch and fiber are found in beans, peas, and _____."
    )
    # A blank before an aside or a clause is no item of a list.
    assert not list_item_blank(STACK)
    assert not list_item_blank(
        "Fill in the blank: The value of _____, in seconds, is the time the job may take."
    )


def test_s3_options_must_be_what_the_text_says_terminates() -> None:
    assert active_verb(TERMINATES) == "terminates"
    for option in ("filename", "output", "offset"):
        assert verb_misfit("command-line", option, TERMINATES, MAGICK) is not None
        assert misfit(option, "command-line", TERMINATES, MAGICK, harvested=True) is not None
    assert verb_misfit("command-line", "command-line", TERMINATES, MAGICK) is None


def test_s5_a_blank_before_filters_takes_kinds_of_filter_the_text_names() -> None:
    kinds = kinds_named("filters", FILTERS)
    assert {"butterworth", "chebyshev", "analog"} <= kinds
    for option in ("Amplitude", "Vector", "Stopband"):
        assert head_kind_misfit("Analog", option, ANALOG, FILTERS) is not None
        assert misfit(option, "Analog", ANALOG, FILTERS, harvested=True) is not None
    assert head_kind_misfit("Analog", "Butterworth", ANALOG, FILTERS) is None


def test_the_rules_leave_other_shapes_alone() -> None:
    # An aside after the blank is no list: "… is _____, an endospore-forming, … bacterium".
    assert not list_item_blank(
        "Fill in the blank: The most likely agent of gas gangrene is _____, an "
        "endospore-forming, gram-positive bacterium."
    )
    # A noun after the blank inside a list is no verb: "fishing licenses, _____ limits, …".
    assert (
        active_verb(
            "Fill in the blank: To address the issue of overharvesting conch and other marine "
            "fisheries, economists have advocated simple devices like fishing licenses, _____ "
            "limits, and shorter fishing seasons."
        )
        is None
    )
    # A participle after the blank is no head noun; code is not judged by the words before.
    classes = clean_material(read_file(CORPUS / "classes.html"))
    scope = (
        "Fill in the blank: The name BaseClassName must be defined in a(n) _____ containing the "
        "derived class definition."
    )
    assert head_kind_misfit("scope", "module", scope, classes) is None
    comprehensions = clean_material(read_file(CORPUS / "python_comprehensions.html"))
    stat = (
        "Fill in the blank: Calling the _____ function returns an object that contains several "
        "different types of metadata about the file."
    )
    assert misfit("os.chdir()", "os.stat()", stat, comprehensions, harvested=True) is None
