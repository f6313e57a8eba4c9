"""The event log: every change a student makes, under an id no other device ever uses.

An event's id is ``DEVICE:SEQ``: the profile's device id (made once, at random) and a
number counting this device's events from 1. Each event has a time (the device's clock,
ISO 8601 UTC), a kind, the card it concerns (if any) and a body:

- ``answer``: a review (``mode``, ``given``, ``correct``, ``score``, ``rating``, ``ms``,
  ``fact``; for a start review also ``hash``, ``before``, a fingerprint of the card's memory
  before it, and ``after``, the memory it left);
- ``amend`` (target: an answer): a new verdict or rating, and the memory it left;
- ``take_back`` (target: an answer);
- ``suspend``, ``unsuspend``, ``bury`` (``until``);
- ``setting`` (``key``, ``value``), except settings that belong to one device;
- ``forget``: ``quiz reset`` (``deck``, or every deck) and ``quiz orphans --prune`` (``cards``);
- ``void``: an answer taken back or forgotten before its device wrote it to a file.

The ``events`` table holds only what the review log does not: an answer's row is its id, its
kind and its review (the review log has the rest; :mod:`.log_rows` reads it back), so an answer
costs about 15 bytes. The id is one integer, the device's number in ``sync_devices`` (0 for
this device) times 2**32 plus the seq. Other events keep ``[time, deck, card, target, body]``
as JSON in ``data``; an answer keeps there only what the log cannot give back (another
device's recorded memory that a replay did not follow).

The functions here run inside the caller's write transaction, so an event is kept if and only
if the change it records is. :mod:`quizdeck.sync` writes them to files and merges them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from quizdeck.clock import iso, parse_time
from quizdeck.scheduler import Memory, State

#: The settings row holding this profile's device id.
DEVICE_ROW = "device_id"
#: Settings that belong to one device and never travel: a folder's path differs per machine.
LOCAL_SETTINGS = frozenset({"sync_dir"})

ANSWER, AMEND, TAKE_BACK = "answer", "amend", "take_back"
SUSPEND, UNSUSPEND, BURY = "suspend", "unsuspend", "bury"
SETTING, FORGET, VOID = "setting", "forget", "void"
#: Each kind's number in ``events.kind`` (an answer's 0 takes no byte).
CODES = {
    ANSWER: 0, AMEND: 1, TAKE_BACK: 2, SUSPEND: 3, UNSUSPEND: 4, BURY: 5, SETTING: 6, FORGET: 7,
    VOID: 8,
}  # fmt: skip
KINDS = frozenset(CODES)
NAMES = {code: name for name, code in CODES.items()}
#: Event ids: a device's number times this, plus the seq.
SPAN = 1 << 32
#: The time of events that stand for what was made before events were kept.
BEGINNING = "1970-01-01T00:00:00.000000+00:00"

#: The event log (migration 12) and the device files last read or written (``sync_files``).
EVENTS_SCHEMA = (
    "CREATE TABLE sync_devices (id INTEGER PRIMARY KEY, device TEXT NOT NULL UNIQUE)",
    """CREATE TABLE events (
        id INTEGER PRIMARY KEY,      -- sync_devices.id * 2**32 + seq
        kind INTEGER NOT NULL,       -- CODES
        review INTEGER,              -- answer: its review_log row (NULL: taken back, forgotten)
        data TEXT                    -- JSON: [time, deck, card, target, body]; answer: see above
    )""",
    "CREATE INDEX events_other ON events (kind) WHERE kind != 0",
    "CREATE TABLE sync_files (name TEXT PRIMARY KEY, size INTEGER NOT NULL, "
    "mtime INTEGER NOT NULL, events INTEGER NOT NULL) WITHOUT ROWID",
)


@dataclass(frozen=True)
class Event:
    """One change a student made, on one device."""

    device: str
    seq: int
    time: str  # ISO 8601 UTC, fixed width: sorts as it compares
    kind: str
    deck: str = ""
    card: str = ""
    target: str | None = None
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.device}:{self.seq}"

    @property
    def order(self) -> tuple[str, str, int]:
        """Where the event comes in every device's replay: by time, then by id."""
        return (self.time, self.device, self.seq)

    @property
    def key(self) -> tuple[str, str]:
        return (self.deck, self.card)


def device_id(db: sqlite3.Connection) -> str:
    """This profile's device id, made on first use (inside the caller's transaction)."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", (DEVICE_ROW,)).fetchone()
    if row:
        made = str(row[0])
    else:
        made = uuid.uuid4().hex[:16]
        db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (DEVICE_ROW, made))
    db.execute("INSERT OR IGNORE INTO sync_devices (id, device) VALUES (0, ?)", (made,))
    return made


def device_number(db: sqlite3.Connection, device: str) -> int:
    """The number of ``device`` in this profile's event ids, given one if it has none."""
    row = db.execute("SELECT id FROM sync_devices WHERE device = ?", (device,)).fetchone()
    if row:
        return int(row[0])
    made = db.execute("SELECT max(max(id), 0) + 1 FROM sync_devices").fetchone()[0]
    db.execute("INSERT INTO sync_devices (id, device) VALUES (?, ?)", (made, device))
    return int(made)


def last_seq(db: sqlite3.Connection, number: int = 0) -> int:
    """The last seq of the device numbered ``number`` (0: this one) this profile holds."""
    row = db.execute(
        "SELECT max(id) FROM events WHERE id BETWEEN ? AND ?",
        (number * SPAN, number * SPAN + SPAN - 1),
    ).fetchone()
    return int(row[0]) - number * SPAN if row[0] is not None else 0


def add(
    db: sqlite3.Connection,
    kind: str,
    time: datetime | str,
    *,
    deck: str = "",
    card: str = "",
    body: dict[str, Any] | None = None,
    target: str | None = None,
    review: int | None = None,
) -> str:
    """Record one event of this device; returns its id. An answer (``review``) keeps no data."""
    device = device_id(db)
    seq = last_seq(db) + 1
    stamp = time if isinstance(time, str) else iso(time)
    data = None if kind == ANSWER else dumps([stamp, deck, card, target, body or {}])
    db.execute(
        "INSERT INTO events (id, kind, review, data) VALUES (?, ?, ?, ?)",
        (seq, CODES[kind], review, data),
    )
    return f"{device}:{seq}"


def dumps(value: object) -> str:
    """An event's data as compact JSON."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def answer_of(db: sqlite3.Connection, review_id: int) -> str | None:
    """The id of the answer event that made review ``review_id``, if it has one (the latest
    reviews, those amended and taken back, are found first)."""
    row = db.execute(
        "SELECT d.device, e.id FROM events e JOIN sync_devices d ON d.id = e.id >> 32 "
        "WHERE e.review = ? AND e.kind = 0 ORDER BY e.id DESC LIMIT 1",
        (review_id,),
    ).fetchone()
    return f"{row[0]}:{row[1] % SPAN}" if row else None


# --------------------------------------------------------------------------- memories


def memory_list(memory: Memory) -> list[Any]:
    """A memory as a short JSON list: state, step, stability, difficulty, due, last review."""
    return [
        int(memory.state),
        memory.step,
        memory.stability,
        memory.difficulty,
        iso(memory.due),
        iso(memory.last_review),
    ]


def memory_from_list(data: object) -> Memory:
    """The inverse of :func:`memory_list` (ValueError, TypeError if it is not one)."""
    if not isinstance(data, list) or len(data) != 6:
        raise ValueError("a memory is a list of six values")
    state, step, stability, difficulty, due, last = data
    due_at, last_at = parse_time(due), parse_time(last)
    if due_at is None or last_at is None:
        raise ValueError("a memory needs a due time and a last review")
    if step is not None and (isinstance(step, bool) or not isinstance(step, int)):
        raise TypeError("a step is a whole number")
    return Memory(State(state), step, float(stability), float(difficulty), due_at, last_at)


def fingerprint(memory: Memory | None) -> str:
    """A short digest of a card's memory ("" for a new card): an answer keeps the one its card
    had before, so a replay knows whether the memory the answer left still follows."""
    return "" if memory is None else _fingerprint(memory)


@functools.lru_cache(maxsize=1 << 16)
def _fingerprint(memory: Memory) -> str:
    """A merge reads a memory and replays to it again: each is worked out once."""
    return list_fingerprint(memory_list(memory))


def list_fingerprint(listed: list[Any]) -> str:
    """:func:`fingerprint` of a memory given as :func:`memory_list` gives it."""
    text = json.dumps(listed, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


# --------------------------------------------------------------------------- recording


def answered(db: sqlite3.Connection, review_id: int) -> None:
    """Record the answer that made review ``review_id`` (the log holds all of it)."""
    add(db, ANSWER, BEGINNING, review=review_id)


def amended(
    db: sqlite3.Connection,
    review_id: int,
    time: datetime,
    key: tuple[str, str],
    body: dict[str, Any],
    after: Memory | None = None,
) -> None:
    """Record a changed verdict or rating of review ``review_id`` (if its answer has an event:
    an answer made before events were kept is sent as it is now)."""
    target = answer_of(db, review_id)
    if target is None:
        return
    if after is not None:
        body = {**body, "after": memory_list(after)}
    add(db, AMEND, time, deck=key[0], card=key[1], body=body, target=target)


def taken_back(
    db: sqlite3.Connection, review_id: int, time: datetime, key: tuple[str, str]
) -> None:
    """Record that review ``review_id`` was taken back (its row is being deleted)."""
    target = answer_of(db, review_id)
    if target is None:
        return
    device, _, seq = target.rpartition(":")
    number = 0 if device == device_id(db) else device_number(db, device)
    db.execute("UPDATE events SET review = NULL WHERE id = ?", (number * SPAN + int(seq),))
    add(db, TAKE_BACK, time, deck=key[0], card=key[1], target=target)


def forgotten(db: sqlite3.Connection, time: datetime, body: dict[str, Any]) -> None:
    """Record a reset or prune (after its rows were deleted): answers lose their rows."""
    db.execute(
        "UPDATE events SET review = NULL WHERE review IS NOT NULL "
        "AND review NOT IN (SELECT id FROM review_log)"
    )
    add(db, FORGET, time, body=body)
