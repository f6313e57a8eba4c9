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
from itertools import accumulate
from typing import Any

from quizdeck.decks.deck_forms import FormTable, shared
from quizdeck.decks.format import collection_paused

_CREATE = "CREATE TABLE IF NOT EXISTS forms (key TEXT PRIMARY KEY, data TEXT)"
#: The stored form; a row in another one is ignored.
FORMAT = 4


def stored_table(db: sqlite3.Connection | None, key: str) -> FormTable | None:
    """The table stored for the deck ``key``, if any (and readable)."""
    if db is None:
        return None
    try:
        row = db.execute("SELECT data FROM forms WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        with collection_paused():  # many small objects, no cycles
            return _table(json.loads(row[0]))
    except (sqlite3.Error, ValueError, TypeError, KeyError, AttributeError):
        return None


def store_table(db: sqlite3.Connection | None, key: str, table: FormTable) -> None:
    """Keep ``table`` for the deck ``key`` (tables of decks the cache dropped go too); a cache
    that refuses (locked, read-only) is left alone."""
    if db is None or table.lines is None:
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
    """``table`` in columns (quick to read back and to check)."""
    entries = [entry for entries in table.forms.values() for entry in entries]
    return {
        "format": FORMAT,
        "deck": table.deck_id,
        "ids": table.ids,
        "facts": table.facts,
        "forms": list(table.forms),
        "wholes": sorted(table.wholes),
        "form_sizes": list(map(len, table.forms.values())),
        "positions": [entry[0] for entry in entries],
        "places": [entry[1] for entry in entries],
        "texts": [entry[2] for entry in entries],
        "parts": [entry[3] for entry in entries],
        "own": list(table.own),
        "own_sizes": list(map(len, table.own.values())),
        "own_places": [place for places in table.own.values() for place in places],
        "words": sorted(table.words),
        "lines": table.lines,
        "longest": table.longest,
    }


def _table(data: dict[str, Any]) -> FormTable | None:
    """The table stored as ``data``, checked (None when it is not what quiz writes)."""
    if data["format"] != FORMAT:
        return None
    size = len(data["ids"])
    texts = [data["deck"], data["lines"], *data["ids"], *data["facts"], *data["forms"],
             *data["texts"], *data["own"], *data["words"], *data["wholes"]]  # fmt: skip
    if len(data["facts"]) != size or not _all(texts, str) or not data["lines"].isascii():
        return None
    if data["lines"].count("\n") != max(size - 1, 0) or not _all([data["longest"]], int):
        return None
    forms = _grouped(data["forms"], data["form_sizes"], data["positions"], size, data["places"],
                     data["texts"], data["parts"])  # fmt: skip
    own = _grouped(data["own"], data["own_sizes"], data["own_places"], 2 * size)
    if forms is None or own is None or not _all(data["places"], int):
        return None
    if not _all(data["parts"], bool):
        return None
    return FormTable(data["deck"], data["ids"], data["facts"], forms, frozenset(data["wholes"]),
                     shared(data["words"]), data["lines"], own,
                     data["longest"])  # fmt: skip


def _all(values: list[Any], kind: type) -> bool:
    """Whether every value is exactly of type ``kind``."""
    return set(map(type, values)) <= {kind}


def _grouped(
    keys: list[str], sizes: list[int], positions: list[int], size: int, *columns: list[Any]
) -> dict[str, list[Any]] | None:
    """Rows (a card's position, then ``columns``; the position alone without them) grouped
    under ``keys``, ``sizes`` rows each; None when the columns do not fit together or a
    position is not below ``size``."""
    if not _all(sizes, int) or not _all(positions, int) or min(sizes, default=1) < 1:
        return None
    if len(keys) != len(sizes) or any(len(column) != len(positions) for column in columns):
        return None
    if sum(sizes) != len(positions):
        return None
    if positions and not 0 <= min(positions) <= max(positions) < size:
        return None
    rows: list[Any] = list(zip(positions, *columns, strict=True)) if columns else positions
    ends = list(accumulate(sizes))
    spans = zip(keys, sizes, ends, strict=True)
    return {key: rows[end - rows_of : end] for key, rows_of, end in spans}
