"""What the session engine needs from grading and from progress storage (protocols only)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from quizdeck.model import Card, Given, Mode, Rating

if TYPE_CHECKING:
    from quizdeck.decks.scope import Scope


class Grade(Protocol):
    """What grading says about one answer."""

    @property
    def score(self) -> float: ...
    @property
    def correct(self) -> bool: ...
    @property
    def note(self) -> str: ...
    @property
    def expected(self) -> str: ...


Grader = Callable[[Card, Given], Grade]


class Recorded(Protocol):
    """What the review log says after recording a review."""

    @property
    def review_id(self) -> int: ...
    @property
    def due(self) -> datetime | None: ...


class ReviewLog(Protocol):
    """The engine's one window on progress storage (``store.Store`` implements it)."""

    def build_queue(
        self,
        cards: Scope | Sequence[Card],
        now: datetime,
        *,
        new_limit: int | None = None,
        review_limit: int | None = None,
        seed: int = 0,
    ) -> list[Card]: ...

    def sibling_answered(self, card: Card, now: datetime) -> bool:
        """Whether another card of ``card``'s fact was answered in a start session today."""
        ...

    def record_review(
        self,
        card: Card,
        *,
        mode: Mode,
        given: str,
        correct: bool,
        score: float,
        rating: Rating,
        duration_ms: int,
        now: datetime,
    ) -> Recorded: ...

    def amend_review(
        self, review_id: int, *, correct: bool, score: float, rating: Rating, now: datetime
    ) -> Recorded: ...

    def next_due(self, cards: Scope | Sequence[Card], now: datetime) -> datetime | None:
        """The earliest due time among ``cards`` (see ``Store.next_due``)."""
        ...

    def take_back(self, review_id: int) -> bool:
        """Undo the review ``review_id`` if it is the card's latest (its state restored)."""
        ...
