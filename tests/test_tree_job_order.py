"""A goal's tree does not depend on which of its jobs commits first.

The window starts a skill-tree job as soon as a goal is made (main_window.create_goal); the
learner then adds material, a card job. Two workers run both at once, so either may read the
goal before the other commits. Before, the material's headings were lost whenever the bare
tree job committed after the card job had read the goal (the card job found a tree it had not
planned to merge with, and dropped its own), or after the card job had committed (the bare
tree, made without the material, replaced the material's): one skill instead of nine, by
timing alone. Likewise a long material's parts run beside the branch jobs of its tree: a card
went to a sub-skill or stayed on its parent depending on which job read first. Real job engine,
real PostgreSQL, offline provider; each job's slow part and its commit are driven by hand in
every order.
"""

from __future__ import annotations

from typing import Any

import pytest

from studyapp.jobs import store
from studyapp.jobs.completer import settle
from studyapp.jobs.contract import JobInfo
from studyapp.jobs.runner import Runner
from studyapp.services import cards as cards_service
from studyapp.services import generation, goals
from studyapp.services.goals import walk
from tests.gen_support import drain, submit_material

pytestmark = pytest.mark.usefixtures("offline_provider")


def _slow_part(runner: Runner, job: JobInfo) -> Any:
    """The job's run(), outside any transaction, as a worker thread does it."""
    (running,) = runner.pool.hold([job])
    return runner.pool.run(running)


def _commit(runner: Runner, outcome: Any) -> None:
    """The job's apply() in its completion transaction, as the completer does it."""
    with runner.db.engine.connect() as conn:
        settle(runner._side, conn, [outcome])
    runner.pool.after_commit(outcome)
    assert outcome.final.status in ("completed", "processing"), outcome.final.error


def _shape(db, profile_id: int, goal_id: int) -> tuple[list[tuple[int, str]], dict[str, str]]:
    """The tree (depth, title) in order, and each card's skill."""
    tree = goals.skill_tree(db, profile_id, goal_id)
    nodes = [(depth, node.title) for node, depth in walk(tree)]
    names = {node.id: node.title for node, _depth in walk(tree)}
    where = {
        c.front: names.get(c.node_id or 0, "")
        for c in cards_service.list_cards(db, profile_id, goal_id)
    }
    return nodes, where


# Each job's slow part ("read") and commit, in order: T the bare tree job the window starts with
# the goal, C the card job with the material.
ORDERS = {
    "tree commits before cards read": ("read T", "commit T", "read C", "commit C"),
    "both read, tree commits first": ("read T", "read C", "commit T", "commit C"),
    "both read, cards commit first": ("read T", "read C", "commit C", "commit T"),
    "cards commit before tree reads": ("read C", "commit C", "read T", "commit T"),
}


@pytest.mark.parametrize("order", list(ORDERS))
def test_the_tree_is_the_same_whichever_job_commits_first(
    db, profile, registry, runner, clock, order
) -> None:
    # What the material makes on a goal without any tree job: the tree every order must give.
    alone = goals.create_goal(db, profile.id, "TCP congestion control")
    submit_material(db, profile.id, alone.id, registry, clock)
    drain(runner, clock)
    expected = _shape(db, profile.id, alone.id)
    assert len(expected[0]) > 5 and expected[1]

    goal = goals.create_goal(db, profile.id, "TCP congestion control")
    tree_job = generation.submit_skill_tree(
        db, profile.id, goal.id, registry=registry, clock=clock
    ).job
    cards_job = submit_material(db, profile.id, goal.id, registry, clock).job
    jobs = {j.id: j for j in runner.claim()}
    assert set(jobs) == {tree_job.id, cards_job.id}
    job = {"T": jobs[tree_job.id], "C": jobs[cards_job.id]}
    outcome: dict[str, Any] = {}
    for step in ORDERS[order]:
        phase, name = step.split()
        if phase == "read":
            outcome[name] = _slow_part(runner, job[name])
        else:
            _commit(runner, outcome[name])
    drain(runner, clock)
    for submitted in (tree_job, cards_job):
        final = store.get_job(db, profile.id, submitted.id)
        assert final.status == "completed", (final.status, final.error)
    tree, where = _shape(db, profile.id, goal.id)
    assert tree == expected[0]
    assert where == expected[1]


def test_two_branch_jobs_for_one_skill_write_its_children_once(
    db, profile, registry, runner, clock
) -> None:
    """A merge spawns a branch job for every skill it keeps while the first one for that skill
    may still run: both read the skill without children, and both wrote them."""
    from sqlalchemy import text

    from studyapp.handlers.kinds import SKILL_TREE_GENERATION

    goal = goals.create_goal(db, profile.id, "TCP congestion control")
    submit_material(db, profile.id, goal.id, registry, clock)
    drain(runner, clock)
    branch = next(n for n in goals.skill_tree(db, profile.id, goal.id) if n.children)
    children = [c.title for c in branch.children]
    with db.engine.begin() as conn:  # as before its branch job ran
        conn.execute(text("DELETE FROM skill_nodes WHERE parent_id = :n"), {"n": branch.id})
    for feedback in ("one", "two"):  # two jobs (an identical one pending would be returned)
        store.submit(
            db,
            profile.id,
            SKILL_TREE_GENERATION,
            {"goal_id": goal.id, "node_id": branch.id, "feedback": feedback},
            registry=registry,
            goal_id=goal.id,
            clock=clock,
        )
    first, second = runner.claim()
    outcomes = [_slow_part(runner, first), _slow_part(runner, second)]
    for outcome in outcomes:
        _commit(runner, outcome)
    [again] = [n for n in goals.skill_tree(db, profile.id, goal.id) if n.id == branch.id]
    assert [c.title for c in again.children] == children


def _parts_and_branches(
    db, profile, registry, clock, runner: Runner, corpus_file: str
) -> tuple[int, dict[str, list[JobInfo]]]:
    """A goal given a tuning text long enough for parts: its card job run and committed (the
    tree written, a branch job per skill and a card job per part spawned, none run yet)."""
    from pathlib import Path

    from studyapp.services.material import read_file

    goal = goals.create_goal(db, profile.id, "The endocrine system")
    text_ = read_file(Path(__file__).parent / "fixtures" / "corpus" / corpus_file)
    generation.submit_cards(db, profile.id, goal.id, material=text_, registry=registry, clock=clock)
    [top] = runner.claim()
    runner.execute(top)
    jobs: dict[str, list[JobInfo]] = {"parts": [], "branches": []}
    while claimed := runner.claim():
        for job in claimed:
            jobs["branches" if job.type == "skill_tree_generation" else "parts"].append(job)
    assert len(jobs["parts"]) > 1 and len(jobs["branches"]) > 1
    return goal.id, jobs


# Parts of the material and the branch jobs of its tree run beside each other: the parts read
# before the branches commit and commit after ("parts read first"), or the branches read before
# the parts commit and commit after ("branches read first"), or one after the other.
PART_ORDERS = ("one after the other", "parts read first", "branches read first")


@pytest.mark.parametrize("order", PART_ORDERS)
@pytest.mark.parametrize(
    "corpus_file",
    # tuning texts: terms defined under headings (endocrine), a part starting inside a
    # sub-section ("School" under "Institutional Agents")
    ["endocrine_overview.html", "agents_of_socialization.html"],
)
def test_cards_land_on_the_same_skills_whichever_part_or_branch_reads_first(
    db, profile, registry, clock, order, corpus_file
) -> None:
    runner = Runner(db, registry, threads=64, clock=clock).start(listen=False)
    try:
        shapes = []
        for how in ("one after the other", order):
            goal_id, jobs = _parts_and_branches(db, profile, registry, clock, runner, corpus_file)
            first, then = (
                (jobs["branches"], jobs["parts"])
                if how in ("one after the other", "branches read first")
                else (jobs["parts"], jobs["branches"])
            )
            if how == "one after the other":
                for job in [*first, *then]:
                    _commit(runner, _slow_part(runner, job))
            else:
                early = [_slow_part(runner, job) for job in first]
                for job in then:
                    _commit(runner, _slow_part(runner, job))
                for outcome in early:
                    _commit(runner, outcome)
            drain(runner, clock)
            shapes.append(_shape(db, profile.id, goal_id))
        assert shapes[1][0] == shapes[0][0]
        assert shapes[1][1] == shapes[0][1]
    finally:
        runner.shutdown(grace=0)
