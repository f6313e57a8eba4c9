"""``quiz report``: a class report from the progress files students export."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from quizdeck.commands.options import write_file
from quizdeck.display import inert, inert_json, is_terminal

if TYPE_CHECKING:
    from quizdeck.report.known import Known
    from quizdeck.report.roster import Entry


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "html"]),
    default="table",
    show_default=True,
    help="How to show the report; html: one page to open in a browser or print (use with -o FILE).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE instead of printing it ('-': print it).",
)
@click.option(
    "--rows",
    type=click.Choice(["students", "decks", "cards"]),
    default="students",
    show_default=True,
    help="CSV only: a row per student (flagged first), per student and deck, or per card.",
)
@click.option(
    "--decks",
    "deck_refs",
    multiple=True,
    metavar="DECK",
    help="Only these decks (ids or deck files; repeatable). Prompts are looked up "
    "in them, or in every deck quiz finds.",
)
@click.option(
    "--top",
    default=10,
    show_default=True,
    type=click.IntRange(min=0),
    metavar="N",
    help="How many of the hardest cards the table (or the page) lists.",
)
@click.option(
    "--roster",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The class: one student a line, a name or 'name,profile' (CSV); students are shown "
    "by these names, and those who handed in nothing are listed.",
)
def report(files: tuple[Path, ...], fmt: str, output: Path | None, rows: str,
           deck_refs: tuple[str, ...], top: int, roster: Path | None) -> None:  # fmt: skip
    """A class report from the progress files students export.

    Each student runs 'quiz progress export -o NAME.json' and hands the file
    in. FILES are those files, or folders of them (several days' files of one
    student merge; an answer in two files counts once). A student is named by
    the profile of the export, or, for the default profile, by the file name:
    ask students to name the file after themselves. With --roster, students
    are shown by the roster's names. A FILE may also be a class's shared
    folder that students 'quiz sync' with (one folder per student): it is
    read directly, without hand-ins.

    A line per student, flagged students first: days since the last answer,
    first-try accuracy (a card's first answer in a sitting: re-asks do not
    count), cards mastered (remembered 21 days or more), cards overdue, and
    the flags inactive (7 days or more), backlog (10 cards or more overdue),
    falling (first tries worse lately), not started and no file. Then each
    deck of each student, the class week by week, and the questions the class
    most surely gets wrong, with the wrong answers (and options) students
    pick. A file that is not a progress export is named on standard error and
    left out.

    --format html -o class.html makes one page with these tables, a section
    and a trend line per student and a student by question grid; it needs
    nothing else to open, and prints well.
    """
    import json

    from quizdeck.report.compute import class_report
    from quizdeck.report.data import report_data
    from quizdeck.report.exports import ReportTooBig, read_exports
    from quizdeck.report.render import report_csv, table_lines
    from quizdeck.sync.classfolder import is_class_folder, read_class_folder

    synced = [path for path in files if is_class_folder(path)]
    try:
        exports, skipped = read_exports(_expand([path for path in files if path not in synced]))
    except ReportTooBig as error:
        raise click.ClickException(str(error)) from None
    for folder in synced:  # a class's sync folder: one folder per student ('quiz sync')
        more, left_out = read_class_folder(folder)
        exports += more
        skipped += left_out
    for message in skipped:
        click.echo(inert(message) + " (left out)", err=True)
    if not exports:
        raise click.ClickException("no progress files to report on")
    from quizdeck.clock import now

    known, deck_ids = _known(deck_refs)
    entries = _roster(roster) if roster else []
    result = class_report(exports, known, deck_ids, entries, now=now())
    to_file = output is not None and str(output) != "-"
    if fmt == "json":
        text = inert_json(json.dumps(report_data(result), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        text = report_csv(result, rows)
    elif fmt == "html":
        from quizdeck.report.html import report_html

        text = report_html(result, top, generated=now())
    else:
        text = "\n".join(table_lines(result, top, None if to_file else _terminal_width()))
    if output is None or not to_file:
        click.echo(inert(text) if fmt == "csv" and is_terminal(sys.stdout) else text)
        return
    write_file(output, click.unstyle(text) if fmt == "table" else text, "the class report to ")


def _roster(path: Path) -> list[Entry]:
    from quizdeck.report.exports import ReportError
    from quizdeck.report.roster import read_roster

    try:
        return read_roster(path)
    except ReportError as error:
        raise click.ClickException(inert(str(error))) from None


def _terminal_width() -> int | None:
    """The terminal's width when printing to one (long lines are clipped), else None."""
    if not is_terminal(sys.stdout):
        return None
    import shutil

    return shutil.get_terminal_size().columns


def _expand(files: Sequence[Path]) -> list[Path]:
    """Files as given; a folder stands for the .json files in it."""
    found: list[Path] = []
    for path in files:
        found += sorted(path.glob("*.json")) if path.is_dir() else [path]
    return found


def _known(refs: Sequence[str]) -> tuple[Known, set[str]]:
    """What the decks named (or every deck found) tell the report, and their ids.

    A broken deck is passed over: the report only uses it to show titles and questions.
    """
    from quizdeck.decks.loading import check_deck_files, deck_files
    from quizdeck.report.known import known_decks

    paths = [ref for ref in refs if Path(ref).exists() or ref.endswith(".toml")]
    ids = {ref for ref in refs if ref not in paths}
    decks, _problems = check_deck_files(deck_files(paths) if paths else deck_files())
    if ids and paths:
        more, _ = check_deck_files(deck_files())
        decks += [deck for deck in more if deck.id in ids]
    wanted = ids | {deck.id for deck in decks} if paths else ids
    return known_decks(decks), wanted
