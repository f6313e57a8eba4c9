"""Finding the decks and cards that the progress commands are given.

Deck errors become click errors, so a student sees one line and no traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from quizdeck.cards import Card
    from quizdeck.deck import Deck


def load(refs: Sequence[str]) -> list[Deck]:
    """Decks named by ``refs`` (or all), with deck errors turned into click errors."""
    from quizdeck.commands.decks import load_or_fail

    return load_or_fail(refs)


def all_cards(decks: Sequence[Deck]) -> list[Card]:
    """Every card of ``decks``, in deck order."""
    return [card for deck in decks for card in deck.cards]


def find(deck: str, card: str) -> Card:
    """The card CARD of deck DECK (an id or file); a usage error if there is none."""
    from quizdeck.deck import DeckNotFound, find_card

    decks = load([deck])
    deck_id = decks[0].id if len(decks) == 1 else deck
    try:
        return find_card(decks, deck_id, card)
    except DeckNotFound as error:
        raise click.UsageError(str(error)) from None
