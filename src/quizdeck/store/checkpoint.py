"""WAL checkpoints off the answer path: on a thread of their own, and when the store closes.

A checkpoint copies the WAL's pages into the database file and syncs it; it can take
a few hundred milliseconds. SQLite's automatic checkpoint runs it inside the commit
that crosses the bound, so one answer in a couple of thousand waited for it. Here a
commit only looks at the WAL's size; past the bound, a thread opens its own
connection and checkpoints in two steps:

1. ``PASSIVE``: copy every page no reader still needs, without the write lock, so
   the session's next commit never waits for the copy;
2. ``TRUNCATE`` with no busy wait: copy the few pages written meanwhile and empty
   the WAL file, or give up at once if another connection is busy (the next commit
   past the bound tries again).

A crash between checkpoints loses nothing: SQLite replays the WAL on the next open.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path
from urllib.parse import quote


def wal_size(path: Path) -> int:
    """The size of the WAL file of the database at ``path`` (0 if there is none)."""
    try:
        return Path(f"{path}-wal").stat().st_size
    except OSError:
        return 0


def checkpoint(db: sqlite3.Connection) -> None:
    """Copy the WAL into the database without waiting for anyone, then empty it if possible
    (the connection's busy timeout is put back afterwards)."""
    with contextlib.suppress(sqlite3.Error):
        waits = int(db.execute("PRAGMA busy_timeout").fetchone()[0])
        db.execute("PRAGMA busy_timeout = 0")
        try:
            db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            db.execute(f"PRAGMA busy_timeout = {waits}")


def _checkpoint_file(path: Path) -> None:
    """Checkpoint ``path`` on a connection of its own (the background thread's work)."""
    uri = f"file:{quote(str(path))}?mode=rw"  # never creates a file
    with contextlib.suppress(sqlite3.Error):
        db = sqlite3.connect(uri, uri=True, timeout=0, isolation_level=None)
        try:
            checkpoint(db)
        finally:
            db.close()


class Checkpointer:
    """Keeps one database's WAL under ``bound`` bytes without a commit ever waiting for it."""

    def __init__(self, path: Path, bound: int) -> None:
        self.path = path
        self.bound = bound
        self._thread: threading.Thread | None = None

    def after_commit(self) -> None:
        """Start a background checkpoint if the WAL has passed the bound and none is running."""
        if self.running() or wal_size(self.path) <= self.bound:
            return
        self._thread = threading.Thread(
            target=_checkpoint_file, args=(self.path.resolve(),), name="quiz-checkpoint"
        )
        self._thread.daemon = True  # at exit it may stop mid-copy: harmless, as after kill -9
        self._thread.start()

    def running(self) -> bool:
        """Whether a background checkpoint is under way."""
        return self._thread is not None and self._thread.is_alive()

    def wait(self) -> None:
        """Wait for the background checkpoint, if one is running."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def settle(self, db: sqlite3.Connection) -> None:
        """After a large write (indexing decks, before a session starts): if the WAL is past
        the bound, checkpoint it now, so that no answer waits for a background checkpoint of
        it (a large WAL took 0.4–1 s, and an answer could wait for its last step)."""
        self.wait()
        if wal_size(self.path) > self.bound:
            checkpoint(db)

    def close(self, db: sqlite3.Connection) -> None:
        """At the end of a session or command: finish the background work, checkpoint the rest."""
        self.wait()
        checkpoint(db)
