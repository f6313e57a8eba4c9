"""Siblings: cards that test one fact (``Card.fact``), across decks too.

A study day never asks two siblings: once one is answered in ``quiz start``, the
others wait until the next study day. Nothing is written for that: the queue is
built from today's reviews (:class:`AnsweredToday`), so it holds after a crash,
across sessions, and an undone review frees the siblings again.

Cards that give each other away (see :mod:`quizdeck.decks.giveaways`) are kept apart the
same way: each card belongs to its fact and to a keep-apart group per card it gives away
or is given away by, and no two cards of one group are asked on one study day, nor in one
practice or exam.

Also here: the order new cards are introduced in (interleaved across decks,
spread within a deck), one card per fact for practice and exams, and the
answer-string spread that keeps cards without a fact apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple, Protocol, TypeVar

from quizdeck.decks.apart import NOTHING_APART, KeepApart
from quizdeck.model import Card, Kind

Key = tuple[str, str]


class Factual(Protocol):
    """What the sibling rules need of a card: which card it is and the fact it tests."""

    @property
    def deck_id(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def fact(self) -> str: ...
    @property
    def key(self) -> Key: ...


F = TypeVar("F", bound=Factual)


def groups_of(card: Factual, apart: KeepApart = NOTHING_APART) -> tuple[str, ...]:
    """The keep-apart groups of ``card``: its fact, and one per card it is kept apart from."""
    related = apart.groups(card.key)
    return (card.fact, *related) if card.fact else related


class AnsweredToday(NamedTuple):
    """What today's ``quiz start`` reviews say: the cards answered and the keep-apart groups
    they belong to (their facts, and their give-away groups)."""

    keys: frozenset[Key] = frozenset()
    facts: frozenset[str] = frozenset()

    def holds_back(self, card: Factual, apart: KeepApart = NOTHING_APART) -> bool:
        """Whether ``card`` waits for the next study day: a card of one of its groups (a
        sibling, or a card it is kept apart from) was answered today.

        The card that was answered itself is not held back (its learning steps go on).
        """
        if card.key in self.keys:
            return False
        return any(group in self.facts for group in groups_of(card, apart))


class FactGate:
    """Lets at most one card per keep-apart group into a queue (one per fact, and never two
    cards that give each other away), none whose group had a card answered today."""

    def __init__(self, answered: AnsweredToday | None = None, apart: KeepApart = NOTHING_APART):
        self.answered = answered or AnsweredToday()
        self.apart = apart
        self.taken: set[str] = set()

    def admit(self, card: Factual) -> bool:
        """True (and its groups are taken) if ``card`` may be asked; False if it must wait."""
        groups = groups_of(card, self.apart)
        if not groups:
            return True
        if any(group in self.taken for group in groups) or self.answered.holds_back(
            card, self.apart
        ):
            return False
        self.taken.update(groups)
        return True


def one_per_fact(cards: Iterable[Card], apart: KeepApart = NOTHING_APART) -> list[Card]:
    """``cards`` in order, keeping only the first card of each fact and of each keep-apart
    group."""
    gate = FactGate(apart=apart)
    return [card for card in cards if gate.admit(card)]


# --- the order of new cards ------------------------------------------------------------------

#: 2**32 divided by the golden ratio (rounded to a prime): see :func:`spread_key`.
GOLDEN = 0x9E3779B1
MASK = 0xFFFFFFFF


def spread_key(position: int, seed: int = 0) -> int:
    """Where the card at ``position`` in its deck comes in the order new cards are introduced
    (golden-ratio hashing).

    Sorting places by their multiple of the golden ratio (mod 1) puts cards next to
    each other in a file (often one topic) far apart in the order: each pick lands in
    the widest gap left by the picks before. ``seed`` shifts where the spread starts.
    Distinct positions get distinct keys (the multiplier is odd).
    """
    return ((position + seed) * GOLDEN) & MASK


class Allowance:
    """The new cards one deck, or decks sharing one daily limit, may still give."""

    def __init__(self, left: int) -> None:
        self.left = left


def interleave_new(
    turns: Sequence[Iterator[F]],
    cap: int,
    gate: FactGate,
    allowances: Sequence[Allowance] | None = None,
) -> list[F]:
    """Up to ``cap`` new cards: round-robin across decks, each deck's in its own order.

    ``turns`` holds each deck's new cards, in the order it introduces them; decks take
    turns in that order. A card the gate refuses (a sibling is already in the queue or
    was answered today) waits. With ``allowances`` (one per deck, shared by decks that
    share a limit), a deck gives no more once its allowance is used up.
    """
    if cap <= 0:
        return []
    waiting = list(zip(turns, allowances or [Allowance(cap)] * len(turns), strict=True))
    chosen: list[F] = []
    while waiting and len(chosen) < cap:
        for turn in list(waiting):
            deck_cards, allowance = turn
            admitted = next(filter(gate.admit, deck_cards), None) if allowance.left > 0 else None
            if admitted is None:
                waiting.remove(turn)
                continue
            chosen.append(admitted)
            allowance.left -= 1
            if len(chosen) == cap:
                break
    return chosen


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
