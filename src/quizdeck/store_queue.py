"""Choosing what ``quiz start`` asks, from the store's rows: due cards, then new ones.

The store reads the rows (:meth:`Store.build_queue`); this module matches them to
the deck's cards and applies the day's rules: the review and new-card caps, and
never two siblings (cards sharing a fact) on one study day.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from quizdeck.cards import Card
from quizdeck.scheduler import State, iso
from quizdeck.siblings import AnsweredToday, FactGate, interleave_new

#: (deck, card, due, state) of a stored card that is due.
DueRow = tuple[str, str, str, int]


class Matched(NamedTuple):
    """The due rows found among the cards, and the new-card candidates."""

    learning: list[tuple[str, Card]]  # (due, card) in due order, learning and relearning
    reviews: list[tuple[str, Card]]  # (due, card) in due order
    cards: Sequence[Card]  # the cards searched
    new: dict[str, list[int]]  # per deck, the places in ``cards`` of its new cards


class Chosen(NamedTuple):
    """The queue, and how many review cards it holds (to tell whether more were needed)."""

    queue: list[Card]
    reviews: int


def cap(left: int, limit: int | None) -> int:
    """What is left of a daily allowance, at most ``limit``; never below zero."""
    left = max(0, left)
    return left if limit is None else max(0, min(left, limit))


def answered_today(db: sqlite3.Connection, day_start: datetime) -> AnsweredToday:
    """The cards answered in ``quiz start`` since ``day_start``, and the facts they test.

    One range read of the review log's time index: only today's reviews are read.
    """
    keys: set[tuple[str, str]] = set()
    facts: set[str] = set()
    rows = db.execute(
        "SELECT deck, card, fact FROM reviews WHERE time >= ? AND mode = 'start'",
        (iso(day_start),),
    )
    for deck, card, fact in rows:
        keys.add((deck, card))
        if fact:
            facts.add(fact)
    return AnsweredToday(frozenset(keys), frozenset(facts))


def sibling_answered(db: sqlite3.Connection, card: Card, day_start: datetime) -> bool:
    """Whether another card testing ``card``'s fact was answered in ``quiz start`` today."""
    if not card.fact:
        return False
    row = db.execute(
        "SELECT 1 FROM reviews WHERE time >= ? AND mode = 'start' AND fact = ? "
        "AND NOT (deck = ? AND card = ?) LIMIT 1",
        (iso(day_start), card.fact, card.deck_id, card.id),
    ).fetchone()
    return row is not None


def choose(
    matched: Matched,
    *,
    review_cap: int,
    new_cap: int,
    answered: AnsweredToday,
    seed: int = 0,
) -> Chosen:
    """Learning cards, up to ``review_cap`` reviews (by due time), then new cards.

    A card waits when a sibling was answered today or is already in the queue:
    due cards are let in before new ones, so a due card goes first and its new
    sibling waits. A held-back review does not use up the review cap.
    """
    gate = FactGate(answered)
    due = [pair for pair in matched.learning if gate.admit(pair[1])]
    reviews = 0
    for pair in matched.reviews:
        if reviews == review_cap:
            break
        if gate.admit(pair[1]):
            due.append(pair)
            reviews += 1
    due.sort(key=_due_time)
    new_cards = interleave_new(matched.cards, matched.new, new_cap, gate, seed)
    return Chosen([card for _, card in due] + new_cards, reviews)


def _due_time(pair: tuple[str, Card]) -> str:
    return pair[0]


def match(
    cards: Sequence[Card],
    due_rows: Sequence[DueRow],
    seen: dict[str, set[str]],
    blocked: dict[str, set[str]],
    want_new: bool,
) -> Matched:
    """One pass over ``cards``: find the due ones and, if ``want_new``, the new ones
    (never reviewed in quiz start, neither suspended nor buried).

    This loop is the cost of a big queue, so it does as little as it can: a deck's
    cards come one after another, so its sets are looked up once per run of them.
    """
    wanted: dict[str, dict[str, int]] = {}  # card id -> deck id -> row
    for index, (deck, card_id, _, _) in enumerate(due_rows):
        wanted.setdefault(card_id, {}).setdefault(deck, index)
    slots: list[Card | None] = [None] * len(due_rows)
    new: dict[str, list[int]] = {}
    empty: set[str] = set()
    wanted_get = wanted.get
    current: str | None = None
    skip, places = empty, list[int]()
    add = places.append
    for position, card in enumerate(cards):
        card_id = card.id
        decks = wanted_get(card_id)
        if decks is not None:
            row = decks.get(card.deck_id)
            if row is not None:
                slots[row] = card
                continue
        if want_new:
            deck_id = card.deck_id
            if deck_id is not current and deck_id != current:
                current, skip = deck_id, _not_new(deck_id, seen, blocked)
                add = new.setdefault(deck_id, []).append
            if card_id not in skip:
                add(position)  # a place, not a tuple: nothing for the garbage collector
    learning: list[tuple[str, Card]] = []
    reviews: list[tuple[str, Card]] = []
    for (_, _, when, state), found in zip(due_rows, slots, strict=True):
        if found is not None:
            (reviews if state == State.REVIEW else learning).append((when, found))
    return Matched(learning, reviews, cards, new)


def _not_new(deck_id: str, seen: dict[str, set[str]], blocked: dict[str, set[str]]) -> set[str]:
    """The card ids of a deck that are not new cards today: reviewed, suspended or buried."""
    reviewed, held = seen.get(deck_id), blocked.get(deck_id)
    if reviewed and held:
        return reviewed | held
    return reviewed or held or set()
