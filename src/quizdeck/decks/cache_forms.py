"""A deck's give-away table kept in the deck cache, beside its cards (see
:mod:`quizdeck.decks.deck_forms`): a session after an edit to one deck works out that deck's
table again and reads the others' from here, without their cards.

A table is stored as JSON under its deck's cache key (which names the deck's content and
the code that reads it) and read back like any other input: a row that is not what quiz
writes is ignored (the table is then worked out again from the cards).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from quizdeck.decks.deck_forms import FormEntry, FormTable, table_of

_CREATE = "CREATE TABLE IF NOT EXISTS forms (key TEXT PRIMARY KEY, data TEXT)"
#: The stored form; a row in another one is ignored.
FORMAT = 1


def stored_table(db: sqlite3.Connection | None, key: str) -> FormTable | None:
    """The table stored for the deck ``key``, if any (and readable)."""
    if db is None:
        return None
    try:
        row = db.execute("SELECT data FROM forms WHERE key = ?", (key,)).fetchone()
        return None if row is None else _table(json.loads(row[0]))
    except (sqlite3.Error, ValueError, TypeError, KeyError, AttributeError):
        return None


def store_table(db: sqlite3.Connection | None, key: str, table: FormTable) -> None:
    """Keep ``table`` for the deck ``key`` (tables of decks the cache dropped go too); a cache
    that refuses (locked, read-only) is left alone."""
    if db is None:
        return
    data = json.dumps(_data(table), ensure_ascii=False, separators=(",", ":"))
    try:
        with db:
            db.execute("BEGIN IMMEDIATE")
            db.execute(_CREATE)
            db.execute("INSERT OR REPLACE INTO forms VALUES (?, ?)", (key, data))
            db.execute("DELETE FROM forms WHERE key NOT IN (SELECT key FROM decks)")
    except sqlite3.Error:
        return


def _data(table: FormTable) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "deck": table.deck_id,
        "ids": table.ids,
        "facts": table.facts,
        "forms": table.forms,
        "lines": table.lines.decode(),
        "own": table.own,
    }


def _table(data: dict[str, Any]) -> FormTable | None:
    """The table stored as ``data``, checked (None when it is not what quiz writes)."""
    if data["format"] != FORMAT:
        return None
    ids, facts = data["ids"], data["facts"]
    size = len(ids)
    if len(facts) != size or not all(isinstance(text, str) for text in (*ids, *facts)):
        return None
    forms: dict[str, list[FormEntry]] = {}
    for key, entries in data["forms"].items():
        forms[key] = [_entry(entry, size) for entry in entries]
    own: dict[str, list[tuple[int, bool]]] = {}
    for key, places in data["own"].items():
        own[key] = [(_position(position, size), bool(before)) for position, before in places]
    lines = data["lines"].encode()
    if not lines.isascii() or lines.count(b"\n") != max(size - 1, 0):
        return None
    return table_of(str(data["deck"]), ids, facts, forms, lines, own)


def _position(value: object, size: int) -> int:
    if not isinstance(value, int) or not 0 <= value < size:
        raise ValueError("not a card of the deck")
    return value


def _entry(entry: list[Any], size: int) -> FormEntry:
    position, place, text, part = entry
    if not isinstance(place, int) or not isinstance(text, str):
        raise ValueError("not a form")
    return (_position(position, size), place, text, bool(part))
