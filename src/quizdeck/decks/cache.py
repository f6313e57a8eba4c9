"""Decks compiled once: checked decks kept in a cache, so a command reads an unchanged deck file
without parsing its TOML again.

The cache is one SQLite file in the user's cache folder (``$QUIZ_HOME/cache`` when
``QUIZ_HOME`` is set). An entry belongs to a deck file's resolved path and holds
the file's size, modification time and SHA-256, quiz's version and the deck as
JSON (never pickle: the cache is read like any other input). It is used when the
size and time match, or else when the content hash does; anything else means
the file is read and checked again. Only valid decks are cached, so a file with
problems is always checked and its problems reported.

The cache never gets in the way: a corrupt, foreign or unwritable cache file is
replaced or bypassed without a word, a write that meets another process's lock
is skipped, and SQLite's journal makes a killed write harmless.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, overload

from quizdeck import __version__
from quizdeck.decks.format import CardList, Deck, DeckError, IndexRow, collection_paused
from quizdeck.model import CONTENT_HASH, Blank, Card, Kind

#: Changes whenever the stored form changes; with quiz's version and the state of the code
#: that reads decks (see ``code_version``) it names what a row holds.
CACHE_FORMAT = 4
#: Deck rows kept at most; the least recently written go first (with their cards).
MAX_ROWS = 2000
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS decks (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha256 TEXT, version TEXT,
    key TEXT, meta TEXT, count INTEGER, written INTEGER)""",
    # Keyed by id: the queue fetches a few cards by id, one lookup each.
    """CREATE TABLE IF NOT EXISTS cards (
    key TEXT, position INTEGER, id TEXT, fact TEXT, content_hash TEXT, tags TEXT, data TEXT,
    PRIMARY KEY (key, id)) WITHOUT ROWID""",
)


#: Every module whose code decides what a deck file turns into (a test checks that each module
#: these import from the model, the decks and the kinds is listed).
READING_MODULES = (
    "model.py",
    "decks/format.py",
    "decks/locate.py",
    "decks/reader.py",
    "decks/loading.py",
    "decks/cache.py",
    "kinds/__init__.py",
    "kinds/base.py",
    "kinds/values.py",
    "kinds/typed.py",
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
)


def code_version() -> str:
    """The cache format, quiz's version and the size and time of every module that reads
    decks: a checkout edited in place (or an upgrade) never reuses decks read by other code."""
    package = Path(__file__).parents[1]
    stamps = []
    for name in READING_MODULES:
        with contextlib.suppress(OSError):
            stat = (package / name).stat()
            stamps.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return f"{CACHE_FORMAT}:{__version__}:{'|'.join(stamps)}"


def cache_file() -> Path:
    """Where the deck cache lives."""
    override = os.environ.get("QUIZ_HOME")
    if override:
        return Path(override).expanduser() / "cache" / "decks.sqlite3"
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
        return _deck_from_meta(row[5], CachedCards(self._path, str(row[4]), int(row[6]), path))

    def put(self, path: Path, deck: Deck) -> Deck:
        """Remember the valid ``deck`` read from ``path``; returns it as the cache will give
        it back (the same cards, named by the same digest)."""
        if self._db is None or self._path is None:
            return deck
        try:
            stat = path.stat()
            digest = _sha256(path)
        except OSError:
            return deck
        if digest is None:
            return deck
        import hashlib

        key = hashlib.sha256(f"{self.version}\n{digest}".encode()).hexdigest()[:32]
        meta = json.dumps([deck.id, deck.title, deck.description, deck.source, deck.tags],
                          ensure_ascii=False)  # fmt: skip
        row = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, digest, self.version, key,
               meta, len(deck.cards), stat.st_mtime_ns)  # fmt: skip
        cards = [_card_row(key, position, card) for position, card in enumerate(deck.cards)]
        if not self._write(
            "INSERT OR REPLACE INTO decks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [row],
            cards=(key, cards),
        ):
            return deck
        cached = CachedCards(self._path, key, len(deck.cards), path, tuple(deck.cards))
        cached.deck_id = deck.id
        return replace(deck, cards=cached)

    def _write(
        self,
        sql: str,
        rows: list[tuple[Any, ...]],
        *,
        cards: tuple[str, list[tuple[Any, ...]]] | None = None,
    ) -> bool:
        """Run ``sql`` for each of ``rows`` (and store ``cards``) in one transaction; False
        when the cache refused (locked by another quiz, read-only or broken)."""
        if self._db is None:
            return False
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(sql, rows)
                if cards is not None:
                    self._store_cards(*cards)
        except sqlite3.Error:
            return False
        return True

    def _store_cards(self, key: str, rows: list[tuple[Any, ...]]) -> None:
        assert self._db is not None
        self._db.execute("DELETE FROM cards WHERE key = ?", (key,))
        self._db.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        self._db.execute(
            "DELETE FROM decks WHERE path NOT IN "
            "(SELECT path FROM decks ORDER BY rowid DESC LIMIT ?)",
            (MAX_ROWS,),
        )
        self._db.execute("DELETE FROM cards WHERE key NOT IN (SELECT key FROM decks)")


@contextlib.contextmanager
def open_cache() -> Iterator[DeckCache]:
    """The deck cache, or one that remembers nothing when the cache cannot be used (or its
    file is a link or anything but a regular file: quiz never writes through those)."""
    path = cache_file()
    usable = not path.is_symlink() and (path.is_file() or not path.exists())
    db = _connect(path) if usable else None
    try:
        yield DeckCache(db, path)
    finally:
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.close()


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


def _sha256(path: Path) -> str | None:
    import hashlib

    from quizdeck.files import DECK_LIMIT, read_limited

    try:
        return hashlib.sha256(read_limited(path, DECK_LIMIT)).hexdigest()
    except (OSError, ValueError):
        return None


# --- the stored form ---------------------------------------------------------------------


def _card_row(key: str, position: int, card: Card) -> tuple[Any, ...]:
    data = [card.id, card.kind.value, card.prompt, card.answers, card.choices, card.explanation,
            card.source, card.paragraphs, card.tags,
            [[blank.kind.value, blank.answers] for blank in card.blanks], card.pairs,
            card.auto_distractors, card.any_order, card.correction, card.fact, card.line,
            card.content_hash()]  # fmt: skip
    return (key, position, card.id, card.fact, card.content_hash(),
            json.dumps(card.tags, ensure_ascii=False),
            json.dumps(data, ensure_ascii=False, separators=(",", ":")))  # fmt: skip


def _deck_from_meta(text: str, cards: CachedCards) -> Deck | None:
    """The deck a row describes, with ``cards``; None for anything unexpected."""
    try:
        deck_id, title, description, source, tags = json.loads(text)
        cards.deck_id = str(deck_id)
        return Deck(str(deck_id), str(title), cards.path, cards, str(description), str(source),
                    tuple(map(str, tags)))  # fmt: skip
    except (ValueError, TypeError):
        return None


class CachedCards(CardList):
    """A cached deck's cards, read from the cache file when first used.

    The rows of one key never change (the key names the file's content and the code
    that read it), so reading them later gives the cards the deck had. Should another
    process have dropped them meanwhile, the deck file is read again instead.
    """

    def __init__(
        self, cache: Path, key: str, size: int, path: Path, cards: tuple[Card, ...] | None = None
    ) -> None:
        self.cache, self.key, self.size, self.path = cache, key, size, path
        self.deck_id = ""
        self._cards = cards

    def __len__(self) -> int:
        return self.size if self._cards is None else len(self._cards)

    @overload
    def __getitem__(self, index: int) -> Card: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Card]: ...
    def __getitem__(self, index: int | slice) -> Card | Sequence[Card]:
        return self._all()[index]

    def __iter__(self) -> Iterator[Card]:
        return iter(self._all())

    @property
    def digest(self) -> str:
        return self.key

    def by_ids(self, ids: Collection[str]) -> dict[str, Card]:
        if self._cards is not None:
            wanted = set(ids)
            return {card.id: card for card in self._cards if card.id in wanted}
        rows = self._query(
            "SELECT data FROM cards WHERE key = ? AND id IN (SELECT value FROM json_each(?))",
            json.dumps(list(ids)),
        )
        try:
            if rows is None:
                raise ValueError("the cache cannot be read")
            cards = [_card(self.deck_id, json.loads(data), self.path) for (data,) in rows]
        except (ValueError, TypeError, KeyError):
            wanted = set(ids)
            cards = [card for card in self._all() if card.id in wanted]
        return {card.id: card for card in cards}

    def index_rows(self) -> list[IndexRow]:
        rows = self._query(
            "SELECT id, fact, content_hash, tags FROM cards WHERE key = ? ORDER BY position"
        )
        if rows is None or len(rows) != self.size:
            return [(card.id, card.fact, card.content_hash(), json.dumps(card.tags))
                    for card in self._all()]  # fmt: skip
        return rows

    def _all(self) -> tuple[Card, ...]:
        if self._cards is None:
            rows = self._query("SELECT data FROM cards WHERE key = ? ORDER BY position")
            try:
                if rows is None or len(rows) != self.size:
                    raise ValueError("the cached cards are gone")
                with collection_paused():
                    self._cards = tuple(
                        _card(self.deck_id, json.loads(data), self.path) for (data,) in rows
                    )
            except (ValueError, TypeError, KeyError):
                self._cards = _read_again(self.path)
        return self._cards

    def _query(self, sql: str, *values: Any) -> list[Any] | None:
        db = _reader(self.cache)
        if db is None:
            return None
        try:
            return db.execute(sql, (self.key, *values)).fetchall()
        except sqlite3.Error:
            return None


_readers: dict[Path, sqlite3.Connection] = {}


def _reader(cache: Path) -> sqlite3.Connection | None:
    """A read-only connection to the cache file, kept for the process."""
    if cache not in _readers:
        from urllib.parse import quote

        try:
            _readers[cache] = sqlite3.connect(
                f"file:{quote(str(cache))}?mode=ro", uri=True, check_same_thread=False
            )
        except sqlite3.Error:
            return None
    return _readers[cache]


def _read_again(path: Path) -> tuple[Card, ...]:
    """The deck file's cards, read from the file (the cache lost them)."""
    from quizdeck.decks.loading import check_deck_file

    deck, problems = check_deck_file(path)
    if deck is None:
        raise DeckError(problems)
    return tuple(deck.cards)


#: Card's fields in the order ``_card`` builds them.
_CARD_FIELDS = (
    "deck_id", "id", "kind", "prompt", "answers", "choices", "explanation", "source",
    "paragraphs", "tags", "blanks", "pairs", "auto_distractors", "any_order", "correction",
    "fact", "path", "line",
)  # fmt: skip


_KIND_OF = {kind.value: kind for kind in Kind}
_SET = object.__setattr__


def _card(deck_id: str, row: list[Any], path: Path) -> Card:
    """A Card from its stored row, built without the frozen dataclass's per-field setattr
    (ten times faster; the values are the ones ``Card.__init__`` would have stored)."""
    (card_id, kind, prompt, answers, choices, explanation, source, paragraphs, tags, blanks,
     pairs, auto, any_order, correction, fact, line, content_hash) = row  # fmt: skip
    if not all(isinstance(text, str) for text in (card_id, prompt, explanation, source, fact)):
        raise TypeError("a cached card's text is not text")
    values = (
        deck_id, card_id, _KIND_OF[kind], prompt, tuple(answers), tuple(choices), explanation,
        source, tuple(paragraphs), tuple(tags),
        tuple(Blank(_KIND_OF[blank_kind], tuple(found)) for blank_kind, found in blanks),
        tuple((left, right) for left, right in pairs), bool(auto), bool(any_order),
        str(correction), fact, path, int(line),
    )  # fmt: skip
    card = object.__new__(Card)
    for name, value in zip(_CARD_FIELDS, values, strict=True):
        _SET(card, name, value)
    _SET(card, CONTENT_HASH, str(content_hash))
    return card
