"""A page's legal notices as a card (issue 18, round 13's strict read).

"The Xiph Fish Logo is a trademark (™) of Xiph.Org. These pages © 1994 - 2005 Xiph.Org. All
rights reserved." closes a specification's page; the offline generator made "What is the Xiph
Fish Logo?" -> "A trademark (™) of Xiph.Org". A trademark, copyright or rights notice is the
site's furniture, not the subject the learner studies. The marks themselves (™, ®, ©) and the
fixed phrases of a notice say so; a text about trademarks as a subject ("A company's trademark
is the exclusive right to the name …") uses neither.
"""

from __future__ import annotations

import re

_NOTICE = re.compile(
    r"[™®©]|\(tm\)|\ball rights reserved\b|"
    r"\b(?:is|are) (?:a |the )?(?:registered )?(?:trademarks?|service marks?) of\b|"
    r"\bcopyright (?:\d{4}|\(c\))",
    re.IGNORECASE,
)


def legal_notice(text: str) -> bool:
    """Does ``text`` carry a trademark, copyright or rights notice?"""
    return _NOTICE.search(text) is not None
