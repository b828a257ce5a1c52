"""Round 14's strict read (issue 18): fill-in-the-blank refusals from the round-14 texts
(the_eye.html, clotting_and_coagulation.html, postfix_smtpd_access.html). Each test quotes
the card as the reader saw it, puts it through the real gate (or the cloze maker) with the
material it came from, checks a second real sentence of the same shape from a tuning text
where one exists, and a card of the same shape that stays.
"""

from __future__ import annotations

from studyapp.generation.blanks import blank_problem
from studyapp.generation.offline_cards import cloze_card
from studyapp.generation.other_names import other_name_problem
from studyapp.generation.strict_reader import round3_cloze
from tests.corpus_gate import cloze, material

EYE = "the_eye.html"
CLOT = "clotting_and_coagulation.html"
POSTFIX = "postfix_smtpd_access.html"
LEMON = "lemon_parser.html"


def _span(sentence: str, answer: str) -> tuple[int, int]:
    at = sentence.index(answer)
    return at, at + len(answer)


# -- 24: the answer's other name in apposition --------------------------------------------------
MYOPIA = (
    "Nearsightedness, or myopia, is the inability to see far objects and is corrected with a "
    "diverging lens to reduce the optical power of the eye."
)


def test_another_name_beside_the_blank_gives_the_answer_away() -> None:
    why = cloze(EYE, MYOPIA.replace("Nearsightedness", "_____"), "Nearsightedness")
    assert why is not None and "another name" in why
    why = cloze(EYE, MYOPIA.replace("myopia", "_____"), "myopia")
    assert why is not None
    # lemon_parser.html: "(token)" names the blank's "terminal symbol".
    sentence = (
        "A terminal symbol (token) is any string of alphanumeric and underscore characters "
        "that begins with an upper case letter."
    )
    assert other_name_problem(sentence, *_span(sentence, "terminal symbol")) is not None


def test_the_cloze_maker_cuts_the_other_name_when_the_sentence_stays_whole() -> None:
    made = cloze_card(MYOPIA, "Nearsightedness", material=material(EYE))
    assert made is not None
    assert made.front.endswith(
        "_____ is the inability to see far objects and is corrected "
        "with a diverging lens to reduce the optical power of the eye."
    )
    assert made.back == "Nearsightedness"
    sentence = (
        "A terminal symbol (token) is any string of alphanumeric and underscore characters "
        "that begins with an upper case letter."
    )
    made = cloze_card(sentence, "terminal symbol", material=material(LEMON))
    assert made is not None and "(token)" not in made.front


def test_a_gloss_after_the_blank_is_no_other_name() -> None:
    # Kept by the round-14 reader: a definition after ", or the …", not a second name.
    sentence = (
        "The ability of the blood to form clots in response to tissue damage is essential for "
        "hemostasis, or the body’s ability to stop bleeding."
    )
    assert other_name_problem(sentence, *_span(sentence, "hemostasis")) is None
    # temperature_and_growth.html: a quoted translation is a clue, not the answer.
    sentence = (
        "Organisms categorized as mesophiles (“middle loving”) are adapted to moderate "
        "temperatures."
    )
    assert other_name_problem(sentence, *_span(sentence, "mesophiles")) is None


# -- 40: the author's aside ----------------------------------------------------------------------
def test_the_authors_aside_is_opinion() -> None:
    why = cloze(
        EYE,
        "Actually, normal vision should be called “_____” vision because nearly one-half of the "
        "human population requires some sort of eyesight correction, so requiring glasses is "
        "by no means “abnormal.”",
        "ideal",
    )
    assert why is not None and "aside" in why


def test_a_call_is_no_opinion_on_naming() -> None:
    # lemon_parser.html: "should be called one last time" calls a routine.
    sentence = (
        "When the end of input is reached, the _____ routine should be called one last time "
        "with a token type of 0."
    )
    assert round3_cloze(sentence, "Parse()") is None


# -- 1: a short clause a contrast makes background ----------------------------------------------
def test_a_blank_in_the_short_clause_before_however_teaches_nothing() -> None:
    why = cloze(
        CLOT,
        "_____ moves as a fluid; however, when injury occurs, hemostasis is accomplished in two "
        "major ways: primary hemostasis and secondary hemostasis.",
        "Human blood",
    )
    assert why is not None and "background" in why
    # legal_systems.html: "laws" fits as well; the fact is after ", but".
    why = cloze(
        "legal_systems.html",
        "The legislature enacts _____, but all are tested against Islamic tenets.",
        "statutes",
    )
    assert why is not None and "background" in why


def test_a_blank_after_the_contrast_or_in_a_long_clause_stays() -> None:
    # spectroscopy_in_astronomy.html: the blank is in the clause after "but".
    assert (
        cloze(
            "spectroscopy_in_astronomy.html",
            "When the gases were heated, a spectrometer revealed no continuous spectrum, but "
            "several separate _____.",
            "bright lines",
        )
        is None
    )
    # electric_charge.html: the clause before "but" says enough to pin the neutron.
    why = cloze(
        "electric_charge.html",
        "The _____ is, essentially, an electrically neutral twin of the proton, with no "
        "electric charge, but (nearly) identical mass to the proton.",
        "neutron",
    )
    assert why is None or "background" not in why


# -- 9: the page's topic blanked -----------------------------------------------------------------
def test_a_phrase_of_the_pages_title_and_topic_words_is_the_default_guess() -> None:
    sentence = (
        'Because there is no single policy that is "right" for all users, Postfix supports '
        "different SMTP access restrictions for different users."
    )
    why = blank_problem(sentence, *_span(sentence, "SMTP access restrictions"), material(POSTFIX))
    assert why is not None and "topic" in why
    # nuclear_radioactivity.html ("Nuclear Radioactivity", whose topic word is radiation).
    sentence = (
        "Methods for detecting x rays and nuclear radiation are based on ionization, directly "
        "or indirectly."
    )
    why = blank_problem(
        sentence, *_span(sentence, "nuclear radiation"), material("nuclear_radioactivity.html")
    )
    assert why is not None and "topic" in why


def test_a_phrase_with_a_word_of_its_own_stays() -> None:
    # Kept by the round-14 reader: "server" is neither a title nor a topic word.
    sentence = (
        "The Postfix SMTP server receives mail from the network and is exposed to the big bad "
        "world of junk email and viruses."
    )
    assert blank_problem(sentence, *_span(sentence, "SMTP server"), material(POSTFIX)) is None


# -- 38: one kind among others the text names ----------------------------------------------------
def test_an_adjective_of_one_kind_among_others_is_refused() -> None:
    why = cloze(
        CLOT,
        "Risk factors for _____ stroke include male sex, family history of premature "
        "cardiovascular disease, hypercholesterolemia, cigarette smoking, hypertension, "
        "diabetes mellitus, obesity, and physical inactivity.",
        "atherosclerotic",
    )
    assert why is not None and "ischemic stroke" in why


def test_a_kind_the_sentence_names_in_full_stays() -> None:
    # Kept by the round-14 reader: the blank holds the whole term, not its adjective.
    assert (
        cloze(
            CLOT,
            "Tissue factor works with factor VIIa to activate factor X to factor Xa, which is "
            "part of the _____.",
            "common pathway",
        )
        is None
    )
