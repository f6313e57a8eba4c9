"""Finding the decks and cards that the progress commands are given.

A deck is named by its id, its file's stem or its file. A name that matches
nothing is a failure (exit 1) of one line with a "did you mean". Commands that
read or forget stored progress (history, reset, unsuspend) also accept a deck or
card whose deck file is gone, as long as the profile has progress for it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

import click

from quizdeck.display import did_you_mean, inert

if TYPE_CHECKING:
    from quizdeck.decks.format import Deck
    from quizdeck.model import Card
    from quizdeck.store import Store


def load(refs: Sequence[str]) -> list[Deck]:
    """Decks named by ``refs`` (or all); deck errors become click errors (exit 1).

    A broken deck that was found rather than named is left out with a warning.
    """
    from quizdeck.decks.format import DeckError
    from quizdeck.decks.loading import load_decks

    try:
        return load_decks(refs, warn=_warn)
    except DeckError as error:  # DeckNotFound included: its message has the suggestion
        raise click.ClickException(str(error)) from None


def _warn(line: str) -> None:
    click.echo(inert(line), err=True)


def all_cards(decks: Sequence[Deck]) -> list[Card]:
    """Every card of ``decks``, in deck order."""
    return [card for deck in decks for card in deck.cards]


def find(deck: str, card: str) -> Card:
    """The card CARD of the deck DECK (an id, stem or file) found; exit 1 if there is none."""
    decks = load([deck])
    if len(decks) != 1:
        raise click.ClickException(f"'{deck}' names {len(decks)} decks: give one deck")
    found = decks[0].card(card)
    if found is None:
        raise unknown_card(decks[0].id, card, [each.id for each in decks[0].cards])
    return found


def unknown_card(deck_id: str, card: str, known: Collection[str]) -> click.ClickException:
    """The error for a card id that the deck does not have."""
    hint = did_you_mean(card, sorted(known))
    return click.ClickException(f"deck '{deck_id}' has no card '{card}'{hint}")


def progress_deck(store: Store, ref: str) -> tuple[str, Deck | None]:
    """The deck id ``ref`` names, and its deck when one is found.

    ``ref`` is a deck found (id, file stem or file), or the id of a deck whose
    progress is stored (its file may be gone); anything else is a failure (exit 1).
    """
    from quizdeck.decks.format import DeckError, DeckNotFound
    from quizdeck.decks.loading import load_decks

    try:
        decks = load_decks([ref], warn=_warn)
    except DeckNotFound:
        decks = []
    except DeckError as error:
        raise click.ClickException(str(error)) from None
    if len(decks) > 1:
        raise click.ClickException(f"'{ref}' names {len(decks)} decks: give one deck id")
    if decks:
        return decks[0].id, decks[0]
    if any(store.counts(ref)):
        return ref, None
    raise unknown_deck(store, ref)


def unknown_deck(store: Store, ref: str) -> click.ClickException:
    """The error for a name that is neither a deck found nor a deck with stored progress."""
    from quizdeck.decks.loading import load_decks

    found = load_decks((), warn=lambda _line: None)  # any warning was shown already
    names = [deck.id for deck in found] + [deck.path.stem for deck in found if deck.path]
    stored = {state.deck for state in store.states()}
    hint = did_you_mean(ref, sorted({*names, *stored}))
    return click.ClickException(
        f"no deck '{ref}'{hint}: no deck has that id or file name, and this profile "
        "has no progress for it ('quiz decks' lists the decks)"
    )


def progress_card(store: Store, deck_id: str, deck: Deck | None, card: str) -> None:
    """Check that ``card`` is a card of the deck, or one with stored progress (exit 1 if not)."""
    known = {each.id for each in deck.cards} if deck else set()
    if card in known or store.card_state(deck_id, card) or store.history(deck_id, card, 1):
        return
    stored = {state.card for state in store.states([deck_id])}
    raise unknown_card(deck_id, card, known | stored)
