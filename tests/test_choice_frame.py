"""Which answers may be wrong options for a descriptive answer (issue 18, round 5 read)."""

from __future__ import annotations

from studyapp.generation.choice_frame import frame, is_descriptive, material_answers, same_question


def test_the_question_frame_leaves_out_the_subject() -> None:
    assert frame("What does SO_ERROR do?") == frame("What does SO_PRIORITY do?")
    assert frame("What do primary groups consist of?") == ("what", "does", "consist of")
    assert frame("What is a raw socket?") == frame("What are reference groups?")
    assert frame("What does the hormone oxytocin promote?") != frame("What is an autocrine?")
    assert frame("Fill in the blank: The _____ is lit.") is None


def test_a_six_word_predicate_is_descriptive() -> None:
    # endocrine_overview: "What does the hormone oxytocin promote?" got definitions of a
    # signal and a way of signalling beside its six-word answer
    answer = "Uterine contractions in people in labor"
    assert is_descriptive(answer)
    assert not material_answers(
        "What does the hormone oxytocin promote?",
        answer,
        "Chemical signal that elicits a response in the same cell that secreted it",
    )
    assert not is_descriptive("connection-oriented socket")


def test_what_is_answers_must_name_the_same_kind() -> None:
    ribosome = "An organelle that builds proteins by reading messenger RNA"
    lysosome = "An organelle that breaks down worn-out cell parts with enzymes"
    gap = "The gap between a sending neuron and a receiving neuron or muscle cell"
    assert same_question("What is a ribosome?", ribosome, "What is a lysosome?", lysosome)
    assert not same_question("What is a ribosome?", ribosome, "What is the cleft?", gap)
    assert not same_question("What is a ribosome?", ribosome, "What does X do?", lysosome)
