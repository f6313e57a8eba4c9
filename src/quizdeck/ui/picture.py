"""A card's picture in a session: the line that names it, and the key that opens it in the
system's image viewer while the question is on screen (a terminal shows no images itself).

The viewer never gets the deck's file: the key reads and checks the picture again and hands
the viewer a private copy of the bytes it checked, named for their format (``.png``...), so a
file changed after its check, or named like a program or a web page, opens as an image or not
at all. The copies go when quiz ends."""

from __future__ import annotations

from pathlib import Path

from quizdeck.decks.format import display_path
from quizdeck.decks.images import SUFFIXES, image_file, image_problem, image_type, read_image
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
    """The card whose picture the question on screen has (None: none, or one that cannot be
    shown), and the private folder of the copies given to the viewer."""

    current: Card | None = None
    folder: Path | None = None


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
    Shown.current = card if image_file(card) is not None and image_problem(card) is None else None


def hide() -> None:
    """The question is gone: the key opens nothing."""
    Shown.current = None


def open_shown() -> None:
    """Open the picture of the question on screen, if it has one and it is still a picture:
    the viewer gets a private copy of the bytes just checked."""
    if Shown.current is None:
        return
    try:
        data = read_image(Shown.current)
        copy = _private_copy(data, SUFFIXES[image_type(data) or "PNG"])
    except (ValueError, OSError):
        return
    launch(copy)


def _private_copy(data: bytes, suffix: str) -> Path:
    """``data`` in a file of a folder only this user can read, removed when quiz ends; the
    same bytes give the same file (a held key writes no more)."""
    import atexit
    import hashlib
    import os
    import shutil
    import tempfile

    if Shown.folder is None:
        Shown.folder = Path(tempfile.mkdtemp(prefix="quiz-picture-"))
        atexit.register(shutil.rmtree, Shown.folder, ignore_errors=True)
    path = Shown.folder / f"picture-{hashlib.sha256(data).hexdigest()[:32]}{suffix}"
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
    except OSError:  # a full disk: no part of a copy stays
        path.unlink(missing_ok=True)
        raise
    return path
