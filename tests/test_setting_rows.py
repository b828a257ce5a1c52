"""Round 17's strict read (issue 18), settings and option lists: irssi's startup guide lists
its settings as "/SET name VALUE" and a description (irssi_startup_howto.html, read blind
and tuning since). Each test quotes the row and fails without its rule."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from studyapp.generation.offline_cards import Unit, purpose_card, term_card, tidy_answer
from studyapp.generation.run_on import conditional_remark
from studyapp.generation.setting_rows import setting_question, setting_row
from studyapp.services.generation import clean_material
from studyapp.services.material import read_file

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
IRSSI = "irssi_startup_howto.html"
SETTINGS = "11. Irssi’s settings"


@cache
def _text(name: str) -> str:
    return clean_material(read_file(CORPUS / name))


def _row(term: str, body: str) -> tuple[str, str] | None:
    card = term_card(Unit("definition", body, SETTINGS, 0, term), _text(IRSSI))
    return None if card is None else (card.front, card.back)


def test_a_set_command_is_a_setting_row_with_its_value() -> None:
    assert setting_row("/SET indent 10") == ("indent", "10")
    assert setting_row("/SET user_name") == ("user_name", "")
    assert setting_row("Server tag") is None
    assert setting_row("settings") is None


def test_a_setting_written_with_off_is_asked_without_the_value() -> None:
    # Refused: "What does /SET hide_text_style OFF do?" -> "Hide all bolds, …" (OFF hides nothing)
    assert _row("/SET hide_text_style OFF", "Hide all bolds, underlines, MIRC colors, etc.") == (
        "What does the hide_text_style setting do?",
        "Hide all bolds, underlines, MIRC colors, etc.",
    )
    front, _ = _row(
        "/SET completion_auto OFF",
        "Automatically complete the nick if line begins with start of nick and the completion "
        "character. Learn to use the tab-completion instead, it’s a lot better ;)",
    ) or ("", "")
    assert front == "What does the completion_auto setting do?"  # was "What is /SET … OFF?"


def test_a_kept_setting_card_stays_as_good() -> None:
    # Kept by the reader: "What does /SET timestamps ON do?" -> "Show timestamps before each message."
    assert setting_question("/SET timestamps ON", "Show timestamps before each message.") == (
        "What does the timestamps setting do?",
        "Show timestamps before each message.",
    )
    # A condition and what the setting does then is an answer too.
    assert setting_question(
        "/SET show_nickmode_empty ON", "If the nick doesn’t have a mode, use one space."
    ) == (
        "What does the show_nickmode_empty setting do?",
        "If the nick doesn’t have a mode, use one space.",
    )


def test_a_back_that_is_the_situation_makes_no_card() -> None:
    # Refused: "What does /SET indent 10 do?" -> "When lines are longer than screen width …"
    assert (
        _row(
            "/SET indent 10",
            "When lines are longer than screen width they have to be split to multiple lines. "
            "This specifies how much space to put at the beginning of the line before the text "
            "begins.",
        )
        is None
    )
    assert (
        setting_question(
            "/SET print_active_channel OFF",
            "When you keep more than one channel in same window, Irssi prints the messages "
            "coming to active channel as <nick> text and other channels as <nick:channel> text.",
        )
        is None
    )


def test_a_clause_is_asked_what_the_setting_controls() -> None:
    # Refused: "What is /SET autoclose_query 0?" -> "Query windows can be automatically closed …"
    assert setting_question(
        "/SET autoclose_query 0",
        "Query windows can be automatically closed after certain time of inactivity.",
    ) == (
        "What does the autoclose_query setting control?",
        "Query windows can be automatically closed after certain time of inactivity.",
    )
    # "with this level": which level the card does not say.
    assert (
        setting_question(
            "/SET autocreate_query_level MSGS",
            "New query window should be created when receiving messages with this level.",
        )
        is None
    )


def test_a_noun_phrase_is_what_the_setting_is() -> None:
    assert setting_question(
        "/SET server_reconnect_time 300", "Seconds to wait before connecting to same server again."
    ) == (
        "What is the server_reconnect_time setting?",
        "Seconds to wait before connecting to same server again.",
    )


def test_a_conditional_remark_after_the_answer_is_cut() -> None:
    # Refused: "What is /SET user_name?" -> "Your username, if you have ident enabled this
    # doesn't affect anything" (a second clause).
    back = "Your username, if you have ident enabled this doesn’t affect anything"
    assert conditional_remark(back) == len("Your username")
    assert tidy_answer(back) == "Your username"
    # A condition without its own main clause belongs to the answer.
    assert conditional_remark("Use one space, if the nick doesn’t have a mode.") is None


def test_a_label_at_a_sentence_start_is_asked_lower_case_with_its_article() -> None:
    # Refused: "What does Server tag specify?" (the text says "the “server tag”")
    sentence = (
        "Server tag specifies unique tag to refer to the server, usually it’s the same as the "
        "IRC network."
    )
    card = purpose_card(sentence, material=_text(IRSSI))
    assert card is not None
    assert card.front == "What does the server tag specify?"
