"""What a card is kept apart from in sessions, and why (``quiz show --related``).

The same relation the sessions use (see :mod:`quizdeck.session.siblings`): a card's
siblings (the cards of its fact, across decks) and the cards of other facts it gives
away or is given away by (see :mod:`quizdeck.decks.giveaways`), each with its reasons
in words: the sibling fact, or which field shows which answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from quizdeck.decks.giveaways import Giveaway, find_giveaways
from quizdeck.model import Card

Key = tuple[str, str]

#: How a reason names the field that shows an answer.
FIELD_NAMES = {
    "prompt": "prompt",
    "option": "choice list",
    "item": "item list",
    "pair": "pair list",
    "answer": "answer",
    "correction": "correction",
    "explanation": "explanation",
}


class Related(NamedTuple):
    """A card kept apart from another one, and why (one line per reason)."""

    key: Key
    reasons: tuple[str, ...]


def card_name(key: Key) -> str:
    """How a reason names a card: ``deck/id``."""
    return f"{key[0]}/{key[1]}"


def _shows(giveaway: Giveaway) -> str:
    field = FIELD_NAMES.get(giveaway.field, giveaway.field)
    return f"its {field} shows '{giveaway.text}', the answer of card {card_name(giveaway.owner)}"


def _shown(giveaway: Giveaway) -> str:
    field = FIELD_NAMES.get(giveaway.field, giveaway.field)
    return (
        f"card {card_name(giveaway.shower)}'s {field} shows this card's answer ('{giveaway.text}')"
    )


class Relations:
    """Every card of a set kept apart from another one, with the reasons, found once."""

    def __init__(self, cards: Sequence[Card]) -> None:
        self._facts: dict[str, list[Key]] = defaultdict(list)
        self._fact_of: dict[Key, str] = {}
        for card in cards:
            if card.fact:
                self._facts[card.fact].append(card.key)
                self._fact_of[card.key] = card.fact
        self._giveaways: dict[Key, list[Giveaway]] = defaultdict(list)
        for giveaway in find_giveaways(cards).giveaways:
            self._giveaways[giveaway.shower].append(giveaway)
            self._giveaways[giveaway.owner].append(giveaway)

    def of(self, key: Key) -> list[Related]:
        """What the card ``key`` is kept apart from: siblings first, then the cards it gives
        away or is given away by, each once, in a stable order."""
        fact = self._fact_of.get(key)
        siblings = sorted(other for other in self._facts.get(fact or "", ()) if other != key)
        sibling = (f"a sibling: both test the fact '{fact}'",)
        related = [Related(other, sibling) for other in siblings]
        reasons: dict[Key, list[str]] = defaultdict(list)
        for giveaway in sorted(self._giveaways.get(key, ()), key=lambda g: (g.shower != key, g)):
            if giveaway.shower == key:
                reasons[giveaway.owner].append(_shows(giveaway))
            else:
                reasons[giveaway.shower].append(_shown(giveaway))
        return related + [Related(other, tuple(reasons[other])) for other in sorted(reasons)]
