"""The decks' cards indexed beside their schedules (tables ``deck_cards`` and
``deck_digests``, see migration 5), so that what is new or due is an indexed query.

A deck is indexed again only when its digest changes: once after each edit of the
deck, in every profile that uses it. Triggers on ``cards`` keep each row's ``new``
flag right whatever writes a schedule, and indexing marks the schedules of cards the
deck no longer has (``cards.gone``, migration 6), so counting due cards needs no join.
A read-only profile gets the index, and a copy of the schedules, in its connection's
temporary schema instead, which shadows the file's tables.
"""

from __future__ import annotations

import json
import sqlite3

from quizdeck.decks.scope import Scope, ScopeDeck
from quizdeck.session.siblings import GOLDEN, MASK
from quizdeck.store.database import Database
from quizdeck.store.migrations import DECK_INDEX, NOT_IN_DECK, TAG_TALLIES


class DeckIndex:
    """Keeps the index of the decks' cards up to date."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def update(self, scope: Scope) -> None:
        """Index every deck of ``scope`` whose cards changed since it was last indexed."""
        with self.database.errors():
            stale = _stale(self.database.connection, scope.decks)
        if not stale:
            return
        if self.database.read_only:
            self._index_in_memory(stale)
            return
        with self.database.write() as db:
            for deck in _stale(db, stale):  # again: another quiz may have done it meanwhile
                _store(db, deck)
        # Indexing a large deck leaves a large WAL: checkpoint it before the session starts.
        with self.database.errors():
            self.database.checkpointer.settle(self.database.connection)

    def _index_in_memory(self, decks: list[ScopeDeck]) -> None:
        connection = self.database.connection
        with self.database.errors():
            if not connection.execute(
                "SELECT 1 FROM temp.sqlite_master WHERE name = 'deck_cards'"
            ).fetchone():
                # The schedules too, so that their ``gone`` flags can follow the decks.
                schedules = connection.execute(
                    "SELECT sql FROM main.sqlite_master WHERE tbl_name = 'cards' "
                    "AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type DESC"
                ).fetchall()
                for statement in (*DECK_INDEX, TAG_TALLIES, *(sql for (sql,) in schedules)):
                    connection.execute(
                        statement.replace("CREATE TABLE ", "CREATE TEMP TABLE ").replace(
                            "CREATE INDEX ", "CREATE INDEX temp."
                        )
                    )
                connection.execute("INSERT INTO temp.cards SELECT * FROM main.cards")
            connection.execute("BEGIN")
            try:
                for deck in decks:
                    _store(connection, deck)
            finally:
                connection.execute("COMMIT")


def _stale(db: sqlite3.Connection, decks: list[ScopeDeck]) -> list[ScopeDeck]:
    if not decks:
        return []
    known = dict(
        db.execute(
            "SELECT deck, digest FROM deck_digests WHERE deck IN (SELECT value FROM json_each(?))",
            (json.dumps([deck.deck_id for deck in decks]),),
        ).fetchall()
    )
    return [deck for deck in decks if known.get(deck.deck_id) != deck.digest]


def _store(db: sqlite3.Connection, deck: ScopeDeck) -> None:
    """Replace the index rows of ``deck`` (the caller holds a transaction)."""
    deck_id = deck.deck_id
    db.execute("DELETE FROM deck_cards WHERE deck = ?", (deck_id,))
    db.executemany(
        "INSERT OR REPLACE INTO deck_cards VALUES (?, ?, ?, ?, ?, ?, ?, 1, 0)",
        (
            (deck_id, card_id, position, (position * GOLDEN) & MASK, fact, content_hash, tags)
            for position, (card_id, fact, content_hash, tags) in enumerate(deck.index_rows())
        ),
    )
    db.execute(
        "UPDATE deck_cards SET new = 0 WHERE deck = ?1 AND card IN "
        "(SELECT card FROM cards WHERE deck = ?1 AND state IS NOT NULL)",
        (deck_id,),
    )
    db.execute(
        f"UPDATE cards SET gone = {NOT_IN_DECK} WHERE deck = ? AND gone != {NOT_IN_DECK}",
        (deck_id,),
    )
    db.execute(
        "UPDATE deck_cards SET changed = 1 WHERE deck = ? AND EXISTS (SELECT 1 FROM cards c "
        "WHERE c.deck = deck_cards.deck AND c.card = deck_cards.card "
        "AND coalesce(c.content_hash, '') NOT IN ('', deck_cards.content_hash))",
        (deck_id,),
    )
    db.execute("DELETE FROM tag_tallies WHERE deck = ?", (deck_id,))
    db.execute(
        "INSERT INTO tag_tallies SELECT k.deck, tag.value, sum(t.reviews), sum(t.correct) "
        "FROM deck_cards k CROSS JOIN json_each(k.tags) tag "
        "JOIN review_tallies t ON t.deck = k.deck AND t.card = k.card "
        "WHERE k.deck = ? GROUP BY tag.value",
        (deck_id,),
    )
    db.execute("INSERT OR REPLACE INTO deck_digests VALUES (?, ?)", (deck_id, deck.digest))
