"""What a session asks: the due queue, siblings answered today, the next due time."""

from __future__ import annotations

import functools
import json
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from operator import attrgetter

from quizdeck import store_queue
from quizdeck.cards import Card
from quizdeck.progress_rows import (
    deck_filter,
    stored_optional_time,
)
from quizdeck.scheduler import iso, utc
from quizdeck.siblings import AnsweredToday
from quizdeck.store_core import SLACK, StoreCore


class Queue(StoreCore):
    """What a session asks: the due queue, siblings answered today, the next due time."""

    # ----------------------------------------------------------------- the queue

    def build_queue(
        self,
        cards: Sequence[Card],
        now: datetime,
        *,
        new_limit: int | None = None,
        review_limit: int | None = None,
        seed: int = 0,
    ) -> list[Card]:
        """The cards to ask now: due cards (by due time), then new cards.

        Learning and relearning cards that are due are always included; review cards
        are capped by ``review_limit`` and what is left of today's ``reviews_per_day``;
        new cards by ``new_limit`` and what is left of today's ``new_per_day``, taken
        in turn from each deck and spread over each deck (``seed`` shifts the spread).
        Suspended cards and cards buried until later are left out, and so is every
        sibling of a card answered today: at most one card per fact is asked a day
        (see :mod:`quizdeck.siblings`).
        """
        now = utc(now)
        settings = self.settings()
        hour = settings.day_starts_at_hour
        with self._read() as db:
            day_start = self._boundary(self.study_date(now, hour), hour)
            new_done, reviews_done = self._done_today(db, day_start)
            answered = store_queue.answered_today(db, day_start)
            review_cap = store_queue.cap(settings.reviews_per_day - reviews_done, review_limit)
            new_cap = store_queue.cap(settings.new_per_day - new_done, new_limit)
            learning = self._due_rows(db, now, "state IN (1, 3)")
            reviews = (
                self._due_rows(db, now, "state = 2", limit=review_cap + SLACK) if review_cap else []
            )
            blocked = self._blocked(db, now) if new_cap else {}
            seen = self._seen_ids(db) if new_cap else {}
        matched = store_queue.match(cards, learning + reviews, seen, blocked, new_cap > 0)
        chose = functools.partial(
            store_queue.choose,
            review_cap=review_cap,
            new_cap=new_cap,
            answered=answered,
            seed=seed,
        )
        chosen = chose(matched)
        if chosen.reviews < review_cap and len(reviews) == review_cap + SLACK:
            # Due cards of other decks (or held-back siblings) took the extra rows:
            # fetch these decks' due cards only.
            decks = sorted(set(map(attrgetter("deck_id"), cards)))
            with self._read() as db:
                reviews = self._due_rows(db, now, "state = 2", decks=decks)
            chosen = chose(store_queue.match(cards, learning + reviews, seen, blocked, new_cap > 0))
        return chosen.queue

    def answered_today(self, now: datetime) -> AnsweredToday:
        """The cards answered in ``quiz start`` this study day, and the facts they test."""
        with self._read() as db:
            return store_queue.answered_today(db, self.day_start(utc(now)))

    def sibling_answered(self, card: Card, now: datetime) -> bool:
        """Whether another card testing ``card``'s fact was answered in ``quiz start`` this
        study day (by this session or another one): then ``card`` waits for tomorrow."""
        if not card.fact:
            return False
        day_start = self.day_start(utc(now))
        with self._errors():
            return store_queue.sibling_answered(self._db, card, day_start)

    def _done_today(self, db: sqlite3.Connection, start: datetime) -> tuple[int, int]:
        new_done, reviews_done = db.execute(
            "SELECT coalesce(sum(state_before IS NULL), 0), coalesce(sum(state_before = 2), 0) "
            "FROM reviews WHERE time >= ? AND mode = 'start'",
            (iso(start),),
        ).fetchone()
        return int(new_done), int(reviews_done)

    def _due_rows(
        self,
        db: sqlite3.Connection,
        now: datetime,
        which: str,
        *,
        limit: int | None = None,
        decks: Sequence[str] | None = None,
    ) -> list[tuple[str, str, str, int]]:
        """(deck, card, due, state) of the cards due at ``now`` in state ``which``, by due time."""
        moment = iso(now)
        in_decks, params = deck_filter(decks)
        due = "due"
        if decks is not None:
            # Walk the given decks' cards by primary key rather than every due card by
            # the due index ("+" keeps SQLite from using an index for that term).
            which, due = which.replace("state", "+state"), "+due"
        sql = (
            f"SELECT deck, card, due, state FROM cards WHERE {which} AND suspended = 0 "
            f"AND state IS NOT NULL AND {due} <= ? "
            f"AND (buried_until IS NULL OR buried_until <= ?) {in_decks} ORDER BY due"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return db.execute(sql, (moment, moment, *params)).fetchall()

    def _blocked(self, db: sqlite3.Connection, now: datetime) -> dict[str, set[str]]:
        """Cards kept out of today's new cards: suspended, or buried until later."""
        blocked: dict[str, set[str]] = defaultdict(set)
        rows = db.execute(
            "SELECT deck, card FROM cards WHERE (suspended = 1 OR buried_until IS NOT NULL) "
            "AND (suspended = 1 OR buried_until > ?)",
            (iso(now),),
        )
        for deck, card in rows:
            blocked[deck].add(card)
        return blocked

    def _seen_ids(self, db: sqlite3.Connection) -> dict[str, set[str]]:
        """Card ids with a schedule, per deck; cached until another connection writes."""
        version = self._pragma("data_version")
        if self._seen is None or version != self._seen_version:
            rows = db.execute(
                "SELECT deck, json_group_array(card) FROM cards WHERE state IS NOT NULL "
                "GROUP BY deck"
            )
            self._seen = {deck: set(json.loads(ids)) for deck, ids in rows}
            self._seen_version = version
        return self._seen

    def next_due(self, cards: Sequence[Card], now: datetime) -> datetime | None:
        """The earliest due time among ``cards`` (suspended cards left out), or None.

        A card whose sibling was answered today is not due before the next study day.
        """
        now = utc(now)
        answered = self.answered_today(now)
        held = [card for card in cards if answered.holds_back(card)] if answered.facts else []
        if not held:
            return self._earliest_due(cards)
        waiting = {card.key for card in held}
        free = self._earliest_due([card for card in cards if card.key not in waiting])
        later = self._earliest_due(held)
        if later is not None:
            later = max(later, self.next_day_start(now))
        return min((when for when in (free, later) if when is not None), default=None)

    def _earliest_due(self, cards: Sequence[Card]) -> datetime | None:
        keys = json.dumps([[card.deck_id, card.id] for card in cards])
        with self._errors():
            row = self._db.execute(
                "SELECT min(max(due, coalesce(buried_until, ''))) FROM cards "
                "WHERE state IS NOT NULL AND suspended = 0 AND "
                "(deck, card) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') "
                "FROM json_each(?))",
                (keys,),
            ).fetchone()
        return stored_optional_time(row[0]) if row else None
