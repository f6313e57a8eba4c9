"""The scored report at the end of an exam: score, a breakdown by tag, what was missed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from quizdeck.cards import Card

if TYPE_CHECKING:
    from quizdeck.session import Given, Summary


class Missed(NamedTuple):
    """A question an exam got wrong or left unanswered."""

    card: Card
    given: Given | None  # None when it was not answered
    expected: str


class TagScore(NamedTuple):
    """Right answers out of questions asked, for one tag."""

    tag: str
    right: int
    total: int


class ExamReport(NamedTuple):
    """The scored report shown at the end of an exam."""

    right: int
    total: int
    points: float  # partial credit summed
    tags: tuple[TagScore, ...]
    missed: tuple[Missed, ...]
    time_up: bool = False

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.total if self.total else 0.0


def exam_report(summary: Summary, queue: Sequence[Card]) -> ExamReport:
    """Score, per-tag breakdown and missed questions; unanswered questions count as missed."""
    answered = {id(outcome.card): outcome for outcome in summary.outcomes}
    asked = list(queue) if summary.time_up else [outcome.card for outcome in summary.outcomes]
    missed: list[Missed] = []
    tallies: dict[str, list[int]] = {}
    for card in asked:
        outcome = answered.get(id(card))
        right = bool(outcome and outcome.correct)
        for tag in card.tags or ("untagged",):
            tally = tallies.setdefault(tag, [0, 0])
            tally[0] += right
            tally[1] += 1
        if not right:
            missed.append(Missed(card, outcome.given if outcome else None, card.expected))
    tags = tuple(TagScore(tag, right, total) for tag, (right, total) in sorted(tallies.items()))
    return ExamReport(
        right=sum(1 for outcome in summary.outcomes if outcome.correct),
        total=len(asked),
        points=sum(outcome.score for outcome in summary.outcomes),
        tags=tags,
        missed=tuple(missed),
        time_up=summary.time_up,
    )
