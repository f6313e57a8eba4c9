"""Decks compiled once: checked decks kept in a cache, so a command reads an unchanged deck file
without parsing its TOML again.

The cache is one SQLite file in the user's cache folder (``$QUIZ_HOME/cache`` when
``QUIZ_HOME`` is set). An entry belongs to a deck file's resolved path and holds
the file's size, modification time and SHA-256, quiz's version and the deck as
JSON (never pickle: the cache is read like any other input). It is used when the
size and time match, or else when the content hash does; anything else means
the file is read and checked again. Only valid decks are cached, so a file with
problems is always checked and its problems reported. A deck's cards are written as
they are read, a chunk at a time, in the transaction that then stores the deck (or is
rolled back): a cold start holds neither a big deck's cards nor all its TOML.

The cache never gets in the way: a corrupt, foreign or unwritable cache file is
replaced or bypassed without a word, a write that meets another process's lock
is skipped, and SQLite's journal makes a killed write harmless.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizdeck.decks.apart import KeepApart
from quizdeck.decks.cache_rows import CachedCards, CardWriter, deck_from_meta, study_row
from quizdeck.decks.format import Deck, Problem
from quizdeck.paths import home_folder

if TYPE_CHECKING:
    from quizdeck.decks.deck_forms import FormTable
    from quizdeck.decks.reader import CardSink

#: Reads and checks a deck file, its valid cards going to the sink when there is one.
ReadFile = Callable[[Path, "CardSink | None"], tuple[Deck | None, list[Problem]]]

#: Changes whenever the stored form changes; with quiz's version and the state of the code
#: that reads decks (see ``code_version``) it names what a row holds.
CACHE_FORMAT = 7
#: Deck rows kept at most; the least recently written go first (with their cards).
MAX_ROWS = 2000
#: Free disk space below which the deck cache is neither written nor read (bytes).
CACHE_RESERVE = 64 * 1024 * 1024
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS decks (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha256 TEXT, version TEXT,
    key TEXT, meta TEXT, count INTEGER, written INTEGER)""",
    # Keyed by id: the queue fetches a few cards by id, one lookup each.
    """CREATE TABLE IF NOT EXISTS cards (
    key TEXT, position INTEGER, id TEXT, fact TEXT, content_hash TEXT, tags TEXT, data TEXT,
    PRIMARY KEY (key, id)) WITHOUT ROWID""",
    # The cards a set of decks keeps apart, by the set's key (see ``keep_apart``).
    """CREATE TABLE IF NOT EXISTS apart (key TEXT PRIMARY KEY, pairs TEXT)""",
)


#: Every module whose code decides what a deck file turns into (a test checks that each module
#: these import from the model, the decks and the kinds is listed).
READING_MODULES = (
    "model.py",
    "decks/format.py",
    "decks/locate.py",
    "decks/reader.py",
    "decks/chunks.py",
    "decks/loading.py",
    "decks/cache.py",
    "decks/cache_rows.py",
    "decks/glossary.py",
    "decks/answer_forms.py",
    "decks/deck_forms.py",
    "decks/cache_forms.py",
    "decks/deck_columns.py",
    "decks/shown.py",
    "decks/apart.py",
    "decks/giveaways.py",
    "decks/images.py",
    "decks/study.py",
    "settings.py",
    "kinds/__init__.py",
    "kinds/base.py",
    "kinds/values.py",
    "kinds/typed.py",
    "kinds/typed_kinds.py",
    "kinds/text.py",
    "kinds/person.py",
    "kinds/number.py",
    "kinds/year.py",
    "kinds/date.py",
    "kinds/choice.py",
    "kinds/truefalse.py",
    "kinds/order.py",
    "kinds/cloze.py",
    "kinds/match.py",
    "kinds/flip.py",
)


def code_version() -> str:
    """The cache format and a hash of the code of every module that reads decks.

    Decks read by other code are never reused (a checkout edited in place, an upgrade
    that changes how decks are read), while a reinstall, or an upgrade that leaves the
    reading code alone, keeps every cached deck and every profile's index of it.
    """
    return f"{CACHE_FORMAT}:{code_hash(Path(__file__).parents[1], READING_MODULES)}"


@functools.lru_cache(maxsize=4)
def code_hash(package: Path, names: tuple[str, ...]) -> str:
    """A hash of the names and contents of the modules ``names`` under ``package`` (read once
    per process): file times play no part, so reinstalling the same code changes nothing."""
    code = hashlib.sha256()
    for name in names:
        code.update(name.encode() + b"\0")
        with contextlib.suppress(OSError):
            code.update(hashlib.sha256((package / name).read_bytes()).digest())
    return code.hexdigest()[:32]


def cache_file() -> Path:
    """Where the deck cache lives."""
    override = os.environ.get("QUIZ_HOME")
    if override:
        return home_folder(override) / "cache" / "decks.sqlite3"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("quiz", appauthor=False)) / "decks.sqlite3"


class DeckCache:
    """An open deck cache; every method swallows the cache's own failures."""

    def __init__(self, db: sqlite3.Connection | None, path: Path | None = None) -> None:
        self._db = db
        self._path = path
        self.version = code_version() if db is not None else ""

    def get(self, path: Path) -> Deck | None:
        """The cached deck of ``path`` when the file is unchanged, else None. Its cards are
        read from the cache only when they are used (see :class:`CachedCards`)."""
        if self._db is None or self._path is None:
            return None
        try:
            key, stat = str(path.resolve()), path.stat()
            row = self._db.execute(
                "SELECT size, mtime_ns, sha256, version, key, meta, count FROM decks "
                "WHERE path = ?",
                (key,),
            ).fetchone()
        except (OSError, sqlite3.Error):
            return None
        if row is None or row[3] != self.version:
            return None
        if (row[0], row[1]) != (stat.st_size, stat.st_mtime_ns):
            if row[0] != stat.st_size or _sha256(path) != row[2]:
                return None
            self._write("UPDATE decks SET mtime_ns = ? WHERE path = ?", [(stat.st_mtime_ns, key)])
        return deck_from_meta(row[5], CachedCards(self._path, str(row[4]), int(row[6]), path))

    def read(self, path: Path, read_file: ReadFile) -> tuple[Deck | None, list[Problem]]:
        """The deck file ``path`` read and checked by ``read_file``, and kept when valid: its
        cards are written as they are read, a chunk at a time, so that a cold start holds
        neither a big deck's cards nor all its TOML at once. The deck returned reads them back
        from the cache when they are used. When the cache refuses, the file is read as is."""
        db = self._db
        if db is None or self._path is None:
            return read_file(path, None)
        try:
            stat = path.stat()  # before reading: an edit made meanwhile is seen next time
        except OSError:
            return read_file(path, None)
        digest = _sha256(path)
        if digest is None or not self._begin(db):
            return read_file(path, None)
        key = hashlib.sha256(f"{self.version}\n{digest}".encode()).hexdigest()[:32]
        writer = CardWriter(db, key)
        deck: Deck | None = None
        problems: list[Problem] = []
        kept = False
        try:
            writer.discard()
            deck, problems = read_file(path, writer)
            if deck is not None and not writer.failed:
                row = _deck_row(path, stat, digest, self.version, key, deck, writer.count)
                self._store(db, row)
                db.execute("COMMIT")
                kept = True
        except sqlite3.Error:
            pass
        finally:
            if not kept:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
        if deck is None and problems:
            return None, problems
        if deck is None or not kept:  # the cache failed: its cards are lost, read them again
            return read_file(path, None)
        cached = CachedCards(self._path, key, writer.count, path)
        cached.deck_id, cached.glossary, cached.study = deck.id, deck.glossary, deck.study
        return replace(deck, cards=cached), problems

    @staticmethod
    def _begin(db: sqlite3.Connection) -> bool:
        """Open a write transaction; False when another quiz holds the cache."""
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error:
            return False
        return True

    def _write(self, sql: str, rows: list[tuple[Any, ...]]) -> bool:
        """Run ``sql`` for each of ``rows`` in one transaction (see ``_transaction``)."""
        return self._transaction(lambda db: db.executemany(sql, rows))

    def _transaction(self, work: Callable[[sqlite3.Connection], object]) -> bool:
        """Do ``work`` in one transaction; False when the cache refused (locked by another
        quiz, read-only or broken): nothing of it is then written."""
        if self._db is None:
            return False
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                work(self._db)
        except sqlite3.Error:
            return False
        return True

    @staticmethod
    def _store(db: sqlite3.Connection, row: tuple[Any, ...]) -> None:
        """Store a deck's ``row`` (its cards are written); then drop the oldest decks beyond
        :data:`MAX_ROWS` and the cards no deck names any more (found by key: the cards table is
        never scanned)."""
        path, key = row[0], row[5]
        replaced = [old for (old,) in db.execute("SELECT key FROM decks WHERE path = ?", (path,))]
        db.execute("INSERT OR REPLACE INTO decks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
        oldest = "SELECT path FROM decks ORDER BY rowid DESC LIMIT -1 OFFSET ?"
        dropped = [old for (old,) in db.execute(f"SELECT key FROM decks WHERE path IN ({oldest})",
                                                (MAX_ROWS,))]  # fmt: skip
        db.execute(f"DELETE FROM decks WHERE path IN ({oldest})", (MAX_ROWS,))
        for gone in {*replaced, *dropped} - {key}:
            db.execute("DELETE FROM cards WHERE key = ?1 AND NOT EXISTS "
                       "(SELECT 1 FROM decks WHERE key = ?1)", (gone,))  # fmt: skip
        db.execute("DELETE FROM apart WHERE key NOT IN (SELECT key FROM apart "
                   "ORDER BY rowid DESC LIMIT ?)", (MAX_ROWS,))  # fmt: skip

    @property
    def connection(self) -> sqlite3.Connection | None:
        """The cache's database (None when the cache cannot be used), for the tables kept
        beside the decks (:mod:`quizdeck.decks.cache_forms`)."""
        return self._db

    def apart(self, key: str) -> KeepApart | None:
        """The cards kept apart stored under ``key``, if any."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT pairs FROM apart WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            pairs = json.loads(row[0])
            return KeepApart(((a, b), (c, d)) for a, b, c, d in pairs)
        except (sqlite3.Error, ValueError, TypeError):
            return None

    def forms(self, key: str) -> FormTable | None:
        """The give-away table of the cached deck ``key`` (see :mod:`.cache_forms`), if kept."""
        from quizdeck.decks.cache_forms import stored_table

        return stored_table(self._db, key)

    def put_forms(self, key: str, table: FormTable) -> None:
        """Keep the give-away table of the cached deck ``key``."""
        from quizdeck.decks.cache_forms import store_table

        store_table(self._db, key, table)

    def put_apart(self, key: str, apart: KeepApart) -> None:
        """Remember the cards kept apart under ``key``."""
        pairs = json.dumps([[*one, *other] for one, other in apart.pairs()], ensure_ascii=False)
        self._write("INSERT OR REPLACE INTO apart VALUES (?, ?)", [(key, pairs)])


@contextlib.contextmanager
def open_cache() -> Iterator[DeckCache]:
    """The deck cache, or one that remembers nothing when the cache cannot be used (or its
    file is a link or anything but a regular file: quiz never writes through those)."""
    path = cache_file()
    usable = not path.is_symlink() and (path.is_file() or not path.exists())
    usable = usable and not _disk_nearly_full(path.parent)
    db = _connect(path) if usable else None
    try:
        yield DeckCache(db, path)
    finally:
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.close()


def _disk_nearly_full(folder: Path) -> bool:
    """Whether the disk of ``folder`` (or of its nearest existing parent) has less than
    :data:`CACHE_RESERVE` free: the cache is dispensable, and must not take the space a
    profile's progress needs (quiz reads decks before it opens the profile)."""
    import shutil

    for place in (folder, *folder.parents):
        try:
            return shutil.disk_usage(place).free < CACHE_RESERVE
        except FileNotFoundError:
            continue
        except OSError:
            return False
    return False


def _connect(path: Path) -> sqlite3.Connection | None:
    """A connection to a usable cache file; a broken one is replaced once."""
    for attempt in range(2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=0.2, isolation_level=None)
        except (OSError, sqlite3.Error):
            return None
        try:
            db.execute("PRAGMA busy_timeout = 200")
            _create_or_check(db)
            db.execute("SELECT path, size, mtime_ns, sha256, version, key, meta, count, written "
                        "FROM decks LIMIT 1")  # fmt: skip
            db.execute(
                "SELECT key, position, id, fact, content_hash, tags, data FROM cards LIMIT 1"
            )
            db.execute("SELECT key, pairs FROM apart LIMIT 1")
            return db
        except sqlite3.DatabaseError as error:
            db.close()
            if _busy(error) or attempt or not _remove_regular_file(path):
                return None  # busy: another quiz is writing it; use no cache this time
    return None  # pragma: no cover - the loop always returns


def _busy(error: sqlite3.Error) -> bool:
    """Whether ``error`` says the file is locked by another connection (not broken)."""
    return isinstance(error, sqlite3.OperationalError) and "locked" in str(error)


def _create_or_check(db: sqlite3.Connection) -> None:
    """Create the tables in a new file (at once, with the format in ``user_version``); an
    existing file in another format is refused (DatabaseError), to be replaced."""
    if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
        with db:
            db.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {CACHE_FORMAT}")
    if db.execute("PRAGMA user_version").fetchone()[0] != CACHE_FORMAT:
        raise sqlite3.DatabaseError("a deck cache in another format")


def _remove_regular_file(path: Path) -> bool:
    """Delete a broken cache file, but only a regular file (never a link or a device)."""
    try:
        if not path.is_symlink() and path.is_file():
            path.unlink()
            return True
    except OSError:
        pass
    return False


def _deck_row(
    path: Path, stat: os.stat_result, digest: str, version: str, key: str, deck: Deck, count: int
) -> tuple[Any, ...]:
    """The ``decks`` row of ``deck``, read from ``path`` (``count`` cards)."""
    meta = json.dumps(
        [deck.id, deck.title, deck.description, deck.source, deck.tags, deck.glossary,
         study_row(deck.study)],
        ensure_ascii=False,
    )  # fmt: skip
    return (str(path.resolve()), stat.st_size, stat.st_mtime_ns, digest, version, key, meta,
            count, stat.st_mtime_ns)  # fmt: skip


def _sha256(path: Path) -> str | None:
    from quizdeck.files import DECK_LIMIT, read_limited

    try:
        return hashlib.sha256(read_limited(path, DECK_LIMIT)).hexdigest()
    except (OSError, ValueError):
        return None


# --- the stored form ---------------------------------------------------------------------
