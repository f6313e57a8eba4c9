"""What give-away detection keeps in the deck cache: each deck's table in columns (see
:mod:`quizdeck.decks.deck_columns`) and, for each pair of decks, what the cards of one show
of the other's forms (see :mod:`quizdeck.decks.shown`). A session after an edit to one
deck works out that deck's table and the records that involve it, and reads the rest here.

A table is kept under its deck's cache key (which names the deck's content and the code that
reads it), a record under the shower deck's cache key and a hash of the owner deck's forms
(an edit that changes no answer leaves the records of the other decks against it as they
were), and both are read back like any other input: a row that is not what quiz writes is
ignored (and worked out again).
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Mapping, Sequence
from itertools import chain
from operator import lt
from typing import TYPE_CHECKING, Any

from quizdeck.decks.deck_columns import INTS, DeckColumns, columns_of
from quizdeck.decks.deck_forms import FormEntry, FormTable, shared

if TYPE_CHECKING:
    from quizdeck.decks.shown import Record

#: The stored form; a row in another one is ignored.
FORMAT = 5
_COLUMNS = ("deck", "ids", "facts", "keys", "ends", "owners", "whole", "own_keys", "own_ends",
            "own_places", "vocabulary", "lines", "longest")  # fmt: skip
_CREATE = (
    f"CREATE TABLE IF NOT EXISTS form_columns (key TEXT PRIMARY KEY, format INTEGER, "
    f"{', '.join(_COLUMNS)}, entries TEXT)",
    "CREATE TABLE IF NOT EXISTS shown (key TEXT PRIMARY KEY, format INTEGER, data TEXT)",
    "DROP TABLE IF EXISTS forms",  # the form before columns
)
_STALE = (
    "DELETE FROM form_columns WHERE key NOT IN (SELECT key FROM decks)",
    "DELETE FROM shown WHERE substr(key, 1, instr(key, '>') - 1) NOT IN (SELECT key FROM decks)",
)
_ERRORS = (sqlite3.Error, ValueError, TypeError, KeyError, IndexError, AttributeError)


def pair_key(shower: str, owner_forms: str) -> str:
    """The key of a record: the shower deck's cache key and the owner deck's forms (see
    ``DeckColumns.forms_key``)."""
    return f"{shower}>{owner_forms}"


def stored_columns(db: sqlite3.Connection | None, key: str) -> DeckColumns | None:
    """The table in columns stored for the deck ``key``, if any (and readable)."""
    if db is None:
        return None
    try:
        row = db.execute(f"SELECT format, {', '.join(_COLUMNS)} FROM form_columns WHERE key = ?",
                         (key,)).fetchone()  # fmt: skip
        return None if row is None or row[0] != FORMAT else _columns(row[1:])
    except _ERRORS:
        return None


def _ints(data: bytes) -> array[int]:
    found = array(INTS)
    found.frombytes(data)
    return found


def _columns(row: Sequence[Any]) -> DeckColumns | None:
    """The columns stored as ``row``, checked (None when it is not what quiz writes)."""
    deck, ids, facts, keys, ends, owners, whole, own_keys, own_ends, own_places = row[:10]
    vocabulary, lines, longest = row[10:]
    texts = [deck, ids, facts, keys, own_keys, vocabulary, lines]
    if not all(type(text) is str for text in texts) or type(longest) is not int:
        return None
    found = DeckColumns(deck, json.loads(ids), json.loads(facts), _lines(keys), _ints(ends),
                        _ints(owners), bytes(whole), _lines(own_keys), _ints(own_ends),
                        _ints(own_places), _lines(vocabulary), lines, longest)  # fmt: skip
    size = found.size
    if not _all(found.ids, str) or not _all(found.facts, str) or len(found.facts) != size:
        return None
    if not (vocabulary + lines).isascii() or lines.count("\n") != max(size - 1, 0):
        return None
    if len(found.whole) != len(found.keys):
        return None
    for texts_of, ends_of, values, below in (
        (found.keys, found.ends, found.owners, size),
        (found.own_keys, found.own_ends, found.own_places, 2 * size),
    ):
        if len(ends_of) != len(texts_of) or not _runs(ends_of, values, below):
            return None
    return found


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def _runs(ends: array[int], values: array[int], size: int) -> bool:
    """Whether ``ends`` cut ``values`` (each below ``size``) into runs, none of them empty."""
    if values and not 0 <= min(values) <= max(values) < size:
        return False
    if not ends:
        return not values
    return ends[-1] == len(values) and all(map(lt, chain((0,), ends), ends))


def _all(values: list[Any], kind: type) -> bool:
    """Whether every value is exactly of type ``kind``."""
    return set(map(type, values)) <= {kind}


def store_columns(
    db: sqlite3.Connection | None, key: str, columns: DeckColumns, entries: str = "null"
) -> None:
    """Keep ``columns`` for the deck ``key`` (tables of decks the cache dropped go too), with
    ``entries`` for :func:`stored_table` if given; a cache that refuses (locked, read-only) is
    left alone."""
    if db is None:
        return
    row = (key, FORMAT, columns.deck_id, json.dumps(columns.ids), json.dumps(columns.facts),
           "\n".join(columns.keys), columns.ends.tobytes(), columns.owners.tobytes(),
           columns.whole, "\n".join(columns.own_keys), columns.own_ends.tobytes(),
           columns.own_places.tobytes(), "\n".join(columns.vocabulary), columns.lines,
           columns.longest, entries)  # fmt: skip
    places = ", ".join("?" * len(row))
    _write(db, [(f"INSERT OR REPLACE INTO form_columns VALUES ({places})", [row])])


def _write(db: sqlite3.Connection, statements: list[tuple[str, list[tuple[Any, ...]]]]) -> None:
    try:
        with db:
            db.execute("BEGIN IMMEDIATE")
            for create in _CREATE:
                db.execute(create)
            for sql, rows in statements:
                db.executemany(sql, rows)
            for stale in _STALE:
                db.execute(stale)
    except sqlite3.Error:
        return


def stored_table(db: sqlite3.Connection | None, key: str) -> FormTable | None:
    """The table stored for the deck ``key``, if any (and readable), as a :class:`FormTable`."""
    columns = stored_columns(db, key)
    if db is None or columns is None:
        return None
    try:
        row = db.execute("SELECT entries FROM form_columns WHERE key = ?", (key,)).fetchone()
        places, texts, parts = json.loads(row[0])
        if not (_all(places, int) and _all(texts, str) and _all(parts, bool)):
            return None
        entries = list(zip(columns.owners, places, texts, parts, strict=True))
    except _ERRORS:
        return None
    forms: dict[str, list[FormEntry]] = {}
    start = 0
    for form, end in zip(columns.keys, columns.ends, strict=True):
        forms[form], start = entries[start:end], end
    own = {run: list(columns.own_places[start:end])
           for run, start, end in zip(columns.own_keys, [0, *columns.own_ends], columns.own_ends,
                                      strict=False)}  # fmt: skip
    wholes = frozenset(form for form, whole in zip(columns.keys, columns.whole, strict=True)
                       if whole)  # fmt: skip
    words = shared(columns.vocabulary)
    return FormTable(columns.deck_id, columns.ids, columns.facts, forms, wholes, words,
                     columns.lines, own, columns.longest)  # fmt: skip


def store_table(db: sqlite3.Connection | None, key: str, table: FormTable) -> None:
    """Keep ``table`` (with its lines) for the deck ``key``, whole: what a session needs
    (its columns) and what only :func:`stored_table` reads back (how each form is written)."""
    if table.lines is None:
        return
    rows = [entry for entries in table.forms.values() for entry in entries]
    entries = json.dumps([[row[1] for row in rows], [row[2] for row in rows],
                          [row[3] for row in rows]], ensure_ascii=False)  # fmt: skip
    store_columns(db, key, columns_of(table), entries)


def stored_records(db: sqlite3.Connection | None, sizes: Mapping[str, int]) -> dict[str, Record]:
    """The records kept under these pair keys, each with its shower deck's size; those not
    kept (or not readable) are left out."""
    if db is None or not sizes:
        return {}
    try:
        rows = db.execute("SELECT key, data FROM shown WHERE format = ? AND key IN "
                          "(SELECT value FROM json_each(?))",
                          (FORMAT, json.dumps(list(sizes)))).fetchall()  # fmt: skip
    except sqlite3.Error:
        return {}
    found: dict[str, Record] = {}
    for key, data in rows:
        try:
            keys, positions = json.loads(data)
            record = dict(zip(keys, positions, strict=True))
        except _ERRORS:
            continue
        if _all(keys, str) and all(_within(shown, sizes[key]) for shown in positions):
            found[key] = record
    return found


def _within(positions: Any, size: int) -> bool:
    """Whether ``positions`` is a list of positions below ``size``."""
    return (
        type(positions) is list
        and _all(positions, int)
        and (not positions or 0 <= min(positions) <= max(positions) < size)
    )


def store_records(db: sqlite3.Connection | None, records: Mapping[str, Record]) -> None:
    """Keep ``records`` under their pair keys."""
    if db is None or not records:
        return
    rows = [(key, FORMAT, json.dumps([list(record), list(record.values())]))
            for key, record in records.items()]  # fmt: skip
    _write(db, [("INSERT OR REPLACE INTO shown VALUES (?, ?, ?)", rows)])
