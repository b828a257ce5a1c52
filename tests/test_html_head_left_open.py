"""A page that opens ``<head>`` and never closes it (studyapp.generation.cleaning.html_main).

Browsers end such a head at the first tag that cannot stand in it. Read literally, the whole
page was head, which is chrome, so the cleaner gave no words and a learner's import made no
cards. The page is the Boost Graph Library's "Review of Elementary Graph Theory"
(``boostorg/graph``, ``doc/graph_theory_review.html``, Boost Software License 1.0), its first
lines as written: ``<Head>``, a closed ``<Title>``, then ``<BODY …>`` with no ``</Head>``.
"""

from __future__ import annotations

from studyapp.generation.cleaning import clean
from studyapp.generation.cleaning.html_main import head_left_open, main_container
from studyapp.generation.cleaning.marks import html_marks

BOOST = """<HTML>
<!--
     Copyright (c) Jeremy Siek 2000
  -->
<Head>
<Title>Boost Graph Library: Graph Theory Review</Title>
<BODY BGCOLOR="#ffffff" LINK="#0000ee" TEXT="#000000" VLINK="#551a8b"
        ALINK="#ff0000">
<IMG SRC="../../../boost.png"
     ALT="C++ Boost" width="277" height="86">

<BR Clear>

<H1>Review of Elementary Graph Theory</H1>

<H1>The Graph Abstraction</H1>

<P>
A graph is a mathematical abstraction that is useful for solving many
kinds of problems. In a <a
name="def:directed-graph"><I>directed graph</I></a>, edges are ordered
pairs, connecting a <a name="def:source"><I>source</I></a> vertex to a
<a name="def:target"><I>target</I></a> vertex.
</BODY>
</HTML>
"""


def test_a_head_left_open_ends_where_the_body_starts() -> None:
    text = clean(BOOST, "html")
    assert "# The Graph Abstraction" in text
    assert "A graph is a mathematical abstraction" in text
    assert "Boost Graph Library: Graph Theory Review" not in text  # the title stays chrome


def test_the_marked_terms_of_such_a_page_are_read() -> None:
    """Boost sets its terms in <I>, which is not a mark; the same page with <EM> is read."""
    page = BOOST.replace("<I>directed graph</I>", "<EM>directed graph</EM>")
    assert "directed graph" in [m.term for m in html_marks(page)]


def test_only_a_tag_that_cannot_stand_in_head_ends_it() -> None:
    assert head_left_open("body", ["html", "head"]) == 1
    assert head_left_open("p", ["html", "head", "noscript"]) == 1
    assert head_left_open("title", ["html", "head"]) is None
    assert head_left_open("meta", ["html", "head"]) is None
    assert head_left_open("p", ["html", "body"]) is None


def test_a_closed_head_reads_as_before() -> None:
    page = (
        "<html><head><title>T</title></head><body><main><p>Words of the page.</p></main></body>"
        "</html>"
    )
    assert clean(page, "html").strip() == "Words of the page."
    assert main_container(page) is not None
