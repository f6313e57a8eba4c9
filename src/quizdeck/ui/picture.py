"""A card's picture in a session: the line that names it, and the key that opens it in the
system's image viewer while the question is on screen (a terminal shows no images itself)."""

from __future__ import annotations

from pathlib import Path

from quizdeck.decks.format import display_path
from quizdeck.decks.images import image_file, image_problem
from quizdeck.display import inert
from quizdeck.model import Card

#: The key that opens the picture (prompt_toolkit's name, and as the student reads it): a
#: control key, so that no typed answer and no option letter is taken from the student.
OPEN_KEY = "c-o"
OPEN_KEY_NAME = "Ctrl-O"


def launch(path: Path) -> None:
    """Open ``path`` in the system's viewer (tests replace this)."""
    import click

    click.launch(str(path))


class Shown:
    """The picture the question on screen has (None: none, or one that cannot be shown)."""

    current: Path | None = None


def picture_line(card: Card, *, terminal: bool) -> str:
    """``Picture: map.png`` and how to see it: the key in a terminal, the file otherwise; or
    why it cannot be shown."""
    name = inert(card.image)
    problem = image_problem(card)
    if problem is not None:
        why = problem.replace(f"picture '{card.image}' ", "")
        return f"Picture: {name} ({inert(why)})"
    if terminal:
        return f"Picture: {name} ({OPEN_KEY_NAME} opens it)"
    path = image_file(card)
    return f"Picture: {name} ({inert(display_path(path)) if path else name})"


def show(card: Card) -> None:
    """Let the key open the picture of ``card`` (checked again when opened)."""
    path = image_file(card)
    Shown.current = path if path is not None and image_problem(card) is None else None


def hide() -> None:
    """The question is gone: the key opens nothing."""
    Shown.current = None


def open_shown() -> None:
    """Open the picture of the question on screen, if it has one."""
    if Shown.current is not None:
        launch(Shown.current)
