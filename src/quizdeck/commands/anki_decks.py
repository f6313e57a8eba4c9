"""Where ``quiz import --deck-per-anki-deck`` writes each Anki deck of a package: a deck file
of its own in the folder given, named after the deck, never two decks in one file."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TypeVar

import click

from quizdeck.decks.authoring import slugify
from quizdeck.decks.format import display_path
from quizdeck.display import inert

#: The most deck files one import makes.
MAX_DECK_FILES = 1000

Rows = TypeVar("Rows", bound=Sequence[object])


def deck_files(
    folder: Path, by_deck: Mapping[str, Rows], shown: str
) -> list[tuple[Path, str | None, Rows]]:
    """(deck file, title, rows) for each Anki deck of ``by_deck`` (rows by deck name, "" for
    none), in ``folder`` (made when missing); too many decks is an error, before anything is
    made."""
    if len(by_deck) > MAX_DECK_FILES:
        raise click.ClickException(
            f"{shown} holds {len(by_deck)} Anki decks; --deck-per-anki-deck makes at most "
            f"{MAX_DECK_FILES} deck files (without it, they all go into one)"
        )
    if not folder.is_dir():
        if not folder.parent.is_dir():
            raise click.ClickException(f"{inert(str(folder.parent))} is not a folder")
        folder.mkdir()
    targets, taken = [], set[str]()
    for name, rows in sorted(by_deck.items()):
        stem = deck_stem(slugify(name) if any(char.isalnum() for char in name) else "", taken)
        targets.append((folder / f"{stem}.toml", name or None, rows))
    return targets


def deck_stem(slug: str, taken: set[str]) -> str:
    """A file name (without .toml) for an Anki deck whose name gives ``slug``: one that neither
    it nor the deck id made of it (the slug of the file name) shares with another deck of the
    package (``History`` and ``history``, long names alike in their first words), and never
    a Windows device name (``con``)."""
    from quizdeck.interchange.media import RESERVED_NAMES

    base = f"{slug}-deck" if slug in RESERVED_NAMES else slug or "anki-deck"
    numbered = ((f"{base}-{number}", f"anki-deck-{number}") for number in itertools.count(2))
    for candidate in itertools.chain([base], itertools.chain.from_iterable(numbered)):
        deck_id = slugify(candidate)
        if candidate not in taken and deck_id not in taken:
            taken.update((candidate, deck_id))
            return candidate
    raise AssertionError("unreachable: anki-deck-N are all different")


def say_written(paths: Sequence[Path]) -> None:
    """When a deck file of several cannot be written: which ones were, before it."""
    if paths:
        names = ", ".join(inert(display_path(path)) for path in paths)
        click.echo(f"The cards of {len(paths)} deck file(s) were added before: {names}", err=True)
