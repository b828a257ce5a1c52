"""Sentences that cannot stand alone on a card (issue 18, round 4's strict read).

Round 4's strict reader kept 14 of 40 offline cards from texts nobody had tuned on; most of the
drops were sentences that were fine in their paragraph and meaningless on a card. The patterns,
each a rule here with its real sentences in ``tests/test_context_bound.py``:

- a discourse opener or an anaphor that needs the sentence before it: "As just noted, …",
  "From there, …", "To prevent this, …", "In both cases, …", "But …", "Again, …"; a conclusion
  drawn from it ("A qs value is therefore specific …");
- a pointer at the page's layout: "the table above", "the algorithm above", "shown below",
  "the following", "here means", "Figure 3";
- a definite noun phrase whose referent is only in an earlier sentence: "the added fourth
  condition", "the remaining variants", "The advantage is that …", an abstract subject with
  no "of …" ("Operationally, the distinction is used …", round 13), and a thing called by its
  kind after the text named it ("Lawrence, Kansas. The town had been founded by …": which
  town?), and an ordinal of the text's own list ("The fourth feature of herding societies
  is …", "A third type", "The last of these");
- an empty definition: "X is the major player in this system", "X is an important concept in
  all areas of thought", "X is one of the most …": the predicate carries no fact that tells X
  from anything else;
- a blank that is a word of an aside or a quoted name: "(or, for backwards-compatibility with
  older _____ configurations, …)", "the 'remote _____ selection algorithm'";
- a sentence that stops short: no full stop, the text went on in a code block or a list;
- one member of a listing ("Families, and later _____, communicate …") or a line with no verb
  (a table row, a list item);
- a worked example: a person's name doing something in a story ("While driving through _____,
  Henry happens to form the belief …"), the reader addressed ("you will notice"), a sentence
  that tells on a story its paragraph set up ("… imagine a weary nomad …. The _____ is
  justified in believing …"), the other half of an example ("For example, a JPEG file ….
  However, if the resource is ASCII art, …");
- an opener the offline generator cut ("For example,", "Thus,"): the gate reads the sentence
  where the material has it;
- a step of a procedure ("For each dimension …, check … and assign …", "…, so return it"), the
  next step of a sequence ("… then transport the _____"), "the same effect" as what;
- the authors' own things ("our IRC channel", "our mailing lists").

Each function returns the reason or ``None``; :mod:`studyapp.generation.flaws` calls them for
both providers' cards (the one gate, :func:`studyapp.generation.quality.card_problem`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from studyapp.generation.terms import stats
from studyapp.generation.told_before import told_before
from studyapp.generation.words import STOPWORDS, is_verb

BLANK = "_____"
LEANS = "leans on context the card does not carry"

# -- openers --------------------------------------------------------------------------------------
# Connectives that answer, contrast with or continue the sentence before: without it, the card
# states half an argument. (Capitalised at the start; "so" and "but" as conjunctions.)
_CONNECTIVE = re.compile(
    r"^(but|and|or|nor|yet|so|also|again|however|instead|thus|hence|therefore|consequently|"
    r"moreover|furthermore|additionally|in addition(?! to)|in contrast|by contrast|in comparison|"
    r"for example|for instance|e\.g\.|i\.e\.|in particular|in turn|indeed|of course|after all|"
    r"alternatively|specifically|notably|namely|importantly|otherwise|similarly|likewise|here|there,|then|lastly|firstly|secondly|"
    r"thirdly|first,|second,|third,|finally|in short|in sum|that said|even so|as a rule,|"
    r"unlike (this|that|these|those|it|them)|like (this|that|these|those|it|them))\b",
    re.IGNORECASE,
)
# "As just noted", "As described above", "As we saw": a pointer back.
_AS_NOTED = re.compile(
    r"^as (just |already |previously |briefly |we )?(noted|mentioned|said|stated|seen|saw|shown|"
    r"described|discussed|explained|outlined|defined|indicated|pointed out)\b",
    re.IGNORECASE,
)
# Examples of what the sentence before named: "Examples include Jericho …", "Other examples
# are …", "Another example is …", "Others include …", "Such cities include …". ("Examples of
# thermophiles include …" names its class, and is judged as an example slot elsewhere.)
_EXAMPLES_OF_BEFORE = re.compile(
    r"^(?:(?:other|more|further|some|typical|notable|famous|early|common|good|classic)\s+)?"
    r"(?:examples|instances)\s+(?:include|included|are|were)\b|"
    r"^(?:another|one|a\s+(?:good|typical|classic|famous|common))\s+(?:example|instance)\s+"
    r"(?:is|was|would\s+be)\b|"
    r"^others\s+(?:include|included|are|were)\b|"
    r"^such\s+(?!as\b)(?:[\w-]+\s+){1,2}(?:include|includes|included)\b",
    re.IGNORECASE,
)
# An introductory phrase (up to the first comma, at most seven words) with an anaphor in it:
# "From there,", "To prevent this,", "In both cases,", "For these reasons,", "At this point,".
_INTRO = re.compile(r"^(?P<intro>[^,;:]{2,60}?),\s")
# (Not "its", "their": "Each socket domain has its own format …" points inside its phrase.)
_ANAPHOR = re.compile(
    r"\b(this|that|these|those|there(?! (is|are|was|were|exists?)\b)|then|such|both|either|"
    r"neither|it|them|they|"
    r"former|latter|same|above|previous|preceding|earlier|below)\b",
    re.IGNORECASE,
)
# A conclusion drawn from what came before ("… is therefore specific to a given variant").
_INFERENTIAL = re.compile(r"\b(therefore|thus|hence|consequently|accordingly)\b", re.IGNORECASE)

# -- pointers at the page -------------------------------------------------------------------------
_LAYOUT = re.compile(
    r"\b(the|this|that) ([\w-]+ ){0,3}(above|below)\b(?! (the|a|an|\d|zero|freezing|normal|"
    r"average|its|their|which|that))|"
    r"\b(shown|listed|described|given|mentioned|discussed|explained|illustrated|defined|"
    r"summari[sz]ed|presented|noted|outlined|seen) (above|below|earlier|previously|before|later)\b|"
    r"\b(the|this|that) (table|figure|diagram|graph|chart|illustration|image|picture|photo|"
    r"listing|box|panel|map|sidebar|screenshot|exercise|example|passage|paragraph|excerpt|"
    r"quotation)\b(?![/\w.-])(?! (of|that|which|in which|where|called|named) )|"
    r"\b(figure|fig\.|table|chapter|section|appendix|exercise|example|equation|eq\.|step)\s+\d|"
    r"\bthe (following|preceding)\b|\b(following|preceding) (sections?|chapters?|examples?|"
    r"tables?|figures?|lists?|paragraphs?|steps?)\b|\bhere\b|\b(this|that|previous|next|earlier|"
    r"later|preceding) (section|chapter|module|unit|lesson|page|part)\b|"
    r"\bthe (section|chapter)\b(?! (of|on|about|called|named))|\bso far\b|"
    r"\bin (this|that|such an?|the same) (way|manner|fashion|case)\b|"
    r"\b(is|are) (available|listed|documented|given|found|detailed|described) (in|at|on) the\b",
    re.IGNORECASE,
)
# The authors' own things: "our IRC channel", "our mailing lists", "our next chapter".
_OUR = re.compile(
    r"\bour (website|site|irc|mailing|lists?|channels?|forums?|team|documentation|docs|project|"
    r"community|blog|book|text|textbook|chapter|course|discussion|examples?|analysis|readers?|"
    r"wiki|faq|support|tutorial|guide|bug tracker|issue tracker|repository|newsletter)\b",
    re.IGNORECASE,
)
_SEE = re.compile(r"(^|\(|[,;]\s*)see\b|\bsee (also|the|our|section|chapter|figure|table)\b", re.I)
_READER = re.compile(
    r"\byou (will|'ll|may|might|can|should|would) (notice|see|find|learn|recall|remember|"
    r"want to|need to|have)\b|\b(as|if) you (can see|have seen|saw|recall|remember)\b|"
    r"^(looking at|if you look)\b",
    re.IGNORECASE,
)

# -- definite noun phrases that point back -------------------------------------------------------
# An adjective that only makes sense against things already listed: "the added fourth
# condition", "the remaining variants", "the resulting value", "the two hormones".
_BACK_ADJECTIVE = re.compile(
    r"\b(the|these|those|this|that) (added|additional|aforementioned|remaining|resulting|said|"
    r"affected|"
    r"next-to-last|second-to-last|penultimate|"
    r"other two|other three|second|third|fourth|fifth|sixth|last two|first two|two|three|four|"
    r"five|latter|former)\s+(?P<noun>[a-z][\w-]*|_____)(?P<after> \w+)?",
    re.IGNORECASE,
)
# "The same effect can be achieved by …", "had published the same idea 3 years before": the
# same as something said before ("the same address", "the same as X" compare inside).
_SAME_THING = re.compile(
    r"\bthe same (effect|result|outcome|idea|thing|behaviou?r|problem|principle|approach|method|"
    r"procedure|reasoning|logic|argument|conclusion|point|pattern)s?\b(?!( \w+)? as\b)",
    re.IGNORECASE,
)
_COUNTING = re.compile(r"\b(two|three|four|five|both)\b", re.IGNORECASE)
# An ordinal on a noun that has no order of its own: "The fourth feature of herding societies
# is …", "the second reason", "A third type of …". The number is the text's own list (its
# first to third features came before), which the card does not carry; and one member of a
# list the learner cannot see is no one answer. Nouns with an order in the world keep their
# ordinal ("the second law of thermodynamics", "the first step of glycolysis", "the third
# stage"), and so does "the first X in …" (a position: "The first statement in a Go file").
_UNORDERED_HEAD = (
    r"(feature|reason|type|kind|sort|way|factor|characteristic|element|component|aspect|"
    r"category|form|method|approach|point|advantage|disadvantage|benefit|drawback|"
    r"consequence|effect|cause|function|role|strategy|trait|quality|property|principle|"
    r"pattern|example|problem|issue|objection|technique|theme|difference|similarity|"
    r"criterion|dimension|source|variety|purpose|goal|condition|explanation|view|concern|"
    r"challenge|tradition|idea|trend|motive|lesson)s?"
)
_LIST_ORDINAL = re.compile(
    r"\b(?:the|a|an|this|that|its|their)\s+(?P<ordinal>second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|last|final|next)\s+(?:(?:main|major|key|important|common|basic|"
    rf"general|primary)\s+)?{_UNORDERED_HEAD}\b(?P<next> [a-z][\w-]*)?|"
    r"\b(?:the )?(?:first|second|third|fourth|fifth|last|final|latter|former) of (?:these|those|"
    r"them|the (?:two|three|four|five|above))\b",
    re.IGNORECASE,
)
# A noun whose referent is the argument around it: "The advantage is that …" (of what?),
# "The problem is that …", "The reason is …", "The answer is …", "The result is …".
_BACK_NOUN = re.compile(
    r"^the (advantage|disadvantage|benefit|drawback|downside|upside|problem|trouble|difficulty|"
    r"issue|point|reason|answer|result|outcome|consequence|effect|idea|catch|trick|solution|"
    r"difference|upshot|implication|lesson|question|goal|aim|purpose|hope|conclusion|"
    r"explanation|intuition|worry|challenge|key|rule|same|rest|remainder|latter|former)s? "
    r"(is|are|was|were|here|then|of (this|that|these|those|it|them))\b",
    re.IGNORECASE,
)

# -- empty definitions ---------------------------------------------------------------------------
# "the major player in this system", "an important concept in all areas of thought",
# "one of the most …", "an excellent source": praise and place, not a fact that tells the thing
# from any other.
_PRAISE = (
    r"((rather|very|quite|highly|extremely|particularly|especially|really|fairly|most|more) )?"
    r"(broad|general|abstract|vague|complex|complicated|difficult|large|huge|special|"
    r"major|main|key|important|central|primary|principal|chief|significant|essential|crucial|"
    r"vital|fundamental|big|great|leading|dominant|prominent|basic|core|critical|notable|"
    r"useful|powerful|interesting|valuable|popular|common|widely used|well-known|famous|"
    # Praise alone (round 16: "What are TED Talks?" -> "An excellent source").
    r"excellent|outstanding|superb|wonderful|fantastic|terrific|invaluable|good|helpful|ideal|"
    r"perfect)"
)
_GENERIC_HEAD = (
    r"(player|part|concept|idea|topic|role|component|element|factor|aspect|tool|thing|feature|"
    r"area|subject|field|issue|theme|notion|piece|ingredient|contributor|force|figure|point|"
    r"matter|question|consideration|influence|step|source|example|one)s?"
)
_EMPTY_PREDICATE = re.compile(
    rf"^((a|an|the|one|another)\s+)?({_PRAISE}(,? and |\s+|, )){{1,3}}{_GENERIC_HEAD}"
    r"(?P<rest>\b.*)$|^one of the (most|main|major|key|biggest|best|great)\b|"
    r"^the province of\b|"
    rf"^(the|a|an) {_GENERIC_HEAD}( and\b.*)?$",
    re.IGNORECASE,
)
# What may follow the empty head and still tell the thing apart: a purpose, a relative clause.
_DISTINGUISHING = re.compile(
    r"^\s*(for|that|which|who|whose|used|to|whereby|by which|in which|through which|"
    r"consisting|made|responsible|called|known)\b",
    re.IGNORECASE,
)
_CLOZE_EMPTY = re.compile(
    r"^(_____|[\w -]{1,40})\s+(is|are|was|were|has become|have become|remains?|became)\s+"
    r"(?P<predicate>.+?)[.!]?$",
    re.IGNORECASE,
)

# -- asides and stops ----------------------------------------------------------------------------
_QUOTES = (("'", "'"), ('"', '"'), ("‘", "’"), ("“", "”"))
_END = re.compile(r"[.!?][)\"'”’]?$|[)\"'”’][.!?]$")

# -- listings ------------------------------------------------------------------------------------
_LIST_MEMBER = re.compile(
    rf"\w, (and|or) (later|then|finally|also|sometimes|especially|particularly)?,?\s*"
    rf"(the )?{BLANK}\s*,|^\w[\w -]*, (and|or) (later|then|finally|also) (the )?{BLANK}\b",
    re.IGNORECASE,
)
_FINITE = re.compile(
    r"\b(is|are|was|were|be|been|being|has|have|had|do|does|did|can|could|may|might|must|"
    r"shall|should|will|would|[a-z]{3,}(ed|es|s))\b"
)

# -- worked examples -----------------------------------------------------------------------------
_PERSON_CUE = re.compile(r"\b(he|she|him|her|his|hers|himself|herself)\b", re.IGNORECASE)
_REPORTING = frozenset(
    """argued argues claimed claims concluded concludes proposed proposes suggested suggests
    hypothesized hypothesised hypothesizes wrote writes noted notes observed observes showed
    shows presented presents defined defines described describes explained explains
    believed believes thought thinks held holds maintained maintains stated states found finds
    discovered introduced introduces coined developed develops called calls named named
    emphasized emphasizes distinguished distinguishes criticized criticizes rejected rejects
    offered offers identified identifies""".split()  # noqa: SIM905
)
_NAME_VERB = re.compile(
    r"(?<![.!?]\s)\b(?P<name>[A-Z][a-z]{2,})\s+(?P<verb>[a-z]{3,})\b(?!\s+[A-Z])"
)  # not "American philosophers Keith Lehrer …": a noun before a name


def opener(sentence: str) -> str | None:
    """A sentence that opens on what came before it: a connective, "As noted", or an
    introductory phrase with an anaphor ("From there,", "To prevent this,")."""
    body = sentence.strip()
    if _CONNECTIVE.match(body) or _AS_NOTED.match(body):
        return f"{LEANS} (the sentence opens on the one before it)"
    if _EXAMPLES_OF_BEFORE.match(body):
        return f"{LEANS} (examples of what the sentence before named)"
    intro = _INTRO.match(body)
    if (
        intro
        and len(intro["intro"].split()) <= 10
        and BLANK not in intro["intro"]
        and _ANAPHOR.search(intro["intro"])
        and not _names_its_referent(intro["intro"])
    ):
        return f"{LEANS} (the sentence opens on the one before it)"
    if intro and not re.match(r"to ", body, re.I) and _imperative(body[intro.end() :]):
        # (Not "To set a TCP socket option, call setsockopt(2) …": a purpose and its means.)
        return "a step of a procedure, not a fact (an instruction)"
    then = _THEN_CLAUSE.search(body)
    if then and _imperative(body[then.end() :]):
        return "a step of a procedure, not a fact (an instruction)"  # "…, so return it as …"
    if _NEXT_STEP.search(body) and not re.search(
        r"\b(if|when|once|after|unless|whenever|first)\b", body, re.IGNORECASE
    ):
        return f"{LEANS} (the next step of a sequence told before)"
    inference = _INFERENTIAL.search(body)
    if inference and not re.search(r"[;:—–]|,\s*$", body[: inference.start()]):
        # "…; thus the values …": drawn inside the sentence, from its own first clause.
        return f"{LEANS} (a conclusion drawn from the sentence before)"
    return None


# "The interstitial fluid and the blood vessels then transport the _____ …", "would then
# block": the step after one the card does not tell ("…, and can then travel" is the
# sentence's own sequence; "If …, then …" a condition).
_NEXT_STEP = re.compile(r"(?<!\band )(?<!\bor )\b(?!(and|or) )(\w+ )then (?!\w+ (than|that)\b)")
_THEN_CLAUSE = re.compile(r"(,|;)\s+(so|then|and then|and)\s+(?=[a-z])")


def _imperative(clause: str) -> bool:
    """A main clause that is an instruction ("For each dimension …, check the Accept* header
    and assign …", "After each test, … select it as the best match"): a base-form verb first."""
    first = clause.split()[0] if clause.split() else ""
    return re.fullmatch(r"[a-z]+", first) is not None and not first.endswith("s") and is_verb(first)


def _names_its_referent(intro: str) -> bool:
    """ "In this case of X", "Like these earlier enzymes of …": a demonstrative whose noun is
    followed by its own definition is not a pointer back. Rare; "of" after the noun only."""
    return re.search(r"\b(this|these|that|those) \w+ of \w", intro, re.IGNORECASE) is not None


def layout_pointer(text: str) -> str | None:
    """A pointer at the page the card is cut from: "the table above", "shown below",
    "the following", "here", "Figure 3", "see …", or the reader told what they will notice."""
    if _LAYOUT.search(text) or _SEE.search(text):
        return f"{LEANS} (a pointer at the page: above, below, the table, here)"
    if _READER.search(text):
        return f"{LEANS} (the reader is addressed, not a fact stated)"
    if _OUR.search(text):
        return "the authors' narrative, not a fact (their project, their channels)"
    return None


def back_reference(text: str) -> str | None:
    """A definite noun phrase whose referent is in an earlier sentence: "the added fourth
    condition", "The advantage is that …", an ordinal of the text's own list ("The fourth
    feature of herding societies is …", "The last of these …")."""
    for m in _BACK_ADJECTIVE.finditer(text):
        after = (m["after"] or "").strip().lower()
        # "What is the affected variable called?": the question's own "called" ends it.
        asked = re.match(r"\s*\?", text[m.end() :]) is not None
        if after in {"of", "that", "which", "who", "called", "named", "known", "in"} and not asked:
            continue  # "the second law of thermodynamics", "the two strands that …"
        earlier = text[: m.start()].lower()
        if m["noun"].lower().rstrip("s") in earlier:
            continue  # "… three hormones: …; the three hormones …" named in the sentence
        if _COUNTING.search(m.group(0)) and re.search(r"\w,? (and|or) \w", earlier):
            continue  # "mix SO_TIMESTAMP and _____: the two modes …": the two are named
        return f'{LEANS} ("{m.group(0).strip()}": which?)'
    for ordinal in _LIST_ORDINAL.finditer(text):
        after = (ordinal["next"] or "").strip()
        if after and not (after in STOPWORDS or after.endswith(("s", "ed"))):
            continue  # "the next feature release": a modifier of another noun
        said = ordinal.group(0)[: len(ordinal.group(0)) - len(ordinal["next"] or "")]
        return f'{LEANS} ("{said.strip()}": of a list the card does not show)'
    if _SAME_THING.search(text):
        return f"{LEANS} (the same as what?)"
    if _BACK_NOUN.match(text.strip()):
        return f"{LEANS} (the sentence's subject is the argument before it)"
    return None


# Nouns of things a text names once and then calls by their kind: "Lawrence, Kansas. The town
# had been founded by …", "Africa … the continent". On a card without the sentence that named
# it, "the town" is any town.
_KIND_NOUN = (
    r"(?:town|city|village|settlement|continent|region|country|nation|colony|territory|"
    r"province|empire|kingdom|island|river|company|firm|corporation|book|novel|war|battle|act|"
    r"treaty|law|bill|period|era|decade|century|party|organization|movement|election|"
    r"campaign|court|committee|convention|conference|expedition|crisis|revolution)"
)
_UNNAMED_KIND = re.compile(
    rf"\bthe (?:(?!(?:of|to|in|for|and|or|by|with|from|at|on|as|than)\b)[a-z][\w-]* ){{0,2}}?"
    rf"(?P<noun>{_KIND_NOUN})(?P<after>’s|'s|\b)(?![\w-])",
    re.IGNORECASE,
)
# What tells the thing apart right after its noun: "the town of Lawrence", "the war that …",
# "the city Lawrence", "the decade 1850–1860", "the country in which …".
_IDENTIFIED = re.compile(
    r"^\s*(?:of\b|that\b|which\b|who\b|whose\b|where\b|in which\b|called\b|named\b|"
    r"known\b|[A-Z]|\d|,\s+[A-Z][a-z]+,)"
)
# Where a cloze's subject ends: its main clause's first verb ("The town had been founded …").
_AUXILIARY_VERB = re.compile(
    r"(?:is|are|was|were|has|had|have|will|would|can|could|may|might|must|should|shall|did|"
    r"does|do|became|becomes)"
)


def _subject(sentence: str) -> str:
    """The words before a sentence's first verb: "The interior of the continent" in "The
    interior of the continent is a high plateau …". A noun later in the sentence ("… across
    the country") is where something happens, not what the sentence is about."""
    words = sentence.split()
    for i, word in enumerate(words[1:], 1):
        w = word.strip(",;:()").lower()
        if _AUXILIARY_VERB.fullmatch(w) or (
            word.islower() and (is_verb(w) or (w.endswith("ed") and len(w) > 4))
        ):
            return " ".join(words[:i])
    return sentence


def unnamed_referent(text: str, *, question: bool = False) -> str | None:
    """A definite noun phrase whose noun is a kind of thing a text names once and then
    calls by its kind ("The town had been founded by the _____" after "Lawrence, Kansas";
    "What is the interior of the continent?"): the card never says which town, which
    continent. Checked in a question and in a cloze's subject. The thing is identified
    when a capitalised or lower-case modifier names it ("the Ohio River", "the African
    continent"), an of-phrase, a relative clause or a name follows ("the town of Lawrence"),
    or a name stands earlier in the same sentence ("Africa … the continent's interior")."""
    body = text.strip() if question else _subject(text.strip())
    for m in _UNNAMED_KIND.finditer(body):
        if re.search(r"[A-Z]", m.group(0)[4 : m.start("noun") - m.start()]):
            continue  # "the African continent", "the U.S. war": the modifier names it
        if _IDENTIFIED.match(body[m.end() :]):
            continue
        earlier = body[: m.start()]
        if re.search(r"(?<=[\w,;:] )(?:[A-Z][a-z]+|[A-Z]\.[A-Z]\.)", earlier):
            continue  # "… in Lawrence, Kansas, and the town …": named in the same sentence
        return f'{LEANS} ("{m.group(0).strip()}": which {m["noun"].lower()}?)'
    return None


# Nouns that name a measure or property of something ("the maturity" of a bond, "the size" of
# a herd): alone, with only a degree adjective before it ("the short maturity"), the owner is
# whatever the paragraph was about. A noun before it names the kind ("the federal funds
# rate", "the growth rate"), and "of …" names the owner ("the energy of the system").
_PROPERTY_NOUN = (
    r"(?:maturity|maturities|size|length|width|height|depth|weight|mass|volume|value|rate|cost|"
    r"price|speed|velocity|duration|age|lifespan|lifetime|temperature|density|frequency|"
    r"amplitude|capacity|yield|level|strength|distance|area|amount|degree|pressure|magnitude|"
    r"intensity|concentration|risk|quantity|income|revenue|period|range|number)s?"
)
_DEGREE = (
    r"(?:short|long|high|low|large|small|big|little|great|greater|higher|lower|larger|smaller|"
    r"shorter|longer|total|average|overall|mean|maximum|minimum|current|initial|final|actual|"
    r"net|gross|full|relative|increased|reduced|added|extra|new|old)"
)
_OWNERLESS_DOER = re.compile(
    rf"^what (?:does|do|did|can|could|will|would) the (?:{_DEGREE} )?(?P<noun>{_PROPERTY_NOUN}) "
    r"(?!(?:of|in|on|for|to|at|by|with|from|that|which|whose)\b)[a-z]+(?: [a-z]+)?\?$",
    re.IGNORECASE,
)


# "A mathematical abstraction that is useful for solving many kinds of problems" (round 12):
# an abstract genus and a relative clause that only praises it. True of any tool or idea.
_PRAISED_GENUS = re.compile(
    r"^(?:(?:a|an|the|one)\s+)?(?:[\w-]+\s+){0,3}?(?:abstraction|tool|concept|idea|way|notion|"
    r"construct|device|means|technique|method|approach|thing)s?\s+(?:that|which)\s+(?:is|are)\s+"
    r"(?:(?:very|extremely|particularly|especially|quite|really|so|most|highly)\s+)?"
    r"(?:useful|important|helpful|powerful|valuable|handy|convenient|essential|crucial|"
    r"indispensable)\b",
    re.IGNORECASE,
)


# The same subject opening a cloze's sentence, with a verb of what it does after it ("The
# short maturity reduces _____ oversight.").
_OWNERLESS_SUBJECT = re.compile(
    rf"^the (?:{_DEGREE} )?(?P<noun>{_PROPERTY_NOUN}) (?P<verb>[a-z]+)\b", re.IGNORECASE
)


def ownerless_property(text: str, *, question: bool = True) -> str | None:
    """A question or cloze whose subject is a property with no owner: "What does the short
    maturity reduce?", "The short maturity reduces _____ oversight." (round 12; the maturity
    of commercial paper, which the card never names). A card that says what the property is
    ("What is the federal funds rate?", "The average speed is …") defines it and needs no
    owner; one that has it act on something tells of one owner's."""
    if question:
        m = _OWNERLESS_DOER.match(text.strip())
    else:
        m = _OWNERLESS_SUBJECT.match(text.strip())
        if m is not None and not is_verb(m["verb"]):
            m = None
    if m is None:
        return None
    return f'{LEANS} ("the {m["noun"].lower()}": of what?)'


# Abstract nouns that only make sense with an antecedent: "the distinction" is the one the
# sentence before drew, "the process" the one it described, "the information" what it listed.
# Bare after "the" (no modifier: "the scientific method" names one) and with nothing after
# them that says which ("the distinction between …", "the process of …", "the change in …").
_ABSTRACT_NOUN = (
    r"(?:distinction|difference|information|change|approach|process|procedure|technique|"
    r"method|idea|concept|notion|situation|phenomenon|practice|arrangement|strategy|mechanism)"
)
_BARE_ABSTRACT = re.compile(rf"(?<![\w-])the (?P<noun>{_ABSTRACT_NOUN})s?(?![\w-])", re.I)
# What identifies it right after the noun: an of-phrase or another preposition that names its
# terms, a relative or naming clause, an apposition, a colon or bracket that says it.
_SAYS_WHICH = re.compile(
    r"^\s*(?:of|between|among|in|from|about|behind|that|which|whereby|by which|"
    r"in which|through which|where|called|named|known|described|proposed|outlined)\b|^\s*[:(—–]",
    re.IGNORECASE,
)


def anaphoric_abstract(text: str, *, question: bool = False) -> str | None:
    """A subject that is an abstract noun pointing back: "Operationally, the distinction is
    used to define different default rendering _____." (round 13: which distinction?),
    "Adding the information to the _____ flag allows a simpler design …" (what information?).
    In a cloze, only the subject counts (the words before its first verb); a question is all
    subject. The noun with its own "of …" or "between …" ("The difference between the
    charges …") says which, and needs nothing before it."""
    full = " ".join(text.split())
    body = full if question else _subject(full)  # a prefix of ``full``
    for m in _BARE_ABSTRACT.finditer(body):
        if _SAYS_WHICH.match(full[m.end() :]):
            continue
        return f'{LEANS} ("the {m["noun"].lower()}": which?)'
    return None


# "Today, the encryption is referred to as _____, but …" (round 16): the name of a thing the
# sentence calls by its bare noun. Which encryption is the sentence before's; any noun of the
# kind may be meant, so the name is not pinned. An opener before it ("Today,") is allowed; a
# modifier or an of-phrase ("the encryption of web traffic is called …") says which.
_BARE_NAMED = re.compile(
    rf"^(?:[A-Za-z]+(?: [a-z]+){{0,3}}, )?the (?P<noun>[a-z][a-z-]+) (?:is|are|was|were) "
    r"(?:now |today |also |commonly |usually |often |sometimes |generally )?"
    rf"(?:referred to as|called|known as|termed|named|dubbed) (?:an? |the )?{BLANK}",
    re.IGNORECASE,
)


def named_bare_noun(sentence: str) -> str | None:
    """A cloze that asks the name of "the <noun>" and says nothing of which one (see
    :data:`_BARE_NAMED`)."""
    m = _BARE_NAMED.match(" ".join(sentence.split()))
    if m is None:
        return None
    return f'{LEANS} ("the {m["noun"].lower()}": which?)'


def empty_definition(predicate: str) -> bool:
    """A definition whose predicate is praise and place, not a distinguishing fact: "the major
    player in this system", "an important concept in all areas of thought", "an important tool
    in food production", "one of the most …", "a mathematical abstraction that is useful for
    solving many kinds of problems". "A simple and powerful tool for creating iterators" says
    what it is for: not empty."""
    text = predicate.strip().rstrip(".")
    if _PRAISED_GENUS.match(text):
        return True
    m = _EMPTY_PREDICATE.match(text)
    if not m:
        return False
    rest = m.groupdict().get("rest")
    return rest is None or not _DISTINGUISHING.match(rest)


# "A frequent economic and social framework for discussions about a range of common
# resources": what the thing serves as in debate, not what it is.
_DISCUSSION_ROLE = re.compile(
    r"^(?:(?:a|an|the|one)\s+)?(?:[\w-]+,?\s+(?:and\s+)?){0,4}?(?:framework|basis|topic|"
    r"subject|focus|frame|lens|reference point|starting point|touchstone)s?\s+(?:for|of|in)\s+"
    r"(?:(?:the|much|many|most)\s+)?(?:[\w-]+\s+)?(?:discussions?|debates?|conversations?|"
    r"arguments?|talks?)\b",
    re.IGNORECASE,
)


def discussion_role(answer: str) -> bool:
    """An answer that says what the thing is used for in discussion ("What is the tragedy of
    the commons?" "A frequent economic and social framework for discussions about a range of
    common resources"): true of many ideas, and it never says what this one is (round 10's
    strict read)."""
    return _DISCUSSION_ROLE.match(answer.strip()) is not None


def empty_cloze(sentence: str) -> bool:
    """A cloze whose sentence is an empty definition: "_____ have become an important tool in
    food production around the world." Every member of the category fits the blank."""
    m = _CLOZE_EMPTY.match(sentence.strip())
    return m is not None and BLANK in sentence and empty_definition(m["predicate"])


# -- example sentences ---------------------------------------------------------------------------
# "In psychology, for example, Piaget's stages of development are abstract concepts": a marker
# inside the main clause says the whole sentence illustrates a claim made before it, so its fact is
# the earlier sentence's and the card asks for the illustration. (At the start it is an opener; in
# a parenthesis, after a dash or ending the sentence with no verb after it, "…, for example, many
# biological cells." it only marks its own aside or trailing list, and a blank outside that still
# asks for the sentence's fact.)
_EXAMPLE_WORDS = re.compile(r"\b(for example|for instance)\b", re.IGNORECASE)
_AUXILIARY = re.compile(
    r"(is|are|was|were|be|been|can|could|may|might|must|will|would|shall|should|has|have|had|does|did)"
)


def example_sentence(sentence: str) -> str | None:
    """A sentence that is an example of a claim made elsewhere, or whose blank is on an example
    it lists, rather than a fact of its own."""
    body = sentence.strip()
    for m in _EXAMPLE_WORDS.finditer(body):
        if m.start() == 0:
            continue  # an opener: opener() and opened_in_material() judge it
        before = body[: m.start()]
        if before.count("(") > before.count(")"):
            close = body.find(")", m.end())
            aside = body[m.end() : close if close >= 0 else len(body)]
        elif re.search(r"[—–]\s*$", before):
            dash = re.search(r"[—–]", body[m.end() :])
            aside = body[m.end() : m.end() + dash.start() if dash else len(body)]
        else:
            after = body[m.end() :].strip(" ,:;")
            words = re.findall(r"[\w'’-]+", after)
            if words and not any(_AUXILIARY.fullmatch(w.lower()) or is_verb(w) for w in words):
                aside = after  # "…, for example, many biological cells.": a trailing list
            else:
                return "an example of a claim made elsewhere, not a fact ('for example')"
        if BLANK in aside:
            return "the blank is on an example the sentence lists, not its fact"
    return None


def blank_in_aside(sentence: str) -> str | None:
    """A blank that is one word of a parenthesis or of a quoted name: the aside is not what the
    sentence teaches, and the quoted name is one term cut in two."""
    at = sentence.find(BLANK)
    if at < 0:
        return None
    inside = _enclosing_parenthesis(sentence, at)
    if inside is not None and len(inside.replace(BLANK, " ").split()) >= 3:
        return "a blank in an aside (a parenthesis), not the sentence's fact"
    for left, right in _QUOTES:
        start = _open_quote(sentence, at, left)
        if start is None:
            continue
        end = sentence.find(right, at + len(BLANK))
        if end < 0:
            continue
        quoted = sentence[start + 1 : end]
        if quoted.strip() != BLANK and len(quoted.split()) <= 8:
            return "a blank on part of a quoted name"
    return None


def _enclosing_parenthesis(sentence: str, at: int) -> str | None:
    """The text of the parenthesis around position ``at``, nested ones counted: in "(or the
    POSIX.1-specified fcntl(2) _____ operation)" the blank is in the aside, not after "(2)"."""
    depth, opened = 0, -1
    for i in range(at - 1, -1, -1):
        if sentence[i] == ")":
            depth += 1
        elif sentence[i] == "(":
            if depth == 0:
                opened = i
                break
            depth -= 1
    if opened < 0:
        return None
    depth = 0
    for j in range(opened + 1, len(sentence)):
        if sentence[j] == "(":
            depth += 1
        elif sentence[j] == ")":
            if depth == 0:
                return sentence[opened + 1 : j] if j > at else None
            depth -= 1
    return None


def _open_quote(sentence: str, at: int, mark: str) -> int | None:
    """The quote mark opening a quotation around position ``at``, if one is open there."""
    before = sentence[:at]
    if mark in "'’":
        # An apostrophe ("Plato’s", "don't") is not a quote: only a mark after a space or start.
        opens = [m.start() for m in re.finditer(rf"(?:(?<=\s)|^){re.escape(mark)}(?=\S)", before)]
        return opens[-1] if opens else None
    if mark == '"':
        return before.rfind('"') if before.count('"') % 2 == 1 else None
    start = before.rfind(mark)
    return start if start >= 0 and before.rfind("”") < start else None


def unfinished(sentence: str) -> bool:
    """A sentence with no full stop: the text went on in a code block or a list ("To request
    only French _____, the browser would send")."""
    return _END.search(sentence.strip()) is None


def listing(sentence: str) -> str | None:
    """One member of a listing ("Families, and later _____, communicate …": schools fit too),
    or a line with no verb at all (a table row, a list item)."""
    if _LIST_MEMBER.search(sentence):
        return "more than one defensible answer (one item of a list)"
    words = sentence.replace(BLANK, " ").split()
    if not any(is_verb(w) for w in words) and not _FINITE.search(sentence.replace(BLANK, " ")):
        return "a list item or a table row, not a sentence (no verb)"
    return None


def worked_example(sentence: str, material: str) -> str | None:
    """A person in a worked example doing something ("While driving through _____, Henry
    happens to form the belief …"): a name that the material pairs with "he"/"she", as the
    subject of a verb that is not one of reporting a view ("Plato hypothesized that …" is a
    fact about a thinker; "Henry happens to form …" is a story)."""
    if not material:
        return None
    counts = stats(material)
    for m in _NAME_VERB.finditer(sentence):
        name, verb = m["name"], m["verb"]
        if verb in _REPORTING or not (verb.endswith("s") or verb in {"is", "was", "has", "had"}):
            continue
        if re.search(rf"\b{name.lower()}\b", material):
            continue  # "Although cells …", "The lipids …": a word the text also writes lowercase
        if (
            verb not in {"is", "was", "has", "had"}
            and not is_verb(verb)
            and counts.used_as_noun(verb)
        ):
            continue  # "Gettier cases reveal …": a name before a noun, a term
        if in_a_story(name, material):
            return "an anecdote, not a fact (a person in a worked example)"
    return None


def in_a_story(name: str, material: str) -> bool:
    """The material tells of ``name`` as a person: "he"/"she" in a sentence with the name or in
    the next ("Henry is driving through … What he doesn't realize …")."""
    pattern = re.compile(rf"\b{re.escape(name)}\b")
    sentences = re.split(r"(?<=[.!?])\s+", material)
    return any(
        pattern.search(s) and _PERSON_CUE.search(" ".join(sentences[i : i + 2]))
        for i, s in enumerate(sentences)
        if name in s
    )


# -- where the sentence stands in the material --------------------------------------------------
# Openers the generator may have cut ("Thus, the …" -> "The …") that still tie the sentence to
# the one before: a conclusion, an example, a replacement ("Instead,"). Additive ones
# ("Moreover,", "Also,"), enumerations ("Fourth,") and a plain contrast ("However,",
# "In contrast,") mostly leave a fact that stands alone: on the dump of the corpus, half of the
# "However," sentences read well without it ("Careless use and overuse of _____ have been
# demonstrated to have significant negative impacts on aquatic ecosystems").
_TYING_OPENER = re.compile(
    r"(^|[.!?:]\s+|\n)(instead|yet|but|still|again|so|thus|hence|therefore|consequently|"
    r"for example|for instance|in this case|in that case|then|otherwise|as a result),\s*$",
    re.IGNORECASE,
)
# A story set up: "imagine a weary nomad …", "suppose Maria …", "For example, if a client …"
# (not "e.g." inside a sentence, nor "For example, the module … contains …": an instance, whose
# next sentences return to the general rule).
_CONTRAST_OPENER = re.compile(
    r"(^|[.!?:]\s+|\n)(however|in contrast|by contrast|conversely|on the other hand),\s*$",
    re.IGNORECASE,
)
_EXAMPLE_MARKER = re.compile(
    r"\b(imagine|suppose|let['’]?s say|say that|hypothetical(ly)?|scenario|"
    r"consider (a|an|the|this|that)\b|for (example|instance),? (if|when|suppose|imagine)\b)",
    re.IGNORECASE,
)
EXAMPLE_REACH = 4  # sentences after "imagine …" / "For example, …" that still tell the story


@lru_cache(maxsize=256)
def _locate(sentence: str, answer: str, material: str) -> int | None:
    """Where the card's sentence (its blank filled) starts in the material, or None. (Cached:
    both material checks ask for one card in turn; a search is ~1 ms in a 40,000-character
    material.)"""
    filled = sentence.replace(BLANK, answer) if answer else sentence.split(BLANK)[0]
    probe = filled[:60].strip()
    if len(probe) < 20:
        return None
    pattern = r"\s+".join(re.escape(w) for w in probe.split())
    m = re.search(pattern, material, re.IGNORECASE)
    return m.start() if m else None


def opened_in_material(sentence: str, answer: str, material: str) -> str | None:
    """The sentence as the material writes it opens on the one before ("However, if the
    resource …", "For example, …"), though the card's copy lost its opener."""
    at = _locate(sentence, answer, material) if material else None
    if at is None:
        return None
    prefix = material[max(0, at - 40) : at]
    if _TYING_OPENER.search(prefix):
        return f"{LEANS} (the sentence opens on the one before it in the material)"
    if _CONTRAST_OPENER.search(prefix):
        # "For example, a JPEG file …. However, if the resource is ASCII art, then …": a
        # contrast right after an example is the example's other half.
        previous = re.split(r"(?<=[.!?])\s+", material[max(0, at - 400) : at].strip())
        if len(previous) >= 2 and re.match(r"(for example|for instance)\b", previous[-2], re.I):
            return "an anecdote, not a fact (part of a worked example)"
    return None


def told_in_material(sentence: str, answer: str, material: str) -> str | None:
    """The sentence calls by its bare noun a thing the sentences before it in the material
    named ("The textbooks describe the women …" after "these textbooks", "Korean women"; "Each
    sub-array …" after "a two-dimensional array"; see :mod:`.told_before`)."""
    at = _locate(sentence, answer, material) if material else None
    if at is None:
        return None
    filled = sentence.replace(BLANK, answer) if answer else sentence
    told = told_before(filled, material[max(0, at - 1200) : at])
    return f"{LEANS} ({told})" if told else None


def inside_an_example(sentence: str, answer: str, material: str) -> str | None:
    """The sentence continues a worked example its paragraph set up a few sentences before
    ("… asks one to imagine a weary nomad …. The traveler crests a mountain …. The traveler is
    justified in believing there is water in the valley …")."""
    at = _locate(sentence, answer, material) if material else None
    if at is None:
        return None
    start = material.rfind("\n\n", 0, at)
    before = re.split(r"(?<=[.!?])\s+", material[start + 1 if start >= 0 else 0 : at].strip())
    recent = [s for s in before if s][-EXAMPLE_REACH:]
    marked = [i for i, s in enumerate(recent) if _EXAMPLE_MARKER.search(s)]
    if not marked:
        return None
    story = recent[marked[-1]].lower()  # the sentence that sets the story up
    filled = sentence.replace(BLANK, answer or " ")
    # It tells the story on when it speaks of the story's own characters and things: "the
    # traveler" after "imagine a weary nomad traveling …" ("Osmosis is the diffusion of water
    # across a membrane" after an example does not).
    for m in re.finditer(r"\bthe ([a-z]{4,})", filled, re.IGNORECASE):
        if re.search(rf"\b{re.escape(m.group(1).lower()[:5])}", story):
            return "an anecdote, not a fact (part of a worked example)"
    return None


# -- the two entry points ------------------------------------------------------------------------
def cloze_context(sentence: str, *, material: str = "", answer: str = "") -> str | None:
    """Why this cloze sentence cannot stand alone on a card, or ``None``."""
    body = sentence.strip()
    return (
        opener(body)
        or layout_pointer(body)
        or back_reference(body)
        or unnamed_referent(body)
        or ownerless_property(body, question=False)
        or anaphoric_abstract(body)
        or named_bare_noun(body)
        or (
            "an empty definition (the sentence says nothing that tells it apart)"
            if empty_cloze(body)
            else None
        )
        or blank_in_aside(body)
        or example_sentence(body)
        or (
            "a cut sentence (no full stop: it led into a list or code)"
            if unfinished(body)
            else None
        )
        or listing(body)
        or worked_example(body, material)
        or opened_in_material(body, answer, material)
        or inside_an_example(body, answer, material)
        or told_in_material(body, answer, material)
    )


_GARBLED_SUBJECT = re.compile(
    r"^(what|which|how|why|when|where|who) (is|are|does|do|was|were|can|did) "
    r"(so|when|if|because|that|then|than|while|although|though|and|or|but|as|since)\b",
    re.IGNORECASE,
)


def question_context(front: str, back: str) -> str | None:
    """Why a question card cannot stand alone, or ``None``: a question about a thing named
    in an earlier sentence, a garbled question, an empty definition as the answer, an answer
    pointing at the page."""
    if _GARBLED_SUBJECT.match(front.strip()):
        return "a garbled question (its subject is not a noun phrase)"
    problem = (
        back_reference(front)
        or layout_pointer(front)
        or unnamed_referent(front, question=True)
        or ownerless_property(front)
        or anaphoric_abstract(front, question=True)
    )
    if problem:
        return problem
    if empty_definition(back):
        return "an empty definition (the answer says nothing that tells it apart)"
    if discussion_role(back):
        return "what it serves for in discussion, not what it is"
    if _INFERENTIAL.search(back):
        return f"{LEANS} (the answer is a conclusion drawn from the sentence before)"
    return layout_pointer(back) or back_reference(back)
