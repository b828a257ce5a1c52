"""Word lists the quality gate and the offline generator share (English; material in other
languages simply gets fewer rule-based rejections, never wrong ones)."""

from __future__ import annotations

import re

STOPWORDS = frozenset(
    """a about above after again against all also although always am an and another any are
    as at be because been before being below between both but by can cannot could did do does
    doing down during each either even every few for from further had has have having he her
    here hers him his how however i if in into is it its itself just least less like made make
    makes many may me might more most much must my neither never no nor not now of off often on
    once one only or other others otherwise our out over own per perhaps rather really same
    second several shall she should since so some such than that the their theirs them then
    there therefore these they this those though through thus to too under until up upon us
    used uses using very via was we well were what when where whether which while who whom
    whose why will with within without would yet you your first new two three usually
    generally different example instance called known way ways part parts kind kinds type
    types lot lots thing things something anything everything""".split()  # noqa: SIM905 - a word list reads better as prose
)

# Words that name nothing in particular: a blank on one, or a question about one, tests nothing.
GENERIC = frozenset(
    """following default defaults value values option options number numbers system systems
    data information thing things way ways case cases set sets use uses item items list
    lists example examples term terms word words name names result results process field
    fields text note notes detail details section sections page pages above below see
    true false yes no enabled disabled zero none null argument arguments parameter
    parameters flag flags function functions method methods call calls variable variables
    file files code user users time times size sizes kind part parts structure structures
    processing information support mechanism mechanisms interface behavior behaviour
    operation operations implementation feature features purpose result effect effects
    amount level levels state states mode modes task tasks thing object objects""".split()  # noqa: SIM905
)

# A sentence or question that starts with one of these points at context the card won't have.
PRONOUN_STARTS = frozenset(
    """it this that these those there he she they we you i which what here such its their
    one each both all some most many another other who its his her our despite""".split()  # noqa: SIM905
)

DEICTIC = frozenset("it this these those they them its their such here".split())  # noqa: SIM905

# Sources in general ("recent research", "current estimates", "many experts"): what a card asks
# about or blanks when it names no study and no one. Shared by the question check ("What does
# recent research indicate?") and the blank check ("… but _____ indicate that …").
SOURCE_MODIFIERS = (
    r"(?:current|recent|new|newer|latest|some|many|most|much|other|more|further|previous|"
    r"earlier|past|early|later|modern|several|various|numerous|published|scientific|clinical|"
    r"empirical)"
)
SOURCES = (
    r"(?:research|studies|study|evidence|experts|scientists|researchers|findings|experiments|"
    r"scholars|investigators|estimates?|data|reports|figures|surveys|sources|analyses|"
    r"observations)"
)

# Verbs (base forms) that open a description of what something does ("Enable …", "Returns …",
# "Try to send …"): an answer that starts with one says what a thing does, not what it is.
# Words as often nouns as verbs ("query", "record", "signal", "map") are left out.
VERBS = frozenset(
    """enable disable set get return use create cancel resolve retrieve perform send read
    write add remove start stop open close convert allow specify indicate emit call bind
    connect listen accept shut limit count show control define determine select change force
    cause prevent attach detach print run display tell wait give take make turn try keep hold
    save store load collect clear reset flush mark wake block unblock check test ensure provide
    support contain include exclude override bound reserve allocate free release lock unlock
    register unregister notify trigger fail succeed raise throw catch handle parse encode
    decode compute calculate increase decrease reduce grow shrink adjust probe retransmit
    transmit receive deliver drop discard ignore skip reuse recycle respond reply lookup look
    search find compare sort filter apply assign copy move delete replace insert append extend
    inherit implement invoke execute evaluate iterate generate yield produce build initialize
    initialise instantiate construct destroy update modify configure require let describe
    explain refer act behave operate serve belong exist appear become remain occur happen
    follow continue begin finish complete abort kill terminate exit sleep poll monitor watch
    track measure estimate guarantee expect assume treat consider bundle place wrap pass
    associate mean represent hide expose protect restrict permit forbid disallow avoid
    distribute fetch combine split join merge resume pause suspend schedule dispatch duplicate
    rearm arm disarm deactivate activate toggle sets gets""".split()  # noqa: SIM905
)


def is_verb(word: str) -> bool:
    """A verb of :data:`VERBS` in its base or third-person form ("enable", "returns",
    "specifies", "does")."""
    w = word.lower().strip(".,;:()").split("/")[0]  # "Show/set"
    if w in VERBS or w in {"do", "does", "don't", "doesn't"}:
        return True
    if w.endswith("ies") and w[:-3] + "y" in VERBS:
        return True
    if w.endswith("es") and w[:-2] in VERBS:
        return True
    return w.endswith("s") and w[:-1] in VERBS


def takes_an(text: str) -> bool:
    """Whether "an" goes before the text, by its first sound as far as spelling tells: a
    silent h takes "an" ("an honest signal", "an hour"), a "you" or "w" sound takes "a"
    ("a unit", "a European", "a one-sided test"), an acronym said letter by letter takes the
    article of its first letter's name ("an HTML page", "a URL")."""
    first = text.strip().split(" ", 1)[0].strip("\"'“‘(")
    if not first:
        return False
    letters = re.sub(r"[^A-Za-z]", "", first)
    if not letters:
        return False
    if first.isupper() and 2 <= len(letters) <= 5:
        return letters[0] in "AEFHILMNORSX"  # an acronym said letter by letter: "an HTML", "a URL"
    low = letters.lower()
    if low.startswith(("unin", "unim")):
        return True  # "an unimportant", "an uninformed": the negative prefix "un-"
    you = ("uni", "use", "usu", "ura", "uri", "uro", "uti", "uto", "eu", "ewe", "one", "once")
    if low.startswith((*you, "ubi")):
        return False
    if low.startswith(("hour", "honest", "honor", "honour", "heir")):
        return True
    return low[0] in "aeiou"


def with_indefinite(phrase: str) -> str:
    """The phrase after "a" or "an", chosen by its first sound (:func:`takes_an`)."""
    return f"{'an' if takes_an(phrase) else 'a'} {phrase}"
