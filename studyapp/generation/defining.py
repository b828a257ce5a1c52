"""Whether "X is Y" says what X is: the checks that keep a question card's back a definition.

Round 4's strict reader dropped "What is knowledge?" → "An important concept in all areas of
thought", "What is justification?" → "A rather broad concept", "What is the endocrine gland?"
→ "The major player in this system", "What does the added fourth condition mean?" and "What
does so when someone tell?". Each is the sentence shape of a definition around something
else: a judgement, a pointer into the text, a subject that is a clause. These are word
classes (evaluative adjectives, vague head nouns, demonstratives, ordinals, conjunctions), not
words of any one text.
"""

from __future__ import annotations

import re

# Adjectives that judge rather than classify: "an important concept" says how much it
# matters, not what it is.
_EVALUATIVE = (
    r"important|major|key|central|crucial|essential|useful|interesting|broad|big|good|great|"
    r"special|significant|fundamental|main|vital|critical|powerful|popular|difficult|complex|"
    r"simple|famous|well-known|notable|valuable|serious|common|hard|easy|tricky|complicated"
)
# Of those, the ones that rank rather than describe: "an important avenue of socialization"
# says how much it matters whatever the noun; "a simple and powerful tool for creating
# iterators" still says what it is.
_SIGNIFICANCE = re.compile(
    r"^(?:a|an|one)\s+(?:(?:very|most|particularly|especially|extremely|really)\s+)*"
    r"(?:important|major|key|central|crucial|essential|vital|critical|significant|"
    r"fundamental|main|notable|valuable|serious)\s+[\w-]+(?P<after>.*)$",
    re.IGNORECASE,
)
# Head nouns that name no kind: "a concept", "the player", "an aspect".
_VAGUE_HEAD = (
    r"concept|idea|topic|notion|player|part|aspect|issue|matter|subject|thing|question|one|"
    r"piece|area|element|factor|role|component|feature|point|example|way|kind|sort|type"
)
_DEFINING_CLAUSE = re.compile(
    r"^\s*(?:that|which|who|whose|where|in which|by which|through which|used\b|made\b|"
    r"consisting\b|containing\b|composed\b|of\b)",
    re.IGNORECASE,
)
_JUDGEMENT = re.compile(
    rf"^(?:a|an|the|one)\s+(?:(?:rather|very|quite|most|more|particularly|especially|really|"
    rf"extremely|fairly|so|too)\s+)*(?:(?P<eval>{_EVALUATIVE})\s+)?"
    rf"(?:[\w-]+\s+){{0,2}}?(?P<head>{_VAGUE_HEAD}|[\w-]+)\b(?P<after>.*)$",
    re.IGNORECASE,
)
_NOT_HEADS = frozenset("that which who whose where of in for to used with by".split())  # noqa: SIM905
_DEMONSTRATIVE = re.compile(r"\b(?:this|these|those)\s+[a-z][\w-]*", re.IGNORECASE)
# A subject that points into the text: "the added fourth condition", "the following rule",
# "the latter".
_ANAPHORIC = re.compile(
    r"(?<![\w-])(?:added|above|following|foregoing|preceding|previous|next|same|latter|former|other|"
    r"aforementioned|said|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"last|final|such|new)(?![\w-])",
    re.IGNORECASE,
)
# Words that open an inverted or negated clause ("No longer are the nine states required to …",
# "Never is a lock held …"): what follows the verb is the subject, so the words before it are
# no noun phrase (round 6: "What are no longer?").
_INVERTING = frozenset(
    """no not never nor neither rarely seldom hardly scarcely barely only nowhere""".split()  # noqa: SIM905
)
# Comparatives: a back that ends on one ("one precedence level higher") says how X compares
# with something the card does not name, not what X is.
_COMPARATIVE = (
    r"higher|lower|greater|smaller|larger|bigger|faster|slower|earlier|later|longer|shorter|"
    r"older|newer|better|worse|more|less|fewer|further|farther|deeper|wider|narrower|stronger|"
    r"weaker|heavier|lighter|cheaper|easier|harder|simpler|closer|nearer|above|below|before|after"
)
# A back that names an example-of relation ("an excellent illustration of the dispersion of
# sunlight"): X is a case of Y, so the card asks what X is an example of. A sign-of relation
# is the same shape (round 7: "The size of a family’s herds is a measure of wealth and social
# status" is no definition of the size of herds): "What is X a measure of?".
_EXEMPLAR = re.compile(
    r"^(?:a|an|one)\s+(?:(?:very|particularly|especially|really|extremely|good|great|"
    r"excellent|perfect|classic|prime|clear|striking|fine|ideal|typical|common|simple|"
    r"familiar|everyday|vivid|nice|useful|important|well-known|famous)\s+(?:and\s+)?)*"
    r"(?P<noun>example|illustration|instance|demonstration|case|showcase|measure|sign|"
    r"indicator|symbol|marker|mark|signal|symptom|reflection|emblem|gauge)\s+of\s+(?P<what>.+)$",
    re.IGNORECASE,
)
# A quantity that says nothing ("a lot of information about …"): no answer to learn.
_VAGUE_AMOUNT = re.compile(
    r"^(?:a\s+lot|lots|a\s+great\s+deal|plenty|a\s+wealth|tons|loads|"
    r"an?\s+(?:large|huge|vast|great|enormous|small|certain)\s+(?:amount|number|quantity))"
    r"\s+of\b",
    re.IGNORECASE,
)
_CLAUSE_WORDS = frozenset(
    """so when if because while although though since unless whereas until once after before
    as someone something anyone anything everyone everything nobody nothing somebody""".split()  # noqa: SIM905
)


def judgement_problem(rest: str) -> str | None:
    """Why "X is ``rest``" judges X rather than defines it, or ``None``: an evaluative
    adjective or a head noun that names no kind ("an important concept in all areas of
    thought", "a rather broad concept") with no defining clause after it, or a bare role
    ("the goal and therefore enjoys a special status")."""
    # "the goal and therefore …" is a role; "the method and the URL a cache uses …" names two
    # things the subject is made of.
    role = r"^the\s+[\w-]+\s*(?:$|,|;|\band\b(?!\s+(?:the|a|an)\s)|\bbut\b|\bso\b)"
    if re.match(role, rest.strip(), re.I):
        return "a role, not a definition"
    ranked = _SIGNIFICANCE.match(rest.strip())
    if ranked and not re.match(r"\s*(?:that|which|who|whose|in which)\b", ranked["after"]):
        return "a judgement, not a definition"
    m = _JUDGEMENT.match(rest.strip())
    if m is None or m["head"].lower() in _NOT_HEADS:
        return None  # "a key that identifies a row": "key" is the head, not a judgement
    if re.fullmatch(_VAGUE_HEAD, m["head"], re.IGNORECASE) is None:
        return None  # "a simple and powerful tool for …": a kind, however judged
    if _DEFINING_CLAUSE.match(m["after"]) and not m["eval"]:
        return None  # "a part of the cell that …": a kind and what marks it
    return "a judgement, not a definition"


def deictic_problem(rest: str) -> str | None:
    """A back that points into the text: "the major player in this system"."""
    return "points at the text around it" if _DEMONSTRATIVE.search(rest) else None


def subject_problem(term: str) -> str | None:
    """A subject a card cannot carry: one that points into the text ("the added fourth
    condition") or a clause read as a noun ("so when someone")."""
    words = [w.lower() for w in term.split()]
    if any(w in _CLAUSE_WORDS for w in words):
        return "the subject is a clause, not a term"
    if words and words[0] in _INVERTING:
        return "the subject opens an inverted or negated clause, not a noun phrase"
    if len(words) >= 2 and words[0] in {"being", "having", "getting"}:
        return "the subject is a clause (a passive or perfect gerund), not a term"
    if words and words[0] in {"the", "this", "that", "these", "those"} and _ANAPHORIC.search(term):
        return "the subject points into the text"
    return None


def comparison_problem(rest: str) -> str | None:
    """A back that ends on a comparative ("one precedence level higher"): it compares X with
    something the card does not name; "a number greater than zero" names it and still defines.
    Only the head phrase counts: in "a state in which … packets that were dropped earlier" the
    comparative belongs to a clause about something else, and the back still defines."""
    head = re.split(
        r"[,;(]|\b(?:that|which|who|whom|whose|where|when|because|since|while|if)\b",
        rest.strip().rstrip(".!"),
        maxsplit=1,
    )[0].split()
    if head and re.fullmatch(_COMPARATIVE, head[-1], re.IGNORECASE):
        return "a comparison, not what it is"
    return None


_SUPERLATIVE = re.compile(
    r"^(?:the\s+)?(?:highest|lowest|greatest|largest|smallest|biggest|fastest|slowest|best|"
    r"worst|longest|shortest|earliest|latest|strongest|weakest|most\s+[\w-]+|least\s+[\w-]+)"
    r"(?:\s+(?:at|in|on|when|during|among|for|if|where|under|within)\b|\s*[,.;]?$)",
    re.IGNORECASE,
)


def superlative_problem(rest: str) -> str | None:
    """A back that is a superlative with no noun ("the highest at the optimum growth
    temperature"): how X ranks somewhere, not what X is; "the largest organ of the body"
    has its noun and still defines."""
    return "a superlative, not what it is" if _SUPERLATIVE.match(rest.strip()) else None


def exemplar(rest: str) -> tuple[str, str] | None:
    """("illustration", "the dispersion of sunlight") when "X is ``rest``" says X is an example
    of something rather than what X is; the card asks "What are X an illustration of?"."""
    m = _EXEMPLAR.match(rest.strip())
    return (m["noun"].lower(), m["what"]) if m else None


def vague_amount_problem(rest: str) -> str | None:
    """A back that opens on a quantity that says nothing ("a lot of information about the
    nature of stars"): which information is the fact, and the back does not say."""
    return "a vague amount, not a fact" if _VAGUE_AMOUNT.match(rest.strip()) else None


# A phrase the material itself marks as a figure of speech: a hedge after it ("a "file
# cabinet" of sorts") or a simile before it ("acts like a gatekeeper", "think of it as a map").
_FIGURE = re.compile(
    r"[\"“‘']?(?P<hedged>[\w -]{2,40}?)[\"”’']?\s+(?:of sorts|so to speak|as it were)\b|"
    r"\b(?:is|are|acts|act|works|work|behaves|behave)\s+(?:much\s+|rather\s+|a\s+bit\s+)?like\s+"
    r"(?:a|an|the)\s+(?P<simile>[\w -]{2,40}?)(?=[,.;:!?)]|\s+(?:that|which|who|in|for|with)\b)|"
    r"\b(?:think|thinking) of\s+[\w -]{1,40}?\s+as\s+(?:a|an|the)\s+"
    r"(?P<thought>[\w -]{2,40}?)(?=[,.;:!?)]|\s+(?:that|which|who|in|for|with)\b)",
    re.IGNORECASE,
)


def figures(material: str) -> frozenset[str]:
    """The head nouns of the figures of speech ``material`` uses (see :data:`_FIGURE`)."""
    out = set()
    for m in _FIGURE.finditer(material):
        phrase = m["hedged"] or m["simile"] or m["thought"]
        words = re.findall(r"[a-z][\w-]*", phrase.lower())
        if words:
            out.add(words[-1])
    return frozenset(out)


def figurative_problem(term: str, material: str) -> str | None:
    """A question about the vehicle of an analogy ("the different files stored in the file
    cabinet", when the material calls the mind's store a "file cabinet" of sorts): a figure
    of speech asked as a fact."""
    if not material:
        return None
    said = figures(material)
    words = {w.rstrip("s") for w in re.findall(r"[a-z][\w-]*", term.lower())}
    if any(f.rstrip("s") in words for f in said):
        return "an analogy, not a fact"
    return None


def person_problem(term: str, rest: str, material: str) -> str | None:
    """ "Charles is a retired bus driver who developed type 2 diabetes …": a name the material
    writes with a capital mid-sentence, and a back about someone ("… who …"), is a person of
    the text's story, not a thing to learn; "Sociologists are people who study society"
    (a common noun) still defines."""
    first = term.split()[0] if term.split() else ""
    if not re.fullmatch(r"[A-Z][a-z]+", first) or not re.search(r"\bwho\b", rest):
        return None
    if re.search(rf"(?<=[a-z,] ){re.escape(first)}\b", material):
        return "a person of the text's story, not a thing to learn"
    return None


def another_term_problem(rest: str) -> str | None:
    """A back that names another term mid-way ("the province of the paracrine, also called a
    paracrine factor, which is …"): it defines that term, not the subject."""
    if re.search(r",\s+(?:also|sometimes|often)\s+(?:called|known as|termed)\b", rest, re.I):
        return "the back defines another term"
    return None


# "Reflection and refraction of light are the basic properties that make possible all optical
# instruments": a genus that names no kind ("properties", "things", "factors") narrowed only by
# what it brings about says what the term enables, not what it is. ("Enzymes are the proteins
# that make possible …" names its kind.)
_ENABLER = re.compile(
    r"^(?:the |an? )?(?:[\w-]+ ){0,2}(?:propert(?:y|ies)|things?|features?|factors?|elements?|"
    r"aspects?|means|basis|keys?)\s+(?:that|which)\s+(?:make|makes|made|allow|allows|enable|"
    r"enables|permit|permits|let|lets|underlie|underlies)\b",
    re.IGNORECASE,
)


def enabler_problem(rest: str) -> str | None:
    if _ENABLER.match(rest.strip()):
        return "says what the term makes possible, not what it is"
    return None


def not_a_definition(term: str, rest: str) -> str | None:
    """Why "``term`` is ``rest``" makes no question card, or ``None``."""
    return (
        subject_problem(term)
        or judgement_problem(rest)
        or comparison_problem(rest)
        or superlative_problem(rest)
        or vague_amount_problem(rest)
        or ("an example of something, not what it is" if exemplar(rest) else None)
        or deictic_problem(rest)
        or another_term_problem(rest)
        or enabler_problem(rest)
    )
