"""The card kinds, one module each, listed in one table.

Code that depends on a card's kind asks its kind object (``kind_of(card)``)
instead of branching on the kind; code that must branch does so on the
kind's :class:`Shape`, with ``assert_never`` so that a new shape cannot be
missed. Adding a kind: see CONTRIBUTING.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from quizdeck.kinds.base import CardKind
from quizdeck.kinds.choice import ChoiceKind
from quizdeck.kinds.cloze import ClozeKind
from quizdeck.kinds.flip import FlipKind
from quizdeck.kinds.match import MatchKind
from quizdeck.kinds.order import OrderKind
from quizdeck.kinds.truefalse import TrueFalseKind
from quizdeck.kinds.typed import TypedKind
from quizdeck.kinds.typed_kinds import TYPED
from quizdeck.model import TYPED_KINDS, Card, Kind

if TYPE_CHECKING:
    from quizdeck.grading.verdict import Grade

#: Every kind, in the order menus list them.
KINDS: dict[Kind, CardKind] = {
    **TYPED,
    **{
        spec.kind: spec
        for spec in (
            ChoiceKind(),
            TrueFalseKind(),
            OrderKind(),
            ClozeKind(),
            MatchKind(),
            FlipKind(),
        )
    },
}


def check_table(table: dict[Kind, CardKind]) -> None:
    """Raise ImportError unless ``table`` has a module for every kind, each under its own kind."""
    missing = [kind.value for kind in Kind if kind not in table]
    if missing:
        raise ImportError(f"card kinds without a module in quizdeck.kinds: {', '.join(missing)}")
    for kind, card_kind in table.items():
        if card_kind.kind is not kind:
            raise ImportError(f"quizdeck.kinds lists {card_kind.kind.value} as {kind.value}")
        if not hasattr(card_kind, "example"):
            raise ImportError(f"card kind {kind.value} has no example card")
    typed = {kind for kind, card_kind in table.items() if isinstance(card_kind, TypedKind)}
    if typed != TYPED_KINDS:
        raise ImportError("model.TYPED_KINDS must list exactly the typed kinds of quizdeck.kinds")


check_table(KINDS)


def spec(kind: Kind) -> CardKind:
    """The kind object of ``kind``."""
    return KINDS[kind]


def kind_of(card: Card) -> CardKind:
    """The kind object of ``card``."""
    return KINDS[card.kind]


def question_text(card: Card) -> str:
    """The question as a student reads it, wherever it is shown (cloze blanks numbered)."""
    return KINDS[card.kind].question(card)


def expected_answer(card: Card) -> str:
    """The canonical answer of ``card`` on one line, as shown to a student after a question."""
    return KINDS[card.kind].expected(card)


def grade(card: Card, given: str | Sequence[str]) -> Grade:
    """Grade an answer to ``card``, as its kind grades it.

    ``order``, ``cloze`` and ``match`` take a sequence (a string is read as a
    typed list); the other kinds take a string (a sequence is joined with ", ").
    """
    result = kind_of(card).grade(card, given if isinstance(given, str) else tuple(given))
    return dataclasses.replace(result, expected=expected_answer(card))


def grade_answer(
    kind: Kind,
    accepted: Sequence[str],
    given: str,
    *,
    choices: Sequence[str] = (),
    prompt: str = "",
) -> Grade:
    """Grade one answer to a question of ``kind`` that accepts ``accepted``.

    For ``order`` the answer is split into items; for ``cloze`` each accepted
    string is one text blank; for ``match`` each is a pair written ``item =
    partner``. ``prompt``, the question, lets a date card take the day and month
    alone when it does not ask for the year, a "which country" question take
    the country's people, and a place the question names qualify the answer.
    """
    card_kind = KINDS[kind]
    return card_kind.grade(card_kind.sketch(accepted, choices, prompt), given)
