"""What the session engine needs: an asker, a grader and a review log (progress storage)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from quizdeck.model import Card, Given, Mode, Rating, Recorded

if TYPE_CHECKING:
    from quizdeck.decks.apart import KeepApart
    from quizdeck.decks.scope import Scope
    from quizdeck.grading.verdict import Grade
    from quizdeck.session.asking import Followup, Outcome, Progress, Question, Summary
    from quizdeck.session.exam import ExamReport


#: Grades one answer to a card (``quizdeck.kinds.grade``; tests pass their own).
Grader = Callable[[Card, Given], "Grade"]


class ReviewLog(Protocol):
    """The engine's one window on progress storage (``store.Store`` implements it)."""

    def build_queue(
        self,
        scope: Scope,
        now: datetime,
        *,
        new_limit: int | None = None,
        review_limit: int | None = None,
        seed: int = 0,
    ) -> list[Card]: ...

    def sibling_answered(self, card: Card, now: datetime, apart: KeepApart = ...) -> bool:
        """Whether another card of ``card``'s fact, or a card ``apart`` keeps apart from it, was
        answered in a start session today."""
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

    def next_due(self, scope: Scope, now: datetime) -> datetime | None:
        """The earliest due time among ``scope``'s cards (see ``Store.next_due``)."""
        ...

    def take_back(self, review_id: int) -> bool:
        """Undo the review ``review_id`` if it is the card's latest (its state restored)."""
        ...


class Asker(Protocol):
    """Puts questions to a student and shows them how it went."""

    def progress(self, progress: Progress) -> None:
        """Show where the session is (question k of n, score so far)."""

    def ask(self, question: Question) -> Given:
        """The student's answer; raises EndOfInput, KeyboardInterrupt or TimeUp."""

    def feedback(self, outcome: Outcome) -> Followup:
        """Show the verdict; return what the student chose next."""

    def amended(self, outcome: Outcome) -> None:
        """Confirm an override or a hard/easy rating."""

    def report(self, report: ExamReport) -> None:
        """Show an exam's scored report."""

    def summary(self, summary: Summary) -> None:
        """Show the end-of-session summary."""
