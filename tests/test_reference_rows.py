"""Reference tables and definition lists as question cards (issue 18: technical pages gave
few cards; Apache Ant's attribute tables under "Projects" and "Command-line Arguments" were
flattened to "- default: the default target …; No" and made one card of ten rows)."""

from __future__ import annotations

from studyapp.generation.cleaning import clean
from studyapp.generation.cleaning.reference_rows import part_kind, row_definition
from studyapp.generation.offline_cards import harvest
from studyapp.generation.part_owner import row_subject
from tests.corpus_gate import cleaned, harvested


def test_an_attribute_table_row_is_cleaned_into_a_definition_of_its_kind() -> None:
    # ant_using.html: <th>Attribute</th><th>Description</th><th>Required</th>, then
    # "default | the default target to use when no target is supplied. | No; however, …".
    text = cleaned("ant_using.html")
    assert "- Attribute: Description; Required" not in text
    assert (
        "**default** (attribute): the default target to use when no target is supplied. "
        "Required: No; however, since Ant 1.6.0" in text
    )
    assert (
        "**value** (attribute): a single command-line argument; can contain space "
        "characters. Required: Exactly one of these." in text
    )


def test_an_attribute_row_asks_for_the_attribute_of_the_owner_its_heading_names() -> None:
    cards = harvested("ant_using.html")
    # under "### Projects": the owner is a project; the answer has no "; No" column
    assert cards["What is the basedir attribute of a project?"] == (
        "The base directory from which all path calculations are done."
    )
    # under "### Command-line Arguments": the row's remark after ";" is left out
    assert cards["What is the file attribute of a command-line argument?"] == (
        "The name of a file as a single command-line argument."
    )
    assert cards["What is the prefix attribute of a command-line argument?"] == (
        "A fixed string to be placed in front of the argument."
    )
    assert "What is basedir?" not in cards  # the bare name asked nothing of a project
    # the trivia gate still reads "the default" as a default value: no exception for a part
    # named "default" ("What is the default attribute of a project?")
    assert not any("default attribute" in front for front in cards)


def test_a_row_that_only_restates_its_name_makes_no_card() -> None:
    # "name | the name of the project. | No": "What is the name attribute of a project?"
    # "The name of the project." teaches nothing.
    assert not any("name attribute" in front for front in harvested("ant_using.html"))


def test_a_table_of_notes_is_no_reference_table() -> None:
    # content_negotiation.html's "Dimension | Notes": no kind of part, no description column;
    # its rows stay rows of cells (round 14: a row is no sentence, see test_table_cells).
    assert part_kind(["Dimension", "Notes"]) == ""
    assert "| Dimension | Notes |" in cleaned("content_negotiation.html")
    assert part_kind(["Attribute", "Description", "Required"]) == "attribute"
    assert part_kind(["Command-line flags", "Meaning"]) == "flag"


def test_dns_option_lists_keep_their_option_cards() -> None:
    # dns.md's "* `all` {boolean} When true, …" under "dns.lookup(hostname[, options],
    # callback)": an option list with a type, not a table; still asked with its call.
    cards = harvested("dns.md")
    assert cards["What does the all option of dns.lookup(hostname[, options], callback) do?"]
    assert not any(front.startswith("What is the hostname option") for front in cards)


SYNTHETIC = """# mytool

mytool copies a directory tree to a remote host and checks every file it sends.

## Options

| Option | Description | Default |
|---|---|---|
| `--depth` | The number of directory levels to descend before stopping. | 3 |
| `--json` | boolean | false |
| `--mode` | see `--depth` | - |
| `--quiet` | Hides the progress bar and every warning the tool prints. | no |
| `--empty` | | |
"""


def test_a_markdown_pipe_table_of_options_becomes_option_cards() -> None:
    text = clean(SYNTHETIC, "markdown")
    assert (
        "**--depth** (option): The number of directory levels to descend before stopping. "
        "Default: 3." in text
    )
    assert "| --empty |  |  |" in text  # no description: left a row of cells
    cards = {c.front: c.back for c in harvest(text, 20).cards}
    assert cards["What is the --depth option of mytool?"] == (
        "The number of directory levels to descend before stopping."
    )
    assert cards["What does the --quiet option of mytool do?"].startswith("Hides the")
    # a type, a pointer and an empty description are no meaning to learn
    assert not any(("--json" in f or "--mode" in f or "--empty" in f) for f in cards)


def test_a_row_without_a_description_is_no_definition() -> None:
    header = ["Option", "Description"]
    assert row_definition("option", header, ["--empty", ""]) is None
    made = row_definition("option", header, ["-v", "Print more."])
    assert made is not None and (made.term, made.detail) == ("-v", "option")


def test_a_definition_list_under_a_kind_heading_asks_for_the_part_of_its_owner() -> None:
    html = (
        "<html><body><h1>git-commit</h1><p>Record changes to the repository with a message "
        "that says why.</p><h2>Options</h2><dl><dt>--amend</dt><dd>Replace the tip of the "
        "current branch by creating a new commit.</dd></dl></body></html>"
    )
    text = clean(html, "html")
    cards = {c.front: c.back for c in harvest(text, 20).cards}
    assert cards["What does the --amend option of git-commit do?"] == (
        "Replace the tip of the current branch by creating a new commit."
    )


def test_no_owner_no_question() -> None:
    # "Attributes" alone under a gerund heading names no owner: "the x attribute" of what?
    assert row_subject("x", "attribute", ["Writing a Buildfile", "Attributes"], "", "") is None
    assert row_subject("x", "attribute", ["Targets"], "", "") == "the x attribute of a target"


def test_a_plain_word_under_a_kind_heading_stays_a_glossary_term() -> None:
    # "Physical Properties" over a list of plain words is a glossary: no "What is the mass
    # physical property?"
    html = (
        "<html><body><h1>Matter</h1><p>Matter is anything that occupies space and has mass, "
        "as every chemist says.</p><h2>Physical Properties</h2><dl><dt>mass</dt><dd>Measure "
        "of the amount of matter in an object.</dd></dl></body></html>"
    )
    cards = harvest(clean(html, "html"), 20).cards
    assert not any("physical property" in c.front for c in cards)


def test_a_name_column_takes_its_kind_from_the_heading_over_the_table() -> None:
    # "Name | Description" under "Environment Variables": the rows are variables.
    html = (
        "<html><body><h1>gotool</h1><p>The gotool command builds and installs packages "
        "from their source.</p><h2>Environment Variables</h2><table><tr><th>Name</th>"
        "<th>Description</th></tr><tr><td>GOBIN</td><td>The directory where installed "
        "commands are placed.</td></tr></table></body></html>"
    )
    text = clean(html, "html")
    assert "**GOBIN** (variable): The directory where installed commands are placed." in text
    cards = {c.front: c.back for c in harvest(text, 20).cards}
    assert cards["What is the GOBIN environment variable?"] == (
        "The directory where installed commands are placed."
    )
    assert part_kind(["Name", "Description"]) == ""  # under no heading: no kind


def test_a_description_after_a_type_column_is_still_the_rows_meaning() -> None:
    # API tables put the type first: "Parameter | Type | Description".
    header = ["Parameter", "Type", "Description"]
    assert part_kind(header) == "parameter"
    made = row_definition("parameter", header, ["timeout", "integer", "Seconds to wait."])
    assert made is not None
    assert (made.term, made.text) == ("timeout", "Seconds to wait. Type: integer.")
    assert row_definition("parameter", header, ["retries", "integer"]) is None
