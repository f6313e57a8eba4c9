"""Pictures on cards, checked: each file a card names exists in its deck's folder, is a regular
file and an image, and is not too large (see :mod:`quizdeck.decks.images`). ``quiz validate``
and ``quiz lint`` both report these problems, at the line of the card's ``image``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from quizdeck.decks.format import Deck, Problem, display_path
from quizdeck.decks.images import image_problem
from quizdeck.decks.locate import Locator


def image_problems(decks: Sequence[Deck]) -> list[Problem]:
    """A problem for each card whose picture cannot be shown; each file is checked once, however
    many cards and decks name it (an SVG is read whole, up to 10 MiB)."""
    problems: list[Problem] = []
    checked: dict[tuple[Path | None, str], str | None] = {}
    for deck in decks:
        locator: Locator | None = None
        for card in deck.cards:
            if not card.image:
                continue
            where = (card.path.parent if card.path else None, card.image)
            if where not in checked:
                checked[where] = image_problem(card)
            message = checked[where]
            if message is None:
                continue
            locator = locator or _locator(deck.path)
            line, col = locator.key(card.line, "image")
            problems.append(Problem(display_path(deck.path), line, col, message))
    return problems


def _locator(path: Path) -> Locator:
    from quizdeck.files import DECK_LIMIT, read_limited

    try:
        return Locator.of(read_limited(path, DECK_LIMIT).decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return Locator([])
