"""Tables are cells, not prose (round 14's blind read: a table row read as a sentence, a
key-terms list asked as "the X option of" a prose heading, a glossary's symbol after the
answer's full stop)."""

from __future__ import annotations

from studyapp.generation.cleaning import clean
from studyapp.generation.cleaning.blocks import is_row
from studyapp.generation.offline_cards import code_heading, harvest, tidy_answer, units
from tests.corpus_gate import cleaned, harvested


def test_a_table_row_is_cleaned_into_cells_not_a_sentence() -> None:
    # cups_policies.html, "Table 1: IPP Operation Names" (Name | Used by CUPS? | Description):
    # flattened to "- CUPS-Set-Default *: Yes; Sets the server/network default printer or
    # class." it was read as a sentence: "Fill in the blank: CUPS-Set-Default *: Yes; Sets the
    # server/network default _____ or class. => printer".
    text = cleaned("cups_policies.html")
    assert "| Name | Used by CUPS? | Description |" in text
    row = "| CUPS-Set-Default * | Yes | Sets the server/network default printer or class. |"
    assert row in text and is_row(row)
    assert not any("CUPS-Set-Default *" in u.text for u in units(text))
    assert not any(
        ": Yes;" in front or ": No;" in front for front in harvested("cups_policies.html")
    )


def test_a_two_column_notes_table_gives_no_sentences() -> None:
    # content_negotiation.html's "Dimension | Notes": a note is no definition, and its row
    # ("Media Type: _____ indicates preferences with the Accept header field.") no sentence.
    text = cleaned("content_negotiation.html")
    assert "| Media Type | Browser indicates preferences with the Accept header field." in text
    assert not any(u.text.startswith("Media Type") for u in units(text))


def test_a_cell_holding_a_bar_keeps_its_cells_apart() -> None:
    # dot_language.html's grammar: "stmt_list | : | [ stmt [ ';' ] stmt_list ]", "| | edge_stmt"
    text = cleaned("dot_language.html")
    assert "| \\| | edge_stmt |" in text
    assert "| graph | : | [ strict ] (graph \\| digraph) [ ID ] '{' stmt_list '}' |" in text


def test_a_term_and_definition_table_reads_as_a_glossary() -> None:
    # clotting_and_coagulation.html's key terms, as a learner's notes write them in a table:
    # a clean term and definition is a glossary entry; a row of other cells stays a row.
    page = """<html><body><main><h1>Clotting and Coagulation</h1>
    <p>Hemostasis is how the body stops bleeding; fibrinolysis balances coagulation.</p>
    <h2>Key terms</h2><table><tr><th>Term</th><th>Definition</th></tr>
    <tr><td>hemostasis</td><td>the ability to cease bleeding</td></tr>
    <tr><td>fibrinolysis</td><td>breakdown of fibrin</td></tr>
    <tr><td>CUPS-Set-Default *</td><td>Yes</td></tr>
    </table></main></body></html>"""
    text = clean(page, "html")
    assert "**hemostasis**: the ability to cease bleeding" in text
    assert "| CUPS-Set-Default * | Yes |" in text
    assert "Term" not in text.replace("Key terms", "")
    cards = {c.front: c.back for c in harvest(text, 20).cards}
    assert cards["What is hemostasis?"] == "The ability to cease bleeding"


def test_a_markdown_table_row_is_cells_too() -> None:
    # dns.md's "rrtype | records contains | Result type | Shorthand method": cells, and the
    # header kept for Claude; its "Flag | Meaning" reference table still gives definitions.
    text = cleaned("dns.md")
    assert "| rrtype | records contains | Result type | Shorthand method |" in text
    assert "| 'A' | IPv4 addresses (default) | {string} | dns.resolve4() |" in text
    assert "- 'A': records contains" not in text


def test_a_prose_heading_with_an_other_name_in_brackets_owns_no_options() -> None:
    # clotting_and_coagulation.html, a part that starts inside "Ischemic Stroke (Cerebral
    # Infarction)" and holds the key terms: round 14 asked "What is the hemostasis option of
    # Ischemic Stroke (Cerebral Infarction)? => The ability to cease bleeding".
    text = cleaned("clotting_and_coagulation.html")
    part = text[text.index("An embolic ischemic stroke") :]
    cards = {
        c.front: c.back
        for c in harvest(
            part, 50, heading="Ischemic Stroke (Cerebral Infarction)", material=text
        ).cards
    }
    assert not any(" option of " in front for front in cards)
    assert cards["What is hemostasis?"] == "The ability to cease bleeding"
    assert cards["What is thrombosis?"] == "The formation of a clot that obstructs blood flow"
    assert not code_heading("Ischemic Stroke (Cerebral Infarction)")
    assert not code_heading("Politics in the U.S. Congress")


def test_a_call_signature_heading_still_owns_its_options() -> None:
    # dns.md: an option of a function is asked with the call that takes it
    cards = harvested("dns.md")
    assert cards["What is the family option of dns.lookup(hostname[, options], callback)?"] == (
        "The record family."
    )
    assert cards["What is the timeout option of Resolver([options])?"].startswith(
        "Query timeout in milliseconds"
    )
    assert code_heading("dns.lookup(hostname[, options], callback)")
    assert code_heading("Resolver([options])")


def test_a_glossary_symbol_is_left_out_of_the_answer() -> None:
    # the_eye.html's key terms: "optical power: (P) inverse of the focal length of a lens, with
    # the focal length expressed in meters." Round 14: "… expressed in meters. (P)".
    cards = harvested("the_eye.html")
    assert cards["What is optical power?"] == (
        "Inverse of the focal length of a lens, with the focal length expressed in meters."
    )
    # an aside that is no symbol stays, inside the full stop (what_is_cognition.html's schema)
    assert tidy_answer("(plural = schemata) mental construct of related concepts.") == (
        "Mental construct of related concepts (plural = schemata)."
    )
