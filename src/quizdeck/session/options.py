"""What a card is answered from: its choices shuffled, its order items or partners mixed,
or true/false (each kind says; see :mod:`quizdeck.kinds`)."""

from __future__ import annotations

import random
from collections.abc import Callable

from quizdeck.kinds import kind_of
from quizdeck.model import Card

OptionMaker = Callable[[Card, random.Random], tuple[str, ...]]


def card_options(card: Card, rng: random.Random) -> tuple[str, ...]:
    """What a card is answered from, in the order the student sees it."""
    return kind_of(card).options(card, rng)
