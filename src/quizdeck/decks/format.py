"""The deck file format's names and the types reading it produces: keys, problems, decks."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from quizdeck.model import NO_STUDY, Card, DeckStudy, Glossary

#: A deck, card or fact id (use ``fullmatch``: ``$`` alone matches before a final newline).
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DECK_KEYS = ("id", "title", "description", "source", "tags", "study")
CARD_KEYS = (
    "id", "fact", "kind", "prompt", "answer", "accept", "choices", "distractors",
    "any_order", "correction", "explanation", "source", "tags", "image",
)  # fmt: skip
TOP_KEYS = ("deck", "card", "entity")
#: At most this many problems are listed per file; the rest are counted.
MAX_PROBLEMS = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a deck file, at a place in it."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        if self.col:
            where += f":{self.col}"
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")
        return f"{where}: {message}"


class DeckError(Exception):
    """A deck could not be used; ``problems`` says where and why."""

    def __init__(self, problems: Sequence[Problem] | str) -> None:
        if isinstance(problems, str):
            self.problems: tuple[Problem, ...] = ()
            message = problems
        else:
            self.problems = tuple(problems)
            message = str(self.problems[0]) if self.problems else "invalid deck"
            if len(self.problems) > 1:
                message += f" (and {len(self.problems) - 1} more problem(s); run 'quiz validate')"
        super().__init__(message)


class DeckNotFound(DeckError):
    """A deck named on the command line is neither a file nor a known deck id."""


class CardList(Sequence[Card], ABC):
    """A deck's cards that are read only when needed (see :mod:`quizdeck.decks.cache`): its
    length is known at once, single cards can be fetched by id, and the whole list is
    read on first use as a sequence."""

    @abstractmethod
    def by_ids(self, ids: Collection[str]) -> dict[str, Card]:
        """The cards with these ids (ids the deck lacks are left out)."""

    @property
    @abstractmethod
    def digest(self) -> str:
        """Names the list's content: equal digests, equal cards."""

    @abstractmethod
    def index_rows(self) -> list[IndexRow]:
        """One row per card, in deck order: what the progress store indexes."""

    def every_card(self) -> Sequence[Card] | None:
        """Every card, for the give-away search; None when the list cannot give them all
        (the search then leaves the deck out)."""
        return None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))


#: A card as the progress store indexes it: id, fact, content hash and tags (JSON).
IndexRow = tuple[str, str, str, str]


def cards_by_id(cards: Sequence[Card], ids: Collection[str]) -> dict[str, Card]:
    """The cards of ``cards`` with these ids, without reading a whole cached list."""
    if isinstance(cards, CardList):
        return cards.by_ids(ids)
    wanted = set(ids)
    return {card.id: card for card in cards if card.id in wanted}


@dataclass(frozen=True)
class Deck:
    """A loaded deck: its metadata and its cards (a tuple, or a :class:`CardList` read from
    the deck cache when first needed)."""

    id: str
    title: str
    path: Path
    cards: Sequence[Card]
    description: str = ""
    source: str = ""
    tags: tuple[str, ...] = ()
    origin: str = "path"  # "bundled", "user" or "path"
    #: The deck's entities with all their names (``[[entity]]`` tables; see decks.glossary).
    glossary: Glossary = ()
    #: What the deck's ``[deck.study]`` table sets (see decks.study).
    study: DeckStudy = NO_STUDY

    def card(self, card_id: str) -> Card | None:
        """The card with this id, if the deck has it."""
        return cards_by_id(self.cards, (card_id,)).get(card_id)


@contextmanager
def collection_paused() -> Iterator[None]:
    """The garbage collector paused: reading decks makes many small objects and no cycles."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
