"""Whether a code's description only spells out the code's own name.

A reference's list of error codes describes each in a few words, and most of those words are
the code's name written out: ``dns.REFUSED`` "DNS server refused query.", ``dns.NOTFOUND``
"Domain name not found.", ``dns.LOADIPHLPAPI`` "Error loading iphlpapi.dll.". "What does
dns.REFUSED mean?" asks the learner to read the name back, not to recall a fact (issue 18,
round 10's sweep of the tuning texts). A description that says something the name does not
("dns.NONAME: Given host name is not numeric.", "ETIMEDOUT: The other end didn't acknowledge
retransmitted data after some time.") is a fact worth a card.
"""

from __future__ import annotations

import re

# How much of the name the description's words must spell for the card to give it away:
# "dns.NONAME" is 4 of 6 letters spelled ("name") and still teaches "not numeric".
_SPELLED = 0.75


def _name_letters(name: str) -> str:
    """The code's own part of a name, lower case, letters only ("dns.NOT_FOUND" -> notfound):
    the module prefix is what every code in the list shares."""
    return re.sub(r"[^a-z]", "", name.rsplit(".", 1)[-1].lower())


def spelled_share(name: str, description: str) -> float:
    """The share of the name's letters that the description's words spell: a whole word of
    the description found in the name ("refused", "no"), or the opening three letters or more
    of one ("loading" spells "load", "failure" spells "fail")."""
    letters = _name_letters(name)
    if not letters:
        return 0.0
    covered = [False] * len(letters)
    for word in re.findall(r"[a-z]+", description.lower()):
        for i in range(len(letters)):
            k = 0
            while k < len(word) and i + k < len(letters) and letters[i + k] == word[k]:
                k += 1
            if k >= 3 or (k == len(word) and k >= 2):
                for j in range(i, i + k):
                    covered[j] = True
    return sum(covered) / len(letters)


def spelled_by_name(name: str, description: str) -> bool:
    """True when the description is mostly the name written out ("dns.CANCELLED": "DNS query
    cancelled."), so a card asking what the name means gives its answer away."""
    return spelled_share(name, description) >= _SPELLED
