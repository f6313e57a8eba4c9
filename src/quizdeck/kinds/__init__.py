"""The card kinds, one module each, listed in one table.

Code that depends on a card's kind asks its kind object (``kind_of(card)``)
instead of branching on the kind; code that must branch does so on the
kind's :class:`Shape`, with ``assert_never`` so that a new shape cannot be
missed. Adding a kind: see CONTRIBUTING.md.

A kind's module is imported when a card of that kind is first met (``KINDS`` makes each
kind object on first use): the first question of a session needs one or two of the
eleven, and each costs start-up time. ``check_table`` (run by the tests) checks that every
kind has its module.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from quizdeck.kinds.base import CardKind
from quizdeck.model import TYPED_KINDS, Card, Kind

if TYPE_CHECKING:
    from quizdeck.grading.verdict import Grade


def _make(kind: Kind) -> CardKind:
    """The kind object of ``kind``, its module imported now (kind objects hold no state: the
    typed ones here and in ``typed_kinds.TYPED`` answer alike)."""
    if kind is Kind.TEXT:
        from quizdeck.kinds.text import TextKind

        return TextKind()
    if kind is Kind.PERSON:
        from quizdeck.kinds.person import PersonKind

        return PersonKind()
    if kind is Kind.NUMBER:
        from quizdeck.kinds.number import NumberKind

        return NumberKind()
    if kind is Kind.YEAR:
        from quizdeck.kinds.year import YearKind

        return YearKind()
    if kind is Kind.DATE:
        from quizdeck.kinds.date import DateKind

        return DateKind()
    if kind is Kind.CHOICE:
        from quizdeck.kinds.choice import ChoiceKind

        return ChoiceKind()
    if kind is Kind.TRUEFALSE:
        from quizdeck.kinds.truefalse import TrueFalseKind

        return TrueFalseKind()
    if kind is Kind.ORDER:
        from quizdeck.kinds.order import OrderKind

        return OrderKind()
    if kind is Kind.CLOZE:
        from quizdeck.kinds.cloze import ClozeKind

        return ClozeKind()
    if kind is Kind.MATCH:
        from quizdeck.kinds.match import MatchKind

        return MatchKind()
    if kind is Kind.FLIP:
        from quizdeck.kinds.flip import FlipKind

        return FlipKind()
    raise KeyError(kind)


class KindTable(Mapping[Kind, CardKind]):
    """Every kind's object, in the order menus list them (``Kind``'s), each made (and its
    module imported) when it is first asked for."""

    def __init__(self) -> None:
        self._made: dict[Kind, CardKind] = {}

    def __getitem__(self, kind: Kind) -> CardKind:
        made = self._made.get(kind)
        if made is None:
            if kind not in _ALL:
                raise KeyError(kind)
            made = self._made[Kind(kind)] = _make(Kind(kind))
        return made

    def __contains__(self, kind: object) -> bool:
        return kind in _ALL

    def __iter__(self) -> Iterator[Kind]:
        return iter(Kind)

    def __len__(self) -> int:
        return len(_ALL)


_ALL = frozenset(Kind)

#: Every kind, in the order menus list them.
KINDS: Mapping[Kind, CardKind] = KindTable()


def check_table(table: Mapping[Kind, CardKind]) -> None:
    """Raise ImportError unless ``table`` has a module for every kind, each under its own kind."""
    from quizdeck.kinds.typed import TypedKind

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
