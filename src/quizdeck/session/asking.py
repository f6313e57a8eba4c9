"""What a session and its askers exchange: questions, answers, outcomes and the summary.

The session engine (:mod:`.engine`) puts :class:`Question` objects to an :class:`Asker`
and gets answers back; each answer becomes an :class:`Outcome`, and the session a
:class:`Summary`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

from quizdeck.model import Card, Given, Mode, Rating

if TYPE_CHECKING:
    from quizdeck.grading.verdict import Grade

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
    again: bool = False  # a card asked before in this session (``number`` is not advanced)


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
    not_reached: int = 0  # questions an exam left out (time up or stopped): counted as missed
    limit_reached: bool = False  # ``--limit`` answers were given

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


def overridable(outcome: Outcome) -> bool:
    """Whether "I was right" may be said of an answer: one typed (an answer or blanks), given,
    and not counted right. A picked option or order cannot have been misjudged, and an answer
    never given cannot have been right."""
    from quizdeck.kinds import kind_of
    from quizdeck.kinds.base import Shape

    given = outcome.given
    answered = bool(given.strip()) if isinstance(given, str) else any(p.strip() for p in given)
    typed = kind_of(outcome.card).shape in (Shape.TYPED, Shape.BLANKS)
    return typed and answered and not outcome.correct


def self_rated(card: Card) -> bool:
    """Whether the student rates their own answer to ``card`` (a flip card): the rating is the
    grade, and nothing after it ("I was right", hard, easy) changes it."""
    from quizdeck.kinds import kind_of
    from quizdeck.kinds.base import Shape

    return kind_of(card).shape is Shape.SELF_RATED


def rating_of(card: Card, given: Given, correct: bool) -> Rating:
    """The rating the scheduler gets for an answer, as the card's kind says: wrong is Again,
    right is Good, and a self-rated card's is the student's own."""
    from quizdeck.kinds import kind_of

    return kind_of(card).rating(given, correct)


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


class Counts(NamedTuple):
    """How many questions went which way: the one source of every count and percentage."""

    right: int
    wrong: int  # answered, not right
    not_reached: int = 0  # left when an exam's time ran out: counted as missed
    points: float = 0.0  # partial credit summed

    @property
    def missed(self) -> int:
        return self.wrong + self.not_reached

    @property
    def total(self) -> int:
        return self.right + self.missed

    @property
    def percent(self) -> float:
        """Right answers as a share of all questions counted."""
        return 100.0 * self.right / self.total if self.total else 0.0


def count_outcomes(outcomes: Sequence[Outcome], not_reached: int = 0) -> Counts:
    """The counts of a session's answers (and of the questions its time left out)."""
    right = sum(1 for outcome in outcomes if outcome.correct)
    points = sum(outcome.score for outcome in outcomes)
    return Counts(right, len(outcomes) - right, not_reached, points)
