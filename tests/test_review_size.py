"""What a review costs on disk: the state before it (for undo) as a blob of about 50 bytes
(69 from migration 9 to 10), existing profiles converted and shrunk by migration 9, and every
state read back exactly. The comparison with Anki is in test_log_size.py."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizdeck.model import Card, Kind, Mode, Rating
from quizdeck.scheduler import Memory, State
from quizdeck.store import Store
from quizdeck.store import before as kept_state
from quizdeck.store.migrations import APPLICATION_ID, MIGRATIONS
from quizdeck.store.rows import CardState

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)
CARDS = [
    Card("deck", f"card-{n}", Kind.TEXT, f"Question {n}?", (f"answer {n}",)) for n in range(50)
]
#: A review's share of the file, with its indexes and sums: about 570 bytes with the state
#: before it as JSON, 290 until migration 11; Anki's revlog takes about 70.
BYTES_PER_REVIEW = 160


def answer(store: Store, card: Card, when: datetime, right: bool = True) -> int:
    return store.record_review(
        card, mode=Mode.START, given="answer" if right else "no idea", correct=right,
        score=float(right), rating=Rating.GOOD if right else Rating.AGAIN, duration_ms=4000,
        now=when,
    ).review_id  # fmt: skip


def used_bytes(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        db.execute("VACUUM")
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        return int(pages * db.execute("PRAGMA page_size").fetchone()[0])
    finally:
        db.close()


def test_a_review_takes_a_few_hundred_bytes(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    Store.open(path).close()
    empty = used_bytes(path)
    reviews = 2000
    with Store.open(path) as store:
        for number in range(reviews):
            answer(
                store, CARDS[number % len(CARDS)], NOW + timedelta(minutes=number), number % 7 > 0
            )
        kept = store.database.connection.execute(
            "SELECT length(before), count(*) FROM reviews GROUP BY 1 ORDER BY 1"
        ).fetchall()
    assert kept[0] == (0, len(CARDS))  # new cards: nothing before
    assert sum(count for _, count in kept) == reviews and kept[-1][0] <= 52
    assert (used_bytes(path) - empty) / reviews <= BYTES_PER_REVIEW


def test_undo_after_many_reviews_restores_each_state_exactly(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.sqlite3") as store:
        states = []
        for number in range(30):
            card = CARDS[number % 3]
            states.append(store.card_state(*card.key))
            answer(store, card, NOW + timedelta(hours=number), number % 4 > 0)
            if number == 10:
                store.bury(*card.key, NOW + timedelta(days=40))
        for expected in reversed(states):
            undone = store.undo_last()
            assert undone is not None
            assert store.card_state(undone.deck, undone.card) == expected


times = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(9000, 1, 1), timezones=st.just(timezone.utc)
)
memories = st.builds(
    Memory,
    st.sampled_from(State),
    st.none() | st.integers(0, 30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(allow_nan=False, allow_infinity=False),
    times,
    times,
)
states = st.builds(
    CardState,
    st.just("deck"),
    st.just("card"),
    st.none() | memories,
    st.integers(0, 2**31 - 1),
    st.integers(0, 2**31 - 1),
    st.booleans(),
    st.none() | times,
    st.none() | st.text("0123456789abcdef", min_size=16, max_size=16) | st.text(max_size=20),
    st.booleans(),
    st.none() | times,
)


@given(st.none() | states)
def test_a_kept_state_reads_back_exactly(state: CardState | None) -> None:
    kept = kept_state.encode(state)
    assert kept_state.decode(kept, ("deck", "card")) == state
    if isinstance(kept, bytes) and state is not None:
        assert kept[0] == 2  # the current format


def test_a_kept_state_that_cannot_be_read_is_a_store_error(tmp_path: Path) -> None:
    from quizdeck.errors import StoreError

    with Store.open(tmp_path / "p.sqlite3") as store:
        answer(store, CARDS[0], NOW)
        answer(store, CARDS[0], NOW + timedelta(days=1))
        store.database.connection.execute("UPDATE reviews SET before = x'0102' WHERE id = 2")
        with pytest.raises(StoreError, match=r"review 2 .* cannot be read"):
            store.undo_last()


def test_migration_9_compacts_existing_states_and_shrinks_the_file(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    for migration in MIGRATIONS[:8]:
        migration(db)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    memory = Memory(State.REVIEW, None, 12.5, 5.25, NOW, NOW - timedelta(days=3))
    old = CardState("deck", "card-1", memory, 3, 1, False, None, "0123456789abcdef", False, NOW)
    rows = [
        (NOW.isoformat(), "deck", f"card-{n % 500}", json.dumps(old.to_dict())) for n in range(3000)
    ]
    rows.append((NOW.isoformat(), "deck", "odd", '{"deck": "deck", "card": "odd", "reps": 1}'))
    rows.append((NOW.isoformat(), "deck", "torn", "{not json"))
    db.executemany(
        "INSERT INTO reviews (time, deck, card, mode, given, correct, score, rating, "
        "duration_ms, state_before, before) VALUES (?, ?, ?, 'start', 'a', 1, 1.0, 3, 900, 2, ?)",
        rows,
    )
    db.execute("PRAGMA user_version = 8")
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    size = path.stat().st_size
    with Store.open(path) as store:
        kinds = dict(
            store.database.connection.execute(
                "SELECT card, typeof(before) FROM reviews WHERE card IN ('card-1', 'odd', 'torn') "
                "GROUP BY card"
            ).fetchall()
        )
        assert kinds == {"card-1": "blob", "odd": "blob", "torn": "text"}  # unreadable: kept
        store.database.connection.execute("DELETE FROM reviews WHERE card = 'torn'")
        undone = store.undo_last()
        assert undone is not None and undone.card == "odd"
        assert store.card_state("deck", "odd") == CardState("deck", "odd", reps=1)
        while (undone := store.undo_last()) is not None and undone.card != "card-1":
            pass
        assert store.card_state("deck", "card-1") == old
    assert path.stat().st_size < size / 2
