"""Commands that read and manage progress: due, stats, history, undo, config, suspend,
unsuspend, bury, reset, orphans and progress export.

Each is a thin layer over :class:`quizdeck.store.Store`. Only click and light quizdeck
modules are imported at module level; the store (and with it fsrs) is imported inside
the commands, so ``quiz --help`` stays quick.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from quizdeck.cards import Card
from quizdeck.commands.options import open_store, profile_option
from quizdeck.display import inert, inert_json, is_terminal, paint

if TYPE_CHECKING:
    from quizdeck.deck import Deck
    from quizdeck.progress_rows import ReviewRow
    from quizdeck.progress_stats import DueSummary, Stats, Tally
    from quizdeck.store import Store

BLOCKS = " ▏▎▍▌▋▊▉█"
BAR_WIDTH = 30


# --------------------------------------------------------------------------- helpers


def load(refs: Sequence[str]) -> list[Deck]:
    """Decks named by ``refs`` (or all), with deck errors turned into click errors."""
    from quizdeck.commands.decks import load_or_fail

    return load_or_fail(refs)


def all_cards(decks: Sequence[Deck]) -> list[Card]:
    """Every card of ``decks``, in deck order."""
    return [card for deck in decks for card in deck.cards]


def now_utc() -> datetime:
    """The current time, aware and in UTC."""
    return datetime.now(timezone.utc)


def local(moment: datetime | None) -> str:
    """``moment`` in local time, to the minute; '-' for none."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "-"


def relative(moment: datetime, now: datetime) -> str:
    """'now', 'in 5 minutes', 'in 3 hours', 'in 2 days'."""
    seconds = (moment - now).total_seconds()
    if seconds <= 0:
        return "now"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = round(seconds / size)
            return f"in {count} {unit}{'s' if count != 1 else ''}"
    return "in under a minute"


def bar(value: float, maximum: float, width: int = BAR_WIDTH) -> str:
    """A bar of unicode blocks, ``width`` cells for ``maximum``."""
    if maximum <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / maximum * width * 8))
    full, part = divmod(eighths, 8)
    return BLOCKS[-1] * full + (BLOCKS[part] if part else "")


def percent(value: float | None) -> str:
    """``0.853`` as ``85%``; '-' for none."""
    return "-" if value is None else f"{value * 100:.0f}%"


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """Left-aligned first column, right-aligned numbers, two spaces between."""
    from quizdeck.text_table import table_lines

    first, *rest = table_lines(header, rows, right=range(1, len(header)))
    return [paint(first, bold=True), *rest]


def echo_json(data: Any) -> None:
    """Print ``data`` as indented JSON."""
    click.echo(inert_json(json.dumps(data, indent=2, ensure_ascii=False)))


def day_label(day: date) -> str:
    """'Mon 10 Mar'."""
    return day.strftime("%a %d %b")


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
        summary = store.due_summary(all_cards(decks), now_utc())
    if as_json:
        echo_json(summary.to_dict())
        return
    click.echo("\n".join(due_lines(summary)))


def due_lines(summary: DueSummary) -> list[str]:
    """The text of ``quiz due``."""
    now = now_utc()
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
    cards, deck_ids = stats_cards(refs)
    with open_store(profile, reading=True) as store:
        result = store.stats(cards, now_utc(), decks=deck_ids, days=days)
    if as_json:
        echo_json(result.to_dict())
        return
    prompts = {card.key: card.question for card in cards}
    click.echo("\n".join(stats_lines(result, prompts)))


def stats_cards(refs: Sequence[str]) -> tuple[list[Card], set[str] | None]:
    """The cards whose tags and prompts stats can show, and the decks to count (None: all)."""
    decks = load(refs)  # a broken deck found (not named) is left out with a warning
    return all_cards(decks), ({deck.id for deck in decks} if refs else None)


def stats_lines(result: Stats, prompts: dict[tuple[str, str], str]) -> list[str]:
    """The text of ``quiz stats``."""
    total, retention = result.total, result.true_retention
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
    if result.weakest:
        lines += ["", paint("Weakest cards", bold=True)]
        lines += table(
            ("Card", "Reviews", "Right", "Lapses", "Prompt"),
            [
                (
                    inert(f"{entry.deck}/{entry.card}"),
                    entry.tally.reviews,
                    percent(entry.tally.accuracy),
                    entry.lapses,
                    short(prompts.get((entry.deck, entry.card), "")),
                )
                for entry in result.weakest
            ],
        )
    if result.leeches:
        lines += ["", paint("Leeches (forgotten again and again)", bold=True)]
        for entry in result.leeches:
            status = " (suspended)" if entry.suspended else ""
            lines.append(
                inert(f"{entry.deck}/{entry.card}: {entry.lapses} lapses{status}  ")
                + short(prompts.get((entry.deck, entry.card), ""))
            )
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


def short(text: str, width: int = 50) -> str:
    """One line of ``text``, cut to ``width`` characters."""
    line = inert(" ".join(text.split()))
    return line if len(line) <= width else line[: width - 1] + "…"


# --------------------------------------------------------------------------- history


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

    Oldest first. DECK and CARD are ids, and narrow the log to one deck or one card.
    """
    if limit is None:
        limit = 0 if as_json else 50
    with open_store(profile, reading=True) as store:
        rows = store.history(deck, card, limit or None)
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
    from quizdeck.text_table import table_lines

    first, *rest = table_lines(header, body)
    return [paint(first, bold=True), *rest]


# --------------------------------------------------------------------------- undo


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


# --------------------------------------------------------------------------- config


@click.group()
def config() -> None:
    """Read or change this profile's settings (quiz config get / set)."""


@config.command(name="get")
@click.argument("key", required=False)
@profile_option
def config_get(key: str | None, profile: str) -> None:
    """Print one setting, or all of them with what they mean."""
    from quizdeck.errors import StoreError
    from quizdeck.settings import SETTINGS

    with open_store(profile, reading=True) as store:
        if key is not None:
            try:
                click.echo(store.get_setting(key))
            except StoreError as error:
                raise click.UsageError(str(error)) from None
            return
        values = store.settings().formatted()
    width = max(len(name) for name in values)
    for name, value in values.items():
        click.echo(f"{name.ljust(width)} = {value}  {paint('# ' + SETTINGS[name].help, dim=True)}")


@config.command(name="set")
@click.argument("key")
@click.argument("value")
@profile_option
def config_set(key: str, value: str, profile: str) -> None:
    """Change a setting, e.g. ``quiz config set new_per_day 10`` or
    ``quiz config set learning_steps "1m 10m 1h"``."""
    from quizdeck.settings import SettingError

    with open_store(profile) as store:
        try:
            stored = store.set_setting(key, value)
        except SettingError as error:
            raise click.UsageError(str(error)) from None
    click.echo(f"{key} = {stored}")


# --------------------------------------------------------------------------- one card


def find(deck: str, card: str) -> Card:
    """The card CARD of deck DECK (an id or file); a usage error if there is none."""
    from quizdeck.deck import DeckNotFound, find_card

    decks = load([deck])
    deck_id = decks[0].id if len(decks) == 1 else deck
    try:
        return find_card(decks, deck_id, card)
    except DeckNotFound as error:
        raise click.UsageError(str(error)) from None


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

    DECK and CARD are ids (the deck need not exist any more).
    """
    with open_store(profile) as store:
        changed = store.unsuspend(deck, card)
    name = inert(f"{deck}/{card}")
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
        until = store.next_day_start(now_utc())
        store.bury(found.deck_id, found.id, until)
    click.echo(f"Buried {inert(found.deck_id)}/{inert(found.id)} until {local(until)}.")


# --------------------------------------------------------------------------- reset, orphans


def interactive() -> bool:
    """Whether someone can answer a question on standard input."""
    return is_terminal(sys.stdin)


@click.command()
@click.argument("deck", required=False)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@profile_option
def reset(deck: str | None, yes: bool, profile: str) -> None:
    """Forget the progress of one deck, or of every deck.

    DECK is a deck id; its schedules and reviews are deleted. Asks first; without
    a terminal to ask on, it needs --yes.
    """
    with open_store(profile) as store:
        cards, reviews = store.counts(deck)
        scope = f"deck {inert(deck)}" if deck else f"every deck of profile {profile}"
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
        cards, reviews = store.reset(deck)
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


# --------------------------------------------------------------------------- export


@click.group(name="progress")
def progress_group() -> None:
    """Your progress as a file, to keep or hand to a teacher."""


@progress_group.command(name="export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="json: reviews and card states; csv: the reviews.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE ('-' or none: standard output).",
)
@profile_option
def progress_export(fmt: str, output: Path | None, profile: str) -> None:
    """Export this profile's review log and card states.

    JSON: {"format": "quiz-progress", "version": 1, "profile", "exported_at",
    "reviews": [...], "cards": [...]}. CSV: one row per review.
    """
    with open_store(profile, reading=True) as store:
        if output is None or str(output) == "-":
            store.export(sys.stdout, fmt, profile=profile, now=now_utc())
            return
        count = write_export(store, output, fmt, profile)
    click.echo(f"Wrote {count} review(s) to {output}", err=True)


def write_export(store: Store, output: Path, fmt: str, profile: str) -> int:
    """Export to ``output`` atomically (a temporary file, then a rename)."""
    from quizdeck.files import replacing, text_stream

    try:
        with replacing(output) as temporary, text_stream(temporary) as handle:
            return store.export(handle, fmt, profile=profile, now=now_utc())
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror or error}") from None
