"""Issue 26, the first design gap: a review card (an interval of a day or more) is due from the
start of its study day, as in Anki; learning cards keep their exact times. Existing schedules
move to their study days (migration 7)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

from quizdeck.clock import StudyDays, iso
from quizdeck.decks.scope import Scope
from quizdeck.model import Card, Kind, Mode, Rating
from quizdeck.scheduler import Memory, State
from quizdeck.store import Store
from quizdeck.store.migrations import MIGRATIONS, migrate
from quizdeck.store.rules import on_study_day

ZONE = timezone(timedelta(hours=2))
EVENING = datetime(2026, 3, 2, 20, 6, tzinfo=ZONE)


def card(card_id: str) -> Card:
    return Card(deck_id="d", id=card_id, kind=Kind.TEXT, prompt=f"{card_id}?", answers=("x",))


def memory(state: State, due: datetime) -> Memory:
    return Memory(state, None, 5.0, 5.0, due, EVENING)


def test_a_card_answered_at_20_06_is_due_at_the_day_start_its_interval_names() -> None:
    days = StudyDays(4, ZONE)
    tomorrow = on_study_day(memory(State.REVIEW, EVENING + timedelta(days=1)), EVENING, days)
    assert tomorrow.due == datetime(2026, 3, 3, 4, 0, tzinfo=ZONE)
    later = on_study_day(memory(State.REVIEW, EVENING + timedelta(days=6)), EVENING, days)
    assert later.due == datetime(2026, 3, 8, 4, 0, tzinfo=ZONE)


def test_after_midnight_before_the_day_starts_is_still_the_day_before() -> None:
    night = datetime(2026, 3, 3, 1, 30, tzinfo=ZONE)  # study day 2 March
    due = on_study_day(memory(State.REVIEW, night + timedelta(days=1)), night, StudyDays(4, ZONE))
    assert due.due == datetime(2026, 3, 3, 4, 0, tzinfo=ZONE)  # the next study day: 3 March


def test_learning_cards_keep_their_exact_times() -> None:
    step = memory(State.LEARNING, EVENING + timedelta(minutes=10))
    assert on_study_day(step, EVENING, StudyDays(4, ZONE)) == step
    again = memory(State.RELEARNING, EVENING + timedelta(minutes=10))
    assert on_study_day(again, EVENING, StudyDays(4, ZONE)) == again


def test_the_store_schedules_reviews_on_study_days(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db", tz=ZONE) as store:
        store.set_setting("day_starts_at_hour", "5")
        store.record_review(card("a"), mode=Mode.START, given="x", correct=True, score=1.0,
                            rating=Rating.EASY, duration_ms=0, now=EVENING)  # fmt: skip
        due = store.card_state("d", "a").due  # type: ignore[union-attr]
        assert due is not None and due.astimezone(ZONE).time() == time(5, 0)
        assert due.astimezone(ZONE).date() > EVENING.date()
        # The morning it is due, it is due from the day's start: not "later today".
        morning = due + timedelta(hours=4)
        summary = store.due_summary(Scope.of_cards([card("a")]), morning)
        assert sum(deck.due_now for deck in summary.decks) == 1


def test_reviews_due_on_one_day_are_shuffled_and_the_same_all_day(tmp_path: Path) -> None:
    cards = [card(f"c{n:02}") for n in range(30)]
    with Store.open(tmp_path / "p.db", tz=ZONE) as store:
        for each in cards:
            store.record_review(each, mode=Mode.START, given="x", correct=True, score=1.0,
                                rating=Rating.EASY, duration_ms=0, now=EVENING)  # fmt: skip
        states = [store.card_state("d", c.id) for c in cards]
        dues = {state.due for state in states if state is not None and state.due is not None}
        day = max(dues) + timedelta(hours=1)
        first = [c.id for c in store.build_queue(Scope.of_cards(cards), day)]
        again = [c.id for c in store.build_queue(Scope.of_cards(cards), day + timedelta(hours=3))]
    assert first == again and sorted(first) != first


def test_migration_7_moves_existing_reviews_to_their_study_days(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    migrate_to = 6  # the schema before migration 7
    for number in range(migrate_to):
        MIGRATIONS[number](db)
    days = StudyDays(4)  # the migration counts in local time, as the profile does
    last = datetime(2026, 3, 2, 18, 6, tzinfo=timezone.utc)
    rows = [("r", 2, last + timedelta(days=3)), ("l", 1, last + timedelta(minutes=10))]
    for card_id, state, due in rows:
        db.execute(
            "INSERT INTO cards (deck, card, state, step, stability, difficulty, due, "
            "last_review, reps) VALUES ('d', ?, ?, NULL, 5, 5, ?, ?, 1)",
            (card_id, state, iso(due), iso(last)),
        )
    db.execute(f"PRAGMA user_version = {migrate_to}")
    migrate(db, migrate_to)
    db.execute("COMMIT")
    moved = dict(db.execute("SELECT card, due FROM cards").fetchall())
    db.close()
    assert moved["r"] == iso(days.start(days.date_of(last) + timedelta(days=3)))
    assert moved["l"] == iso(last + timedelta(minutes=10))  # a learning card keeps its time
