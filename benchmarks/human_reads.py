"""How far the automatic scorers agree with the strict human reads (issue 18).

Every held-out round was read by a person after it was scored: 40 cards each, keep / fix /
drop, recorded in ``tests/fixtures/strict_reads/reads.json``. The benchmark's two scorers (the
gate's checks and ``benchmarks/_card_scorer.py``) stand in for that reader on every other run,
so the figure that matters is how often they pass a card the person refused. This prints, per
round and in all:

- the cards a person kept that the scorers keep too (they should);
- the cards a person refused (fix or drop) that the scorers still pass: their leniency;
- the refused cards today's offline generator still makes from the same text, word for word.

    .venv/bin/python benchmarks/human_reads.py

Last line: ``scorers pass N% of the cards a strict reader refused``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._card_scorer import card_failures, choice_failures
from studyapp.generation.cloze_surface import with_article
from studyapp.generation.offline import OfflineProvider
from studyapp.generation.quality import CardContext, card_problem, judge_choices
from studyapp.generation.types import CardDraft, CardSet, CardsRequest
from studyapp.services.generation import clean_material, material_marks
from studyapp.services.material import read_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
READS = ROOT / "tests" / "fixtures" / "strict_reads" / "reads.json"
CLOZE_PREFIX = "Fill in the blank: "


def reads() -> list[dict[str, Any]]:
    return list(json.loads(READS.read_text(encoding="utf-8"))["reads"])


@cache
def titles() -> dict[str, str]:
    sources = json.loads((CORPUS / "sources.json").read_text(encoding="utf-8"))
    return {s["file"]: s["title"] for s in sources}


@cache
def cleaned(file: str) -> str:
    return clean_material(read_file(CORPUS / file))


def kind_of(front: str) -> str:
    return "cloze" if front.startswith(CLOZE_PREFIX) else "basic"


def scorers_pass(card: dict[str, str]) -> bool:
    """Whether both scorers keep ``card`` as the benchmark scores a saved card."""
    file, front, back = card["file"], card["front"], card["back"]
    kind = kind_of(front)
    text, title = cleaned(file), titles()[file]
    gate = card_problem(CardDraft(front, back, kind), CardContext(goal_title=title, chunk=text))
    return gate is None and not card_failures(front, back, kind, text, title)


def set_passes(item: dict[str, Any]) -> bool:
    text = cleaned(item["file"])
    answer, options, front = item["answer"], item["options"], item["front"]
    kept, _ = judge_choices(answer, options, front, material=text)
    return len(kept) == 3 and not choice_failures(answer, options, front, None, text)


def made_in_full(file: str) -> CardSet:
    """The offline cards of the whole of ``file`` in one call (not the job path's parts), so
    the same rules give the same cards every time."""
    material = read_file(CORPUS / file)
    text = clean_material(material)
    return OfflineProvider().cards(
        CardsRequest(
            titles()[file], count=200, material=text, chunk=text, marked=material_marks(material)
        )
    )


@cache
def made_today(file: str) -> frozenset[tuple[str, str]]:
    """(front, back) of every card the offline generator makes from the whole of ``file``, a
    cloze's "a(n) _____" read with the article the answer takes: the neutral article is no
    new card, and a refused card written with it is still the refused card."""
    return frozenset((with_article(c.front, c.back), c.back) for c in made_in_full(file).cards)


def still_made(cards: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    """The refused cards of ``cards`` the generator still makes, word for word."""
    return [
        c
        for c in cards
        if c["verdict"] != "keep" and (c["front"], c["back"]) in made_today(c["file"])
    ]


@dataclass
class Agreement:
    kept: int = 0  # cards the person kept
    kept_passed: int = 0  # ... that the scorers keep too
    refused: int = 0  # cards the person would fix or drop
    refused_passed: int = 0  # ... that the scorers keep anyway
    sets_refused: int = 0
    sets_refused_passed: int = 0
    still_made: list[dict[str, str]] = field(default_factory=list)

    def add(self, read: dict[str, Any]) -> None:
        for card in read["cards"]:
            passed = scorers_pass(card)
            if card["verdict"] == "keep":
                self.kept += 1
                self.kept_passed += passed
            else:
                self.refused += 1
                self.refused_passed += passed
        for item in read["sets"]:
            if item["verdict"] != "keep":
                self.sets_refused += 1
                self.sets_refused_passed += set_passes(item)
        self.still_made += still_made(read["cards"])


def pct(part: int, whole: int) -> str:
    return f"{100 * part / max(1, whole):.0f}%"


def main() -> None:
    total = Agreement()
    print("round | main    | cards | kept by the person | scorers keep those | refused | "
          "scorers pass those | refused sets passed | refused still made")  # fmt: skip
    for read in reads():
        one = Agreement()
        one.add(read)
        total.add(read)
        print(
            f"{read['round']:>5} | {read['main']} | {len(read['cards']):>5} | {one.kept:>18} | "
            f"{pct(one.kept_passed, one.kept):>18} | {one.refused:>7} | "
            f"{pct(one.refused_passed, one.refused):>18} | "
            f"{one.sets_refused_passed}/{one.sets_refused:<17} | {len(one.still_made)}"
        )
    print(
        f"  all | {'':7} | {total.kept + total.refused:>5} | {total.kept:>18} | "
        f"{pct(total.kept_passed, total.kept):>18} | {total.refused:>7} | "
        f"{pct(total.refused_passed, total.refused):>18} | "
        f"{total.sets_refused_passed}/{total.sets_refused:<17} | {len(total.still_made)}"
    )
    for card in total.still_made:
        print(f"  still made ({card['verdict']}: {card['reason']}): [{card['file']}] "
              f"{card['front']} => {card['back']}")  # fmt: skip
    print(
        f"scorers pass {pct(total.refused_passed, total.refused)} of the cards a strict reader "
        "refused"
    )


if __name__ == "__main__":
    main()
