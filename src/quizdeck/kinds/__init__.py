"""The card kinds, one module each, listed in one table.

Code that depends on a card's kind asks its kind object (``kind_of(card)``)
instead of branching on the kind; code that must branch does so on the
kind's :class:`Shape`, with ``assert_never`` so that a new shape cannot be
missed. Adding a kind: see CONTRIBUTING.md.
"""

from __future__ import annotations

from quizdeck.kinds.base import Answer, AnswerReader, CardKind, Claim, Shape, assert_never
from quizdeck.kinds.choice import ChoiceKind
from quizdeck.kinds.cloze import ClozeKind
from quizdeck.kinds.date import DateKind
from quizdeck.kinds.match import MatchKind
from quizdeck.kinds.number import NumberKind
from quizdeck.kinds.order import OrderKind
from quizdeck.kinds.person import PersonKind
from quizdeck.kinds.text import TextKind
from quizdeck.kinds.truefalse import TrueFalseKind
from quizdeck.kinds.year import YearKind
from quizdeck.model import Card, Kind

__all__ = [
    "KINDS", "Answer", "AnswerReader", "CardKind", "Claim", "Shape", "assert_never", "kind_of",
    "spec",
]  # fmt: skip

#: Every kind, in the order menus list them.
KINDS: dict[Kind, CardKind] = {
    spec.kind: spec
    for spec in (
        TextKind(), PersonKind(), NumberKind(), YearKind(), DateKind(),
        ChoiceKind(), TrueFalseKind(), OrderKind(), ClozeKind(), MatchKind(),
    )
}  # fmt: skip


def check_table(table: dict[Kind, CardKind]) -> None:
    """Raise ImportError unless ``table`` has a module for every kind, each under its own kind."""
    missing = [kind.value for kind in Kind if kind not in table]
    if missing:
        raise ImportError(f"card kinds without a module in quizdeck.kinds: {', '.join(missing)}")
    for kind, card_kind in table.items():
        if card_kind.kind is not kind:
            raise ImportError(f"quizdeck.kinds lists {card_kind.kind.value} as {kind.value}")


check_table(KINDS)


def spec(kind: Kind) -> CardKind:
    """The kind object of ``kind``."""
    return KINDS[kind]


def kind_of(card: Card) -> CardKind:
    """The kind object of ``card``."""
    return KINDS[card.kind]
