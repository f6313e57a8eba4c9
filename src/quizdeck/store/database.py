"""A profile's SQLite database: opening and upgrading it, transactions, errors as messages.

Durability: the database runs in WAL mode with ``synchronous=NORMAL``. Every
review is its own transaction, committed before :meth:`quizdeck.store.Store.record_review`
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
:mod:`quizdeck.store.checkpoint`); closing the store checkpoints what is left, and so
does indexing decks when it leaves the WAL past the bound (before a session's first answer).

Times of card states are stored as fixed-width ISO 8601 UTC text, so comparing the text
compares the times; the review log keeps microseconds (see :mod:`.log_schema`).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import sys
import time
from collections.abc import Iterator
from datetime import datetime, tzinfo
from pathlib import Path

from quizdeck.errors import StoreError
from quizdeck.store.checkpoint import Checkpointer, checkpoint
from quizdeck.store.migrations import APPLICATION_ID, SCHEMA_VERSION, VACUUM_AFTER, migrate

BUSY_TIMEOUT_MS = 5000
#: A profile at least this large is told, in one line, that its one-time upgrade takes time.
ANNOUNCED_UPGRADE_BYTES = 64_000_000
#: WAL pages (4 KiB each) past which a background checkpoint starts. A checkpoint costs tens
#: to hundreds of milliseconds; it runs off the answer path, so the bound only caps the WAL.
WAL_CHECKPOINT_PAGES = 2048


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


class DiskFullError(StoreError):
    """The disk (or the user's quota) is full."""


def _store_error(error: sqlite3.Error, path: Path) -> StoreError:
    """``error`` as a one-line StoreError (a DiskFullError when the disk is full)."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    full = code == 13 or "disk is full" in str(error).lower()
    return (DiskFullError if full else StoreError)(_error_message(error, path))


def _remove_stub(path: Path) -> None:
    """Remove the database this quiz began to create when the disk filled up before it held
    anything: an empty stub left behind would only be in the way (a regular file only)."""
    with contextlib.suppress(OSError):
        if path.is_file() and not path.is_symlink() and path.stat().st_size <= 64 * 1024:
            path.unlink()


def _unsafe_target(path: Path) -> str | None:
    """Why SQLite must not open ``path``, if it must not: it is (or links to) something other
    than a regular file, or it is a symlink out of its folder. SQLite writes its journal and
    WAL beside the file a link points to (a device's link made ``/dev/zero-journal``), and
    quiz writes only inside its own folders."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None  # a new database, or a dangling link (checked below)
    except (OSError, RuntimeError) as error:  # a symlink loop, a folder quiz may not search
        return f"cannot open {path}: {getattr(error, 'strerror', None) or error}"
    if mode is not None and not stat.S_ISREG(mode):
        return f"{path} is not a regular file (a device, FIFO or socket); it cannot hold progress"
    if path.is_symlink():
        try:
            target, folder = path.resolve(), path.parent.resolve()
        except (OSError, RuntimeError) as error:
            return f"cannot open {path}: {getattr(error, 'strerror', None) or error}"
        if not target.is_relative_to(folder):
            return (
                f"{path} is a symlink out of its folder (to {target}); quiz keeps progress "
                "only in its own folder: move the file there instead"
            )
    return None


def _is_busy(error: sqlite3.OperationalError) -> bool:
    """Whether ``error`` means another connection holds the lock."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    text = str(error).lower()
    return code in (5, 6) or "locked" in text or "busy" in text


def _validate_tz(tz: tzinfo | None) -> tzinfo | None:
    if tz is not None and datetime(2000, 1, 1, tzinfo=tz).utcoffset() is None:
        raise ValueError("tz must give a UTC offset")
    return tz


class Database:
    """One open profile database, shared by the parts of :class:`quizdeck.store.Store`."""

    def __init__(self, db: sqlite3.Connection, path: Path, tz: tzinfo | None = None) -> None:
        self.connection = db
        self.path = path
        self.tz = _validate_tz(tz)  # None: the system's local time zone
        self.read_only = False  # opened read-only: nothing is written
        self.checkpointer = Checkpointer(path, WAL_CHECKPOINT_PAGES * 4096)

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(cls, path: Path, *, tz: tzinfo | None = None, reading: bool = False) -> Database:
        """Open (creating and migrating if needed) the database at ``path``.

        ``tz`` is the time zone the study day is counted in (default: local time).
        With ``reading``, a database that cannot be opened for writing (a read-only
        folder or medium) is opened read-only instead, for commands that only read.
        """
        try:
            return cls._open(Path(path), tz)
        except DiskFullError:
            raise  # a writable folder on a full disk: reading it as read-only would mislead
        except StoreError:
            if not reading or not Path(path).is_file():
                raise
            return cls.open_read_only(Path(path), tz)

    @classmethod
    def open_read_only(cls, path: Path, tz: tzinfo | None) -> Database:
        """The database as it is on a read-only folder: no migration, nothing written."""
        from urllib.parse import quote

        uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
        try:
            db = sqlite3.connect(uri, uri=True, isolation_level=None)
            store = cls(db, path, tz)
            store.read_only = True
            store.check_identity()
            if store.pragma("user_version") != SCHEMA_VERSION:
                db.close()
                raise StoreError(
                    f"{path} needs an upgrade by this quiz, but its folder is read-only"
                )
        except sqlite3.Error as error:
            raise StoreError(_error_message(error, path)) from None
        return store

    @classmethod
    def _open(cls, path: Path, tz: tzinfo | None) -> Database:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create {path.parent}: {error.strerror or error}") from None
        if path.is_dir():
            raise StoreError(f"{path} is a folder, not a quiz database")
        if problem := _unsafe_target(path):
            raise StoreError(problem)
        new = not os.path.lexists(path)
        try:
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as error:
            raise StoreError(_error_message(error, path)) from None
        store = cls(db, path, tz)
        try:
            store.prepare()
        except BaseException as error:
            db.close()
            if new and isinstance(error, DiskFullError):
                _remove_stub(path)
            raise
        return store

    def close(self) -> None:
        """Checkpoint the WAL (without waiting for other connections) and close the database.

        Committed work is already safe; the checkpoint only keeps the WAL small.
        """
        self.checkpointer.close(self.connection)
        with contextlib.suppress(sqlite3.Error):
            self.connection.close()

    def prepare(self) -> None:
        """Set the connection up and bring the schema up to date.

        When two quiz processes open the same new file at the same moment, one of
        them can find it locked while the other creates it (SQLite does not always
        wait on its own then): retry until the busy timeout runs out.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                self.set_up()
                return
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or time.monotonic() >= deadline:
                    raise _store_error(error, self.path) from None
                time.sleep(0.01)
            except sqlite3.Error as error:
                raise _store_error(error, self.path) from None

    def set_up(self) -> None:
        self.check_identity()
        self.connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.connection.execute("PRAGMA journal_mode = WAL")
        self.connection.execute("PRAGMA synchronous = NORMAL")
        self.connection.execute(
            "PRAGMA wal_autocheckpoint = 0"
        )  # see Checkpointer: never in a commit
        if self.pragma("user_version") == SCHEMA_VERSION:
            return
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            version = self.pragma("user_version")  # read again, now that we hold the lock
            self.announce_upgrade(version)
            migrate(self.connection, version)
        except BaseException:
            if self.connection.in_transaction:
                self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")
        if version and any(version < number <= SCHEMA_VERSION for number in VACUUM_AFTER):
            self.shrink()

    def announce_upgrade(self, version: int) -> None:
        """Say so, in one line on stderr, before an upgrade that rewrites a large file (the
        review log, then VACUUM: about a minute for each 400 MB here): it runs once."""
        if not version or not any(version < number <= SCHEMA_VERSION for number in VACUUM_AFTER):
            return
        size = self.path.stat().st_size if self.path.is_file() else 0
        if size >= ANNOUNCED_UPGRADE_BYTES:
            from quizdeck.display import inert

            print(
                inert(
                    f"quiz: upgrading {self.path.name} ({size / 1e6:,.0f} MB) to a smaller "
                    "format; this runs once and may take a minute or two..."
                ),
                file=sys.stderr,
                flush=True,
            )

    def shrink(self) -> None:
        """Give the space a migration freed back to the file system (VACUUM, then empty the
        WAL it wrote). Skipped when another connection is busy: the file stays as large."""
        with contextlib.suppress(sqlite3.OperationalError):
            self.connection.execute("VACUUM")
        checkpoint(self.connection)

    def check_identity(self) -> None:
        self.connection.execute("BEGIN")  # one snapshot: another quiz may be creating the file now
        try:
            app_id = self.pragma("application_id")
            version = self.pragma("user_version")
            tables = self.connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            self.connection.execute("COMMIT")
        if app_id != APPLICATION_ID and (app_id or version or tables):
            raise StoreError(f"{self.path} is not a quiz database")
        if version < 0:
            raise StoreError(
                f"{self.path} has schema version {version}, which no quiz writes (edited by hand?)"
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer quiz (schema {version}, this quiz knows "
                f"{SCHEMA_VERSION}); upgrade quiz to use it"
            )

    def pragma(self, name: str) -> int:
        return int(self.connection.execute(f"PRAGMA {name}").fetchone()[0])

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        with self.errors():
            return self.pragma("user_version")

    # ----------------------------------------------------------------- transactions

    @contextlib.contextmanager
    def errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise StoreError(_error_message(error, self.path)) from None

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: takes the write lock first, commits at the end."""
        with self.errors():
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield self.connection
            except BaseException:
                if self.connection.in_transaction:
                    self.connection.execute("ROLLBACK")
                raise
            self.connection.execute("COMMIT")
        self.checkpointer.after_commit()

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for several reads."""
        with self.errors():
            self.connection.execute("BEGIN")
            try:
                yield self.connection
            finally:
                if self.connection.in_transaction:
                    self.connection.execute("COMMIT")
