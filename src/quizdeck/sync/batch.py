"""The stored side of many cards at once, for a merge that replays thousands of them: their
states, the time of their latest review, and saving what the replay worked out, each in a few
statements rather than some per card."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable

from quizdeck.store.log_rows import time_text
from quizdeck.store.rows import CARD_COLUMNS, CardState, Key, state_from_row, state_to_row


def _keys_table(db: sqlite3.Connection, keys: Iterable[Key]) -> None:
    db.execute("CREATE TEMP TABLE IF NOT EXISTS sync_batch (deck TEXT, card TEXT, "
               "PRIMARY KEY (deck, card)) WITHOUT ROWID")  # fmt: skip
    db.execute("DELETE FROM temp.sync_batch")
    db.executemany("INSERT OR IGNORE INTO temp.sync_batch VALUES (?, ?)", keys)


def states(db: sqlite3.Connection, keys: Collection[Key]) -> dict[Key, CardState]:
    """What is stored about each of the cards ``keys`` that has something stored."""
    _keys_table(db, keys)
    columns = ", ".join(f"c.{name.strip()}" for name in CARD_COLUMNS.split(","))
    found = {}
    for row in db.execute(
        f"SELECT {columns} FROM temp.sync_batch t JOIN cards c "
        "ON c.deck = t.deck AND c.card = t.card"
    ):
        state = state_from_row(row)
        found[(state.deck, state.card)] = state
    return found


def latest_reviews(db: sqlite3.Connection, keys: Collection[Key]) -> dict[Key, str]:
    """The time of the latest review of each of the cards ``keys`` that has one."""
    _keys_table(db, keys)
    return {
        (deck, card): time_text(latest)
        for deck, card, latest in db.execute(
            "SELECT k.deck, k.card, max(r.time) FROM temp.sync_batch t JOIN review_cards k "
            "ON k.deck = t.deck AND k.card = t.card JOIN review_log r ON r.subject = k.id "
            "GROUP BY k.deck, k.card"
        )
    }


def store_states(db: sqlite3.Connection, saved: list[CardState], removed: list[Key]) -> None:
    """Store the states ``saved`` as their cards' schedules; store nothing for ``removed``."""
    db.executemany(
        f"INSERT OR REPLACE INTO cards ({CARD_COLUMNS}) VALUES ({', '.join('?' * 15)})",
        [state_to_row(state) for state in saved],
    )
    db.executemany("DELETE FROM cards WHERE deck = ? AND card = ?", removed)
