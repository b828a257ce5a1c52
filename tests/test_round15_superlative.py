"""Round 15's strict read (issue 18), card 7: "What is aphelion? => A farthest point from the
Sun of an orbiting body; …". A superlative makes its genus one of a kind, so the glossary back
takes "the", as "best" and "only" already did; other genus words still take "a"/"an"."""

from __future__ import annotations

from studyapp.generation.genus_article import with_genus_article
from tests.corpus_gate import harvested


def test_a_superlative_genus_takes_the() -> None:
    back = "farthest point from the Sun of an orbiting body"
    assert with_genus_article(back) == "the farthest point from the Sun of an orbiting body"
    assert with_genus_article("closest star to the Sun") == "the closest star to the Sun"
    assert with_genus_article("point of closest approach") == "a point of closest approach"


def test_the_aphelion_card_reads_the_farthest_point() -> None:
    cards = harvested("keplers_laws.html")
    assert cards["What is aphelion?"].startswith("The farthest point from the Sun")
