"""What a card is answered from: its choices shuffled, its order items mixed, or true/false."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from quizdeck.cards import Card, Kind

OptionMaker = Callable[[Card, random.Random], tuple[str, ...]]


def card_options(card: Card, rng: random.Random) -> tuple[str, ...]:
    """What a card is answered from: shuffled choices or order items, true/false."""
    if card.kind is Kind.TRUEFALSE:
        return ("true", "false")
    if card.kind is Kind.CHOICE:
        options = list(card.choices)
        rng.shuffle(options)
        return tuple(options)
    if card.kind is Kind.ORDER:
        return shuffle_order(card.answers, rng)
    return ()


def shuffle_order(items: Sequence[str], rng: random.Random) -> tuple[str, ...]:
    """``items`` shuffled so that they are not already in order (when that is possible)."""
    mixed = list(items)
    for _ in range(10):
        rng.shuffle(mixed)
        if mixed != list(items):
            break
    return tuple(mixed)
