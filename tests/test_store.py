"""The progress store: scheduling through it, limits, days, undo, migrations and safety."""

from __future__ import annotations

import io
import json
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from conftest import read_only
from quizdeck.clock import iso
from quizdeck.decks.scope import Scope
from quizdeck.errors import StoreError
from quizdeck.model import Card, Kind, Mode, Rating, Recorded
from quizdeck.scheduler import State
from quizdeck.settings import SettingError
from quizdeck.store import Store
from quizdeck.store.database import _error_message
from quizdeck.store.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from quizdeck.store.rows import CardState

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)  # a Monday, noon UTC


def make_cards(count: int, deck: str = "d", tags: tuple[str, ...] = ()) -> list[Card]:
    return [
        Card(deck, f"c{i:03d}", Kind.TEXT, f"Question {i}?", (f"answer {i}",), tags=tags)
        for i in range(count)
    ]


def answer(
    store: Store,
    card: Card,
    rating: Rating = Rating.GOOD,
    now: datetime = NOW,
    mode: Mode = Mode.START,
) -> Recorded:
    correct = rating != Rating.AGAIN
    return store.record_review(
        card,
        mode=mode,
        given="typed",
        correct=correct,
        score=1.0 if correct else 0.0,
        rating=rating,
        duration_ms=1500,
        now=now,
    )


def learn(store: Store, card: Card, now: datetime = NOW) -> datetime:
    """Take a new card through its learning steps; returns when it is next due."""
    due = answer(store, card, Rating.GOOD, now).due
    assert due is not None
    due = answer(store, card, Rating.GOOD, due).due
    assert due is not None
    return due


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "profiles" / "test.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path, tz=timezone.utc) as opened:
        yield opened


def ids(cards: list[Card]) -> list[str]:
    return [card.id for card in cards]


# ----------------------------------------------------------------------------- opening


def test_open_creates_folders_and_a_wal_database(db_path: Path, store: Store) -> None:
    assert db_path.exists()
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert store.schema_version == SCHEMA_VERSION
    db.close()


def test_for_profile_uses_the_data_dir_and_checks_the_name(quiz_home: Path) -> None:
    with Store.for_profile("alice") as store:
        assert store.path == quiz_home / "profiles" / "alice.sqlite3"
    with pytest.raises(StoreError, match="invalid profile name"):
        Store.for_profile("../evil")


def test_a_corrupt_file_is_reported_and_left_alone(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    garbage = bytes(random.Random(3).randrange(256) for _ in range(8192))
    db_path.write_bytes(garbage)
    with pytest.raises(StoreError, match="is not a quiz database or is corrupt"):
        Store.open(db_path)
    assert db_path.read_bytes() == garbage
    assert not Path(f"{db_path}-wal").exists()


def test_damaged_pages_give_a_store_error_not_a_traceback(db_path: Path) -> None:
    with Store.open(db_path, tz=timezone.utc) as store:
        for card in make_cards(300):
            answer(store, card)
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data), page):
        data[offset : offset + 64] = b"\xff" * 64
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="corrupt"), Store.open(db_path, tz=timezone.utc) as store:
        store.build_queue(Scope.of_cards(make_cards(300)), NOW)
        store.stats(Scope.of_cards(make_cards(300)), NOW)


def test_another_programs_database_is_refused(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    other = sqlite3.connect(db_path)
    other.execute("CREATE TABLE notes (text TEXT)")
    other.commit()
    other.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="not a quiz database"):
        Store.open(db_path)
    assert db_path.read_bytes() == before


def test_a_database_from_a_newer_quiz_is_refused(db_path: Path, store: Store) -> None:
    store.close()
    db = sqlite3.connect(db_path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer quiz"):
        Store.open(db_path)


def test_an_unusable_data_dir_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create"):
        Store.open(blocker / "profiles" / "x.sqlite3")
    folder = tmp_path / "folder.sqlite3"
    folder.mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(folder)


def test_a_read_only_data_dir_is_a_store_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    with read_only(folder), pytest.raises(StoreError):
        Store.open(folder / "x.sqlite3")


def test_a_full_disk_is_a_store_error_and_nothing_half_written(db_path: Path, store: Store) -> None:
    cards = make_cards(50)
    answer(store, cards[0])
    pages = store.database.connection.execute("PRAGMA page_count").fetchone()[0]
    store.database.connection.execute(
        f"PRAGMA max_page_count = {pages}"
    )  # the file may not grow: "disk full"
    with pytest.raises(StoreError, match="disk is full"):
        for card in cards[1:]:
            answer(store, card, now=NOW + timedelta(seconds=1))
    saved = store.counts()
    assert 1 <= saved[1] < 50  # what was committed is still there and readable
    store.close()
    check_consistent(db_path)


def test_sqlite_errors_become_one_line_messages(tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite3"
    Store.open(path).close()
    read_only = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.Error) as caught:
        read_only.execute("DELETE FROM reviews")
    read_only.close()
    assert _error_message(caught.value, path) == (
        f"cannot save progress: {path} or its folder is read-only"
    )
    busy = sqlite3.OperationalError("database is locked")
    assert "busy" in _error_message(busy, path)


# ----------------------------------------------------------------------------- migrations


def database_at(path: Path, version: int) -> None:
    """A database as quiz left it at schema ``version``, with some progress in it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    for migration in MIGRATIONS[:version]:
        migration(db)
    if version:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        # Tables as version 1 made them; a migration that changes them adds a branch here.
        db.execute(
            "INSERT INTO cards (deck, card, state, step, stability, difficulty, due, "
            "last_review, reps, first_seen) VALUES ('d', 'c000', 1, 1, 2.3, 2.1, ?, ?, 1, ?)",
            (iso(NOW + timedelta(minutes=10)), iso(NOW), iso(NOW)),
        )
        db.execute(
            "INSERT INTO reviews (time, deck, card, mode, given, correct, score, rating, "
            "duration_ms, state_before, before) "
            "VALUES (?, 'd', 'c000', 'start', 'a', 1, 1.0, 3, 900, NULL, 'null')",
            (iso(NOW),),
        )
        db.execute("INSERT INTO settings (key, value) VALUES ('new_per_day', '7')")
    db.execute(f"PRAGMA user_version = {version}")
    db.execute("COMMIT")
    db.close()


def schema(path: Path) -> list[tuple[str, str]]:
    db = sqlite3.connect(path)
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    db.close()
    return rows


@pytest.mark.parametrize("version", range(SCHEMA_VERSION + 1))
def test_migrating_from_every_past_version(tmp_path: Path, version: int) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    Store.open(fresh).close()
    old = tmp_path / "old.sqlite3"
    database_at(old, version)
    cards = make_cards(3)
    with Store.open(old, tz=timezone.utc) as store:
        assert store.schema_version == SCHEMA_VERSION
        if version:  # the progress made before the upgrade is all there
            state = store.card_state("d", "c000")
            assert state is not None and state.reps == 1 and state.memory is not None
            assert [row.given for row in store.history()] == ["a"]
            assert store.settings().new_per_day == 7
            assert store.stats(Scope.of_cards(cards), NOW).total.reviews == 1
        answer(store, cards[1], Rating.AGAIN)
        store.suspend("d", "c002")
    assert schema(old) == schema(fresh)
    with Store.open(old, tz=timezone.utc) as store:  # opening again changes nothing
        assert store.schema_version == SCHEMA_VERSION
        queue = store.build_queue(Scope.of_cards(cards), NOW + timedelta(minutes=30))
        assert ids(queue) == ["c001", "c000"]  # c000: due in learning, or new at version 0
        undone = store.undo_last()
        assert undone is not None and undone.card == "c001"
        assert store.card_state("d", "c001") is None


def test_migrations_are_numbered_functions() -> None:
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 1
    assert all(callable(migration) and migration.__doc__ for migration in MIGRATIONS)


# ----------------------------------------------------------------------------- scheduling


def test_a_right_answer_moves_the_card_out_by_days(store: Store) -> None:
    card = make_cards(1)[0]
    due = learn(store, card)
    assert due - NOW >= timedelta(days=1)
    state = store.card_state("d", "c000")
    assert state is not None and state.memory is not None
    assert state.memory.state is State.REVIEW
    assert state.reps == 2 and state.lapses == 0
    assert state.first_seen == NOW
    assert state.content_hash == card.content_hash()
    assert store.build_queue(Scope.of_cards([card]), NOW + timedelta(hours=2)) == []
    assert store.build_queue(Scope.of_cards([card]), due) == [card]


def test_a_wrong_answer_comes_back_within_minutes(store: Store) -> None:
    card = make_cards(1)[0]
    due = learn(store, card)
    recorded = answer(store, card, Rating.AGAIN, due)
    assert recorded.due is not None
    assert recorded.due - due <= timedelta(minutes=10)
    state = store.card_state("d", "c000")
    assert state is not None and state.memory is not None
    assert state.memory.state is State.RELEARNING
    assert state.lapses == 1
    assert store.build_queue(Scope.of_cards([card]), due + timedelta(minutes=10)) == [card]


def test_practice_and_exam_are_logged_but_do_not_move_the_schedule(store: Store) -> None:
    cards = make_cards(2)
    learn(store, cards[0])
    before = store.card_state("d", "c000")
    for mode in (Mode.PRACTICE, Mode.EXAM):
        recorded = answer(store, cards[0], Rating.AGAIN, NOW + timedelta(hours=1), mode)
        assert recorded.due is None
        assert answer(store, cards[1], Rating.GOOD, NOW, mode).due is None
    assert store.card_state("d", "c000") == before
    assert store.card_state("d", "c001") is None
    modes = [row.mode for row in store.history()]
    assert modes == [Mode.START, Mode.START, Mode.PRACTICE, Mode.PRACTICE, Mode.EXAM, Mode.EXAM]
    assert ids(store.build_queue(Scope.of_cards(cards), NOW + timedelta(hours=2))) == ["c001"]


def test_the_log_keeps_what_was_typed(store: Store) -> None:
    card = make_cards(1)[0]
    store.record_review(
        card,
        mode=Mode.START,
        given="Bagdad ✓",
        correct=True,
        score=0.9,
        rating=Rating.HARD,
        duration_ms=4321,
        now=NOW,
    )
    (row,) = store.history()
    assert (row.deck, row.card, row.given, row.correct, row.score) == (
        "d",
        "c000",
        "Bagdad ✓",
        True,
        0.9,
    )
    assert (row.rating, row.duration_ms, row.time, row.state_before) == (
        Rating.HARD,
        4321,
        NOW,
        None,
    )


def test_amend_reschedules_from_the_state_before(store: Store) -> None:
    card = make_cards(1)[0]
    wrong = answer(store, card, Rating.AGAIN)
    assert wrong.due == NOW + timedelta(minutes=1)
    later = NOW + timedelta(seconds=20)
    amended = store.amend_review(
        wrong.review_id, correct=True, score=1.0, rating=Rating.GOOD, now=later
    )
    assert amended.review_id == wrong.review_id
    assert amended.due == NOW + timedelta(minutes=10)
    state = store.card_state("d", "c000")
    assert state is not None and state.reps == 1 and state.memory is not None
    assert state.memory.last_review == NOW
    (row,) = store.history()
    assert (row.correct, row.rating, row.amended_at) == (True, Rating.GOOD, later)
    easy = store.amend_review(
        wrong.review_id, correct=True, score=1.0, rating=Rating.EASY, now=later
    )
    assert easy.due is not None and easy.due - NOW >= timedelta(days=1)


def test_only_the_latest_start_review_of_a_card_can_be_amended(store: Store) -> None:
    card = make_cards(1)[0]
    first = answer(store, card)
    answer(store, card, Rating.GOOD, NOW + timedelta(minutes=10))
    with pytest.raises(StoreError, match="only the latest"):
        store.amend_review(first.review_id, correct=False, score=0, rating=Rating.AGAIN, now=NOW)
    with pytest.raises(StoreError, match="no review #999"):
        store.amend_review(999, correct=False, score=0, rating=Rating.AGAIN, now=NOW)


def test_amending_a_practice_review_only_changes_the_log(store: Store) -> None:
    card = make_cards(1)[0]
    practice = answer(store, card, Rating.AGAIN, mode=Mode.PRACTICE)
    recorded = store.amend_review(
        practice.review_id, correct=True, score=1.0, rating=Rating.GOOD, now=NOW
    )
    assert recorded.due is None
    assert store.card_state("d", "c000") is None
    assert store.history()[0].correct is True


def test_leeches_are_tagged_or_suspended(store: Store) -> None:
    store.set_setting("leech_threshold", "2")
    tagged, suspended = make_cards(2)
    for card in (tagged, suspended):
        if card is suspended:
            store.set_setting("leech_action", "suspend")
        due = learn(store, card)
        flags = []
        for _ in range(2):
            flags.append(answer(store, card, Rating.AGAIN, due).leech)
            due = learn(store, card, due)
        assert flags == [False, True]
    first, second = store.card_state("d", "c000"), store.card_state("d", "c001")
    assert first is not None and first.leech and not first.suspended and first.lapses == 2
    assert second is not None and second.leech and second.suspended
    stats = store.stats(Scope.of_cards([tagged, suspended]), NOW + timedelta(days=30))
    assert [(entry.card, entry.suspended) for entry in stats.leeches] == [
        ("c000", False),
        ("c001", True),
    ]


# ----------------------------------------------------------------------------- the queue


def test_queue_puts_due_cards_first_in_due_order_then_new_spread(store: Store) -> None:
    cards = make_cards(6)
    answer(store, cards[3], Rating.GOOD, NOW)  # due +10 min
    answer(store, cards[4], Rating.AGAIN, NOW)  # due +1 min
    queue = store.build_queue(Scope.of_cards(cards), NOW + timedelta(minutes=15))
    # New cards spread over the deck (golden-ratio order of places): 0, 5, 2, 1.
    assert ids(queue) == ["c004", "c003", "c000", "c005", "c002", "c001"]
    assert ids(store.build_queue(Scope.of_cards(cards), NOW + timedelta(minutes=5))) == [
        "c004",
        "c000",
        "c005",
        "c002",
        "c001",
    ]


def test_new_cards_are_limited_per_day_and_by_the_caller(store: Store) -> None:
    store.set_setting("new_per_day", "3")
    cards = make_cards(10)
    assert ids(store.build_queue(Scope.of_cards(cards), NOW)) == ["c000", "c005", "c002"]  # spread
    assert ids(store.build_queue(Scope.of_cards(cards), NOW, new_limit=2)) == ["c000", "c005"]
    assert store.build_queue(Scope.of_cards(cards), NOW, new_limit=0) == []
    for card in (cards[0], cards[5]):
        answer(store, card)
    queue = store.build_queue(Scope.of_cards(cards), NOW + timedelta(minutes=1))
    assert ids(queue) == ["c002"]
    answer(store, cards[7])
    assert store.build_queue(Scope.of_cards(cards), NOW + timedelta(minutes=2)) == []
    tomorrow = NOW + timedelta(days=1)
    assert ids(store.build_queue(Scope.of_cards(cards), tomorrow))[-3:] == ["c002", "c004", "c009"]


def test_reviews_are_limited_but_learning_cards_are_not(store: Store) -> None:
    store.set_setting("reviews_per_day", "3")
    store.set_setting("new_per_day", "0")
    cards = make_cards(8)
    for card in cards[:6]:
        learn(store, card, NOW - timedelta(days=40))
    answer(store, cards[6], Rating.GOOD, NOW - timedelta(days=40))  # still learning
    queue = store.build_queue(Scope.of_cards(cards), NOW)
    assert len(queue) == 4 and "c006" in ids(queue)
    assert len(store.build_queue(Scope.of_cards(cards), NOW, review_limit=1)) == 2
    reviewed = [card for card in queue if card.id != "c006"][:2]
    for card in reviewed:
        answer(store, card, Rating.GOOD, NOW)
    queue = store.build_queue(Scope.of_cards(cards), NOW + timedelta(minutes=1))
    assert len(queue) == 2  # c006 and one review left of three
    assert "c006" in ids(queue)


def test_suspended_and_buried_cards_stay_out(store: Store) -> None:
    cards = make_cards(4)
    due = learn(store, cards[0])
    store.suspend("d", "c000")
    store.suspend("d", "c001")
    until = store.next_day_start(NOW)
    store.bury("d", "c002", until)
    assert ids(store.build_queue(Scope.of_cards(cards), NOW)) == ["c003"]
    assert ids(store.build_queue(Scope.of_cards(cards), until)) == ["c002", "c003"]
    assert store.unsuspend("d", "c001") is True
    assert store.unsuspend("d", "c001") is False
    assert store.card_state("d", "c001") is None  # nothing left to remember
    assert ids(store.build_queue(Scope.of_cards(cards), until)) == ["c002", "c001", "c003"]
    store.unsuspend("d", "c000")
    assert ids(store.build_queue(Scope.of_cards(cards), due))[0] == "c000"


def test_next_due_is_the_earliest_among_the_cards(store: Store) -> None:
    cards = make_cards(3)
    assert store.next_due(Scope.of_cards(cards), NOW) is None
    answer(store, cards[0], Rating.GOOD)
    answer(store, cards[1], Rating.AGAIN)
    assert store.next_due(Scope.of_cards(cards), NOW) == NOW + timedelta(minutes=1)
    assert store.next_due(Scope.of_cards(cards[:1]), NOW) == NOW + timedelta(minutes=10)
    store.suspend("d", "c001")
    assert store.next_due(Scope.of_cards(cards), NOW) == NOW + timedelta(minutes=10)


def test_a_review_written_by_another_connection_is_seen(db_path: Path, store: Store) -> None:
    cards = make_cards(5)
    assert ids(store.build_queue(Scope.of_cards(cards), NOW))[:1] == ["c000"]
    with Store.open(db_path, tz=timezone.utc) as other:
        learn(other, cards[0])
    assert "c000" not in ids(store.build_queue(Scope.of_cards(cards), NOW + timedelta(hours=1)))


def test_cards_of_other_decks_do_not_use_up_the_review_limit(store: Store) -> None:
    store.set_setting("new_per_day", "0")
    mine, others = make_cards(3, "mine"), make_cards(120, "other")
    for card in [*others, *mine]:
        learn(store, card, NOW - timedelta(days=60))
    queue = store.build_queue(Scope.of_cards(mine), NOW)
    assert sorted(ids(queue)) == ["c000", "c001", "c002"]


# ----------------------------------------------------------------------------- days


def test_the_study_day_starts_at_4_am_local(store: Store) -> None:
    local = timezone(timedelta(hours=-5))
    store.database.tz = local
    store.set_setting("new_per_day", "1")
    cards = make_cards(3)
    late = datetime(2025, 3, 10, 23, 30, tzinfo=local)
    answer(store, cards[0], Rating.EASY, late)
    assert store.day_start(late) == datetime(2025, 3, 10, 4, tzinfo=local)
    before_four = datetime(2025, 3, 11, 3, 59, tzinfo=local)
    assert store.build_queue(Scope.of_cards(cards), before_four) == []  # still the same study day
    at_four = datetime(2025, 3, 11, 4, 0, tzinfo=local)
    assert store.next_day_start(late) == at_four
    assert ids(store.build_queue(Scope.of_cards(cards), at_four)) == ["c002"]
    store.set_setting("day_starts_at_hour", "0")
    assert ids(store.build_queue(Scope.of_cards(cards), before_four)) == ["c002"]


@pytest.fixture
def tokyo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_without_a_zone_the_system_local_time_is_used(db_path: Path, tokyo: None) -> None:
    with Store.open(db_path) as store:
        # 19:30 UTC is 04:30 the next morning in Tokyo: a new study day.
        evening = datetime(2025, 3, 10, 19, 30, tzinfo=timezone.utc)
        assert store.day_start(evening) == datetime(2025, 3, 10, 19, 0, tzinfo=timezone.utc)
        assert store.study_date(evening).isoformat() == "2025-03-11"
        earlier = datetime(2025, 3, 10, 18, 59, tzinfo=timezone.utc)
        assert store.study_date(earlier).isoformat() == "2025-03-10"


# ----------------------------------------------------------------------------- undo


def test_undo_restores_the_card_exactly_and_is_repeatable(store: Store) -> None:
    card = make_cards(1)[0]
    snapshots: list[CardState | None] = [store.card_state("d", "c000")]
    when = NOW
    for rating in (Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.HARD):
        recorded = answer(store, card, rating, when)
        snapshots.append(store.card_state("d", "c000"))
        assert recorded.due is not None
        when = recorded.due
    answer(store, card, Rating.GOOD, when, Mode.PRACTICE)
    undone = store.undo_last()
    assert undone is not None and undone.mode is Mode.PRACTICE
    assert store.card_state("d", "c000") == snapshots[-1]
    while len(snapshots) > 1:
        snapshots.pop()
        row = store.undo_last()
        assert row is not None and row.card == "c000"
        assert store.card_state("d", "c000") == snapshots[-1]
    assert store.undo_last() is None
    assert store.history() == []
    assert store.build_queue(Scope.of_cards([card]), NOW) == [card]


def test_undo_gives_back_todays_new_card_allowance(store: Store) -> None:
    store.set_setting("new_per_day", "1")
    cards = make_cards(2)
    answer(store, cards[0])
    assert ids(store.build_queue(Scope.of_cards(cards), NOW + timedelta(minutes=1))) == []
    store.undo_last()
    assert ids(store.build_queue(Scope.of_cards(cards), NOW + timedelta(minutes=1))) == ["c000"]


def test_undo_brings_back_a_card_suspended_as_a_leech(store: Store) -> None:
    store.set_setting("leech_threshold", "1")
    store.set_setting("leech_action", "suspend")
    card = make_cards(1)[0]
    due = learn(store, card)
    before = store.card_state("d", "c000")
    assert answer(store, card, Rating.AGAIN, due).leech
    store.undo_last()
    assert store.card_state("d", "c000") == before


# ----------------------------------------------------------------------------- settings


def test_settings_have_defaults_and_are_validated(store: Store) -> None:
    settings = store.settings()
    assert settings.desired_retention == 0.9
    assert (settings.new_per_day, settings.reviews_per_day) == (20, 200)
    assert (settings.day_starts_at_hour, settings.leech_threshold) == (4, 8)
    assert settings.leech_action == "tag"
    assert store.get_setting("learning_steps") == "1m 10m"
    assert store.set_setting("learning_steps", "30s, 5m 1h") == "30s 5m 1h"
    assert store.settings().learning_steps == (
        timedelta(seconds=30),
        timedelta(minutes=5),
        timedelta(hours=1),
    )
    assert store.set_setting("desired_retention", "0.85") == "0.85"
    assert store.set_setting("leech_action", "Suspend") == "suspend"
    for key, value in (
        ("desired_retention", "1.5"),
        ("desired_retention", "lots"),
        ("new_per_day", "-1"),
        ("new_per_day", "2.5"),
        ("day_starts_at_hour", "24"),
        ("leech_action", "delete"),
        ("learning_steps", "10 parsecs"),
        ("learning_steps", "99999999999999999999d"),  # once an OverflowError
        ("learning_steps", "1e999m"),
        ("relearning_steps", "999999999d"),
        ("desired_retention", "nan"),
        ("new_per_day", "1" + "0" * 5000),
    ):
        with pytest.raises(SettingError, match=f"invalid value for {key}"):
            store.set_setting(key, value)
    with pytest.raises(SettingError, match="unknown setting 'colour'"):
        store.set_setting("colour", "red")
    with pytest.raises(SettingError, match="unknown setting"):
        store.get_setting("colour")
    assert store.settings().desired_retention == 0.85


def test_learning_steps_setting_drives_the_scheduler(store: Store) -> None:
    store.set_setting("learning_steps", "3m")
    recorded = answer(store, make_cards(1)[0], Rating.AGAIN)
    assert recorded.due == NOW + timedelta(minutes=3)


# ----------------------------------------------------------------------------- managing


def test_reset_forgets_one_deck_or_everything(store: Store) -> None:
    first, second = make_cards(2, "one"), make_cards(2, "two")
    for card in [*first, *second]:
        answer(store, card)
    assert store.counts() == (4, 4)
    assert store.reset("one") == (2, 2)
    assert store.counts("one") == (0, 0) and store.counts("two") == (2, 2)
    assert ids(store.build_queue(Scope.of_cards(first), NOW)) == ["c000", "c001"]
    assert store.reset() == (2, 2)
    assert store.counts() == (0, 0)


def test_orphans_are_found_and_pruned(store: Store) -> None:
    cards = make_cards(3)
    for card in cards:
        answer(store, card)
    gone = Card("old", "x", Kind.TEXT, "?", ("!",))
    answer(store, gone, mode=Mode.PRACTICE)
    known = {card.key for card in cards[:2]}
    orphans = store.orphans(known)
    assert [(o.deck, o.card, o.reviews, o.state) for o in orphans] == [
        ("d", "c002", 1, "learning"),
        ("old", "x", 1, "new"),
    ]
    assert orphans[0].last_review == NOW
    assert store.prune([(o.deck, o.card) for o in orphans]) == 2
    assert store.orphans(known) == []
    assert store.counts() == (2, 2)


def test_due_summary_counts_and_forecast(store: Store) -> None:
    store.set_setting("new_per_day", "2")
    cards = make_cards(6)
    learn(store, cards[0], NOW - timedelta(days=30))  # long overdue
    answer(store, cards[1], Rating.AGAIN, NOW)  # learning, due in a minute
    answer(store, cards[2], Rating.EASY, NOW)  # review, due in days
    store.suspend("d", "c003")
    summary = store.due_summary(Scope.of_cards(cards), NOW)
    (deck,) = summary.decks
    assert (deck.deck, deck.new, deck.learning, deck.suspended) == ("d", 2, 1, 1)
    assert (deck.due_now, deck.due_later_today) == (1, 1)
    assert summary.new_today == 0  # c001 and c002 were today's two new cards
    assert len(summary.forecast) == 14
    assert summary.forecast[0] == (NOW.date(), 2)
    assert sum(count for _, count in summary.forecast) == 3
    assert summary.next_due is not None and summary.next_due < NOW
    data = summary.to_dict()
    assert data["decks"][0]["new"] == 2 and data["forecast"][0]["due"] == 2


def test_an_edited_card_keeps_its_progress_and_is_flagged(store: Store) -> None:
    card = make_cards(1)[0]
    learn(store, card)
    edited = Card("d", "c000", Kind.TEXT, "Question 0, reworded?", ("answer 0",))
    summary = store.due_summary(Scope.of_cards([edited]), NOW)
    assert summary.changed == [("d", "c000")]
    assert summary.decks[0].new == 0
    state = store.card_state("d", "c000")
    assert state is not None and state.reps == 2


def test_stats_per_day_retention_streak_decks_tags_and_weakest(store: Store) -> None:
    geo = make_cards(2, "geo", tags=("places",))
    dates = make_cards(1, "hist", tags=("dates",))
    for offset in (3, 2, 1, 0):
        day = NOW - timedelta(days=offset)
        for card in geo:
            answer(store, card, Rating.GOOD, day, Mode.PRACTICE)
        answer(store, dates[0], Rating.AGAIN if offset % 2 else Rating.GOOD, day, Mode.EXAM)
    due = learn(store, geo[0], NOW - timedelta(days=20))
    answer(store, geo[0], Rating.AGAIN, due)
    due = learn(store, geo[1], NOW - timedelta(days=20))
    answer(store, geo[1], Rating.GOOD, due)
    stats = store.stats(Scope.of_cards([*geo, *dates]), NOW, days=30)
    assert [day.isoformat() for day, _ in stats.days][-1] == "2025-03-10"
    assert stats.days[-1][1].reviews == 3
    assert stats.streak == 4 and stats.studied_today
    assert (stats.true_retention.reviews, stats.true_retention.correct) == (2, 1)
    assert stats.per_deck["hist"].accuracy == 0.5
    assert stats.per_tag["dates"].reviews == 4
    assert stats.per_tag["places"].reviews == 8 + 6
    assert [entry.card for entry in stats.weakest] == ["c000", "c000"]
    assert stats.weakest[0].deck == "hist"
    only = store.stats(Scope.of_cards([*geo, *dates]), NOW, decks={"hist"})
    assert set(only.per_deck) == {"hist"} and only.total.reviews == 4
    json.dumps(stats.to_dict())


def test_a_streak_survives_until_today_is_over(store: Store) -> None:
    card = make_cards(1)[0]
    for offset in (3, 2, 1):
        answer(store, card, Rating.GOOD, NOW - timedelta(days=offset), Mode.PRACTICE)
    stats = store.stats(Scope.of_cards([card]), NOW)
    assert (stats.streak, stats.studied_today) == (3, False)
    assert store.stats(Scope.of_cards([card]), NOW + timedelta(days=2)).streak == 0


def test_history_filters_and_limits(store: Store) -> None:
    cards = [*make_cards(2, "a"), *make_cards(1, "b")]
    for minute, card in enumerate(cards * 2):
        answer(store, card, Rating.GOOD, NOW + timedelta(minutes=minute), Mode.PRACTICE)
    assert len(store.history()) == 6
    assert [row.card for row in store.history("a")] == ["c000", "c001"] * 2
    rows = store.history("a", "c001")
    assert [row.time for row in rows] == [NOW + timedelta(minutes=1), NOW + timedelta(minutes=4)]
    assert [row.deck for row in store.history(limit=2)] == ["a", "b"]
    data = rows[0].to_dict()
    assert {"deck", "card", "time", "mode", "given", "correct", "score", "rating"} <= set(data)
    assert data["time"] == "2025-03-10T12:01:00.000000+00:00"


def test_export_json_and_csv(store: Store) -> None:
    cards = make_cards(2)
    answer(store, cards[0])
    answer(store, cards[1], Rating.AGAIN, mode=Mode.EXAM)
    out = io.StringIO()
    assert store.export(out, "json", profile="alice", now=NOW) == 2
    data = json.loads(out.getvalue())
    assert (data["format"], data["version"], data["profile"]) == ("quiz-progress", 1, "alice")
    assert data["exported_at"].startswith("2025-03-10T12:00:00")
    assert [review["mode"] for review in data["reviews"]] == ["start", "exam"]
    assert data["reviews"][1]["correct"] is False
    assert data["reviews"] == [row.to_dict() for row in store.history()]
    assert [card["state"] for card in data["cards"]] == ["learning"]
    out = io.StringIO()
    store.export(out, "csv", profile="alice", now=NOW)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("id,time,deck,card,mode,given,correct,score,rating,duration_ms")
    assert len(lines) == 3 and ",exam," in lines[2] and ",false," in lines[2]
    empty = io.StringIO()
    store.reset()
    store.export(empty, "json", profile="alice", now=NOW)
    assert json.loads(empty.getvalue())["reviews"] == []
    with pytest.raises(StoreError, match="unknown export format"):
        store.export(empty, "xml", profile="alice", now=NOW)


# ----------------------------------------------------------------------------- safety

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timedelta, timezone
    from pathlib import Path
    from quizdeck.model import Card, Kind
    from quizdeck.model import Mode, Rating
    from quizdeck.store import Store

    path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    cards = [Card("d", f"c{i}", Kind.TEXT, "q", ("a",)) for i in range(10)]
    start = datetime(2025, 3, 10, 12, tzinfo=timezone.utc)
    with Store.open(path, tz=timezone.utc) as store:
        print("ready", flush=True)
        for i in range(count):
            card = cards[i % len(cards)]
            rating = (Rating.GOOD, Rating.AGAIN, Rating.HARD)[i % 3]
            recorded = store.record_review(
                card, mode=Mode.PRACTICE if i % 5 == 4 else Mode.START, given=f"{name}-{i}",
                correct=rating != Rating.AGAIN, score=1.0, rating=rating, duration_ms=10,
                now=start + timedelta(seconds=i),
            )
            print(recorded.review_id, flush=True)
    """
)


def writer(path: Path, name: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), name, str(count)],
        stdout=subprocess.PIPE,
        text=True,
    )


def check_consistent(path: Path) -> int:
    """The file is sound and every card's state agrees with its start reviews."""
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    reps = dict(db.execute("SELECT card, reps FROM cards").fetchall())
    logged = dict(
        db.execute("SELECT card, count(*) FROM reviews WHERE mode = 'start' GROUP BY card")
    )
    total = db.execute("SELECT count(*) FROM reviews").fetchone()[0]
    db.close()
    assert reps == logged
    return int(total)


def test_sigkill_mid_session_keeps_every_committed_review(db_path: Path) -> None:
    rng = random.Random(6)
    Store.open(db_path).close()
    committed: list[int] = []
    for _ in range(6):
        process = writer(db_path, "kill", 100_000)
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        for _ in range(rng.randint(1, 150)):
            committed.append(int(process.stdout.readline()))
        time.sleep(rng.uniform(0, 0.01))
        process.send_signal(signal.SIGKILL)
        committed += [int(line) for line in process.stdout.read().split()]
        process.wait()
        assert process.returncode == -signal.SIGKILL
    check_consistent(db_path)
    with Store.open(db_path) as store:
        stored = {row.id for row in store.history()}
    assert set(committed) <= stored
    assert len(stored) - len(committed) <= 6  # at most one unreported commit per kill


def test_two_sessions_at_once_keep_all_their_reviews(db_path: Path) -> None:
    Store.open(db_path).close()
    processes = [writer(db_path, name, 120) for name in ("left", "right")]
    outputs = [process.communicate(timeout=60)[0] for process in processes]
    assert [process.returncode for process in processes] == [0, 0]
    reported = [int(line) for output in outputs for line in output.split()[1:]]
    assert len(reported) == len(set(reported)) == 240
    assert check_consistent(db_path) == 240
    with Store.open(db_path) as store:
        givens = {row.given for row in store.history()}
    assert {f"{name}-{i}" for name in ("left", "right") for i in range(120)} == givens
