"""Read-only reports on a profile's progress: how a student is doing (``quiz stats``; what
is due is :mod:`quizdeck.store.summary`).

The store opens the read snapshot and calls these; nothing here writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from quizdeck.clock import StudyDays
from quizdeck.store.log_schema import HOUR, START
from quizdeck.store.rows import deck_filter, micro

#: One row per stored card of the asked decks: what :func:`due_summary` counts.
ScheduleRow = tuple[str, str, int | None, str | None, int, str | None, str | None]


@dataclass(frozen=True)
class Tally:
    """Reviews and how many were right."""

    reviews: int = 0
    correct: int = 0

    @property
    def accuracy(self) -> float | None:
        """Share right (0–1), or None without reviews."""
        return self.correct / self.reviews if self.reviews else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.reviews + other.reviews, self.correct + other.correct)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        accuracy = self.accuracy
        return {
            "reviews": self.reviews,
            "correct": self.correct,
            "accuracy": None if accuracy is None else round(accuracy, 4),
        }


@dataclass(frozen=True)
class CardTally:
    """A card's review record, for the weakest-cards list."""

    deck: str
    card: str
    tally: Tally
    lapses: int
    leech: bool
    suspended: bool

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "deck": self.deck,
            "card": self.card,
            **self.tally.to_dict(),
            "lapses": self.lapses,
            "leech": self.leech,
            "suspended": self.suspended,
        }


@dataclass(frozen=True)
class Stats:
    """``quiz stats``: how a student is doing."""

    days: list[tuple[date, Tally]]
    total: Tally
    true_retention: Tally
    streak: int
    studied_today: bool
    per_deck: dict[str, Tally]
    per_tag: dict[str, Tally]
    weakest: list[CardTally]
    leeches: list[CardTally]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "days": [{"date": day.isoformat(), **tally.to_dict()} for day, tally in self.days],
            "total": self.total.to_dict(),
            "true_retention": self.true_retention.to_dict(),
            "streak": self.streak,
            "studied_today": self.studied_today,
            "per_deck": {deck: tally.to_dict() for deck, tally in self.per_deck.items()},
            "per_tag": {tag: tally.to_dict() for tag, tally in self.per_tag.items()},
            "weakest": [card.to_dict() for card in self.weakest],
            "leeches": [card.to_dict() for card in self.leeches],
        }


# --------------------------------------------------------------------------- quiz stats


def stats(
    db: sqlite3.Connection,
    tagged: Sequence[str],
    calendar: StudyDays,
    today: date,
    *,
    decks: Collection[str] | None,
    days: int,
    weakest: int,
) -> Stats:
    """Reviews and accuracy per day, true retention, streak, per deck/tag accuracy,
    weakest cards and leeches. The tags are those of the indexed decks ``tagged``;
    ``decks`` limits the reviews counted (None: all). Everything is summed by SQLite
    from the per-card tallies, so no row per card reaches Python."""
    where, params = deck_filter(decks)
    daily = [
        (day, *_day_tallies(db, calendar, day, where, params))
        for day in _days(today - timedelta(days=days - 1), days)
    ]
    per_deck = {
        deck: Tally(count, right)
        for deck, count, right in db.execute(
            f"SELECT deck, reviews, correct FROM deck_tallies WHERE reviews > 0 {where} "
            "ORDER BY deck",
            params,
        )
    }
    tally_of = {
        (deck, card): row
        for deck, card, *row in db.execute(
            "SELECT l.deck, l.card, t.reviews, t.correct FROM cards l "
            "JOIN review_tallies t ON t.deck = l.deck AND t.card = l.card "
            f"WHERE l.leech = 1 {deck_filter(decks, 'l.deck')[0]}",
            params,
        )
    }
    leech_rows = db.execute(
        "SELECT deck, card, lapses, suspended FROM cards WHERE leech = 1 "
        f"{where} ORDER BY lapses DESC, deck, card",
        params,
    ).fetchall()
    streak, studied_today = _streak(db, calendar, today, where, params)
    return Stats(
        days=[(day, tally) for day, tally, _ in daily],
        total=sum(per_deck.values(), Tally()),
        true_retention=sum((retained for _, _, retained in daily), Tally()),
        streak=streak,
        studied_today=studied_today,
        per_deck=per_deck,
        per_tag=_per_tag(db, tagged, decks),
        weakest=[_card_tally(row) for row in _weakest(db, weakest, decks)],
        leeches=[
            CardTally(
                deck,
                card,
                Tally(*tally_of.get((deck, card), (0, 0))),
                lapses,
                True,
                bool(suspended),
            )
            for deck, card, lapses, suspended in leech_rows
        ],
    )


def _day_tallies(
    db: sqlite3.Connection,
    calendar: StudyDays,
    day: date,
    where: str,
    params: tuple[str, ...],
) -> tuple[Tally, Tally]:
    """One study day: all reviews, and start reviews of learned cards not forgotten.

    The day's whole UTC hours are summed from ``review_hours``; the log itself is read
    only for the part-hours at either end (a time zone half an hour off UTC).
    """
    start, end = calendar.start(day), calendar.start(day + timedelta(days=1))
    first_hour = _whole_hour(start, up=True)
    last_hour = _whole_hour(end, up=False)
    if first_hour >= last_hour:
        return _logged(db, start, end, where, params)
    count, right, learned, kept = db.execute(
        "SELECT coalesce(sum(reviews), 0), coalesce(sum(correct), 0), "
        "coalesce(sum(learned), 0), coalesce(sum(kept), 0) FROM review_hours "
        f"WHERE hour >= ? AND hour < ? {where}",
        (_hour_key(first_hour), _hour_key(last_hour), *params),
    ).fetchone()
    totals = Tally(count, right), Tally(learned, kept)
    for edge_start, edge_end in ((start, first_hour), (last_hour, end)):
        if edge_start < edge_end:
            edge = _logged(db, edge_start, edge_end, where, params)
            totals = totals[0] + edge[0], totals[1] + edge[1]
    return totals


def _logged(
    db: sqlite3.Connection, start: datetime, end: datetime, where: str, params: tuple[str, ...]
) -> tuple[Tally, Tally]:
    """All reviews from ``start`` until ``end``, and the learned ones kept, from the log."""
    count, right, learned, kept = db.execute(
        "SELECT count(*), coalesce(sum(correct != 0), 0), "
        f"coalesce(sum(mode = {START} AND state_before = 2), 0), "
        f"coalesce(sum(mode = {START} AND state_before = 2 AND rating > 1), 0) "
        f"FROM review_log WHERE time >= ? AND time < ? {_of_decks(where)}",
        (micro(start), micro(end), *params),
    ).fetchone()
    return Tally(count, right), Tally(learned, kept)


def _whole_hour(moment: datetime, *, up: bool) -> datetime:
    """``moment`` (UTC) rounded to a whole hour: up, or down."""
    floor = moment.replace(minute=0, second=0, microsecond=0)
    return floor + timedelta(hours=1) if up and floor < moment else floor


def _hour_key(moment: datetime) -> int:
    """The key of ``review_hours`` for the hour starting at ``moment``: hours since 1970 UTC."""
    return micro(moment) // HOUR


def _of_decks(where: str) -> str:
    """``where`` (a filter on ``deck``, see :func:`deck_filter`) for the review log: read by
    time (the ``+`` keeps SQLite from reading a whole deck's reviews by card instead)."""
    return f"AND +subject IN (SELECT id FROM review_cards WHERE true {where})" if where else ""


#: A card's row of tallies: deck, card, reviews, right, lapses, leech, suspended.
CardRow = tuple[str, str, int, int, int, int, int]


def _card_tally(row: CardRow) -> CardTally:
    deck, card, count, right, lapses, leech, suspended = row
    return CardTally(deck, card, Tally(count, int(right)), lapses, bool(leech), bool(suspended))


def _streak(
    db: sqlite3.Connection,
    calendar: StudyDays,
    today: date,
    where: str,
    params: tuple[str, ...],
) -> tuple[int, bool]:
    """Consecutive study days with a review, ending today (or yesterday)."""

    def studied(day: date) -> bool:
        start, end = calendar.start(day), calendar.start(day + timedelta(days=1))
        return bool(
            db.execute(
                f"SELECT 1 FROM review_log WHERE time >= ? AND time < ? {_of_decks(where)} LIMIT 1",
                (micro(start), micro(end), *params),
            ).fetchone()
        )

    studied_today = studied(today)
    day = today if studied_today else today - timedelta(days=1)
    streak = 0
    while studied(day):
        streak += 1
        day -= timedelta(days=1)
    return streak, studied_today


def _days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=offset) for offset in range(count)]


def _per_tag(
    db: sqlite3.Connection, tagged: Sequence[str], decks: Collection[str] | None
) -> dict[str, Tally]:
    """Reviews and right answers per tag of the cards of the indexed decks ``tagged``."""
    where, params = deck_filter(decks)
    rows = db.execute(
        "SELECT tag, sum(reviews), sum(correct) FROM tag_tallies "
        f"WHERE deck IN (SELECT value FROM json_each(?)) {where} "
        "GROUP BY tag HAVING sum(reviews) > 0 ORDER BY tag",
        (json.dumps(list(tagged)), *params),
    )
    return {tag: Tally(count, right) for tag, count, right in rows}


def _weakest(
    db: sqlite3.Connection, count: int, decks: Collection[str] | None, minimum: int = 3
) -> list[CardRow]:
    """Cards with at least ``minimum`` reviews, lowest accuracy first."""
    where, params = deck_filter(decks, "t.deck")
    return db.execute(
        "SELECT t.deck, t.card, t.reviews, t.correct, coalesce(c.lapses, 0), "
        "coalesce(c.leech, 0), coalesce(c.suspended, 0) FROM review_tallies t "
        "LEFT JOIN cards c ON c.deck = t.deck AND c.card = t.card "
        f"WHERE t.reviews >= ? AND t.correct < t.reviews {where} "
        "ORDER BY CAST(t.correct AS REAL) / t.reviews, coalesce(c.lapses, 0) DESC, "
        "t.reviews DESC, t.deck, t.card LIMIT ?",
        (minimum, *params, count),
    ).fetchall()
