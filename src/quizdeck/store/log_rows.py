"""The review log's rows as ``quiz sync`` reads and writes them.

Every statement sync runs over the review log is here (over ``review_log`` itself, not the
``reviews`` view: ids and row counts are reliable there), so a change to how the log stores a
review changes this module and :mod:`.reviews`, nothing in :mod:`quizdeck.sync`.
A row goes in and out as a :class:`LogRow`: a :class:`ReviewRow` with the fact it tests and
the card's state before it (for undo).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from quizdeck.clock import iso
from quizdeck.store import before as kept_state
from quizdeck.store import events as ev
from quizdeck.store.events import Event
from quizdeck.store.log_schema import LOG_COLUMNS, LOG_TABLES, START
from quizdeck.store.rows import (
    MODE_CODES,
    CardState,
    Key,
    ReviewRow,
    load_state,
    micro,
    review_from_row,
    stored_mode,
    stored_moment,
)

#: A review's columns as :data:`LOG_COLUMNS`, then its fact and its before-state.
_WHOLE_ROW = f"SELECT {LOG_COLUMNS}, k.fact, r.before FROM {LOG_TABLES}"


@dataclass(frozen=True)
class LogRow:
    """One row of the review log, whole."""

    review: ReviewRow
    fact: str | None
    before: CardState | None  # the card's state before a start review
    kept: bool  # a before-state is kept (a start review)


def count(db: sqlite3.Connection) -> int:
    """How many reviews the log holds."""
    return int(db.execute("SELECT count(*) FROM review_log").fetchone()[0])


def read(db: sqlite3.Connection, ids: Iterable[int]) -> dict[int, LogRow]:
    """The rows ``ids`` (those that exist), by id."""
    found = {}
    for review_id in ids:
        row = db.execute(f"{_WHOLE_ROW} WHERE r.id = ?", (review_id,)).fetchone()
        if row is not None:
            found[review_id] = _log_row(row)
    return found


def _log_row(row: Sequence[object]) -> LogRow:
    review = review_from_row(row[:-2])
    fact, kept = row[-2], row[-1]
    before = None
    if kept is not None:
        assert isinstance(kept, (bytes, str))
        try:
            before = kept_state.decode(kept, (review.deck, review.card))
        except (ValueError, TypeError, KeyError, OverflowError):
            before = None
    return LogRow(
        review, fact if isinstance(fact, str) and fact else None, before, kept is not None
    )


def next_id(db: sqlite3.Connection) -> int:
    """An id above every review's."""
    return int(db.execute("SELECT coalesce(max(id), 0) + 1 FROM review_log").fetchone()[0])


def _subjects(db: sqlite3.Connection, rows: Sequence[LogRow]) -> dict[tuple[str, str, str], int]:
    """The ``review_cards`` rows naming the reviews' cards and facts, added where missing."""
    names = {(row.review.deck, row.review.card, row.fact or "") for row in rows}
    db.executemany("INSERT INTO review_cards (deck, card, fact) VALUES (?, ?, ?) "
                   "ON CONFLICT DO NOTHING", sorted(names))  # fmt: skip
    if len(names) > 100:
        found = db.execute("SELECT deck, card, fact, id FROM review_cards")
    else:
        found = db.execute(
            "SELECT deck, card, fact, id FROM review_cards WHERE (deck, card, fact) IN "
            "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
            "json_extract(value, '$[2]') FROM json_each(?))",
            (json.dumps(sorted(names)),),
        )
    return {(deck, card, fact): int(number) for deck, card, fact, number in found}


def _values(row: LogRow, subjects: dict[tuple[str, str, str], int]) -> tuple[object, ...]:
    review = row.review
    state = review.state_before
    return (
        review.id,
        micro(review.time),
        subjects[(review.deck, review.card, row.fact or "")],
        MODE_CODES[review.mode],
        review.given,
        int(review.correct),
        float(review.score),
        int(review.rating),
        int(review.duration_ms),
        None if state is None else int(state),
        kept_state.encode(row.before) if row.kept else None,
        None if review.amended_at is None else micro(review.amended_at),
    )


def insert(db: sqlite3.Connection, rows: Sequence[LogRow]) -> None:
    """Add ``rows`` to the log under their own ids."""
    subjects = _subjects(db, rows)
    db.executemany(
        "INSERT INTO review_log (id, time, subject, mode, given, correct, score, rating, "
        "duration_ms, state_before, before, amended_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [_values(row, subjects) for row in rows],
    )


def update(db: sqlite3.Connection, rows: Sequence[LogRow]) -> None:
    """Change the verdict, rating and before-state of existing rows to those of ``rows``."""
    subjects = _subjects(db, rows)
    db.executemany(
        "UPDATE review_log SET correct = ?, score = ?, rating = ?, amended_at = ?, "
        "state_before = ?, before = ? WHERE id = ?",
        [
            (values[5], values[6], values[7], values[11], values[9], values[10], values[0])
            for values in (_values(row, subjects) for row in rows)
        ],
    )


def delete(db: sqlite3.Connection, ids: Iterable[int]) -> None:
    db.executemany("DELETE FROM review_log WHERE id = ?", ((review_id,) for review_id in ids))


def renumber_from(db: sqlite3.Connection, lowest: int | None) -> None:
    """Number the reviews at or after the time ``lowest`` (microseconds; None: all) in replay
    order (time, then device and seq of their answer), after those before them."""
    where, params = ("", ()) if lowest is None else ("WHERE time >= ?", (lowest,))
    if in_order(db, lowest):
        return
    tail = db.execute(
        f"SELECT id, time FROM review_log {where} ORDER BY time, id", params
    ).fetchall()
    total = count(db)
    start = total - len(tail) + 1
    times = [time for _, time in tail]
    ids = [review for review, _ in tail]
    if ids == list(range(start, total + 1)) and len(set(times)) == len(times):
        return  # in order already, no two at one time: nothing to renumber
    _ids_table(db, "sync_tail", ids)
    answer = {
        review: (device, number)
        for review, device, number in db.execute(
            "SELECT e.review, d.device, e.id FROM events e JOIN sync_devices d "
            "ON d.id = e.id >> 32 WHERE e.review IN (SELECT id FROM temp.sync_tail)"
        )
    }
    ordered = sorted(
        tail,
        key=lambda row: (
            row[1] if isinstance(row[1], int) else -1,
            *answer.get(row[0], ("", row[0] + ev.SPAN)),
        ),
    )
    moves = [(old, start + index) for index, (old, _) in enumerate(ordered) if old != start + index]
    if not moves:
        return
    db.execute("CREATE TEMP TABLE IF NOT EXISTS sync_moves (old INTEGER PRIMARY KEY, new INTEGER)")
    db.execute("DELETE FROM temp.sync_moves")
    db.executemany("INSERT INTO temp.sync_moves VALUES (?, ?)", moves)
    db.execute("UPDATE review_log SET id = -id WHERE id IN (SELECT old FROM temp.sync_moves)")
    db.execute(
        "UPDATE review_log SET id = (SELECT new FROM temp.sync_moves WHERE old = -review_log.id) "
        "WHERE id < 0"
    )
    db.execute(
        "UPDATE events SET review = (SELECT new FROM temp.sync_moves WHERE old = events.review) "
        "WHERE review IN (SELECT old FROM temp.sync_moves)"
    )


def in_order(db: sqlite3.Connection, lowest: int | None) -> bool:
    """Whether the reviews at or after the time ``lowest`` (None: all) are the last ones,
    numbered on from those before, in the order of their times, no two at once (found in SQL,
    without reading them)."""
    where, params = ("", ()) if lowest is None else ("WHERE time >= ?", (lowest,))
    tail, low = db.execute(f"SELECT count(*), min(id) FROM review_log {where}", params).fetchone()
    if not tail:
        return True
    total, high = db.execute("SELECT count(*), max(id) FROM review_log").fetchone()
    if high != total or tail != high - low + 1:
        return False
    return not db.execute(
        "SELECT EXISTS (SELECT 1 FROM (SELECT time, lag(time) OVER (ORDER BY id) AS previous "
        "FROM review_log WHERE id >= ?) WHERE time <= previous OR typeof(time) != 'integer')",
        (low,),
    ).fetchone()[0]


def _ids_table(db: sqlite3.Connection, name: str, ids: Iterable[int]) -> None:
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)")
    db.execute(f"DELETE FROM temp.{name}")
    db.executemany(f"INSERT INTO temp.{name} VALUES (?)", ((one,) for one in ids))


def time_text(value: object) -> str:
    """A time of the log as ISO text."""
    return iso(stored_moment(value)) or ev.BEGINNING


# --------------------------------------------------------------------------- events


#: An event with its review's columns (NULL for an event that has none).
_EVENT_ROW = (
    "SELECT e.id, d.device, e.kind, e.review, e.data, r.time, k.deck, k.card, r.mode, r.given, "
    "r.correct, r.score, r.rating, r.duration_ms, k.fact, r.amended_at "
    "FROM events e JOIN sync_devices d ON d.id = e.id >> 32 "
    "LEFT JOIN review_log r ON r.id = e.review LEFT JOIN review_cards k ON k.id = r.subject"
)


def load_events(
    db: sqlite3.Connection, where: str = "", params: Sequence[object] = ()
) -> list[Event]:
    """The events a ``WHERE`` clause over ``events e`` picks, whole: an answer's body is read
    from its review (and, for a start review, the card's memories around it)."""
    return [event for _, _, event in _load(db, where, params)]


def answers_of(db: sqlite3.Connection, keys: Iterable[Key]) -> list[tuple[int, int, Event]]:
    """The answers that made the reviews of the cards ``keys``: ``events.id``, review, event."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS sync_keys (deck TEXT, card TEXT, "
               "PRIMARY KEY (deck, card)) WITHOUT ROWID")  # fmt: skip
    db.execute("DELETE FROM temp.sync_keys")
    db.executemany("INSERT INTO temp.sync_keys VALUES (?, ?)", keys)
    found = _load(
        db,
        "WHERE e.kind = 0 AND e.review IN (SELECT r.id FROM review_log r JOIN review_cards k "
        "ON k.id = r.subject JOIN temp.sync_keys t ON t.deck = k.deck AND t.card = k.card)",
    )
    return [(number, review, event) for number, review, event in found if review is not None]


def _load(
    db: sqlite3.Connection, where: str, params: Sequence[object] = ()
) -> list[tuple[int, int | None, Event]]:
    rows = db.execute(f"{_EVENT_ROW} {where}", params).fetchall()
    starts = [row[3] for row in rows if row[2] == 0 and row[4] is None and row[8] == START]
    extras = recorded(db, starts)
    return [(row[0], row[3] if row[5] is not None else None, _event(row, extras)) for row in rows]


def _event(row: Sequence[Any], extras: dict[int, dict[str, Any]]) -> Event:
    number, device, code, review, data, time, deck, card = row[:8]
    seq, kind = number % ev.SPAN, ev.NAMES.get(code, ev.VOID)
    stored = json.loads(data) if data else None
    if kind != ev.ANSWER or time is None:
        # No review: an answer taken in but not placed yet (its data holds it all), or void.
        if isinstance(stored, list):
            return Event(device, seq, stored[0], kind, *stored[1:])
        return Event(device, seq, ev.BEGINNING, ev.VOID)
    mode, given, correct, score, rating, duration, fact, amended = row[8:]
    body: dict[str, Any] = {
        "mode": stored_mode(mode).value, "given": given, "correct": bool(correct),
        "score": float(score), "rating": int(rating), "ms": int(duration), "fact": fact or None,
    }  # fmt: skip
    if amended is not None:
        body["amended_at"] = iso(stored_moment(amended))
    body.update(stored if isinstance(stored, dict) else extras.get(review, {}))
    return Event(
        device, seq, iso(stored_moment(time)) or ev.BEGINNING, kind, deck, card, None, body
    )


def recorded(db: sqlite3.Connection, review_ids: Collection[int]) -> dict[int, dict[str, Any]]:
    """What the answers that made the start reviews ``review_ids`` recorded beyond the review:
    the card's content hash, a fingerprint of its memory before, the memory after (the state
    before the card's next start review, or its state now)."""
    if not review_ids:
        return {}
    wanted = set(review_ids)
    cards = db.execute(
        "SELECT DISTINCT k.deck, k.card FROM review_log r JOIN review_cards k ON k.id = r.subject "
        "WHERE r.id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(wanted)),),
    ).fetchall()
    chains: dict[Key, list[tuple[int, bytes | str]]] = defaultdict(list)
    if len(cards) > 200:
        for deck, card, review, kept in db.execute(
            f"SELECT k.deck, k.card, r.id, r.before FROM {LOG_TABLES} WHERE r.mode = {START} "
            "ORDER BY k.deck, k.card, r.id"
        ):
            chains[(deck, card)].append((review, kept))
    else:
        for key in cards:
            chains[(key[0], key[1])] = db.execute(
                "SELECT id, before FROM review_log WHERE subject IN "
                f"(SELECT id FROM review_cards WHERE deck = ? AND card = ?) AND mode = {START} "
                "ORDER BY id",
                tuple(key),
            ).fetchall()
    found: dict[int, dict[str, Any]] = {}
    for key, chain in chains.items():
        _chain_extras(db, key, chain, wanted, found)
    return found


def _chain_extras(
    db: sqlite3.Connection,
    key: Key,
    chain: Sequence[tuple[int, bytes | str]],
    wanted: set[int],
    found: dict[int, dict[str, Any]],
) -> None:
    """Add to ``found`` what the ``wanted`` answers of one card's start reviews (``chain``, by
    id) recorded; each state is read once."""
    memo: dict[int, _Kept | None] = {}

    def kept_at(index: int) -> _Kept | None:
        if index not in memo:
            if index < len(chain):
                known, state = _decoded(chain[index][1], key)
            else:
                known, state = True, load_state(db, key)
            memo[index] = _kept(state) if known else None
        return memo[index]

    for index, (review, _) in enumerate(chain):
        if review in wanted:
            before, after = kept_at(index), kept_at(index + 1)
            if before is not None and after is not None:
                found[review] = {"hash": after[2], "before": before[0], **after[1]}


#: What a recorded answer needs of one state: its memory's fingerprint, ``{"after": memory}``
#: (or nothing) and its content hash.
_Kept = tuple[str, dict[str, Any], str | None]


def _kept(state: CardState | None) -> _Kept:
    memory = state.memory if state else None
    if memory is None:
        return "", {}, state.content_hash if state else None
    listed = ev.memory_list(memory)
    return ev.list_fingerprint(listed), {"after": listed}, state.content_hash if state else None


def _decoded(kept: bytes | str | None, key: Key) -> tuple[bool, CardState | None]:
    try:
        return True, kept_state.decode(kept if kept is not None else b"", key)
    except (ValueError, TypeError, KeyError, OverflowError):
        return False, None
