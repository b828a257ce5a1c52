"""Word lists the quality gate and the offline generator share (English; material in other
languages simply gets fewer rule-based rejections, never wrong ones)."""

from __future__ import annotations

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
