"""``quiz accept``: add an answer the grader refused to a card's accepted answers."""

from __future__ import annotations

from pathlib import Path

import click

from quizdeck.commands.options import fail_with

DeckPath = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command()
@click.argument("deck_file", type=DeckPath)
@click.argument("card_id")
@click.argument("answer")
@click.option(
    "--glossary",
    is_flag=True,
    help="Add ANSWER to the deck's glossary as another name of what the card's answer names, "
    "so every card about it takes it.",
)
def accept(deck_file: Path, card_id: str, answer: str, glossary: bool) -> None:
    """Accept ANSWER for card CARD_ID of DECK_FILE from now on.

    For an answer a student gave that was fair but marked wrong (the class
    report lists the answers students claimed were right). The answer is
    added to the card's `accept` list; the file keeps its comments and layout.
    Nothing changes when quiz already accepts the answer.

    Example: quiz accept people.toml kadhimi-who "Mustafa Kadhimi"
    With --glossary: quiz accept groups.toml kh-leader "Hezbollah Brigades" --glossary
    """
    from quizdeck.decks.accepting import accept_answer
    from quizdeck.decks.authoring import AuthoringError
    from quizdeck.display import inert

    try:
        done = accept_answer(deck_file, card_id, answer, glossary=glossary)
    except AuthoringError as error:
        fail_with(error.problems)
    where = f"{inert(card_id)} in {inert(str(deck_file))}"
    if done.added and glossary:
        click.echo(f"The glossary of {inert(str(deck_file))} now names {inert(done.answer)}: "
                   f"card {inert(card_id)} and every card about it accept it.")  # fmt: skip
    elif done.added:
        click.echo(f"Card {where} now accepts: {inert(done.answer)}")
    else:
        click.echo(f"Card {where} already accepts {inert(done.answer)} ({inert(done.reason)}).")
