"""Taking other devices' events into a profile, in one transaction.

:func:`merge` gives the history made before events were kept its events (once), adds the
events it has not seen, replays every card they touch (see :mod:`.replay`), applies the
settings, and numbers the reviews in replay order, so that two devices holding the same
events list the same reviews under the same ids. Either all of it is committed or none.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import cast

from quizdeck.clock import iso
from quizdeck.settings import SETTINGS
from quizdeck.store import events as ev
from quizdeck.store import log_rows
from quizdeck.store.database import Database
from quizdeck.store.events import EVENT_COLUMNS, Event, Made, event_from_row
from quizdeck.store.profile import Profile
from quizdeck.store.rows import CardState, Key, load_state, restore_state, save_state
from quizdeck.sync.replay import SCHEDULING, SettingsAt, applies, empty, replay

#: The settings row holding the last event (rowid) the previous sync saw.
MARK_ROW = "sync_mark"
#: The settings row saying the history before events was given its events.
ADOPTED_ROW = "sync_adopted"
#: The time of the events that stand for settings and flags made before events were kept.
BEGINNING = "1970-01-01T00:00:00.000000+00:00"

Order = tuple[str, str, int]


@dataclass
class Merged:
    """What a merge did."""

    imported: int = 0
    adopted: int = 0
    cards: int = 0
    new: list[Event] = field(default_factory=list)


def merge(database: Database, profile: Profile, incoming: Iterable[Event]) -> Merged:
    """Take ``incoming`` (any events; those already here are ignored) into the profile."""
    with database.write() as db:
        mark = _setting_int(db, MARK_ROW)
        local = _events(db, "WHERE rowid > ?", (mark,))
        adopted, lowest, disordered = adopt(db)
        new = _insert(db, incoming)
        changed = local + new
        touched = {event.key for event in changed if event.card} | disordered
        touched |= _touched_by(db, changed)
        orders = [lowest] if lowest else []
        orders += _moved(db, local)
        full = any(event.kind == ev.FORGET for event in changed)
        settings = SettingsAt(_events(db, "WHERE kind = ?", (ev.SETTING,)))
        orders += _rebuild(db, profile, sorted(touched), settings)
        if any(event.kind == ev.SETTING for event in new):
            _apply_settings(db, settings)
        if full or orders:
            _renumber(db, None if full else min(orders))
        last = db.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()[0]
        _set(db, MARK_ROW, str(last))
    return Merged(len(new), adopted, len(touched), new)


# --------------------------------------------------------------------------- reading events


def _events(db: sqlite3.Connection, where: str, params: tuple[object, ...]) -> list[Event]:
    return [
        event_from_row(row)
        for row in db.execute(f"SELECT {EVENT_COLUMNS} FROM events {where}", params)
    ]


def _setting_int(db: sqlite3.Connection, key: str) -> int:
    row = db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    try:
        return int(row[0]) if row else 0
    except ValueError:
        return 0


def _set(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def _insert(db: sqlite3.Connection, incoming: Iterable[Event]) -> list[Event]:
    """Add the events not seen before; returns them."""
    by_device: dict[str, dict[int, Event]] = defaultdict(dict)
    for event in incoming:
        by_device[event.device][event.seq] = event
    new: list[Event] = []
    for device, events in by_device.items():
        low, high = min(events), max(events)
        known = {
            seq
            for (seq,) in db.execute(
                "SELECT seq FROM events WHERE device = ? AND seq BETWEEN ? AND ?",
                (device, low, high),
            )
        }
        new += [event for seq, event in sorted(events.items()) if seq not in known]
    db.executemany(
        f"INSERT INTO events ({EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (e.device, e.seq, e.time, e.kind, e.deck, e.card, e.target, ev.dumps(e.body))
            for e in new
        ),
    )
    return new


# --------------------------------------------------------------------------- the history before


def adopt(db: sqlite3.Connection) -> tuple[int, Order | None, set[Key]]:
    """Give events to reviews that have none (and, the first time, to the settings and flags
    already there). Returns how many, the earliest one's order, and the cards whose reviews
    were not recorded in time order (they are replayed)."""
    made: list[Made] = []
    if not _setting_int(db, ADOPTED_ROW):
        made += _adopted_settings_and_flags(db)
        _set(db, ADOPTED_ROW, "1")
    linked = db.execute("SELECT count(*) FROM events WHERE review IS NOT NULL").fetchone()[0]
    disordered: set[Key] = set()
    if log_rows.count(db) != linked:
        rows = log_rows.without_events(db)
        after: dict[Key, CardState | None] = {}  # the state the card's next start review saw
        answers: list[Made] = []
        for row in reversed(rows):
            key = (row.review.deck, row.review.card)
            if key not in after:
                after[key] = load_state(db, key)
            answers.append(_adopted_answer(row, after[key]))
            if row.kept:
                after[key] = row.before
        made += reversed(answers)
        for one, following in itertools.pairwise(rows):
            same = (one.review.deck, one.review.card) == (
                following.review.deck,
                following.review.card,
            )
            if same and following.review.time < one.review.time:
                disordered.add((one.review.deck, one.review.card))
    if not made:
        return 0, None, disordered
    first = db.execute(
        "SELECT coalesce(max(seq), 0) + 1 FROM events WHERE device = ?", (ev.device_id(db),)
    ).fetchone()[0]
    ev.add_many(db, made)
    device = ev.device_id(db)
    lowest = min((one.time, device, first + index) for index, one in enumerate(made))
    return len(made), lowest, disordered


def _adopted_settings_and_flags(db: sqlite3.Connection) -> list[Made]:
    made = [
        Made(BEGINNING, ev.SETTING, body={"key": key, "value": value})
        for key, value in db.execute("SELECT key, value FROM settings ORDER BY key")
        if key in SETTINGS and key not in ev.LOCAL_SETTINGS
    ]
    for deck, card, suspended, buried in db.execute(
        "SELECT deck, card, suspended, buried_until FROM cards "
        "WHERE suspended = 1 OR buried_until IS NOT NULL ORDER BY deck, card"
    ):
        if suspended:
            made.append(Made(BEGINNING, ev.SUSPEND, deck, card))
        if buried:
            made.append(Made(BEGINNING, ev.BURY, deck, card, {"until": buried}))
    return made


def _adopted_answer(row: log_rows.LogRow, after: CardState | None) -> Made:
    review = row.review
    body: dict[str, object] = {
        "mode": review.mode.value, "given": review.given, "correct": review.correct,
        "score": review.score, "rating": int(review.rating), "ms": review.duration_ms,
        "fact": row.fact,
    }  # fmt: skip
    if review.amended_at is not None:
        body["amended_at"] = iso(review.amended_at)
    if row.kept:
        body["hash"] = after.content_hash if after else None
        body["before"] = ev.fingerprint(row.before.memory if row.before else None)
        if after is not None and after.memory is not None:
            body["after"] = ev.memory_list(after.memory)
    time = iso(review.time) or BEGINNING
    return Made(time, ev.ANSWER, review.deck, review.card, body, review.id)


# --------------------------------------------------------------------------- replaying cards


def _touched_by(db: sqlite3.Connection, changed: Sequence[Event]) -> set[Key]:
    """The cards a ``forget`` or a scheduling setting among ``changed`` reaches."""
    touched: set[Key] = set()
    for event in changed:
        if event.kind == ev.FORGET:
            touched |= {
                key
                for key in db.execute("SELECT DISTINCT deck, card FROM events WHERE card != ''")
                if applies(event, key)
            }
        elif event.kind == ev.SETTING and event.body.get("key") in SCHEDULING:
            touched |= set(
                db.execute(
                    "SELECT DISTINCT deck, card FROM events WHERE kind = ? AND time >= ?",
                    (ev.ANSWER, event.time),
                )
            )
    return touched


def _moved(db: sqlite3.Connection, local: Sequence[Event]) -> list[Order]:
    """Where local answers and take-backs since the last sync changed the log's order."""
    orders: list[Order] = [event.order for event in local if event.kind == ev.ANSWER]
    for event in local:
        if event.kind == ev.TAKE_BACK and event.target:
            device, _, seq = event.target.rpartition(":")
            row = db.execute(
                "SELECT time FROM events WHERE device = ? AND seq = ?", (device, int(seq))
            ).fetchone()
            if row:
                orders.append((row[0], device, int(seq)))
    return orders


def _rebuild(
    db: sqlite3.Connection, profile: Profile, keys: Sequence[Key], settings: SettingsAt
) -> list[Order]:
    """Replay the cards ``keys``; returns the orders of the reviews added or removed."""
    forgets = _events(db, "WHERE kind = ?", (ev.FORGET,))
    orders: list[Order] = []
    next_id = log_rows.next_id(db)
    updates, deletes = [], []
    fresh: list[tuple[Order, Event, log_rows.LogRow]] = []
    links: list[tuple[int | None, str, int]] = []
    for key in keys:
        linked: dict[str, int] = {}
        card_events = []
        for row in db.execute(
            f"SELECT {EVENT_COLUMNS}, review FROM events WHERE deck = ? AND card = ?", key
        ):
            event = event_from_row(row[:-1])
            card_events.append(event)
            if row[-1] is not None:
                linked[event.id] = row[-1]
        result = replay(key, card_events, forgets, settings, profile.calendar)
        existing = log_rows.read(db, linked.values())
        by_id = {event.id: event for event in card_events}
        for event_id, wanted in result.rows.items():
            review_id = linked.get(event_id)
            if review_id is not None and review_id in existing:
                wanted = replace(wanted, review=replace(wanted.review, id=review_id))
                if wanted != existing[review_id]:
                    updates.append(wanted)
                continue
            event = by_id[event_id]
            fresh.append((event.order, event, wanted))
        for event_id, review_id in linked.items():
            if event_id not in result.rows:
                deletes.append(review_id)
                event = by_id[event_id]
                links.append((None, event.device, event.seq))
                orders.append(event.order)
        if load_state(db, key) != result.state:
            if empty(result.state):
                restore_state(db, key, None)
            elif result.state is not None:
                save_state(db, result.state)
    fresh.sort(key=lambda item: item[0])  # new rows numbered in replay order: less to renumber
    inserts = []
    for number, (order, event, wanted) in enumerate(fresh, start=next_id):
        inserts.append(replace(wanted, review=replace(wanted.review, id=number)))
        links.append((number, event.device, event.seq))
        orders.append(order)
    log_rows.delete(db, deletes)
    log_rows.update(db, updates)
    log_rows.insert(db, inserts)
    db.executemany("UPDATE events SET review = ? WHERE device = ? AND seq = ?", links)
    return orders


def _apply_settings(db: sqlite3.Connection, settings: SettingsAt) -> None:
    for key, value in settings.latest.items():
        if key not in ev.LOCAL_SETTINGS:
            _set(db, key, value)


def _renumber(db: sqlite3.Connection, lowest: Order | None) -> None:
    """Number the reviews from ``lowest`` on (None: all) in replay order, after those before."""
    where, params = "", cast("tuple[object, ...]", ())
    if lowest is not None:
        where, params = "AND (time, device, seq) >= (?, ?, ?)", lowest
    tail = [
        review
        for (review,) in db.execute(
            f"SELECT review FROM events WHERE review IS NOT NULL {where} "
            "ORDER BY time, device, seq",
            params,
        )
    ]
    start = log_rows.count(db) - len(tail) + 1
    moves = [(old, start + index) for index, old in enumerate(tail) if old != start + index]
    log_rows.renumber(db, moves)
    db.executemany("UPDATE events SET review = ? WHERE review = ?", ((-o, o) for o, _ in moves))
    db.executemany("UPDATE events SET review = ? WHERE review = ?", ((n, -o) for o, n in moves))
