"""What the report knows of the decks its cards come from: titles, questions, options.

Every part is optional: a report over files alone shows deck and card ids; given the decks,
it shows titles and questions, and for a question with options (choice, true/false) how many
students picked each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizdeck.decks.format import Deck

#: A card's deck id and card id.
Key = tuple[str, str]


@dataclass(frozen=True)
class Known:
    """Decks' titles by id, cards' questions, and the options of pick-one cards."""

    titles: dict[str, str] = field(default_factory=dict)
    prompts: dict[Key, str] = field(default_factory=dict)
    #: A pick-one card's options as shown, and those that are right.
    options: dict[Key, tuple[tuple[str, ...], frozenset[str]]] = field(default_factory=dict)

    def deck_title(self, deck: str) -> str:
        """The deck's title when known, else its id."""
        return self.titles.get(deck) or deck


def known_decks(decks: Iterable[Deck]) -> Known:
    """What ``decks`` tell the report."""
    import random

    from quizdeck.kinds import kind_of, question_text
    from quizdeck.kinds.base import Shape

    known = Known()
    for deck in decks:
        known.titles[deck.id] = " ".join(deck.title.split())
        for card in deck.cards:
            known.prompts[card.key] = question_text(card)
            kind = kind_of(card)
            if kind.shape is Shape.PICK_ONE:
                shown = card.choices or kind.options(card, random.Random(0))
                known.options[card.key] = (tuple(shown), frozenset(card.answers))
    return known
