"""quiz sync: devices of one student agree after syncing both ways, whatever they did."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from quizdeck.model import Mode, Rating
from sync_devices import START, Device, cards


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shared = tmp_path / "shared"
    shared.mkdir()
    return shared


def devices(tmp_path: Path, count: int) -> tuple[list[Device], str]:
    """``count`` devices; the student is the first one's."""
    made = [Device(tmp_path / f"device{number}") for number in range(count)]
    with made[0].store() as store:
        student = store.identity()
    for device in made[1:]:
        with device.store() as store:
            store.set_setting("new_per_day", "20")  # a setting made before joining
    return made, student


def join_all(made: list[Device], student: str, folder: Path) -> None:
    made[0].sync(folder)
    for device in made[1:]:
        device.sync(folder, join=student)


def both_ways(made: list[Device], folder: Path) -> None:
    for _ in range(2):
        for device in made:
            device.sync(folder)


def same_views(made: list[Device]) -> None:
    later = max(device.clock for device in made) + timedelta(days=3)
    first, *others = (device.views(later) for device in made)
    for other in others:
        assert other == first


def test_two_devices_studying_apart_then_syncing_agree(tmp_path: Path, folder: Path) -> None:
    (home, laptop), student = devices(tmp_path, 2)
    deck = cards()
    join_all([home, laptop], student, folder)
    home.answer(deck[0], Rating.GOOD)
    home.answer(deck[1], Rating.AGAIN)
    laptop.tick(30)
    laptop.answer(deck[2], Rating.EASY)
    laptop.answer(deck[0], Rating.HARD)  # the same card as home, later
    home.answer(deck[3], Rating.GOOD, mode=Mode.PRACTICE)
    both_ways([home, laptop], folder)
    assert len(home.history()) == 5
    same_views([home, laptop])


def test_take_backs_amendments_and_flags_travel(tmp_path: Path, folder: Path) -> None:
    (home, laptop), student = devices(tmp_path, 2)
    deck = cards()
    join_all([home, laptop], student, folder)
    first = home.answer(deck[0], Rating.AGAIN)
    home.amend(first, Rating.GOOD)  # "I was right"
    wrong = home.answer(deck[1], Rating.GOOD)
    assert home.take_back(wrong)
    with laptop.store() as store:
        store.suspend(deck[4].deck_id, deck[4].id)
        store.bury(deck[5].deck_id, deck[5].id, START + timedelta(days=1))
        store.set_setting("desired_retention", "0.85")
    laptop.tick(30)
    laptop.answer(deck[2], Rating.GOOD)
    both_ways([home, laptop], folder)
    history = home.history()
    assert [row["card"] for row in history] == [deck[0].id, deck[2].id]
    assert history[0]["claimed_right"] is True
    with home.store() as store:
        assert store.get_setting("desired_retention") == "0.85"
        state = store.card_state(deck[4].deck_id, deck[4].id)
        assert state is not None and state.suspended
    same_views([home, laptop])


def test_a_profile_with_its_own_history_merges_it_when_joining(
    tmp_path: Path, folder: Path
) -> None:
    (home, laptop), student = devices(tmp_path, 2)
    deck = cards()
    home.answer(deck[0], Rating.GOOD)
    laptop.answer(deck[0], Rating.GOOD)  # before laptop knew of home
    laptop.answer(deck[1], Rating.AGAIN)
    home.sync(folder)
    laptop.sync(folder, join=student)
    home.sync(folder)
    assert len(home.history()) == 3
    same_views([home, laptop])


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 0, 2, 1), (0, 2, 0, 1, 2)])
def test_three_devices_agree_whatever_order_they_sync_in(
    tmp_path: Path, folder: Path, order: tuple[int, ...]
) -> None:
    made, student = devices(tmp_path, 3)
    deck = cards()
    join_all(made, student, folder)
    for index, device in enumerate(made):
        device.tick(index * 7)
        device.answer(deck[index], Rating.GOOD)
        device.answer(deck[5], Rating(1 + index))  # all three study one card
    for index in order:
        made[index].sync(folder)
    both_ways(made, folder)
    same_views(made)


def test_a_clock_behind_still_agrees(tmp_path: Path, folder: Path) -> None:
    (home, laptop), student = devices(tmp_path, 2)
    deck = cards()
    join_all([home, laptop], student, folder)
    home.answer(deck[0], Rating.GOOD)
    home.sync(folder)
    laptop.sync(folder)
    laptop.clock = START - timedelta(hours=5)  # laptop's clock is behind
    laptop.answer(deck[0], Rating.AGAIN)
    laptop.answer(deck[1], Rating.GOOD)
    both_ways([home, laptop], folder)
    assert [row["id"] for row in home.history()] == [1, 2, 3]
    same_views([home, laptop])


def test_syncing_twice_changes_nothing(tmp_path: Path, folder: Path) -> None:
    (home, laptop), student = devices(tmp_path, 2)
    join_all([home, laptop], student, folder)
    home.answer(cards()[0], Rating.GOOD)
    both_ways([home, laptop], folder)
    again = laptop.sync(folder)
    assert (again.sent, again.received) == (0, 0)


def test_an_answer_event_costs_a_few_bytes_beside_its_review(tmp_path: Path) -> None:
    """Issue 29: the event log adds at most ~25 bytes a review (an answer's event is its id,
    kind and review; the review log holds the rest), before and after a sync, so the profile
    stays within twice Anki's bytes a review (tests/test_log_size.py)."""
    import sqlite3

    device, shared = Device(tmp_path / "device"), tmp_path / "shared"
    shared.mkdir()
    answers = 2000
    with device.store() as store:
        for number in range(answers):
            card = cards()[number % len(cards())]
            store.record_review(
                card, mode=Mode.START, given="an answer", correct=True, score=1.0,
                rating=Rating.GOOD, duration_ms=4000, now=device.tick(),
            )  # fmt: skip

    def event_bytes() -> float:
        db = sqlite3.connect(device.home / "profiles" / "default.sqlite3")
        try:
            db.execute("VACUUM")
            used = db.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name IN "
                "(SELECT name FROM sqlite_schema WHERE tbl_name = 'events')"
            ).fetchone()[0]
            return int(used) / answers
        finally:
            db.close()

    recorded = event_bytes()
    device.sync(shared)
    assert recorded <= 25, f"{recorded:.1f} bytes an answer"
    assert event_bytes() <= 25, f"{event_bytes():.1f} bytes an answer after a sync"
