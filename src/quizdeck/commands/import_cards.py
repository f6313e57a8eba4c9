"""``quiz import``: cards from a spreadsheet's CSV or quiz's JSON export, into a deck file."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from quizdeck.commands.anki_decks import deck_files, say_written
from quizdeck.commands.options import fail_with
from quizdeck.decks.authoring import (
    AuthoringError,
    CardDraft,
    append_cards,
    assign_ids,
    card_ids,
    card_prompts,
    check_new_cards,
    slugify,
)
from quizdeck.decks.format import display_path
from quizdeck.decks.template import default_title, new_deck_text
from quizdeck.display import inert, is_terminal

if TYPE_CHECKING:
    from quizdeck.interchange.csv_cards import CsvRows


@click.command(name="import")
@click.argument("cards_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--deck",
    "deck_file",
    required=True,
    type=click.Path(path_type=Path),
    help="The deck file to add the cards to (created if it does not exist); with "
    "--deck-per-anki-deck, the folder of the deck files.",
)
@click.option(
    "--columns",
    default="",
    metavar="NAMES",
    help="For a file without a header row: its columns, e.g. prompt,answer,tags.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Add nothing if any row is invalid (default: add the valid rows).",
)
@click.option("--yes", is_flag=True, help="Add to an existing deck file without asking.")
@click.option(
    "--deck-per-anki-deck",
    "per_anki_deck",
    is_flag=True,
    help="For an Anki package: a deck file for each Anki deck (subdecks too), named after it, "
    "in the folder given with --deck.",
)
def import_cards(
    cards_file: Path, deck_file: Path, columns: str, strict: bool, yes: bool, per_anki_deck: bool
) -> None:
    """Add the cards of CARDS_FILE (CSV, or JSON from quiz) to the deck file given with --deck.

    The first row names the columns. Only prompt and answer are needed; the
    others are optional: id, kind, accept, choices, explanation, source, tags,
    distractors, correction, image (a picture: copied beside the deck file
    when it lies beside CARDS_FILE) and deck, which is ignored. Lists (several
    answers, order items, accept, choices, tags) go in one cell, the items
    separated by a bar: a | b | c (a bar inside an item is written \\|).
    'quiz export --format csv' writes this format, so a deck can go to a
    spreadsheet and back. Commas, semicolons or tabs between cells all work.

    \b
      prompt,answer,kind,accept
      Capital of Peru?,Lima,,
      Fall of the Berlin Wall?,1989,year,
      Put in order,Mercury | Venus | Earth,order,

    Other tools' files work too: columns named question/answer, front/back
    or term/definition; Quizlet's export (term and definition separated by a
    tab or a comma, no header row: read as prompt, answer); Anki's "Notes in
    Plain Text" export (its #separator, #html, #tags column and #notetype
    column lines are followed; cloze notes become cloze cards, Basic notes
    flip cards). Columns quiz does not know are left out with a warning. A
    row without a kind whose answer is a sentence or a long definition (six
    words with a verb, or ten words) becomes a flip card: the student rates
    their own answer; in any other, text in brackets after the answer goes
    to the explanation ('14 July 1789 (a Tuesday)') and a date written out
    makes a date card. A .json file is read as 'quiz export --format json'
    writes it, and an .apkg file as an Anki package (current Anki's default
    export or one for older versions): basic notes become flip cards (two
    sibling cards with a reverse card), type-in-the-answer notes typed cards,
    cloze notes cloze cards with their hints, tags are kept, HTML lists and
    line breaks stay lines, a note's first picture is written beside the
    deck file (never over a file), other media are left out with a warning
    (their cards or notes are numbered from 1 in messages). A package of one Anki deck gives
    a new deck file the Anki deck's name. The cards of a package of several
    Anki decks go into the one deck file, tagged with their Anki deck's name
    (History::Revolution); with --deck-per-anki-deck, each Anki deck,
    subdecks included, becomes a deck file of its own in the folder given
    with --deck (history-revolution.toml, titled History::Revolution). A new
    deck file gets its Anki deck's options (new cards a day, learning steps,
    desired retention, where they differ from Anki's defaults) as its
    [deck.study] table.

    A row that is not a valid card is reported as FILE:ROW: problem (the
    header is row 1) and left out; exits 1 if any row was. A row whose
    question is already in the deck is skipped, so after fixing the bad rows
    the same file can be imported again.

    Into a deck file that exists already, the cards to add are listed and
    quiz asks first; without a terminal to ask on, it needs --yes.
    """
    from quizdeck.interchange.csv_cards import CsvError

    _check_target(cards_file, deck_file, per_anki_deck)
    try:
        rows, targets = _targets(cards_file, deck_file, columns, per_anki_deck)
    except CsvError as error:
        raise click.ClickException(inert(str(error))) from None
    for warning in rows.warnings:
        click.echo(inert(f"warning: {warning}"), err=True)
    errors = [(error.row, error.message) for error in rows.errors]
    plans = [
        _plan(target, title, drafts, cards_file, errors, _study_for(rows, target, title))
        for target, title, drafts in targets
    ]
    shown = display_path(cards_file)
    for row, message in sorted(errors):
        click.echo(inert(f"{shown}:{row}: {message}"), err=True)
    if errors and strict:
        raise click.ClickException(
            f"{len(errors)} row(s) are not valid cards; nothing written (--strict)"
        )
    existing = [plan for plan in plans if plan.valid and plan.original is None]
    if existing and not yes:
        _confirm_adding(existing)
    for number, plan in enumerate(plans):
        try:
            _import_valid(plan, rows.pictures)
        except click.ClickException:
            say_written([done.deck_file for done in plans[:number] if done.valid])
            raise
    if len(targets) > 1:
        click.echo(f"{len(targets)} deck file(s) from {len(targets)} Anki deck(s).")
    if errors:
        raise click.ClickException(
            f"{len(errors)} row(s) left out; fix them and import those rows again"
        )
    if not any(plan.valid for plan in plans):
        click.echo("No new cards to add.")


@dataclass
class _Plan:
    """The new cards for one deck file, and its text when the file is new (else None)."""

    deck_file: Path
    original: str | None
    valid: list[CardDraft]


Drafts = list[tuple[int, CardDraft]]


def _check_target(cards_file: Path, deck_file: Path, per_anki_deck: bool) -> None:
    """--deck names a deck file, or with --deck-per-anki-deck a folder (usage errors)."""
    if per_anki_deck:
        if cards_file.suffix.lower() not in (".apkg", ".colpkg"):
            raise click.UsageError("--deck-per-anki-deck is for an Anki package (.apkg)")
        if deck_file.exists() and not deck_file.is_dir():
            raise click.UsageError(
                f"with --deck-per-anki-deck, --deck names a folder; {inert(str(deck_file))} "
                "is a file"
            )
    elif deck_file.is_dir():
        raise click.UsageError(
            f"--deck names a deck file; {inert(str(deck_file))} is a folder "
            "(for a package, --deck-per-anki-deck writes a deck file per Anki deck in it)"
        )


def _targets(
    cards_file: Path, deck_file: Path, columns: str, per_anki_deck: bool
) -> tuple[CsvRows, list[tuple[Path, str | None, Drafts]]]:
    """The rows read, and where they go: (deck file, title for a new one, its rows)."""
    shown = display_path(cards_file)
    if cards_file.suffix.lower() not in (".apkg", ".colpkg"):
        rows = read_cards(cards_file, shown, columns.split(",") if columns else [])
        return rows, [(deck_file, None, rows.drafts)]
    from quizdeck.interchange.apkg_import import read_apkg_decks, tag_decks

    rows, deck_of = read_apkg_decks(cards_file, shown)
    names = sorted({name for name in deck_of.values() if name})
    if not per_anki_deck:
        tag_decks(rows, deck_of)
        return rows, [(deck_file, names[0] if len(names) == 1 else None, rows.drafts)]
    by_deck: dict[str, Drafts] = {}
    for number, draft in rows.drafts:
        by_deck.setdefault(deck_of.get(number, ""), []).append((number, draft))
    return rows, deck_files(deck_file, by_deck, shown)


def _study_for(rows: CsvRows, deck_file: Path, title: str | None) -> str:
    """The ``[deck.study]`` table for a deck file made from an Anki deck (named ``title``, or
    all the package's decks when None), from its options group; "" when it has none. When
    decks of different options go into one file, none is written, with a warning."""
    if not rows.studies:
        return ""
    from quizdeck.interchange.options_groups import study_table

    if title is not None:
        return study_table(rows.studies[title]) if rows.studies.get(title) else ""
    tables = {study_table(study) if study else "" for study in rows.studies.values()}
    if len(tables) > 1:
        click.echo(
            "warning: the Anki decks' options differ: no [deck.study] written into "
            f"{inert(display_path(deck_file))} (--deck-per-anki-deck keeps each deck's)",
            err=True,
        )
        return ""
    return tables.pop()


def _plan(
    deck_file: Path,
    title: str | None,
    rows: Drafts,
    cards_file: Path,
    errors: list[tuple[int, str]],
    study: str = "",
) -> _Plan:
    """The valid new cards of ``rows`` for ``deck_file``; the others' problems go to ``errors``.
    A new deck file gets ``study`` (a ``[deck.study]`` table); an existing one is left as it is,
    with a warning that shows the table."""
    if study and deck_file.exists():
        shown = inert(display_path(deck_file))
        click.echo(
            f"warning: the Anki deck's options are not written into {shown}, which exists; "
            f"to use them, add: {'; '.join(study.splitlines())}",
            err=True,
        )
    original = None if deck_file.exists() else _new_deck_for(deck_file, title, study)
    drafts = _new_rows(deck_file, cards_file, rows)
    drafts = _unique_ids(drafts, errors)
    assign_ids([draft for _, draft in drafts], card_ids(deck_file))
    return _Plan(deck_file, original, _checked_rows(deck_file, drafts, errors, original))


def interactive() -> bool:
    """Whether someone can answer a question on standard input."""
    return is_terminal(sys.stdin)


#: The most new cards listed before asking (the rest are counted).
LISTED = 20


def _confirm_adding(plans: Sequence[_Plan]) -> None:
    """List the cards about to be added to existing deck files and ask (abort on no);
    without a terminal, refuse: only --yes goes on."""
    if not interactive():
        raise click.ClickException(
            "not adding to an existing deck file without confirmation: "
            "run in a terminal, or pass --yes"
        )
    for plan in plans:
        click.echo(f"New cards for {inert(display_path(plan.deck_file))}:")
        for draft in plan.valid[:LISTED]:
            prompt = " ".join(draft.prompt.split())
            click.echo(inert(f"  + {draft.id}: {prompt[:70]}{'…' if len(prompt) > 70 else ''}"))
        if len(plan.valid) > LISTED:
            click.echo(f"  … and {len(plan.valid) - LISTED} more")
    count = sum(len(plan.valid) for plan in plans)
    where = (
        inert(display_path(plans[0].deck_file)) if len(plans) == 1 else f"{len(plans)} deck files"
    )
    click.confirm(f"Add {count} card(s) to {where}?", abort=True)


def read_cards(path: Path, shown: str, columns: Sequence[str] = ()) -> CsvRows:
    """The cards of a CSV file, quiz's JSON export or an Anki package (by its suffix)."""
    from quizdeck.interchange.csv_cards import read_csv
    from quizdeck.interchange.json_cards import read_json

    if path.suffix.lower() == ".json":
        return read_json(path, shown)
    if path.suffix.lower() in (".apkg", ".colpkg"):
        from quizdeck.interchange.apkg_import import read_apkg

        return read_apkg(path, shown)
    return read_csv(path, shown, [column.strip() for column in columns])


def _new_rows(
    deck_file: Path, csv_file: Path, drafts: Sequence[tuple[int, CardDraft]]
) -> list[tuple[int, CardDraft]]:
    """Rows whose question is not in the deck yet (importing a file again adds no copies)."""
    existing = card_prompts(deck_file)
    kept = [(row, draft) for row, draft in drafts if draft.prompt.strip() not in existing]
    skipped = [str(row) for row, draft in drafts if draft.prompt.strip() in existing]
    if skipped:
        rows = f"row {skipped[0]}" if len(skipped) == 1 else f"rows {', '.join(skipped)}"
        click.echo(
            inert(f"{display_path(csv_file)}: {rows} already in the deck (skipped)"), err=True
        )
    return kept


def _new_deck_for(deck_file: Path, title: str | None = None, study: str = "") -> str:
    if not deck_file.parent.is_dir():
        raise click.ClickException(f"{inert(str(deck_file.parent))} is not a folder")
    deck_id = slugify(deck_file.stem.lower().replace("_", "-"))
    text = new_deck_text(deck_id, title or default_title(deck_id), example=False)
    return f"{text}\n{study}" if study else text


def _unique_ids(
    drafts: Sequence[tuple[int, CardDraft]], errors: list[tuple[int, str]]
) -> list[tuple[int, CardDraft]]:
    """Rows whose id no earlier row has; the others are errors."""
    first: dict[str, int] = {}
    kept = []
    for row, draft in drafts:
        if draft.id and draft.id in first:
            errors.append((row, f"card id '{draft.id}' is also on row {first[draft.id]}"))
            continue
        if draft.id:
            first[draft.id] = row
        kept.append((row, draft))
    return kept


def _checked_rows(
    deck_file: Path,
    drafts: Sequence[tuple[int, CardDraft]],
    errors: list[tuple[int, str]],
    original: str | None,
) -> list[CardDraft]:
    """The drafts that make valid cards; the loader's problems with the others become errors."""
    if not drafts:
        return []
    try:
        checked = check_new_cards(deck_file, [draft for _, draft in drafts], original)
    except AuthoringError as error:
        fail_with(error.problems)
    if checked.deck_problems:
        fail_with(
            [*checked.deck_problems, f"{display_path(deck_file)} has problems; fix them first"]
        )
    valid = []
    for index, (row, draft) in enumerate(drafts):
        problems = checked.card_problems.get(index, [])
        errors.extend((row, problem) for problem in problems)
        if not problems:
            valid.append(draft)
    return valid


def _write_pictures(
    folder: Path, drafts: list[CardDraft], pictures: dict[str, bytes]
) -> list[Path]:
    """Write the pictures ``drafts`` show into ``folder`` (never over a file: a taken name gets
    a number, and the drafts the name it was written under); returns the files made."""
    if not pictures:
        return []
    from quizdeck.interchange.media import write_pictures

    used = {draft.image: pictures[draft.image] for draft in drafts if draft.image in pictures}
    try:
        written, made = write_pictures(folder, used)
    except OSError as error:
        raise click.ClickException(f"cannot write the pictures into {folder}: {error}") from None
    for draft in drafts:
        draft.image = written.get(draft.image, draft.image)
    return made


def _import_valid(plan: _Plan, pictures: dict[str, bytes]) -> None:
    """Write the plan's new cards (nothing when there are none), and the pictures they show
    beside the deck file."""
    if not plan.valid:
        return
    made = _write_pictures(plan.deck_file.parent, plan.valid, pictures)
    try:
        deck = append_cards(plan.deck_file, plan.valid, plan.original)
    except AuthoringError as error:
        for path in made:
            path.unlink(missing_ok=True)
        fail_with(error.problems)
    created = " (new deck file)" if plan.original is not None else ""
    shown = inert(display_path(plan.deck_file))
    click.echo(f"Added {len(plan.valid)} card(s) to {shown}{created}: {len(deck.cards)} cards now.")
