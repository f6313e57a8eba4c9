"""``quiz history`` and ``quiz undo``: the review log, and taking back the last answer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from quizdeck.commands.deck_refs import progress_card, progress_deck
from quizdeck.commands.options import open_store, profile_option
from quizdeck.commands.progress_text import echo_json, local, short, table
from quizdeck.display import inert

if TYPE_CHECKING:
    from quizdeck.store.rows import ReviewRow


@click.command()
@click.argument("deck", required=False)
@click.argument("card", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of reviews.")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Show the latest N reviews (default: 50 as text, all as JSON; 0: all).",
)
@profile_option
def history(
    deck: str | None, card: str | None, as_json: bool, limit: int | None, profile: str
) -> None:
    """Show the review log: each answer's time, verdict and rating.

    Oldest first. DECK (a deck id or file) and CARD (a card id) narrow the log to
    one deck or one card; a deck whose file is gone is still found by its id.
    """
    if limit is None:
        limit = 0 if as_json else 50
    with open_store(profile, reading=True) as store:
        deck_id = None
        if deck is not None:
            deck_id, found = progress_deck(store, deck)
            if card is not None:
                progress_card(store, deck_id, found, card)
        rows = store.history(deck_id, card, limit or None)
    if as_json:
        echo_json([row.to_dict() for row in rows])
        return
    if not rows:
        click.echo("No reviews yet.")
        return
    click.echo("\n".join(history_lines(rows)))


def history_lines(rows: Sequence[ReviewRow]) -> list[str]:
    """The text of ``quiz history``."""
    body = [
        (
            local(row.time),
            inert(f"{row.deck}/{row.card}"),
            row.mode.value,
            "right" if row.correct else "wrong",
            row.rating.name.lower(),
            f"{row.duration_ms / 1000:.1f}s",
            short(row.given, 40) + (" (changed)" if row.amended_at else ""),
        )
        for row in rows
    ]
    header = ("Time", "Card", "Mode", "Verdict", "Rating", "Took", "Answer")
    return table(header, body, right=())


@click.command()
@profile_option
def undo(profile: str) -> None:
    """Take back the last answer (run it again for the one before).

    The card's schedule is restored as it was, and the review is removed.
    """
    with open_store(profile) as store:
        row = store.undo_last()
    if row is None:
        click.echo("Nothing to undo.")
        return
    click.echo(
        f"Took back {inert(row.deck)}/{inert(row.card)} ({row.mode.value}, "
        f"{'right' if row.correct else 'wrong'}, {row.rating.name.lower()}) "
        f"answered {local(row.time)}: {short(row.given, 40) or '(no answer)'}"
    )
