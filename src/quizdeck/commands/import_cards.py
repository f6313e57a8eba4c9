"""``quiz import``: cards from a spreadsheet's CSV or quiz's JSON export, into a deck file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

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
from quizdeck.display import inert

if TYPE_CHECKING:
    from quizdeck.interchange.csv_cards import CsvRows


@click.command(name="import")
@click.argument("cards_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--deck",
    "deck_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The deck file to add the cards to (created if it does not exist).",
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
def import_cards(cards_file: Path, deck_file: Path, columns: str, strict: bool) -> None:
    """Add the cards of CARDS_FILE (CSV, or JSON from quiz) to the deck file given with --deck.

    The first row names the columns. Only prompt and answer are needed; the
    others are optional: id, kind, accept, choices, explanation, source, tags,
    distractors, correction (and deck, which is ignored). Lists (several
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
    their own answer. A .json file is read as 'quiz export --format json'
    writes it, and an .apkg file as an Anki package (current Anki's default
    export or one for older versions): basic notes become flip cards (two
    sibling cards with a reverse card), type-in-the-answer notes text cards,
    cloze notes cloze cards, tags are kept, each card of a package with
    several Anki decks is tagged with its deck's name, media is left out with
    a warning (their cards or notes are numbered from 1 in messages).

    A row that is not a valid card is reported as FILE:ROW: problem (the
    header is row 1) and left out; exits 1 if any row was. A row whose
    question is already in the deck is skipped, so after fixing the bad rows
    the same file can be imported again.
    """
    from quizdeck.interchange.csv_cards import CsvError

    try:
        rows = read_cards(
            cards_file, display_path(cards_file), columns.split(",") if columns else []
        )
    except CsvError as error:
        raise click.ClickException(inert(str(error))) from None
    for warning in rows.warnings:
        click.echo(inert(f"warning: {warning}"), err=True)
    csv_file = cards_file
    original = None if deck_file.exists() else _new_deck_for(deck_file)
    errors = [(error.row, error.message) for error in rows.errors]
    drafts = _new_rows(deck_file, csv_file, rows.drafts)
    drafts = _unique_ids(drafts, errors)
    assign_ids([draft for _, draft in drafts], card_ids(deck_file))
    valid = _checked_rows(deck_file, drafts, errors, original)
    shown = display_path(csv_file)
    for row, message in sorted(errors):
        click.echo(inert(f"{shown}:{row}: {message}"), err=True)
    _import_valid(deck_file, valid, errors, original, strict, rows.pictures)


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


def _new_deck_for(deck_file: Path) -> str:
    if not deck_file.parent.is_dir():
        raise click.ClickException(f"{deck_file.parent} is not a folder")
    deck_id = slugify(deck_file.stem.lower().replace("_", "-"))
    return new_deck_text(deck_id, default_title(deck_id), example=False)


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


def _import_valid(
    deck_file: Path,
    valid: list[CardDraft],
    errors: list[tuple[int, str]],
    original: str | None,
    strict: bool,
    pictures: dict[str, bytes],
) -> None:
    shown = display_path(deck_file)
    if errors and strict:
        raise click.ClickException(
            f"{len(errors)} row(s) are not valid cards; nothing written (--strict)"
        )
    if valid:
        made = _write_pictures(deck_file.parent, valid, pictures)
        try:
            deck = append_cards(deck_file, valid, original)
        except AuthoringError as error:
            for path in made:
                path.unlink(missing_ok=True)
            fail_with(error.problems)
        created = " (new deck file)" if original is not None else ""
        click.echo(
            f"Added {len(valid)} card(s) to {inert(shown)}{created}: {len(deck.cards)} cards now."
        )
    if errors:
        raise click.ClickException(
            f"{len(errors)} row(s) left out; fix them and import those rows again"
        )
    if not valid:
        click.echo("No new cards to add.")
