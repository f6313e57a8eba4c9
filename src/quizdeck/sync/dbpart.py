"""Part files of format 2: a device's events as a small SQLite database (``….qsync``).

A part is built by SQL straight from the profile (``ATTACH`` of a temporary file beside it,
``INSERT … SELECT``, synced, renamed into place), so a first sync of a long history is a bulk
copy, not a pass of Python over every answer. What an answer recorded is copied as the log
keeps it: the card's state before a start answer (``before``, the packed format of
:mod:`quizdeck.store.before`) and, only where the reader cannot tell it, the state it left
(``after``). An answer whose ``after`` is empty left the state its card's next start answer in
the same part (by seq) had before it; the writer leaves it empty only when that is so in its
own log (the next start review of the card there is that answer). See docs/sync.md.

:mod:`.dbread` reads and checks such a file.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from quizdeck.files import MIB, replacing
from quizdeck.model import Mode
from quizdeck.store import before as kept_state
from quizdeck.store import events as ev
from quizdeck.store.rows import CARD_COLUMNS, MODE_CODES, micro, state_from_row, stored_moment

FORMAT = "quiz-sync"
VERSION = 2
SUFFIX = ".qsync"
#: The most events in a part of this format, and the largest such file read.
PART_EVENTS = 250_000
FILE_LIMIT = 256 * MIB
#: The longest packed state, typed answer, name and other event's data taken from a file.
STATE_BYTES = 4096
GIVEN_CHARS = 10_000
NAME_CHARS = 256
DATA_CHARS = 1 << 20
#: The latest time a file may give (microseconds since 1970: the end of year 9999).
LAST_MICRO = 253_402_300_799_999_999

_COLUMNS = (
    "seq INTEGER PRIMARY KEY, kind INTEGER, time INTEGER, subject INTEGER, mode INTEGER, "
    "given TEXT, correct INTEGER, score REAL, rating INTEGER, ms INTEGER, amended INTEGER, "
    "before BLOB, after BLOB, data TEXT"
)
#: The tables of a part, exactly (a file with anything else is not read).
SCHEMA = {
    "part": "CREATE TABLE part (format TEXT, version INTEGER, student TEXT, device TEXT, "
    "first INTEGER, events INTEGER, name TEXT, written_at TEXT)",
    "subjects": "CREATE TABLE subjects (id INTEGER PRIMARY KEY, deck TEXT, card TEXT, fact TEXT)",
    "events": f"CREATE TABLE events ({_COLUMNS})",
    "cards": f"CREATE TABLE cards ({CARD_COLUMNS})",
}
MODES = {code: mode.value for mode, code in MODE_CODES.items()}
START = MODE_CODES[Mode.START]


class FileProblem(Exception):
    """A device file that cannot be used; the message says why in a few words."""


@dataclass(frozen=True)
class Header:
    """Whose part it is and what it holds."""

    student: str
    device: str
    first: int
    count: int
    name: str = ""  # the profile's name on that device
    written_at: str = ""


# --------------------------------------------------------------------------- writing

#: The part's events from the profile: each event of this device, with its review's columns.
_FILL = f"""
INSERT INTO sync_part.events
SELECT e.id, iif(e.kind = 0 AND r.id IS NULL, {ev.CODES[ev.VOID]}, e.kind),
    iif(r.time IS NULL OR typeof(r.time) = 'integer', r.time, quiz_sync_micro(r.time)),
    r.subject, r.mode, r.given, r.correct, r.score, r.rating, r.duration_ms,
    iif(r.amended_at IS NULL OR typeof(r.amended_at) = 'integer', r.amended_at,
        quiz_sync_micro(r.amended_at)),
    iif(r.mode = {START}, r.before, NULL), NULL,
    iif(e.kind = 0 AND r.id IS NULL, NULL, e.data)
FROM main.events e LEFT JOIN main.review_log r ON r.id = e.review
WHERE e.id BETWEEN :first AND :last ORDER BY e.id
"""

#: Whether this device's history is plain: no other device's answer in the log, and its own
#: answers' reviews in the order of their seqs (so the next start review of a card in the log
#: is its next start answer by seq).
_TANGLED = f"""
SELECT EXISTS (SELECT 1 FROM main.events WHERE id >= {ev.SPAN} AND review IS NOT NULL)
    OR EXISTS (SELECT 1 FROM (SELECT review, lag(review) OVER (ORDER BY id) AS previous
        FROM main.events WHERE id BETWEEN 1 AND {ev.SPAN - 1} AND review IS NOT NULL)
        WHERE review < previous)
"""

#: A plain history: the answers whose state after the reader cannot tell are the last start
#: answer of each card in the part.
_LAST_OF_CARD = f"""
INSERT INTO temp.sync_explicit SELECT max(seq), NULL FROM sync_part.events
WHERE kind = 0 AND mode = {START} GROUP BY subject
"""

#: Any other: each start answer of the part with the next one of its card (by seq) and their
#: reviews; those whose state after the reader cannot tell are the last of their card in the
#: part, and those followed in the log by another start review first.
_CHAIN = f"""
WITH chain AS (SELECT e.id AS seq, r.id AS review, r.subject AS subject,
    lead(e.id) OVER card AS next_seq, lead(r.id) OVER card AS next_review
    FROM main.events e JOIN main.review_log r ON r.id = e.review
    WHERE e.id BETWEEN :first AND :last AND e.kind = 0 AND r.mode = {START}
    WINDOW card AS (PARTITION BY r.subject ORDER BY e.id))
INSERT INTO temp.sync_explicit SELECT seq, next_seq FROM chain c
WHERE next_seq IS NULL OR next_review < review
    OR EXISTS (SELECT 1 FROM main.review_log x WHERE x.subject = c.subject
        AND x.id > c.review AND x.id < c.next_review AND x.mode = {START})
"""

#: And every start answer of a card known under two facts (two ``review_cards`` rows): its
#: next start answer in the part may be under the other.
_TWO_FACTS = f"""
INSERT OR REPLACE INTO temp.sync_explicit SELECT e.id, -1
FROM main.events e JOIN main.review_log r ON r.id = e.review
WHERE e.id BETWEEN :first AND :last AND e.kind = 0 AND r.mode = {START}
AND r.subject IN (SELECT k.id FROM main.review_cards k JOIN
    (SELECT deck, card FROM main.review_cards GROUP BY deck, card HAVING count(*) > 1)
    USING (deck, card))
"""

#: Those get the state before the next start review of their card in the log, if any.
_AFTER = f"""
UPDATE sync_part.events AS p SET after = (
    SELECT y.before FROM main.review_log y
    WHERE y.mode = {START} AND y.id > (SELECT review FROM main.events WHERE id = p.seq)
    AND y.subject IN (SELECT z.id FROM main.review_cards z JOIN main.review_cards w
        ON z.deck = w.deck AND z.card = w.card WHERE w.id = p.subject)
    ORDER BY y.id LIMIT 1)
WHERE seq IN (SELECT seq FROM temp.sync_explicit)
"""

#: Else, an answer with a later start answer of its card in the part (one out of order, or
#: of a card under two facts) gets the card's state now.
_STATE_NOW = """
UPDATE sync_part.events AS p SET after = (
    SELECT quiz_sync_state(c.deck, c.card, c.state, c.step, c.stability, c.difficulty, c.due,
        c.last_review, c.reps, c.lapses, c.suspended, c.buried_until, c.content_hash, c.leech,
        c.first_seen)
    FROM main.review_cards k LEFT JOIN main.cards c ON c.deck = k.deck AND c.card = k.card
    WHERE k.id = p.subject)
WHERE after IS NULL AND seq IN (SELECT seq FROM temp.sync_explicit WHERE next_seq IS NOT NULL)
"""

#: The last start answer of a card with no later review left the card's state now: the part
#: holds those states.
_CARDS = f"""
INSERT INTO sync_part.cards SELECT {CARD_COLUMNS} FROM main.cards
WHERE (deck, card) IN (SELECT s.deck, s.card FROM sync_part.events e
    JOIN sync_part.subjects s ON s.id = e.subject
    WHERE e.after IS NULL AND e.seq IN (SELECT seq FROM temp.sync_explicit))
"""

#: Parts of more events than this whose history is plain skip the chain of each answer.
PLAIN_FROM = 5_000


def plain_history(db: sqlite3.Connection) -> bool:
    """Whether this device's history is plain (see :data:`_TANGLED`); a sync asks once."""
    return not db.execute(_TANGLED).fetchone()[0]


def write(
    db: sqlite3.Connection,
    path: Path,
    header: Header,
    written: Callable[[], None],
    plain: bool = False,
) -> int:
    """Write this device's events ``header.first`` to ``header.first + header.count - 1``
    from the profile ``db`` (outside any transaction) to the part file ``path``, replacing
    it atomically (never anything but a file); returns how many it holds. ``written`` is
    called once the file is on disk, before it takes its place; ``plain``: what
    :func:`plain_history` says (parts of a plain history are written faster)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        raise OSError(f"{path} is not a regular file (a link, folder or device); not replaced")
    db.create_function("quiz_sync_micro", 1, _micro, deterministic=True)
    db.create_function("quiz_sync_state", 15, _packed_state)
    with replacing(path) as temporary:
        db.execute("ATTACH ? AS sync_part", (str(temporary),))
        try:
            count = _fill(db, header, plain and header.count > PLAIN_FROM)
        finally:
            if db.in_transaction:
                db.execute("ROLLBACK")
            db.execute("DETACH sync_part")
        with open(temporary, "rb+") as done:
            os.fsync(done.fileno())
        written()
    return count


def _fill(db: sqlite3.Connection, header: Header, plain: bool) -> int:
    db.execute("PRAGMA sync_part.journal_mode = OFF")
    db.execute("PRAGMA sync_part.synchronous = OFF")
    bounds = {"first": header.first, "last": header.first + header.count - 1}
    db.execute("BEGIN")
    for sql in SCHEMA.values():
        db.execute(sql.replace("CREATE TABLE ", "CREATE TABLE sync_part.", 1))
    db.execute("DROP TABLE IF EXISTS temp.sync_explicit")
    db.execute("CREATE TEMP TABLE sync_explicit (seq INTEGER PRIMARY KEY, next_seq INTEGER)")
    db.execute(_FILL, bounds)
    db.execute(_LAST_OF_CARD if plain else _CHAIN, bounds)
    db.execute(_TWO_FACTS, bounds)
    names = db.execute("SELECT count(*) FROM main.review_cards").fetchone()[0]
    db.execute(
        "INSERT INTO sync_part.subjects SELECT id, deck, card, fact FROM main.review_cards"
        + ("" if names < header.count else " WHERE id IN (SELECT subject FROM sync_part.events)")
    )
    later = (
        bounds["last"] < ev.last_seq(db)
        or db.execute(
            "SELECT EXISTS (SELECT 1 FROM temp.sync_explicit WHERE next_seq = -1)"
        ).fetchone()[0]
    )
    if not plain or later:  # else a plain history's last part: no card has a later review
        db.execute(_AFTER)
    db.execute(_STATE_NOW)
    db.execute(_CARDS)
    count = int(db.execute("SELECT count(*) FROM sync_part.events").fetchone()[0])
    db.execute(
        "INSERT INTO sync_part.part VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (FORMAT, VERSION, header.student, header.device, header.first, count, header.name,
         header.written_at),
    )  # fmt: skip
    db.execute("DROP TABLE temp.sync_explicit")
    db.execute("COMMIT")
    return count


def _micro(value: object) -> int:
    """A time of the log that is not a number (a hand edit) as microseconds (0: unreadable)."""
    try:
        moment = stored_moment(value)
    except (ValueError, TypeError, OverflowError):
        return 0
    return micro(moment) if moment is not None else 0


def _packed_state(*row: object) -> bytes | str:
    """A ``cards`` row packed as the log keeps a state (no row: an empty blob)."""
    if row[0] is None:
        return b""
    try:
        return kept_state.encode(state_from_row(row))
    except (ValueError, TypeError, KeyError, OverflowError):
        return b""
