"""The card browser's queries (services/browser.py) and the grade preview (services/study.py),
against real PostgreSQL, the real FSRS scheduler and a real LanceDB store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import pytest
from sqlalchemy import text

from studyapp.errors import BadInput, NotFound
from studyapp.services import browser, cards, study
from studyapp.services.browser import CardFilter, Sort, Status
from studyapp.services.study import short_interval
from studyapp.vectors.store import open_store
from tests.factories import make_card, make_goal, make_node

T0 = datetime(2025, 3, 1, 9, tzinfo=UTC)


@pytest.fixture
def deck(db, profile):
    """Two goals; cards new, studied, lapsed, archived, hand-written and imported."""
    tcp = make_goal(db, profile.id, "TCP")
    dns = make_goal(db, profile.id, "DNS")
    basics = make_node(db, tcp, "Basics")
    window = make_node(db, tcp, "Window", parent_id=basics)
    loss = make_node(db, tcp, "Loss", position=1)
    ids = {
        "ack": make_card(db, profile.id, tcp, "What is an ACK?", "An acknowledgement", basics),
        "cwnd": make_card(db, profile.id, tcp, "What is cwnd?", "The congestion window", window),
        "rto": make_card(db, profile.id, tcp, "What is RTO?", "Retransmission timeout", loss),
        "pct": make_card(db, profile.id, tcp, "100% of what_?", "A literal % and _", None),
        "dns": make_card(db, profile.id, dns, "Port of DNS?", "53"),
        "old": make_card(db, profile.id, dns, "Archived one", "gone", archived=True),
        "imp": make_card(db, profile.id, dns, "Zone transfer?", "AXFR"),
    }
    with db.engine.begin() as conn:
        for key, maker in (("dns", "manual"), ("imp", "import"), ("pct", None)):
            conn.execute(
                text("UPDATE cards SET provider = :m WHERE id = :id"), {"m": maker, "id": ids[key]}
            )
    # cwnd: Good twice (in review); rto: Good, Good, then Again from Review (a lapse).
    for rating, days in ((3, 0), (3, 1)):
        study.record_review(db, profile.id, ids["cwnd"], rating, reviewed_at=T0 + timedelta(days))
    for rating, days in ((3, 0), (3, 1), (1, 30)):
        study.record_review(db, profile.id, ids["rto"], rating, reviewed_at=T0 + timedelta(days))
    study.record_review(db, profile.id, ids["ack"], 4, reviewed_at=T0)
    return {"g_tcp": tcp, "g_dns": dns, "basics": basics, "window": window, "loss": loss, **ids}


def find(db, profile, **kw):
    now = kw.pop("now", T0 + timedelta(days=400))
    return browser.find_ids(db, profile.id, CardFilter(**kw), now=now)


def test_status_filters(db, profile, deck) -> None:
    active = [deck[k] for k in ("ack", "cwnd", "rto", "pct", "dns", "imp")]
    assert find(db, profile) == active
    assert find(db, profile, status=Status.ALL) == sorted([*active, deck["old"]])
    assert find(db, profile, status=Status.ARCHIVED) == [deck["old"]]
    assert find(db, profile, status=Status.NEW) == [deck[k] for k in ("pct", "dns", "imp")]
    assert find(db, profile, status=Status.DUE) == [deck[k] for k in ("ack", "cwnd", "rto")]
    # The lapsed card (Again on day 30) is due again minutes after that, not before.
    assert deck["rto"] not in find(db, profile, status=Status.DUE, now=T0 + timedelta(days=30))
    later = T0 + timedelta(days=30, hours=1)
    assert deck["rto"] in find(db, profile, status=Status.DUE, now=later)


def test_goal_skill_and_maker_filters(db, profile, deck) -> None:
    assert find(db, profile, goal_id=deck["g_dns"]) == [deck["dns"], deck["imp"]]
    # A skill includes its descendants.
    assert find(db, profile, node_id=deck["basics"]) == [deck["ack"], deck["cwnd"]]
    assert find(db, profile, node_id=deck["window"]) == [deck["cwnd"]]
    assert find(db, profile, made_by="manual") == [deck["dns"]]
    assert find(db, profile, made_by="import") == [deck["imp"]]
    assert find(db, profile, made_by="test") == [deck[k] for k in ("ack", "cwnd", "rto")]
    assert find(db, profile, made_by="") == [deck["pct"]]  # made by no one known


def test_text_search_is_literal_and_needs_every_word(db, profile, deck) -> None:
    assert find(db, profile, text="what") == [deck[k] for k in ("ack", "cwnd", "rto", "pct")]
    assert find(db, profile, text="WHAT window") == [deck["cwnd"]]  # both words, any case
    assert find(db, profile, text="%") == [deck["pct"]]  # not a wildcard
    assert find(db, profile, text="what_") == [deck["pct"]]
    assert find(db, profile, text="ack acknowledgement") == [deck["ack"]]
    assert find(db, profile, text="nothing like this") == []
    with pytest.raises(BadInput):
        find(db, profile, text="a\x00b")
    with pytest.raises(BadInput):
        find(db, profile, text=" ".join(["w"] * 13))


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (Sort.FRONT, ["pct", "ack", "cwnd", "rto"]),
        (Sort.SKILL, ["ack", "rto", "cwnd", "pct"]),  # Basics, Loss, Window, none last
        (Sort.REVIEWS, ["pct", "ack", "cwnd", "rto"]),
        (Sort.LAPSES, ["ack", "cwnd", "pct", "rto"]),
        (Sort.STABILITY, None),
        (Sort.DIFFICULTY, None),
        (Sort.INTERVAL, None),
        (Sort.DUE, None),
    ],
)
def test_sorting_in_sql(db, profile, deck, sort: Sort, expected) -> None:
    ids = find(db, profile, goal_id=deck["g_tcp"], sort=sort)
    rows = {r.id: r for r in browser.card_rows(db, profile.id, ids)}
    if expected is not None:
        assert ids == [deck[k] for k in expected]
    key = {
        Sort.STABILITY: lambda r: r.stability,
        Sort.DIFFICULTY: lambda r: r.difficulty,
        Sort.INTERVAL: lambda r: r.interval,
        Sort.DUE: lambda r: r.due,
    }.get(sort)
    if key is not None:
        known = [i for i in ids if key(rows[i]) is not None]
        assert [key(rows[i]) for i in known] == sorted(key(rows[i]) for i in known)
        assert ids[: len(known)] == known  # unknown (new cards) last
    descending = find(db, profile, goal_id=deck["g_tcp"], sort=sort, descending=True)
    assert sorted(descending) == sorted(ids) and descending != ids


def test_goal_sort_and_made_by_sort(db, profile, deck) -> None:
    by_goal = find(db, profile, sort=Sort.GOAL)
    assert by_goal[:2] == [deck["dns"], deck["imp"]]  # "DNS" before "TCP"
    by_maker = find(db, profile, sort=Sort.MADE_BY)
    assert by_maker[:2] == [deck["imp"], deck["dns"]]  # import < manual < test < (none)
    assert by_maker[-1] == deck["pct"]


def test_rows_carry_what_the_columns_show(db, profile, deck) -> None:
    order = [deck["rto"], deck["pct"], 999_999, deck["cwnd"]]
    rows = browser.card_rows(db, profile.id, order)
    assert [r.id for r in rows] == [deck["rto"], deck["pct"], deck["cwnd"]]  # missing id left out
    rto, pct, cwnd = rows
    assert (rto.goal_title, rto.skill_title, rto.reviews, rto.lapses) == ("TCP", "Loss", 3, 1)
    assert (cwnd.skill_title, cwnd.reviews, cwnd.lapses, cwnd.is_new) == ("Window", 2, 0, False)
    assert cwnd.interval == cwnd.due - (T0 + timedelta(days=1))
    assert pct.is_new and pct.interval is None and pct.stability is None and pct.skill_title is None
    assert rto.stability is not None and rto.difficulty is not None


def test_another_learners_cards_are_invisible(db, profile, other_profile, deck) -> None:
    assert browser.find_ids(db, other_profile.id, CardFilter(status=Status.ALL)) == []
    assert browser.card_rows(db, other_profile.id, [deck["ack"]]) == []
    with pytest.raises(NotFound):
        browser.find_ids(db, other_profile.id, CardFilter(goal_id=deck["g_tcp"]))
    with pytest.raises(NotFound):
        browser.find_ids(db, other_profile.id, CardFilter(node_id=deck["basics"]))


def test_skill_and_filter_choices(db, profile, deck) -> None:
    skills = browser.skill_choices(db, profile.id)
    assert [(s.title, s.depth, s.path) for s in skills] == [
        ("Basics", 0, "Basics"),
        ("Window", 1, "Basics \u203a Window"),
        ("Loss", 0, "Loss"),
    ]
    assert browser.skill_choices(db, profile.id, deck["g_dns"]) == []
    choices = browser.filter_choices(db, profile.id)
    assert choices.goals == ((deck["g_tcp"], "TCP"), (deck["g_dns"], "DNS"))
    assert choices.made_by == ("import", "manual", "test", None)
    assert len(choices.skills) == 3


def test_semantic_search_keeps_the_ranking(db, profile, tmp_path: Path) -> None:
    goal = make_goal(db, profile.id, "Networks")
    other = make_goal(db, profile.id, "Cooking")
    ids = [
        make_card(db, profile.id, goal, f"Unrelated topic number {i}", f"filler {i}")
        for i in range(6)
    ]
    best = make_card(db, profile.id, goal, "slow start threshold", "ssthresh halves on loss")
    near = make_card(db, profile.id, goal, "slow start", "exponential growth of cwnd")
    make_card(db, profile.id, other, "slow start threshold", "in a kitchen?")
    store = open_store(tmp_path / "vectors")
    query = "slow start threshold"
    flt = CardFilter(text=query, semantic=True, goal_id=goal, sort=Sort.RELEVANCE)
    found = browser.search(db, profile.id, flt, store=store)
    expected = [
        info.id for info, _ in cards.search_cards(db, profile.id, query, goal_id=goal, store=store)
    ]
    assert found == expected[: len(found)] and len(found) == len(expected)
    assert found[0] == best and found.index(near) < found.index(ids[0])
    assert found != sorted(found)  # ranked, not in id order
    # Other filters narrow the hits without reordering them.
    study.record_review(db, profile.id, near, 3)
    new_only = browser.search(db, profile.id, replace(flt, status=Status.NEW), store=store)
    assert new_only == [i for i in found if i != near]
    # A column sort overrides the ranking.
    by_front = browser.search(db, profile.id, flt.sorted_by(Sort.FRONT), store=store)
    assert sorted(by_front) == sorted(found) and by_front != found


def test_relevance_needs_a_semantic_search(db, profile) -> None:
    with pytest.raises(BadInput):
        browser.find_ids(db, profile.id, CardFilter(sort=Sort.RELEVANCE))


# --- the grade preview -------------------------------------------------------------------------


def test_preview_is_what_each_grade_records(db, profile) -> None:
    goal = make_goal(db, profile.id)
    ids = [make_card(db, profile.id, goal, f"q{i}", f"a{i}") for i in range(4)]
    at = T0 + timedelta(days=2)
    for card in ids:  # every card: studied once, then again two days later
        study.record_review(db, profile.id, card, 3, reviewed_at=T0)
    preview = study.preview_intervals(db, profile.id, ids[0], now=at)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM reviews")).scalar_one() == 4  # none added
    for rating, card in zip((1, 2, 3, 4), ids, strict=True):
        result = study.record_review(db, profile.id, card, rating, reviewed_at=at)
        assert preview.interval(rating) == result.interval
    assert list(preview.intervals) == sorted(preview.intervals)
    assert len(set(preview.intervals)) == 4


def test_preview_of_a_new_card_matches_the_fsrs_package(db, profile) -> None:
    goal = make_goal(db, profile.id)
    card = make_card(db, profile.id, goal, "q", "a", created_at=T0)
    preview = study.preview_intervals(db, profile.id, card, now=T0)
    scheduler = fsrs.Scheduler(desired_retention=0.9, enable_fuzzing=False)
    fresh = fsrs.Card(card_id=card, due=T0)
    expected = tuple(scheduler.review_card(fresh, r, T0)[0].due - T0 for r in fsrs.Rating)
    assert preview.intervals == expected
    assert preview.labels()[:3] == ("1m", "6m", "10m")  # FSRS-6 learning steps 1m and 10m


def test_preview_refuses_another_learners_card(db, profile, other_profile) -> None:
    goal = make_goal(db, profile.id)
    card = make_card(db, profile.id, goal)
    with pytest.raises(NotFound):
        study.preview_intervals(db, other_profile.id, card)


@pytest.mark.parametrize(
    ("interval", "label"),
    [
        (timedelta(seconds=20), "<1m"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=6), "6m"),
        (timedelta(minutes=59, seconds=50), "1h"),
        (timedelta(hours=5), "5h"),
        (timedelta(hours=23, minutes=50), "1d"),
        (timedelta(days=4), "4d"),
        (timedelta(days=45), "1.5mo"),
        (timedelta(days=60), "2mo"),
        (timedelta(days=364), "1y"),
        (timedelta(days=500), "1.4y"),
    ],
)
def test_short_interval(interval: timedelta, label: str) -> None:
    assert short_interval(interval) == label
