"""The review log's rows as ``quiz sync`` reads and writes them.

Every statement sync runs over the columns of ``reviews`` is here, so a change to how the
log stores a review changes this module and :mod:`.reviews`, nothing in :mod:`quizdeck.sync`.
A row goes in and out as a :class:`LogRow`: a :class:`ReviewRow` with the fact it tests and
the card's state before it (for undo).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quizdeck.clock import iso
from quizdeck.store import before as kept_state
from quizdeck.store.rows import REVIEW_COLUMNS, CardState, ReviewRow, review_from_row


@dataclass(frozen=True)
class LogRow:
    """One row of the review log, whole."""

    review: ReviewRow
    fact: str | None
    before: CardState | None  # the card's state before a start review
    kept: bool  # a before-state is kept (a start review)


def count(db: sqlite3.Connection) -> int:
    """How many reviews the log holds."""
    return int(db.execute("SELECT count(*) FROM reviews").fetchone()[0])


def without_events(db: sqlite3.Connection) -> list[LogRow]:
    """The reviews no answer event made (recorded before events were kept), by card, then
    in the order they were recorded."""
    rows = db.execute(
        f"SELECT {REVIEW_COLUMNS}, fact, before FROM reviews WHERE id NOT IN "
        "(SELECT review FROM events WHERE review IS NOT NULL) ORDER BY deck, card, id"
    )
    return [_log_row(row) for row in rows]


def read(db: sqlite3.Connection, ids: Iterable[int]) -> dict[int, LogRow]:
    """The rows ``ids`` (those that exist), by id."""
    found = {}
    for review_id in ids:
        row = db.execute(
            f"SELECT {REVIEW_COLUMNS}, fact, before FROM reviews WHERE id = ?", (review_id,)
        ).fetchone()
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
    return LogRow(review, fact if isinstance(fact, str) else None, before, kept is not None)


def next_id(db: sqlite3.Connection) -> int:
    """An id above every review's."""
    return int(db.execute("SELECT coalesce(max(id), 0) + 1 FROM reviews").fetchone()[0])


def _values(row: LogRow) -> tuple[object, ...]:
    review = row.review
    state = review.state_before
    return (
        review.id,
        iso(review.time),
        review.deck,
        review.card,
        row.fact,
        review.mode.value,
        review.given,
        int(review.correct),
        float(review.score),
        int(review.rating),
        int(review.duration_ms),
        None if state is None else int(state),
        kept_state.encode(row.before) if row.kept else None,
        iso(review.amended_at),
    )


def insert(db: sqlite3.Connection, rows: Iterable[LogRow]) -> None:
    """Add ``rows`` to the log under their own ids."""
    db.executemany(
        "INSERT INTO reviews (id, time, deck, card, fact, mode, given, correct, score, rating, "
        "duration_ms, state_before, before, amended_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        map(_values, rows),
    )


def update(db: sqlite3.Connection, rows: Iterable[LogRow]) -> None:
    """Change the verdict, rating and before-state of existing rows to those of ``rows``."""
    db.executemany(
        "UPDATE reviews SET correct = ?, score = ?, rating = ?, amended_at = ?, "
        "state_before = ?, before = ? WHERE id = ?",
        (
            (values[7], values[8], values[9], values[13], values[11], values[12], values[0])
            for values in map(_values, rows)
        ),
    )


def delete(db: sqlite3.Connection, ids: Iterable[int]) -> None:
    db.executemany("DELETE FROM reviews WHERE id = ?", ((review_id,) for review_id in ids))


def renumber(db: sqlite3.Connection, moves: Sequence[tuple[int, int]]) -> None:
    """Give reviews new ids: ``(old, new)`` pairs, the new ids free once the old are moved."""
    db.executemany("UPDATE reviews SET id = ? WHERE id = ?", ((-old, old) for old, _ in moves))
    db.executemany("UPDATE reviews SET id = ? WHERE id = ?", ((new, -old) for old, new in moves))
