"""Round 4's strict read (issue 18): sentences that cannot stand alone on a card.

Each rule in :mod:`studyapp.generation.context_bound` has here a real sentence that the gate
kept before the rule (quoted from the round-4 strict read of ``endocrine_overview.html``,
``knowledge.html`` and ``content_negotiation.html``, now tuning texts, or from the older tuning
texts) and a good sentence of the same shape that still passes, so the rule cannot grow into
rejecting everything that looks like it.
"""

from __future__ import annotations

import pytest

from studyapp.generation import context_bound as cb
from studyapp.generation.quality import CLOZE_PREFIX, CardContext, card_problem, judge_cards
from studyapp.generation.types import CardDraft

KNOWLEDGE = (
    "Knowledge is an important concept in all areas of thought. The last Gettier case we will "
    "look at is from American philosopher Carl Ginet. Henry is driving through a bucolic area "
    "of farmland and barns. What he does not realize is that the area is full of barn facades. "
    "While driving through fake barn country, Henry happens to form the belief that is a barn. "
    "Plato hypothesized that knowledge is justified true belief. Gettier cases reveal that "
    "justified true belief is not sufficient for knowledge, a problem called the Gettier problem."
)


def gate(sentence: str, answer: str, material: str = "") -> str | None:
    """The whole gate on a cloze card, as both providers' cards meet it."""
    card = CardDraft(CLOZE_PREFIX + sentence, answer, "cloze")
    return card_problem(card, CardContext(goal_title="Study notes", material=material))


def ask(front: str, back: str) -> str | None:
    return card_problem(CardDraft(front, back, "basic"), CardContext(goal_title="Study notes"))


# -- openers ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "answer"),
    [
        (
            "From there, _____ diffuse into the bloodstream and may travel to distant body "
            "regions, where they elicit a response in target cells.",
            "hormones",
        ),
        (
            "In both cases, the _____ that leads to the true belief passes through false premises.",
            "inference",
        ),
        (
            "To prevent this, httpd normally marks all responses that are returned after "
            "_____ as non-cacheable by HTTP/1.0 clients.",
            "content negotiation",
        ),
        ("Again, all the conditions in _____ of knowledge are met.", "Plato's analysis"),
        (
            "But more recently, _____ is once again seen as an important medical treatment.",
            "marijuana",
        ),
        (
            "As just noted, the pancreas also has an exocrine function: most of its cells "
            "release _____ through the pancreatic ducts.",
            "pancreatic juice",
        ),
        (
            "A qs value is therefore specific to a given variant depending on the nature of the "
            "_____ it represents.",
            "resource",
        ),
    ],
)
def test_a_sentence_that_opens_on_the_one_before_is_dropped(sentence: str, answer: str) -> None:
    assert "leans on context" in (gate(sentence, answer) or "")
    assert cb.opener(sentence) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        # The same shapes, standing alone: an introductory phrase that names its own subject,
        # "in addition to" as a preposition, a "thus" drawn inside the sentence.
        "From the blood, _____ reach distant body regions, where they elicit a response in "
        "target cells.",
        "In most tissues, the _____ releases hormones directly into the bloodstream.",
        "In addition to saving program state, when _____ terminate, they raise StopIteration.",
        "Linux assumes that half of the send buffer is used for kernel structures; thus the "
        "values in the _____ files are twice what is seen on the wire.",
        "There are two methods of negotiation, and _____ is one of them.",
    ],
)
def test_an_opener_that_names_its_subject_passes(sentence: str) -> None:
    assert cb.opener(sentence) is None


# -- pointers at the page ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "answer"),
    [
        (
            "Looking at the table above, you will notice that it is always possible to use the "
            "name without any extensions in a _____.",
            "hyperlink",
        ),
        (
            "httpd sometimes changes the _____ from what would be expected by a strict "
            "interpretation of the httpd negotiation algorithm above.",
            "quality values",
        ),
        (
            "The full list of headers recognized is available in the _____ typemap documentation.",
            "mod_negotiation",
        ),
        (
            "“Directly accessible” here means that an unqualified reference to a name attempts "
            "to find the name in the _____.",
            "namespace",
        ),
        (
            "Of the theories of knowledge examined so far, all of them treat _____ as basic.",
            "justification",
        ),
    ],
)
def test_a_pointer_at_the_page_is_dropped(sentence: str, answer: str) -> None:
    assert "leans on context" in (gate(sentence, answer) or "")


@pytest.mark.parametrize(
    "sentence",
    [
        "Water below 4 °C expands as it cools, so _____ floats on liquid water.",
        "The global namespace for a module is created when the _____ definition is read in.",
        "The concentration of _____ in the blood above the normal range signals disease.",
        "The go command locates the repository by requesting a corresponding HTTPS _____.",
        "If the working directory is not within the example/user/hello module, _____ may fail.",
    ],
)
def test_a_preposition_or_a_domain_word_is_not_a_pointer(sentence: str) -> None:
    assert cb.layout_pointer(sentence) is None


# -- definite noun phrases that point back ---------------------------------------------------------
def test_a_noun_phrase_whose_referent_came_before_is_dropped() -> None:
    assert "which?" in (
        ask(
            "What does the added fourth condition mean?",
            "That there cannot exist evidence that would undermine the justification",
        )
        or ""
    )
    assert "leans on context" in (
        gate(
            "The advantage is that you can hide the actual type of a document and change it "
            "later without changing any _____ references.",
            "hyperlink",
        )
        or ""
    )


def test_the_same_adjectives_with_their_referent_pass() -> None:
    assert cb.back_reference("The second law of thermodynamics says _____ never decreases.") is None
    assert (
        cb.back_reference("A socket cannot mix SO_TIMESTAMP and _____: the two modes clash.")
        is None
    )
    assert cb.back_reference("The difference between a virus and a _____ is size.") is None


# -- empty definitions ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("front", "back"),
    [
        ("What is the endocrine gland?", "The major player in this system"),
        ("What is knowledge?", "An important concept in all areas of thought"),
        ("What is Go?", "One of the most popular languages for servers"),
    ],
)
def test_an_empty_definition_is_dropped(front: str, back: str) -> None:
    assert "empty definition" in (ask(front, back) or "")


def test_an_empty_definition_as_a_cloze_is_dropped() -> None:
    sentence = "_____ have become an important tool in food production around the world."
    assert "empty definition" in (gate(sentence, "Artificial fertilizers") or "")


@pytest.mark.parametrize(
    "back",
    [
        "A simple and powerful tool for creating iterators",
        "Ductless glands that secrete hormones",
        "An important enzyme that breaks down starch into sugars",
        "A key that identifies one row of a table",
    ],
)
def test_a_definition_with_a_distinguishing_fact_passes(back: str) -> None:
    assert not cb.empty_definition(back)


# -- asides and quoted names ----------------------------------------------------------------------
def test_a_blank_in_an_aside_or_a_quoted_name_is_dropped() -> None:
    assert "aside" in (
        gate(
            "A type map is a document which is associated with the handler named type-map (or, "
            "for backwards-compatibility with older _____ configurations, the MIME-type "
            "application/x-type-map).",
            "httpd",
        )
        or ""
    )
    assert "quoted name" in (
        gate(
            "As part of the transparent negotiation process, the browser can ask httpd to run "
            "the 'remote _____ selection algorithm' defined in RFC 2296.",
            "variant",
        )
        or ""
    )


def test_a_blank_beside_an_aside_or_an_apostrophe_passes() -> None:
    assert (
        cb.blank_in_aside(
            "A type map (a file ending in .var) names the _____ of a resource explicitly."
        )
        is None
    )
    assert cb.blank_in_aside("Plato’s account treats _____ as justified true belief.") is None
    assert cb.blank_in_aside("The term “_____” names a set of variants.") is None


# -- sentences that stop short, listings ----------------------------------------------------------
def test_a_sentence_with_no_full_stop_is_dropped() -> None:
    assert "cut sentence" in (
        gate("To request only French _____, the browser would send", "representations") or ""
    )
    assert not cb.unfinished("Content negotiation is provided by the _____ module.")
    assert not cb.unfinished("It is called a “_____.”")


def test_one_member_of_a_listing_is_dropped() -> None:
    assert "one item of a list" in (
        cb.listing("Families, and later _____, communicate expectations and reinforce norms.") or ""
    )
    assert (
        cb.listing(
            "Neural communication includes both electrical and chemical signaling between "
            "neurons and _____."
        )
        is None
    )


def test_a_line_with_no_verb_is_dropped() -> None:
    assert "no verb" in (cb.listing("Variants with the highest _____ for the media type.") or "")
    assert cb.listing("Variants with no qs value get a _____ of 1.0.") is None


# -- worked examples --------------------------------------------------------------------------------
def test_a_person_in_a_worked_example_is_dropped() -> None:
    sentence = (
        "While driving through _____, Henry happens to form the belief that is a barn when "
        "looking at the only real barn in the area."
    )
    assert "worked example" in (cb.worked_example(sentence, KNOWLEDGE) or "")


def test_a_thinker_and_a_named_term_pass() -> None:
    assert cb.worked_example("Plato hypothesized that knowledge is _____.", KNOWLEDGE) is None
    assert (
        cb.worked_example(
            "Gettier cases reveal that _____ is not sufficient for knowledge.", KNOWLEDGE
        )
        is None
    )


def test_a_garbled_question_is_dropped() -> None:
    assert "garbled" in (
        ask("What does so when someone tell?", "You something in conversation") or ""
    )


# -- good cards of the round-4 texts still pass the whole gate ---------------------------------------
@pytest.mark.parametrize(
    ("sentence", "answer"),
    [
        ("Content negotiation is provided by the _____ module, which is compiled in by default.", "mod_negotiation"),
        ("The traditional analysis of knowledge explains that knowledge is _____.", "justified true belief"),
        (
            "The ductless endocrine glands are not to be confused with the body’s _____, whose "
            "glands release their secretions through ducts.",
            "exocrine system",
        ),
    ],
)  # fmt: skip
def test_round_four_keepers_still_pass(sentence: str, answer: str) -> None:
    assert gate(sentence, answer) is None


def test_claude_cards_meet_the_same_rules() -> None:
    """The Claude path: a grounded batch (quotes from the chunk) through ``judge_cards``, the
    function the card handler calls on every provider's cards."""
    chunk = (
        "From there, hormones diffuse into the bloodstream and travel to distant body regions. "
        "The endocrine gland is the major player in this system. Endocrine glands are ductless "
        "glands that secrete hormones into the blood."
    )
    cards = [
        CardDraft(
            CLOZE_PREFIX + "From there, _____ diffuse into the bloodstream and travel to distant "
            "body regions.",
            "hormones",
            "cloze",
            "From there, hormones diffuse into the bloodstream and travel to distant body regions",
        ),
        CardDraft(
            "What is the endocrine gland?",
            "The major player in this system",
            "basic",
            "The endocrine gland is the major player in this system",
        ),
        CardDraft(
            "What are endocrine glands?",
            "Ductless glands that secrete hormones into the blood",
            "basic",
            "Endocrine glands are ductless glands that secrete hormones into the blood",
        ),
    ]
    kept, rejected = judge_cards(
        cards, CardContext(goal_title="Endocrine system", chunk=chunk, require_quote=True)
    )
    assert [c.front for c in kept] == ["What are endocrine glands?"]
    assert [r.reason for r in rejected] == [
        "leans on context the card does not carry (the sentence opens on the one before it)",
        "an empty definition (the answer says nothing that tells it apart)",
    ]


# -- where the sentence stands in its material ------------------------------------------------------
NEGOTIATION = (
    "The qs parameter indicates the relative quality of this variant. For example, a JPEG file "
    "is usually of higher source quality than an ASCII file if it is attempting to represent a "
    "photograph. However, if the resource being represented is an original ASCII art, then an "
    "ASCII representation would have a higher source quality than a JPEG representation.\n\n"
    "Variants with no qs parameter value are given a qs factor of 1.0."
)
MIRAGE = (
    "The earliest known Gettier case was conceived by Dharmakirti. His case asks one to imagine "
    "a weary nomad traveling across the desert in search of water. The traveler crests a "
    "mountain and sees what appears to be an oasis in the valley. However, the oasis is just a "
    "mirage. The traveler is justified in believing there is water in the valley due to sensory "
    "experience.\n\nA defeater is evidence that would undermine a justification."
)


def test_an_example_whose_opener_the_generator_cut_is_dropped() -> None:
    """The offline generator cuts "For example," (offline_cards._HARMLESS_OPENER): the gate
    reads the sentence where the material has it."""
    sentence = (
        "A JPEG file is usually of higher source quality than an _____ file if it is "
        "attempting to represent a photograph."
    )
    assert "in the material" in (gate(sentence, "ASCII", NEGOTIATION) or "")


def test_a_contrast_whose_opener_was_cut_and_a_general_sentence_pass() -> None:
    """ "However," alone leaves a fact that stands (half of such sentences on the corpus)."""
    fertilizers = (
        "Artificial fertilizers have become an important tool in food production. However, "
        "careless use and overuse of artificial fertilizers have been demonstrated to have "
        "significant negative impacts on aquatic ecosystems."
    )
    assert (
        cb.opened_in_material(
            "Careless use and overuse of _____ have been demonstrated to have significant "
            "negative impacts on aquatic ecosystems.",
            "artificial fertilizers",
            fertilizers,
        )
        is None
    )
    assert (
        cb.opened_in_material(
            "Variants with no qs parameter value are given a _____ of 1.0.",
            "qs factor",
            NEGOTIATION,
        )
        is None
    )


def test_a_sentence_inside_a_worked_example_is_dropped() -> None:
    sentence = (
        "The _____ is justified in believing there is water in the valley due to sensory "
        "experience."
    )
    assert "worked example" in (cb.inside_an_example(sentence, "traveler", MIRAGE) or "")


def test_a_sentence_after_the_example_paragraph_passes() -> None:
    sentence = "A _____ is evidence that would undermine a justification."
    assert cb.inside_an_example(sentence, "defeater", MIRAGE) is None
    # In the same paragraph, right after a story, a definition that speaks of none of its things.
    notes = (
        "Suppose Maria opens the news site twice in a minute. Maria's browser reuses the "
        "stored copy. Aquaporins let water molecules cross the membrane quickly."
    )
    sentence = "_____ let water molecules cross the membrane quickly."
    assert cb.inside_an_example(sentence, "Aquaporins", notes) is None


# -- the authors' channels, answers that conclude, praise as a definition --------------------------
def test_the_authors_channels_are_dropped() -> None:
    sentence = (
        "Questions on how to manage the _____ should be directed at either our IRC channel, "
        "#httpd, on Libera.chat, or sent to our mailing lists."
    )
    assert "authors' narrative" in (gate(sentence, "Apache HTTP Server") or "")
    assert cb.layout_pointer("Our cells divide by mitosis, and _____ divide by fission.") is None


def test_an_answer_that_concludes_or_only_praises_is_dropped() -> None:
    assert "conclusion" in (
        ask("What is knowledge?", "The goal and therefore enjoys a special status") or ""
    )
    assert "empty definition" in (ask("What is justification?", "A rather broad concept") or "")
    assert not cb.empty_definition("A broad concept that covers every reason for a belief")


def test_an_acronym_led_answer_beside_its_words_leaks() -> None:
    sentence = (
        "Plato’s hypothesis on knowledge, often referred to as the _____ (because it is "
        "“justified true belief”), is highly intuitive."
    )
    assert "leaks" in (gate(sentence, "JTB account") or "")
    assert "leaks" not in (
        gate("Plato’s hypothesis on knowledge is often referred to as the _____.", "JTB account")
        or ""
    )


def test_a_step_of_a_procedure_is_dropped() -> None:
    assert "procedure" in (
        gate(
            "For each dimension of the negotiation, check the appropriate Accept* header field "
            "and assign a quality to each _____.",
            "variant",
        )
        or ""
    )
    assert "leans on context" in (
        gate(
            "After each test, if only one _____ remains, select it as the best match and "
            "proceed to step 3.",
            "variant",
        )
        or ""
    )
    assert "leans on context" in (
        gate(
            "Specifically, _____ show that a belief being true and justified is not sufficient "
            "for that belief to count as knowledge.",
            "Gettier cases",
        )
        or ""
    )


def test_a_purpose_and_its_means_passes() -> None:
    assert (
        cb.opener(
            "To set a TCP socket option, call setsockopt(2) with the option level argument "
            "set to _____."
        )
        is None
    )
    assert cb.opener("In most cells, _____ use oxygen to release energy.") is None


def test_the_other_half_of_an_example_is_dropped() -> None:
    sentence = (
        "If the resource being represented is an original ASCII art, then an ASCII "
        "representation would have a higher source quality than a _____ representation."
    )
    assert "worked example" in (gate(sentence, "JPEG", NEGOTIATION) or "")


def test_an_instruction_after_so_is_dropped_a_consequence_passes() -> None:
    assert "procedure" in (
        cb.opener("The algorithm has now selected one 'best' _____, so return it as the response.")
        or ""
    )
    assert (
        cb.opener("The explicit types have a high _____, so they default to a preference of 1.0.")
        is None
    )


def test_the_next_step_of_a_sequence_is_dropped() -> None:
    assert "next step" in (
        gate(
            "The interstitial fluid and the blood vessels then transport the _____ throughout "
            "the body.",
            "hormones",
        )
        or ""
    )
    assert "which?" in (
        gate(
            "The added _____ means that there cannot exist evidence that, if believed by S, "
            "would undermine S’s justification.",
            "fourth condition",
        )
        or ""
    )


def test_a_sequence_inside_the_sentence_passes() -> None:
    assert (
        cb.opener(
            "In endocrine signaling, hormones secreted into the _____ diffuse into the blood or "
            "lymph, and can then travel great distances throughout the body."
        )
        is None
    )
    assert cb.opener("If the call fails, then the _____ is set to the error number.") is None


def test_the_same_as_what_is_dropped() -> None:
    assert "the same as what?" in (
        gate(
            "The same effect can be achieved by setting the _____ flag on a socket send(2) "
            "operation.",
            "MSG_DONTROUTE",
        )
        or ""
    )
    assert (
        cb.back_reference(
            "To prevent port hijacking, all of the processes binding to the same address must "
            "have the same effective _____."
        )
        is None
    )
    assert cb.back_reference("Setting the _____ flag has the same effect as SO_DONTROUTE.") is None


# -- example sentences (what_is_cognition.html, chemistry_in_context.html, deviance_and_control.html)
@pytest.mark.parametrize(
    ("sentence", "answer"),
    [
        # A marker in the main clause: the sentence illustrates the claim before it.
        (
            "In psychology, for example, Piaget’s stages of development are abstract _____.",
            "concepts",
        ),
        (
            "Even as laws loosened, a state for example may allow betting on horse _____ but not "
            "on sports.",
            "races",
        ),
        # The blank on the example a trailing "for example" lists.
        (
            "Some aspects of the microscopic domain are visible through standard optical "
            "microscopes, for example, many biological _____.",
            "cells",
        ),
    ],
)
def test_an_example_sentence_is_no_fact_card(sentence: str, answer: str) -> None:
    assert cb.example_sentence(sentence)
    assert gate(sentence, answer)


@pytest.mark.parametrize(
    ("sentence", "answer"),
    [
        # The fact before a trailing example list, and a blank outside an aside's example.
        (
            "Some aspects of the microscopic domain are visible through standard optical _____, "
            "for example, many biological cells.",
            "microscopes",
        ),
        (
            "Metals were combined to form _____—for example, copper and tin were mixed together "
            "to make bronze—and more elaborate smelting techniques produced iron.",
            "alloys",
        ),
    ],
)
def test_the_fact_beside_an_example_aside_still_makes_a_card(sentence: str, answer: str) -> None:
    assert cb.example_sentence(sentence) is None


def test_a_blank_in_an_aside_with_a_call_inside_it_is_in_the_aside() -> None:
    # tcp.7.txt: the "(2)" of "fcntl(2)" hid the aside the blank stands in.
    sentence = (
        "When urgent data is received, the kernel sends a SIGURG signal to the process or process "
        'group that has been set as the socket "owner" using the SIOCSPGRP or FIOSETOWN ioctls '
        "(or the POSIX.1-specified fcntl(2) _____ operation)."
    )
    assert cb.blank_in_aside(sentence)
    # A blank after a call's "(2)", outside any aside, is the sentence's fact.
    assert cb.blank_in_aside("The fcntl(2) _____ operation sets the owner of a socket.") is None


# -- a kind of thing named once, then called by its kind -------------------------------------------
def test_a_thing_called_by_its_kind_and_never_named_on_the_card_leans_on_context() -> None:
    # kansas_nebraska_act.html: "… came to a head in Lawrence, Kansas. The town had been
    # founded by …": on the card, "the town" is any town.
    sentence = (
        "The town had been founded by the _____, which funded antislavery settlement in the "
        "territory and were determined that Kansas should be a free-soil state."
    )
    assert "which town" in (gate(sentence, "New England Emigrant Aid Society") or "")
    # motives_of_imperialism.html: "The interior of the continent is a high plateau …".
    back = "A high plateau from which rivers pour down and rush to the seacoast"
    assert "which continent" in (ask("What is the interior of the continent?", back) or "")


def test_a_thing_its_card_names_still_makes_a_card() -> None:
    # The same text's "The new Republican Party pledged itself …": the party is named.
    sentence = (
        "The new Republican Party pledged itself to preventing the spread of slavery into the "
        "territories and railed against the _____, infuriating the South."
    )
    assert gate(sentence, "Slave Power") is None
    assert ask("What did the Kansas-Nebraska Act give rise to?", "The Republican Party") is None
    # An of-phrase or a name earlier in the sentence says which one; a kind noun outside the
    # subject ("… across the country") is where, not what the sentence is about.
    assert cb.unnamed_referent("The territory of Kansas was opened to _____.") is None
    assert (
        cb.unnamed_referent("Explorers mapped Africa’s coast; the continent’s interior was _____.")
        is None
    )
    assert (
        cb.unnamed_referent("_____ can encourage political participation across the country.")
        is None
    )
