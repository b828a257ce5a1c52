"""Tree heading coverage and choice-set keep rate, on the learner's normal path (issue 18).

For each corpus text: New goal (offline: one skill named for the goal), then Add material (its
headings become the tree, merged with that skill), then choices for up to eight of its cards.
Reported per text: the share of the text's real headings (``sources.json``) that are skills,
and the share of choice sets kept by the gate and by the independent scorer
(``benchmarks/_card_scorer.py``), whose "from this goal" pool is the goal's card answers and
its material's own terms (wrong options come from both since issue 18), plus sets refused.

    .venv/bin/python benchmarks/tree_and_choices.py [--database-url URL]

Kept apart from ``benchmarks/card_quality.py`` (the card figures) on purpose; that file calls
:func:`option_pool` for its choice score.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._card_scorer import choice_failures, coverage
from studyapp.db.database import Database
from studyapp.generation.choice_define import sibling_definitions
from studyapp.generation.choice_fit import MATERIAL_CHARS, in_case, material_candidates
from studyapp.generation.choice_peers import kin
from studyapp.generation.choice_pool import heading_terms, in_number
from studyapp.generation.outline import parse_sections
from studyapp.generation.quality import judge_choices
from studyapp.handlers.goal_material import documents

CHOICES_PER_TEXT = 8


def option_pool(answers: Iterable[str], material: str) -> list[str]:
    """What counts as "from this goal" for a wrong option: the goal's card answers and the
    terms, definitions and purposes of its material (read in windows, as the handler reads the
    part around each card), each also in the lower-case form a lower-case answer gets."""
    pool = list(answers)
    windows = [
        material[i : i + MATERIAL_CHARS] for i in range(0, max(1, len(material)), MATERIAL_CHARS)
    ]
    # The handler also reads the card's own skill's section (its terms are counted there).
    windows += [
        f"# {s.title}\n\n{s.body}" for part in documents(material) for s in parse_sections(part)
    ]
    for window in windows:
        for option in material_candidates(window, limit=10_000):
            pool += [option, in_case(option, "a", material)]
        # The sections beside an answer's own (choice_pool.heading_kin).
        for term in heading_terms(window):
            pool += [term, in_case(term, "a", material)]
    # A term in the other number, where the material writes it so (choice_pool.in_number).
    lower = material.lower()
    for option in list(pool):
        for plural in (True, False):
            form = in_number(option, plural, material) if option.lower() in lower else None
            if form:
                pool += [form, in_case(form, "a", material)]
    return pool


def card_pool(pool: list[str], front: str, answer: str, material: str) -> list[str]:
    """The goal's pool (:func:`option_pool`) plus what the generator draws for this one card:
    the answer's peers in the material (choice_peers: listed with it, defined with its genus)
    and its subject's siblings' definitions (choice_define). Without them the scorer called
    "nonterminal symbol", which the Lemon page writes, "not from this goal"."""
    extra = [*kin(answer, material), *sibling_definitions(front, answer, material)]
    return [*pool, *extra, *(e.lower() for e in extra)]


def heading_coverage(truth: Iterable[str], tree_titles: Iterable[str]) -> float:
    """The share of the text's real headings that name a skill (any depth)."""
    return coverage(list(truth), list(tree_titles))


def choice_keep(
    sets: Iterable[Mapping[str, Any]], answers: list[str], material: str
) -> tuple[int, int, int, list[str]]:
    """(sets, kept by the gate, kept by the independent scorer, the scorer's objections)."""
    pool = option_pool(answers, material)
    total = gate = indep = 0
    objections: list[str] = []
    for s in sets:
        total += 1
        kept, _ = judge_choices(s["back"], s["options"], s["front"], material=material)
        gate += len(kept) == 3
        own = card_pool(pool, s["front"], s["back"], material)
        failed = choice_failures(s["back"], s["options"], s["front"], own, material)
        indep += not failed
        objections += [f"{s['back'][:40]!r}: {f}" for f in failed]
    return total, gate, indep, objections


def run(db: Database, profile_id: int, vectors: Path) -> list[dict[str, Any]]:
    from benchmarks import card_quality as cq
    from studyapp.services import generation, goals
    from studyapp.services.generation import clean_material
    from studyapp.services.material import read_file

    registry = cq.registry_for(vectors)
    rows = []
    for source in cq.sources():
        owner = cq.profile_for(db, profile_id, "tree-" + source["file"])
        goal = goals.create_goal(db, owner, source["title"])
        generation.submit_skill_tree(db, owner, goal.id, registry=registry)
        cq.drain(db, registry)
        material = read_file(cq.CORPUS / source["file"])
        generation.submit_cards(db, owner, goal.id, material=material, registry=registry)
        cq.drain(db, registry)
        cards = cq.cards_of(db, goal.id)
        picks = cards[:: max(1, len(cards) // CHOICES_PER_TEXT)][:CHOICES_PER_TEXT]
        for card in picks:
            generation.submit_distractors(db, owner, card["id"], registry=registry)
        cq.drain(db, registry)
        sets, refused = cq.sets_of(db, goal.id)
        total, gate, indep, objections = choice_keep(
            sets, [c["back"] for c in cards], clean_material(material)
        )
        rows.append(
            {
                "file": source["file"],
                "coverage": heading_coverage(source["headings"], cq.tree_of(db, goal.id)),
                "cards": len(cards),
                "sets": total,
                "refused": len(refused),
                "gate": gate,
                "independent": indep,
                "objections": objections,
            }
        )
    return rows


def main() -> None:
    from benchmarks._common import open_bench_database, parser

    p = parser(__doc__.splitlines()[0])
    args = p.parse_args()
    vectors = Path(tempfile.mkdtemp(prefix="sa-bench-vectors-"))
    os.environ.update(STUDYAPP_PROVIDER="offline", STUDYAPP_VECTORS_DIR=str(vectors))
    os.environ.pop("ANTHROPIC_API_KEY", None)
    db, profile = open_bench_database(args.database_url)
    rows = run(db, profile.id, vectors)
    print(
        f"{'text':<16} {'coverage':>8} {'cards':>5} {'sets':>4} {'refused':>7} {'gate':>5} {'scorer':>6}"
    )
    for r in rows:
        print(
            f"{r['file']:<16} {r['coverage']:>8.0%} {r['cards']:>5} {r['sets']:>4} "
            f"{r['refused']:>7} {r['gate'] / max(1, r['sets']):>5.0%} "
            f"{r['independent'] / max(1, r['sets']):>6.0%}"
        )
    sets = sum(r["sets"] for r in rows)
    asked = sets + sum(r["refused"] for r in rows)
    print(
        f"all: coverage worst {min(r['coverage'] for r in rows):.0%}, mean "
        f"{sum(r['coverage'] for r in rows) / len(rows):.0%}; choice sets {sets} of {asked} asked, "
        f"kept by the gate {sum(r['gate'] for r in rows) / max(1, sets):.0%}, by the scorer "
        f"{sum(r['independent'] for r in rows) / max(1, sets):.0%}"
    )
    for r in rows:
        for o in r["objections"]:
            print(f"  {r['file']}: {o}")


if __name__ == "__main__":
    main()
