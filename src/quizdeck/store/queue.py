"""Choosing what ``quiz start`` asks, with indexed queries: due cards, then new ones.

Due cards come from the schedule's due index, new cards from the index of the decks'
cards (see :mod:`quizdeck.store.index`); both are read row by row, only as far as the
day's caps need, and never two siblings (cards sharing a fact) on one study day.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import NamedTuple

from quizdeck.decks.apart import NOTHING_APART, KeepApart
from quizdeck.model import Card, DeckStudy
from quizdeck.session.siblings import (
    GOLDEN,
    MASK,
    Allowance,
    AnsweredToday,
    FactGate,
    interleave_new,
)
from quizdeck.settings import Settings
from quizdeck.store.log_schema import START, TODAY_TABLES
from quizdeck.store.rows import micro

Key = tuple[str, str]


class Slot(NamedTuple):
    """A card of the queue before it is fetched: its key, its fact and when it is due."""

    deck_id: str
    id: str
    fact: str
    due: str = ""

    @property
    def key(self) -> Key:
        """(deck id, card id)."""
        return (self.deck_id, self.id)


def cap(left: int, limit: int | None) -> int:
    """What is left of a daily allowance, at most ``limit``; never below zero."""
    left = max(0, left)
    return left if limit is None else max(0, min(left, limit))


def answered_today(
    db: sqlite3.Connection, day_start: datetime, apart: KeepApart = NOTHING_APART
) -> AnsweredToday:
    """The cards answered in ``quiz start`` since ``day_start``, and their keep-apart groups
    (their facts, and the give-away groups of ``apart``).

    One range read of the review log's time index (it holds the fact, deck and card). Only
    cards that belong to a group are kept: no other card is held back by what was answered.
    """
    keys: set[tuple[str, str]] = set()
    groups: set[str] = set()
    rows = db.execute(
        f"SELECT k.deck, k.card, k.fact FROM {TODAY_TABLES} WHERE r.time >= ? AND r.mode = {START}"
        + ("" if len(apart) else " AND k.fact != ''"),
        (micro(day_start),),
    )
    for deck, card, fact in rows:
        related = apart.groups((deck, card))
        if fact or related:
            keys.add((deck, card))
            groups.update(related)
            if fact:
                groups.add(fact)
    return AnsweredToday(frozenset(keys), frozenset(groups))


def sibling_answered(
    db: sqlite3.Connection, card: Card, day_start: datetime, apart: KeepApart = NOTHING_APART
) -> bool:
    """Whether another card testing ``card``'s fact, or a card kept apart from it, was
    answered in ``quiz start`` today."""
    related = sorted(apart.related(card.key))
    if related:
        rows = db.execute(
            f"SELECT k.deck, k.card FROM {TODAY_TABLES} WHERE r.time >= ? AND r.mode = {START} "
            "AND k.deck IN (SELECT value FROM json_each(?))",
            (micro(day_start), json.dumps(sorted({deck for deck, _ in related}))),
        )
        wanted = set(related)
        if any(key in wanted for key in rows):
            return True
    if not card.fact:
        return False
    row = db.execute(
        f"SELECT 1 FROM {TODAY_TABLES} WHERE r.time >= ? AND r.mode = {START} AND k.fact = ? "
        "AND NOT (k.deck = ? AND k.card = ?) LIMIT 1",
        (micro(day_start), card.fact, card.deck_id, card.id),
    ).fetchone()
    return row is not None


#: The learning and relearning states, and the review state (see ``scheduler.State``).
LEARNING, REVIEW = "c.state IN (1, 3)", "c.state = 2"


def due_rows(db: sqlite3.Connection, moment: str, which: str, decks: str) -> Iterator[Slot]:
    """The cards of ``decks`` (a JSON list) in state ``which`` due at ``moment``, by due time,
    read as they are used. Cards their decks no longer have are left out."""
    rows = db.execute(
        "SELECT c.deck, c.card, k.fact, c.due FROM cards c CROSS JOIN deck_cards k "
        f"ON k.deck = c.deck AND k.card = c.card WHERE {which} AND c.state IS NOT NULL "
        "AND c.suspended = 0 AND c.due <= ?1 AND (c.buried_until IS NULL OR c.buried_until <= ?1) "
        "AND c.deck IN (SELECT value FROM json_each(?2)) ORDER BY c.due",
        (moment, decks),
    )
    return itertools.starmap(Slot, rows)


def due_cards(
    db: sqlite3.Connection, moment: str, decks: str, review_cap: int, gate: FactGate
) -> list[Slot]:
    """Learning cards that are due, and up to ``review_cap`` due reviews, by due time.

    A card waits when a sibling was answered today or is already in the queue; a
    held-back review does not use up the cap.
    """
    due = [slot for slot in due_rows(db, moment, LEARNING, decks) if gate.admit(slot)]
    if review_cap:
        reviews = filter(gate.admit, due_rows(db, moment, REVIEW, decks))
        due += itertools.islice(reviews, review_cap)
    due.sort(key=_due_time)
    return due


def _due_time(slot: Slot) -> tuple[str, int]:
    """By due time; reviews due on one study day (one time: the day's start) shuffled, the
    same way all day (a hash of the card and the day)."""
    return slot.due, zlib.crc32(f"{slot.deck_id}\x00{slot.id}\x00{slot.due}".encode())


def new_cards(
    db: sqlite3.Connection,
    deck_ids: Sequence[str],
    *,
    moment: str,
    new_cap: int,
    gate: FactGate,
    seed: int = 0,
    allowances: Sequence[Allowance] | None = None,
) -> list[Slot]:
    """Up to ``new_cap`` new cards: each deck in turn, spread over each deck (``seed`` shifts
    the spread), each deck within its allowance (see :func:`new_allowances`); suspended cards
    and cards buried until later are left out."""
    if not new_cap:
        return []
    held = held_keys(db, moment)
    turns = [
        (slot for slot in _new_in_deck(db, deck_id, seed) if slot.key not in held)
        for deck_id in deck_ids
    ]
    return interleave_new(turns, new_cap, gate, allowances)


def new_allowances(
    db: sqlite3.Connection,
    settings: Settings,
    decks: Sequence[tuple[str, DeckStudy]],
    day_start: datetime,
    new_done: int,
    new_limit: int | None = None,
) -> tuple[int, list[Allowance] | None]:
    """How many new cards ``decks`` (id and study settings, in order) may still give today:
    in all (at most ``new_limit``), and per deck.

    A deck whose ``[deck.study]`` sets ``new_per_day`` has that many a day of its own; the
    other decks share the student's ``new_per_day``. When the student set their own
    ``new_per_day``, it is one limit over every deck (``new_done`` counts today's new cards),
    and there are no per-deck allowances (None).
    """
    own = {
        deck_id: limit
        for deck_id, study in decks
        if (limit := settings.own_new_per_day(study)) is not None
    }
    if not own:
        return cap(settings.new_per_day - new_done, new_limit), None
    done = dict(
        db.execute(
            f"SELECT k.deck, count(*) FROM {TODAY_TABLES} WHERE r.time >= ? AND r.mode = {START} "
            "AND r.state_before IS NULL GROUP BY k.deck",
            (micro(day_start),),
        ).fetchall()
    )
    shared = Allowance(settings.new_per_day - sum(n for deck, n in done.items() if deck not in own))
    allowances = [
        Allowance(own[deck_id] - done.get(deck_id, 0)) if deck_id in own else shared
        for deck_id, _ in decks
    ]
    distinct = {id(allowance): allowance for allowance in allowances}.values()
    return cap(sum(max(0, allowance.left) for allowance in distinct), new_limit), allowances


def _new_in_deck(db: sqlite3.Connection, deck_id: str, seed: int) -> Iterator[Slot]:
    """A deck's new cards in the order they are introduced, read as they are used.

    The order is by ``spread_key(position, seed)``, which is the stored spread shifted by
    ``seed * GOLDEN`` modulo 2**32: the cards whose spread wraps around come first.
    """
    shift = (seed * GOLDEN) & MASK
    pivot = (MASK + 1 - shift) & MASK if shift else 0
    ranges = [(pivot, MASK + 1), (0, pivot)] if shift else [(0, MASK + 1)]
    for low, high in ranges:
        rows = db.execute(
            "SELECT deck, card, fact FROM deck_cards WHERE deck = ? AND new = 1 "
            "AND spread >= ? AND spread < ? ORDER BY spread",
            (deck_id, low, high),
        )
        yield from itertools.starmap(Slot, rows)


def held_keys(db: sqlite3.Connection, moment: str) -> set[Key]:
    """Cards kept out of today's new cards: suspended, or buried until later."""
    rows = db.execute(
        "SELECT deck, card FROM cards INDEXED BY cards_held "
        "WHERE (suspended = 1 OR buried_until IS NOT NULL) "
        "AND (suspended = 1 OR buried_until > ?)",
        (moment,),
    )
    return set(rows)
