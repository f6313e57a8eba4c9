"""The scored report at the end of an exam: score, a breakdown by tag, what was missed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from quizdeck.kinds import expected_answer
from quizdeck.model import Card

if TYPE_CHECKING:
    from quizdeck.model import Given
    from quizdeck.session.asking import Summary


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
    not_reached: int = 0
    self_rated: int = 0  # answers the student rated themselves (flip cards)
    self_rated_right: int = 0  # of which rated Hard, Good or Easy

    @property
    def percent(self) -> float:
        """Right answers out of all questions, as the summary counts them."""
        return 100.0 * self.right / self.total if self.total else 0.0


def exam_report(summary: Summary, queue: Sequence[Card]) -> ExamReport:
    """Score, per-tag breakdown and missed questions; unanswered questions count as missed.
    Answers the student rated themselves are counted as rated, and how many says so."""
    from quizdeck.session.asking import self_rated

    answered = {id(outcome.card): outcome for outcome in summary.outcomes}
    asked = [outcome.card for outcome in summary.outcomes]
    if summary.counts.not_reached:
        asked += [card for card in queue if id(card) not in answered]
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
            missed.append(Missed(card, outcome.given if outcome else None, expected_answer(card)))
    tags = tuple(TagScore(tag, right, total) for tag, (right, total) in sorted(tallies.items()))
    rated = [outcome for outcome in summary.outcomes if self_rated(outcome.card)]
    counts = summary.counts
    return ExamReport(
        right=counts.right,
        total=counts.total,
        points=counts.points,
        tags=tags,
        missed=tuple(missed),
        time_up=summary.time_up,
        not_reached=counts.not_reached,
        self_rated=len(rated),
        self_rated_right=sum(1 for outcome in rated if outcome.correct),
    )
