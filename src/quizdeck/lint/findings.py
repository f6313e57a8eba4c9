"""What lint reports: a ``Finding`` at a path and line, with its ``Level``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from quizdeck.decks.format import Problem, display_path
from quizdeck.model import Card


class Level(str, Enum):
    """How serious a finding is: errors make ``quiz lint`` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Finding:
    """One thing to fix (or know) about a card, a deck or the source, at a line."""

    path: str
    line: int
    level: Level
    message: str
    col: int = 0

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" + (f":{self.col}" if self.col else "")
        return f"{where}: {self.level}: {self.message}"

    @classmethod
    def of_problem(cls, problem: Problem) -> Finding:
        """A validation problem as an error finding."""
        return cls(problem.path, problem.line, Level.ERROR, problem.message, problem.col)


def at(card: Card, level: Level, message: str) -> Finding:
    path = display_path(card.path) if card.path else card.deck_id
    return Finding(path, card.line, level, message)


def ref(card: Card, other: Card) -> str:
    """How ``card``'s finding names ``other``: by line in the same file, else by file:line."""
    if other.path == card.path:
        return f"card '{other.id}' (line {other.line})"
    where = display_path(other.path) if other.path else other.deck_id
    return f"card '{other.deck_id}/{other.id}' ({where}:{other.line})"


def where(card: Card) -> str:
    """``path:line`` of ``card``, for a message that names it."""
    path = display_path(card.path) if card.path else card.deck_id
    return f"{path}:{card.line}"


def deck_line(path: Path) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((n for n, line in enumerate(lines, 1) if re.match(r"^\s*\[\s*deck\s*\]", line)), 1)
