"""Every card belongs to a skill; regeneration orphans nothing; two parts running at once never
both add the same card; choices come from the card's own goal (issue 10, issue 9 defects 3-4)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from studyapp.errors import NotFound
from studyapp.generation.offline import OfflineProvider
from studyapp.generation.types import CardDraft, CardSet
from studyapp.handlers.tree_writes import cards_to_replan
from studyapp.jobs import store
from studyapp.jobs.runner import Runner
from studyapp.services import generation, goals
from studyapp.services.skill_homes import assign_to_nearest_nodes
from tests.factories import make_card, make_goal, make_node
from tests.gen_support import FIXTURE_SKILLS, drain, make_registry, material, submit_material

pytestmark = pytest.mark.usefixtures("offline_provider")


def homes(db, goal_id: int) -> list[tuple[str, str | None]]:
    with db.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text(
                    "SELECT c.front, n.title FROM cards c LEFT JOIN skill_nodes n "
                    "ON n.id = c.node_id WHERE c.goal_id = :g ORDER BY c.id"
                ),
                {"g": goal_id},
            )
        ]


def subtree(db, goal_id: int, title: str) -> set[str]:
    with db.engine.connect() as conn:
        return set(
            conn.execute(
                text(
                    "WITH RECURSIVE t AS (SELECT id, title FROM skill_nodes WHERE goal_id = :g "
                    "AND title = :t UNION ALL SELECT n.id, n.title FROM skill_nodes n "
                    "JOIN t ON n.parent_id = t.id) SELECT title FROM t"
                ),
                {"g": goal_id, "t": title},
            ).scalars()
        )


def add_cards(db, profile_id: int, goal_id: int, cards: list[tuple[str, str]]) -> list[int]:
    return [make_card(db, profile_id, goal_id, front, back) for front, back in cards]


def test_material_before_any_tree_first_makes_the_tree_and_every_card_has_a_skill(
    db, profile, registry, runner, clock
) -> None:
    goal = goals.create_goal(db, profile.id, "TCP congestion control")
    job = submit_material(db, profile.id, goal.id, registry, clock).job
    drain(runner, clock)
    result = store.get_job(db, profile.id, job.id).result
    assert result["created"] == 12 and len(result["node_ids"]) == 4
    tree = goals.skill_tree(db, profile.id, goal.id)
    assert [n.title for n in tree] == FIXTURE_SKILLS
    placed = dict(homes(db, goal.id))
    assert None not in placed.values()
    # each card sits under the section it came from (its heading, or a sub-heading's parent)
    assert placed["What is slow start?"] in {"Slow start", "The congestion window"}
    assert placed["What is a retransmission timeout?"] in subtree(db, goal.id, "Detecting loss")


def test_regenerating_the_tree_moves_every_card_to_the_closest_new_skill(
    db, profile, registry, runner, clock
) -> None:
    """Issue 9 defect 4: after a regeneration no card has lost its skill."""
    goal = goals.create_goal(db, profile.id, "TCP congestion control")
    submit_material(db, profile.id, goal.id, registry, clock)
    drain(runner, clock)
    before = dict(homes(db, goal.id))
    new_outline = (
        "# Loss\n\nA retransmission timeout is a timer that fires when an acknowledgement is "
        "late, and fast retransmit resends a segment after duplicate acknowledgements.\n\n"
        "# Growth of the window\n\nSlow start and congestion avoidance are the phases in "
        "which the congestion window grows, exponentially and then additively.\n\n"
        "# History\n\nVan Jacobson proposed the algorithms after the congestion collapse of "
        "1986, and CUBIC is the default in Linux today.\n"
    )
    job = generation.submit_skill_tree(
        db,
        profile.id,
        goal.id,
        material=material(new_outline, "outline.md"),
        registry=registry,
        clock=clock,
    ).job
    drain(runner, clock)
    result = store.get_job(db, profile.id, job.id).result
    after = dict(homes(db, goal.id))
    assert set(after) == set(before) and None not in after.values()
    assert result["cards_moved"] == len(before)
    # Issue 18: a regeneration reads all of the goal's material, the notes given before too,
    # each material's headings in turn.
    assert [n.title for n in goals.skill_tree(db, profile.id, goal.id)] == [
        *FIXTURE_SKILLS,
        "Loss",
        "Growth of the window",
        "History",
    ]
    # each card under the skill of the section it came from
    # under "Detecting loss", in the skill of the term its sentence defines
    assert after["What is a retransmission timeout?"] == "Retransmission timeout"
    assert after["What is slow start?"] == "Slow start"


def test_cards_without_a_skill_are_homed_by_the_service(db, profile, other_profile) -> None:
    goal = goals.create_goal(db, profile.id, "Networking")
    for title, description in (
        ("Congestion control", "How TCP senders avoid overloading the network"),
        ("Name resolution", "How DNS turns host names into addresses"),
    ):
        make_node(db, goal.id, title, description=description)
    ids = add_cards(
        db,
        profile.id,
        goal.id,
        [
            ("Which record maps a host name to an IPv6 address?", "AAAA"),
            ("What does a sender halve after a loss?", "Its congestion window"),
        ],
    )
    with pytest.raises(NotFound):
        assign_to_nearest_nodes(db, other_profile.id, goal.id)
    assert assign_to_nearest_nodes(db, profile.id, goal.id, card_ids=[ids[0]]) == 1
    assert assign_to_nearest_nodes(db, profile.id, goal.id) == 1
    assert assign_to_nearest_nodes(db, profile.id, goal.id) == 0
    assert dict(homes(db, goal.id)) == {
        "Which record maps a host name to an IPv6 address?": "Name resolution",
        "What does a sender halve after a loss?": "Congestion control",
    }


class SameCard:
    """A provider whose every card job returns the issue's duplicate, after both jobs have
    reached the provider (so both passed the vector check before either committed)."""

    name = "scripted"

    def __init__(self, barrier: threading.Barrier) -> None:
        self.barrier = barrier

    def cards(self, request):
        self.barrier.wait(timeout=30)
        card = CardDraft(
            "What is the minimum receive buffer of a TCP socket?",
            "One system page",
            "basic",
        )
        return CardSet((card,), "scripted")

    def skill_tree(self, request):
        return OfflineProvider().skill_tree(request)

    def distractors(self, request):  # pragma: no cover - not used here
        raise NotImplementedError


@pytest.mark.slow
def test_two_parts_running_at_once_never_both_add_the_same_card(db, profile, tmp_path, clock):
    barrier = threading.Barrier(2)
    registry = make_registry(tmp_path / "v", provider_factory=lambda _s: SameCard(barrier))
    goal = goals.create_goal(db, profile.id, "Linux TCP")
    node = make_node(db, goal.id, "Buffers")
    jobs = [
        generation.submit_cards(
            db, profile.id, goal.id, node_id=node, count=i + 1, registry=registry, clock=clock
        ).job
        for i in range(2)
    ]
    runner = Runner(db, registry, threads=2, clock=clock).start(listen=False)
    try:
        claimed = runner.claim()
        assert {j.id for j in claimed} == {j.id for j in jobs}
        threads = [threading.Thread(target=runner.execute, args=(j,)) for j in claimed]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        runner.shutdown(grace=0)
    results = [store.get_job(db, profile.id, j.id).result for j in jobs]
    assert sorted(r["created"] for r in results) == [0, 1]
    assert len(homes(db, goal.id)) == 1
    late = next(r for r in results if r["created"] == 0)
    assert late["skipped_duplicates"] == 1
    assert (
        late["summary"] == "0 made, 1 rejected: 1 a near-duplicate of a card another part just made"
    )


def test_choices_come_from_the_cards_own_goal(db, profile, registry, runner, clock) -> None:
    """With two goals in a profile, no option may come from the other goal."""
    tcp = goals.create_goal(db, profile.id, "TCP")
    dns = goals.create_goal(db, profile.id, "DNS")
    tcp_cards = [
        ("Which phase doubles the window every round trip?", "Slow start"),
        ("Which phase grows the window by one segment per round trip?", "Congestion avoidance"),
        ("What follows fast retransmit?", "Fast recovery"),
        ("What resends a segment after three duplicate ACKs?", "Fast retransmit"),
    ]
    dns_cards = [
        ("Which record holds an IPv4 address?", "Address record"),
        ("Which record names a mail server?", "Mail exchanger"),
        ("Which record is an alias?", "Canonical name"),
    ]
    [card_id, *_] = add_cards(db, profile.id, tcp.id, tcp_cards)
    add_cards(db, profile.id, dns.id, dns_cards)
    job = generation.submit_distractors(db, profile.id, card_id, registry=registry, clock=clock).job
    drain(runner, clock)
    final = store.get_job(db, profile.id, job.id)
    assert final.status == "completed", final.error
    assert set(final.result["options"]) == {
        "Congestion avoidance",
        "Fast recovery",
        "Fast retransmit",
    }


def test_a_merge_replans_the_cards_without_a_skill_and_those_under_a_skill_that_goes(
    db, profile
) -> None:
    goal = make_goal(db, profile.id)
    loss = make_node(db, goal, "Detecting loss")
    timeout = make_node(db, goal, "Retransmission timeout", parent_id=loss)
    kept = make_node(db, goal, "Slow start", position=1)
    deep = make_card(db, profile.id, goal, "What is an RTO?", "A timer", timeout, source_quote="s")
    on_loss = make_card(db, profile.id, goal, "How is loss seen?", "Duplicate ACKs", loss)
    make_card(db, profile.id, goal, "What is slow start?", "Exponential growth", kept)
    loose = make_card(db, profile.id, goal, "What is cwnd?", "The congestion window")
    with db.session() as session:
        planned = cards_to_replan(session, goal, ["Slow start"], ["Detecting loss"])
        nothing_goes = cards_to_replan(session, goal, ["Slow start"], [])
    assert [c[0] for c in planned] == sorted([deep, on_loss, loose])
    assert dict((c[0], c[3]) for c in planned)[deep] == "s"
    assert [c[0] for c in nothing_goes] == [loose]
