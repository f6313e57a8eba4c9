"""Per-card review tallies kept by triggers: always equal to counting the review log, whatever
writes to it (answers, amendments, undo, reset, a hand edit), and built from an old log."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from quizdeck.store import Store
from quizdeck.store.migrations import MIGRATIONS, migrate

START = datetime(2026, 3, 1, 9, tzinfo=timezone.utc)


def counted(db: sqlite3.Connection) -> dict[tuple[str, str], tuple[int, int]]:
    rows = db.execute(
        "SELECT deck, card, count(*), sum(correct != 0) FROM reviews GROUP BY deck, card"
    )
    return {(deck, card): (n, right) for deck, card, n, right in rows}


def kept(db: sqlite3.Connection) -> dict[tuple[str, str], tuple[int, int]]:
    rows = db.execute("SELECT deck, card, reviews, correct FROM review_tallies WHERE reviews > 0")
    return {(deck, card): (n, right) for deck, card, n, right in rows}


def insert(db: sqlite3.Connection, number: int, deck: str, card: str, correct: int) -> None:
    db.execute(
        "INSERT INTO reviews (time, deck, card, mode, given, correct, score, rating, duration_ms) "
        "VALUES (?, ?, ?, 'practice', '', ?, 1.0, 3, 0)",
        ((START + timedelta(minutes=number)).isoformat(), deck, card, correct),
    )


def test_tallies_follow_every_change_to_the_log(tmp_path: Path) -> None:
    rng = random.Random(4)
    with Store.open(tmp_path / "p.sqlite3") as store:
        db = store.database.connection
        for number in range(400):
            insert(db, number, rng.choice("ab"), f"c{rng.randrange(12)}", rng.randrange(2))
            action = rng.random()
            if action < 0.2:
                db.execute("DELETE FROM reviews WHERE id = (SELECT min(id) FROM reviews)")
            elif action < 0.4:
                db.execute(
                    "UPDATE reviews SET correct = 1 - correct WHERE id % 7 = ?", (number % 7,)
                )
            elif action < 0.45:
                db.execute("UPDATE reviews SET card = 'moved' WHERE id = ?", (number,))
            elif action < 0.47:
                db.execute("DELETE FROM reviews WHERE deck = 'a'")
            assert kept(db) == counted(db), number


def test_an_old_log_is_tallied_when_the_database_is_upgraded(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "old.sqlite3", isolation_level=None)
    db.execute("BEGIN")
    for number in range(3):
        MIGRATIONS[number](db)
    for number in range(50):
        insert(db, number, "d", f"c{number % 5}", number % 3 == 0)
    migrate(db, 3)
    db.execute("COMMIT")
    assert kept(db) == counted(db) and len(kept(db)) == 5
    db.close()


def test_store_answers_undo_and_reset_keep_tallies_true(tmp_path: Path) -> None:
    from quizdeck.model import Card, Kind, Mode, Rating

    cards = [Card("d", f"c{n}", Kind.TEXT, f"Q{n}?", ("A",)) for n in range(4)]
    with Store.open(tmp_path / "p.sqlite3") as store:
        for number in range(20):
            card = cards[number % 4]
            store.record_review(
                card, mode=Mode.START, given="A", correct=number % 3 != 0, score=1.0,
                rating=Rating.GOOD, duration_ms=10, now=START + timedelta(hours=number),
            )  # fmt: skip
        assert kept(store.database.connection) == counted(store.database.connection)
        store.undo_last()
        assert kept(store.database.connection) == counted(store.database.connection)
        store.reset("d")
        assert kept(store.database.connection) == counted(store.database.connection) == {}


#: ``review_hours`` counted from the log: hours since 1970 UTC (since migration 11).
HOURLY = (
    "SELECT CAST(strftime('%s', time) AS INTEGER) / 3600, deck, count(*), sum(correct != 0), "
    "sum(mode = 'start' AND state_before IS 2), "
    "sum(mode = 'start' AND state_before IS 2 AND rating > 1) FROM reviews GROUP BY 1, 2"
)


def hours_counted(db: sqlite3.Connection) -> dict[tuple[int, str], tuple[int, ...]]:
    return {(hour, deck): tuple(sums) for hour, deck, *sums in db.execute(HOURLY)}


def hours_kept(db: sqlite3.Connection) -> dict[tuple[int, str], tuple[int, ...]]:
    rows = db.execute(
        "SELECT hour, deck, reviews, correct, learned, kept FROM review_hours WHERE reviews > 0"
    )
    return {(hour, deck): tuple(sums) for hour, deck, *sums in rows}


def test_hourly_sums_follow_every_change_to_the_log(tmp_path: Path) -> None:
    rng = random.Random(7)
    with Store.open(tmp_path / "p.sqlite3") as store:
        db = store.database.connection
        for number in range(400):
            db.execute(
                "INSERT INTO reviews (time, deck, card, mode, given, correct, score, rating, "
                "duration_ms, state_before) VALUES (?, ?, 'c', ?, '', ?, 1.0, ?, 0, ?)",
                (
                    (START + timedelta(minutes=17 * number)).isoformat(),
                    rng.choice("ab"),
                    rng.choice(("start", "start", "practice")),
                    rng.randrange(2),
                    rng.randint(1, 4),
                    rng.choice((None, 0, 1, 2, 2)),
                ),
            )
            action = rng.random()
            if action < 0.15:
                db.execute("DELETE FROM reviews WHERE id = (SELECT min(id) FROM reviews)")
            elif action < 0.3:
                db.execute("UPDATE reviews SET rating = 1 WHERE id % 5 = ?", (number % 5,))
            elif action < 0.35:
                db.execute(
                    "UPDATE reviews SET time = ? WHERE id = (SELECT max(id) FROM reviews)",
                    ((START - timedelta(hours=number)).isoformat(),),
                )
            elif action < 0.4:
                db.execute(
                    "UPDATE reviews SET mode = iif(mode = 'start', 'exam', 'start') WHERE id = "
                    "(SELECT min(id) FROM reviews WHERE state_before IS 2)"
                )
            elif action < 0.44:
                db.execute("UPDATE reviews SET deck = 'b' WHERE id = (SELECT min(id) FROM reviews)")
            elif action < 0.46:
                db.execute("DELETE FROM reviews WHERE deck = 'a'")
            assert hours_kept(db) == hours_counted(db), number


def test_an_old_log_is_summed_per_hour_when_the_database_is_upgraded(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "old.sqlite3", isolation_level=None)
    db.execute("BEGIN")
    for number in range(5):
        MIGRATIONS[number](db)
    for number in range(50):
        insert(db, number * 7, "d", f"c{number % 5}", number % 3 == 0)
    migrate(db, 5)
    db.execute("COMMIT")
    assert hours_kept(db) == hours_counted(db) and len(hours_kept(db)) == 6
    db.close()
