"""Who is behind: a line per student, with flags, the flagged students first.

The words, as the report uses them:

- **first try**: a student's first answer to a card in a sitting. An answer to a card within
  ``SITTING_HOURS`` of the student's previous first try at it is a re-ask (the card came back
  after a wrong answer) and is left out, so re-asks do not drag a strong student down.
- **mastered**: a card whose stability (from the student's newest export) is at least
  ``MASTERED_DAYS`` days: it is expected to be remembered that long.
- **overdue**: a card whose review was due more than a day before the report (by the
  student's newest export; suspended cards left out).

A student is flagged:

- ``inactive``: last answer ``INACTIVE_DAYS`` days or more before the report;
- ``backlog``: ``BACKLOG_CARDS`` or more cards overdue;
- ``falling``: the share right of their first tries in the ``FALLING_DAYS`` days before the
  report is at least ``FALLING_DROP`` below that of the ``FALLING_DAYS`` days before those
  (with ``FALLING_TRIES`` first tries or more in each, so a few unlucky answers do not count);
- ``not started``: handed in a file with no answer; ``no file``: on the roster, no file.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from quizdeck.report.exports import Review, StudentCard

SITTING_HOURS = 12
MASTERED_DAYS = 21.0
INACTIVE_DAYS = 7
BACKLOG_CARDS = 10
FALLING_DAYS = 7
FALLING_TRIES = 20
FALLING_DROP = 0.25
#: The flags in the order they are shown.
FLAGS = ("no file", "not started", "inactive", "backlog", "falling")


@dataclass(frozen=True)
class Student:
    """How one student is doing, over every deck of the report."""

    name: str
    profile: str
    on_file: bool = True  # False: on the roster, no file handed in
    reviews: int = 0
    correct: int = 0
    first_tries: int = 0
    first_right: int = 0
    cards_seen: int = 0
    mastered: int = 0
    overdue: int = 0
    seconds: float = 0.0
    last_activity: datetime | None = None
    days_idle: int | None = None  # whole days since the last answer (None: none yet)
    flags: tuple[str, ...] = ()
    #: Per day with first tries (UTC date): first tries and right ones, oldest first.
    days: tuple[tuple[date, int, int], ...] = ()

    @property
    def first_try_accuracy(self) -> float | None:
        return self.first_right / self.first_tries if self.first_tries else None

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.reviews if self.reviews else None


def human_key(name: str) -> tuple[str, str]:
    """Sorts names as people do: case and accents ignored ("Émile" between "Eddy" and "Fay")."""
    folded = "".join(
        char for char in unicodedata.normalize("NFKD", name) if not unicodedata.combining(char)
    )
    return (folded.casefold(), name)


def first_try_flags(reviews: Iterable[Review]) -> list[bool]:
    """For each review (sorted by time), whether it is a first try (see the module)."""
    window = timedelta(hours=SITTING_HOURS)
    last_first: dict[tuple[str, str, str], datetime] = {}
    marks = []
    for review in reviews:
        key = (review.student, review.deck, review.card)
        before = last_first.get(key)
        first = before is None or review.time - before >= window
        if first:
            last_first[key] = review.time
        marks.append(first)
    return marks


def is_mastered(state: StudentCard) -> bool:
    return state.stability is not None and state.stability >= MASTERED_DAYS


def is_overdue(state: StudentCard, now: datetime) -> bool:
    return not state.suspended and state.due is not None and state.due < now - timedelta(days=1)


def students(
    reviews: Sequence[Review],
    firsts: Sequence[bool],
    states: Mapping[tuple[str, str, str], StudentCard],
    handed_in: Iterable[str],
    missing: Iterable[str],
    profiles: Mapping[str, str],
    now: datetime,
) -> list[Student]:
    """A line per student (``reviews`` sorted by time, ``firsts`` marking their first tries),
    the flagged ones first, each part by name."""
    answers: dict[str, list[tuple[Review, bool]]] = defaultdict(list)
    for review, first in zip(reviews, firsts, strict=True):
        answers[review.student].append((review, first))
    mastered: dict[str, int] = defaultdict(int)
    overdue: dict[str, int] = defaultdict(int)
    for (student, _deck, _card), state in states.items():
        mastered[student] += is_mastered(state)
        overdue[student] += is_overdue(state, now)
    found = [
        _student(name, profiles.get(name, name), answers.get(name, []), mastered[name],
                 overdue[name], now)
        for name in set(handed_in) | set(answers)
    ]  # fmt: skip
    found += [Student(name, profiles.get(name, name), on_file=False, flags=("no file",))
              for name in missing if name not in answers]  # fmt: skip
    return sorted(found, key=lambda student: (not student.flags, human_key(student.name)))


def _student(
    name: str,
    profile: str,
    answers: Sequence[tuple[Review, bool]],
    mastered: int,
    overdue: int,
    now: datetime,
) -> Student:
    firsts = [(review.time, review.correct) for review, first in answers if first]
    days: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for review, first in answers:
        if first:
            days[review.time.date()][0] += 1
            days[review.time.date()][1] += review.correct
    last = max((review.time for review, _ in answers), default=None)
    idle = None if last is None else max(0, (now - last).days)
    flags = [
        not answers and "not started",
        idle is not None and idle >= INACTIVE_DAYS and "inactive",
        overdue >= BACKLOG_CARDS and "backlog",
        falling(firsts, now) and "falling",
    ]
    return Student(
        name=name,
        profile=profile,
        reviews=len(answers),
        correct=sum(review.correct for review, _ in answers),
        first_tries=len(firsts),
        first_right=sum(right for _time, right in firsts),
        cards_seen=len({(review.deck, review.card) for review, _ in answers}),
        mastered=mastered,
        overdue=overdue,
        seconds=sum(review.seconds for review, _ in answers),
        last_activity=last,
        days_idle=idle,
        flags=tuple(flag for flag in flags if flag),
        days=tuple((day, tries, right) for day, (tries, right) in sorted(days.items())),
    )


def falling(firsts: Sequence[tuple[datetime, bool]], now: datetime) -> bool:
    """Whether the first tries (time, right) of the last ``FALLING_DAYS`` days before ``now``
    went ``FALLING_DROP`` worse than those of the ``FALLING_DAYS`` days before them."""
    span = timedelta(days=FALLING_DAYS)
    recent = [right for time, right in firsts if now - span <= time <= now]
    before = [right for time, right in firsts if now - 2 * span <= time < now - span]
    if min(len(recent), len(before)) < FALLING_TRIES:
        return False
    return sum(before) / len(before) - sum(recent) / len(recent) >= FALLING_DROP - 1e-9
