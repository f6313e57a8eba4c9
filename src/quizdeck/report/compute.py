"""The class report computed from read exports: a line per student, a row per student and
deck, and every card.

Files of the same student merge: a review found in two files counts once, and a
card's state comes from the newest export.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from quizdeck.report.cards import CardResult, card_results
from quizdeck.report.exports import Export, Review, StudentCard
from quizdeck.report.known import Known
from quizdeck.report.roster import Entry, apply_roster
from quizdeck.report.students import (
    Student,
    first_try_flags,
    human_key,
    is_mastered,
    is_overdue,
    students,
)


@dataclass(frozen=True)
class StudentDeck:
    """How one student is doing on one deck."""

    student: str
    deck: str
    cards_seen: int
    reviews: int
    correct: int
    repeat_reviews: int
    repeat_correct: int
    last_activity: datetime | None  # None: the student has not answered anything yet
    seconds: float = 0.0  # time spent answering
    due_now: int = 0  # cards due as of the student's latest export
    deck_cards: int = 0  # cards in the deck, when the deck is known (else 0)
    first_tries: int = 0  # first answers of a sitting (see ``report.students``)
    first_right: int = 0
    mastered: int = 0  # cards remembered for 21 days or more
    overdue: int = 0  # cards due for more than a day at the time of the report
    deck_title: str = ""  # the deck's title when known, else its id

    @property
    def coverage(self) -> float | None:
        """Share of the deck's cards the student has seen, when the deck is known."""
        return self.cards_seen / self.deck_cards if self.deck_cards else None

    @property
    def accuracy(self) -> float | None:
        """Share of all answers that were right."""
        return self.correct / self.reviews if self.reviews else None

    @property
    def first_try_accuracy(self) -> float | None:
        return self.first_right / self.first_tries if self.first_tries else None

    @property
    def retention(self) -> float | None:
        """Share right among answers to cards seen before (first answers left out)."""
        return self.repeat_correct / self.repeat_reviews if self.repeat_reviews else None


@dataclass
class ClassReport:
    """The report: a line per student (flagged first), a row per student and deck, and every
    card hardest first."""

    files: list[str] = field(default_factory=list)
    students: list[Student] = field(default_factory=list)
    rows: list[StudentDeck] = field(default_factory=list)
    cards: list[CardResult] = field(default_factory=list)
    #: Per ISO week ("2026-W03"): the class's answers and right answers.
    weeks: list[tuple[str, int, int]] = field(default_factory=list)
    now: datetime | None = None  # the time the report is made as of
    #: The answers the report was made from, by time (students by their shown names).
    reviews: list[Review] = field(default_factory=list, repr=False)
    #: For each of ``reviews``, whether it is a first try.
    firsts: list[bool] = field(default_factory=list, repr=False)

    @property
    def answers(self) -> int:
        return sum(student.reviews for student in self.students)


def merged_reviews(exports: Iterable[Export]) -> list[Review]:
    """Every review once (a review in two exports of one student counts once), by time.

    A review is known by its id in the student's store as well as by its time, so two
    answers given at one instant (with ``QUIZ_NOW`` pinned) stay two."""
    unique: dict[tuple[str, str, str, datetime, str, int | None], Review] = {}
    for export in exports:
        for review in export.reviews:
            key = (review.student, review.deck, review.card, review.time, review.mode, review.id)
            unique[key] = review
    return sorted(unique.values(), key=lambda review: (review.time, review.student))


def latest_states(exports: Iterable[Export]) -> dict[tuple[str, str, str], StudentCard]:
    """Each student's state of each card, from their newest export."""
    states: dict[tuple[str, str, str], StudentCard] = {}
    for export in sorted(exports, key=lambda export: export.exported_at):
        for state in export.cards:
            states[(state.student, state.deck, state.card)] = state
    return states


def student_rows(
    reviews: Sequence[Review], firsts: Sequence[bool] | None = None
) -> list[StudentDeck]:
    """One row per student and deck (``reviews`` sorted by time; ``firsts``: which are first
    tries, when already known)."""
    groups: dict[tuple[str, str], list[tuple[Review, bool]]] = defaultdict(list)
    marks = first_try_flags(reviews) if firsts is None else firsts
    for review, first in zip(reviews, marks, strict=True):
        groups[(review.student, review.deck)].append((review, first))
    rows = []
    for (student, deck), found in groups.items():
        seen: set[str] = set()
        repeats: list[Review] = []
        for review, _ in found:
            if review.card in seen:
                repeats.append(review)
            seen.add(review.card)
        firsts = [review.correct for review, first in found if first]
        rows.append(
            StudentDeck(
                student=student,
                deck=deck,
                cards_seen=len(seen),
                reviews=len(found),
                correct=sum(review.correct for review, _ in found),
                repeat_reviews=len(repeats),
                repeat_correct=sum(review.correct for review in repeats),
                last_activity=max(review.time for review, _ in found),
                seconds=sum(review.seconds for review, _ in found),
                first_tries=len(firsts),
                first_right=sum(firsts),
            )
        )
    return rows


def weekly(reviews: Iterable[Review]) -> list[tuple[str, int, int]]:
    """Answers and right answers per ISO week, oldest first."""
    weeks: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for review in reviews:
        year, week, _ = review.time.isocalendar()
        tally = weeks[f"{year}-W{week:02d}"]
        tally[0] += 1
        tally[1] += review.correct
    return [(week, answers, right) for week, (answers, right) in sorted(weeks.items())]


def class_report(
    exports: Sequence[Export],
    known: Known | None = None,
    decks: Collection[str] = (),
    roster: Sequence[Entry] = (),
    now: datetime | None = None,
) -> ClassReport:
    """The report over ``exports`` as of ``now`` (default: the newest export), limited to the
    deck ids in ``decks`` when given; students are shown by their names on the ``roster``, and
    those on it without an export are listed as not handed in."""
    known = known or Known()
    exports, missing = apply_roster(exports, roster)
    profiles = {export.student: export.profile or export.student for export in exports}
    profiles.update({entry.name: entry.profile for entry in missing})
    now = now or max((export.exported_at for export in exports), default=None)
    reviews = merged_reviews(exports)
    states = latest_states(exports)
    if decks:
        reviews = [review for review in reviews if review.deck in decks]
        states = {key: state for key, state in states.items() if key[1] in decks}
    handed_in = {export.student for export in exports}
    firsts = first_try_flags(reviews)
    people = students(reviews, firsts, states, handed_in, [entry.name for entry in missing],
                      profiles, now or datetime.now().astimezone())  # fmt: skip
    order = {student.name: number for number, student in enumerate(people)}
    rows = sorted(
        _with_states(student_rows(reviews, firsts), states, known, now),
        key=lambda row: (order.get(row.student, 0), human_key(row.deck_title)),
    )
    return ClassReport(
        files=[str(export.path) for export in exports],
        students=people,
        rows=rows,
        cards=card_results(reviews, states, known),
        weeks=weekly(reviews),
        now=now,
        reviews=reviews,
        firsts=firsts,
    )


def _with_states(
    rows: Iterable[StudentDeck],
    states: Mapping[tuple[str, str, str], StudentCard],
    known: Known,
    now: datetime | None,
) -> Iterable[StudentDeck]:
    """Each row with what the student's newest export says of the deck's cards: due, mastered
    and overdue; and the deck's title and size when known."""
    from dataclasses import replace

    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for (student, deck, _card), state in states.items():
        tally = counts[(student, deck)]
        tally[0] += state.due is not None and state.due <= state.exported_at
        tally[1] += is_mastered(state)
        tally[2] += now is not None and is_overdue(state, now)
    sizes: dict[str, int] = defaultdict(int)
    for deck, _card in known.prompts:
        sizes[deck] += 1
    for row in rows:
        due, mastered, overdue = counts[(row.student, row.deck)]
        title = known.deck_title(row.deck)
        deck_cards = sizes.get(row.deck, 0)
        yield replace(row, due_now=due, mastered=mastered, overdue=overdue,
                      deck_cards=deck_cards, deck_title=title)  # fmt: skip
