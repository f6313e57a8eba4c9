"""Progress storage, the core: one SQLite file per profile, with the schedule and the review log.

Durability: the database runs in WAL mode with ``synchronous=NORMAL``. Every
review is its own transaction, committed before :meth:`Store.record_review`
returns. A commit is written to the WAL file (a ``write()`` into the operating
system's cache) before it returns, so killing the process at any moment — even
with ``kill -9`` — loses nothing that was committed and never corrupts the file
(SQLite replays the WAL when the file is next opened). Only a power cut or an
operating-system crash can lose the last few commits (never the integrity of the
file), because the WAL is synced at checkpoints rather than at every commit;
that is the price of a commit costing well under a millisecond.

Checkpoints (copying the WAL into the database and syncing it) never run inside
a commit: SQLite's automatic checkpoint is off. Once the WAL passes
:data:`WAL_CHECKPOINT_PAGES`, a checkpoint runs on a thread of its own, with its
own connection, without taking the write lock while it copies (see
:mod:`quizdeck.store.checkpoint`); closing the store checkpoints what is left.

Times are stored as fixed-width ISO 8601 UTC text, so comparing the text
compares the times.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, TypeVar

from quizdeck import paths
from quizdeck.clock import StudyDays
from quizdeck.errors import StoreError
from quizdeck.settings import SETTINGS, SettingError, Settings, checked_setting, parse_setting
from quizdeck.store.checkpoint import Checkpointer
from quizdeck.store.migrations import APPLICATION_ID, SCHEMA_VERSION, migrate
from quizdeck.store.rows import (
    CARD_COLUMNS,
    CardState,
    Key,
    state_from_row,
    state_to_row,
)

BUSY_TIMEOUT_MS = 5000
#: WAL pages (4 KiB each) past which a background checkpoint starts. A checkpoint costs tens
#: to hundreds of milliseconds; it runs off the answer path, so the bound only caps the WAL.
WAL_CHECKPOINT_PAGES = 2048
#: The settings row holding the profile's student id (not a setting a student changes).
IDENTITY = "student_id"

S = TypeVar("S", bound="StoreCore")


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


class StoreCore:
    """Opening a profile's database, transactions, settings, study days and card states.

    :class:`quizdeck.store.Store` adds reviewing, the queue, card flags and reading
    progress to it, each from a module of its own.
    """

    def __init__(self, db: sqlite3.Connection, path: Path, tz: tzinfo | None = None) -> None:
        self._db = db
        self.path = path
        self.tz = _validate_tz(tz)  # None: the system's local time zone
        self.read_only = False  # opened read-only: nothing is written
        self._checkpointer = Checkpointer(path, WAL_CHECKPOINT_PAGES * 4096)

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(cls: type[S], path: Path, *, tz: tzinfo | None = None, reading: bool = False) -> S:
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
    def _open_read_only(cls: type[S], path: Path, tz: tzinfo | None) -> S:
        """The database as it is on a read-only folder: no migration, nothing written."""
        from urllib.parse import quote

        uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
        try:
            db = sqlite3.connect(uri, uri=True, isolation_level=None)
            store = cls(db, path, tz)
            store.read_only = True
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
    def _open(cls: type[S], path: Path, tz: tzinfo | None) -> S:
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
    def for_profile(
        cls: type[S], profile: str, *, tz: tzinfo | None = None, reading: bool = False
    ) -> S:
        """Open the database of ``profile`` in the data directory (see ``open``)."""
        if not paths.valid_profile(profile):
            raise StoreError(
                f"invalid profile name '{profile}': use up to 64 letters, digits, '.', '_' or '-', "
                "starting with a letter or digit"
            )
        return cls.open(paths.profile_db(profile), tz=tz, reading=reading)

    def close(self) -> None:
        """Checkpoint the WAL (without waiting for other connections) and close the database.

        Committed work is already safe; the checkpoint only keeps the WAL small.
        """
        self._checkpointer.close(self._db)
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    def __enter__(self: S) -> S:
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
        self._db.execute("PRAGMA wal_autocheckpoint = 0")  # see Checkpointer: never in a commit
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
        self._checkpointer.after_commit()

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

    def identity(self) -> str:
        """This profile's student id: a random UUID made once, written into its exports so a
        class report tells two students of the same name apart ("" if it cannot be stored)."""
        with self._errors():
            row = self._db.execute(
                "SELECT value FROM settings WHERE key = ?", (IDENTITY,)
            ).fetchone()
        if row:
            return str(row[0])
        import uuid

        made = str(uuid.uuid4())
        try:
            with self._write() as db:
                db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
                           (IDENTITY, made))  # fmt: skip
                row = db.execute("SELECT value FROM settings WHERE key = ?", (IDENTITY,)).fetchone()
        except StoreError:
            return ""
        return str(row[0]) if row else ""

    def get_setting(self, key: str) -> str:
        """The value of one setting, as text."""
        if key not in SETTINGS:
            raise SettingError(f"unknown setting '{key}' (settings: {', '.join(SETTINGS)})")
        return self.settings().formatted()[key]

    def set_setting(self, key: str, text: str) -> str:
        """Change one setting (validated); returns the value as stored."""
        value = checked_setting(key, text)
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
