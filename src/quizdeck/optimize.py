"""Fitting FSRS's memory model to one student's own review log (``quiz optimize``).

FSRS predicts how likely a student is to recall a card from 21 parameters; the
defaults are fitted to millions of Anki users. A student's own log can do better.
The fitting is done by the optimizer of the Rust FSRS library (``fsrs-rs-python``,
the optional ``[optimizer]`` extra), the one Anki uses; it is light (no PyTorch).

What it learns from: for each card, its ``quiz start`` reviews in order, each with the
number of days since the previous one. Every review that comes a day or more after
the previous one is an outcome to predict (a same-day learning step is not).

How "better" is judged: the latest 20 % of those outcomes (by time) are held out;
the model is fitted on the rest, and the current and fitted parameters are both
scored on the held-out part by log loss (lower is better) and RMSE over bins of
predicted recall (FSRS's own measure). The fit is kept only if its log loss is lower.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

#: Fewest outcomes to fit on. With fewer, the held-out fifth has under 80 outcomes: too
#: few to tell a better model from luck, and a fit on a few hundred reviews mostly
#: learns the noise (FSRS's authors advise against optimizing on very small logs).
MIN_REVIEWS = 400
#: The share of outcomes, the latest, kept out of the fit to judge it.
HELD_OUT = 0.2
#: Decimals the parameters are kept to (as FSRS writes its defaults).
DECIMALS = 4


class OptimizerMissing(Exception):
    """The optional optimizer package is not installed."""


class NotEnoughReviews(Exception):
    """The log holds too few outcomes to fit on."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} review(s) to learn from; at least {MIN_REVIEWS} are needed")
        self.count = count


@dataclass(frozen=True)
class LoggedReview:
    """One ``quiz start`` answer: which card, when, on which study day, and its rating."""

    card: tuple[str, str]
    time: datetime
    day: date
    rating: int


@dataclass(frozen=True)
class PredictedReview:
    """A review to predict, with the card's history up to it: (rating, days since previous)."""

    time: datetime
    history: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Score:
    """How well a set of parameters predicts the held-out outcomes."""

    log_loss: float
    rmse: float


@dataclass(frozen=True)
class Fit:
    """The result of fitting: sizes, both scores, the fitted parameters, and the verdict."""

    outcomes: int
    fitted_on: int
    held_out: int
    current: Score
    fitted: Score
    parameters: tuple[float, ...]

    @property
    def better(self) -> bool:
        """Whether the fitted parameters predict the held-out reviews better."""
        return self.fitted.log_loss < self.current.log_loss


def outcomes_of(reviews: Iterable[LoggedReview]) -> list[PredictedReview]:
    """Every review a day or more after the card's previous one, with its history, by time."""
    by_card: dict[tuple[str, str], list[LoggedReview]] = defaultdict(list)
    for review in reviews:
        by_card[review.card].append(review)
    found: list[PredictedReview] = []
    for card_reviews in by_card.values():
        card_reviews.sort(key=lambda review: review.time)
        history: list[tuple[int, int]] = []
        previous: date | None = None
        for review in card_reviews:
            gap = 0 if previous is None else (review.day - previous).days
            history.append((review.rating, max(0, gap)))
            previous = review.day
            if gap > 0:
                found.append(PredictedReview(review.time, tuple(history)))
    found.sort(key=lambda outcome: outcome.time)
    return found


def fit(outcomes: Sequence[PredictedReview], current: Sequence[float] = ()) -> Fit:
    """Fit on the earlier outcomes, score current and fitted parameters on the latest ones.

    Raises ``OptimizerMissing`` or ``NotEnoughReviews``.
    """
    rs = _optimizer()
    if len(outcomes) < MIN_REVIEWS:
        raise NotEnoughReviews(len(outcomes))
    cut = round(len(outcomes) * (1 - HELD_OUT))
    train = [_item(rs, outcome) for outcome in outcomes[:cut]]
    test = [_item(rs, outcome) for outcome in outcomes[cut:]]
    defaults = [float(value) for value in rs.DEFAULT_PARAMETERS]
    fitted = rs.FSRS(defaults).compute_parameters(train)
    parameters = tuple(round(float(value), DECIMALS) for value in fitted)
    return Fit(
        outcomes=len(outcomes),
        fitted_on=len(train),
        held_out=len(test),
        current=_score(rs, list(current) or defaults, test),
        fitted=_score(rs, list(parameters), test),
        parameters=parameters,
    )


def _optimizer() -> Any:
    try:
        import fsrs_rs_python
    except ImportError:
        raise OptimizerMissing(
            "quiz optimize needs the FSRS optimizer: pip install 'quizdeck[optimizer]'"
        ) from None
    return fsrs_rs_python


def _item(rs: Any, outcome: PredictedReview) -> Any:
    return rs.FSRSItem([rs.FSRSReview(rating, days) for rating, days in outcome.history])


def _score(rs: Any, parameters: list[float], items: list[Any]) -> Score:
    evaluation = rs.FSRS(parameters).evaluate(items)
    return Score(float(evaluation.log_loss), float(evaluation.rmse_bins))
