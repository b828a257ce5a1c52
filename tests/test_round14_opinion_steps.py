"""Round 14's the_eye.html (read blind, now tuning): "clearly" as the author's verdict is
opinion, as a manner adverb ("see far objects clearly") it is not; and a worked example's step
whose label the page glued to it ("Strategy When an object is 25.0 cm from …") is the
exercise's, not a fact of the subject."""

from __future__ import annotations

from studyapp.generation.strict_reader import cloze_strict
from tests.corpus_gate import cloze

EYE = "the_eye.html"


def test_clearly_as_a_manner_adverb_is_no_opinion() -> None:
    sentence = "_____ is the ability to see far objects clearly, whereas near objects are blurry."
    assert cloze(EYE, sentence, "Farsightedness") is None
    # The author's verdict still is.
    why = cloze_strict("Clearly, the _____ is the better design.", "lens")
    assert why is not None and "opinion" in why


def test_a_worked_examples_glued_step_is_refused() -> None:
    sentence = (
        "Strategy When an object is 25.0 cm from the person’s eyes, the _____ must produce an "
        "image 1.00 m away (the near point), so that the person can see it clearly."
    )
    why = cloze(EYE, sentence, "eyeglass lens")
    assert why is not None and "worked example" in why
