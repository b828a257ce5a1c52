"""Finding an HTML page's main content (studyapp.generation.cleaning.html_main).

The cleaner used to take the first ``<div class="content">`` for the page's content and drop
everything before it. Asciidoctor (Git's documentation and many other projects) gives that class
to every small listing box inside the text, so an imported page lost every section before its
first code listing. The fixture is Git's gitcli(7) as git/htmldocs holds it (Asciidoctor 2.0.20,
GPL-2.0-only, trimmed; see tests/fixtures/corpus/SOURCES.md).
"""

from __future__ import annotations

from pathlib import Path

from studyapp.generation.cleaning import clean
from studyapp.generation.cleaning.html_main import main_container

GITCLI = (Path(__file__).parent / "fixtures" / "asciidoctor_gitcli.html").read_text(
    encoding="utf-8"
)


def _headings(cleaned: str) -> list[str]:
    return [line.lstrip("#").strip().lower() for line in cleaned.splitlines() if line[:1] == "#"]


def test_asciidoctor_page_keeps_every_section_and_subsection_heading() -> None:
    cleaned = clean(GITCLI, "html")
    assert _headings(cleaned) == [
        "synopsis",
        "description",
        "enhanced option parser",
        "magic options",
        "negating options",
        "aggregating short options",
        "abbreviating long options",
        "separating argument from the option",
        "notes on frequently confused options",
        "git",
    ]
    assert "\n### Magic Options\n" in cleaned  # h3 stays a level below its h2


def test_asciidoctor_text_before_the_first_content_box_is_kept() -> None:
    cleaned = clean(GITCLI, "html")
    first_box = cleaned.index("```\n$ git restore *.c")  # the first <div class="content">
    for before in (
        "This manual describes the convention used throughout Git CLI.",
        "Options come first and then args.",
        "Revisions come first and then paths.",
    ):
        assert -1 < cleaned.find(before) < first_box
    assert "The former lets your shell expand the fileglob" in cleaned


def test_asciidoctor_header_toc_navigation_and_footer_stay_out() -> None:
    toc = (
        '<div id="toc" class="toc"><div id="toctitle">Table of Contents</div>'
        '<ul class="sectlevel1"><li><a href="#_synopsis">SYNOPSIS</a></li>'
        '<li><a href="#_description">DESCRIPTION</a></li></ul></div>'
    )
    page = GITCLI.replace('<div id="content">', f'<div id="content">\n{toc}', 1).replace(
        '<body class="manpage">', '<body class="manpage"><nav><a href="/">Git docs home</a></nav>'
    )
    cleaned = clean(page, "html")
    assert "Table of Contents" not in cleaned and "- SYNOPSIS" not in cleaned
    assert "Git docs home" not in cleaned
    assert "Last updated" not in cleaned  # Asciidoctor's <div id="footer">
    assert "Manual Page" not in cleaned  # the header's title band, outside #content
    assert cleaned.startswith("## Synopsis\n")


def test_a_small_content_box_is_never_taken_for_the_page() -> None:
    page = """<html><body><h1>Compilers</h1>
    <p>A compiler translates a program written in one language into another language.</p>
    <p>The front end checks the source program and builds an intermediate representation.</p>
    <div class="note"><div class="content"><p>Try it yourself.</p></div></div>
    <h2>Optimisation</h2><p>The middle end improves the intermediate representation.</p>
    </body></html>"""
    assert main_container(page) is None
    cleaned = clean(page, "html")
    assert "A compiler translates a program" in cleaned and "The front end checks" in cleaned
    assert "## Optimisation" in cleaned


def test_semantic_main_is_preferred_and_what_follows_it_is_left_out() -> None:
    page = """<html><body><div class="content">
    <div class="banner"><p>Subscribe to our newsletter today.</p></div>
    <main><h1>Photosynthesis</h1>
    <p>Photosynthesis turns light energy into chemical energy stored in sugars.</p>
    <p>It takes place in the chloroplasts of plant cells and of algae.</p>
    <p>Its light reactions split water and release oxygen as a by-product.</p></main>
    <div class="comments"><p>Great post, thanks!</p></div>
    </div></body></html>"""
    cleaned = clean(page, "html")
    assert cleaned.startswith("# Photosynthesis\n")
    assert "release oxygen" in cleaned
    assert "newsletter" not in cleaned and "Great post" not in cleaned


def test_a_stray_end_tag_does_not_end_the_content() -> None:
    page = """<html><body><main><h1>Tides</h1>
    <p>Tides are the rise and fall of sea levels caused by the Moon's gravity.</p></div>
    <p>Spring tides happen when the Sun and the Moon are in line.</p>
    </main><footer><p>Copyright</p></footer></body></html>"""
    cleaned = clean(page, "html")
    assert "Spring tides happen" in cleaned and "Copyright" not in cleaned


def test_a_body_class_naming_the_toc_layout_does_not_hide_the_page() -> None:
    """Asciidoctor's ``:toc: left`` writes ``<body class="article toc2 toc-left">`` and puts the
    table of contents in the header; "toc" in the body's class once made the whole page chrome
    (the cleaned text was empty)."""
    toc = '<div id="toc" class="toc2"><div id="toctitle">Table of Contents</div></div>'
    page = GITCLI.replace('<body class="manpage">', '<body class="article toc2 toc-left">').replace(
        '<div id="content">', f'{toc}\n<div id="content">', 1
    )
    cleaned = clean(page, "html")
    assert len(_headings(cleaned)) == 10
    assert "Table of Contents" not in cleaned
