"""``quiz due``: what is waiting in each deck, today's allowances and a forecast, from indexed
queries over the schedule and the index of the decks' cards (see :mod:`quizdeck.store.index`).

Only the cards due before the next study day are read one by one (to keep siblings
apart as ``quiz start`` does); everything else is counted by SQLite.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from quizdeck.clock import StudyDays, iso
from quizdeck.decks.apart import NOTHING_APART, KeepApart
from quizdeck.scheduler import State
from quizdeck.session.siblings import Allowance, AnsweredToday, FactGate
from quizdeck.settings import Settings
from quizdeck.store import queue as store_queue
from quizdeck.store.queue import Slot
from quizdeck.store.rows import Key


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


#: Scheduled cards of the asked decks that their decks still have: counted from the due index
#: alone (it holds ``gone``, and the deck and card of its row).
_COUNTED = (
    "FROM cards c INDEXED BY cards_due WHERE c.state = ?1 AND c.state IS NOT NULL "
    "AND c.suspended = 0 AND c.gone = 0 AND c.deck IN (SELECT value FROM json_each(?2))"
)

#: New cards per deck of a JSON list, counted from the new cards' index alone (it holds ``new``).
NEW_COUNT = (
    "SELECT deck, count(*) FROM deck_cards INDEXED BY deck_cards_new WHERE new = 1 "
    "AND deck IN (SELECT value FROM json_each(?)) GROUP BY deck"
)


def due_summary(
    db: sqlite3.Connection,
    deck_ids: Sequence[str],
    *,
    now: datetime,
    calendar: StudyDays,
    settings: Settings,
    reviews_done: int,
    new_allowed: tuple[int, list[Allowance] | None],
    answered: AnsweredToday,
    apart: KeepApart = NOTHING_APART,
    next_due: datetime | None,
    days: int,
) -> DueSummary:
    """Per deck: new, learning, due now, due later today; and a ``days``-day forecast.

    ``reviews_done`` counts the reviews already done today (start mode), ``new_allowed`` says
    how many new cards may still come (``store.queue.new_allowances``), ``answered`` holds
    today's start reviews. As in ``quiz start``, a card whose sibling was
    answered today, or which a sibling ahead of it (due first, then new) takes the
    place of, is not counted as due today.
    """
    decks = json.dumps(list(deck_ids))
    today = calendar.date_of(now)
    clock = iso(now) or ""
    tomorrow = iso(calendar.start(today + timedelta(days=1))) or ""
    counts: dict[str, dict[str, int]] = {deck: defaultdict(int) for deck in deck_ids}
    _count_cards(db, decks, counts)
    gate = FactGate(answered, apart)
    _count_due_today(db, decks, _decks_kept_apart(apart), clock, tomorrow, counts, gate)
    new_cap, allowances = new_allowed
    fresh = store_queue.new_cards(
        db, deck_ids, moment=clock, new_cap=new_cap, gate=gate, allowances=allowances
    )
    return DueSummary(
        decks=[DeckDue(deck, **tally) for deck, tally in counts.items()],
        new_today=len(fresh),
        reviews_left_today=max(0, settings.reviews_per_day - reviews_done),
        forecast=_forecast(db, decks, calendar, today, days),
        next_due=next_due,
        changed=_changed(db, decks),
    )


def _count_cards(db: sqlite3.Connection, decks: str, counts: dict[str, dict[str, int]]) -> None:
    """New, learning and suspended cards per deck, counted by SQLite."""
    for deck, new in db.execute(NEW_COUNT, (decks,)):
        counts[deck]["new"] += new
    for state in (State.LEARNING, State.RELEARNING):
        for deck, learning in db.execute(
            f"SELECT c.deck, count(*) {_COUNTED} GROUP BY c.deck", (state, decks)
        ):
            counts[deck]["learning"] += learning
    for deck, suspended, unscheduled in db.execute(
        "SELECT deck, coalesce(sum(suspended), 0), "
        "coalesce(sum(suspended = 1 AND state IS NULL), 0) FROM cards INDEXED BY cards_held "
        "WHERE (suspended = 1 OR buried_until IS NOT NULL) AND gone = 0 "
        "AND deck IN (SELECT value FROM json_each(?)) GROUP BY deck",
        (decks,),
    ):
        counts[deck]["suspended"] += suspended
        counts[deck]["new"] -= unscheduled


#: Where a card due before the next study day stands today: 1 if due now (and not buried until
#: later), 0 if later today.
_DUE_NOW = "(c.due <= ?3 AND coalesce(c.buried_until, '') <= ?3)"
#: Scheduled cards that their decks still have, due before the next study day (``?4``).
_SCHEDULED = (
    "c.state IS NOT NULL AND c.suspended = 0 AND c.gone = 0 AND c.due < ?4 AND c.state IN (1, 2, 3)"
)
_ASKED = "c.deck IN (SELECT value FROM json_each(?1))"
_APART = "c.deck IN (SELECT value FROM json_each(?2))"


def _count_due_today(
    db: sqlite3.Connection,
    decks: str,
    apart_decks: str,
    clock: str,
    tomorrow: str,
    counts: dict[str, dict[str, int]],
    gate: FactGate,
) -> None:
    """Cards due now and later today per deck (``decks``, a JSON list). All are counted from the
    due index alone; then the few that a sibling or a give-away can hold back (cards that test
    a fact, found by their own index, and the cards of ``apart_decks``) are read one by one in
    the order ``quiz start`` lets them in, and only those ``gate`` admits stay counted."""
    values = (decks, apart_decks, clock, tomorrow)
    for deck, now, count in db.execute(
        f"SELECT c.deck, {_DUE_NOW}, count(*) FROM cards c INDEXED BY cards_due "
        f"WHERE {_SCHEDULED} AND {_ASKED} GROUP BY 1, 2",
        values,
    ):
        counts[deck]["due_now" if now else "due_later_today"] += count
    columns = f"c.state, c.deck, c.card, k.fact, c.due, {_DUE_NOW}"
    rows = db.execute(
        f"SELECT {columns} FROM deck_cards k INDEXED BY deck_cards_facts CROSS JOIN cards c "
        f"ON c.deck = k.deck AND c.card = k.card WHERE k.fact != '' "
        f"AND k.deck IN (SELECT value FROM json_each(?1)) AND NOT {_APART} AND {_SCHEDULED}",
        values,
    ).fetchall()
    rows += db.execute(
        f"SELECT {columns} FROM cards c INDEXED BY cards_due CROSS JOIN deck_cards k "
        f"ON k.deck = c.deck AND k.card = c.card WHERE {_SCHEDULED} AND {_ASKED} AND {_APART}",
        values,
    ).fetchall()
    # Due learning cards, due reviews (each by due time), then the rest: the order matters to
    # cards that test one fact.
    rows.sort(key=lambda row: (not row[5], row[0] == State.REVIEW, row[4]))
    for _, deck, card, fact, due, now in rows:
        if not gate.admit(Slot(deck, card, fact, due)):
            counts[deck]["due_now" if now else "due_later_today"] -= 1


def _decks_kept_apart(apart: KeepApart) -> str:
    """The decks (a JSON list) that hold a card kept apart from another one."""
    return json.dumps(sorted({key[0] for pair in apart.pairs() for key in pair}))


def _forecast(
    db: sqlite3.Connection, decks: str, calendar: StudyDays, today: date, days: int
) -> list[tuple[date, int]]:
    """Cards due on each of the next ``days`` study days (today's count takes overdue ones):
    one query, each day counted by SQLite over ranges of the due index."""
    dates = [today + timedelta(days=offset) for offset in range(days)]
    ends = [iso(calendar.start(day + timedelta(days=1))) or "" for day in dates]
    bounds = json.dumps(list(zip(["", *ends[:-1]], ends, strict=True)))
    counts = [
        count
        for (count,) in db.execute(
            "SELECT (SELECT count(*) FROM cards c INDEXED BY cards_due WHERE c.state IN (1, 2, 3) "
            "AND c.state IS NOT NULL AND c.suspended = 0 AND c.gone = 0 "
            "AND c.deck IN (SELECT value FROM json_each(?1)) "
            "AND c.due >= json_extract(day.value, '$[0]') "
            "AND c.due < json_extract(day.value, '$[1]')) "
            "FROM json_each(?2) day ORDER BY day.key",
            (decks, bounds),
        )
    ]
    return list(zip(dates, counts, strict=True))


def _changed(db: sqlite3.Connection, decks: str) -> list[Key]:
    """Cards edited since their schedule was last written (suspended ones left out)."""
    rows = db.execute(
        "SELECT k.deck, k.card FROM deck_cards k INDEXED BY deck_cards_changed "
        "JOIN cards c ON c.deck = k.deck AND "
        "c.card = k.card WHERE k.changed = 1 AND c.suspended = 0 "
        "AND k.deck IN (SELECT value FROM json_each(?)) ORDER BY k.deck, k.card",
        (decks,),
    )
    return [(deck, card) for deck, card in rows]
