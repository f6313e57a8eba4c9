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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from quizdeck import __version__
from quizdeck.cards import CONTENT_HASH, Blank, Card, Kind
from quizdeck.deck_format import Deck

#: Changes whenever the stored form changes; with quiz's version and the state of the code
#: that reads decks (see ``code_version``) it names what a row holds.
CACHE_FORMAT = 2
#: Rows kept at most; the least recently written go first.
MAX_ROWS = 2000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS decks (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha256 TEXT, version TEXT,
    data TEXT, written INTEGER
)"""


def code_version() -> str:
    """The cache format, quiz's version and the size and time of every module that reads
    decks: a checkout edited in place (or an upgrade) never reuses decks read by other code."""
    package = Path(__file__).parent
    modules = sorted([*package.glob("deck*.py"), package / "cards.py", *package.glob("kinds/*.py")])
    stamps = []
    for module in modules:
        with contextlib.suppress(OSError):
            stat = module.stat()
            stamps.append(f"{module.name}:{stat.st_size}:{stat.st_mtime_ns}")
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

    def __init__(self, db: sqlite3.Connection | None) -> None:
        self._db = db
        self.version = code_version() if db is not None else ""

    def get(self, path: Path) -> Deck | None:
        """The cached deck of ``path`` when the file is unchanged, else None."""
        if self._db is None:
            return None
        try:
            key, stat = str(path.resolve()), path.stat()
            row = self._db.execute(
                "SELECT size, mtime_ns, sha256, version, data FROM decks WHERE path = ?", (key,)
            ).fetchone()
        except (OSError, sqlite3.Error):
            return None
        if row is None or row[3] != self.version:
            return None
        if (row[0], row[1]) != (stat.st_size, stat.st_mtime_ns):
            if row[0] != stat.st_size or _sha256(path) != row[2]:
                return None
            self._write("UPDATE decks SET mtime_ns = ? WHERE path = ?", (stat.st_mtime_ns, key))
        return _deck_from_json(row[4], path)

    def put(self, path: Path, deck: Deck) -> None:
        """Remember the valid ``deck`` read from ``path``."""
        if self._db is None:
            return
        try:
            stat = path.stat()
            digest = _sha256(path)
        except OSError:
            return
        if digest is None:
            return
        row = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, digest, self.version,
               _deck_to_json(deck), stat.st_mtime_ns)  # fmt: skip
        self._write("INSERT OR REPLACE INTO decks VALUES (?, ?, ?, ?, ?, ?, ?)", row)

    def _write(self, sql: str, values: tuple[Any, ...]) -> None:
        if self._db is None:
            return
        with contextlib.suppress(sqlite3.Error), self._db:
            self._db.execute(sql, values)
            self._db.execute(
                "DELETE FROM decks WHERE path NOT IN "
                "(SELECT path FROM decks ORDER BY rowid DESC LIMIT ?)",
                (MAX_ROWS,),
            )


@contextlib.contextmanager
def open_cache() -> Iterator[DeckCache]:
    """The deck cache, or one that remembers nothing when the cache cannot be used (or its
    file is a link or anything but a regular file: quiz never writes through those)."""
    path = cache_file()
    usable = not path.is_symlink() and (path.is_file() or not path.exists())
    db = _connect(path) if usable else None
    try:
        yield DeckCache(db)
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
            db.execute(_SCHEMA)
            db.execute("SELECT path, size, mtime_ns, sha256, version, data, written FROM decks")
            return db
        except sqlite3.DatabaseError:
            db.close()
            if attempt or not _remove_regular_file(path):
                return None
    return None  # pragma: no cover - the loop always returns


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


def _deck_to_json(deck: Deck) -> str:
    cards = [
        [card.id, card.kind.value, card.prompt, card.answers, card.choices, card.explanation,
         card.source, card.paragraphs, card.tags,
         [[blank.kind.value, blank.answers] for blank in card.blanks], card.pairs,
         card.auto_distractors, card.any_order, card.correction, card.fact, card.line,
         card.content_hash()]
        for card in deck.cards
    ]  # fmt: skip
    meta = [deck.id, deck.title, deck.description, deck.source, deck.tags]
    return json.dumps([meta, cards], ensure_ascii=False, separators=(",", ":"))


def _deck_from_json(text: str, path: Path) -> Deck | None:
    """The deck a row holds, its paths set to ``path``; None for anything unexpected."""
    try:
        (deck_id, title, description, source, tags), rows = json.loads(text)
        cards = tuple(_card(deck_id, row, path) for row in rows)
        return Deck(str(deck_id), str(title), path, cards, str(description), str(source),
                    tuple(map(str, tags)))  # fmt: skip
    except (ValueError, TypeError, KeyError):
        return None


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
