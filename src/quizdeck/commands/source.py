"""``quiz source``: the text a deck was written from, whole, by paragraph, or as a card cites it."""

from __future__ import annotations

import click

from quizdeck.commands.deck_refs import load, unknown_card
from quizdeck.display import inert


@click.command()
@click.argument("deck")
@click.argument("what", required=False, metavar="[CARD | PARAGRAPH]")
def source(deck: str, what: str | None) -> None:
    """Print the source text of DECK, its paragraphs numbered as cards cite them.

    \b
      quiz source groups                the whole text
      quiz source groups 12             paragraph 12
      quiz source groups kh-founded-after   the paragraphs that card cites

    The source is read only from the deck's folder or a folder named by the
    QUIZ_SOURCES environment variable (several folders separated by ':').
    """
    from quizdeck.decks.sources import read_source, source_file
    from quizdeck.ui.text import wrap

    decks = load([deck])
    if len(decks) != 1:
        raise click.ClickException(f"'{deck}' names {len(decks)} decks: give one deck")
    found = decks[0]
    if not found.source:
        raise click.ClickException(f"deck '{found.id}' names no source text")
    path = source_file(found)
    paragraphs = read_source(path) if path else []
    if not paragraphs:
        raise click.ClickException(
            f"the source of deck '{found.id}' ({found.source}) cannot be read here: it must be "
            "a UTF-8 text file in the deck's folder or in a folder named by QUIZ_SOURCES"
        )
    numbers = _wanted(found, what, len(paragraphs))
    for number in numbers:
        click.echo(wrap(inert(f"¶{number} {paragraphs[number - 1]}"), indent="", hanging="  "))


def _wanted(deck: object, what: str | None, count: int) -> list[int]:
    """The paragraph numbers WHAT names: all, one number, or those a card cites."""
    from quizdeck.decks.format import Deck

    assert isinstance(deck, Deck)
    if what is None:
        return list(range(1, count + 1))
    if what.isdecimal():
        number = int(what[:6])
        if not 1 <= number <= count:
            raise click.ClickException(f"the source of '{deck.id}' has paragraphs 1 to {count}")
        return [number]
    card = deck.card(what)
    if card is None:
        raise unknown_card(deck.id, what, [each.id for each in deck.cards])
    cited = [number for number in dict.fromkeys(card.paragraphs) if 1 <= number <= count]
    if not cited:
        raise click.ClickException(f"card '{what}' cites no paragraph of the source")
    return cited
