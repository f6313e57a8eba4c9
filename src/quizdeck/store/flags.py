"""Managing stored cards: suspend, bury, reset, and progress of cards no deck has."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from datetime import datetime

from quizdeck.clock import iso
from quizdeck.store.database import Database
from quizdeck.store.log_schema import LOG_TABLES
from quizdeck.store.rows import STATE_NAMES, Key, Orphan, stored_moment

#: The reviews of the cards a ``WHERE`` clause on ``review_cards`` picks.
_OF_CARDS = "WHERE subject IN (SELECT id FROM review_cards {where})"


class CardFlags:
    """Managing stored cards: suspend, bury, reset, and progress of cards no deck has."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def suspend(self, deck: str, card: str) -> None:
        """Keep a card out of every queue until it is unsuspended."""
        self._upsert_flag(deck, card, "suspended", 1)

    def unsuspend(self, deck: str, card: str) -> bool:
        """Let a suspended card come back; False if it was not suspended."""
        with self.database.write() as db:
            changed = db.execute(
                "UPDATE cards SET suspended = 0 WHERE deck = ? AND card = ? AND suspended = 1",
                (deck, card),
            ).rowcount
            db.execute(
                "DELETE FROM cards WHERE deck = ? AND card = ? AND state IS NULL AND "
                "suspended = 0 AND buried_until IS NULL",
                (deck, card),
            )
        return bool(changed)

    def bury(self, deck: str, card: str, until: datetime) -> None:
        """Keep a card out of the queue until ``until`` (usually the next day start)."""
        self._upsert_flag(deck, card, "buried_until", iso(until))

    def _upsert_flag(self, deck: str, card: str, column: str, value: object) -> None:
        with self.database.write() as db:
            db.execute(
                f"INSERT INTO cards (deck, card, {column}) VALUES (?, ?, ?) "
                f"ON CONFLICT (deck, card) DO UPDATE SET {column} = excluded.{column}",
                (deck, card, value),
            )

    def counts(self, deck: str | None = None) -> tuple[int, int]:
        """How many card states and reviews are stored (for one deck, or all)."""
        where, params = ("WHERE deck = ?", (deck,)) if deck else ("", ())
        with self.database.read() as db:
            cards = db.execute(f"SELECT count(*) FROM cards {where}", params).fetchone()[0]
            reviews = db.execute(
                f"SELECT count(*) FROM review_log {_OF_CARDS.format(where=where) if deck else ''}",
                params,
            ).fetchone()[0]
        return int(cards), int(reviews)

    def reset(self, deck: str | None = None) -> tuple[int, int]:
        """Forget all progress (of one deck, or all): states and reviews; returns both counts."""
        where, params = ("WHERE deck = ?", (deck,)) if deck else ("", ())
        with self.database.write() as db:
            cards = db.execute(f"DELETE FROM cards {where}", params).rowcount
            reviews = db.execute(
                f"DELETE FROM review_log {_OF_CARDS.format(where=where) if deck else ''}", params
            ).rowcount
            db.execute(f"DELETE FROM review_cards {where}", params)
        return cards, reviews

    def orphans(self, known: Collection[Key]) -> list[Orphan]:
        """Stored progress for cards not in ``known`` (cards deleted or renamed in their deck)."""
        known = known if isinstance(known, (set, frozenset)) else set(known)
        with self.database.read() as db:
            rows = db.execute("SELECT deck, card, state FROM cards")
            states = {(deck, card): state for deck, card, state in rows}
            logged = set(
                db.execute(
                    "SELECT DISTINCT deck, card FROM review_cards k WHERE EXISTS "
                    "(SELECT 1 FROM review_log WHERE subject = k.id)"
                )
            )
            missing = sorted((states.keys() | logged) - known)
            counts = {
                (deck, card): (count, last)
                for deck, card, count, last in db.execute(
                    f"SELECT k.deck, k.card, count(*), max(r.time) FROM {LOG_TABLES} WHERE "
                    "(k.deck, k.card) IN (SELECT json_extract(value, '$[0]'), "
                    "json_extract(value, '$[1]') FROM json_each(?)) GROUP BY k.deck, k.card",
                    (json.dumps(missing),),
                )
            }
        orphans = []
        for deck, card in missing:
            count, last = counts.get((deck, card), (0, None))
            state = STATE_NAMES[states.get((deck, card))]
            orphans.append(Orphan(deck, card, count, stored_moment(last), state))
        return orphans

    def prune(self, keys: Iterable[Key]) -> int:
        """Delete the states and reviews of ``keys``; returns how many cards were pruned."""
        keys = list(keys)
        with self.database.write() as db:
            db.executemany("DELETE FROM cards WHERE deck = ? AND card = ?", keys)
            named = "WHERE deck = ? AND card = ?"
            db.executemany(f"DELETE FROM review_log {_OF_CARDS.format(where=named)}", keys)
            db.executemany(f"DELETE FROM review_cards {named}", keys)
        return len(keys)
