"""``quiz reset`` and ``quiz orphans``: forgetting progress."""

from __future__ import annotations

import sys

import click

from quizdeck.commands.deck_refs import all_cards, load, progress_deck
from quizdeck.commands.options import open_store, profile_option
from quizdeck.commands.progress_text import local, table
from quizdeck.display import inert, is_terminal


def interactive() -> bool:
    """Whether someone can answer a question on standard input."""
    return is_terminal(sys.stdin)


@click.command()
@click.argument("deck", required=False)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@profile_option
def reset(deck: str | None, yes: bool, profile: str) -> None:
    """Forget the progress of one deck, or of every deck.

    DECK is a deck id or file (a deleted deck's id still works); its schedules and
    reviews are deleted. Asks first; without a terminal to ask on, it needs --yes.
    """
    with open_store(profile) as store:
        deck_id = progress_deck(store, deck)[0] if deck is not None else None
        cards, reviews = store.counts(deck_id)
        scope = f"deck {inert(deck_id)}" if deck_id else f"every deck of profile {profile}"
        if not cards and not reviews:
            click.echo(f"Nothing to reset for {scope}.")
            return
        question = (
            f"Forget all progress for {scope} ({cards} card(s), {reviews} review(s))? "
            "This cannot be undone."
        )
        if not yes:
            if not interactive():
                raise click.ClickException(
                    "not resetting without confirmation: run in a terminal, or pass --yes"
                )
            click.confirm(question, abort=True)
        cards, reviews = store.reset(deck_id)
    click.echo(f"Reset {scope}: forgot {cards} card(s) and {reviews} review(s).")


@click.command()
@click.option("--prune", is_flag=True, help="Delete the progress of these cards.")
@profile_option
def orphans(prune: bool, profile: str) -> None:
    """List progress of cards no deck has any more; --prune deletes it.

    Such cards were deleted from their deck, or their id was changed.
    """
    known = {card.key for card in all_cards(load(()))}
    with open_store(profile, reading=not prune) as store:
        found = store.orphans(known)
        if not found:
            click.echo("No orphaned progress: every stored card is in a deck.")
            return
        rows = [
            (inert(f"{o.deck}/{o.card}"), o.state, o.reviews, local(o.last_review)) for o in found
        ]
        click.echo("\n".join(table(("Card", "State", "Reviews", "Last review"), rows)))
        if prune:
            count = store.prune([(o.deck, o.card) for o in found])
            click.echo(f"Removed the progress of {count} card(s).")
        else:
            click.echo(
                f"{len(found)} card(s); run 'quiz orphans --prune' to delete their progress."
            )
