"""Reading a part file of format 2 (see :mod:`.dbpart`).

The whole file is checked first, in SQL (its size against its pages, its schema exactly, each
column's type and range), so a file cut short, corrupt or forged is named and skipped before
any of its events is taken; then its events are read in batches.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from quizdeck.clock import iso
from quizdeck.files import MIB
from quizdeck.store import before as kept_state
from quizdeck.store import events as ev
from quizdeck.store.rows import CARD_COLUMNS, CardState, state_from_row, stored_moment
from quizdeck.sync import dbpart
from quizdeck.sync.dbpart import (
    DATA_CHARS,
    FORMAT,
    GIVEN_CHARS,
    LAST_MICRO,
    MODES,
    NAME_CHARS,
    SCHEMA,
    START,
    STATE_BYTES,
    VERSION,
    FileProblem,
    Header,
)

#: Events handed to the merge at a time.
BATCH = 25_000


def _valid_answer() -> str:
    whole = "typeof({0}) = 'integer'"
    text = "typeof({0}) = 'text'"
    state = "(typeof({0}) IN ('blob', 'text') AND length({0}) <= " + str(STATE_BYTES) + ")"
    return " AND ".join(
        (
            whole.format("e.time"), f"e.time BETWEEN 0 AND {LAST_MICRO}",
            text.format("s.deck"), text.format("s.card"), text.format("s.fact"),
            f"length(s.deck) <= {NAME_CHARS}", f"length(s.card) BETWEEN 1 AND {NAME_CHARS}",
            f"length(s.fact) <= {NAME_CHARS}",
            whole.format("e.mode"), f"e.mode IN ({', '.join(map(str, MODES))})",
            text.format("e.given"), f"length(e.given) <= {GIVEN_CHARS}",
            whole.format("e.correct"), "e.correct IN (0, 1)",
            "typeof(e.score) IN ('real', 'integer')", "e.score BETWEEN 0 AND 1",
            whole.format("e.rating"), "e.rating BETWEEN 1 AND 4",
            whole.format("e.ms"), "e.ms BETWEEN 0 AND 1000000000",
            f"(e.amended IS NULL OR ({whole.format('e.amended')} "
            f"AND e.amended BETWEEN 0 AND {LAST_MICRO}))",
            f"(e.mode != {START} OR {state.format('e.before')})",
            f"(e.mode = {START} OR (e.before IS NULL AND e.after IS NULL))",
            f"(e.after IS NULL OR {state.format('e.after')})",
            f"(e.data IS NULL OR ({text.format('e.data')} AND length(e.data) <= 4096))",
        )
    )  # fmt: skip


_NOTHING = " AND ".join(
    f"e.{column} IS NULL"
    for column in ("time", "subject", "mode", "given", "correct", "score", "rating", "ms")
)
#: Rows that are not an event of a kind this format holds (any found: the file is forged).
_INVALID = f"""
SELECT count(*) FROM events e LEFT JOIN subjects s ON s.id = e.subject
WHERE NOT coalesce(typeof(e.seq) = 'integer' AND e.seq BETWEEN :low AND :high AND CASE
    WHEN e.kind = 0 THEN {_valid_answer()}
    WHEN e.kind = {ev.CODES[ev.VOID]} THEN {_NOTHING} AND e.data IS NULL
    WHEN e.kind BETWEEN 1 AND 7 THEN {_NOTHING} AND typeof(e.data) = 'text'
        AND length(e.data) <= {DATA_CHARS}
    ELSE 0 END, 0)
"""
CARD_NAMES = [name.strip() for name in CARD_COLUMNS.split(",")]
_ROWS = f"""
SELECT e.seq, e.kind, e.time, s.deck, s.card, s.fact, e.mode, e.given, e.correct, e.score,
    e.rating, e.ms, e.amended, e.before, coalesce(e.after, n.next), e.data,
    e.after IS NULL AND n.next IS NULL, {", ".join(f"c.{name}" for name in CARD_NAMES)}
FROM events e LEFT JOIN subjects s ON s.id = e.subject
LEFT JOIN (SELECT seq, lead(before) OVER (PARTITION BY subject ORDER BY seq) AS next
           FROM events WHERE kind = 0 AND mode = {START}) n ON n.seq = e.seq
LEFT JOIN cards c ON e.after IS NULL AND n.next IS NULL AND c.deck = s.deck AND c.card = s.card
ORDER BY e.seq
"""


def open_part(path: Path, student: str, id_ok: Callable[[object], bool]) -> tuple[Header, Any]:
    """Check the part file ``path`` of ``student`` whole; its header and a reader of its
    events (:func:`batches`). ``id_ok`` says whether a value is a device id."""
    try:
        found = os.lstat(path)
    except OSError as error:
        raise FileProblem(error.strerror or "cannot be read") from None
    if stat.S_ISLNK(found.st_mode):
        raise FileProblem("a link, not a file")
    if not stat.S_ISREG(found.st_mode):
        raise FileProblem("not a regular file")
    if found.st_size == 0:
        raise FileProblem("empty")
    if found.st_size > dbpart.FILE_LIMIT:
        raise FileProblem(f"larger than {dbpart.FILE_LIMIT // MIB} MiB")
    _check_size(path, found.st_size)
    uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
    db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        header = _checked(db, found.st_size, student, id_ok)
    except sqlite3.DatabaseError:
        db.close()
        raise FileProblem("corrupt (not a whole quiz sync file)") from None
    except BaseException:
        db.close()
        raise
    return header, db


def _check_size(path: Path, size: int) -> None:
    """A SQLite file's header says how many pages of what size it has: a file of another
    size was cut short (or is not one)."""
    try:
        with open(path, "rb") as reading:
            head = reading.read(100)
    except OSError as error:
        raise FileProblem(error.strerror or "cannot be read") from None
    if len(head) < 100 or not head.startswith(_MAGIC):
        raise FileProblem("corrupt (not a quiz sync file)")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    if page_size * pages != size:
        raise FileProblem(f"cut short ({size} of {page_size * pages} bytes)")


_MAGIC = b"SQLite format 3\x00"


def _checked(
    db: sqlite3.Connection, size: int, student: str, id_ok: Callable[[object], bool]
) -> Header:
    db.execute("PRAGMA trusted_schema = OFF")
    db.execute("PRAGMA cell_size_check = ON")
    tables = dict(db.execute("SELECT name, sql FROM sqlite_schema").fetchall())
    if tables != SCHEMA:
        raise FileProblem("not a quiz sync file")
    rows = db.execute("SELECT * FROM part").fetchall()
    if len(rows) != 1 or rows[0][0] != FORMAT:
        raise FileProblem("not a quiz sync file")
    _, version, owner, device, first, count, name, written_at = rows[0]
    if not isinstance(version, int) or version < 1:
        raise FileProblem("no format version (corrupt)")
    if version > VERSION:
        raise FileProblem(f"written by a newer quiz (format {version}); upgrade quiz to read it")
    if owner != student:
        shown = owner[:64] if isinstance(owner, str) else "none"
        raise FileProblem(f"belongs to another student ({shown})")
    if not id_ok(device):
        raise FileProblem("no valid device id (corrupt)")
    if not isinstance(first, int) or not 0 < first < ev.SPAN - dbpart.PART_EVENTS:
        raise FileProblem("no valid first event (corrupt)")
    if not isinstance(count, int) or not 0 <= count <= dbpart.PART_EVENTS:
        raise FileProblem("no valid event count (corrupt)")
    held = db.execute("SELECT count(*) FROM events").fetchone()[0]
    if held != count:
        raise FileProblem(f"cut short: {held} of {count} events")
    bounds = {"low": first, "high": first + count - 1}
    if db.execute(_INVALID, bounds).fetchone()[0]:
        raise FileProblem("an event is not a valid event (corrupt)")
    return Header(
        owner, device, first, count,
        name if isinstance(name, str) and len(name) <= 64 else "",
        written_at if isinstance(written_at, str) else "",
    )  # fmt: skip


#: Checks an event given as a format 1 line (``[seq, time, kind, deck, card, target, body]``)
#: and makes it (FileProblem if it is not valid).
Checker = Callable[[list[Any]], ev.Event]


def batches(db: sqlite3.Connection, device: str, check: Checker) -> Iterator[list[ev.Event]]:
    """The events of an opened part, ``BATCH`` at a time (FileProblem if one is not valid:
    ``check`` makes those other than a plain answer). Closes ``db`` at the end."""
    try:
        cursor = db.execute(_ROWS)
        while rows := cursor.fetchmany(BATCH):
            yield [_event(device, row, check) for row in rows]
    except sqlite3.DatabaseError:
        raise FileProblem("corrupt (not a whole quiz sync file)") from None
    finally:
        db.close()
        _decode.cache_clear()


def _event(device: str, row: Sequence[Any], check: Checker) -> ev.Event:
    seq, kind, time, deck, card, fact, mode, given, correct, score, *rest = row
    rating, duration, amended, before, after, data, now, *state = rest
    problem = f"event {seq} is not a valid event (corrupt)"
    if kind != 0:
        try:
            stored = json.loads(data) if data is not None else None
        except (ValueError, RecursionError):
            raise FileProblem(problem) from None
        if not isinstance(stored, list) or len(stored) != 5:
            if kind == ev.CODES[ev.VOID]:
                return ev.Event(device, seq, ev.BEGINNING, ev.VOID)
            raise FileProblem(problem)
        return check([seq, stored[0], ev.NAMES[kind], *stored[1:]])
    body: dict[str, Any] = {
        "mode": MODES[mode], "given": given, "correct": bool(correct), "score": float(score),
        "rating": rating, "ms": duration, "fact": fact or None,
    }  # fmt: skip
    if amended is not None:
        body["amended_at"] = _iso(amended)
    kept = None
    if data is not None:
        try:
            kept = json.loads(data)
        except (ValueError, RecursionError):
            raise FileProblem(problem) from None
    if isinstance(kept, dict):
        body.update(kept)
    elif mode == START:
        body.update(_recorded(before, _state_now(state) if now else after, (deck, card)))
    if kept is not None:
        return check([seq, _iso(time), ev.ANSWER, deck, card, None, body])
    return ev.Event(device, seq, _iso(time), ev.ANSWER, deck, card, None, body)


def _iso(micros: int) -> str:
    return iso(stored_moment(micros)) or ev.BEGINNING


def _state_now(row: Sequence[Any]) -> CardState | bool | None:
    """A card's state as the part's ``cards`` table gives it (False: it cannot be read)."""
    if row[0] is None:
        return None
    try:
        return state_from_row(row)
    except (ValueError, TypeError, KeyError, OverflowError, AttributeError):
        return False


#: A state packed in a part is read twice (after one answer, before the next of its card).
_decode = functools.lru_cache(maxsize=1 << 15)(kept_state.decode)


def _recorded(before: object, after: object | CardState, key: tuple[str, str]) -> dict[str, Any]:
    """What a start answer recorded (as format 1 wrote it) from the states around it (packed,
    or the card's state now); nothing if either cannot be read (the answer is then scheduled
    again by a replay)."""
    if not isinstance(before, (bytes, str)) or after is False:
        return {}
    try:
        was = _decode(before, key)
        if isinstance(after, (bytes, str)):
            left = _decode(after, key)
        elif after is None or isinstance(after, CardState):
            left = after
        else:
            return {}
        listed = ev.memory_list(left.memory) if left and left.memory else None
        recorded: dict[str, Any] = {
            "hash": left.content_hash if left else None,
            "before": ev.fingerprint(was.memory if was else None),
        }
    except (ValueError, TypeError, KeyError, OverflowError, AttributeError):
        return {}
    if listed is not None:
        recorded["after"] = listed
    return recorded
