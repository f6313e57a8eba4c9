"""Progress storage: one SQLite file per profile, with the schedule and the review log.

Durability: the database runs in WAL mode with ``synchronous=NORMAL``. Every
review is its own transaction, committed before :meth:`Store.record_review`
returns. A commit is written to the WAL file (a ``write()`` into the operating
system's cache) before it returns, so killing the process at any moment — even
with ``kill -9`` — loses nothing that was committed and never corrupts the file.
Only a power cut or an operating-system crash can lose the last few commits
(never the integrity of the file), because the WAL is synced at checkpoints rather
than at every commit; that is the price of a commit costing well under a
millisecond.

Times are stored as fixed-width ISO 8601 UTC text, so comparing the text
compares the times.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
import time
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from operator import attrgetter
from pathlib import Path
from typing import Any, TextIO

from quizdeck import paths, progress_stats, store_queue
from quizdeck.cards import Card
from quizdeck.errors import StoreError
from quizdeck.interchange.progress_export import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    card_export,
    review_export,
    write_csv,
    write_json,
)
from quizdeck.migrations import APPLICATION_ID, SCHEMA_VERSION, migrate
from quizdeck.progress_rows import (
    CARD_COLUMNS,
    REVIEW_COLUMNS,
    STATE_NAMES,
    CardState,
    Key,
    Orphan,
    ReviewRow,
    deck_filter,
    review_from_row,
    state_from_row,
    state_to_row,
    stored_optional_time,
)
from quizdeck.progress_stats import DueSummary, Stats
from quizdeck.review import Mode, Rating
from quizdeck.scheduler import Scheduler, is_lapse, iso, utc
from quizdeck.settings import SETTINGS, SettingError, Settings, parse_setting
from quizdeck.siblings import AnsweredToday
from quizdeck.study_days import StudyDays

BUSY_TIMEOUT_MS = 5000
#: WAL pages before a checkpoint (4 KiB each). A checkpoint costs tens of milliseconds and
#: runs inside the commit that triggers it; SQLite's default of 1000 pages put one in about
#: every 150 answers, right at the answer-to-commit p99. At 8192 it is one in over a thousand.
WAL_CHECKPOINT_PAGES = 8192
#: Extra due reviews fetched beyond today's cap, for stored cards no longer in their deck.
SLACK = 64


@dataclass(frozen=True)
class Recorded:
    """What saving a review produced: its log id, and the card's next due time (start mode)."""

    review_id: int
    due: datetime | None
    leech: bool = False  # this review made the card a leech (again)


# --------------------------------------------------------------------------- errors


def _error_message(error: sqlite3.Error, path: Path) -> str:
    text = str(error).lower()
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code in (11, 26) or "not a database" in text or "malformed" in text:
        return f"{path} is not a quiz database or is corrupt"
    if code == 8 or "readonly" in text or "read-only" in text:
        return f"cannot save progress: {path} or its folder is read-only"
    if code == 13 or "disk is full" in text or "database or disk is full" in text:
        return f"cannot save progress to {path}: the disk is full"
    if code == 14 or "unable to open" in text:
        return f"cannot open {path}: check that its folder exists and is writable"
    if code in (5, 6) or "locked" in text or "busy" in text:
        return f"{path} is busy (another quiz is writing to it); try again"
    if code == 10 or "disk i/o" in text:
        return f"cannot read or write {path}: input/output error"
    return f"{path}: {error}"


def _is_busy(error: sqlite3.OperationalError) -> bool:
    """Whether ``error`` means another connection holds the lock."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    text = str(error).lower()
    return code in (5, 6) or "locked" in text or "busy" in text


def _validate_tz(tz: tzinfo | None) -> tzinfo | None:
    if tz is not None and datetime(2000, 1, 1, tzinfo=tz).utcoffset() is None:
        raise ValueError("tz must give a UTC offset")
    return tz


# --------------------------------------------------------------------------- the store


class Store:
    """One profile's progress. Open with :meth:`open` or :meth:`for_profile`; close when done."""

    def __init__(self, db: sqlite3.Connection, path: Path, tz: tzinfo | None = None) -> None:
        self._db = db
        self.path = path
        self.tz = _validate_tz(tz)  # None: the system's local time zone
        self._seen: dict[str, set[str]] | None = None
        self._seen_version = -1

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(cls, path: Path, *, tz: tzinfo | None = None, reading: bool = False) -> Store:
        """Open (creating and migrating if needed) the database at ``path``.

        ``tz`` is the time zone the study day is counted in (default: local time).
        With ``reading``, a database that cannot be opened for writing (a read-only
        folder or medium) is opened read-only instead, for commands that only read.
        """
        try:
            return cls._open(Path(path), tz)
        except StoreError:
            if not reading or not Path(path).is_file():
                raise
            return cls._open_read_only(Path(path), tz)

    @classmethod
    def _open_read_only(cls, path: Path, tz: tzinfo | None) -> Store:
        """The database as it is on a read-only folder: no migration, nothing written."""
        from urllib.parse import quote

        uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
        try:
            db = sqlite3.connect(uri, uri=True, isolation_level=None)
            store = cls(db, path, tz)
            store._check_identity()
            if store._pragma("user_version") != SCHEMA_VERSION:
                db.close()
                raise StoreError(
                    f"{path} needs an upgrade by this quiz, but its folder is read-only"
                )
        except sqlite3.Error as error:
            raise StoreError(_error_message(error, path)) from None
        return store

    @classmethod
    def _open(cls, path: Path, tz: tzinfo | None) -> Store:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create {path.parent}: {error.strerror or error}") from None
        if path.is_dir():
            raise StoreError(f"{path} is a folder, not a quiz database")
        try:
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as error:
            raise StoreError(_error_message(error, path)) from None
        store = cls(db, path, tz)
        try:
            store._prepare()
        except BaseException:
            db.close()
            raise
        return store

    @classmethod
    def for_profile(cls, profile: str, *, tz: tzinfo | None = None, reading: bool = False) -> Store:
        """Open the database of ``profile`` in the data directory (see ``open``)."""
        if not paths.valid_profile(profile):
            raise StoreError(
                f"invalid profile name '{profile}': use up to 64 letters, digits, '.', '_' or '-', "
                "starting with a letter or digit"
            )
        return cls.open(paths.profile_db(profile), tz=tz, reading=reading)

    def close(self) -> None:
        """Close the database (committed work is already safe)."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _prepare(self) -> None:
        """Set the connection up and bring the schema up to date.

        When two quiz processes open the same new file at the same moment, one of
        them can find it locked while the other creates it (SQLite does not always
        wait on its own then): retry until the busy timeout runs out.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                self._set_up()
                return
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or time.monotonic() >= deadline:
                    raise StoreError(_error_message(error, self.path)) from None
                time.sleep(0.01)
            except sqlite3.Error as error:
                raise StoreError(_error_message(error, self.path)) from None

    def _set_up(self) -> None:
        self._check_identity()
        self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
        if self._pragma("user_version") == SCHEMA_VERSION:
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            migrate(self._db, self._pragma("user_version"))  # read again, now that we hold the lock
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _check_identity(self) -> None:
        self._db.execute("BEGIN")  # one snapshot: another quiz may be creating the file now
        try:
            app_id = self._pragma("application_id")
            version = self._pragma("user_version")
            tables = self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            self._db.execute("COMMIT")
        if app_id != APPLICATION_ID and (app_id or version or tables):
            raise StoreError(f"{self.path} is not a quiz database")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer quiz (schema {version}, this quiz knows "
                f"{SCHEMA_VERSION}); upgrade quiz to use it"
            )

    def _pragma(self, name: str) -> int:
        return int(self._db.execute(f"PRAGMA {name}").fetchone()[0])

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        with self._errors():
            return self._pragma("user_version")

    # ----------------------------------------------------------------- transactions

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise StoreError(_error_message(error, self.path)) from None

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: takes the write lock first, commits at the end."""
        with self._errors():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for several reads."""
        with self._errors():
            self._db.execute("BEGIN")
            try:
                yield self._db
            finally:
                if self._db.in_transaction:
                    self._db.execute("COMMIT")

    # ----------------------------------------------------------------- settings

    def settings(self) -> Settings:
        """The profile's settings, defaults filled in."""
        with self._errors():
            rows = self._db.execute("SELECT key, value FROM settings").fetchall()
        values: dict[str, Any] = {}
        for key, text in rows:
            with contextlib.suppress(SettingError):
                values[key] = parse_setting(key, text)
        return Settings(**values)

    def get_setting(self, key: str) -> str:
        """The value of one setting, as text."""
        if key not in SETTINGS:
            raise SettingError(f"unknown setting '{key}' (settings: {', '.join(SETTINGS)})")
        return self.settings().formatted()[key]

    def set_setting(self, key: str, text: str) -> str:
        """Change one setting (validated); returns the value as stored."""
        value = parse_setting(key, text)
        stored = SETTINGS[key].format(value)
        with self._write() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, stored),
            )
        return stored

    # ----------------------------------------------------------------- days

    def day_start(self, now: datetime) -> datetime:
        """When the study day containing ``now`` began (UTC)."""
        return self._boundary(self.study_date(now))

    def next_day_start(self, now: datetime) -> datetime:
        """When the study day after the one containing ``now`` begins (UTC)."""
        return self._boundary(self.study_date(now) + timedelta(days=1))

    def study_date(self, moment: datetime, hour: int | None = None) -> date:
        """The study day ``moment`` belongs to: its local date, minus one before the day starts."""
        return self._calendar(hour).date_of(moment)

    def _boundary(self, day: date, hour: int | None = None) -> datetime:
        return self._calendar(hour).start(day)

    def _calendar(self, hour: int | None = None) -> StudyDays:
        """The study days of this profile (``hour``: when they start, default its setting)."""
        return StudyDays(self.settings().day_starts_at_hour if hour is None else hour, self.tz)

    # ----------------------------------------------------------------- card states

    def card_state(self, deck: str, card: str) -> CardState | None:
        """What is stored about one card, or None."""
        with self._errors():
            return self._load_state(self._db, (deck, card))

    def _load_state(self, db: sqlite3.Connection, key: Key) -> CardState | None:
        row = db.execute(
            f"SELECT {CARD_COLUMNS} FROM cards WHERE deck = ? AND card = ?", key
        ).fetchone()
        return state_from_row(row) if row else None

    def _save_state(self, db: sqlite3.Connection, state: CardState) -> None:
        db.execute(
            f"INSERT OR REPLACE INTO cards ({CARD_COLUMNS}) VALUES ({', '.join('?' * 15)})",
            state_to_row(state),
        )

    def _restore_state(self, db: sqlite3.Connection, key: Key, before: CardState | None) -> None:
        if before is None:
            db.execute("DELETE FROM cards WHERE deck = ? AND card = ?", key)
        else:
            self._save_state(db, before)

    # ----------------------------------------------------------------- reviewing

    def record_review(
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
        with self._write() as db:
            after: CardState | None = None
            leech = False
            before_json, state_before = None, None
            if mode is Mode.START:
                settings = self.settings()
                before = self._load_state(db, card.key)
                after, leech = _reviewed(
                    before, card.key, card.content_hash(), rating, now, settings
                )
                before_json = json.dumps(before.to_dict() if before else None)
                state_before = _state_number(before)
                self._save_state(db, after)
            cursor = db.execute(
                "INSERT INTO reviews (time, deck, card, fact, mode, given, correct, score, rating, "
                "duration_ms, state_before, before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    iso(now),
                    card.deck_id,
                    card.id,
                    card.fact or None,
                    mode.value,
                    given,
                    int(correct),
                    float(score),
                    int(rating),
                    int(duration_ms),
                    state_before,
                    before_json,
                ),
            )
            review_id = int(cursor.lastrowid or 0)
        if after is not None:
            self._note_seen(card.key)
        return Recorded(review_id, after.due if after else None, leech)

    def amend_review(
        self, review_id: int, *, correct: bool, score: float, rating: Rating, now: datetime
    ) -> Recorded:
        """Change a review's verdict or rating; a start review is rescheduled from its before-state.

        The card is rescheduled as of the review's own time; ``now`` is recorded as
        ``amended_at``. Only a card's latest start review can be amended.
        """
        now, rating = utc(now), Rating(rating)
        with self._write() as db:
            row = self._review_row(db, review_id)
            after: CardState | None = None
            leech = False
            if row.mode is Mode.START:
                after, leech = self._reschedule(db, review_id, row, rating)
            db.execute(
                "UPDATE reviews SET correct = ?, score = ?, rating = ?, amended_at = ? "
                "WHERE id = ?",
                (int(correct), float(score), int(rating), iso(now), review_id),
            )
        return Recorded(review_id, after.due if after else None, leech)

    def _review_row(self, db: sqlite3.Connection, review_id: int) -> ReviewRow:
        row = db.execute(f"SELECT {REVIEW_COLUMNS} FROM reviews WHERE id = ?", (review_id,))
        found = row.fetchone()
        if found is None:
            raise StoreError(f"no review #{review_id} in {self.path}")
        return review_from_row(found)

    def _reschedule(
        self, db: sqlite3.Connection, review_id: int, row: ReviewRow, rating: Rating
    ) -> tuple[CardState, bool]:
        later = db.execute(
            "SELECT 1 FROM reviews WHERE deck = ? AND card = ? AND mode = 'start' AND id > ? "
            "LIMIT 1",
            (row.deck, row.card, review_id),
        ).fetchone()
        if later:
            raise StoreError(
                f"review #{review_id} is not the latest of card {row.deck}/{row.card}; "
                "only the latest can be changed"
            )
        before = _before_state(db, review_id)
        current = self._load_state(db, (row.deck, row.card))
        content_hash = current.content_hash if current else None
        key = (row.deck, row.card)
        after, leech = _reviewed(before, key, content_hash, rating, row.time, self.settings())
        self._save_state(db, after)
        return after, leech

    def undo_last(self) -> ReviewRow | None:
        """Take back the latest review: restore the card's state, delete the log row."""
        with self._write() as db:
            found = db.execute(
                f"SELECT {REVIEW_COLUMNS}, before FROM reviews ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if found is None:
                return None
            row = review_from_row(found[:-1])
            if found[-1] is not None:
                before = _decode_before(found[-1])
                self._restore_state(db, (row.deck, row.card), before)
            db.execute("DELETE FROM reviews WHERE id = ?", (row.id,))
        self._seen = None
        return row

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

    def _note_seen(self, key: Key) -> None:
        if self._seen is not None:
            self._seen.setdefault(key[0], set()).add(key[1])

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

    # ----------------------------------------------------------------- managing cards

    def suspend(self, deck: str, card: str) -> None:
        """Keep a card out of every queue until it is unsuspended."""
        self._upsert_flag(deck, card, "suspended", 1)

    def unsuspend(self, deck: str, card: str) -> bool:
        """Let a suspended card come back; False if it was not suspended."""
        with self._write() as db:
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
        with self._write() as db:
            db.execute(
                f"INSERT INTO cards (deck, card, {column}) VALUES (?, ?, ?) "
                f"ON CONFLICT (deck, card) DO UPDATE SET {column} = excluded.{column}",
                (deck, card, value),
            )

    def counts(self, deck: str | None = None) -> tuple[int, int]:
        """How many card states and reviews are stored (for one deck, or all)."""
        where, params = ("WHERE deck = ?", (deck,)) if deck else ("", ())
        with self._read() as db:
            cards = db.execute(f"SELECT count(*) FROM cards {where}", params).fetchone()[0]
            reviews = db.execute(f"SELECT count(*) FROM reviews {where}", params).fetchone()[0]
        return int(cards), int(reviews)

    def reset(self, deck: str | None = None) -> tuple[int, int]:
        """Forget all progress (of one deck, or all): states and reviews; returns both counts."""
        where, params = ("WHERE deck = ?", (deck,)) if deck else ("", ())
        with self._write() as db:
            cards = db.execute(f"DELETE FROM cards {where}", params).rowcount
            reviews = db.execute(f"DELETE FROM reviews {where}", params).rowcount
        self._seen = None
        return cards, reviews

    def orphans(self, known: Collection[Key]) -> list[Orphan]:
        """Stored progress for cards not in ``known`` (cards deleted or renamed in their deck)."""
        known = known if isinstance(known, (set, frozenset)) else set(known)
        with self._read() as db:
            rows = db.execute("SELECT deck, card, state FROM cards")
            states = {(deck, card): state for deck, card, state in rows}
            logged = set(db.execute("SELECT DISTINCT deck, card FROM reviews"))
            missing = sorted((states.keys() | logged) - known)
            counts = {
                (deck, card): (count, last)
                for deck, card, count, last in db.execute(
                    "SELECT deck, card, count(*), max(time) FROM reviews WHERE (deck, card) IN "
                    "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') "
                    "FROM json_each(?)) GROUP BY deck, card",
                    (json.dumps(missing),),
                )
            }
        orphans = []
        for deck, card in missing:
            count, last = counts.get((deck, card), (0, None))
            state = STATE_NAMES[states.get((deck, card))]
            orphans.append(Orphan(deck, card, count, stored_optional_time(last), state))
        return orphans

    def prune(self, keys: Iterable[Key]) -> int:
        """Delete the states and reviews of ``keys``; returns how many cards were pruned."""
        keys = list(keys)
        with self._write() as db:
            db.executemany("DELETE FROM cards WHERE deck = ? AND card = ?", keys)
            db.executemany("DELETE FROM reviews WHERE deck = ? AND card = ?", keys)
        self._seen = None
        return len(keys)

    # ----------------------------------------------------------------- reading progress

    def states(self, decks: Collection[str] | None = None) -> list[CardState]:
        """Every stored card state (of ``decks``, or all)."""
        sql = f"SELECT {CARD_COLUMNS} FROM cards"
        params: tuple[Any, ...] = ()
        if decks is not None:
            sql += " WHERE deck IN (SELECT value FROM json_each(?))"
            params = (json.dumps(sorted(decks)),)
        with self._errors():
            return [
                state_from_row(row)
                for row in self._db.execute(sql + " ORDER BY deck, card", params)
            ]

    def history(
        self, deck: str | None = None, card: str | None = None, limit: int | None = None
    ) -> list[ReviewRow]:
        """Review log rows, oldest first; with ``limit``, the latest ``limit`` of them."""
        conditions, params = [], []
        for column, value in (("deck", deck), ("card", card)):
            if value is not None:
                conditions.append(f"{column} = ?")
                params.append(value)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        sql = f"SELECT {REVIEW_COLUMNS} FROM reviews {where} ORDER BY id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._errors():
            rows = [review_from_row(row) for row in self._db.execute(sql, params)]
        return rows[::-1]

    def due_summary(self, cards: Sequence[Card], now: datetime, days: int = 14) -> DueSummary:
        """Per deck: new, learning, due now, due later today; and a ``days``-day forecast."""
        now = utc(now)
        settings = self.settings()
        calendar = self._calendar(settings.day_starts_at_hour)
        with self._read() as db:
            day_start = calendar.start(calendar.date_of(now))
            done_today = self._done_today(db, day_start)
            answered = store_queue.answered_today(db, day_start)
            rows = progress_stats.schedule_rows(db, cards)
        return progress_stats.due_summary(
            cards,
            rows,
            now=now,
            calendar=calendar,
            settings=settings,
            done_today=done_today,
            next_due=self.next_due(cards, now),
            days=days,
            answered=answered,
        )

    def stats(
        self,
        cards: Sequence[Card],
        now: datetime,
        *,
        decks: Collection[str] | None = None,
        days: int = 30,
        weakest: int = 10,
    ) -> Stats:
        """Reviews and accuracy per day, true retention, streak, per deck/tag accuracy,
        weakest cards and leeches. ``cards`` supply the tags; ``decks`` limits the reviews
        counted (default: all)."""
        now = utc(now)
        calendar = self._calendar()
        today = calendar.date_of(now)
        with self._read() as db:
            return progress_stats.stats(
                db, cards, calendar, today, decks=decks, days=days, weakest=weakest
            )

    # ----------------------------------------------------------------- export

    def export(self, out: TextIO, fmt: str, *, profile: str, now: datetime) -> int:
        """Write the review log and card states as JSON, or the log as CSV; returns the reviews."""
        if fmt not in ("json", "csv"):
            raise StoreError(f"unknown export format '{fmt}' (json or csv)")
        with self._read() as db:
            reviews = map(
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
                "exported_at": iso(now),
            }
            return write_json(out, header, reviews, cards)


# --------------------------------------------------------------------------- helpers


def _state_number(state: CardState | None) -> int | None:
    return int(state.memory.state) if state and state.memory else None


def _reviewed(
    before: CardState | None,
    key: Key,
    content_hash: str | None,
    rating: Rating,
    now: datetime,
    settings: Settings,
) -> tuple[CardState, bool]:
    """The card's state after a start review, and whether it just became a leech."""
    previous = before or CardState(key[0], key[1])
    memory = Scheduler(settings.scheduler_settings()).review(previous.memory, rating, now)
    lapse = is_lapse(previous.memory, rating)
    lapses = previous.lapses + lapse
    leech_now = lapse and _leech_due(lapses, settings.leech_threshold)
    after = replace(
        previous,
        memory=memory,
        reps=previous.reps + 1,
        lapses=lapses,
        leech=previous.leech or leech_now,
        suspended=previous.suspended or (leech_now and settings.leech_action == "suspend"),
        buried_until=_still_buried(previous.buried_until, now),
        content_hash=content_hash or previous.content_hash,
        first_seen=previous.first_seen or now,
    )
    return after, leech_now


def _still_buried(until: datetime | None, now: datetime) -> datetime | None:
    return until if until is not None and until > now else None


def _leech_due(lapses: int, threshold: int) -> bool:
    """A card is flagged at ``threshold`` lapses, then again every half threshold more."""
    return lapses >= threshold and (lapses - threshold) % max(1, threshold // 2) == 0


def _decode_before(text: str) -> CardState | None:
    data = json.loads(text)
    return CardState.from_dict(data) if data else None


def _before_state(db: sqlite3.Connection, review_id: int) -> CardState | None:
    row = db.execute("SELECT before FROM reviews WHERE id = ?", (review_id,)).fetchone()
    return _decode_before(row[0]) if row and row[0] is not None else None
