"""How the material itself writes a term, so a question asks about it in the same grammar.

A strict learner reads a question's subject as the text taught it: "What is lemon?" for a
program the text always calls "Lemon" reads as the fruit, and "What is race-to-the-bottom?"
for a thing the text counts ("race-to-the-bottom dynamics", defined as "a dynamic in which
…") drops the article English needs. The evidence is the material's own use of the term
mid-sentence (a sentence's first word is capitalised whatever it is) and the articles and
number it gives the term. With no evidence the caller keeps its own default.

Also here: the sentences "X is a/the …" that are not definitions of X at all, because X is
a character of a worked example, an event, or a rank among others (:func:`example_problem`).
"""

from __future__ import annotations

import re

from studyapp.generation.words import STOPWORDS, is_verb

# Words that open a noun phrase: after one of them a word is used as a noun.
_DETERMINER = (
    r"(?:the|these|those|many|some|several|few|all|both|other|such|different|various|its|"
    r"their|our|your|his|her|two|three|four|five|most|more)"
)
# A word (or a clause's comma) just before a term: the term is inside the sentence, so its
# capital is its own, not the sentence's.
_MID_SENTENCE = r"(?<=[A-Za-z0-9,;:)] )"


def _prose(material: str) -> list[str]:
    """The material's prose lines: a heading ("# The Lemon Parser Generator") is title case."""
    return [line for line in material.splitlines() if not line.lstrip().startswith("#")]


def mid_sentence_uses(term: str, material: str) -> list[str]:
    """``term`` each time the material's prose writes it inside a sentence, as written there:
    where its capital is its own, not the sentence's (what :func:`written_case` and
    :func:`common_form` count)."""
    pattern = re.compile(rf"{_MID_SENTENCE}[“\"‘']?({re.escape(term)})(?![\w-])", re.IGNORECASE)
    return [m.group(1) for line in _prose(material) for m in pattern.finditer(line)]


def written_case(term: str, material: str) -> str | None:
    """``term`` with the first letter the material gives it mid-sentence, most often: "Lemon"
    when the text writes "Furthermore, Lemon implements …" (a name), "slow start" when it
    writes "… enters slow start". None when the material never writes it mid-sentence."""
    if not material or not term[:1].isalpha():
        return None
    # A word written all in capitals is a command's or a heading's ("/WINDOW SERVER tag"),
    # not the name's own capital; a quote opens the term it names ("called the “server
    # tag”"). Round 17 asked "What does Server tag specify?".
    uses = [
        use
        for use in mid_sentence_uses(term, material)
        if not (len(use.split()[0]) > 1 and use.split()[0].isupper()) or term.split()[0].isupper()
    ]
    upper = sum(1 for use in uses if use[0].isupper())
    lower = len(uses) - upper
    if upper > lower:
        return term[0].upper() + term[1:]
    if lower:
        return term[0].lower() + term[1:]
    return None


def _plurals(word: str) -> list[str]:
    if word.endswith("y") and word[-2:-1] not in set("aeiou"):
        return [word[:-1] + "ies"]
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return [word + "es"]
    return [word + "s"]


def _heading_nouns(pattern: str, material: str) -> int:
    """Matches of ``pattern`` that end their noun phrase: "the makeheaders program" uses
    "makeheaders" as a modifier, not as a noun the article belongs to."""
    n = 0
    for m in re.finditer(pattern, material):
        after = re.match(r"[’'`\"]*\s+([a-z]+)", material[m.end() :])
        if after is None or after[1] in STOPWORDS or is_verb(after[1]):
            n += 1
    return n


def counted_noun(word: str, material: str) -> bool:
    """A one-word common noun the material counts, so a question asks "What is a family?":
    it writes "a/an family", or the plural after a determiner ("many families": a verb's
    "-s", "Lemon uses …", never follows one), or "the family" and never the bare word
    mid-sentence. A mass noun or a field ("osmosis", "chemistry") is written bare."""
    if not material or not re.fullmatch(r"[a-z][a-z-]*[a-z]", word):
        return False
    w = re.escape(word)
    if _heading_nouns(rf"\b(?i:a|an) {w}(?![\w-])", material):
        return True
    plural = "|".join(re.escape(p) for p in _plurals(word))
    if _heading_nouns(rf"\b(?i:{_DETERMINER}) (?:{plural})(?![\w-])", material):
        return True
    with_the = _heading_nouns(rf"\b(?i:the) {w}(?![\w-])", material)
    bare = 0
    for line in _prose(material):
        # Only the word as written, lower case: "Coulomb" mid-sentence ("Charles-Augustin de
        # Coulomb") is the person the unit is named after, not a bare use of "coulomb".
        for m in re.finditer(rf"{_MID_SENTENCE}{w}(?![\w-])", line):
            before = line[: m.start()].split()[-1].lower()
            if not re.fullmatch(rf"{_DETERMINER}|a|an|this|that|each|every|one", before):
                bare += 1
    return with_the >= 1 and bare == 0


def named_like_its_sibling(term: str, material: str) -> bool:
    """A two-word kind ("causal fallacy") whose head noun the material counts ("notice these
    fallacies") and whose sibling kinds it names with "the" ("the subtle use of the bandwagon
    fallacy"): one named member of a set, asked "What is the causal fallacy?" as its siblings
    are written (round 11), not bare as a mass noun. A term the prose writes bare ("electric
    charge comes in discrete amounts") is a mass noun whatever its siblings are."""
    words = term.split()
    if len(words) != 2 or not material or not re.fullmatch(r"[a-z]+", words[1]):
        return False
    modifier, head = words
    siblings = re.findall(rf"\b[Tt]he ([a-z][a-z-]+) {head}(?![\w-])", material)
    if not any(s != modifier and s not in STOPWORDS for s in siblings):
        return False
    for line in _prose(material):
        if line.lstrip().startswith(("**", "-", "*", "•")):
            continue  # a list's label, not a use in a sentence
        for m in re.finditer(rf"(\w+\s+)?{re.escape(term)}(?![\w-])", line, re.IGNORECASE):
            if (m[1] or "").strip().lower() not in {"a", "an", "the", "this", "each", "every"}:
                return False  # "electric charge comes in discrete amounts": a mass noun
    plural = "|".join(re.escape(p) for p in _plurals(head))
    return re.search(rf"\b(?i:{_DETERMINER}) (?:{plural})(?![\w-])", material) is not None


def kind_of(term: str, head: str, material: str) -> bool:
    """The material writes ``term`` before the head noun of its definition ("race-to-the-bottom
    dynamics" beside "race-to-the-bottom: a dynamic in which …"): the term names a kind of
    that thing, a count noun, even when hyphenated like a directive's name ("max-age")."""
    if not material or not head:
        return False
    heads = "|".join(re.escape(h) for h in {head, *_plurals(head)})
    return re.search(rf"(?<![\w-]){re.escape(term)} (?i:{heads})\b", material) is not None


# An ordinal: "the first agent of socialization" places the thing in a list; what it is,
# the list leaves unsaid.
_RANK = re.compile(
    r"^the (?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)\b", re.I
)
# "Being arrested", "Having children": an auxiliary's gerund and a participle or noun make an
# event, one case of a kind, not a term.
_EVENT = re.compile(r"^(?:being|having|getting|becoming)\s+\w", re.I)
# "Charles is a retired bus driver who …": a bare given name described by a "who" clause is
# a worked example's character.
_CHARACTER = re.compile(r"^(?:a|an)\b[^,;.]*?\bwho\b", re.I)


def example_problem(term: str, rest: str) -> str | None:
    """Why "``term`` is ``rest``" is no definition to ask about, or None: a rank ("Family is
    the first agent of socialization"), an event given as an example ("Being arrested is a
    punishment for shoplifting") or a character of a worked example ("Charles is a retired
    bus driver who developed type 2 diabetes")."""
    t = term.strip()
    if _RANK.match(rest.strip()):
        return "a rank, not a definition"
    if _EVENT.match(t):
        return "an example (an event), not a definition"
    if re.fullmatch(r"[A-Z][a-z]+", t) and _CHARACTER.match(rest.strip()):
        return "a worked example's character, not a term"
    return None


# Words that end one noun phrase and start another: "the party of American Party" is two.
_LINKS = frozenset("of and or to in for by with from at on as than".split())  # noqa: SIM905


def _not_a_modifier(word: str) -> bool:
    """A word that cannot sit between "the" and the name it modifies: a link ("the party of
    …"), a verb ("the party joins …", "the party joined …"; "so-called" and "short-lived"
    are adjectives)."""
    return word in _LINKS or is_verb(word) or ("-" not in word and word.endswith("ed"))


def definite_name(term: str, material: str) -> bool:
    """A capitalised name the material writes "the X" and never bare mid-sentence: a plural
    ("the Federalist Papers", "the Jim Crow laws", a set named as one: "What are the
    Federalist Papers?") or a name of two or more words whose last is capitalised too ("the
    anti-immigrant American Party", "the Kansas-Nebraska Act": one party, one act, asked
    "What is the American Party?"; "What is American Party?" drops the article English
    gives it). Lower-case words between "the" and the name ("the new Republican Party")
    modify it; the article is still its own. A name the material writes bare ("Lemon",
    "Congress", "Van Jacobson") stays bare."""
    plural = re.fullmatch(r"[A-Z][\w’'-]*(?: [\w’'-]+)*s", term)
    several = re.fullmatch(r"[A-Z][\w’'-]*(?: [\w’'-]+)* [A-Z][\w’'-]*", term)
    if not material or not (plural or several):
        return False
    the = bare = 0
    for line in _prose(material):
        for m in re.finditer(rf"(?<![\w-]){re.escape(term)}(?![\w-])", line):
            lead = line[: m.start()]
            art = re.search(r"\b(?i:the)\s+((?:[a-z][\w-]*\s+){0,2})$", lead)
            if art and not any(_not_a_modifier(w) for w in art[1].split()):
                the += 1
            elif re.search(r"[A-Za-z0-9,;:)] $", lead):
                bare += 1
    return the >= 1 and bare == 0


def plural_name(subject: str) -> bool:
    """A capitalised name whose head noun is plural, the head being the word before its
    first "of" ("the Committees of Correspondence", "the Articles of Confederation": asked
    "What are …?"); "the Bill of Rights" and "the House of Representatives" have a singular
    head, whatever their last word."""
    m = re.fullmatch(r"(?:the )?(?P<head>[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*) of [A-Z].*", subject)
    if m is None:
        return False
    last = m["head"].split()[-1]
    return last.endswith("s") and not last.endswith(("ss", "us", "is", "’s", "'s"))


# Where a noun phrase with no determiner of its own starts: a sentence's start, a clause's
# (after a comma or a colon) and a preposition's object. A singular count noun is never bare
# there ("Aided recall is a type of …" but never "Pull strategy is …"; "the goal of informative
# advertising", never "the goal of pull strategy"). "and"/"or" are left out: in "a push or pull
# strategy" the article before the first noun serves both.
_BARE_AFTER = frozenset(
    """of in for with to by on about from as than like whereas while because although unlike
    through without under""".split()  # noqa: SIM905
)
_BARE_OPENING = (
    "(?:^|(?<=[.!?] )|(?<=[,;:] )|" + "|".join(rf"(?<=\b{w} )" for w in sorted(_BARE_AFTER)) + ")"
)


def mass_term(term: str, material: str) -> bool:
    """A lower-case term the material writes as a whole noun phrase with no article, at a
    sentence's start or after a preposition ("Aided recall is a type of advertising posttest
    …", "The goal of informative advertising is …"), and never after "a"/"an" nor in the
    plural: a mass noun, asked "What is aided recall?" however its definition opens ("a type
    of advertising posttest" says what kind of thing, not that the term is counted). A term
    the material writes only as a modifier ("aided recall tests") proves nothing."""
    if not material or not re.fullmatch(r"[a-z][a-z -]*[a-z]", term):
        return False
    t = re.escape(term)
    if re.search(rf"\b(?i:a|an) {t}(?![\w-])", material, re.IGNORECASE):
        return False
    plurals = "|".join(re.escape(p) for p in _plurals(term))
    if re.search(rf"(?<![\w-])(?:{plurals})(?![\w-])", material, re.IGNORECASE):
        return False
    pattern = re.compile(rf"{_BARE_OPENING}{t}(?![\w-])", re.IGNORECASE)
    for line in _prose(material):
        if line.lstrip().startswith(("**", "-", "*", "•")):
            continue  # a glossary's or a list's label, not a use in a sentence
        for m in pattern.finditer(line):
            after = re.match(r"\s*([A-Za-z]+)?", line[m.end() :])
            word = after[1] if after else None
            if word is None or word.lower() in STOPWORDS or is_verb(word):
                return True
    return False


def common_form(term: str, material: str) -> str:
    """A glossary's capitalised term as the common noun it is: a list of key terms writes
    each entry with capitals ("**Control Group**: a group in …", "**Placebo**: an inactive
    treatment …") that the term loses in a sentence ("as a control group"). Lower case when
    the material writes the term lower case mid-sentence more often than with its capitals,
    or never mid-sentence but every word is an English word ("Blinding"). A name keeps its
    capitals: the material capitalises it mid-sentence ("Lemon", "the Federalist Papers"), or
    a word of it is no English word ("Gettier case"), an acronym or mixed case ("TCP",
    "GameStop")."""
    from studyapp.generation import lexicon

    if not re.fullmatch(r"[A-Z][a-z’'-]*(?: [A-Za-z][a-z’'-]*)*", term):
        return term
    uses = mid_sentence_uses(term, material)
    lower = sum(1 for use in uses if use.islower())
    upper = len(uses) - lower
    if upper > lower:
        return term
    words = re.split(r"[ -]", term.lower())
    if lower or all(lexicon.rank(w.strip("’'")) is not None for w in words if w):
        return term.lower()
    if _label_capital(term, words):
        return term.lower()
    return term


# Prefixes English builds words with ("intergroup", "intrapersonal", "nonverbal"): a word
# the lexicon lacks is still English when a prefix stands before a word it has.
_PREFIXES = (
    "inter", "intra", "extra", "multi", "non", "sub", "super", "pre", "post", "anti",
    "counter", "over", "under", "micro", "macro", "hyper", "hypo", "semi", "trans", "co",
)  # fmt: skip


def _prefixed_word(word: str) -> bool:
    from studyapp.generation import lexicon

    return any(
        word.startswith(p) and len(word) - len(p) >= 4 and lexicon.rank(word[len(p) :]) is not None
        for p in _PREFIXES
    )


def _label_capital(term: str, words: list[str]) -> bool:
    """A list label's capital on a common noun the material never writes mid-sentence (round
    14: "<i>Intergroup conflict.</i> … <b>Intergroup conflict</b> usually involves …", each
    at a sentence's start): the first word is English built with a prefix ("inter" +
    "group") and the rest are lower case English words, so the capital is the position's,
    not a name's ("Gettier case" keeps it: "Gettier" is no English word)."""
    from studyapp.generation import lexicon

    rest = term.split()[1:]
    return (
        bool(rest)
        and all(re.fullmatch(r"[a-z][a-z-]*", w) for w in rest)
        and _prefixed_word(words[0])
        and all(lexicon.rank(w) is not None for w in words[1:] if w)
    )


# What a bare genus's head noun is followed by when a restrictive modifier says which one:
# "account paired with …", "covalent bond formed by …", "asset that has …", or its end.
_GENUS_END = r"(?:[,;]|\s+(?:that|which|who|whose|with|of|in|for|from|by|on|[a-z]+ed)\b|\s*$)"
# Words that open a noun phrase of their own: a genus after one is no glossary's bare genus.
_NOT_A_MODIFIER = frozenset("a an the this that these those any some each every".split())  # noqa: SIM905


def kind_of_own_head(term: str, back: str, material: str) -> bool:
    """A compound term its glossary definition answers with the term's own head noun, bare as
    a glossary writes it ("contra account: account paired with another account type …",
    "sigma bond (σ bond): covalent bond formed by overlap …"): the term names a kind of that
    noun, so it is counted as the noun is ("What is a contra account?"). The article dropped
    is the glossary's telegraphese, not the term's grammar. A head noun the material writes
    as a mass noun (bare after a preposition, never after "a"/"an") is no evidence."""
    words = term.split()
    if len(words) < 2 or not re.fullmatch(r"[a-z][a-z-]*[a-z]", words[-1]):
        return False
    head = words[-1]
    m = re.match(rf"((?:[a-z][a-z-]* ){{0,2}}){re.escape(head)}{_GENUS_END}", back, re.IGNORECASE)
    if m is None or any(w.lower() in _NOT_A_MODIFIER for w in m[1].split()):
        return False
    return not mass_term(head, material)


# A definition whose subject is the plural pronoun "those" ("those who want others to pay …"):
# the members the term names, so the term is asked in the plural. "people who …" is left out:
# it defines a collective noun as often ("category: people who share similar characteristics
# …" is one category of many people, not "categories").
_MANY_ANSWER = re.compile(r"^those\s+(?:who|that|which|whose)\b", re.IGNORECASE)


def plural_answer(back: str) -> bool:
    """A definition whose subject is plural ("those who want others to pay for the public
    good …"): "What is a free rider?" answered "Those who …" breaks number agreement."""
    return _MANY_ANSWER.match(back.strip()) is not None


def written_plural(term: str, material: str) -> str | None:
    """The plural of a lower-case term as the material writes it ("free riders"), or None."""
    if not material or not re.fullmatch(r"[a-z][a-z -]*[a-z]", term):
        return None
    stem, _, last = term.rpartition(" ")
    for plural in _plurals(last):
        form = f"{stem} {plural}" if stem else plural
        if re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", material, re.IGNORECASE):
            return form
    return None


# Endings English gives adjectives and rarely nouns ("nonrivalrous", "excludable", "edible",
# "harmful", "odorless", "passive"); "-al", "-ic", "-ant", "-ent" name nouns too often
# ("proposal", "agent") to tell alone.
_ADJECTIVE_END = re.compile(r"(?:ous|able|ible|ful|less|ive)$")
# How a glossary defines an adjective: by the condition it holds under ("even when one person
# uses the good, others can also use it", "when it is costly …") or a phrase that itself
# describes ("able to …", "relating to …", "having …"); a noun is defined by a noun phrase.
_DESCRIBING = re.compile(
    r"^(?:even\s+)?(?:when|whenever|if|where|while|able|unable|capable|relating|pertaining|"
    r"having|describing|characterized|not)\b",
    re.IGNORECASE,
)


def adjective_term(term: str, back: str, material: str) -> bool:
    """A one-word term that is an adjective ("nonrivalrous: even when one person uses the
    good, others can also use it"): asked "What does nonrivalrous mean?", since "What is
    nonrivalrous?" treats it as a thing. An adjective's ending, a definition that describes
    rather than names, and a material that never writes the word as a noun (a plural, or
    after "a"/"an"/"the" ending its phrase: "an explosive is …")."""
    if not re.fullmatch(r"[a-z][a-z-]*[a-z]", term) or not _ADJECTIVE_END.search(term):
        return False
    if not _DESCRIBING.match(back.strip()):
        return False
    if not material:
        return True
    t = re.escape(term)
    if re.search(rf"(?<![\w-]){t}(?:s|es)(?![\w-])", material, re.IGNORECASE):
        return False
    return not _heading_nouns(rf"\b(?i:a|an|the) {t}(?![\w-])", material)


def owned_noun(term: str, material: str) -> bool:
    """A common noun the material writes after a possessive ("not be near the end of its useful
    life") and never after "a"/"an": a thing something has, so "The useful life is the time
    period …" takes "the" from its owner (the asset's useful life), and "What is the useful
    life?" asks about an owner the question never names. Asked as the term: "What is useful
    life?"."""
    if not material or not re.fullmatch(r"[a-z][a-z -]*[a-z]", term):
        return False
    t = re.escape(term)
    if re.search(rf"\b(?i:a|an) {t}(?![\w-])", material):
        return False
    return re.search(rf"\b(?i:its|their|his|her|our|your|my) {t}(?![\w-])", material) is not None
