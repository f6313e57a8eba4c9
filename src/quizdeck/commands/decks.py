"""Commands that read decks: validate, decks, show, export."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from quizdeck.commands.options import write_file
from quizdeck.decks.format import Deck, DeckError, display_path
from quizdeck.decks.loading import check_deck_files, deck_files, load_decks
from quizdeck.display import did_you_mean, inert, is_terminal, paint
from quizdeck.kinds import expected_answer, kind_of
from quizdeck.model import Card


def load_or_fail(refs: Sequence[str]) -> list[Deck]:
    """``load_decks`` with user errors turned into click errors: exit 1 with one line for an
    unknown deck (with a "did you mean") or a broken one."""
    try:
        return load_decks(refs, warn=_warn)
    except DeckError as error:
        raise click.ClickException(str(error)) from None


def _warn(line: str) -> None:
    click.echo(inert(line), err=True)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
def validate(paths: tuple[str, ...]) -> None:
    """Check deck files and list every problem as FILE:LINE:COL: MESSAGE.

    With no PATHS, checks every deck quiz can find (the bundled decks and
    those in your data folder). Each card's picture must be an image file
    in its deck's folder. Exits 1 if any deck is invalid.
    """
    files = deck_files(paths)
    if not files:
        raise click.UsageError("no deck files found")
    from quizdeck.lint.images import image_problems

    decks, problems = check_deck_files(files)
    problems += image_problems(decks)
    for problem in problems:
        click.echo(inert(str(problem)))
    bad_files = len({problem.path for problem in problems})
    cards = sum(len(deck.cards) for deck in decks)
    if problems:
        summary = f"{len(problems)} problem(s) in {bad_files} of {len(files)} deck file(s)"
        click.echo(paint(summary, fg="red"), err=False)
        raise SystemExit(1)
    click.echo(paint(f"{len(files)} deck file(s), {cards} cards: all valid", fg="green"))


@click.command(name="decks")
@click.argument("refs", nargs=-1)
def list_decks(refs: tuple[str, ...]) -> None:
    """List the decks found: id, title, number of cards and where each comes from."""
    decks = load_or_fail(refs)
    if not decks:
        click.echo("No decks found.")
        return
    from quizdeck.ui.table import clip, display_width, pad

    width = max(display_width(deck.id) for deck in decks)
    title_width = min(max(display_width(inert(deck.title)) for deck in decks), 48)
    for deck in decks:
        title = clip(inert(deck.title), title_width)
        where = f"{deck.origin}: {inert(display_path(deck.path))}"
        click.echo(
            f"{paint(pad(deck.id, width), bold=True)}  {pad(title, title_width)}  "
            f"{len(deck.cards):>4} cards  {paint(where, dim=True)}"
        )


def _one_card(card_deck: Deck, card_id: str) -> Card:
    """The card ``card_id`` of the deck; a one-line error (with a "did you mean") if none."""
    card = card_deck.card(card_id)
    if card is None:
        hint = did_you_mean(card_id, [card.id for card in card_deck.cards])
        raise click.ClickException(f"deck '{card_deck.id}' has no card '{card_id}'{hint}")
    return card


def _card_lines(card_deck: Deck, card_id: str | None) -> list[str]:
    cards = card_deck.cards if card_id is None else (_one_card(card_deck, card_id),)
    lines: list[str] = []
    for card in cards:
        lines.append(paint(f"[{card.id}] {card.kind.value}", bold=True))
        lines.append(f"  Q: {inert(card.prompt)}")
        if card.choices:
            lines.append(f"  choices: {inert(' | '.join(card.choices))}")
        elif card.auto_distractors:
            lines.append("  choices: drawn from the deck")
        lines.append(f"  A: {inert(expected_answer(card))}")
        others = card.answers[1:] if "accept" in kind_of(card).keys else ()
        if others:
            lines.append(f"  also accepted: {inert(', '.join(others))}")
        if card.correction:
            lines.append(f"  correction: {inert(card.correction)}")
        if card.explanation:
            lines.append(f"  why: {inert(card.explanation)}")
        if card.source:
            lines.append(f"  source: {inert(card.source)}")
        if card.tags:
            lines.append(f"  tags: {inert(', '.join(card.tags))}")
        lines.append("")
    return lines


@click.command()
@click.argument("deck")
@click.argument("card", required=False)
@click.option(
    "--related",
    is_flag=True,
    help="List what each card is kept apart from in sessions, and why.",
)
def show(deck: str, card: str | None, related: bool) -> None:
    """Print the cards of DECK (a deck id or file), or just the card CARD.

    With --related, list instead what the card (or each card of DECK) is kept
    apart from, among every deck quiz finds: its siblings (cards of its fact)
    and the cards whose answer it shows or that show its answer. Sessions
    never ask two such cards on one study day, nor in one exam or practice.
    """
    (found,) = load_or_fail([deck])
    header = f"{found.id}: {found.title} ({len(found.cards)} cards)"
    lines = [paint(inert(header), bold=True)]
    if found.description and card is None and not related:
        lines.append(inert(found.description))
    lines.append("")
    lines += _related_lines(found, card) if related else _card_lines(found, card)
    click.echo("\n".join(lines).rstrip("\n"))


def _related_lines(card_deck: Deck, card_id: str | None) -> list[str]:
    """What ``card_id`` (or each card of the deck) is kept apart from, and why."""
    from quizdeck.session.related import Relations, card_name

    chosen = list(card_deck.cards) if card_id is None else [_one_card(card_deck, card_id)]
    others = [other for other in load_or_fail([]) if other.id != card_deck.id]
    relations = Relations([c for deck in (card_deck, *others) for c in deck.cards])
    lines: list[str] = []
    for card in chosen:
        found = relations.of(card.key)
        if not found and card_id is None:
            continue
        lines.append(paint(inert(f"[{card.id}] kept apart from {len(found)} card(s)"), bold=True))
        for other in found:
            lines.append(f"  {inert(card_name(other.key))}")
            lines += [f"    {inert(reason)}" for reason in other.reasons]
        lines.append("")
    return lines or ["No card of this deck is kept apart from another one."]


@click.command()
@click.argument("refs", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "apkg", "quizlet"]),
    default="json",
    show_default=True,
    help="Output format (apkg needs -o).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE ('-' or none: standard output).",
)
def export(refs: tuple[str, ...], fmt: str, output: Path | None) -> None:
    """Export the cards of decks (default: every deck found).

    JSON: an array with one object per card (deck, id, kind, prompt, answers,
    choices, explanation, source, tags, and image for a card with a picture).

    CSV: one row per card, the columns 'quiz import' reads back (lists
    separated by ' | '); open it in a spreadsheet, edit, and import it again.
    JSON and CSV name each card's picture (image); 'quiz import' copies the
    file beside the deck file when it lies beside the file imported.

    APKG: an Anki package with one note per card, one Anki deck per deck.
    Exporting again after editing a deck and importing into Anki updates the
    notes instead of duplicating them (a card whose kind changed needs "Merge
    note types" ticked in Anki's import window: written over the previous
    package, the export names such cards). Pictures go with their cards, and a
    deck's study settings become its Anki options group (Anki uses it when
    its import window is told to import deck presets).

    QUIZLET: one line per card, the question and its answer separated by a
    tab, as Quizlet's import takes them (choose "Tab" and "New line"); it
    has no place for pictures (a warning counts the cards that have one).
    """
    if fmt == "apkg":
        if output is None or (str(output) == "-" and is_terminal(sys.stdout)):
            raise click.UsageError("--format apkg writes a file: give it with -o FILE.apkg")
        _write_apkg(load_or_fail(refs), output)
        return
    cards = [card for deck in load_or_fail(refs) for card in deck.cards]
    if fmt == "csv":
        from quizdeck.interchange.csv_cards import cards_to_csv

        _write_output(cards_to_csv(cards), output)
        return
    if fmt == "quizlet":
        from quizdeck.interchange.quizlet import cards_to_quizlet, left_out_pictures

        if warning := left_out_pictures(cards):
            _warn(f"warning: {warning}")
        _write_output(cards_to_quizlet(cards), output)
        return
    from quizdeck.interchange.json_cards import cards_to_json

    _write_output(cards_to_json(cards), output)


def _write_apkg(decks: Sequence[Deck], output: Path) -> None:
    """Write an Anki package of ``decks`` to ``output``."""
    from quizdeck.interchange.anki import write_apkg

    try:
        import genanki  # noqa: F401  (an optional extra)
    except ImportError:
        raise click.ClickException(
            "Anki export needs the genanki package: pip install 'quizdeck[anki]'"
        ) from None
    try:
        if str(output) == "-":
            _apkg_to_stdout(decks)
            return
        for warning in write_apkg(decks, output):
            _warn(f"warning: {warning}")
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror or error}") from None
    cards = sum(len(deck.cards) for deck in decks)
    click.echo(f"Wrote {inert(str(output))} ({len(decks)} deck(s), {cards} notes)", err=True)


def _apkg_to_stdout(decks: Sequence[Deck]) -> None:
    """Write the Anki package of ``decks`` to standard output (a pipe or a file)."""
    import tempfile

    from quizdeck.interchange.anki import write_apkg

    with tempfile.TemporaryDirectory(prefix="quiz-apkg-") as folder:
        package = Path(folder) / "decks.apkg"
        for warning in write_apkg(decks, package):
            _warn(f"warning: {warning}")
        sys.stdout.buffer.write(package.read_bytes())
        sys.stdout.flush()


def _stdout_is_terminal() -> bool:
    return is_terminal(sys.stdout)


def _write_output(text: str, output: Path | None) -> None:
    """Write to ``output`` atomically, or to standard output (none, or ``-``)."""
    if output is None or str(output) == "-":
        # A file or a pipe gets the cards exactly; a terminal is never steered by them.
        click.echo(inert(text) if _stdout_is_terminal() else text)
        return
    write_file(output, text)
