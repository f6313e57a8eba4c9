"""Read-only reports on a profile's progress: what is due (``quiz due``) and how a student
is doing (``quiz stats``).

The store opens the read snapshot and calls these; nothing here writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from quizdeck.cards import Card
from quizdeck.progress_rows import Key, deck_filter, stored_time
from quizdeck.scheduler import State, iso
from quizdeck.settings import Settings
from quizdeck.siblings import AnsweredToday, FactGate
from quizdeck.study_days import StudyDays

#: One row per stored card of the asked decks: what :func:`due_summary` counts.
ScheduleRow = tuple[str, str, int | None, str | None, int, str | None, str | None]


@dataclass(frozen=True)
class DeckDue:
    """What is waiting in one deck."""

    deck: str
    new: int = 0
    learning: int = 0
    due_now: int = 0
    due_later_today: int = 0
    suspended: int = 0


@dataclass(frozen=True)
class DueSummary:
    """``quiz due``: per deck counts, today's allowances and a forecast of due cards."""

    decks: list[DeckDue]
    new_today: int
    reviews_left_today: int
    forecast: list[tuple[date, int]]
    next_due: datetime | None
    changed: list[Key] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "decks": [vars(deck) for deck in self.decks],
            "new_today": self.new_today,
            "reviews_left_today": self.reviews_left_today,
            "forecast": [{"date": day.isoformat(), "due": count} for day, count in self.forecast],
            "next_due": iso(self.next_due),
            "changed": [{"deck": deck, "card": card} for deck, card in self.changed],
        }


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


# --------------------------------------------------------------------------- quiz due


def schedule_rows(db: sqlite3.Connection, cards: Sequence[Card]) -> list[ScheduleRow]:
    """The stored state, due time, flags and content hash of every card of ``cards``' decks."""
    return db.execute(
        "SELECT deck, card, state, due, suspended, buried_until, content_hash FROM cards "
        "WHERE deck IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted({card.deck_id for card in cards})),),
    ).fetchall()


def due_summary(
    cards: Sequence[Card],
    rows: Iterable[ScheduleRow],
    *,
    now: datetime,
    calendar: StudyDays,
    settings: Settings,
    done_today: tuple[int, int],
    next_due: datetime | None,
    days: int,
    answered: AnsweredToday | None = None,
) -> DueSummary:
    """Per deck: new, learning, due now, due later today; and a ``days``-day forecast.

    ``rows`` are :func:`schedule_rows` of ``cards``; ``done_today`` the new cards and
    reviews already done today (start mode); ``answered`` today's start reviews. As in
    ``quiz start``, a card whose sibling was answered today, or which a sibling ahead of
    it (due first, then new) takes the place of, is not counted as due today.
    """
    today = calendar.date_of(now)
    horizon = iso(calendar.start(today + timedelta(days=days))) or ""
    tomorrow = iso(calendar.start(today + timedelta(days=1))) or ""
    by_key = {card.key: card for card in cards}
    new_done, reviews_done = done_today
    counts: dict[str, dict[str, int]] = {
        deck: defaultdict(int) for deck in dict.fromkeys(card.deck_id for card in cards)
    }
    for card in cards:
        counts[card.deck_id]["new"] += 1
    forecast: dict[date, int] = defaultdict(int)
    changed: list[Key] = []
    clock = iso(now) or ""
    gate = FactGate(answered)
    not_new: set[Key] = set()
    for deck, card_id, state, due, suspended, buried, stored_hash in _in_queue_order(rows, clock):
        known = by_key.get((deck, card_id))
        if known is None:
            continue
        tally = counts[deck]
        if state is not None or suspended:
            tally["new"] -= 1
        if state is not None or suspended or (buried and buried > clock):
            not_new.add(known.key)
        if suspended:
            tally["suspended"] += 1
            continue
        if stored_hash and stored_hash != known.content_hash():
            changed.append(known.key)
        if state is None or due is None:
            continue
        tally["learning"] += state != State.REVIEW
        if due <= clock and not (buried and buried > clock):
            tally["due_now"] += gate.admit(known)
        elif due < tomorrow:
            tally["due_later_today"] += gate.admit(known)
        if due < horizon:
            forecast[max(today, calendar.date_of(stored_time(due)))] += 1
    decks = [DeckDue(deck, **tally) for deck, tally in counts.items()]
    new_cap = max(0, settings.new_per_day - new_done)
    fresh = sum(1 for card in cards if card.key not in not_new and gate.admit(card))
    return DueSummary(
        decks=decks,
        new_today=min(new_cap, fresh),
        reviews_left_today=max(0, settings.reviews_per_day - reviews_done),
        forecast=[(day, forecast[day]) for day in _days(today, days)],
        next_due=next_due,
        changed=changed,
    )


def _in_queue_order(rows: Iterable[ScheduleRow], clock: str) -> list[ScheduleRow]:
    """Rows in the order ``quiz start`` lets cards in: due learning cards, due reviews
    (each by due time), then the rest."""

    def order(row: ScheduleRow) -> tuple[bool, bool, str]:
        state, due = row[2], row[3] or ""
        return (state is None or due > clock, state == State.REVIEW, due)

    return sorted(rows, key=order)


# --------------------------------------------------------------------------- quiz stats


def stats(
    db: sqlite3.Connection,
    cards: Sequence[Card],
    calendar: StudyDays,
    today: date,
    *,
    decks: Collection[str] | None,
    days: int,
    weakest: int,
) -> Stats:
    """Reviews and accuracy per day, true retention, streak, per deck/tag accuracy,
    weakest cards and leeches. ``cards`` supply the tags; ``decks`` limits the reviews
    counted (None: all)."""
    where, params = deck_filter(decks)
    daily = [
        (day, *_day_tallies(db, calendar, day, where, params))
        for day in _days(today - timedelta(days=days - 1), days)
    ]
    rows = _card_rows(db, where, params)
    leech_rows = db.execute(
        "SELECT deck, card, lapses, suspended FROM cards WHERE leech = 1 "
        f"{where} ORDER BY lapses DESC, deck, card",
        params,
    ).fetchall()
    streak, studied_today = _streak(db, calendar, today, where, params)
    by_card = {(row[0], row[1]): row for row in rows}
    return Stats(
        days=[(day, tally) for day, tally, _ in daily],
        total=Tally(sum(row[2] for row in rows), sum(row[3] for row in rows)),
        true_retention=sum((retained for _, _, retained in daily), Tally()),
        streak=streak,
        studied_today=studied_today,
        per_deck=_group(rows, lambda row: (row[0],)),
        per_tag=_per_tag(cards, rows),
        weakest=[_card_tally(row) for row in _weakest(rows, weakest)],
        leeches=[
            replace(_card_tally(by_card[(deck, card)]), lapses=lapses, suspended=bool(suspended))
            if (deck, card) in by_card
            else CardTally(deck, card, Tally(), lapses, True, bool(suspended))
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
    """One study day: all reviews, and start reviews of learned cards not forgotten."""
    start, end = calendar.start(day), calendar.start(day + timedelta(days=1))
    count, right, learned, kept = db.execute(
        "SELECT count(*), coalesce(sum(correct), 0), "
        "coalesce(sum(mode = 'start' AND state_before = 2), 0), "
        "coalesce(sum(mode = 'start' AND state_before = 2 AND rating > 1), 0) "
        f"FROM reviews WHERE time >= ? AND time < ? {where}",
        (iso(start), iso(end), *params),
    ).fetchone()
    return Tally(count, right), Tally(learned, kept)


#: A card's row of tallies: deck, card, reviews, right, lapses, leech, suspended.
CardRow = tuple[str, str, int, int, int, int, int]


def _card_rows(db: sqlite3.Connection, where: str, params: tuple[str, ...]) -> list[CardRow]:
    """Reviews and right answers of every card with reviews, with its lapses and flags."""
    return db.execute(
        "SELECT t.deck, t.card, t.reviews, t.correct, coalesce(c.lapses, 0), "
        "coalesce(c.leech, 0), coalesce(c.suspended, 0) FROM (SELECT deck, card, reviews, "
        f"correct FROM review_tallies WHERE reviews > 0 {where}) t "
        "LEFT JOIN cards c ON c.deck = t.deck AND c.card = t.card",
        params,
    ).fetchall()


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
                f"SELECT 1 FROM reviews WHERE time >= ? AND time < ? {where} LIMIT 1",
                (iso(start), iso(end), *params),
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


def _group(
    rows: Iterable[CardRow], groups_of: Callable[[CardRow], Iterable[str]]
) -> dict[str, Tally]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        for group in groups_of(row):
            total = totals[group]
            total[0] += row[2]
            total[1] += row[3]
    return {group: Tally(*totals[group]) for group in sorted(totals)}


def _per_tag(cards: Sequence[Card], rows: Sequence[CardRow]) -> dict[str, Tally]:
    tags = {card.key: card.tags for card in cards if card.tags}
    return _group(rows, lambda row: tags.get((row[0], row[1]), ()))


def _weakest(rows: Sequence[CardRow], count: int, minimum: int = 3) -> list[CardRow]:
    """Cards with at least ``minimum`` reviews, lowest accuracy first."""
    candidates = [row for row in rows if row[2] >= minimum and row[3] < row[2]]
    candidates.sort(key=lambda row: (row[3] / row[2], -row[4], -row[2]))
    return candidates[:count]
