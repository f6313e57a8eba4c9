"""Cards as Quizlet imports them: a term and its definition on each line, split by a tab (no
pictures: its import has no place for them)."""

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


def left_out_pictures(cards: Sequence[Card]) -> str | None:
    """The one-line warning for cards whose picture a Quizlet file cannot hold (None: none)."""
    count = sum(1 for card in cards if card.image)
    if not count:
        return None
    return (
        f"Quizlet's import has no picture column: the pictures of {count} card(s) are left "
        "out (add them in Quizlet)"
    )


def cards_to_quizlet(cards: Sequence[Card]) -> str:
    """One line per card (no header, no trailing newline)."""
    return "\n".join(quizlet_line(card) for card in cards)
