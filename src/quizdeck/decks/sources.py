"""The source text a deck cites: its paragraphs, read only from where a deck may point."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from quizdeck.decks.format import Deck
from quizdeck.model import Card


class Sources:
    """The paragraphs of each deck's source text, read when first needed."""

    def __init__(self, decks: Sequence[Deck] = ()) -> None:
        self._files = {deck.id: path for deck in decks if (path := source_file(deck))}
        self._paragraphs: dict[str, list[str]] = {}

    def paragraphs(self, card: Card) -> list[tuple[int, str]]:
        """(number, text) of the paragraphs ``card`` cites, when its deck's source is readable."""
        text = self._load(card.deck_id)
        return [(n, text[n - 1]) for n in card.paragraphs if 0 < n <= len(text)]

    def _load(self, deck_id: str) -> list[str]:
        if deck_id not in self._paragraphs:
            path = self._files.get(deck_id)
            self._paragraphs[deck_id] = read_source(path) if path else []
        return self._paragraphs[deck_id]


def source_file(deck: Deck) -> Path | None:
    """The file a deck's ``source`` names: next to the deck file, else in a folder of
    ``QUIZ_SOURCES`` (a path list). Only a file inside the folder it was looked up in is
    taken, so a deck cannot make quiz show ``/etc/passwd``."""
    import os

    if not deck.source or deck.path is None:
        return None
    roots = [deck.path.parent, *(Path(item) for item in _source_folders(os.environ))]
    for root in roots:
        try:
            root = root.resolve()
            path = (root / deck.source).resolve()
            if path.is_relative_to(root) and path.is_file():
                return path
        except (OSError, ValueError, RuntimeError):  # NUL, a name too long, a symlink loop
            continue
    return None


def _source_folders(environ: Mapping[str, str]) -> list[str]:
    import os

    return [item for item in environ.get("QUIZ_SOURCES", "").split(os.pathsep) if item]


def read_source(path: Path) -> list[str]:
    """The paragraphs (non-empty lines) of a source text; [] if it cannot be read."""
    from quizdeck.files import SOURCE_LIMIT, read_limited

    try:
        text = read_limited(path, SOURCE_LIMIT).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    return [line.strip() for line in text.splitlines() if line.strip()]
