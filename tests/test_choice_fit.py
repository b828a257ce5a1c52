"""Issue 18, choice sets: wrong options that fit the sentence, are of the answer's kind, are
not right too, and give nothing away; and a new goal's quiz cards get options from the
material itself. The examples are the issue's."""

from __future__ import annotations

import pytest

from studyapp.generation.choice_fit import giveaway, material_candidates, misfit
from studyapp.generation.errors import InvalidOutput
from studyapp.generation.validation import validate_distractors
from studyapp.jobs import store
from studyapp.services import cards as cards_service
from studyapp.services import generation, goals
from tests.gen_support import ORGANELLES, drain, submit_material

CACHING = """# HTTP caching

## Cache-Control directives

The max-age directive is the number of seconds a stored response stays fresh. The s-maxage
directive is a max-age that only shared caches obey. The no-store directive means that no cache
may keep the response at all. The immutable directive means that the response will not change
while it is fresh, so a browser need not revalidate it.

## Validators

An ETag is an opaque identifier that a server gives to one version of a response. A weak ETag
is an identifier that marks responses as equivalent rather than identical. The Vary header
lists the request headers that select among stored responses. A browser may store a private
response. A proxy server may store a public response, and so may a shared cache.
"""


def test_a_plural_among_singulars_is_never_in_the_set() -> None:
    options, _ = validate_distractors(
        "congestion window",
        ["slow start thresholds", "round-trip time", "retransmission timer", "segment size"],
        "Fill in the blank: The sender keeps a _____ on the data in flight.",
    )
    assert "slow start thresholds" not in options
    assert set(options) == {"round-trip time", "retransmission timer", "segment size"}
    with pytest.raises(InvalidOutput, match="a plural among singulars"):
        validate_distractors(
            "congestion window",
            ["slow start thresholds", "round-trip time", "retransmission timer"],
            "Fill in the blank: The sender keeps a _____ on the data in flight.",
        )


def test_a_description_among_terms_or_another_verb_form_is_rejected() -> None:
    answer = "A mapping from names to objects"
    assert misfit("nonlocal statement", answer).startswith("opens unlike the answer")
    assert misfit("A tool for creating iterators", answer) is None
    answer = "Enable BIC TCP congestion control algorithm."
    assert (
        misfit("Controls TCP Path MTU Discovery.", answer) == "opens with another form of the verb"
    )
    assert misfit("Set the default congestion control algorithm.", answer) is None
    assert misfit("generators", "module") == "a plural among singulars"
    assert misfit("module", "generators") == "a singular among plurals"


def test_a_capital_or_an_article_among_lower_case_terms_is_rejected() -> None:
    assert misfit("Generator expressions", "iterators").startswith("capitalised")
    assert misfit("socket layer", "socket address") is None
    assert misfit("the ready list", "interest list").startswith("opens unlike the answer")
    options, _ = validate_distractors(
        "SIGIO",
        ["FIOSETOWN", "UDP", "SIGPIPE", "SIGURG", "SIGCHLD"],
        "Fill in the blank: the _____ signal.",
    )
    assert set(options) == {"SIGPIPE", "SIGURG", "SIGCHLD"}  # the answer's family only
    options, _ = validate_distractors(
        "dns.lookup()",
        ["util.promisify()", "dns.resolve()", "dns.reverse()", "dns.setServers()"],
        "Fill in the blank: _____ uses the operating system's resolver.",
    )
    assert "util.promisify()" not in options


def test_the_blank_names_a_kind_the_option_is_not() -> None:
    text = (
        "The sockaddr_storage structure holds any socket address. A filter is passed as a "
        "struct sock_fprog. The cmsg_type field names the control message. The wmem_default "
        "file sets the default send buffer."
    )
    stem = "Fill in the blank: The _____ structure is useful in generic programs."
    assert misfit("sock_fprog", "sockaddr_storage", stem, text) is None
    for other in ("cmsg_type", "wmem_default"):
        assert misfit(other, "sockaddr_storage", stem, text).startswith("not of the kind")


def test_an_adjective_is_no_option_for_a_noun() -> None:
    assert misfit("passive", "diffusion") == "an adjective where the answer is a noun"
    assert misfit("osmosis", "diffusion") is None
    assert misfit("endocytosis", "passive") == "a noun where the answer is an adjective"


def test_a_header_name_is_no_option_among_directives() -> None:
    stem = "Fill in the blank: The _____ directive is the number of seconds a response stays fresh."
    for header in ("Cache-Control", "ETag", "Vary"):
        assert misfit(header, "max-age", stem) == "another kind of term than the answer"
    for directive in ("s-maxage", "no-store", "immutable"):
        assert misfit(directive, "max-age", stem) is None
    options, rejected = validate_distractors(
        "max-age", ["Cache-Control", "s-maxage", "ETag", "no-store", "immutable"], stem
    )
    assert set(options) == {"s-maxage", "no-store", "immutable"}
    assert {r.text for r in rejected} == {"Cache-Control", "ETag"}


def test_an_option_the_text_says_is_right_too_is_rejected() -> None:
    stem = "Fill in the blank: A _____ may store a public response."
    assert misfit("proxy server", "shared cache", stem, CACHING) == "also correct in the text"
    assert misfit("browser", "shared cache", stem, CACHING) is None  # it stores PRIVATE ones
    options, rejected = validate_distractors(
        "shared cache",
        ["proxy server", "browser", "origin server", "web client", "gateway"],
        stem,
        material=CACHING,
    )
    assert "proxy server" not in options
    assert ("proxy server", "also correct in the text") in {(r.text, r.reason) for r in rejected}
    # "A _____" rules out "origin server" by its article alone (round 4's strict read).
    assert ("origin server", "the article before the blank fits the answer only") in {
        (r.text, r.reason) for r in rejected
    }
    question = "What is a weak ETag?"
    answer = "An identifier that marks responses as equivalent rather than identical"
    said = "an opaque identifier that a server gives to one version of a response"
    assert misfit(said.capitalize(), answer, question, CACHING) is None  # about ETag, not weak
    text = (
        CACHING
        + "\nA weak ETag is also an opaque identifier that a server gives to one version of a response.\n"
    )
    assert misfit(said.capitalize(), answer, question, text) == "also correct in the text"


def test_the_only_option_repeating_the_questions_number_gives_it_away() -> None:
    stem = "What does a 304 status code mean?"
    answer = "304 Not Modified: the stored copy may be used"
    assert giveaway(
        answer,
        ["200 OK: here is the body", "404 Not Found: no such page", "500: the server failed"],
        stem,
    ) == ("only one option repeats the question's number")
    fair = ["301 Moved Permanently", "304 Not Modified, the body follows", "404 Not Found"]
    assert giveaway("304 Not Modified: the stored copy may be used", fair, stem) is None
    # A decoy repeating the number is left out when a fair set exists without it.
    options, _ = validate_distractors(
        "The stored copy may still be used",
        [
            "The stored copy expired after 304 seconds",
            "The request must be sent again",
            "The response must not be stored",
            "The server refused the request",
        ],
        stem,
    )
    assert "The stored copy expired after 304 seconds" not in options


def test_the_only_option_opening_with_another_word_gives_it_away() -> None:
    answer = "Means that any cache may store the response"
    fair = [
        "Means that only the browser may store it",
        "Allows a shared cache to store it for a day",
        "Means that the response must be revalidated",
        "Means that the response never changes",
    ]
    options, _ = validate_distractors(answer, fair, "What does public mean in Cache-Control?")
    assert all(o.startswith("Means") for o in options)
    with pytest.raises(InvalidOutput, match="opens with another word"):
        validate_distractors(
            "Allows any cache to store the response",
            [
                "Means that only the browser may store it",
                "Means that the response must be revalidated",
                "Means that the response never changes",
            ],
            "What does public do in Cache-Control?",
        )


def test_material_gives_terms_of_every_kind() -> None:
    found = material_candidates(CACHING)
    assert {"max-age", "s-maxage", "no-store"} <= set(found) or {
        "max-age directive",
        "s-maxage directive",
    } & set(found)
    assert any(o.lower().startswith("an opaque identifier") for o in found)


@pytest.mark.usefixtures("offline_provider")
def test_a_new_goals_first_quiz_cards_get_choices_from_the_material(
    db, profile, registry, runner, clock
) -> None:
    # Notes whose definitions are of one kind (organelles): the wrong options are the other
    # organelles' definitions. (The congestion notes' first three cards, the Internet, congestion
    # collapse and the congestion window, have no honest set: see the test below.)
    goal = goals.create_goal(db, profile.id, "Cell organelles")
    submit_material(db, profile.id, goal.id, registry, clock, count=3, text=ORGANELLES)
    drain(runner, clock)
    made = cards_service.list_cards(db, profile.id, goal.id)
    assert len(made) == 3  # too few answers of its own for three wrong options each
    jobs = [
        generation.submit_distractors(db, profile.id, c.id, registry=registry, clock=clock).job
        for c in made
    ]
    drain(runner, clock)
    done = [store.get_job(db, profile.id, j.id) for j in jobs]
    with_choices = [j for j in done if j.status == "completed"]
    assert len(with_choices) >= 2, [j.error for j in done]
    answers = {c.back for c in made}
    for job in with_choices:
        assert len(set(job.result["options"])) == 3
        assert not set(job.result["options"]) <= answers  # drawn from the material too


@pytest.mark.usefixtures("offline_provider")
def test_a_card_with_no_honest_set_is_refused_with_the_reason(
    db, profile, registry, runner, clock
) -> None:
    """The congestion notes' first cards once got sets of cut-off definitions of other kinds of
    thing ("A state in which the network carries" for what the Internet is) and a phase, a
    timeout and "algorithm" for the congestion window (round 4's strict read drops them)."""
    goal = goals.create_goal(db, profile.id, "TCP congestion control")
    submit_material(db, profile.id, goal.id, registry, clock, count=3)
    drain(runner, clock)
    made = cards_service.list_cards(db, profile.id, goal.id)
    jobs = [
        generation.submit_distractors(db, profile.id, c.id, registry=registry, clock=clock).job
        for c in made
    ]
    drain(runner, clock)
    done = [store.get_job(db, profile.id, j.id) for j in jobs]
    assert [j.status for j in done] == ["failed"] * 3
    for job in done:
        assert "none that gives the answer away" in (job.error or "")  # says what it needs


def test_a_statement_and_a_phrase_are_never_options_of_one_another() -> None:
    """Round 7: a question card's back can be a whole sentence ("What is one of the positive
    contributions of deviance?" -> "Deviance fosters social change."); a term's definition
    beside it is another kind of answer, and says so by its shape."""
    answer = "Deviance fosters social change."
    assert misfit("Rewards given for conforming to norms", answer) == (
        "a phrase where the answer is a statement"
    )
    assert misfit("Deviance reinforces existing norms.", answer) is None
    assert misfit("Deviance fosters social change.", "Rewards given for conforming to norms") == (
        "a statement where the answer is a phrase"
    )
