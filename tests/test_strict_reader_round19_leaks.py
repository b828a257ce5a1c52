"""Round 19's strict read (issue 18): fill-in-the-blank refusals whose answer the sentence
still gives away (lynx_url_schemes.html, pecuniary_standard_of_living.html, origin_of_ideas.html,
pecuniary_emulation.html). Each test quotes the real sentence, puts it through the cloze maker
with the material it came from, and checks a card the reader kept that stays.
"""

from __future__ import annotations

from studyapp.generation import answer_leaks as al
from studyapp.generation.offline_cards import cloze_card
from tests.corpus_gate import cloze, material

LYNX = "lynx_url_schemes.html"
LIVING = "pecuniary_standard_of_living.html"
IDEAS = "origin_of_ideas.html"
EMULATION = "pecuniary_emulation.html"


def _span(sentence: str, answer: str) -> tuple[int, int]:
    at = sentence.index(answer)
    return at, at + len(answer)


# -- a bracket of a symbol right after the blank ---------------------------------------------------
SLASH = (
    "The lead slash (/) is treated purely as a separator, not as a designator for the root, and "
    "the path string if present is treated as in or under the login directory."
)
MAIL = (
    "For anonymous ftp, Lynx uses your personal_mail_address (user@host) as the password if it "
    "has been defined via the “o”ptions menu."
)


def test_a_symbol_in_a_bracket_beside_the_blank_gives_it_away() -> None:
    assert al.symbol_bracket_problem(SLASH, *_span(SLASH, "lead slash")) is not None
    assert cloze_card(SLASH, "lead slash", material=material(LYNX)) is None


def test_a_bracket_with_words_beside_the_blank_is_kept() -> None:
    """Kept by the reader: "(user@host)" is the form of the address, not the answer."""
    assert al.answer_leak_problem(MAIL, *_span(MAIL, "personal_mail_address")) is None


# -- a rare word of the answer elsewhere in the sentence -------------------------------------------
RLOGIN = (
    "A tn3270 or rlogin URL is specified equivalently, and similarly spawns a tn3270 or rlogin "
    "session."
)
BIBP = "BibP links are intended for resolution by a local bibhost server (http://bibhost/) if it exists."


def test_a_rare_answer_word_later_in_the_sentence_gives_it_away() -> None:
    assert al.rare_word_problem(RLOGIN, *_span(RLOGIN, "rlogin URL")) is not None
    assert cloze_card(RLOGIN, "rlogin URL", material=material(LYNX)) is None


def test_a_rare_answer_word_not_in_the_sentence_is_kept() -> None:
    assert al.answer_leak_problem(BIBP, *_span(BIBP, "BibP links")) is None
    # An identifier is one name, not words (libtiff_internals.html keeps its card).
    sentence = "Experimental support for the deflate algorithm is controlled by DEFLATE_SUPPORT."
    assert al.rare_word_problem(sentence, *_span(sentence, "DEFLATE_SUPPORT")) is None


# -- the answer's word with another ending -----------------------------------------------------------
CONSUMER = (
    "The articles or forms of consumption to which the consumer clings with the greatest tenacity "
    "are commonly the so-called necessaries of life, or the subsistence minimum."
)
ESTEEM = (
    "Prowess and exploit may still remain the basis of award of the highest popular esteem, "
    "although the possession of wealth has become the basis of common place reputability and of "
    "a blameless social standing."
)


def test_consumer_in_the_sentence_gives_consumption_away() -> None:
    assert al.shared_root_problem(CONSUMER, *_span(CONSUMER, "consumption")) is not None
    assert cloze_card(CONSUMER, "consumption", material=material(LIVING)) is None
    # A short root is not read: "form" and "formed" are not cut to one root.
    sentence = "The forms of the rock were formed by water over many years."
    assert al.shared_root_problem(sentence, *_span(sentence, "forms")) is None
    # A plural is not a noun made from the root (the_eye.html keeps its card).
    sentence = (
        "Because the lens-to-retina distance does not change, the image distance di must be the "
        "same for objects at all distances."
    )
    assert al.shared_root_problem(sentence, *_span(sentence, "image distance di")) is None


def test_popular_esteem_is_kept() -> None:
    assert al.answer_leak_problem(ESTEEM, *_span(ESTEEM, "popular esteem")) is None


# -- a second name after a naming verb, no comma; a subject that is an adjective ------------------
THOUGHTS = "The less forcible and lively are commonly denominated Thoughts or Ideas."


def test_or_ideas_after_denominated_gives_thoughts_away() -> None:
    assert al.named_or_problem(THOUGHTS, *_span(THOUGHTS, "Thoughts")) is not None
    assert cloze_card(THOUGHTS, "Thoughts", material=material(IDEAS)) is None


def test_an_adjective_with_no_noun_as_subject_leans_on_the_sentence_before() -> None:
    why = al.bare_adjective_subject_problem(THOUGHTS, THOUGHTS.index("Thoughts"))
    assert why is not None and "context" in why
    sentence = "The former is kept in the cache for a day."
    assert al.bare_adjective_subject_problem(sentence, sentence.index("cache")) is not None
    sentence = "The less common cases are kept in the cache for a day."
    assert al.bare_adjective_subject_problem(sentence, sentence.index("cache")) is None


# -- a blank on the book's title words -------------------------------------------------------------
NEGLECT = (
    "An habitual neglect of work does not constitute a(n) _____; neither does the mechanical fact "
    "of use and consumption constitute ownership."
)
NAVIGATION = (
    "Parliament passed a series of laws called the _____ in the middle of the seventeenth "
    "century to prevent other nations from benefiting from English imperial trade with its "
    "North American colonies."
)


def test_a_blank_on_the_books_title_is_refused() -> None:
    title = "Thorstein Veblen, The Theory of the Leisure Class, chapter II: Pecuniary Emulation"
    assert al.book_title_answer("leisure class", title)
    assert not al.book_title_answer("popular esteem", title)
    # The book is the title before its first colon: "conflict" is the chapter's, not the book's.
    title = "Organizational Behavior 14.1: Conflict in Organizations: Basic Considerations"
    assert not al.book_title_answer("Behavioral conflict", title)
    why = cloze(EMULATION, NEGLECT, "leisure class")
    assert why is not None and "title" in why


def test_a_blank_beside_no_title_words_is_kept() -> None:
    assert cloze("colonial_america_essay.html", NAVIGATION, "Navigation Acts") is None
