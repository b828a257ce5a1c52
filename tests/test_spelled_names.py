"""Round 10's sweep of the tuning texts: an error code's card that reads the name back, and a
glossary answer that opens on an aside."""

from studyapp.generation.offline_cards import cards_from_text, tidy_answer
from studyapp.generation.spelled_names import spelled_by_name

# dns.md's error list, as the cleaner writes it.
ERRORS = """## Error codes

Each DNS query can return one of the following error codes:

**dns.NOTFOUND**: Domain name not found.

**dns.LOADIPHLPAPI**: Error loading iphlpapi.dll.

**dns.NONAME**: Given host name is not numeric.

**dns.FORMERR**: DNS server claims query was misformatted.
"""


def test_an_error_whose_description_spells_its_name_gets_no_card() -> None:
    fronts = {c.front for c in cards_from_text(ERRORS, 10)}
    assert "What does dns.NOTFOUND mean?" not in fronts  # "Domain name not found."
    assert "What does dns.LOADIPHLPAPI mean?" not in fronts  # "Error loading iphlpapi.dll."
    # Descriptions that say what the name does not are facts.
    assert "What does dns.NONAME mean?" in fronts  # "not numeric"
    assert "What does dns.FORMERR mean?" in fronts


def test_spelled_share_reads_whole_words_and_word_openings() -> None:
    assert spelled_by_name("dns.SERVFAIL", "DNS server returned general failure.")
    assert spelled_by_name("dns.CANCELLED", "DNS query cancelled.")
    assert not spelled_by_name("ETIMEDOUT", "The other end didn't acknowledge retransmitted data.")
    assert not spelled_by_name("dns.BADRESP", "Misformatted DNS reply.")


def test_a_glossary_answer_puts_its_aside_last() -> None:
    # what_is_cognition.html's and kansas_nebraska_act.html's key terms
    assert tidy_answer(
        "(plural = schemata) mental construct consisting of a cluster or collection of "
        "related concepts"
    ) == (
        "Mental construct consisting of a cluster or collection of related concepts "
        "(plural = schemata)"
    )
    assert tidy_answer(
        "also called the Know-Nothing Party, a political party that emerged in 1856 with an "
        "anti-immigration platform"
    ) == (
        "A political party that emerged in 1856 with an anti-immigration platform; also "
        "called the Know-Nothing Party"
    )


def test_the_glossary_card_reads_what_the_term_is_first() -> None:
    text = (
        "## Key terms\n\n**American Party**: also called the Know-Nothing Party, a political "
        "party that emerged in 1856 with an anti-immigration platform\n"
    )
    (card,) = cards_from_text(text, 5)
    assert card.back.startswith("A political party that emerged in 1856")
