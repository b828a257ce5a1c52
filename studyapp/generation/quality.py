"""The one quality gate: every card and every multiple-choice option, from either provider,
passes here before it is saved, and every rejection keeps its reason.

The checks follow the item-writing-flaw literature (Haladyna's guidelines; Moore et al. 2023)
as a learner would feel them:

Cards: no dangling reference ("What is following?", "It generates…"); a question must name
something specific ("What is the default value?" names nothing); a blank on a real term, not on
a stopword, a generic word or the goal's own title; the answer not given away by the question;
no leftover markup (tags, comments, Markdown, roff, hyphenation debris like "mem- ory"); code is
never cloze prose; no trivia (defaults, versions, "since Linux 2.4"); one fact per card; and a
Claude card's source quote must be found in its chunk.

Choices: three distinct options, none equal to, contained in, containing or abbreviating the
answer, none appearing in the question, 0.5-2x the answer's length, in the same form (number
for number, identifier for identifier, sentence for sentence), none another correct answer.

Functions return a reason (a short phrase naming the flaw) or ``None``; ``judge_*`` split a
batch into what passes and :class:`Rejection` records, and :func:`summary` says it in one line
("12 made, 3 rejected: 2 dangling reference, 1 trivia").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from studyapp.generation.answer_leaks import book_title_answer
from studyapp.generation.asked_backs import praise_problem
from studyapp.generation.cloze_surface import caption_answer, goal_topic_answer, with_article
from studyapp.generation.flaws import answer_flaw, cloze_flaw, split_word
from studyapp.generation.formula_debris import glued_formula
from studyapp.generation.hollow_questions import hollow_question, value_cloze
from studyapp.generation.named_cases import named_case
from studyapp.generation.page_notices import legal_notice
from studyapp.generation.reading_lists import cited_title
from studyapp.generation.restated import drop_restated, restates, same_cloze
from studyapp.generation.types import CARD_KINDS, CardDraft
from studyapp.generation.words import DEICTIC, GENERIC, PRONOUN_STARTS, STOPWORDS, is_verb
from studyapp.vectors.embedder import Embedder, cosine, default_embedder, normalise

BLANK = "_____"
CLOZE_PREFIX = "Fill in the blank: "
MAX_FRONT = 300
MAX_BACK = 200
MAX_BACK_WORDS = 30
MIN_QUOTE_WORDS = 3
MAX_OPTION = 200


@dataclass(frozen=True)
class Rejection:
    """What was rejected (a card's front, or an option) and why."""

    text: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"text": self.text[:200], "reason": self.reason}


@dataclass(frozen=True)
class CardContext:
    """What a card is judged against: the goal's title (never the blank), for grounded cards
    the chunk the card's source quote must come from, and the material around it (the whole
    text or a window of it) whose word counts tell a whole term from part of one."""

    goal_title: str = ""
    chunk: str = ""
    require_quote: bool = False
    material: str = ""

    @property
    def wording(self) -> str:
        """The text whose word counts judge a blank: the material, else the chunk."""
        return self.material or self.chunk


# -- text shape -------------------------------------------------------------------------------
_MARKUP = [
    (re.compile(r"<!--|-->"), "an HTML comment"),
    (
        re.compile(
            r"</?(?:p|div|span|a|b|i|em|strong|code|pre|br|li|ul|ol|table|td|tr|h[1-6]|img|sup|sub)\b[^>]*>",
            re.I,
        ),
        "an HTML tag",
    ),
    (re.compile(r"\*\*|`"), "Markdown emphasis or code marks"),
    (re.compile(r"\]\(|!\[|\[[^\]]+\]\[[^\]]*\]"), "Markdown link syntax"),
    (re.compile(r"^\s*#{1,6}\s|\s#{2,6}\s"), "a Markdown heading mark"),
    (
        re.compile(r"\\f[BIRP]|\\\(|^\.(SH|SS|TP|IP|PP|B|I|BR|TH|nf|fi)\b|\bT\{|\bT\}"),
        "roff or tbl markup",
    ),
    (
        re.compile(r"^\s*(added|changes|deprecated|napiVersion|pr-url):\s", re.I | re.M),
        "YAML front matter",
    ),
    (
        re.compile(r"\{(string|integer|number|boolean|Object|Function|Array|Buffer|any)[^}]*\}"),
        "a type annotation in braces",
    ),
    (re.compile(r"¶|&(amp|lt|gt|quot|nbsp|#\d+);"), "an HTML entity or anchor"),
    (re.compile(r"[•◦▪]"), "a list bullet"),
    (re.compile(r"(?<![\w.)\]])(\(\s*\)|\[\s*\])"), "empty brackets, what was in them removed"),
    (re.compile(r"[A-Za-z)] [,.;:](\s|$)"), "a space before punctuation"),
    (
        re.compile(r"\b[a-z]{2,}[-\u2010] (?!and\b|or\b|to\b)[a-z]{2,}\b|\u2010 |\u00ad"),
        "a hyphenated line break",
    ),
]
_CODE = re.compile(
    r"#\s*include\b|<[\w/]+\.h>|[;{}]\s*$|\w+\s*\([^)]*\)\s*;|==|!=|->|^\s*\$ |"
    r"\b(const|let|var)\s+\w+\s*=|=>|\bdef\s+\w+\(|\breturn\s+\w+;|\w+\s*=\s*\w+\(|"
    r"\b\w+\.\w+\s*=\s*\S"
)
_TRIVIA = re.compile(
    r"\bsince (linux|version|v)?\s*\d|\b(linux|kernel|glibc|python|node(\.js)?|version)\s+v?\d+(\.\d+)+|"
    r"\bv\d+\.\d+(\.\d+)?\b|\b(added|introduced|deprecated|removed|changed) in\b|\bdefault:|"
    r"\bdefault (value|is|setting|of)\b|\b(the|its|a) default\b|\bstability:|\(default\b|"
    r"\((integer|boolean|string|int|bool|long)\s*;",
    re.I,
)
_TRIVIA_ANSWER = re.compile(
    r"^(default|disabled|enabled|true|false|yes|no|none|null|see (below|text|above)|"
    r"v?\d+(\.\d+)+|(linux|rfc|python|version) \d+(\.\d+)*|0x[0-9a-f]+|\d+)$",
    re.I,
)
_DANGLING = re.compile(
    r"\b(the following|following:|as follows|see below|see above|described (above|below)|"
    r"(shown|listed|mentioned) (above|below)|the (former|latter)|aforementioned|"
    r"this (option|flag|value|function|method|call|field|page|section|file|setting|"
    r"parameter|argument|structure|one|case|mode|feature|example|list|table)|"
    r"(is|are) following|following\s*\?)\b",
    re.I,
)
_QUESTION_WORDS = frozenset(
    [
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "why",
        "how",
        "when",
        "where",
        "does",
        "do",
        "did",
        "is",
        "are",
        "was",
        "were",
        "can",
        "could",
        "should",
        "would",
        "will",
        "name",
        "give",
        "define",
        "explain",
        "describe",
    ]
)
# API references describe functions in sentences without a subject ("Cancel all outstanding
# DNS queries made by this resolver."): blanked, they say nothing about what they describe.
_BARE_VERBS = frozenset(
    """returns return uses use creates create cancels cancel sets set gets get resolves resolve
    retrieves retrieve performs perform sends send reads read writes write adds add removes
    remove starts start stops stop opens open closes close converts convert enables enable
    disables disable allows allow specifies specify indicates indicate emitted called""".split()  # noqa: SIM905
)
_CATCH_ALL = re.compile(
    r"\b(all|none|both|neither) of (the )?(above|these|them|those)\b|\ball (the )?answers\b",
    re.I,
)
_NUMBER = re.compile(r"^[~≈<>±-]?\s*[\d.,]+\s*%?\s*[a-zA-Zµ°/]{0,8}\.?$")
_SENTENCE_END = re.compile(r"[.!?](\s+|$)")
_IDENTIFIER = re.compile(r"^[\w./:-]*([_.]\w|\w\(|\(\)|::)[\w./():,\[\] -]*$|^[A-Z][A-Z0-9_]{2,}$")


def clean(text: str) -> str:
    return " ".join(str(text).split())


def words(text: str) -> list[str]:
    return normalise(text).split()


def _is_list(text: str) -> bool:
    """Three or more items: "a; b; c" or "a, b, and c" (names or clauses alike)."""
    if text.count(";") >= 2:
        return True
    parts = [p for p in re.split(r",\s+", text) if p.strip()]
    return len(parts) >= 3 and re.match(r"^(and|or)\s", parts[-1].strip()) is not None


def content_words(text: str, extra: Iterable[str] = ()) -> list[str]:
    skip = STOPWORDS | GENERIC | _QUESTION_WORDS | set(extra)
    return [w for w in words(text) if w not in skip and not w.isdigit() and len(w) > 1]


def sentences_in(text: str) -> int:
    return len([s for s in _SENTENCE_END.split(text.strip()) if s and s.strip()])


def markup_in(text: str) -> str | None:
    for pattern, what in _MARKUP:
        if pattern.search(text):
            return what
    return None


def looks_like_code(text: str) -> bool:
    return bool(_CODE.search(text))


def _contains(haystack: str, needle: str) -> bool:
    """Whole-word containment after normalising (case, accents, punctuation)."""
    h, n = normalise(haystack), normalise(needle)
    return bool(n) and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", h) is not None


def cloze_sentence(front: str) -> str:
    return front[len(CLOZE_PREFIX) :] if front.startswith(CLOZE_PREFIX) else front


# -- cards ------------------------------------------------------------------------------------
def card_problem(card: CardDraft, ctx: CardContext | None = None) -> str | None:
    """Why this card would not help a learner, or ``None`` when it passes every check."""
    ctx = ctx or CardContext()
    front, back = clean(card.front), clean(card.back)
    if not front or not back:
        return "an empty side"
    if card.kind not in CARD_KINDS:
        return f"an unknown kind {card.kind!r}"
    if len(front) > MAX_FRONT or len(back) > MAX_BACK:
        return "too long"
    for side in (front.replace(BLANK, " "), back):
        what = markup_in(side)
        if what:
            return f"leftover markup ({what})"
        broken = split_word(side)
        if broken:
            return f"leftover markup (a word split in two: {broken!r})"
        glued = glued_formula(side)
        if glued:
            return f"conversion debris (a formula lost its superscripts: {glued!r})"
    if legal_notice(front) or legal_notice(back):
        return "page furniture (a trademark or copyright notice), not a fact"
    if card.kind != "cloze" and cited_title(front, back):
        return "a reading list's entry (a document's identifier and its title), not a fact"
    if card.kind == "cloze":
        # "a(n) _____" is judged as the sentence the material wrote (see cloze_surface.py).
        front = with_article(front, back)
        problem = (
            _cloze_problem(front, back, ctx)
            or cloze_flaw(
                cloze_sentence(front), back, material=ctx.wording, goal_title=ctx.goal_title
            )
            or (
                "an empty definition (a value word alone, not what it is)"
                if value_cloze(cloze_sentence(front))
                else None
            )
        )
    else:
        problem = (
            _question_problem(front, back, ctx)
            or answer_flaw(front, back)
            or named_case(front, back, ctx.wording)
            or praise_problem(back)
            or hollow_question(front, back)
        )
    if problem:
        return problem
    if len(back.split()) > MAX_BACK_WORDS or sentences_in(back) > 2 or "\n" in card.back.strip():
        return "not one fact"
    if _is_list(back):
        return "not one fact (a list)"
    if _TRIVIA_ANSWER.match(back.rstrip(".")) and card.kind == "cloze":
        return "trivia"
    if ctx.require_quote or card.source:
        problem = quote_problem(card, ctx.chunk) if ctx.chunk else None
        if problem:
            return problem
    return None


def _cloze_problem(front: str, back: str, ctx: CardContext) -> str | None:
    sentence = cloze_sentence(front)
    if sentence.count(BLANK) != 1:
        return "not one fact" if sentence.count(BLANK) > 1 else "a cloze without a blank"
    if looks_like_code(sentence) or looks_like_code(back):
        return "code as cloze prose"
    if re.search(rf"[\w.:/@-]{BLANK}|{BLANK}[\w/@(-]|{BLANK}[.:]\w", sentence):
        return "a blank inside an identifier"
    first = normalise(sentence).split()[:1]
    if (
        sentence.startswith(BLANK) is False
        and first
        and first[0] in PRONOUN_STARTS
        and not _each_with_its_noun(sentence)
    ):
        return "dangling reference"
    if _DANGLING.search(sentence) or re.search(
        rf"\b(this|these|that|those|its|their) {BLANK}", sentence, re.I
    ):
        return "dangling reference"
    if first and first[0] in _BARE_VERBS:
        return "not self-contained (the sentence has no subject)"
    answer = normalise(back)
    answer_words = answer.split()
    if not answer_words or all(w in STOPWORDS for w in answer_words):
        return "a blank on a stopword"
    if all(w in GENERIC | STOPWORDS for w in answer_words):
        return "a blank on a generic word"
    if _is_goal_title(back, ctx.goal_title) or goal_topic_answer(back, ctx.goal_title):
        return "a blank on the goal's title"
    if book_title_answer(back, ctx.goal_title):
        return "a blank on the title of the book the text is from"
    if caption_answer(back):
        return "a blank on a caption's label, not a fact"
    if _contains(sentence.replace(BLANK, " "), back):
        return "the answer is in the question"
    if _TRIVIA.search(sentence) or _TRIVIA_ANSWER.match(back.rstrip(".")):
        return "trivia"
    if len(content_words(sentence.replace(BLANK, " "))) < 3:
        return "not self-contained"
    return None


def _each_with_its_noun(sentence: str) -> bool:
    """ "Each package is built …", "Each _____ in a source tree …": "each" with its own noun
    names what it is about (round 3: "Fourth, each package …" lost its "Fourth," and then
    read as a dangling "each"); "Each of them", "Each one", "Each is …" do not."""
    m = re.match(r"^each\s+(\S+)", sentence, re.IGNORECASE)
    if not m:
        return False
    nxt = m.group(1).lower()
    return nxt == BLANK or (
        re.fullmatch(r"[a-z][\w-]*", nxt) is not None
        and nxt not in {"of", "one", "other", "is", "are", "was", "has", "can", "will", "must"}
    )


def _question_problem(front: str, back: str, ctx: CardContext) -> str | None:
    if looks_like_code(front):
        return "code as prose"
    lowered = normalise(front).split()
    if lowered and lowered[0] in DEICTIC:
        return "dangling reference"
    if _DANGLING.search(front) or re.search(r"\b(it|this|these|they|them)\b\s*\??$", front, re.I):
        return "dangling reference"
    subject = content_words(front, extra=words(ctx.goal_title) if _short(ctx.goal_title) else ())
    if not subject:
        return "not self-contained (the question names nothing specific)"
    if _TRIVIA.search(front) or (_TRIVIA_ANSWER.match(back.rstrip(".")) and _TRIVIA.search(back)):
        return "trivia"
    if len(normalise(back)) >= 4 and _contains(front, back):
        return "the answer is in the question"
    return None


def _short(title: str) -> bool:
    return 0 < len(words(title)) <= 3


def _is_goal_title(answer: str, goal_title: str) -> bool:
    """The goal's title, or one of the few words it is about ("TCP" in "Linux TCP"): a blank
    on it tests nothing the learner does not see on every card of the goal."""
    if not goal_title:
        return False
    a, g = normalise(answer), normalise(goal_title)
    if a == g:
        return True
    topic = [w for w in g.split() if w not in STOPWORDS and w not in _GOAL_VERBS]
    answer_words = a.split()
    return (
        bool(topic)
        and len(topic) <= 4
        and (a in topic or a == " ".join(topic) or all(w in topic for w in answer_words))
    )


_GOAL_VERBS = frozenset(
    [
        "understand",
        "learn",
        "master",
        "study",
        "know",
        "learning",
        "understanding",
        "improve",
        "practise",
        "practice",
        "revise",
        "review",
        "basics",
        "introduction",
    ]
)


def quote_problem(card: CardDraft, chunk: str) -> str | None:
    """A grounded card's quote must be a passage of its chunk (after normalising case,
    punctuation and whitespace), long enough to mean something, and must support the answer."""
    quote = normalise(card.source)
    if len(quote.split()) < MIN_QUOTE_WORDS:
        return "no source quote"
    if quote not in normalise(chunk):
        return "the source quote is not in the material"
    answer = content_words(card.back)
    if answer:
        support = set(quote.split()) | set(normalise(cloze_sentence(card.front)).split())
        found = sum(1 for w in answer if w in support or any(s.startswith(w[:5]) for s in support))
        if found * 2 < len(answer):
            return "the answer is not in the source quote"
    return None


SAME_CARD_OVERLAP = 0.7


def same_card(a: str, b: str) -> bool:
    """Two cards (front and back as one text) a learner would call the same card: most of
    their content words shared, plural-blind. The embedder's cosine misses two cards that say
    one thing about two near-identical names ("the verbatim option of dns.lookup()" and "of
    dnsPromises.lookup()": 0.84); word overlap does not."""
    wa, wb = (
        {stem_key(w) for w in re.findall(r"[a-z0-9]+", x.lower()) if len(w) > 2} - STOPWORDS
        for x in (a, b)
    )
    union = wa | wb
    if bool(union) and len(wa & wb) / len(union) >= SAME_CARD_OVERLAP:
        return True
    # A cloze that hides the term a question card asks, in the question's definition; two
    # clozes that blank the same answer in nearly the same sentence.
    ca, cb = (CardDraft(*x.partition("\n")[::2]) for x in (a, b))
    return restates(ca, cb) or restates(cb, ca) or same_cloze(ca, cb)


def judge_cards(
    cards: Sequence[CardDraft], ctx: CardContext | None = None
) -> tuple[list[CardDraft], list[Rejection]]:
    """Split a batch into cards that pass (cleaned, first of any repeated front kept) and
    rejections with their reasons."""
    kept: list[CardDraft] = []
    rejected: list[Rejection] = []
    seen: set[str] = set()
    for card in cards:
        cleaned = CardDraft(
            clean(card.front), clean(card.back), card.kind, clean(card.source), clean(card.skill)
        )
        problem = card_problem(cleaned, ctx)
        if problem is None and normalise(cleaned.front) in seen:
            problem = "a repeat of another card in this batch"
        if problem:
            rejected.append(Rejection(cleaned.front or cleaned.back, problem))
            continue
        seen.add(normalise(cleaned.front))
        kept.append(cleaned)
    kept, restating = drop_restated(kept)
    rejected += [
        Rejection(c.front, "a repeat of another card in this batch (a question card asks it)")
        for c in restating
    ]
    return kept, rejected


# -- choices ----------------------------------------------------------------------------------
def stem_key(text: str) -> str:
    """A crude form for "the same answer, reworded trivially": no articles, no plural -s."""
    ws = [w for w in normalise(text).split() if w not in {"a", "an", "the"}]
    return " ".join(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in ws
    )


def _initials(text: str) -> str:
    return "".join(
        w[0]
        for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", text)
        if w.lower() not in {"of", "and", "the", "a", "an", "for", "to", "in", "on"}
    )


def abbreviates(a: str, b: str) -> bool:
    """One is the other's acronym ("TCP" / "Transmission Control Protocol") or a clipped form
    of it ("recv" / "receive", "Config" / "Configuration")."""
    for short, long_ in ((a, b), (b, a)):
        s, lw = normalise(short).replace(" ", ""), normalise(long_)
        if len(lw.split()) >= 2 and len(s) >= 2 and s == _initials(long_).lower():
            return True
        one_word = " " not in normalise(short) and " " not in lw
        clipped = lw.startswith(s) or (len(s) >= 4 and s[0] == lw[0] and _subsequence(s, lw))
        if one_word and len(s) >= 3 and len(lw) > len(s) and clipped:
            return True
    return False


def _subsequence(short: str, long_: str) -> bool:
    it = iter(long_)
    return all(ch in it for ch in short)


def _form(text: str) -> str:
    """The shape a learner sees at a glance: a number, an identifier (in its case style: a
    constant, a lower-case name, a call), a sentence or a phrase."""
    t = text.strip()
    if _NUMBER.match(t):
        return "number"
    if _IDENTIFIER.match(t) and " " not in t.strip("() "):
        if t.endswith(")"):
            return "call"
        letters = [c for c in t if c.isalpha()]
        return "constant" if letters and all(c.isupper() for c in letters) else "name"
    opening = _opening(t)
    if len(t.split()) >= 6 and t.endswith("."):
        return f"sentence{opening}"
    if re.search(r"[a-z][A-Z]|\b[A-Z][a-z]+ [A-Z]|\b[A-Z]{2,} [A-Z][a-z]", t):
        return "proper name"  # "TCP Vegas", "Fast Open": a name among common nouns stands out
    if opening or not re.fullmatch(r"[a-z][a-z-]*( [a-z][a-z-]*){0,2}", t.lower()):
        return f"phrase{opening}"
    last = t.split()[-1].lower()
    plural = len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is"))
    return "phrase (plural)" if plural else "phrase"  # "Namespaces are …" among singulars


_OPENINGS = [
    (re.compile(r"^that\b", re.I), " (a that-clause)"),
    (re.compile(r"^to\b", re.I), " (to + verb)"),
    (re.compile(r"^(if|when|whenever|once|unless|while)\b", re.I), " (a condition)"),
    (re.compile(r"^['\"‘“]"), " (a quoted value)"),
]


def _opening(text: str) -> str:
    """How an answer opens, when that sets it apart: a that-clause, "to …", a condition, a
    quoted value or a verb ("Enable …"); a noun phrase is the default."""
    for pattern, what in _OPENINGS:
        if pattern.match(text):
            return what
    first = text.split()[0] if text.split() else ""
    return " (a verb)" if is_verb(first) and not first.lower().endswith("ing") else ""


def option_problem(
    option: str,
    answer: str,
    stem: str = "",
    *,
    embedder: Embedder | None = None,
    also_correct: Sequence[str] = (),
) -> str | None:
    """Why one distractor would not work beside ``answer`` under ``stem``, or ``None``."""
    option, answer = clean(option), clean(answer)
    if not option:
        return "empty"
    if len(option) > MAX_OPTION:
        return "too long"
    if _CATCH_ALL.search(option):
        return "a catch-all option"
    what = markup_in(option)
    if what:
        return f"leftover markup ({what})"
    if normalise(option) == normalise(answer):
        return "equal to the answer"
    if all(w in GENERIC | STOPWORDS for w in words(option)):
        return "a generic word, not an answer"
    bare = [[w for w in words(x) if w not in {"a", "an", "the"}] for x in (option, answer)]
    if stem_key(option) == stem_key(answer) and bare[0] != bare[1]:
        return "nearly the answer"  # "Congestion avoidances"
    if _contains(option, answer) or _contains(stem_key(option), stem_key(answer)):
        return "contains the answer"
    if _contains(answer, option) or _contains(stem_key(answer), stem_key(option)):
        return "contained in the answer"
    if abbreviates(option, answer):
        return "abbreviates the answer"
    question = cloze_sentence(stem).replace(BLANK, " ") if stem else ""
    if question and (
        _contains(question, option) or _contains(stem_key(question), stem_key(option))
    ):
        return "appears in the question"
    short, long_ = sorted((len(option), len(answer)))
    if long_ > 2 * max(short, 1) and long_ - short > 3:
        return "not 0.5-2x the answer's length"
    answer_form, option_form = _form(answer), _form(option)
    if option_form == "phrase (plural)" and answer_form == "phrase":
        option_form = "phrase"  # a plural beside a singular answer reads well enough
    if option_form != answer_form:
        return "not in the same form as the answer"
    embedder = embedder or default_embedder()
    vectors = embedder.embed([answer, option, *also_correct])
    if (
        stem_key(option) == stem_key(answer)
        or cosine(vectors[0], vectors[1]) >= embedder.near_identical
    ):
        return "nearly the answer"
    for i, other in enumerate(also_correct, 2):
        if (
            normalise(other) == normalise(option)
            or cosine(vectors[1], vectors[i]) >= embedder.near_identical
        ):
            return "another correct answer"
    return None


def pair_problem(a: str, b: str, *, embedder: Embedder | None = None) -> str | None:
    embedder = embedder or default_embedder()
    if normalise(a) == normalise(b):
        return "not distinct"
    vectors = embedder.embed([a, b])
    if stem_key(a) == stem_key(b) or cosine(vectors[0], vectors[1]) >= embedder.near_identical:
        return "nearly the same as another option"
    return None


def judge_choices(
    answer: str,
    options: Iterable[str],
    stem: str = "",
    *,
    need: int = 3,
    embedder: Embedder | None = None,
    also_correct: Sequence[str] = (),
    material: str = "",
) -> tuple[list[str], list[Rejection]]:
    """Walk ``options`` best first and keep up to ``need`` that pass, each also distinct from
    those kept before it. Returns (kept, rejections). ``material``: the goal's text, to refuse
    an option of another kind than the answer by its usage there (a field or an adverb among
    particles: :mod:`studyapp.generation.choice_other_kind`)."""
    from studyapp.generation.choice_contrast import contrast_misfit
    from studyapp.generation.choice_hyponym import kind_of_answer
    from studyapp.generation.choice_other_kind import other_kind  # it reads offline_cards
    from studyapp.generation.choice_verb_fit import verb_misfit

    kept: list[str] = []
    rejected: list[Rejection] = []
    for raw in options:
        if len(kept) >= need:
            break
        option = clean(raw)
        problem = option_problem(option, answer, stem, embedder=embedder, also_correct=also_correct)
        if problem is None and material:
            problem = (
                other_kind(answer, option, material)
                or verb_misfit(answer, option, stem, material)
                or contrast_misfit(answer, option, stem, material)
                or kind_of_answer(answer, option, material)
            )
        if problem is None:
            problem = next(
                (p for k in kept if (p := pair_problem(option, k, embedder=embedder))), None
            )
        if problem:
            rejected.append(Rejection(option, problem))
            continue
        kept.append(option)
    return kept, rejected


# -- reporting --------------------------------------------------------------------------------
def reasons(rejections: Iterable[Rejection]) -> Counter[str]:
    return Counter(r.reason for r in rejections)


def summary(made: int, rejections: Sequence[Rejection], *, noun: str = "made") -> str:
    """ "12 made, 3 rejected: 2 dangling reference, 1 trivia" (or just "12 made")."""
    if not rejections:
        return f"{made} {noun}"
    parts = ", ".join(f"{n} {reason}" for reason, n in reasons(rejections).most_common())
    return f"{made} {noun}, {len(rejections)} rejected: {parts}"
