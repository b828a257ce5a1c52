"""Issue 18, round 13's blind strict read of seven choice sets (one usable): the option
defects, each with the real set, failing without its rule, and a set that stays.

- S3, S5 (Graphviz "The DOT Language"): "keywords node" offered for digraph and subgraph, the
  list's name glued to its first item ("The keywords node, edge, graph, …");
- S4 (carbohydrates): "higher", a comparative adjective, among glucose's nouns;
- S1 (carbohydrates): "amounts", a noun that measures, among foods;
- S7 (Ogg framing): Header | Checksum | Decoder, common nouns capitalised to open the
  sentence, where the answer, Vorbis, is a codec's name."""

from __future__ import annotations

from pathlib import Path

from benchmarks._card_scorer import choice_failures
from studyapp.generation.choice_entity import concept_among_names
from studyapp.generation.choice_other_kind import comparative, measure_noun, other_kind
from studyapp.generation.choice_peers import coordinated, lists
from studyapp.generation.quality import judge_choices
from studyapp.services.generation import clean_material
from studyapp.services.material import read_file

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
_FILES = {"dot": "dot_language.html", "carbo": "carbohydrates.html", "ogg": "ogg_framing.html"}


def _whole(name: str) -> str:
    """A round 13 text as the generator reads it (the sets were made from the whole text)."""
    return clean_material(read_file(CORPUS / _FILES[name]))


DOT = """A graph must be specified as either a digraph or a graph.
An edge statement allows a subgraph on both the left and right sides of the edge operator.
The keywords node, edge, graph, digraph, subgraph, and strict are case-independent.
"""
# OpenStax Biology 2e 37.1 and Sociology 3e 6.1 (tuning texts).
HORMONES = """For example, the pancreas contains cells that function in digestion as well as
cells that secrete the hormones insulin and glucagon, which regulate blood glucose levels."""
GROUPS = "Sports teams, unions, and sororities are examples of in-groups and out-groups."

CARBOHYDRATES = """When someone is exercising, circulating glucose is the first source of
energy. Research studies on UPFs and type 2 diabetes have found that participants with the
highest UPF consumption had a higher risk for type 2 diabetes. A diet higher in carbohydrates
than usual, coupled with days of no exercise, allows for the maximum buildup of stored energy.
Therefore, UPFs are much more likely to have lower amounts of fiber and higher amounts of sugar
and salt than their unrefined versions. Starch and fiber cause a less dramatic rise in blood
glucose. Carbohydrates are a large food category containing starches, cellulose, and sugars.
Glucose is a simple sugar. Glycogen is a polysaccharide. Complex carbohydrates, also called
polysaccharides, comprise long chains of glucose molecules, creating starch or fiber.
"""
GLUCOSE = (
    "Fill in the blank: When someone is exercising, circulating _____ is the first source of "
    "energy."
)
FIBER = "Fill in the blank: Starch and _____ cause a less dramatic rise in blood glucose."

OGG = """The Ogg transport bitstream is designed to provide framing, error protection and
seeking structure for higher-level codec streams that consist of raw, unencapsulated data
packets, such as the Vorbis audio codec or Theora video codec.
Vorbis encodes short-time blocks of PCM data into raw packets of bit-packed data.
Both the header size and page size are variable; the page header contains sizing information
and checksum data to determine header/page size and data integrity.
Once the capture pattern is found, the decoder verifies page sync and integrity by computing
and comparing the checksum.
"""
VORBIS = (
    "Fill in the blank: _____ encodes short-time blocks of PCM data into raw packets of "
    "bit-packed data."
)


def test_a_lists_name_is_no_part_of_its_first_item() -> None:
    assert ("node", "edge", "graph", "digraph", "subgraph", "strict") in lists(DOT)
    assert "keywords node" not in coordinated("digraph", DOT)
    assert "node" in coordinated("digraph", DOT)
    assert ("insulin", "glucagon") in lists(HORMONES)
    # A plural head keeps its plural modifier: "Sports teams" are teams.
    assert ("Sports teams", "unions", "sororities") in lists(GROUPS)


def test_the_dot_sets_without_the_debris() -> None:
    """S5 as the generator now makes it (the harvest): "node" where "keywords node" was."""
    stem = (
        "Fill in the blank: An edge statement allows a _____ on both the left and right sides "
        "of the edge operator."
    )
    whole = _whole("dot")
    kept, _ = judge_choices("subgraph", ["node", "graph", "digraph"], stem, material=whole)
    # The scorer's only objection is its old one ("graph" is a part of "subgraph").
    fails = choice_failures("subgraph", ["node", "graph", "digraph"], stem, None, whole)
    assert fails == ["'graph' overlaps the answer"]
    assert kept == ["node", "graph", "digraph"]


def test_a_comparative_is_no_option_for_a_noun() -> None:
    assert comparative("higher", CARBOHYDRATES)  # "the highest UPF consumption"
    assert not comparative("header", OGG) and not comparative("decoder", OGG)
    # OpenStax Introduction to Business 5.3 (tuning): "than" belongs to "different" there.
    customer = (
        "The company’s PacSun stores cater to a completely different customer than its d.e.m.o."
    )
    assert not comparative("customer", customer)
    kept, rejected = judge_choices(
        "glucose", ["simple sugar", "higher", "polysaccharide"], GLUCOSE, material=_whole("carbo")
    )
    assert kept == ["simple sugar", "polysaccharide"]
    assert "comparative" in rejected[0].reason
    assert other_kind("glucose", "polysaccharide", CARBOHYDRATES) is None


def test_a_noun_that_measures_is_no_option() -> None:
    assert measure_noun("fiber", "amounts", CARBOHYDRATES)
    assert measure_noun("fiber", "sugars", CARBOHYDRATES) is None
    assert measure_noun("types", "kinds", CARBOHYDRATES) is None  # the answer's own sort
    kept, _ = judge_choices("fiber", ["sugars", "salt", "amounts"], FIBER, material=_whole("carbo"))
    assert "amounts" not in kept and "sugars" in kept


def test_a_common_noun_is_no_option_for_a_proper_name() -> None:
    for option in ("Header", "Checksum", "Decoder"):
        assert concept_among_names("Vorbis", option, OGG)
    assert concept_among_names("Vorbis", "Theora", OGG) is None  # a codec's name too
    fails = choice_failures("Vorbis", ["Header", "Checksum", "Decoder"], VORBIS, None, OGG)
    kept, _ = judge_choices(
        "Vorbis", ["Header", "Checksum", "Decoder"], VORBIS, material=_whole("ogg")
    )
    assert kept == []
    assert sum("proper name" in f for f in fails) == 3
    # A concept answer keeps its concepts: the rule reads only a name answer.
    assert concept_among_names("header", "checksum", OGG) is None
