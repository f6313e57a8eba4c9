"""What a session asks: the due queue, siblings answered today, the next due time."""

from __future__ import annotations

import heapq
import json
import sqlite3
from datetime import datetime, timedelta

from quizdeck.clock import iso, utc
from quizdeck.decks.apart import NOTHING_APART, KeepApart
from quizdeck.decks.scope import Scope
from quizdeck.model import Card
from quizdeck.scheduler import State
from quizdeck.session.siblings import AnsweredToday, FactGate
from quizdeck.store import queue as store_queue
from quizdeck.store.database import Database
from quizdeck.store.index import DeckIndex
from quizdeck.store.log_schema import START
from quizdeck.store.profile import Profile
from quizdeck.store.queue import Slot
from quizdeck.store.rows import micro, stored_optional_time


class Queue:
    """What a session asks: the due queue, siblings answered today, the next due time."""

    def __init__(self, database: Database, profile: Profile, index: DeckIndex) -> None:
        self.database = database
        self.profile = profile
        self.index = index

    def build(
        self,
        scope: Scope,
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
        (see :mod:`quizdeck.session.siblings`). Only the cards chosen are fetched.
        """
        now = utc(now)
        settings = self.profile.settings()
        hour = settings.day_starts_at_hour
        self.index.update(scope)
        moment, decks = iso(now) or "", json.dumps(scope.deck_ids)
        with self.database.read() as db:
            day_start = self.profile.boundary(self.profile.study_date(now, hour), hour)
            new_done, reviews_done = done_today(db, day_start)
            apart = scope.apart()
            gate = FactGate(store_queue.answered_today(db, day_start, apart), apart)
            review_cap = store_queue.cap(settings.reviews_per_day - reviews_done, review_limit)
            new_cap, allowances = store_queue.new_allowances(
                db, settings, scope.studies(), day_start, new_done, new_limit
            )
            chosen = store_queue.due_cards(db, moment, decks, review_cap, gate)
            chosen += store_queue.new_cards(
                db, scope.deck_ids, moment=moment, new_cap=new_cap, gate=gate, seed=seed,
                allowances=allowances,
            )  # fmt: skip
        return scope.cards([slot.key for slot in chosen])

    def learning_soon(
        self, scope: Scope, now: datetime, ahead: timedelta
    ) -> list[tuple[Card, datetime]]:
        """Learning and relearning cards due after ``now`` but within ``ahead`` (the session's
        learn-ahead window), with their due times: a session lets them come back when due,
        so a card missed just before a session was stopped is not left out of the next."""
        now = utc(now)
        self.index.update(scope)
        with self.database.read() as db:
            apart = scope.apart()
            day_start = self.profile.day_start(now)
            gate = FactGate(store_queue.answered_today(db, day_start, apart), apart)
            rows = store_queue.due_rows(
                db, iso(now + ahead) or "", store_queue.LEARNING, json.dumps(scope.deck_ids)
            )
            soon = [slot for slot in rows if slot.due > (iso(now) or "") and gate.admit(slot)]
        cards = scope.cards([slot.key for slot in soon])
        due = {slot.key: stored_optional_time(slot.due) for slot in soon}
        return [(card, when) for card in cards if (when := due.get(card.key)) is not None]

    def answered_today(self, now: datetime, apart: KeepApart = NOTHING_APART) -> AnsweredToday:
        """The cards answered in ``quiz start`` this study day, and their keep-apart groups."""
        with self.database.read() as db:
            return store_queue.answered_today(db, self.profile.day_start(utc(now)), apart)

    def sibling_answered(self, card: Card, now: datetime, apart: KeepApart = NOTHING_APART) -> bool:
        """Whether another card testing ``card``'s fact, or one kept apart from it, was
        answered in ``quiz start`` this study day (by this session or another one): then
        ``card`` waits for tomorrow."""
        if not card.fact and not apart.related(card.key):
            return False
        day_start = self.profile.day_start(utc(now))
        with self.database.errors():
            return store_queue.sibling_answered(self.database.connection, card, day_start, apart)

    def next_due(self, scope: Scope, now: datetime) -> datetime | None:
        """The earliest due time among ``cards`` (suspended cards left out), or None.

        A card buried until later is not due before then, and a card whose sibling was
        answered today not before the next study day. The schedule is read by due time,
        only until no later card can come sooner.
        """
        now = utc(now)
        apart = scope.apart()
        answered = self.answered_today(now, apart)
        tomorrow = iso(self.profile.next_day_start(now)) or ""
        self.index.update(scope)
        earliest: str | None = None
        with self.database.read() as db:
            # One walk by due time per state (the due index starts with the state), merged.
            cursors = [
                db.execute(
                    "SELECT c.due, c.deck, c.card, c.buried_until, k.fact FROM cards c "
                    "CROSS JOIN deck_cards k ON k.deck = c.deck AND k.card = c.card "
                    "WHERE c.state = ? AND c.state IS NOT NULL AND c.suspended = 0 "
                    "AND c.deck IN (SELECT value FROM json_each(?)) ORDER BY c.due",
                    (state, json.dumps(scope.deck_ids)),
                )
                for state in State
            ]
            for due, deck, card, buried, fact in heapq.merge(*cursors):
                if earliest is not None and due >= earliest:
                    break
                when = max(due, buried or "")
                if answered.holds_back(Slot(deck, card, fact), apart):
                    when = max(when, tomorrow)
                earliest = when if earliest is None else min(earliest, when)
            for cursor in cursors:
                cursor.close()
        return stored_optional_time(earliest)


def done_today(db: sqlite3.Connection, start: datetime) -> tuple[int, int]:
    """(new cards, review cards) answered in ``quiz start`` since ``start``."""
    new_done, reviews_done = db.execute(
        "SELECT coalesce(sum(state_before IS NULL), 0), coalesce(sum(state_before = 2), 0) "
        f"FROM review_log WHERE time >= ? AND mode = {START}",
        (micro(start),),
    ).fetchone()
    return int(new_done), int(reviews_done)
