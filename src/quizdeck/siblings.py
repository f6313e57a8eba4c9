"""Siblings: cards that test one fact (``Card.fact``), across decks too.

A study day never asks two siblings: once one is answered in ``quiz start``, the
others wait until the next study day. Nothing is written for that: the queue is
built from today's reviews (:class:`AnsweredToday`), so it holds after a crash,
across sessions, and an undone review frees the siblings again.

Also here: the order new cards are introduced in (interleaved across decks,
spread within a deck), one card per fact for practice and exams, and the
answer-string spread that keeps cards without a fact apart.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from quizdeck.cards import Card, Kind

Key = tuple[str, str]


class AnsweredToday(NamedTuple):
    """What today's ``quiz start`` reviews say: the cards answered and the facts they test."""

    keys: frozenset[Key] = frozenset()
    facts: frozenset[str] = frozenset()

    def holds_back(self, card: Card) -> bool:
        """Whether ``card`` waits for the next study day: a sibling was answered today.

        The card that was answered itself is not held back (its learning steps go on).
        """
        return bool(card.fact) and card.fact in self.facts and card.key not in self.keys


class FactGate:
    """Lets at most one card per fact into a queue, none whose sibling was answered today."""

    def __init__(self, answered: AnsweredToday | None = None) -> None:
        self.answered = answered or AnsweredToday()
        self.taken: set[str] = set()

    def admit(self, card: Card) -> bool:
        """True (and the fact is taken) if ``card`` may be asked; False if it must wait."""
        fact = card.fact
        if not fact:
            return True
        if fact in self.taken or self.answered.holds_back(card):
            return False
        self.taken.add(fact)
        return True


def one_per_fact(cards: Iterable[Card]) -> list[Card]:
    """``cards`` in order, keeping only the first card of each fact."""
    gate = FactGate()
    return [card for card in cards if gate.admit(card)]


# --- the order of new cards ------------------------------------------------------------------

#: 2**32 divided by the golden ratio (rounded to a prime): see :func:`spread_key`.
GOLDEN = 0x9E3779B1
MASK = 0xFFFFFFFF


def spread_key(position: int, seed: int = 0) -> int:
    """Where a card at ``position`` comes in a spread order (golden-ratio hashing).

    Sorting places by their multiple of the golden ratio (mod 1) puts cards next to
    each other in a file (often one topic) far apart in the order: each pick lands in
    the widest gap left by the picks before. ``seed`` shifts where the spread starts.
    Distinct positions get distinct keys (the multiplier is odd).
    """
    return ((position + seed) * GOLDEN) & MASK


def interleave_new(
    cards: Sequence[Card],
    candidates: dict[str, list[int]],
    cap: int,
    gate: FactGate,
    seed: int = 0,
) -> list[Card]:
    """Up to ``cap`` new cards: round-robin across decks, spread within each deck.

    ``candidates`` maps each deck to the places in ``cards`` of its new cards; decks
    take turns in that order. A card the gate refuses (a sibling is already in the
    queue or was answered today) waits.
    """
    if cap <= 0:
        return []
    turns = [_spread(cards, places, cap, seed) for places in candidates.values() if places]
    chosen: list[Card] = []
    while turns and len(chosen) < cap:
        for deck_cards in list(turns):
            admitted = next(filter(gate.admit, deck_cards), None)
            if admitted is None:
                turns.remove(deck_cards)
                continue
            chosen.append(admitted)
            if len(chosen) == cap:
                break
    return chosen


def _spread(cards: Sequence[Card], places: list[int], first: int, seed: int) -> Iterator[Card]:
    """A deck's new cards in spread order. Only the first ``first`` are picked out at
    first (a deck gives at most that many unless siblings are refused): a big deck is
    not sorted, and no object is kept per card."""

    def key(place: int) -> int:
        return ((place + seed) * GOLDEN) & MASK

    head = heapq.nsmallest(first, places, key=key)
    yield from (cards[place] for place in head)
    if len(places) > first:
        yield from (cards[place] for place in sorted(places, key=key)[first:])


# --- cards without a fact that share an answer -------------------------------------------------

#: How many questions apart cards that share an answer are kept, when the queue allows.
SIBLING_GAP = 4


def answer_keys(card: Card) -> frozenset[tuple[str, str]]:
    """What makes two cards look alike: the same deck and an answer in common."""
    if card.kind in (Kind.TRUEFALSE, Kind.ORDER):
        return frozenset()
    answers = (a for blank in card.blanks for a in blank.answers) if card.blanks else card.answers
    return frozenset((card.deck_id, " ".join(a.casefold().split())) for a in answers)


def spread_siblings(queue: Sequence[Card], gap: int = SIBLING_GAP) -> list[Card]:
    """``queue`` in its order, except that a card is held back while a card sharing an answer
    was among the last ``gap`` cards asked and a later card can take its place."""
    waiting = list(queue)
    spread: list[Card] = []
    while waiting:
        recent = frozenset().union(*(answer_keys(card) for card in spread[-gap:]))
        index = next((i for i, card in enumerate(waiting) if not answer_keys(card) & recent), 0)
        spread.append(waiting.pop(index))
    return spread
