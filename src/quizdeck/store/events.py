"""The event log: every change a student makes, under an id no other device ever uses.

An event's id is ``DEVICE:SEQ``: the profile's device id (made once, at random) and a
number counting this device's events from 1. Each event has a time (the device's clock,
ISO 8601 UTC), a kind, the card it concerns (if any) and a JSON body:

- ``answer``: a review (``mode``, ``given``, ``correct``, ``score``, ``rating``, ``ms``,
  ``fact``, ``hash``; for a start review also ``before``, a fingerprint of the card's memory
  before it, and ``after``, the memory it left), linked to its local review row;
- ``amend`` (target: an answer): a new verdict or rating, and the memory it left;
- ``take_back`` (target: an answer);
- ``suspend``, ``unsuspend``, ``bury`` (``until``);
- ``setting`` (``key``, ``value``), except settings that belong to one device;
- ``forget``: ``quiz reset`` (``deck``, or every deck) and ``quiz orphans --prune`` (``cards``).

The functions here run inside the caller's write transaction, so an event is kept if and only
if the change it records is. :mod:`quizdeck.sync` writes them to files and merges them.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Sequence
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
SETTING, FORGET = "setting", "forget"
KINDS = frozenset({ANSWER, AMEND, TAKE_BACK, SUSPEND, UNSUSPEND, BURY, SETTING, FORGET})

#: The columns of ``events`` that make an :class:`Event`, in its order.
EVENT_COLUMNS = "device, seq, time, kind, deck, card, target, body"


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


def event_from_row(row: tuple[Any, ...]) -> Event:
    """An ``events`` row (columns as :data:`EVENT_COLUMNS`) as an :class:`Event`."""
    device, seq, time, kind, deck, card, target, body = row
    return Event(device, seq, time, kind, deck, card, target, json.loads(body))


def device_id(db: sqlite3.Connection) -> str:
    """This profile's device id, made on first use (inside the caller's transaction)."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", (DEVICE_ROW,)).fetchone()
    if row:
        return str(row[0])
    made = uuid.uuid4().hex[:16]
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (DEVICE_ROW, made))
    return made


def add(
    db: sqlite3.Connection,
    kind: str,
    time: datetime,
    *,
    deck: str = "",
    card: str = "",
    body: dict[str, Any] | None = None,
    target: str | None = None,
    review: int | None = None,
) -> str:
    """Record one event of this device; returns its id."""
    device = device_id(db)
    seq = db.execute(
        "SELECT coalesce(max(seq), 0) + 1 FROM events WHERE device = ?", (device,)
    ).fetchone()[0]
    db.execute(
        f"INSERT INTO events ({EVENT_COLUMNS}, review) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (device, seq, iso(time), kind, deck, card, target, dumps(body or {}), review),
    )
    return f"{device}:{seq}"


def add_many(db: sqlite3.Connection, made: Sequence[Made]) -> int:
    """Record many events of this device at once (a history made before events were kept)."""
    device = device_id(db)
    first = db.execute(
        "SELECT coalesce(max(seq), 0) + 1 FROM events WHERE device = ?", (device,)
    ).fetchone()[0]
    db.executemany(
        f"INSERT INTO events ({EVENT_COLUMNS}, review) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (device, first + index, one.time, one.kind, one.deck, one.card, None,
             dumps(one.body), one.review)
            for index, one in enumerate(made)
        ),
    )  # fmt: skip
    return len(made)


@dataclass(frozen=True)
class Made:
    """An event about to be recorded by :func:`add_many`."""

    time: str
    kind: str
    deck: str = ""
    card: str = ""
    body: dict[str, Any] = field(default_factory=dict)
    review: int | None = None


def dumps(body: dict[str, Any]) -> str:
    """An event body as compact JSON."""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def answer_of(db: sqlite3.Connection, review_id: int) -> str | None:
    """The id of the answer event that made review ``review_id``, if it has one."""
    row = db.execute("SELECT device, seq FROM events WHERE review = ?", (review_id,)).fetchone()
    return f"{row[0]}:{row[1]}" if row else None


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
    if memory is None:
        return ""
    text = json.dumps(memory_list(memory), separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


# --------------------------------------------------------------------------- recording


def answered(
    db: sqlite3.Connection,
    review_id: int,
    time: datetime,
    key: tuple[str, str],
    body: dict[str, Any],
    before: Memory | None = None,
    after: Memory | None = None,
) -> None:
    """Record the answer that made review ``review_id``; ``before``/``after``: a start review's
    card memory before and after it."""
    if after is not None:
        body = {**body, "before": fingerprint(before), "after": memory_list(after)}
    add(db, ANSWER, time, deck=key[0], card=key[1], body=body, review=review_id)


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
    db.execute("UPDATE events SET review = NULL WHERE review = ?", (review_id,))
    add(db, TAKE_BACK, time, deck=key[0], card=key[1], target=target)


def forgotten(db: sqlite3.Connection, time: datetime, body: dict[str, Any]) -> None:
    """Record a reset or prune (after its rows were deleted): answers lose their rows."""
    db.execute(
        "UPDATE events SET review = NULL WHERE review IS NOT NULL "
        "AND review NOT IN (SELECT id FROM reviews)"
    )
    add(db, FORGET, time, body=body)
