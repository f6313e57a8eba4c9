"""Taking other devices' events into a profile, in one transaction.

:func:`merge` gives the history made before events were kept its events (once), adds the
events it has not seen, replays every card they touch (see :mod:`.replay`), applies the
settings, and numbers the reviews in replay order, so that two devices holding the same
events list the same reviews under the same ids. Either all of it is committed or none.

This device's own changes are already in the profile: a card is replayed for them only when
they may come before another device's events (its clock was behind), so a sync of a device
that studied alone replays nothing.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from quizdeck.clock import parse_time
from quizdeck.settings import SETTINGS
from quizdeck.store import events as ev
from quizdeck.store import log_rows
from quizdeck.store.database import Database
from quizdeck.store.events import SPAN, Event
from quizdeck.store.log_schema import LOG_TABLES
from quizdeck.store.profile import Profile
from quizdeck.store.rows import CardState, Key, micro
from quizdeck.sync import batch
from quizdeck.sync.replay import SCHEDULING, SettingsAt, applies, empty, replay

#: The settings row holding this device's last event the previous sync took account of.
MARK_ROW = "sync_mark"
#: The settings row holding the latest time of another device's event taken in.
LATEST_ROW = "sync_latest"
#: The settings row saying the history before events was given its events.
ADOPTED_ROW = "sync_adopted"
BEGINNING = ev.BEGINNING
#: What an answer's event keeps of its recording when a replay does not follow it.
RECORDED = ("hash", "before", "after")

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
        ev.device_id(db)
        mark, latest = _setting_int(db, MARK_ROW), _setting(db, LATEST_ROW)
        adopted, lowest, disordered, settled = adopt(db)
        new = _insert(db, incoming)
        local = _local(db, mark, latest)
        changed = local + new
        reached = _touched_by(db, changed) | disordered
        reached |= {event.key for event in local if event.card}
        touched = {event.key for event in new if event.card} | reached
        orders = [lowest] if lowest else []
        orders += _moved(db, mark, local)
        settings = SettingsAt(log_rows.load_events(db, "WHERE e.kind = ?", (ev.CODES[ev.SETTING],)))
        whole = reached | {event.key for event in new if event.kind in (ev.AMEND, ev.TAKE_BACK)}
        orders += _rebuild(db, profile, sorted(touched), settings, new, whole)
        if any(event.kind == ev.SETTING for event in new):
            _apply_settings(db, settings)
        if any(event.kind == ev.FORGET for event in changed):
            _renumber(db, None)
        elif orders and not (settled and not touched):  # settled: the log is in order
            _renumber(db, min(orders))
        _set(db, MARK_ROW, str(ev.last_seq(db)))
        if new:
            _set(db, LATEST_ROW, max(latest, *(event.time for event in new)))
    return Merged(len(new), adopted, len(touched), new)


# --------------------------------------------------------------------------- reading events


def _setting(db: sqlite3.Connection, key: str) -> str:
    row = db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else ""


def _setting_int(db: sqlite3.Connection, key: str) -> int:
    try:
        return int(_setting(db, key) or 0)
    except ValueError:
        return 0


def _set(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def _local(db: sqlite3.Connection, mark: int, latest: str) -> list[Event]:
    """This device's events since the last sync that may come before another device's:
    those not later than the latest event taken in (none, while there is none)."""
    if not latest:
        return []
    events = log_rows.load_events(db, "WHERE e.id > ? AND e.id < ?", (mark, SPAN))
    return [event for event in events if event.time <= latest and event.kind != ev.VOID]


class Keys:
    """The ``events.id`` of events (each device's number looked up once)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.numbers: dict[str, int] = {}

    def __call__(self, event: Event) -> int:
        number = self.numbers.get(event.device)
        if number is None:
            number = self.numbers[event.device] = ev.device_number(self.db, event.device)
        return number * SPAN + event.seq


def _insert(db: sqlite3.Connection, incoming: Iterable[Event]) -> list[Event]:
    """Add the events not seen before; returns them."""
    mine = ev.device_id(db)
    by_id: dict[int, Event] = {}
    event_key = Keys(db)
    for event in incoming:
        if event.device != mine:
            by_id[event_key(event)] = event
    if not by_id:
        return []
    db.execute("CREATE TEMP TABLE IF NOT EXISTS sync_incoming (id INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM temp.sync_incoming")
    db.executemany("INSERT INTO temp.sync_incoming VALUES (?)", ((key,) for key in by_id))
    known = {
        key
        for (key,) in db.execute(
            "SELECT i.id FROM temp.sync_incoming i JOIN main.events e ON e.id = i.id"
        )
    }
    fresh = sorted(key for key in by_id if key not in known)
    db.executemany(
        "INSERT INTO events (id, kind, review, data) VALUES (?, ?, NULL, ?)",
        ((key, ev.CODES[e.kind], _data(e)) for key, e in ((key, by_id[key]) for key in fresh)),
    )
    return [by_id[key] for key in fresh]


def _data(event: Event) -> str | None:
    """What an event taken in keeps: all but an answer (its review, made in the same
    transaction, holds it; one left out by the replay is void)."""
    if event.kind == ev.ANSWER:
        return None
    return ev.dumps([event.time, event.deck, event.card, event.target, event.body])


# --------------------------------------------------------------------------- the history before


def adopt(db: sqlite3.Connection) -> tuple[int, Order | None, set[Key], bool]:
    """Give events to reviews that have none (and, the first time, to the settings and flags
    already there). Returns how many, the earliest one's order (None: the log is in replay
    order already), the cards whose reviews were not recorded in time order (they are
    replayed), and whether the whole log was found in replay order."""
    device = ev.device_id(db)
    first = ev.last_seq(db) + 1
    disordered: set[Key] = set()
    if _setting_int(db, ADOPTED_ROW):
        return 0, None, disordered, False  # since then, every review is made with its event
    _adopt_settings_and_flags(db)
    _set(db, ADOPTED_ROW, "1")
    settled = log_rows.in_order(db, None)
    linked = db.execute("SELECT count(*) FROM events WHERE review IS NOT NULL").fetchone()[0]
    if log_rows.count(db) != linked:
        start = ev.last_seq(db)
        db.execute(
            "INSERT INTO events (id, kind, review) SELECT ? + row_number() OVER (ORDER BY id), "
            "0, id FROM review_log WHERE id NOT IN "
            "(SELECT review FROM events WHERE review IS NOT NULL) ORDER BY id",
            (start,),
        )
        if not settled:  # perhaps a clock went back: the cards whose reviews are out of order
            disordered = {
                (deck, card)
                for deck, card in db.execute(
                    "SELECT DISTINCT deck, card FROM (SELECT k.deck, k.card, r.time, lag(r.time) "
                    f"OVER (PARTITION BY k.deck, k.card ORDER BY r.id) AS previous "
                    f"FROM {LOG_TABLES}) WHERE time < previous"
                )
            }
    made = ev.last_seq(db) - first + 1
    if not made or settled:  # the log is in replay order already: kept as it is
        return made, None, disordered, settled
    return made, (BEGINNING, device, first), disordered, settled


def _adopt_settings_and_flags(db: sqlite3.Connection) -> None:
    for key, value in db.execute("SELECT key, value FROM settings ORDER BY key").fetchall():
        if key in SETTINGS and key not in ev.LOCAL_SETTINGS:
            ev.add(db, ev.SETTING, BEGINNING, body={"key": key, "value": value})
    for deck, card, suspended, buried in db.execute(
        "SELECT deck, card, suspended, buried_until FROM cards "
        "WHERE suspended = 1 OR buried_until IS NOT NULL ORDER BY deck, card"
    ).fetchall():
        if suspended:
            ev.add(db, ev.SUSPEND, BEGINNING, deck=deck, card=card)
        if buried:
            ev.add(db, ev.BURY, BEGINNING, deck=deck, card=card, body={"until": buried})


# --------------------------------------------------------------------------- replaying cards


def _touched_by(db: sqlite3.Connection, changed: Sequence[Event]) -> set[Key]:
    """The cards a ``forget`` or a scheduling setting among ``changed`` reaches."""
    touched: set[Key] = set()
    for event in changed:
        if event.kind == ev.FORGET:
            every = db.execute(
                "SELECT deck, card FROM review_cards UNION SELECT deck, card FROM cards"
            ).fetchall()
            every += [other.key for other in _others(db) if other.card]
            touched |= {(deck, card) for deck, card in every if applies(event, (deck, card))}
        elif event.kind == ev.SETTING and event.body.get("key") in SCHEDULING:
            moment = parse_time(event.time)
            touched |= {
                (deck, card)
                for deck, card in db.execute(
                    f"SELECT DISTINCT k.deck, k.card FROM {LOG_TABLES} WHERE r.time >= ?",
                    (micro(moment) if moment else 0,),
                )
            }
    return touched


def _others(db: sqlite3.Connection) -> list[Event]:
    """Every event that is not an answer."""
    return log_rows.load_events(db, "WHERE e.kind != 0")


def _moved(db: sqlite3.Connection, mark: int, local: Sequence[Event]) -> list[Order]:
    """Where this device's answers and take-backs since the last sync may change the log's
    order: from the earliest of them."""
    orders: list[Order] = [(event.time, "", 0) for event in local if event.kind == ev.TAKE_BACK]
    row = db.execute(
        "SELECT min(r.time) FROM events e JOIN review_log r ON r.id = e.review "
        "WHERE e.id > ? AND e.id < ?",
        (mark, SPAN),
    ).fetchone()
    if row[0] is not None:
        orders.append((log_rows.time_text(row[0]), "", 0))
    taken = db.execute(
        "SELECT data FROM events WHERE id > ? AND id < ? AND kind = ?",
        (mark, SPAN, ev.CODES[ev.TAKE_BACK]),
    ).fetchall()
    orders += [(json.loads(data)[0], "", 0) for (data,) in taken]
    return orders


def _rebuild(
    db: sqlite3.Connection,
    profile: Profile,
    keys: Sequence[Key],
    settings: SettingsAt,
    new: Sequence[Event],
    whole: set[Key],
) -> list[Order]:
    """Replay the cards ``keys``; returns the orders of the reviews added or removed. A card
    not in ``whole`` whose new events all come after every event it had is replayed from its
    state (its reviews are not read again); any other, from its first event."""
    if not keys:
        return []
    others = _others(db)
    forgets = [event for event in others if event.kind == ev.FORGET]
    by_card: dict[Key, list[Event]] = defaultdict(list)
    arrived: dict[Key, list[Event]] = defaultdict(list)
    linked: dict[str, tuple[int, int | None]] = {}  # event id: events.id, review
    wanted = set(keys)
    event_key = Keys(db)
    fresh_ids = {event.id for event in new}
    for event in others:
        if event.card and event.key in wanted:
            by_card[event.key].append(event)
    for event in new:
        if event.card and event.key in wanted:
            arrived[event.key].append(event)
            if event.kind == ev.ANSWER:
                by_card[event.key].append(event)
                linked[event.id] = (event_key(event), None)
    reviewed_at = batch.latest_reviews(db, wanted)
    onward = {
        key
        for key in wanted - whole
        if key in arrived
        and min(event.time for event in arrived[key])
        > _latest(key, reviewed_at, [e for e in by_card[key] if e.id not in fresh_ids], forgets)
    }
    stored = batch.states(db, wanted)
    saved: list[CardState] = []
    removed: list[Key] = []
    for number, review, event in (
        log_rows.answers_of(db, wanted - onward) if wanted - onward else []
    ):
        by_card[event.key].append(event)
        linked[event.id] = (number, review)
    existing = log_rows.read(db, [review for _, review in linked.values() if review is not None])
    orders: list[Order] = []
    updates, deletes = [], []
    fresh: list[tuple[Order, int, str | None, log_rows.LogRow]] = []
    links: list[tuple[int | None, str | None, int]] = []
    for key in keys:
        if key in onward:
            card_events = arrived[key]
            result = replay(key, card_events, [], settings, profile.calendar, stored.get(key))
        else:
            card_events = by_card.get(key, [])
            result = replay(key, card_events, forgets, settings, profile.calendar)
        by_id = {event.id: event for event in card_events}
        for event_id, wanted_row in result.rows.items():
            number, review_id = linked[event_id]
            event = by_id[event_id]
            data = _kept(event) if event_id in result.untrusted else None
            if review_id is not None and review_id in existing:
                wanted_row = _numbered(wanted_row, review_id)
                if wanted_row != existing[review_id]:
                    updates.append(wanted_row)
                links.append((review_id, data, number))
                continue
            fresh.append((event.order, number, data, wanted_row))
        for event_id in by_id.keys() - result.rows.keys():
            if event_id in linked:
                number, review_id = linked[event_id]
                links.append((None, None, number))
                if review_id is not None:
                    deletes.append(review_id)
                    orders.append(by_id[event_id].order)
        if stored.get(key) != result.state:
            if empty(result.state):
                removed.append(key)
            elif result.state is not None:
                saved.append(result.state)
    batch.store_states(db, saved, removed)
    fresh.sort(key=lambda item: item[0])  # new rows numbered in replay order: less to renumber
    inserts = []
    next_id = log_rows.next_id(db)
    for review_id, (order, number, data, wanted_row) in enumerate(fresh, start=next_id):
        inserts.append(_numbered(wanted_row, review_id))
        links.append((review_id, data, number))
        orders.append(order)
    log_rows.delete(db, deletes)
    log_rows.update(db, updates)
    log_rows.insert(db, inserts)
    db.executemany("UPDATE events SET review = ?, data = ? WHERE id = ?", links)
    return orders


def _numbered(row: log_rows.LogRow, review_id: int) -> log_rows.LogRow:
    """``row`` under the id ``review_id`` (as ``dataclasses.replace`` would, without its cost
    per field: a merge numbers every review it writes)."""
    review = copy.copy(row.review)
    object.__setattr__(review, "id", review_id)
    return log_rows.LogRow(review, row.fact, row.before, row.kept)


def _latest(
    key: Key, reviewed_at: dict[Key, str], held: Sequence[Event], forgets: Sequence[Event]
) -> str:
    """The time of the latest event the card ``key`` had: a review (``reviewed_at``), one of
    ``held``, a forget covering it."""
    times = [reviewed_at[key]] if key in reviewed_at else []
    times += [event.time for event in held]
    times += [event.time for event in forgets if applies(event, key)]
    return max(times, default="")


def _kept(event: Event) -> str:
    """What an answer's event keeps of its recording (the log cannot give it back)."""
    return ev.dumps({name: event.body[name] for name in RECORDED if name in event.body})


def _apply_settings(db: sqlite3.Connection, settings: SettingsAt) -> None:
    for key, value in settings.latest.items():
        if key not in ev.LOCAL_SETTINGS:
            _set(db, key, value)


def _renumber(db: sqlite3.Connection, lowest: Order | None) -> None:
    """Number the reviews from ``lowest`` on (None: all) in replay order, after those before."""
    moment = parse_time(lowest[0]) if lowest else None
    log_rows.renumber_from(db, None if lowest is None else micro(moment) if moment else 0)
