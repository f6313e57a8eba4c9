"""The FSRS wrapper: intervals move the right way, our types round-trip, times stay UTC."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizdeck.clock import iso, parse_time
from quizdeck.model import Rating
from quizdeck.scheduler import Memory, Scheduler, SchedulerSettings, State, is_lapse

NOW = datetime(2025, 3, 1, 9, 30, tzinfo=timezone.utc)
EXACT = SchedulerSettings(fuzz=False)


def graduated(scheduler: Scheduler) -> Memory:
    """A card learned today: Good through both learning steps."""
    memory = scheduler.review(None, Rating.GOOD, NOW)
    return scheduler.review(memory, Rating.GOOD, memory.due)


def test_new_card_right_stays_in_learning_for_minutes() -> None:
    memory = Scheduler().review(None, Rating.GOOD, NOW)
    assert memory.state is State.LEARNING
    assert memory.due - NOW == timedelta(minutes=10)
    assert memory.last_review == NOW


def test_new_card_wrong_comes_back_within_a_minute() -> None:
    memory = Scheduler().review(None, Rating.AGAIN, NOW)
    assert memory.state is State.LEARNING
    assert memory.due - NOW == timedelta(minutes=1)


def test_right_answers_move_a_card_out_by_days() -> None:
    scheduler = Scheduler(EXACT)
    memory = graduated(scheduler)
    assert memory.state is State.REVIEW
    first = memory.due - memory.last_review
    assert first >= timedelta(days=1)
    later = scheduler.review(memory, Rating.GOOD, memory.due)
    assert later.due - later.last_review > first
    assert later.due - later.last_review >= timedelta(days=3)


def test_a_forgotten_review_card_comes_back_within_minutes() -> None:
    scheduler = Scheduler(EXACT)
    memory = graduated(scheduler)
    memory = scheduler.review(memory, Rating.GOOD, memory.due)
    forgotten = scheduler.review(memory, Rating.AGAIN, memory.due)
    assert forgotten.state is State.RELEARNING
    assert forgotten.due - forgotten.last_review <= timedelta(minutes=10)
    assert forgotten.stability < memory.stability
    assert is_lapse(memory, Rating.AGAIN)
    assert not is_lapse(memory, Rating.HARD)
    assert not is_lapse(None, Rating.AGAIN)


def test_easy_skips_learning_and_hard_is_shorter_than_good() -> None:
    scheduler = Scheduler(EXACT)
    assert scheduler.review(None, Rating.EASY, NOW).state is State.REVIEW
    memory = graduated(scheduler)
    hard = scheduler.review(memory, Rating.HARD, memory.due)
    good = scheduler.review(memory, Rating.GOOD, memory.due)
    easy = scheduler.review(memory, Rating.EASY, memory.due)
    assert hard.due <= good.due <= easy.due
    assert hard.due < easy.due


def test_higher_desired_retention_gives_shorter_intervals() -> None:
    relaxed = Scheduler(SchedulerSettings(desired_retention=0.8, fuzz=False))
    strict = Scheduler(SchedulerSettings(desired_retention=0.97, fuzz=False))
    memory = graduated(Scheduler(EXACT))
    assert (
        strict.review(memory, Rating.GOOD, memory.due).due
        < relaxed.review(memory, Rating.GOOD, memory.due).due
    )


def test_custom_steps_and_maximum_interval() -> None:
    steps = SchedulerSettings(
        learning_steps=(timedelta(minutes=5),), maximum_interval=2, fuzz=False
    )
    scheduler = Scheduler(steps)
    memory = scheduler.review(None, Rating.AGAIN, NOW)
    assert memory.due - NOW == timedelta(minutes=5)
    memory = scheduler.review(memory, Rating.EASY, memory.due)
    for _ in range(5):
        memory = scheduler.review(memory, Rating.EASY, memory.due)
        assert memory.due - memory.last_review <= timedelta(days=2)


def test_fuzz_stays_near_the_exact_interval() -> None:
    memory = graduated(Scheduler(EXACT))
    for _ in range(5):
        memory = Scheduler(EXACT).review(memory, Rating.EASY, memory.due)
    exact = Scheduler(EXACT).review(memory, Rating.GOOD, memory.due).due - memory.due
    fuzzed = {
        Scheduler().review(memory, Rating.GOOD, memory.due).due - memory.due for _ in range(40)
    }
    assert len(fuzzed) > 1
    assert all(abs(interval - exact) <= exact * 0.15 + timedelta(days=1) for interval in fuzzed)


def test_times_must_be_aware_and_come_back_in_utc() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Scheduler().review(None, Rating.GOOD, datetime(2025, 3, 1, 9, 30))
    paris = timezone(timedelta(hours=1))
    memory = Scheduler().review(None, Rating.GOOD, NOW.astimezone(paris))
    assert memory.last_review == NOW
    assert memory.due.tzinfo is timezone.utc


def test_memory_round_trips_through_a_dict() -> None:
    memory = graduated(Scheduler())
    data = memory.to_dict()
    assert data["state"] == int(State.REVIEW)
    assert data["due"].endswith("+00:00")
    assert Memory.from_dict(data) == memory
    with pytest.raises(ValueError):
        Memory.from_dict({**data, "due": None})


def test_iso_text_is_fixed_width_so_it_sorts_like_time() -> None:
    early, late = NOW, NOW + timedelta(microseconds=1)
    assert len(iso(early) or "") == len(iso(late) or "")
    assert (iso(early) or "") < (iso(late) or "")
    assert parse_time(iso(late)) == late
    assert parse_time(None) is None


ratings = st.sampled_from(list(Rating))
gaps = st.integers(min_value=0, max_value=400 * 24 * 60)  # minutes


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(ratings, gaps), min_size=1, max_size=25))
def test_any_review_sequence_gives_a_sane_memory(reviews: list[tuple[Rating, int]]) -> None:
    scheduler = Scheduler()
    memory: Memory | None = None
    now = NOW
    for rating, gap in reviews:
        now += timedelta(minutes=gap)
        memory = scheduler.review(memory, rating, now)
        assert memory.last_review == now
        assert memory.due > now
        assert memory.stability > 0
        assert 1.0 <= memory.difficulty <= 10.0
        assert (memory.step is None) == (memory.state is State.REVIEW)
        assert Memory.from_dict(memory.to_dict()) == memory
