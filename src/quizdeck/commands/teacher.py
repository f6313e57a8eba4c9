"""Commands for teachers: new, add, schema, import, report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from quizdeck.commands.options import fail_with
from quizdeck.decks.authoring import (
    SCHEMA_FILE,
    AuthoringError,
    CardDraft,
    CardError,
    answer_value,
    append_cards,
    assign_ids,
    authored_answers,
    authored_prompt,
    card_ids,
    source_value,
)
from quizdeck.decks.format import SLUG, display_path
from quizdeck.decks.images import deck_image_name, picture_problem
from quizdeck.decks.template import default_title, new_deck_text
from quizdeck.display import inert, is_terminal, plural
from quizdeck.files import write_atomic
from quizdeck.kinds import spec
from quizdeck.model import Kind

KINDS = [kind.value for kind in Kind]
DeckPath = click.Path(exists=True, dir_okay=False, path_type=Path)


def _interactive() -> bool:
    """Whether the wizard can ask questions (standard input is a terminal)."""
    return is_terminal(sys.stdin)


def _write(path: Path, text: str | bytes) -> None:
    try:
        write_atomic(path, text)
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from None


# --- quiz new ----------------------------------------------------------------------------


@click.command()
@click.argument("deck_id")
@click.option("--title", help="The deck's title (default: made from DECK_ID).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="The file to create (default: DECK_ID.toml here; '-' prints it).",
)  # fmt: skip
def new(deck_id: str, title: str | None, output: Path | None) -> None:
    """Create a deck file for DECK_ID, ready to fill in.

    DECK_ID is the deck's stable id: lowercase letters, digits and hyphens
    (e.g. roman-history). The file has the [deck] table, one example card
    (change or delete it), and a commented-out example of every other kind of
    card. Its first line points editors at the deck schema; create that file
    next to the deck with 'quiz schema -o deck.schema.json'.
    """
    if not SLUG.fullmatch(deck_id):
        raise click.UsageError(
            f"deck id '{deck_id}' must be lowercase letters, digits and hyphens "
            "(e.g. roman-history)"
        )
    text = new_deck_text(deck_id, title or default_title(deck_id))
    if output is not None and str(output) == "-":
        click.echo(text, nl=False)
        return
    path = output or Path(f"{deck_id}.toml")
    if path.exists():
        raise click.ClickException(f"{path} already exists; choose another file with -o")
    if not path.parent.is_dir():
        raise click.ClickException(f"{path.parent} is not a folder")
    _write(path, text)
    shown = inert(str(path))
    click.echo(f"Created {shown} (deck '{deck_id}').")
    click.echo(
        f"Next: edit it, or add cards with 'quiz add {shown}'; "
        f"check it with 'quiz validate {shown}'."
    )
    if not (path.parent / SCHEMA_FILE).exists():
        schema_path = path.parent / SCHEMA_FILE
        click.echo(f"For checking as you type in your editor: quiz schema -o {schema_path}")


# --- quiz add ----------------------------------------------------------------------------


@click.command()
@click.argument("deck_file", type=DeckPath)
@click.option(
    "--kind", type=click.Choice(KINDS), default="text", show_default=True, help="The kind of card."
)
@click.option("--prompt", help="The question (cloze: the sentence with its {{blanks}}).")
@click.option(
    "--answer",
    "answers",
    multiple=True,
    help="The answer. Repeat for several accepted answers, or for the items of an "
    "order card in order. truefalse: true or false. match: one 'item = partner' per pair. "
    "flip: the back of the card, which the student rates themselves. date: any written "
    "form with a year ('14 July 1789', 'July 1789'); the deck stores it as 1789-07-14.",
)
@click.option("--accept", multiple=True, help="Another accepted answer (repeatable).")
@click.option(
    "--choice",
    "choices",
    multiple=True,
    help="An option of a choice card, the right one included (repeatable).",
)
@click.option(
    "--distractors",
    type=click.Choice(["auto"]),
    help="Choice cards: draw the wrong options from the deck instead.",
)
@click.option("--correction", default="", help="truefalse cards: the true fact, when false.")
@click.option("--explanation", default="", help="Shown to the student after answering.")
@click.option("--source", default="", help="Paragraph(s) of the deck's source: 3, '3, 5', 3-4.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--id", "card_id", default="", help="The card id (default: made from the prompt).")
@click.option(
    "--fact",
    default="",
    help="The fact the card tests (a slug); cards sharing a fact are never asked on one day.",
)
@click.option(
    "--any-order", is_flag=True, help="Cloze cards: the blanks are a set, filled in any order."
)
@click.option(
    "--image",
    default="",
    metavar="FILE",
    help="A picture shown with the question: a PNG, JPEG, GIF, WebP or SVG file in the "
    "deck's folder (e.g. maps/lyon.png).",
)
def add(deck_file: Path, kind: str, prompt: str | None, answers: tuple[str, ...],
        accept: tuple[str, ...], choices: tuple[str, ...], distractors: str | None,
        correction: str, explanation: str, source: str, tags: tuple[str, ...],
        card_id: str, fact: str, any_order: bool, image: str) -> None:  # fmt: skip
    """Add a card to DECK_FILE, keeping the file's comments and layout.

    Without --prompt, a wizard asks for the card step by step (in a terminal).
    With --prompt, the card comes from the options, for scripts:

    \b
      quiz add deck.toml --prompt "Capital of Peru?" --answer Lima
      quiz add deck.toml --kind year --prompt "Fall of the Berlin Wall?" --answer 1989
      quiz add deck.toml --kind choice --prompt "Largest ocean?" --answer Pacific \\
          --choice Pacific --choice Atlantic --choice Indian
      quiz add deck.toml --kind match --prompt "Match each capital with its country." \\
          --answer "Lima = Peru" --answer "Quito = Ecuador" --answer "La Paz = Bolivia"

    The card is checked with the rest of the deck before the file is replaced;
    if it is not valid nothing is written.
    """
    if prompt is None:
        _run_wizard(deck_file)
        return
    draft = CardDraft(
        kind=Kind(kind),
        prompt=authored_prompt(Kind(kind), prompt),
        answer=answer_value(Kind(kind), answers),
        accept=authored_answers(Kind(kind), accept),
        choices=list(choices),
        auto_distractors=distractors == "auto",
        correction=correction,
        explanation=explanation,
        source=source_value(source),
        tags=list(tags),
        id=card_id,
        fact=fact,
        any_order=any_order,
        image=deck_image_name(deck_file, image) if image else "",
    )
    if draft.image and (wrong := picture_problem(deck_file.parent, draft.image)):
        raise click.UsageError(inert(wrong))
    if draft.answer is None and spec(draft.kind).needs_answer:
        raise click.UsageError("give the answer with --answer")
    if card_id and not SLUG.fullmatch(card_id):
        raise click.UsageError(f"card id '{card_id}' must be lowercase letters, digits and hyphens")
    assign_ids([draft], card_ids(deck_file))
    try:
        deck = append_cards(deck_file, [draft])
    except CardError as error:
        fail_with(error.problems, usage=True)
    except AuthoringError as error:
        fail_with(error.problems)
    cards = plural(len(deck.cards), "card")
    click.echo(f"Added '{draft.id}' to {inert(display_path(deck_file))} ({cards}).")


def _run_wizard(deck_file: Path) -> None:
    if not _interactive():
        raise click.UsageError(
            "the wizard needs a terminal; to add a card from a script give it with "
            "--prompt and --answer (see 'quiz add --help')"
        )
    from quizdeck.ui.wizard import Wizard

    wizard = Wizard(deck_file)
    try:
        added = wizard.run()
    except (KeyboardInterrupt, EOFError):
        done = f" ({wizard.added} card(s) added before)" if wizard.added else ""
        click.echo(f"\nStopped: the card in progress was not written{done}.", err=True)
        sys.exit(130)
    click.echo(f"{added} card(s) added to {display_path(deck_file)}.")


# --- quiz schema -------------------------------------------------------------------------


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to FILE (e.g. deck.schema.json; '-': standard output).",
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of deck files, for editors.

    Editors that read TOML schemas (VS Code with Even Better TOML, or any
    editor using taplo) then check a deck as you type and explain each key.
    'quiz new' puts a '#:schema ./deck.schema.json' line at the top of new
    decks; write the schema next to them:

    \b
      quiz schema -o deck.schema.json
    """
    from quizdeck.decks.schema import schema_json

    text = schema_json() + "\n"
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    _write(output, text)
    click.echo(f"Wrote {inert(str(output))}", err=True)
