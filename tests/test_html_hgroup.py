"""An HTML5 ``<hgroup>`` is one heading (studyapp.generation.cleaning.html).

Round 18's corpus took three chapters from Standard Ebooks, whose XHTML sets a chapter's number
and title as ``<hgroup><h3>IV</h3><p epub:type="title">…</p></hgroup>``. The cleaner read the
number as the heading and the title as a paragraph, so the chapter's tree had a skill called
"IV" and no skill for the title. The markup below is the chapter opening as the files hold it
(tests/fixtures/corpus/SOURCES.md); the prose after it is this test's own.
"""

from __future__ import annotations

from studyapp.generation.cleaning import clean

SMITH = """<section id="chapter-1-4" epub:type="chapter">
<hgroup>
<h3 epub:type="z3998:ordinal z3998:roman">IV</h3>
<p epub:type="title">Of the Origin and Use of Money</p>
</hgroup>
<p>Money is a common instrument of commerce in every civilised nation.</p>
</section>"""


def _lines(cleaned: str) -> list[str]:
    return [line for line in cleaned.splitlines() if line.strip()]


def test_a_numbered_chapter_takes_its_title_as_the_heading() -> None:
    lines = _lines(clean(SMITH, "html"))
    assert lines[0].lstrip("#").strip() == "Of the Origin and Use of Money"
    assert lines[0].startswith("#")
    assert not any(line.lstrip("#").strip() == "IV" for line in lines)
    # The title is a heading only, not also a sentence of prose.
    assert sum("Origin and Use of Money" in line for line in lines) == 1
    assert "Money is a common instrument of commerce" in lines[1]


def test_a_worded_heading_keeps_its_words_and_drops_the_subtitle() -> None:
    page = (
        "<article><hgroup><h2>Caching</h2><p>How browsers reuse responses</p></hgroup>"
        "<p>A cache stores responses for reuse.</p></article>"
    )
    lines = _lines(clean(page, "html"))
    assert lines[0].lstrip("#").strip() == "Caching"
    assert not any("How browsers reuse responses" in line for line in lines)


def test_chapter_words_with_a_number_count_as_a_number() -> None:
    page = "<hgroup><h2>Chapter 12</h2><p>Truth and Falsehood</p></hgroup><p>Some text here.</p>"
    assert _lines(clean(page, "html"))[0].lstrip("#").strip() == "Truth and Falsehood"
