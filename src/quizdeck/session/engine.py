"""Running a quiz: build the queue, ask each card, grade, record, then give feedback.

The engine knows nothing about terminals or databases. It asks through an
``Asker`` (questionary or plain lines, see ``ui.py``) and keeps progress through
a ``ReviewLog`` (the SQLite store, or an in-memory fake in tests).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple, Protocol

from quizdeck.model import BLANK_PATTERN, Card, Mode, Rating
from quizdeck.model import Given as Given
from quizdeck.session.exam import Counts as Counts
from quizdeck.session.exam import ExamReport as ExamReport
from quizdeck.session.exam import Missed as Missed
from quizdeck.session.exam import TagScore as TagScore
from quizdeck.session.exam import count_outcomes, exam_report
from quizdeck.session.options import OptionMaker as OptionMaker
from quizdeck.session.options import card_options as card_options
from quizdeck.session.options import shuffle_order as shuffle_order

if TYPE_CHECKING:
    from quizdeck.decks.scope import Scope
from quizdeck.session.log import Grade as Grade
from quizdeck.session.log import Grader as Grader
from quizdeck.session.log import Recorded as Recorded
from quizdeck.session.log import ReviewLog as ReviewLog

# Value types are NamedTuples: frozen dataclasses cost milliseconds each to create at
# import, and this module is loaded before the first question is on screen.

#: Exit status of a session the student stopped with Ctrl-C or Esc.
EXIT_INTERRUPTED = 130


class EndOfInput(Exception):
    """The student's input ran out (plain mode at end of file): end the session cleanly."""


class TimeUp(Exception):
    """The exam's time limit passed while a question was open."""


class Followup(Enum):
    """What the student chose after seeing the verdict."""

    NEXT = "next"
    OVERRIDE = "override"  # "I was right"
    HARD = "hard"
    EASY = "easy"
    UNDO = "undo"  # take the answer back and ask the card again


class Amend(Exception):
    """Raised by an asker at a question's prompt: change the previous answer first (plain
    mode's ``/r``, ``/h``, ``/e`` and ``/u``), then ask this question again."""

    def __init__(self, choice: Followup) -> None:
        super().__init__(choice.value)
        self.choice = choice


class Question(NamedTuple):
    """One card as it is put to the student."""

    card: Card
    number: int
    total: int
    mode: Mode
    options: tuple[str, ...] = ()  # choices, shuffled order items, or ("true", "false")
    time_left: float | None = None  # seconds, in a timed exam

    @property
    def shows_feedback(self) -> bool:
        """Whether the verdict follows each answer (not in an exam)."""
        return self.mode is not Mode.EXAM


class Progress(NamedTuple):
    """Where the session is, shown before each question."""

    number: int
    total: int
    answered: int
    right: int
    show_score: bool = True
    time_left: float | None = None


@dataclass
class Outcome:
    """One answered question: what was given, how it was graded and recorded."""

    question: Question
    given: Given
    grade: Grade
    correct: bool
    score: float
    rating: Rating
    duration_ms: int
    review_id: int
    due: datetime | None = None
    followup: Followup = Followup.NEXT

    @property
    def card(self) -> Card:
        return self.question.card


class Summary(NamedTuple):
    """How a session went."""

    mode: Mode
    outcomes: tuple[Outcome, ...]
    planned: int
    elapsed: float
    next_due: datetime | None = None
    interrupted: bool = False
    time_up: bool = False
    not_reached: int = 0  # questions an exam's time left out: counted as missed

    @property
    def counts(self) -> Counts:
        """Right, wrong and not reached: what the summary and the exam report both show."""
        return count_outcomes(self.outcomes, self.not_reached)

    @property
    def right(self) -> int:
        return self.counts.right

    @property
    def wrong(self) -> int:
        return self.counts.wrong

    @property
    def exit_code(self) -> int:
        return EXIT_INTERRUPTED if self.interrupted else 0


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


def utc_now() -> datetime:
    """The current time in UTC (or the moment ``QUIZ_NOW`` names: see ``clock.now``)."""
    from quizdeck.clock import now

    return now()


def default_rating(correct: bool) -> Rating:
    """Wrong is Again, right is Good."""
    return Rating.GOOD if correct else Rating.AGAIN


#: An answer that says "I don't know": recorded as no answer (wrong, rated Again).
SKIP = "?"

#: A typed answer longer than this is cut before it is graded or stored: no fact needs
#: more, and grading and the review log stay bounded whatever is pasted in.
MAX_ANSWER_CHARS = 1000
#: At most this many items (order, cloze blanks) of one answer are kept.
MAX_ANSWER_ITEMS = 100


def bounded(given: Given) -> Given:
    """``given`` cut to ``MAX_ANSWER_CHARS`` per text and ``MAX_ANSWER_ITEMS`` items."""
    if isinstance(given, str):
        return given[:MAX_ANSWER_CHARS]
    return tuple(item[:MAX_ANSWER_CHARS] for item in given[:MAX_ANSWER_ITEMS])


def given_text(given: Given) -> str:
    """An answer as one line, for the history."""
    return given if isinstance(given, str) else " | ".join(given)


def numbered_cloze(prompt: str) -> str:
    """A cloze prompt with its blanks shown as ``[1]``, ``[2]``… (``[?]`` when there is one)."""
    total = len(BLANK_PATTERN.findall(prompt))
    numbers = iter(range(1, total + 1))
    return BLANK_PATTERN.sub(lambda _match: "[?]" if total == 1 else f"[{next(numbers)}]", prompt)


# --- putting a card to the student ------------------------------------------------------


@dataclass
class Session:
    """One quiz: asks the queue in order, grades, records and reports.

    ``clock`` measures answer time (monotonic seconds); ``now`` stamps reviews.
    ``options`` makes the options of choice, true/false and order cards (by
    default the deck's own choices, shuffled; ``distractors.option_maker``
    adds automatic wrong options).
    """

    asker: Asker
    log: ReviewLog
    mode: Mode = Mode.START
    grader: Grader | None = None
    clock: Callable[[], float] = time.monotonic
    now: Callable[[], datetime] = utc_now
    seed: int | None = None
    options: OptionMaker = card_options
    time_limit: float | None = None  # seconds, exams only
    outcomes: list[Outcome] = field(default_factory=list)
    outcomes_undone: list[Outcome] = field(default_factory=list)  # answers taken back
    skipped: int = 0  # cards left out because a sibling was answered in another session

    def run(self, queue: Sequence[Card], scope: Scope | Sequence[Card] = ()) -> Summary:
        """Ask every card of ``queue``; ``scope`` is what "next due" is computed over."""
        rng = random.Random(self.seed)
        started = self.clock()
        interrupted = time_up = False
        try:
            time_up = self._ask_all(queue, rng, started)
        except EndOfInput:
            pass
        except KeyboardInterrupt:
            interrupted = True
        summary = Summary(
            mode=self.mode,
            outcomes=tuple(self.outcomes),
            planned=len(queue) - self.skipped,
            elapsed=self.clock() - started,
            next_due=self.log.next_due(scope or queue, self.now()),
            interrupted=interrupted,
            time_up=time_up,
            not_reached=len(queue) - self.skipped - len(self.outcomes) if time_up else 0,
        )
        if self.mode is Mode.EXAM:
            self.asker.report(exam_report(summary, queue))
        self.asker.summary(summary)
        return summary

    def _ask_all(self, queue: Sequence[Card], rng: random.Random, started: float) -> bool:
        """Ask the queue, and in ``quiz start`` each missed card again after its learning step
        (see :mod:`quizdeck.session.again`); True if the exam's time ran out."""
        from quizdeck.session.again import Upcoming

        self.skipped = 0
        upcoming = Upcoming(queue)
        while (card := upcoming.next(self.now())) is not None:
            left = self._time_left(started)
            if left is not None and left <= 0:
                return True
            if self._waits(card):
                self.skipped += 1
                continue
            number = len(self.outcomes) + 1
            total = number + len(upcoming)
            question = Question(card, number, total, self.mode, self.options(card, rng), left)
            self.asker.progress(self._progress(question))
            asked = self.clock()
            try:
                given = self.asker.ask(question)
            except TimeUp:
                return True
            except Amend as amend:  # an exam's answers are final: then only asked again
                upcoming.fresh.appendleft(card)
                changeable = self.mode is not Mode.EXAM and self.outcomes
                if changeable and self._apply(self.outcomes[-1], amend.choice):
                    undone = self.outcomes_undone[-1].card
                    upcoming.drop(undone)
                    if undone.key != card.key:
                        upcoming.fresh.appendleft(undone)
                continue
            answered = self.clock()
            if self.time_limit is not None and answered - started > self.time_limit:
                return True
            outcome = self._record(question, given, answered - asked)
            if question.shows_feedback and self._apply(outcome, self.asker.feedback(outcome)):
                upcoming.fresh.appendleft(card)  # taken back: asked again at once
            elif self.mode is Mode.START and not outcome.correct:
                upcoming.again(card, outcome.due, self.now())
        return False

    def _waits(self, card: Card) -> bool:
        """In ``quiz start``, whether a sibling of ``card`` was answered today since the queue
        was built (in another session): then the card waits for the next study day."""
        return (
            self.mode is Mode.START
            and bool(card.fact)
            and self.log.sibling_answered(card, self.now())
        )

    def _time_left(self, started: float) -> float | None:
        if self.time_limit is None:
            return None
        return self.time_limit - (self.clock() - started)

    def _progress(self, question: Question) -> Progress:
        return Progress(
            number=question.number,
            total=question.total,
            answered=len(self.outcomes),
            right=sum(1 for outcome in self.outcomes if outcome.correct),
            show_score=question.shows_feedback,
            time_left=question.time_left,
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
        rating = default_rating(grade.correct)
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
    """The (correct, score, rating) a follow-up choice sets, or None to keep the review."""
    if choice is Followup.OVERRIDE and not outcome.correct:
        return (True, 1.0, Rating.GOOD)
    if choice is Followup.HARD and outcome.correct:
        return (True, outcome.score, Rating.HARD)
    if choice is Followup.EASY and outcome.correct:
        return (True, outcome.score, Rating.EASY)
    return None


def _default_grader() -> Grader:
    from quizdeck.grading import grade

    return grade
