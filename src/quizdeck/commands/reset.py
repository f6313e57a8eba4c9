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
@click.argument("decks", nargs=-1)
@click.option("--prune", is_flag=True, help="Delete the progress of these cards.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@profile_option
def orphans(decks: tuple[str, ...], prune: bool, yes: bool, profile: str) -> None:
    """List progress of cards their deck no longer has; --prune deletes it.

    Such cards were deleted from their deck, or their id was changed. Only decks
    that load are looked at: DECKS (ids or files), or every deck found. Progress of
    a deck not found (studied by path, or deleted: 'quiz reset DECK' forgets it) is
    listed apart and never pruned, and --prune refuses while a deck fails to load.
    Asks first; without a terminal to ask on, it needs --yes.
    """
    from quizdeck.decks.loading import found_decks

    loaded, failed = (load(decks), []) if decks else found_decks(_warn)
    known = {card.key for card in all_cards(loaded)}
    in_scope = {deck.id for deck in loaded}
    with open_store(profile, reading=not prune) as store:
        stored = store.orphans(known)
        found = [o for o in stored if o.deck in in_scope]
        elsewhere = sorted({o.deck for o in stored if o.deck not in in_scope})
        if elsewhere and not decks:
            click.echo(_not_found_note(elsewhere))
        if not found:
            click.echo("No orphaned progress: every stored card is in its deck.")
            return
        rows = [
            (inert(f"{o.deck}/{o.card}"), o.state, o.reviews, local(o.last_review)) for o in found
        ]
        click.echo("\n".join(table(("Card", "State", "Reviews", "Last review"), rows)))
        if not prune:
            click.echo(
                f"{len(found)} card(s); run 'quiz orphans --prune' to delete their progress."
            )
            return
        if failed:
            raise click.ClickException(
                f"not pruning while {len(failed)} deck file(s) failed to load "
                f"({inert(', '.join(failed))}): their cards would look deleted; "
                "fix them first (quiz validate)"
            )
        _confirm(f"Delete the progress of {len(found)} card(s)? This cannot be undone.", yes)
        count = store.prune([(o.deck, o.card) for o in found])
    click.echo(f"Removed the progress of {count} card(s).")


def _warn(line: str) -> None:
    click.echo(inert(line), err=True)


def _not_found_note(deck_ids: list[str]) -> str:
    shown = ", ".join(inert(deck_id) for deck_id in deck_ids)
    return (
        f"Progress of deck(s) not among the decks found (kept; 'quiz orphans FILE' checks a "
        f"deck studied by path, 'quiz reset DECK' forgets one): {shown}"
    )


def _confirm(question: str, yes: bool) -> None:
    """Ask ``question`` (abort on no); without a terminal, only ``yes`` goes on."""
    if yes:
        return
    if not interactive():
        raise click.ClickException(
            "not deleting without confirmation: run in a terminal, or pass --yes"
        )
    click.confirm(question, abort=True)
