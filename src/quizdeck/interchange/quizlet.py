"""Cards as Quizlet imports them: a term and its definition on each line, split by a tab."""

from __future__ import annotations

import re
from collections.abc import Sequence

from quizdeck.kinds import kind_of
from quizdeck.model import Card

_SPACES = re.compile(r"[\t\r\n]+")


def quizlet_line(card: Card) -> str:
    """The card's question (as a student reads it) and its right answer, tab-separated."""
    card_kind = kind_of(card)
    question = card_kind.question(card)
    answer = card_kind.shown(card, card_kind.expected(card))
    return f"{_SPACES.sub(' ', question).strip()}\t{_SPACES.sub(' ', answer).strip()}"


def cards_to_quizlet(cards: Sequence[Card]) -> str:
    """One line per card (no header, no trailing newline)."""
    return "\n".join(quizlet_line(card) for card in cards)
