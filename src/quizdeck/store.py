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
import csv
import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any, TextIO

from quizdeck import paths
from quizdeck.cards import Card
from quizdeck.review import Mode, Rating
from quizdeck.scheduler import (
    Memory,
    Scheduler,
    SchedulerSettings,
    State,
    is_lapse,
    iso,
    parse_time,
    utc,
)

#: Written into the file header so quiz can tell its databases from others ("QUIZ").
APPLICATION_ID = 0x5155495A
BUSY_TIMEOUT_MS = 5000
#: WAL pages before a checkpoint (4 KiB each). A checkpoint costs tens of milliseconds and
#: runs inside the commit that triggers it; SQLite's default of 1000 pages put one in about
#: every 150 answers, right at the answer-to-commit p99. At 8192 it is one in over a thousand.
WAL_CHECKPOINT_PAGES = 8192
#: Extra due reviews fetched beyond today's cap, for stored cards no longer in their deck.
SLACK = 64
EXPORT_FORMAT = "quiz-progress"
EXPORT_VERSION = 1

Key = tuple[str, str]


class StoreError(Exception):
    """Progress cannot be read or saved; the message says why in one line."""


class SettingError(StoreError):
    """A setting name or value that quiz does not accept."""


# --------------------------------------------------------------------------- migrations


def _m1_initial(db: sqlite3.Connection) -> None:
    """Card states, the review log and the settings."""
    db.execute(
        """CREATE TABLE cards (
            deck TEXT NOT NULL,
            card TEXT NOT NULL,
            state INTEGER,               -- NULL: never reviewed in a start session (new)
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due TEXT,
            last_review TEXT,
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            suspended INTEGER NOT NULL DEFAULT 0,
            buried_until TEXT,
            content_hash TEXT,
            leech INTEGER NOT NULL DEFAULT 0,
            first_seen TEXT,
            PRIMARY KEY (deck, card)
        ) WITHOUT ROWID"""
    )
    db.execute(
        "CREATE INDEX cards_due ON cards (state, due, buried_until) "
        "WHERE state IS NOT NULL AND suspended = 0"
    )
    db.execute(
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            time TEXT NOT NULL,
            deck TEXT NOT NULL,
            card TEXT NOT NULL,
            mode TEXT NOT NULL,
            given TEXT NOT NULL,
            correct INTEGER NOT NULL,
            score REAL NOT NULL,
            rating INTEGER NOT NULL,
            duration_ms INTEGER NOT NULL,
            state_before INTEGER,        -- the card's state before a start review; NULL if new
            before TEXT,                 -- start: JSON of the card row before ('null': none);
                                         -- practice/exam: NULL (the schedule was not touched)
            amended_at TEXT              -- when the verdict or rating was changed afterwards
        )"""
    )
    db.execute("CREATE INDEX reviews_time ON reviews (time)")
    db.execute("CREATE INDEX reviews_card ON reviews (deck, card)")
    db.execute(
        "CREATE INDEX cards_held ON cards (deck, card) "
        "WHERE suspended = 1 OR buried_until IS NOT NULL"
    )
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")


def _m2_covering_review_index(db: sqlite3.Connection) -> None:
    """Index reviews by (deck, card, correct), so per-card tallies never read the log rows."""
    db.execute("DROP INDEX reviews_card")
    db.execute("CREATE INDEX reviews_card ON reviews (deck, card, correct)")


#: The schema history: migration ``n`` (1-based) takes ``user_version`` from n-1 to n.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _m1_initial,
    _m2_covering_review_index,
)
SCHEMA_VERSION = len(MIGRATIONS)


# --------------------------------------------------------------------------- settings


def _parse_duration(text: str) -> timedelta:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([smhd]?)", text.strip().lower())
    if not match:
        raise ValueError(f"'{text}' is not a duration like 30s, 10m, 1h or 1d")
    unit = {"s": "seconds", "m": "minutes", "": "minutes", "h": "hours", "d": "days"}
    step = timedelta(**{unit[match.group(2)]: float(match.group(1))})
    if not timedelta(seconds=1) <= step <= timedelta(days=30):
        raise ValueError(f"step '{text}' must be between 1s and 30d")
    return step


def _format_duration(step: timedelta) -> str:
    seconds = int(step.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _parse_steps(text: str) -> tuple[timedelta, ...]:
    parts = [part for part in re.split(r"[\s,]+", text.strip()) if part]
    if parts in ([], ["none"]):
        return ()
    if len(parts) > 10:
        raise ValueError("at most 10 steps")
    return tuple(_parse_duration(part) for part in parts)


def _format_steps(steps: Sequence[timedelta]) -> str:
    return " ".join(_format_duration(step) for step in steps) or "none"


def _number(kind: type, low: float, high: float) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        try:
            value = kind(text.strip())
        except ValueError:
            noun = "a whole number" if kind is int else "a number"
            raise ValueError(f"'{text}' is not {noun}") from None
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}")
        return value

    return parse


def _choice(*options: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip().lower()
        if value not in options:
            raise ValueError(f"must be one of: {', '.join(options)}")
        return value

    return parse


@dataclass(frozen=True)
class SettingSpec:
    """How one setting is read from text, written back, and what it means."""

    parse: Callable[[str], Any]
    format: Callable[[Any], str]
    help: str


SETTINGS: dict[str, SettingSpec] = {
    "desired_retention": SettingSpec(
        _number(float, 0.7, 0.99), str, "chance of remembering a card when it comes due"
    ),
    "new_per_day": SettingSpec(_number(int, 0, 9999), str, "new cards introduced per day"),
    "reviews_per_day": SettingSpec(_number(int, 0, 99999), str, "reviews per day at most"),
    "learning_steps": SettingSpec(_parse_steps, _format_steps, "re-asks while learning"),
    "relearning_steps": SettingSpec(_parse_steps, _format_steps, "re-asks after forgetting"),
    "maximum_interval": SettingSpec(_number(int, 1, 36500), str, "longest gap in days"),
    "day_starts_at_hour": SettingSpec(
        _number(int, 0, 23), str, "local hour at which a new study day begins"
    ),
    "leech_threshold": SettingSpec(_number(int, 1, 99), str, "lapses that make a card a leech"),
    "leech_action": SettingSpec(_choice("tag", "suspend"), str, "what happens to a leech"),
}


@dataclass(frozen=True)
class Settings:
    """A profile's settings (defaults for those never set)."""

    desired_retention: float = 0.9
    new_per_day: int = 20
    reviews_per_day: int = 200
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500
    day_starts_at_hour: int = 4
    leech_threshold: int = 8
    leech_action: str = "tag"

    def scheduler_settings(self) -> SchedulerSettings:
        """What the scheduler needs of these settings (fuzz is always on)."""
        return SchedulerSettings(
            desired_retention=self.desired_retention,
            learning_steps=self.learning_steps,
            relearning_steps=self.relearning_steps,
            maximum_interval=self.maximum_interval,
            fuzz=True,
        )

    def formatted(self) -> dict[str, str]:
        """Every setting as the text ``quiz config`` shows."""
        return {key: spec.format(getattr(self, key)) for key, spec in SETTINGS.items()}


def parse_setting(key: str, text: str) -> Any:
    """The value of setting ``key`` written as ``text``; SettingError if either is wrong."""
    spec = SETTINGS.get(key)
    if spec is None:
        raise SettingError(f"unknown setting '{key}' (settings: {', '.join(SETTINGS)})")
    try:
        return spec.parse(text)
    except ValueError as error:
        raise SettingError(f"invalid value for {key}: {error}") from None


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class CardState:
    """Everything stored about one card of one profile."""

    deck: str
    card: str
    memory: Memory | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    buried_until: datetime | None = None
    content_hash: str | None = None
    leech: bool = False
    first_seen: datetime | None = None

    @property
    def key(self) -> Key:
        """(deck id, card id)."""
        return (self.deck, self.card)

    @property
    def due(self) -> datetime | None:
        """When the card is due, or None for a card never scheduled."""
        return self.memory.due if self.memory else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``memory`` is :meth:`Memory.to_dict` or None."""
        return {
            "deck": self.deck,
            "card": self.card,
            "memory": self.memory.to_dict() if self.memory else None,
            "reps": self.reps,
            "lapses": self.lapses,
            "suspended": self.suspended,
            "buried_until": iso(self.buried_until),
            "content_hash": self.content_hash,
            "leech": self.leech,
            "first_seen": iso(self.first_seen),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CardState:
        """The inverse of :meth:`to_dict`."""
        memory = data.get("memory")
        return cls(
            deck=data["deck"],
            card=data["card"],
            memory=Memory.from_dict(memory) if memory else None,
            reps=int(data.get("reps", 0)),
            lapses=int(data.get("lapses", 0)),
            suspended=bool(data.get("suspended", False)),
            buried_until=parse_time(data.get("buried_until")),
            content_hash=data.get("content_hash"),
            leech=bool(data.get("leech", False)),
            first_seen=parse_time(data.get("first_seen")),
        )


_CARD_COLUMNS = (
    "deck, card, state, step, stability, difficulty, due, last_review, reps, lapses, "
    "suspended, buried_until, content_hash, leech, first_seen"
)


def _state_from_row(row: Sequence[Any]) -> CardState:
    deck, card, state, step, stability, difficulty, due, last, *rest = row
    reps, lapses, suspended, buried, content_hash, leech, first_seen = rest
    memory = None
    if state is not None:
        memory = Memory(State(state), step, stability, difficulty, _time(due), _time(last))
    return CardState(
        deck,
        card,
        memory,
        reps,
        lapses,
        bool(suspended),
        parse_time(buried),
        content_hash,
        bool(leech),
        parse_time(first_seen),
    )


def _state_to_row(state: CardState) -> tuple[Any, ...]:
    memory = state.memory
    return (
        state.deck,
        state.card,
        int(memory.state) if memory else None,
        memory.step if memory else None,
        memory.stability if memory else None,
        memory.difficulty if memory else None,
        iso(memory.due) if memory else None,
        iso(memory.last_review) if memory else None,
        state.reps,
        state.lapses,
        int(state.suspended),
        iso(state.buried_until),
        state.content_hash,
        int(state.leech),
        iso(state.first_seen),
    )


_STATE_NAMES: dict[int | None, str] = {None: "new"} | {int(state): str(state) for state in State}
_RATING_NAMES = {int(rating): rating.name.lower() for rating in Rating}


def _card_export(row: Sequence[Any]) -> dict[str, Any]:
    """A stored card row as a flat dict for the progress export (state by name)."""
    deck, card, state, step, stability, difficulty, due, last, *rest = row
    reps, lapses, suspended, buried, content_hash, leech, first_seen = rest
    return {
        "deck": deck,
        "card": card,
        "state": _STATE_NAMES[state],
        "step": step,
        "stability": stability,
        "difficulty": difficulty,
        "due": due,
        "last_review": last,
        "reps": reps,
        "lapses": lapses,
        "suspended": bool(suspended),
        "buried_until": buried,
        "leech": bool(leech),
        "first_seen": first_seen,
        "content_hash": content_hash,
    }


def _time(text: str) -> datetime:
    moment = parse_time(text)
    if moment is None:
        raise StoreError("a scheduled card has no due time or last review (corrupt row)")
    return moment


@dataclass(frozen=True)
class Recorded:
    """What saving a review produced: its log id, and the card's next due time (start mode)."""

    review_id: int
    due: datetime | None
    leech: bool = False  # this review made the card a leech (again)


@dataclass(frozen=True)
class ReviewRow:
    """One row of the review log."""

    id: int
    time: datetime
    deck: str
    card: str
    mode: Mode
    given: str
    correct: bool
    score: float
    rating: Rating
    duration_ms: int
    state_before: State | None
    amended_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (times ISO UTC, rating and states by name)."""
        return {
            "id": self.id,
            "time": iso(self.time),
            "deck": self.deck,
            "card": self.card,
            "mode": self.mode.value,
            "given": self.given,
            "correct": self.correct,
            "score": self.score,
            "rating": self.rating.name.lower(),
            "duration_ms": self.duration_ms,
            "state_before": str(self.state_before) if self.state_before else "new",
            "amended_at": iso(self.amended_at),
        }


_REVIEW_COLUMNS = (
    "id, time, deck, card, mode, given, correct, score, rating, duration_ms, state_before, "
    "amended_at"
)
REVIEW_FIELDS = tuple(name.strip() for name in _REVIEW_COLUMNS.split(","))


def _review_export(row: Sequence[Any]) -> dict[str, Any]:
    """A review row as :meth:`ReviewRow.to_dict` gives it, straight from the stored text."""
    rid, when, deck, card, mode, given, correct, score, rating, duration, before, amended = row
    return {
        "id": rid,
        "time": when,
        "deck": deck,
        "card": card,
        "mode": mode,
        "given": given,
        "correct": bool(correct),
        "score": score,
        "rating": _RATING_NAMES[rating],
        "duration_ms": duration,
        "state_before": _STATE_NAMES[before],
        "amended_at": amended,
    }


def _review_from_row(row: Sequence[Any]) -> ReviewRow:
    rid, when, deck, card, mode, given, correct, score, rating, duration, before, amended = row
    return ReviewRow(
        rid,
        _time(when),
        deck,
        card,
        Mode(mode),
        given,
        bool(correct),
        score,
        Rating(rating),
        duration,
        None if before is None else State(before),
        parse_time(amended),
    )


@dataclass(frozen=True)
class DeckDue:
    """What is waiting in one deck."""

    deck: str
    new: int = 0
    learning: int = 0
    due_now: int = 0
    due_later_today: int = 0
    suspended: int = 0


@dataclass(frozen=True)
class DueSummary:
    """``quiz due``: per deck counts, today's allowances and a forecast of due cards."""

    decks: list[DeckDue]
    new_today: int
    reviews_left_today: int
    forecast: list[tuple[date, int]]
    next_due: datetime | None
    changed: list[Key] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "decks": [vars(deck) for deck in self.decks],
            "new_today": self.new_today,
            "reviews_left_today": self.reviews_left_today,
            "forecast": [{"date": day.isoformat(), "due": count} for day, count in self.forecast],
            "next_due": iso(self.next_due),
            "changed": [{"deck": deck, "card": card} for deck, card in self.changed],
        }


@dataclass(frozen=True)
class Tally:
    """Reviews and how many were right."""

    reviews: int = 0
    correct: int = 0

    @property
    def accuracy(self) -> float | None:
        """Share right (0–1), or None without reviews."""
        return self.correct / self.reviews if self.reviews else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.reviews + other.reviews, self.correct + other.correct)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        accuracy = self.accuracy
        return {
            "reviews": self.reviews,
            "correct": self.correct,
            "accuracy": None if accuracy is None else round(accuracy, 4),
        }


@dataclass(frozen=True)
class CardTally:
    """A card's review record, for the weakest-cards list."""

    deck: str
    card: str
    tally: Tally
    lapses: int
    leech: bool
    suspended: bool

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "deck": self.deck,
            "card": self.card,
            **self.tally.to_dict(),
            "lapses": self.lapses,
            "leech": self.leech,
            "suspended": self.suspended,
        }


@dataclass(frozen=True)
class Stats:
    """``quiz stats``: how a student is doing."""

    days: list[tuple[date, Tally]]
    total: Tally
    true_retention: Tally
    streak: int
    studied_today: bool
    per_deck: dict[str, Tally]
    per_tag: dict[str, Tally]
    weakest: list[CardTally]
    leeches: list[CardTally]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "days": [{"date": day.isoformat(), **tally.to_dict()} for day, tally in self.days],
            "total": self.total.to_dict(),
            "true_retention": self.true_retention.to_dict(),
            "streak": self.streak,
            "studied_today": self.studied_today,
            "per_deck": {deck: tally.to_dict() for deck, tally in self.per_deck.items()},
            "per_tag": {tag: tally.to_dict() for tag, tally in self.per_tag.items()},
            "weakest": [card.to_dict() for card in self.weakest],
            "leeches": [card.to_dict() for card in self.leeches],
        }


@dataclass(frozen=True)
class Orphan:
    """Stored progress of a card that no loaded deck has any more."""

    deck: str
    card: str
    reviews: int
    last_review: datetime | None
    state: str


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
    def open(cls, path: Path, *, tz: tzinfo | None = None) -> Store:
        """Open (creating and migrating if needed) the database at ``path``.

        ``tz`` is the time zone the study day is counted in (default: local time).
        """
        path = Path(path)
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
    def for_profile(cls, profile: str, *, tz: tzinfo | None = None) -> Store:
        """Open the database of ``profile`` in the data directory."""
        if not paths.valid_profile(profile):
            raise StoreError(
                f"invalid profile name '{profile}': use up to 64 letters, digits, '.', '_' or '-', "
                "starting with a letter or digit"
            )
        return cls.open(paths.profile_db(profile), tz=tz)

    def close(self) -> None:
        """Close the database (committed work is already safe)."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _prepare(self) -> None:
        with self._errors():
            self._check_identity()
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
            self._migrate()

    def _check_identity(self) -> None:
        app_id = self._pragma("application_id")
        version = self._pragma("user_version")
        tables = self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != APPLICATION_ID and (app_id or version or tables):
            raise StoreError(f"{self.path} is not a quiz database")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer quiz (schema {version}, this quiz knows "
                f"{SCHEMA_VERSION}); upgrade quiz to use it"
            )

    def _pragma(self, name: str) -> int:
        return int(self._db.execute(f"PRAGMA {name}").fetchone()[0])

    def _migrate(self) -> None:
        if self._pragma("user_version") == SCHEMA_VERSION:
            return
        with self._write() as db:
            version = self._pragma("user_version")  # again, now that we hold the write lock
            for number in range(version, SCHEMA_VERSION):
                MIGRATIONS[number](db)
                db.execute(f"PRAGMA user_version = {number + 1}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")

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
        hour = self.settings().day_starts_at_hour if hour is None else hour
        local = utc(moment).astimezone(self.tz)
        return local.date() if local.hour >= hour else local.date() - timedelta(days=1)

    def _boundary(self, day: date, hour: int | None = None) -> datetime:
        hour = self.settings().day_starts_at_hour if hour is None else hour
        naive = datetime.combine(day, time(hour))
        local = naive.replace(tzinfo=self.tz) if self.tz else naive.astimezone()
        return local.astimezone(timezone.utc)

    # ----------------------------------------------------------------- card states

    def card_state(self, deck: str, card: str) -> CardState | None:
        """What is stored about one card, or None."""
        with self._errors():
            return self._load_state(self._db, (deck, card))

    def _load_state(self, db: sqlite3.Connection, key: Key) -> CardState | None:
        row = db.execute(
            f"SELECT {_CARD_COLUMNS} FROM cards WHERE deck = ? AND card = ?", key
        ).fetchone()
        return _state_from_row(row) if row else None

    def _save_state(self, db: sqlite3.Connection, state: CardState) -> None:
        db.execute(
            f"INSERT OR REPLACE INTO cards ({_CARD_COLUMNS}) VALUES ({', '.join('?' * 15)})",
            _state_to_row(state),
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
                "INSERT INTO reviews (time, deck, card, mode, given, correct, score, rating, "
                "duration_ms, state_before, before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    iso(now),
                    card.deck_id,
                    card.id,
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
        row = db.execute(f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE id = ?", (review_id,))
        found = row.fetchone()
        if found is None:
            raise StoreError(f"no review #{review_id} in {self.path}")
        return _review_from_row(found)

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
                f"SELECT {_REVIEW_COLUMNS}, before FROM reviews ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if found is None:
                return None
            row = _review_from_row(found[:-1])
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
    ) -> list[Card]:
        """The cards to ask now: due cards (by due time), then new cards in the given order.

        Learning and relearning cards that are due are always included; review cards
        are capped by ``review_limit`` and what is left of today's ``reviews_per_day``;
        new cards by ``new_limit`` and what is left of today's ``new_per_day``.
        Suspended cards and cards buried until later are left out.
        """
        now = utc(now)
        settings = self.settings()
        hour = settings.day_starts_at_hour
        with self._read() as db:
            new_done, reviews_done = self._done_today(
                db, self._boundary(self.study_date(now, hour), hour)
            )
            review_cap = _cap(settings.reviews_per_day - reviews_done, review_limit)
            new_cap = _cap(settings.new_per_day - new_done, new_limit)
            learning = self._due_rows(db, now, "state IN (1, 3)")
            reviews = (
                self._due_rows(db, now, "state = 2", limit=review_cap + SLACK) if review_cap else []
            )
            blocked = self._blocked(db, now) if new_cap else {}
            seen = self._seen_ids(db) if new_cap else {}
        due, new_cards = _match(cards, learning + reviews, seen, blocked, new_cap)
        if len(due[State.REVIEW]) < review_cap and len(reviews) == review_cap + SLACK:
            # Due cards of other decks took the extra rows: fetch these decks' due cards only.
            decks = sorted(set(map(attrgetter("deck_id"), cards)))
            with self._read() as db:
                reviews = self._due_rows(db, now, "state = 2", decks=decks)
            due, new_cards = _match(cards, learning + reviews, seen, blocked, new_cap)
        chosen = due[State.LEARNING] + due[State.REVIEW][:review_cap]
        chosen.sort(key=itemgetter(0))
        return [card for _, card in chosen] + new_cards

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
        deck_filter, params = _deck_filter(decks)
        due = "due"
        if decks is not None:
            # Walk the given decks' cards by primary key rather than every due card by
            # the due index ("+" keeps SQLite from using an index for that term).
            which, due = which.replace("state", "+state"), "+due"
        sql = (
            f"SELECT deck, card, due, state FROM cards WHERE {which} AND suspended = 0 "
            f"AND state IS NOT NULL AND {due} <= ? "
            f"AND (buried_until IS NULL OR buried_until <= ?) {deck_filter} ORDER BY due"
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
        """The earliest due time among ``cards`` (suspended cards left out), or None."""
        utc(now)
        keys = json.dumps([[card.deck_id, card.id] for card in cards])
        with self._errors():
            row = self._db.execute(
                "SELECT min(max(due, coalesce(buried_until, ''))) FROM cards "
                "WHERE state IS NOT NULL AND suspended = 0 AND "
                "(deck, card) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') "
                "FROM json_each(?))",
                (keys,),
            ).fetchone()
        return parse_time(row[0]) if row else None

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
            state = _STATE_NAMES[states.get((deck, card))]
            orphans.append(Orphan(deck, card, count, parse_time(last), state))
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
        sql = f"SELECT {_CARD_COLUMNS} FROM cards"
        params: tuple[Any, ...] = ()
        if decks is not None:
            sql += " WHERE deck IN (SELECT value FROM json_each(?))"
            params = (json.dumps(sorted(decks)),)
        with self._errors():
            return [
                _state_from_row(row)
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
        sql = f"SELECT {_REVIEW_COLUMNS} FROM reviews {where} ORDER BY id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._errors():
            rows = [_review_from_row(row) for row in self._db.execute(sql, params)]
        return rows[::-1]

    def due_summary(self, cards: Sequence[Card], now: datetime, days: int = 14) -> DueSummary:
        """Per deck: new, learning, due now, due later today; and a ``days``-day forecast."""
        now = utc(now)
        settings = self.settings()
        hour = settings.day_starts_at_hour
        today = self.study_date(now, hour)
        horizon = iso(self._boundary(today + timedelta(days=days), hour))
        tomorrow = iso(self._boundary(today + timedelta(days=1), hour))
        by_key = {card.key: card for card in cards}
        with self._read() as db:
            new_done, reviews_done = self._done_today(db, self._boundary(today, hour))
            rows = db.execute(
                "SELECT deck, card, state, due, suspended, buried_until, content_hash FROM cards "
                "WHERE deck IN (SELECT value FROM json_each(?))",
                (json.dumps(sorted({deck for deck, _ in by_key})),),
            ).fetchall()
        counts: dict[str, dict[str, int]] = {
            deck: defaultdict(int) for deck in dict.fromkeys(card.deck_id for card in cards)
        }
        for card in cards:
            counts[card.deck_id]["new"] += 1
        forecast: dict[date, int] = defaultdict(int)
        changed: list[Key] = []
        clock = iso(now) or ""
        for deck, card_id, state, due, suspended, buried, stored_hash in rows:
            known = by_key.get((deck, card_id))
            if known is None:
                continue
            tally = counts[deck]
            if state is not None or suspended:
                tally["new"] -= 1
            if suspended:
                tally["suspended"] += 1
                continue
            if stored_hash and stored_hash != known.content_hash():
                changed.append(known.key)
            if state is None:
                continue
            tally["learning"] += state != State.REVIEW
            if due <= clock and not (buried and buried > clock):
                tally["due_now"] += 1
            elif due < tomorrow:
                tally["due_later_today"] += 1
            if due < horizon:
                forecast[max(today, self.study_date(_time(due), hour))] += 1
        decks = [DeckDue(deck, **tally) for deck, tally in counts.items()]
        new_cap = max(0, settings.new_per_day - new_done)
        return DueSummary(
            decks=decks,
            new_today=min(new_cap, sum(deck.new for deck in decks)),
            reviews_left_today=max(0, settings.reviews_per_day - reviews_done),
            forecast=[(day, forecast[day]) for day in _days(today, days)],
            next_due=self.next_due(cards, now),
            changed=changed,
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
        hour = self.settings().day_starts_at_hour
        today = self.study_date(now, hour)
        deck_filter, params = _deck_filter(decks)
        with self._read() as db:
            daily = [
                (day, *self._day_tallies(db, day, hour, deck_filter, params))
                for day in _days(today - timedelta(days=days - 1), days)
            ]
            card_tallies = self._card_tallies(db, deck_filter, params)
            leech_rows = db.execute(
                "SELECT deck, card, lapses, suspended FROM cards WHERE leech = 1 "
                f"{deck_filter} ORDER BY lapses DESC, deck, card",
                params,
            ).fetchall()
            streak, studied_today = self._streak(db, today, hour, deck_filter, params)
        tallies = {(entry.deck, entry.card): entry for entry in card_tallies}
        return Stats(
            days=[(day, tally) for day, tally, _ in daily],
            total=sum((entry.tally for entry in card_tallies), Tally()),
            true_retention=sum((retained for _, _, retained in daily), Tally()),
            streak=streak,
            studied_today=studied_today,
            per_deck=_group(card_tallies, lambda entry: [entry.deck]),
            per_tag=_per_tag(cards, card_tallies),
            weakest=_weakest(card_tallies, weakest),
            leeches=[
                replace(tallies[(deck, card)], lapses=lapses, suspended=bool(suspended))
                if (deck, card) in tallies
                else CardTally(deck, card, Tally(), lapses, True, bool(suspended))
                for deck, card, lapses, suspended in leech_rows
            ],
        )

    def _day_tallies(
        self,
        db: sqlite3.Connection,
        day: date,
        hour: int,
        deck_filter: str,
        params: tuple[str, ...],
    ) -> tuple[Tally, Tally]:
        """One study day: all reviews, and start reviews of learned cards not forgotten."""
        start, end = self._boundary(day, hour), self._boundary(day + timedelta(days=1), hour)
        count, right, learned, kept = db.execute(
            "SELECT count(*), coalesce(sum(correct), 0), "
            "coalesce(sum(mode = 'start' AND state_before = 2), 0), "
            "coalesce(sum(mode = 'start' AND state_before = 2 AND rating > 1), 0) "
            f"FROM reviews WHERE time >= ? AND time < ? {deck_filter}",
            (iso(start), iso(end), *params),
        ).fetchone()
        return Tally(count, right), Tally(learned, kept)

    def _card_tallies(
        self, db: sqlite3.Connection, deck_filter: str, params: tuple[str, ...]
    ) -> list[CardTally]:
        """Reviews and right answers of every card with reviews, with its lapses and flags."""
        rows = db.execute(
            "SELECT t.deck, t.card, t.n, t.right, coalesce(c.lapses, 0), coalesce(c.leech, 0), "
            "coalesce(c.suspended, 0) FROM (SELECT deck, card, count(*) AS n, "
            f"sum(correct) AS right FROM reviews WHERE 1 {deck_filter} GROUP BY deck, card) t "
            "LEFT JOIN cards c ON c.deck = t.deck AND c.card = t.card",
            params,
        )
        return [
            CardTally(deck, card, Tally(count, int(right)), lapses, bool(leech), bool(suspended))
            for deck, card, count, right, lapses, leech, suspended in rows
        ]

    def _streak(
        self,
        db: sqlite3.Connection,
        today: date,
        hour: int,
        deck_filter: str,
        params: tuple[str, ...],
    ) -> tuple[int, bool]:
        """Consecutive study days with a review, ending today (or yesterday)."""

        def studied(day: date) -> bool:
            start, end = self._boundary(day, hour), self._boundary(day + timedelta(days=1), hour)
            return bool(
                db.execute(
                    f"SELECT 1 FROM reviews WHERE time >= ? AND time < ? {deck_filter} LIMIT 1",
                    (iso(start), iso(end), *params),
                ).fetchone()
            )

        studied_today = studied(today)
        day = today if studied_today else today - timedelta(days=1)
        streak = 0
        while studied(day):
            streak += 1
            day -= timedelta(days=1)
        return streak, studied_today

    # ----------------------------------------------------------------- export

    def export(self, out: TextIO, fmt: str, *, profile: str, now: datetime) -> int:
        """Write the review log and card states as JSON, or the log as CSV; returns the reviews."""
        if fmt not in ("json", "csv"):
            raise StoreError(f"unknown export format '{fmt}' (json or csv)")
        with self._read() as db:
            reviews = map(
                _review_export, db.execute(f"SELECT {_REVIEW_COLUMNS} FROM reviews ORDER BY id")
            )
            if fmt == "csv":
                return _write_csv(out, reviews)
            cards = map(
                _card_export, db.execute(f"SELECT {_CARD_COLUMNS} FROM cards ORDER BY deck, card")
            )
            header = {
                "format": EXPORT_FORMAT,
                "version": EXPORT_VERSION,
                "profile": profile,
                "exported_at": iso(now),
            }
            return _write_json(out, header, reviews, cards)


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


def _cap(left: int, limit: int | None) -> int:
    left = max(0, left)
    return left if limit is None else max(0, min(left, limit))


def _match(
    cards: Sequence[Card],
    due_rows: Sequence[tuple[str, str, str, int]],
    seen: dict[str, set[str]],
    blocked: dict[str, set[str]],
    new_cap: int,
) -> tuple[dict[State, list[tuple[str, Card]]], list[Card]]:
    """One pass over ``cards``: find the due ones and the first ``new_cap`` new ones.

    Returns the due cards as (due, card) pairs in due order, learning and relearning
    under ``State.LEARNING``, reviews under ``State.REVIEW``; and the new cards in the
    given order. This loop is the cost of a big queue, so it does as little as it can.
    """
    wanted: dict[str, dict[str, int]] = {}  # card id -> deck id -> row
    for index, (deck, card_id, _, _) in enumerate(due_rows):
        wanted.setdefault(card_id, {}).setdefault(deck, index)
    slots: list[Card | None] = [None] * len(due_rows)
    new_cards: list[Card] = []
    want_new = new_cap > 0
    empty: set[str] = set()
    wanted_get, seen_get, blocked_get = wanted.get, seen.get, blocked.get
    for card in cards:
        card_id = card.id
        decks = wanted_get(card_id)
        if decks is not None:
            row = decks.get(card.deck_id)
            if row is not None:
                slots[row] = card
                continue
        if want_new:
            deck_id = card.deck_id
            if card_id not in seen_get(deck_id, empty) and card_id not in blocked_get(
                deck_id, empty
            ):
                new_cards.append(card)
                want_new = len(new_cards) < new_cap
    due: dict[State, list[tuple[str, Card]]] = {State.LEARNING: [], State.REVIEW: []}
    for (_, _, when, state), found in zip(due_rows, slots, strict=True):
        if found is not None:
            due[State.REVIEW if state == State.REVIEW else State.LEARNING].append((when, found))
    return due, new_cards


def _days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=offset) for offset in range(count)]


def _deck_filter(
    decks: Collection[str] | None, column: str = "deck"
) -> tuple[str, tuple[str, ...]]:
    """An ``AND column IN (...)`` clause and its parameter, or nothing for all decks."""
    if decks is None:
        return "", ()
    return f"AND {column} IN (SELECT value FROM json_each(?))", (json.dumps(sorted(decks)),)


def _group(
    entries: Iterable[CardTally], groups_of: Callable[[CardTally], Iterable[str]]
) -> dict[str, Tally]:
    totals: dict[str, Tally] = defaultdict(Tally)
    for entry in entries:
        for group in groups_of(entry):
            totals[group] = totals[group] + entry.tally
    return dict(sorted(totals.items()))


def _per_tag(cards: Sequence[Card], entries: Sequence[CardTally]) -> dict[str, Tally]:
    tags = {card.key: card.tags for card in cards if card.tags}
    return _group(entries, lambda entry: tags.get((entry.deck, entry.card), ()))


def _weakest(entries: Sequence[CardTally], count: int, minimum: int = 3) -> list[CardTally]:
    """Cards with at least ``minimum`` reviews, lowest accuracy first."""
    candidates = [
        entry
        for entry in entries
        if entry.tally.reviews >= minimum and entry.tally.correct < entry.tally.reviews
    ]
    candidates.sort(key=lambda entry: (entry.tally.accuracy, -entry.lapses, -entry.tally.reviews))
    return candidates[:count]


def _write_csv(out: TextIO, reviews: Iterable[dict[str, Any]]) -> int:
    writer = csv.DictWriter(out, fieldnames=REVIEW_FIELDS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for review in reviews:
        writer.writerow({k: _csv_value(v) for k, v in review.items()})
        count += 1
    return count


def _csv_value(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _write_json(
    out: TextIO,
    header: dict[str, Any],
    reviews: Iterable[dict[str, Any]],
    cards: Iterable[dict[str, Any]],
) -> int:
    """Stream one JSON object, one review or card per line, so a big log is never all in memory."""
    out.write(json.dumps(header, ensure_ascii=False)[:-1])
    count = 0
    for name, items in (("reviews", reviews), ("cards", cards)):
        out.write(f', "{name}": [')
        for index, item in enumerate(items):
            out.write(("," if index else "") + "\n  " + json.dumps(item, ensure_ascii=False))
            count += name == "reviews"
        out.write("\n]")
    out.write("}\n")
    return count
