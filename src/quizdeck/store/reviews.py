"""A profile's review log: recording, amending and undoing answers."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from quizdeck.clock import utc
from quizdeck.errors import StoreError
from quizdeck.model import NO_STUDY, Card, DeckStudy, Mode, Rating, Recorded
from quizdeck.store import before as kept_state
from quizdeck.store.database import Database
from quizdeck.store.log_schema import LOG_COLUMNS, LOG_TABLES, START
from quizdeck.store.profile import Profile
from quizdeck.store.rows import (
    MODE_CODES,
    CardState,
    Key,
    ReviewRow,
    load_state,
    micro,
    restore_state,
    review_from_row,
    save_state,
)
from quizdeck.store.rules import reviewed, state_number


class Reviews:
    """A profile's review log: recording, amending and undoing answers."""

    def __init__(self, database: Database, profile: Profile) -> None:
        self.database = database
        self.profile = profile
        #: The study settings of each deck a card was recorded for (an amended review is
        #: rescheduled with its deck's settings).
        self.studies: dict[str, DeckStudy] = {}

    def record(
        self,
        card: Card,
        *,
        mode: Mode,
        given: str,
        correct: bool,
        score: float,
        rating: Rating,
        duration_ms: int,
        now: datetime,
    ) -> Recorded:
        """Save one answer in one committed transaction; start mode also reschedules the card."""
        now, mode, rating = utc(now), Mode(mode), Rating(rating)
        with self.database.write() as db:
            after: CardState | None = None
            leech = False
            before_kept: bytes | str | None = None
            state_before = None
            if mode is Mode.START:
                self.studies[card.deck_id] = card.study
                settings = self.profile.settings().for_deck(card.study)
                before = load_state(db, card.key)
                after, leech = reviewed(
                    before, card.key, card.content_hash(), rating, now, settings,
                    self.profile.calendar(settings.day_starts_at_hour),
                )  # fmt: skip
                before_kept = kept_state.encode(before)
                state_before = state_number(before)
                save_state(db, after)
            cursor = db.execute(
                "INSERT INTO review_log (time, subject, mode, given, correct, score, rating, "
                "duration_ms, state_before, before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    micro(now),
                    _subject(db, card),
                    MODE_CODES[mode],
                    given,
                    int(correct),
                    float(score),
                    int(rating),
                    int(duration_ms),
                    state_before,
                    before_kept,
                ),
            )
            review_id = int(cursor.lastrowid or 0)
        return Recorded(review_id, after.due if after else None, leech)

    def amend(
        self, review_id: int, *, correct: bool, score: float, rating: Rating, now: datetime
    ) -> Recorded:
        """Change a review's verdict or rating; a start review is rescheduled from its before-state.

        The card is rescheduled as of the review's own time; ``now`` is recorded as
        ``amended_at``. Only a card's latest start review can be amended.
        """
        now, rating = utc(now), Rating(rating)
        with self.database.write() as db:
            row = self._review_row(db, review_id)
            after: CardState | None = None
            leech = False
            if row.mode is Mode.START:
                after, leech = self._reschedule(db, review_id, row, rating)
            db.execute(
                "UPDATE review_log SET correct = ?, score = ?, rating = ?, amended_at = ? "
                "WHERE id = ?",
                (int(correct), float(score), int(rating), micro(now), review_id),
            )
        return Recorded(review_id, after.due if after else None, leech)

    def _review_row(self, db: sqlite3.Connection, review_id: int) -> ReviewRow:
        row = db.execute(f"SELECT {LOG_COLUMNS} FROM {LOG_TABLES} WHERE r.id = ?", (review_id,))
        found = row.fetchone()
        if found is None:
            raise StoreError(f"no review #{review_id} in {self.database.path}")
        return review_from_row(found)

    def _reschedule(
        self, db: sqlite3.Connection, review_id: int, row: ReviewRow, rating: Rating
    ) -> tuple[CardState, bool]:
        later = db.execute(
            f"SELECT 1 FROM review_log WHERE subject IN ({_SUBJECTS}) AND mode = {START} "
            "AND id > ? LIMIT 1",
            (row.deck, row.card, review_id),
        ).fetchone()
        if later:
            raise StoreError(
                f"review #{review_id} is not the latest of card {row.deck}/{row.card}; "
                "only the latest can be changed"
            )
        before = _before_state(db, review_id, (row.deck, row.card))
        current = load_state(db, (row.deck, row.card))
        content_hash = current.content_hash if current else None
        key = (row.deck, row.card)
        settings = self.profile.settings().for_deck(self.studies.get(row.deck, NO_STUDY))
        days = self.profile.calendar(settings.day_starts_at_hour)
        after, leech = reviewed(before, key, content_hash, rating, row.time, settings, days)
        save_state(db, after)
        return after, leech

    def take_back(self, review_id: int) -> bool:
        """Take back the review ``review_id`` (the card's latest): restore the card's state and
        delete the log row. False when it is not the card's latest review any more."""
        with self.database.write() as db:
            found = _take_back_row(db, review_id)
            if found is None:
                return False
            row = review_from_row(found[:-1])
            if found[-1] is not None:
                key = (row.deck, row.card)
                restore_state(db, key, _decode_before(found[-1], key, row.id))
            db.execute("DELETE FROM review_log WHERE id = ?", (row.id,))
        return True

    def undo_last(self) -> ReviewRow | None:
        """Take back the latest review: restore the card's state, delete the log row."""
        with self.database.write() as db:
            found = db.execute(
                f"SELECT {LOG_COLUMNS}, r.before FROM {LOG_TABLES} ORDER BY r.id DESC LIMIT 1"
            ).fetchone()
            if found is None:
                return None
            row = review_from_row(found[:-1])
            if found[-1] is not None:
                key = (row.deck, row.card)
                restore_state(db, key, _decode_before(found[-1], key, row.id))
            db.execute("DELETE FROM review_log WHERE id = ?", (row.id,))
        return row


#: The ``review_cards`` rows of one card (one per fact it has tested): deck and card.
_SUBJECTS = "SELECT id FROM review_cards WHERE deck = ? AND card = ?"


def _subject(db: sqlite3.Connection, card: Card) -> int:
    """The ``review_cards`` row naming ``card`` and its fact, added if there is none."""
    names = (card.deck_id, card.id, card.fact or "")
    row = db.execute(
        "SELECT id FROM review_cards WHERE deck = ? AND card = ? AND fact = ?", names
    ).fetchone()
    if row is not None:
        return int(row[0])
    cursor = db.execute("INSERT INTO review_cards (deck, card, fact) VALUES (?, ?, ?)", names)
    return int(cursor.lastrowid or 0)


def _take_back_row(db: sqlite3.Connection, review_id: int) -> tuple[Any, ...] | None:
    """The review ``review_id`` with its ``before`` state, if it is its card's latest."""
    row: tuple[Any, ...] | None = db.execute(
        f"SELECT {LOG_COLUMNS}, r.before FROM {LOG_TABLES} WHERE r.id = ? AND r.id = "
        "(SELECT max(later.id) FROM review_log AS later WHERE later.subject IN "
        "(SELECT id FROM review_cards AS same WHERE same.deck = k.deck AND same.card = k.card))",
        (review_id,),
    ).fetchone()
    return row


def _decode_before(kept: bytes | str, key: Key, review_id: int) -> CardState | None:
    try:
        return kept_state.decode(kept, key)
    except (ValueError, TypeError, KeyError, OverflowError, StoreError) as error:
        raise StoreError(
            f"review {review_id} in the progress database cannot be read ({error}); "
            "was the file edited by hand?"
        ) from None


def _before_state(db: sqlite3.Connection, review_id: int, key: Key) -> CardState | None:
    row = db.execute("SELECT before FROM review_log WHERE id = ?", (review_id,)).fetchone()
    return _decode_before(row[0], key, review_id) if row and row[0] is not None else None
