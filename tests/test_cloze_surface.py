"""Round 16's strict read (issue 18): clozes whose sentence shows the page or a hint beside
the fact (computer_hardware.html, forensic_science.html, presentation_skills.html). Each test
quotes the real sentence from the tuning text, puts it through the cloze maker or the real gate
with the material it came from, and checks a card of the same shape that stays.
"""

from __future__ import annotations

from studyapp.generation.choice_fit import _filled
from studyapp.generation.cloze_surface import (
    caption_answer,
    goal_topic_answer,
    neutral_article,
    with_article,
    without_panel_labels,
)
from studyapp.generation.offline_cards import cloze_card
from studyapp.gui.study.cloze_back import cloze_back
from tests.corpus_gate import cloze, material, title

HARDWARE = "computer_hardware.html"
FORENSIC = "forensic_science.html"
PRESENTATION = "presentation_skills.html"
KEPLER = "keplers_laws.html"

MOTHERBOARD = (
    "The motherboard is the hardware that runs communications for the computer system (a)."
)
MICROPROCESSOR = (
    "A microprocessor (b) consists of a control and what is known as an arithmetic-logic unit, "
    "which performs math and logical operations within the computer system."
)


def test_a_figure_panel_label_is_left_out_of_the_cloze() -> None:
    made = cloze_card(MOTHERBOARD, "motherboard", material=material(HARDWARE))
    assert made is not None
    assert made.front.endswith(
        "The _____ is the hardware that runs communications for the computer system."
    )
    assert made.source == MOTHERBOARD  # the quote stays the material's words
    assert without_panel_labels(MICROPROCESSOR).startswith("A microprocessor consists of")
    # A letter the sentence names is no panel label: "Figure (a)", "option (b)".
    assert without_panel_labels("as shown in Figure (a) and option (b).") == (
        "as shown in Figure (a) and option (b)."
    )


def test_the_article_before_the_blank_gives_no_vowel_away() -> None:
    sentence = (
        "An internal disk drive is housed within the computer unit, and users update and "
        "produce copies of all files they need."
    )
    made = cloze_card(sentence, "internal disk drive", material=material(HARDWARE))
    assert made is not None
    assert made.front.endswith(
        "A(n) _____ is housed within the computer unit, and users update "
        "and produce copies of all files they need."
    )
    assert neutral_article("known as an _____, which") == "known as a(n) _____, which"
    assert neutral_article("the _____ of a _____") == "the _____ of a(n) _____"
    assert neutral_article("Kafka _____ runs") == "Kafka _____ runs"  # no article: as it was


def test_the_back_and_the_choices_put_the_right_article_back() -> None:
    front = "Fill in the blank: A(n) _____ is housed within the computer unit."
    shown = cloze_back(front, "internal disk drive")
    assert (
        shown is not None
        and shown[0] == "An internal disk drive is housed within the computer unit."
    )
    assert with_article("developing a(n) _____.", "strong opener") == "developing a _____."
    assert _filled(front, "motherboard") == "A motherboard is housed within the computer unit."


def test_a_caption_label_is_no_answer() -> None:
    sentence = (
        "_____ shows an example of the various types of procedures that can be seen in a set of "
        "standard operating procedures, as seen in the District of Columbia Department of "
        "Forensic Sciences Standard Operating Procedures."
    )
    why = cloze(FORENSIC, sentence, "TABLE")
    assert why is not None and "caption" in why
    assert caption_answer("Figure 3") and not caption_answer("table salt")


def test_the_goals_topic_in_another_form_is_a_blank_on_the_goal() -> None:
    why = cloze(
        FORENSIC,
        "_____ must be careful to present their evidence in a scientific, unbiased manner.",
        "Forensic scientists",
    )
    assert why is not None and "goal" in why
    assert goal_topic_answer("forensic scientists", title(FORENSIC))
    # Only some of its words from the topic: a fact the title does not give.
    assert not goal_topic_answer("Analytical chemists", title(FORENSIC))
    assert not goal_topic_answer("Forensic labs", title(FORENSIC))
    # The book's name before the colon is not the goal's topic.
    assert not goal_topic_answer("Behavioral conflict", "Organizational Behavior 14.1: Conflict")


def test_another_name_ending_the_sentence_is_cut() -> None:
    sentence = (
        "To get your audience interested and engaged in the presentation from the get-go, "
        "consider developing a strong opener, or hook."
    )
    made = cloze_card(sentence, "strong opener", material=material(PRESENTATION))
    assert made is not None
    assert made.front.endswith("consider developing a(n) _____.")
    assert made.back == "strong opener"


def test_a_symbol_after_its_quantity_goes_too() -> None:
    # keplers_laws.html: "(a)" names the semi-major axis; the fact reads whole without it.
    sentence = (
        "For a circular orbit, the semi-major axis (a) is the same as the radius for the orbit."
    )
    made = cloze_card(sentence, "radius", material=material(KEPLER))
    assert made is not None
    assert "semi-major axis is the same as the _____ for the orbit." in made.front


def test_the_anki_export_puts_the_article_inside_the_deletion() -> None:
    from studyapp.services.apkg.writer import cloze_text

    front = "Fill in the blank: A(n) _____ is housed within the computer unit."
    assert cloze_text(front, "internal disk drive") == (
        "Fill in the blank: {{c1::An internal disk drive}} is housed within the computer unit."
    )
    assert cloze_text("The _____ runs it.", "motherboard") == "The {{c1::motherboard}} runs it."
