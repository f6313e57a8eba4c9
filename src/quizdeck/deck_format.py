"""The deck file format's names and the types reading it produces: keys, problems, decks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from quizdeck.cards import Card

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DECK_KEYS = ("id", "title", "description", "source", "tags")
CARD_KEYS = (
    "id", "fact", "kind", "prompt", "answer", "accept", "choices", "distractors",
    "any_order", "correction", "explanation", "source", "tags",
)  # fmt: skip
TOP_KEYS = ("deck", "card")
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


@dataclass(frozen=True)
class Deck:
    """A loaded deck: its metadata and its cards."""

    id: str
    title: str
    path: Path
    cards: tuple[Card, ...]
    description: str = ""
    source: str = ""
    tags: tuple[str, ...] = ()
    origin: str = "path"  # "bundled", "user" or "path"

    def card(self, card_id: str) -> Card | None:
        """The card with this id, if the deck has it."""
        return next((card for card in self.cards if card.id == card_id), None)
