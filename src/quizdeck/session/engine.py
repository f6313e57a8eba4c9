"""Running a quiz: build the queue, ask each card, grade, record, then give feedback.

The engine knows nothing about terminals or databases. It asks through an
``Asker`` (questionary or plain lines, see ``ui.py``) and keeps progress through
a ``ReviewLog`` (the SQLite store, or an in-memory fake in tests).
"""

from __future__ import annotations

import contextlib
import random
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from quizdeck.clock import now as current_time
from quizdeck.decks.apart import NOTHING_APART, KeepApart
from quizdeck.decks.scope import Scope
from quizdeck.model import Card, Given, Mode, Rating
from quizdeck.session.asking import (
    SKIP,
    Amend,
    EndOfInput,
    Followup,
    Outcome,
    Progress,
    Question,
    Summary,
    TimeUp,
    bounded,
    given_text,
    overridable,
    rating_of,
    self_rated,
)
from quizdeck.session.options import OptionMaker, card_options

if TYPE_CHECKING:
    from quizdeck.session.again import Upcoming
    from quizdeck.session.log import Asker, Grader, ReviewLog

# --- putting a card to the student ------------------------------------------------------


class Session:
    """One quiz: asks the queue in order, grades, records and reports.

    ``clock`` measures answer time (monotonic seconds); ``now`` stamps reviews.
    ``options`` makes the options of choice, true/false and order cards (by
    default the deck's own choices, shuffled; ``distractors.option_maker``
    adds automatic wrong options). ``time_limit``: seconds, exams only; ``limit``: at most
    this many answers (``quiz start --limit``). A plain class, not a dataclass: one costs
    ~0.6 ms to make before the first question.
    """

    def __init__(
        self,
        asker: Asker,
        log: ReviewLog,
        mode: Mode = Mode.START,
        grader: Grader | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = current_time,
        seed: int | None = None,
        options: OptionMaker = card_options,
        time_limit: float | None = None,
        limit: int | None = None,
    ) -> None:
        self.asker, self.log, self.mode, self.grader = asker, log, mode, grader
        self.clock, self.now, self.seed, self.options = clock, now, seed, options
        self.time_limit, self.limit = time_limit, limit
        self.outcomes: list[Outcome] = []
        self.outcomes_undone: list[Outcome] = []  # answers taken back
        self.skipped = 0  # cards left out because a sibling was answered in another session
        self.apart: KeepApart = NOTHING_APART  # the cards kept apart (a start session's scope's)

    def run(
        self,
        queue: Sequence[Card],
        scope: Scope | None = None,
        waiting: Sequence[tuple[Card, datetime]] = (),
    ) -> Summary:
        """Ask every card of ``queue``; ``scope`` is what "next due" is computed over
        (default: the queue's cards). ``waiting``: learning cards not due yet, with their due
        times, that come back in this session when due within the learn-ahead window."""
        rng = random.Random(self.seed)
        if scope is not None and self.mode is Mode.START:
            self.apart = scope.apart()
        started = self.clock()
        interrupted = time_up = False
        try:
            time_up = self._ask_all(queue, waiting, rng, started)
        except EndOfInput:
            pass
        except KeyboardInterrupt:
            interrupted = True
        planned = len(queue) - self.skipped
        answered = len({outcome.card.key for outcome in self.outcomes})
        # An exam is scored over every question planned: one stopped early counts the rest
        # as missed, as one whose time ran out does.
        early = time_up or self.mode is Mode.EXAM
        summary = Summary(
            mode=self.mode,
            outcomes=tuple(self.outcomes),
            planned=planned,
            elapsed=self.clock() - started,
            next_due=self.log.next_due(scope or Scope.of_cards(queue), self.now()),
            interrupted=interrupted,
            time_up=time_up,
            not_reached=max(0, planned - answered) if early else 0,
            limit_reached=self.limit is not None and len(self.outcomes) >= self.limit,
        )
        if self.mode is Mode.EXAM:
            from quizdeck.session.exam import exam_report

            self.asker.report(exam_report(summary, queue))
        self.asker.summary(summary)
        return summary

    def _ask_all(
        self,
        queue: Sequence[Card],
        waiting: Sequence[tuple[Card, datetime]],
        rng: random.Random,
        started: float,
    ) -> bool:
        """Ask the queue, and in ``quiz start`` each card still learning again when its step is
        over (see :mod:`quizdeck.session.again`); True if the exam's time ran out.

        The question number counts cards: a card asked again keeps the number it had."""
        from quizdeck.session.again import Upcoming

        self.skipped = 0
        if self.grader is None:
            load_graders_soon()
        upcoming = Upcoming(queue)
        for soon, due in waiting:
            upcoming.again(soon, due, self.now())
        total = len({card.key for card in queue} | {soon.key for soon, _ in waiting})
        if self.limit is not None:
            total = min(total, self.limit)
        numbers: dict[tuple[str, str], int] = {}
        shown: dict[tuple[str, str], tuple[str, ...]] = {}  # options of a question asked again
        while True:
            left_to_ask = None if self.limit is None else self.limit - len(self.outcomes)
            if left_to_ask is not None and left_to_ask <= 0:
                return False
            # Near the limit, the cards not asked yet go before cards asked again.
            fresh_only = left_to_ask is not None and left_to_ask <= len(upcoming.fresh)
            card = upcoming.next(self.now(), fresh_only=fresh_only)
            if card is None:
                return False
            left = self._time_left(started)
            if left is not None and left <= 0:
                return True
            if card.key not in numbers and self._waits(card):
                self.skipped += 1
                total -= 1
                continue
            again = card.key in numbers
            number = numbers.setdefault(card.key, len(numbers) + 1)
            options = shown.pop(card.key, None) or self.options(card, rng)
            question = Question(card, number, max(total, number), self.mode, options, left)
            self.asker.progress(self._progress(question, again=again))
            asked = self.clock()
            try:
                given = self.asker.ask(question)
            except TimeUp:
                return True
            except Amend as amend:  # an exam's answers are final: then only asked again
                upcoming.fresh.appendleft(card)
                shown[card.key] = question.options  # asked again as it was shown
                if not again:
                    del numbers[card.key]
                changeable = self.mode is not Mode.EXAM and self.outcomes
                if changeable:
                    previous = self.outcomes[-1]
                    undone = self._apply(previous, amend.choice)
                    self._comes_back(upcoming, previous, undone)
                    if undone and previous.card.key == card.key:
                        upcoming.fresh.popleft()  # its answer was shown: not asked now
                continue
            answered = self.clock()
            if self.time_limit is not None and answered - started > self.time_limit:
                return True
            outcome = self._record(question, given, answered - asked)
            undone = question.shows_feedback and self._apply(outcome, self.asker.feedback(outcome))
            self._comes_back(upcoming, outcome, undone)

    def _comes_back(self, upcoming: Upcoming, outcome: Outcome, undone: bool) -> None:
        """In ``quiz start``, let a card still learning come back when its step is over (within
        the learn-ahead window). A card whose answer was taken back does not come back: its
        answer has been shown, so asking it again now would test nothing."""
        upcoming.drop(outcome.card)
        if self.mode is Mode.START and not undone:
            upcoming.again(outcome.card, outcome.due, self.now())

    def _waits(self, card: Card) -> bool:
        """In ``quiz start``, whether a sibling of ``card`` was answered today since the queue
        was built (in another session): then the card waits for the next study day."""
        if self.mode is not Mode.START:
            return False
        if not card.fact and not self.apart.related(card.key):
            return False
        return self.log.sibling_answered(card, self.now(), self.apart)

    def _time_left(self, started: float) -> float | None:
        if self.time_limit is None:
            return None
        return self.time_limit - (self.clock() - started)

    def _progress(self, question: Question, *, again: bool = False) -> Progress:
        return Progress(
            number=question.number,
            total=question.total,
            answered=len(self.outcomes),
            right=sum(1 for outcome in self.outcomes if outcome.correct),
            show_score=question.shows_feedback,
            time_left=question.time_left,
            again=again,
        )

    def _record(self, question: Question, given: Given, seconds: float) -> Outcome:
        """Grade the answer and record it before anything else is shown."""
        if self.grader is None:  # imported on first use: not needed before the first question
            self.grader = _default_grader()
        given = bounded(given)
        if given == SKIP or (
            isinstance(given, tuple) and given[:1] == (SKIP,) and not any(given[1:])
        ):
            given = "" if isinstance(given, str) else tuple("" for _ in given)  # "I don't know"
        grade = self.grader(question.card, given)
        rating = rating_of(question.card, given, grade.correct)
        duration_ms = max(0, round(seconds * 1000))
        recorded = self.log.record_review(
            question.card,
            mode=self.mode,
            given=given_text(given),
            correct=grade.correct,
            score=grade.score,
            rating=rating,
            duration_ms=duration_ms,
            now=self.now(),
        )
        outcome = Outcome(
            question=question,
            given=given,
            grade=grade,
            correct=grade.correct,
            score=grade.score,
            rating=rating,
            duration_ms=duration_ms,
            review_id=recorded.review_id,
            due=recorded.due,
        )
        self.outcomes.append(outcome)
        return outcome

    def _apply(self, outcome: Outcome, choice: Followup) -> bool:
        """Apply the student's choice after a verdict: "I was right", hard, easy, or undo.
        True when the answer was taken back (the card is then asked again)."""
        if choice is Followup.UNDO:
            if not self.log.take_back(outcome.review_id):
                return False
            self.outcomes.remove(outcome)
            self.outcomes_undone.append(outcome)
            outcome.followup = choice
            self.asker.amended(outcome)
            return True
        change = _amendment(outcome, choice)
        if change is None:
            refused = choice is Followup.OVERRIDE and not outcome.correct
            if refused or (choice is not Followup.NEXT and self_rated(outcome.card)):
                self.asker.amended(outcome)  # says why it stays as it was
            return False
        correct, score, rating = change
        recorded = self.log.amend_review(
            outcome.review_id, correct=correct, score=score, rating=rating, now=self.now()
        )
        outcome.correct, outcome.score, outcome.rating = correct, score, rating
        outcome.due, outcome.followup = recorded.due, choice
        self.asker.amended(outcome)
        return False


def _amendment(outcome: Outcome, choice: Followup) -> tuple[bool, float, Rating] | None:
    """The (correct, score, rating) a follow-up choice sets, or None to keep the review.
    "I was right" holds only for a typed answer that was given (see ``overridable``); a
    self-rated answer is the student's own rating already."""
    if self_rated(outcome.card):
        return None
    if choice is Followup.OVERRIDE and overridable(outcome):
        return (True, 1.0, Rating.GOOD)
    if choice is Followup.HARD and outcome.correct:
        return (True, outcome.score, Rating.HARD)
    if choice is Followup.EASY and outcome.correct:
        return (True, outcome.score, Rating.EASY)
    return None


#: Seconds after the first question is put before the graders are imported in the background:
#: its prompt is drawn by then (not slowed by the import), and the student still reading.
LOAD_GRADERS_AFTER = 0.5
#: The name of the thread that imports them.
LOADING_GRADERS = "quiz-load-graders"


def load_graders_soon() -> None:
    """Import the graders (grading, rapidfuzz, anyascii: ~20 ms) in a background thread
    while the student reads the first question, so the first verdict does not wait for them.
    Nothing when they are loaded; a failure is left for the first answer to meet."""
    if "quizdeck.grading.typed" in sys.modules:
        return

    def load() -> None:
        time.sleep(LOAD_GRADERS_AFTER)
        with contextlib.suppress(Exception):  # imported again, and reported, when grading
            import quizdeck.grading.typed  # noqa: F401

    threading.Thread(target=load, name=LOADING_GRADERS, daemon=True).start()


def _default_grader() -> Grader:
    from quizdeck.kinds import grade

    return grade
