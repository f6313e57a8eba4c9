"""``quiz due`` and ``quiz stats``: what is waiting, and how well the reviews go.

Thin layers over :class:`quizdeck.store.Store`; the store (and with it fsrs) is
imported inside the commands, so ``quiz --help`` stays quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from quizdeck import clock
from quizdeck.commands.deck_refs import load
from quizdeck.commands.options import open_store, profile_option
from quizdeck.commands.progress_text import (
    bar,
    day_label,
    echo_json,
    local,
    percent,
    relative,
    short,
    table,
)
from quizdeck.decks.scope import Scope
from quizdeck.display import inert, paint

if TYPE_CHECKING:
    from quizdeck.store.stats import Stats, Tally
    from quizdeck.store.summary import DueSummary


# --------------------------------------------------------------------------- due


@click.command()
@click.argument("refs", metavar="[DECK]...", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@profile_option
def due(refs: tuple[str, ...], as_json: bool, profile: str) -> None:
    """Show what is waiting per deck and a forecast of the next 14 days.

    Columns: new cards not yet seen, cards still in learning, cards due now and
    cards due later today (these two include learning cards). DECKs are deck
    ids, deck files or folders; with none, every deck found is used.
    """
    decks = load(refs)
    if not decks and not as_json:
        click.echo("No decks found.")
        return
    with open_store(profile, reading=True) as store:
        summary = store.due_summary(Scope.of_decks(decks), clock.now())
    if as_json:
        echo_json(summary.to_dict())
        return
    click.echo("\n".join(due_lines(summary)))


def due_lines(summary: DueSummary) -> list[str]:
    """The text of ``quiz due``."""
    now = clock.now()
    rows = [
        (inert(entry.deck), entry.new, entry.learning, entry.due_now, entry.due_later_today)
        for entry in summary.decks
    ]
    lines = table(("Deck", "New", "Learning", "Due now", "Later today"), rows)
    lines.append("")
    lines.append(
        f"Today: {summary.new_today} new card(s) and up to "
        f"{summary.reviews_left_today} review(s) left."
    )
    if summary.next_due and summary.next_due <= now:
        lines.append("Cards are due now: run 'quiz start' to review them.")
    elif summary.next_due:
        lines.append(f"Next due: {relative(summary.next_due, now)} ({local(summary.next_due)}).")
    suspended = sum(entry.suspended for entry in summary.decks)
    if suspended:
        lines.append(f"Suspended: {suspended} card(s) (quiz unsuspend DECK CARD).")
    if summary.changed:
        names = ", ".join(f"{deck}/{card}" for deck, card in summary.changed[:5])
        more = f" and {len(summary.changed) - 5} more" if len(summary.changed) > 5 else ""
        lines.append(f"Edited since last reviewed (progress kept): {inert(names)}{more}.")
    if not any(count for _, count in summary.forecast):
        lines += ["", "Nothing comes due in the next 14 days."]
        return lines
    lines += ["", paint("Due in the next 14 days", bold=True)]
    peak = max((count for _, count in summary.forecast), default=0)
    for day, count in summary.forecast:
        lines.append(f"{day_label(day)}  {count:>5}  {bar(count, peak)}".rstrip())
    return lines


# --------------------------------------------------------------------------- stats


@click.command()
@click.argument("refs", metavar="[DECK]...", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option(
    "--days",
    type=click.IntRange(1, 3650),
    default=30,
    show_default=True,
    help="How many days the per-day figures and true retention cover.",
)
@profile_option
def stats(refs: tuple[str, ...], as_json: bool, days: int, profile: str) -> None:
    """Show accuracy per day, true retention, streak, weakest cards and leeches.

    Also accuracy per deck and per tag. With DECKs (ids, files or folders) only
    their reviews count; with none, every review does.
    """
    decks = load(refs)  # a broken deck found (not named) is left out with a warning
    scope = Scope.of_decks(decks)
    with open_store(profile, reading=True) as store:
        result = store.stats(
            scope, clock.now(), decks={deck.id for deck in decks} if refs else None, days=days
        )
    if as_json:
        echo_json(result.to_dict())
        return
    shown = [(card.deck, card.card) for card in (*result.weakest, *result.leeches)]
    from quizdeck.kinds import question_text

    prompts = {card.key: question_text(card) for card in scope.cards(shown)}
    click.echo("\n".join(stats_lines(result, prompts)))


def stats_lines(result: Stats, prompts: dict[tuple[str, str], str]) -> list[str]:
    """The text of ``quiz stats``."""
    total, retention = result.total, result.true_retention
    if not total.reviews:
        return ["No reviews yet: run 'quiz start' to study, then come back for your figures."]
    streak = f"{result.streak} day(s)"
    if result.streak and not result.studied_today:
        streak += " (study today to keep it)"
    lines = [
        f"Reviews: {total.reviews}, {percent(total.accuracy)} right",
        retention_line(retention, len(result.days)),
        f"Streak: {streak}",
        "",
        paint("Reviews per day", bold=True),
    ]
    recent = result.days[-14:]
    peak = max((tally.reviews for _, tally in recent), default=0)
    for day, tally in recent:
        right = f"{percent(tally.accuracy):>4}" if tally.reviews else ""
        lines.append(f"{day_label(day)}  {tally.reviews:>5}  {right}  {bar(tally.reviews, peak)}")
    lines = [line.rstrip() for line in lines]
    lines += tally_section("By deck", "Deck", result.per_deck)
    lines += tally_section("By tag", "Tag", result.per_tag)
    lines += weakest_section(result, prompts)
    lines += leeches_section(result, prompts)
    return lines


def retention_line(retention: Tally, days: int) -> str:
    """True retention: how often cards already learned were still remembered."""
    if not retention.reviews:
        return f"True retention: no reviews of learned cards in the last {days} days"
    return (
        f"True retention: {percent(retention.accuracy)} of {retention.reviews} review(s) "
        f"of learned cards in the last {days} days"
    )


def tally_section(title: str, column: str, tallies: dict[str, Tally]) -> list[str]:
    """A titled table of reviews and accuracy, or nothing."""
    if not tallies:
        return []
    rows = [
        (inert(name), tally.reviews, percent(tally.accuracy)) for name, tally in tallies.items()
    ]
    return ["", paint(title, bold=True), *table((column, "Reviews", "Right"), rows)]


def weakest_section(result: Stats, prompts: dict[tuple[str, str], str]) -> list[str]:
    """The cards answered worst, with their prompts, or nothing."""
    if not result.weakest:
        return []
    rows = [
        (
            inert(f"{entry.deck}/{entry.card}"),
            entry.tally.reviews,
            percent(entry.tally.accuracy),
            entry.lapses,
            short(prompts.get((entry.deck, entry.card), "")),
        )
        for entry in result.weakest
    ]
    header = ("Card", "Reviews", "Right", "Lapses", "Prompt")
    return ["", paint("Weakest cards", bold=True), *table(header, rows)]


def leeches_section(result: Stats, prompts: dict[tuple[str, str], str]) -> list[str]:
    """The cards forgotten again and again, or nothing."""
    if not result.leeches:
        return []
    lines = ["", paint("Leeches (forgotten again and again)", bold=True)]
    for entry in result.leeches:
        status = " (suspended)" if entry.suspended else ""
        lines.append(
            inert(f"{entry.deck}/{entry.card}: {entry.lapses} lapses{status}  ")
            + short(prompts.get((entry.deck, entry.card), ""))
        )
    return lines
