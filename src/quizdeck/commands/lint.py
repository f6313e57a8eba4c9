"""The `quiz lint` command: quality and grounding checks on decks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from quizdeck.display import inert, paint

if TYPE_CHECKING:
    from quizdeck.lint import Report

LEVEL_COLOURS = {"error": "red", "warning": "yellow", "info": None}


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--source",
    "source_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also check that each card's answer is in the paragraphs of FILE it cites.",
)
def lint(paths: tuple[str, ...], source_path: Path | None) -> None:
    """Find weak cards and answers not in their source.

    Prints each finding as PATH:LINE: LEVEL: MESSAGE, then a summary. With no
    PATHS, checks every deck quiz can find. Invalid decks are reported
    as by 'quiz validate'. Exits 1 if there is any error, else 0.

    \b
    Errors (the card is wrong or unfair):
      - the same prompt twice (same kind), in one deck or across decks
      - a prompt that contains its own answer (a cloze text showing a blank's answer)
      - a choice option that grading would accept as the answer
      - a choice option of another sort than the answer (a year among names)
      - a text answer (or text blank) that is a date, year or number
      - two or more order items that carry their own date or year
      - cloze blanks of one kind listed together ("X, Y and Z") without any_order
      - siblings (cards with the same fact, across decks) with the same answer
        where one accepts a variant the other rejects
      - a card's picture (image) missing from the deck's folder, not a regular
        file, not a PNG, JPEG, GIF, WebP or SVG image, or larger than 10 MiB
    Warnings (a smell):
      - a card without explanation, or without source
      - near-duplicate prompts (90% alike), or the same prompt on cards of two kinds
      - a true/false statement that rewords another one (90% of words shared)
      - a deck whose cards are all of one kind
      - one order item that carries its own date or year
      - siblings of one kind asking for the same answer: a repeat, not an angle
      - a fact tested only by true/false cards
      - a card without fact in a deck whose other cards name one

    \b
    With --source FILE (paragraphs are FILE's non-empty lines, counted from 1):
      - error: an answer not found in the paragraph(s) the card cites, after
        grading's normalization (numbers in digits or words, dates at the
        card's precision, "November 7" for a full date); for true/false and
        order cards, every number and 60% of the content words of the
        statement, correction or item; for cloze cards, each blank
      - error: a card citing no paragraph, or one beyond the end of FILE
      - warning: a false statement without correction (nothing to check)
      - warning: an explanation naming people, places, numbers or dates that
        neither the cited paragraph(s) nor the card itself hold
      - info: each paragraph no card cites (headings, links to other articles
        and passages repeated from cited ones need none), and a count
    Only decks whose [deck] source names FILE (or names no file) are checked.
    """
    from quizdeck.decks.loading import check_deck_files, deck_files
    from quizdeck.lint import Source, SourceError
    from quizdeck.lint import lint as run_lint

    files = deck_files(paths)
    if not files:
        raise click.UsageError("no deck files found")
    try:
        source = Source.read(source_path) if source_path else None
    except SourceError as error:
        raise click.ClickException(str(error)) from None
    decks, problems = check_deck_files(files)
    report = run_lint(decks, problems, source)
    for finding in report.findings:
        click.echo(_styled(str(finding), finding.level.value))
    if report.coverage is not None:
        for finding in report.coverage.findings():
            click.echo(_styled(str(finding), finding.level.value))
    _summary(report, len(files))
    if report.failed:
        raise SystemExit(1)


def _styled(line: str, level: str) -> str:
    return paint(inert(line), fg=LEVEL_COLOURS.get(level))


def _summary(report: Report, files: int) -> None:
    from quizdeck.lint import Level

    errors, warnings = report.count(Level.ERROR), report.count(Level.WARNING)
    line = (
        f"{errors} error(s), {warnings} warning(s) in {report.cards} card(s), {files} deck file(s)"
    )
    if report.coverage is not None:
        line += f"; {report.coverage.summary()}"
    colour = "red" if errors else "yellow" if warnings else "green"
    click.echo(paint(line, fg=colour))


def register(group: click.Group) -> None:
    """Add ``quiz lint`` to ``group``."""
    group.add_command(lint)
