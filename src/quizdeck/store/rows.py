"""The rows of a progress database as records: card states, reviews and orphans.

Times of card states are stored as fixed-width ISO 8601 UTC text, so comparing the text
compares the times; times of the review log as microseconds since 1970 UTC (see
:mod:`.log_schema`).
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

from quizdeck.clock import iso, parse_time, utc
from quizdeck.errors import StoreError
from quizdeck.model import Mode, Rating
from quizdeck.scheduler import Memory, State

Key = tuple[str, str]
Row = Sequence[Any]
T = TypeVar("T")


def readable_row(what: str) -> Callable[[Callable[[Row], T]], Callable[[Row], T]]:
    """Turn a row that cannot be read (a database edited by hand) into one StoreError line.

    ``what`` names the table; the message names the row by its first column(s).
    """

    def wrap(convert: Callable[[Row], T]) -> Callable[[Row], T]:
        @functools.wraps(convert)
        def checked(row: Row) -> T:
            try:
                return convert(row)
            except (ValueError, TypeError, KeyError, OverflowError, StoreError) as error:
                name = "/".join(str(part) for part in row[:2]) if what == "card" else str(row[0])
                raise StoreError(
                    f"{what} {name} in the progress database cannot be read ({error}); "
                    "was the file edited by hand?"
                ) from None

        return checked

    return wrap


def whole(value: object) -> int:
    """A stored whole number, or TypeError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{value!r} is not a whole number")
    return value


@dataclass(frozen=True)
class CardState:
    """Everything stored about one card of one profile."""

    deck: str
    card: str
    memory: Memory | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    buried_until: datetime | None = None
    content_hash: str | None = None
    leech: bool = False
    first_seen: datetime | None = None

    @property
    def key(self) -> Key:
        """(deck id, card id)."""
        return (self.deck, self.card)

    @property
    def due(self) -> datetime | None:
        """When the card is due, or None for a card never scheduled."""
        return self.memory.due if self.memory else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``memory`` is :meth:`Memory.to_dict` or None."""
        return {
            "deck": self.deck,
            "card": self.card,
            "memory": self.memory.to_dict() if self.memory else None,
            "reps": self.reps,
            "lapses": self.lapses,
            "suspended": self.suspended,
            "buried_until": iso(self.buried_until),
            "content_hash": self.content_hash,
            "leech": self.leech,
            "first_seen": iso(self.first_seen),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CardState:
        """The inverse of :meth:`to_dict`."""
        memory = data.get("memory")
        return cls(
            deck=data["deck"],
            card=data["card"],
            memory=Memory.from_dict(memory) if memory else None,
            reps=int(data.get("reps", 0)),
            lapses=int(data.get("lapses", 0)),
            suspended=bool(data.get("suspended", False)),
            buried_until=parse_time(data.get("buried_until")),
            content_hash=data.get("content_hash"),
            leech=bool(data.get("leech", False)),
            first_seen=parse_time(data.get("first_seen")),
        )


#: The columns of ``cards``, in the order of :func:`state_to_row`.
CARD_COLUMNS = (
    "deck, card, state, step, stability, difficulty, due, last_review, reps, lapses, "
    "suspended, buried_until, content_hash, leech, first_seen"
)


@readable_row("card")
def state_from_row(row: Sequence[Any]) -> CardState:
    """A ``cards`` row (columns as :data:`CARD_COLUMNS`) as a :class:`CardState`."""
    deck, card, state, step, stability, difficulty, due, last, *rest = row
    reps, lapses, suspended, buried, content_hash, leech, first_seen = rest
    memory = None
    if state is not None:
        memory = Memory(
            State(state), step, stability, difficulty, stored_time(due), stored_time(last)
        )
    return CardState(
        deck,
        card,
        memory,
        reps,
        lapses,
        bool(suspended),
        parse_time(buried),
        content_hash,
        bool(leech),
        parse_time(first_seen),
    )


def state_to_row(state: CardState) -> tuple[Any, ...]:
    """The ``cards`` row of ``state``, in the order of :data:`CARD_COLUMNS`."""
    memory = state.memory
    return (
        state.deck,
        state.card,
        int(memory.state) if memory else None,
        memory.step if memory else None,
        memory.stability if memory else None,
        memory.difficulty if memory else None,
        iso(memory.due) if memory else None,
        iso(memory.last_review) if memory else None,
        state.reps,
        state.lapses,
        int(state.suspended),
        iso(state.buried_until),
        state.content_hash,
        int(state.leech),
        iso(state.first_seen),
    )


#: Card states (None: new) and ratings by name, as exports and listings show them.
STATE_NAMES: dict[int | None, str] = {None: "new"} | {int(state): str(state) for state in State}
RATING_NAMES = {int(rating): rating.name.lower() for rating in Rating}


def stored_optional_time(text: str | None) -> datetime | None:
    """A stored time, None if there is none; StoreError if it is not a time."""
    try:
        return parse_time(text)
    except (ValueError, TypeError):
        raise StoreError(
            f"a time in the progress database cannot be read ({text!r}); "
            "was the file edited by hand?"
        ) from None


def stored_time(text: str) -> datetime:
    """A stored time that must be there; StoreError if the row lacks it."""
    moment = stored_optional_time(text)
    if moment is None:
        raise StoreError("a scheduled card has no due time or last review (corrupt row)")
    return moment


#: The code of each mode in ``review_log.mode``.
MODE_CODES = {Mode.START: 0, Mode.PRACTICE: 1, Mode.EXAM: 2}
_MODES = {code: mode for mode, code in MODE_CODES.items()}
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)


def micro(moment: datetime) -> int:
    """``moment`` as the review log stores it: whole microseconds since 1970 UTC."""
    return (utc(moment) - EPOCH) // _MICROSECOND


def stored_moment(value: object) -> datetime | None:
    """A time of the review log (microseconds, or text: a hand edit, a view) as a UTC datetime."""
    if isinstance(value, int) and not isinstance(value, bool):
        return EPOCH + value * _MICROSECOND
    return stored_optional_time(None if value is None else str(value))


def stored_mode(value: object) -> Mode:
    """A mode of the review log: its code, or its name (the ``reviews`` view)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return _MODES[value]
    return Mode(value)


@dataclass(frozen=True)
class ReviewRow:
    """One row of the review log."""

    id: int
    time: datetime
    deck: str
    card: str
    mode: Mode
    given: str
    correct: bool
    score: float
    rating: Rating
    duration_ms: int
    state_before: State | None
    amended_at: datetime | None = None

    @property
    def claimed_right(self) -> bool:
        """Whether the student said "I was right": an amendment that sets Good (Hard and Easy
        amendments set their own ratings)."""
        return self.amended_at is not None and self.rating is Rating.GOOD

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (times ISO UTC, rating and states by name)."""
        return {
            "id": self.id,
            "time": iso(self.time),
            "deck": self.deck,
            "card": self.card,
            "mode": self.mode.value,
            "given": self.given,
            "correct": self.correct,
            "score": self.score,
            "rating": self.rating.name.lower(),
            "duration_ms": self.duration_ms,
            "state_before": str(self.state_before) if self.state_before else "new",
            "amended_at": iso(self.amended_at),
            "claimed_right": self.claimed_right,
        }


#: The columns of ``reviews`` that make a :class:`ReviewRow` (not ``before``).
REVIEW_COLUMNS = (
    "id, time, deck, card, mode, given, correct, score, rating, duration_ms, state_before, "
    "amended_at"
)
REVIEW_FIELDS = tuple(name.strip() for name in REVIEW_COLUMNS.split(","))


@readable_row("review")
def review_from_row(row: Sequence[Any]) -> ReviewRow:
    """A review (columns as :data:`REVIEW_COLUMNS` of the ``reviews`` view, or
    :data:`quizdeck.store.log_schema.LOG_COLUMNS` of the log) as a :class:`ReviewRow`."""
    rid, when, deck, card, mode, given, correct, score, rating, duration, before, amended = row
    moment = stored_moment(when)
    if moment is None:
        raise StoreError("a review has no time")
    return ReviewRow(
        rid,
        moment,
        deck,
        card,
        stored_mode(mode),
        given,
        bool(correct),
        float(score),
        Rating(rating),
        whole(duration),
        None if before is None else State(before),
        stored_moment(amended),
    )


@dataclass(frozen=True)
class Orphan:
    """Stored progress of a card that no loaded deck has any more."""

    deck: str
    card: str
    reviews: int
    last_review: datetime | None
    state: str


def deck_filter(decks: Collection[str] | None, column: str = "deck") -> tuple[str, tuple[str, ...]]:
    """An ``AND column IN (...)`` clause and its parameter, or nothing for all decks."""
    if decks is None:
        return "", ()
    return f"AND {column} IN (SELECT value FROM json_each(?))", (json.dumps(sorted(decks)),)


def load_state(db: sqlite3.Connection, key: Key) -> CardState | None:
    """What is stored about one card, or None."""
    row = db.execute(
        f"SELECT {CARD_COLUMNS} FROM cards WHERE deck = ? AND card = ?", key
    ).fetchone()
    return state_from_row(row) if row else None


def save_state(db: sqlite3.Connection, state: CardState) -> None:
    """Store ``state`` as its card's schedule."""
    db.execute(
        f"INSERT OR REPLACE INTO cards ({CARD_COLUMNS}) VALUES ({', '.join('?' * 15)})",
        state_to_row(state),
    )


def restore_state(db: sqlite3.Connection, key: Key, before: CardState | None) -> None:
    """Put back what was stored about a card before a review (None: nothing was)."""
    if before is None:
        db.execute("DELETE FROM cards WHERE deck = ? AND card = ?", key)
    else:
        save_state(db, before)
