"""Reading a profile's progress: card states, history, due summary, stats and export."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from quizdeck.clock import iso, utc
from quizdeck.decks.scope import Scope
from quizdeck.errors import StoreError
from quizdeck.store import queue as store_queue
from quizdeck.store.database import Database
from quizdeck.store.due import Queue, done_today
from quizdeck.store.index import DeckIndex
from quizdeck.store.log_schema import LOG_COLUMNS, LOG_TABLES
from quizdeck.store.profile import Profile
from quizdeck.store.rows import (
    CARD_COLUMNS,
    REVIEW_COLUMNS,
    CardState,
    ReviewRow,
    load_state,
    review_from_row,
    state_from_row,
)

if TYPE_CHECKING:
    from quizdeck.store.stats import Stats
    from quizdeck.store.summary import DueSummary


class Reading:
    """Reading a profile's progress: card states, history, due summary, stats and export."""

    def __init__(
        self, database: Database, profile: Profile, index: DeckIndex, queue: Queue
    ) -> None:
        self.database = database
        self.profile = profile
        self.index = index
        self.queue = queue

    def card_state(self, deck: str, card: str) -> CardState | None:
        """What is stored about one card, or None."""
        with self.database.errors():
            return load_state(self.database.connection, (deck, card))

    def states(self, decks: Collection[str] | None = None) -> list[CardState]:
        """Every stored card state (of ``decks``, or all)."""
        sql = f"SELECT {CARD_COLUMNS} FROM cards"
        params: tuple[Any, ...] = ()
        if decks is not None:
            sql += " WHERE deck IN (SELECT value FROM json_each(?))"
            params = (json.dumps(sorted(decks)),)
        with self.database.errors():
            return [
                state_from_row(row)
                for row in self.database.connection.execute(sql + " ORDER BY deck, card", params)
            ]

    def history(
        self, deck: str | None = None, card: str | None = None, limit: int | None = None
    ) -> list[ReviewRow]:
        """Review log rows, oldest first; with ``limit``, the latest ``limit`` of them."""
        conditions, params = [], []
        for column, value in (("k.deck", deck), ("k.card", card)):
            if value is not None:
                conditions.append(f"{column} = ?")
                params.append(value)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        sql = f"SELECT {LOG_COLUMNS} FROM {LOG_TABLES} {where} ORDER BY r.id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self.database.errors():
            rows = [review_from_row(row) for row in self.database.connection.execute(sql, params)]
        return rows[::-1]

    def due_summary(self, scope: Scope, now: datetime, days: int = 14) -> DueSummary:
        """Per deck: new, learning, due now, due later today; and a ``days``-day forecast."""
        from quizdeck.store import summary as progress_due

        now = utc(now)
        settings = self.profile.settings()
        calendar = self.profile.calendar(settings.day_starts_at_hour)
        next_due = self.queue.next_due(scope, now)  # indexes the decks first
        with self.database.read() as db:
            day_start = calendar.start(calendar.date_of(now))
            new_done, reviews_done = done_today(db, day_start)
            new_allowed = store_queue.new_allowances(
                db, settings, scope.studies(), day_start, new_done
            )
            return progress_due.due_summary(
                db,
                scope.deck_ids,
                now=now,
                calendar=calendar,
                settings=settings,
                reviews_done=reviews_done,
                new_allowed=new_allowed,
                answered=store_queue.answered_today(db, day_start, scope.apart()),
                apart=scope.apart(),
                next_due=next_due,
                days=days,
            )

    def stats(
        self,
        scope: Scope,
        now: datetime,
        *,
        decks: Collection[str] | None = None,
        days: int = 30,
        weakest: int = 10,
    ) -> Stats:
        """Reviews and accuracy per day, true retention, streak, per deck/tag accuracy,
        weakest cards and leeches. ``scope``'s cards supply the tags; ``decks`` limits the reviews
        counted (default: all)."""
        now = utc(now)
        calendar = self.profile.calendar()
        today = calendar.date_of(now)
        self.index.update(scope)
        with self.database.read() as db:
            from quizdeck.store import stats as progress_stats

            return progress_stats.stats(
                db, scope.deck_ids, calendar, today, decks=decks, days=days, weakest=weakest
            )

    # ----------------------------------------------------------------- export

    def export(self, out: TextIO, fmt: str, *, profile: str, now: datetime) -> int:
        """Write the review log and card states as JSON, or the log as CSV; returns the reviews."""
        from quizdeck.interchange.progress_export import (
            EXPORT_FORMAT,
            EXPORT_VERSION,
            card_export,
            review_export,
            write_csv,
            write_json,
        )

        if fmt not in ("json", "csv"):
            raise StoreError(f"unknown export format '{fmt}' (json or csv)")
        student_id = self.profile.identity() if fmt == "json" else ""
        with self.database.read() as db:
            reviews = map(  # the view's columns: times as ISO text, as exported
                review_export, db.execute(f"SELECT {REVIEW_COLUMNS} FROM reviews ORDER BY id")
            )
            if fmt == "csv":
                return write_csv(out, reviews)
            cards = map(
                card_export, db.execute(f"SELECT {CARD_COLUMNS} FROM cards ORDER BY deck, card")
            )
            header = {
                "format": EXPORT_FORMAT,
                "version": EXPORT_VERSION,
                "profile": profile,
                "student_id": student_id,
                "exported_at": iso(now),
            }
            return write_json(out, header, reviews, cards)
