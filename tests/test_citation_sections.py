"""A "References" (or "Notes", "Sources", "Resources") heading is a bibliography only when its
body lists citations: Apache Ant's "References" teaches id/refid and is a skill with cards, an
OpenStax chapter's "References" lists its sources and is neither."""

from __future__ import annotations

import pytest

from studyapp.generation.cleaning import is_boilerplate
from studyapp.generation.cleaning.citations import is_citation, lists_citations
from studyapp.generation.offline import OfflineProvider, tree_headings
from studyapp.generation.offline_cards import units
from studyapp.generation.outline import outline, parse_sections
from studyapp.generation.types import TreeRequest

# tests/fixtures/corpus/ant_using.html (tuning), its "References" section as cleaned
ANT_REFERENCES = (
    "Any project element can be assigned an identifier using its id attribute. In most cases "
    "the element can subsequently be referenced by specifying the refid attribute on an element "
    "of the same type. This can be useful if you are going to replicate the same snippet of XML "
    "over and over again—using a <classpath> structure more than once, for example.\n\n"
    "The following example:\n\n"
    '```\n<classpath>\n  <pathelement location="lib/"/>\n</classpath>\n```\n\n'
    "could be rewritten as:\n\n"
    '```\n<path id="project.class.path">\n  <pathelement location="lib/"/>\n</path>\n'
    '<classpath refid="project.class.path"/>\n```\n\n'
    "All tasks that use nested elements for PatternSets, FileSets, ZipFileSets or path-like "
    "structures accept references to these structures as shown in the examples."
)
# tests/fixtures/corpus/deviance_and_control.html (tuning, OpenStax Introduction to Sociology),
# its "References" as cleaned: the shapes OpenStax writes (Chicago author-date, APA)
OPENSTAX_REFERENCES = (
    "Becker, Howard. 1963. Outsiders: Studies in the Sociology of Deviance. New York: Free "
    "Press.\n\n"
    "Schoepflin, Todd. 2011. “Deviant While Driving?” Everyday Sociology Blog, January 28. "
    "Retrieved February 10, 2012 (http://nortonbooks.typepad.com/everydaysociology/2011/01/"
    "deviant-while-driving.html).\n\n"
    "Sumner, William Graham. 1955 [1906]. Folkways. New York, NY: Dover.\n\n"
    "White, K., & Holman, M. (2012). Marijuana Prohibition in California: Racial Prejudice and "
    "Selective-Arrests. Race, Gender & Class, 19(3/4), 75-92."
)
# tests/fixtures/corpus/epoll.7.txt (tuning): a man page's NOTES are prose about the call
EPOLL_NOTES = (
    "The set of file descriptors that is being monitored via an epoll file descriptor can be "
    "viewed via the entry for the epoll file descriptor in the process's /proc/pid/fdinfo "
    "directory. See proc(5) for further details.\n\n"
    "The kcmp(2) KCMP_EPOLL_TFD operation can be used to test whether a file descriptor is "
    "present in an epoll instance."
)


def _manual(references: str) -> str:
    return (
        "# Using Apache Ant\n\n## Targets\n\nA target is a container of tasks that cooperate to "
        "reach a desired state during the build process.\n\n"
        f"## References\n\n{references}\n\n"
        "## Tasks\n\nA task is a piece of code that can be executed by the build, and it can "
        "have multiple attributes.\n"
    )


def test_a_references_section_that_teaches_is_no_bibliography() -> None:
    assert not lists_citations(ANT_REFERENCES)
    assert not is_boilerplate("References", ANT_REFERENCES)
    text = _manual(ANT_REFERENCES)
    section = next(s for s in parse_sections(text) if s.title == "References")
    assert section.substantive


def test_ants_references_is_a_skill_and_its_sentences_make_cards() -> None:
    text = _manual(ANT_REFERENCES)
    assert tree_headings(text) == ["Targets", "References", "Tasks"]
    tree = OfflineProvider().skill_tree(TreeRequest("Apache Ant", material=text))
    assert [n.title for n in tree.nodes] == ["Targets", "References", "Tasks"]
    found = [u.text for u in units(text) if u.section.endswith("References")]
    assert any(t.startswith("Any project element can be assigned an identifier") for t in found)
    assert "- References" in outline(text)  # Claude is asked for it too


def test_an_openstax_bibliography_is_boilerplate() -> None:
    assert lists_citations(OPENSTAX_REFERENCES)
    assert is_boilerplate("References", OPENSTAX_REFERENCES)
    text = _manual(OPENSTAX_REFERENCES)
    assert tree_headings(text) == ["Targets", "Tasks"]
    assert not [u for u in units(text) if u.section.endswith("References")]
    assert "References" not in outline(text)


@pytest.mark.parametrize(
    "entry",
    [
        *OPENSTAX_REFERENCES.split("\n\n"),
        "Smith, J., et al. 2019. Cell transport. Journal of Biology 12(2), 101-119.",
        "https://doi.org/10.1000/xyz123",
        "Ling, S. J., Sanny, J., & Moebs, W. (2016). University Physics Volume 2. OpenStax.",
    ],
)
def test_citation_shapes(entry: str) -> None:
    assert is_citation(entry)


@pytest.mark.parametrize(
    "entry",
    [
        # tests/fixtures/corpus/why_socialization_matters.html: an in-text citation, a year
        # and a quotation in prose that teaches
        "What does this have to do with Chris Langan, deemed by some the smartest man in the "
        "world (Brabham 2001)? Chris was born in severe poverty, moving across the country with "
        "an abusive and alcoholic stepfather.",
        # tests/fixtures/corpus/kansas_nebraska_act.html: a year and a quoted name
        "Pierce was a supporter of the “Young America” movement of the Democratic Party, which "
        "enthusiastically anticipated extending democracy around the world in 1852.",
        "Any project element can be assigned an identifier using its id attribute.",
    ],
)
def test_prose_with_a_year_or_a_quote_is_no_citation(entry: str) -> None:
    assert not is_citation(entry)


def test_notes_are_boilerplate_only_when_they_list_sources() -> None:
    assert not is_boilerplate("NOTES", EPOLL_NOTES)
    numbered = (
        "- Becker, Howard. 1963. Outsiders. New York: Free Press, pp. 8-9.\n"
        "- Sumner, William Graham. 1955 [1906]. Folkways. New York, NY: Dover."
    )
    assert is_boilerplate("Notes", numbered)
    assert is_boilerplate("Resources", "- https://ant.apache.org/\n- https://www.gnu.org/")


def test_a_title_alone_does_not_make_references_boilerplate() -> None:
    assert not is_boilerplate("References")  # body unknown: the skill is not lost
    assert is_boilerplate("Bibliography")  # named for what it is, whatever it holds
    assert is_boilerplate("Further Research", "Check out this article about twins.")
