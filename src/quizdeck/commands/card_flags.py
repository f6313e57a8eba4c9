"""``quiz suspend``, ``quiz unsuspend`` and ``quiz bury``: keeping one card out of sessions."""

from __future__ import annotations

import click

from quizdeck import clock
from quizdeck.commands.deck_refs import find, progress_card, progress_deck
from quizdeck.commands.options import open_store, profile_option
from quizdeck.commands.progress_text import local
from quizdeck.display import inert


@click.command()
@click.argument("deck")
@click.argument("card")
@profile_option
def suspend(deck: str, card: str, profile: str) -> None:
    """Keep a card out of every session until it is unsuspended.

    DECK is a deck id or file, CARD a card id.
    """
    found = find(deck, card)
    with open_store(profile) as store:
        store.suspend(found.deck_id, found.id)
    click.echo(f"Suspended {inert(found.deck_id)}/{inert(found.id)}.")


@click.command()
@click.argument("deck")
@click.argument("card")
@profile_option
def unsuspend(deck: str, card: str, profile: str) -> None:
    """Let a suspended card come back to sessions.

    DECK is a deck id or file, CARD a card id (the deck need not exist any more).
    """
    with open_store(profile) as store:
        deck_id, found = progress_deck(store, deck)
        progress_card(store, deck_id, found, card)
        changed = store.unsuspend(deck_id, card)
    name = inert(f"{deck_id}/{card}")
    click.echo(f"Unsuspended {name}." if changed else f"{name} was not suspended.")


@click.command()
@click.argument("deck")
@click.argument("card")
@profile_option
def bury(deck: str, card: str, profile: str) -> None:
    """Keep a card out of sessions until the next day starts.

    DECK is a deck id or file, CARD a card id.
    """
    found = find(deck, card)
    with open_store(profile) as store:
        until = store.next_day_start(clock.now())
        store.bury(found.deck_id, found.id, until)
    click.echo(f"Buried {inert(found.deck_id)}/{inert(found.id)} until {local(until)}.")
