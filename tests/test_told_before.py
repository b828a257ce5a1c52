"""Round 10's sweep of the tuning texts: a card whose noun phrase means the one the sentences
before it named (see studyapp/generation/told_before.py)."""

from studyapp.generation.context_bound import BLANK, cloze_context, question_context
from studyapp.generation.told_before import told_before

# agents_of_socialization.html
TEXTBOOKS = (
    "Today, Koreans argue that the Japanese are whitewashing that colonial history through "
    "these textbooks. One major criticism is that they do not mention that, during World War "
    "II, the Japanese forced Korean women into sexual slavery. The textbooks describe the women "
    "as having been “drafted” to work, a euphemism that downplays the brutality of what "
    "actually occurred."
)
# dns.md
TXT = (
    "Uses the DNS protocol to resolve text queries (TXT records) for the hostname. The records "
    "argument passed to the callback function is a two-dimensional array of the text records "
    "available for hostname (e.g. [ ['v=spf1 ip4:0.0.0.0 ', '~all' ] ]). Each sub-array "
    "contains TXT chunks of one record."
)


def test_a_bare_subject_the_sentences_before_named_leans_on_them() -> None:
    card = (
        f"The {BLANK} describe the women as having been “drafted” to work, a euphemism that "
        "downplays the brutality of what actually occurred."
    )
    assert cloze_context(card, material=TEXTBOOKS, answer="textbooks") is not None


def test_each_deals_out_the_set_the_sentence_before_introduced() -> None:
    card = f"Each sub-array contains {BLANK} chunks of one record."
    assert cloze_context(card, material=TXT, answer="TXT") is not None


def test_a_phrase_that_tells_its_thing_apart_stands_alone() -> None:
    # go_command.html: the in-phrase says which directory; classes.html: "the interpreter"
    # inside a phrase is the text's own.
    before = "The go command requires that code adheres to a few conventions."
    assert (
        told_before("Each directory in a source tree corresponds to a single package.", before)
        is None
    )
    before = "The Python interpreter reads a script file."
    assert (
        told_before(
            "The statements executed by the top-level invocation of the interpreter are "
            "considered part of a module called __main__.",
            before,
        )
        is None
    )


def test_a_position_in_a_list_the_card_does_not_show() -> None:
    # classes.html: "the next-to-last scope contains the current module's global names"
    assert (
        question_context(
            "What does the next-to-last scope contain?", "The current module’s global names"
        )
        is not None
    )
