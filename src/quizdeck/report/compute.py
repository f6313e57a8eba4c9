"""The class report computed from read exports: a row per student and deck, and every card.

Files of the same student merge: a review found in two files counts once, and a
card's state comes from the newest export.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from quizdeck.report.exports import Export, Review, StudentCard
from quizdeck.report.roster import Entry, apply_roster

Key = tuple[str, str]


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
    on_file: bool = True  # False: on the roster, but no export was handed in

    @property
    def coverage(self) -> float | None:
        """Share of the deck's cards the student has seen, when the deck is known."""
        return self.cards_seen / self.deck_cards if self.deck_cards else None

    @property
    def accuracy(self) -> float:
        """Share of all answers that were right."""
        return self.correct / self.reviews if self.reviews else 0.0

    @property
    def retention(self) -> float | None:
        """Share right among answers to cards seen before (first answers left out)."""
        return self.repeat_correct / self.repeat_reviews if self.repeat_reviews else None


@dataclass(frozen=True)
class CardResult:
    """How the class does on one card."""

    deck: str
    card: str
    prompt: str
    students: int
    reviews: int
    correct: int
    lapses: int
    #: The most common wrong answers (as first written) and how often each was given.
    wrong_answers: tuple[tuple[str, int], ...] = ()
    #: Answers graded wrong that students said were right, and by how many students: for the
    #: teacher to accept (``quiz accept``) or not.
    claimed_right: tuple[tuple[str, int], ...] = ()

    @property
    def accuracy(self) -> float:
        """Share of the class's answers that were right."""
        return self.correct / self.reviews if self.reviews else 0.0

    @property
    def struggle(self) -> float:
        """How surely the class gets this card wrong: the lower bound of the share of wrong
        answers (Wilson, 95 %). One wrong answer scores less than three students' misses."""
        return wilson_lower(self.reviews - self.correct, self.reviews)


def wilson_lower(hits: int, total: int, z: float = 1.96) -> float:
    """The lower bound of the Wilson score interval of ``hits`` out of ``total``."""
    if total <= 0:
        return 0.0
    share = hits / total
    centre = share + z * z / (2 * total)
    spread = z * math.sqrt((share * (1 - share) + z * z / (4 * total)) / total)
    return max(0.0, (centre - spread) / (1 + z * z / total))


#: How many of a card's common wrong answers the report keeps.
WRONG_ANSWERS = 3


def shown_answer(given: str) -> str:
    """An answer as the report lists it: spacing tidied, and for an answer in parts (a cloze's
    blanks, joined by " | ") each empty part shown as "…"; "" when every part is empty."""
    parts = [" ".join(part.split()) for part in given.split("|")]
    if len(parts) == 1:
        return parts[0]
    return " | ".join(part or "…" for part in parts) if any(parts) else ""


def claimed_answers(reviews: Iterable[Review]) -> tuple[tuple[str, int], ...]:
    """The answers students said were right after they were marked wrong, with how many
    students claimed each (case and spacing ignored), most claimed first."""
    students: dict[str, set[str]] = defaultdict(set)
    shown: dict[str, str] = {}
    for review in reviews:
        text = shown_answer(review.given)
        if not review.claimed or not text:
            continue
        key = text.casefold()
        students[key].add(review.student)
        shown.setdefault(key, text)
    ranked = sorted(students.items(), key=lambda item: (-len(item[1]), item[0]))
    return tuple((shown[key], len(who)) for key, who in ranked)


def common_wrong_answers(reviews: Iterable[Review]) -> tuple[tuple[str, int], ...]:
    """The wrong answers given most often (case and spacing ignored), most common first."""
    counts: dict[str, int] = defaultdict(int)
    shown: dict[str, str] = {}
    for review in reviews:
        text = shown_answer(review.given)
        if review.correct or not text:
            continue
        key = text.casefold()
        counts[key] += 1
        shown.setdefault(key, text)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple((shown[key], count) for key, count in ranked[:WRONG_ANSWERS])


@dataclass
class ClassReport:
    """The report: a row per student and deck, and every card hardest first."""

    files: list[str] = field(default_factory=list)
    students: list[StudentDeck] = field(default_factory=list)
    cards: list[CardResult] = field(default_factory=list)
    #: Per ISO week ("2026-W03"): the class's answers and right answers.
    weeks: list[tuple[str, int, int]] = field(default_factory=list)
    #: Each student's profile (or file name), by the name the report shows.
    profiles: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: times ISO 8601 UTC, shares between 0 and 1 (rounded)."""
        return {
            "files": self.files,
            "students": [
                {
                    "student": row.student,
                    "profile": self.profiles.get(row.student, row.student),
                    "deck": row.deck,
                    "cards_seen": row.cards_seen,
                    "reviews": row.reviews,
                    "correct": row.correct,
                    "accuracy": round(row.accuracy, 4) if row.reviews else None,
                    "retention": _rounded(row.retention),
                    "last_activity": row.last_activity.isoformat() if row.last_activity else None,
                    "coverage": _rounded(row.coverage),
                    "deck_cards": row.deck_cards,
                    "due_now": row.due_now,
                    "minutes": round(row.seconds / 60, 1),
                    "handed_in": row.on_file,
                }
                for row in self.students
            ],
            "weeks": [
                {"week": week, "answers": answers, "correct": right}
                for week, answers, right in self.weeks
            ],
            "cards": [
                {
                    "deck": card.deck,
                    "card": card.card,
                    "prompt": card.prompt,
                    "students": card.students,
                    "reviews": card.reviews,
                    "correct": card.correct,
                    "accuracy": round(card.accuracy, 4),
                    "struggle": round(card.struggle, 4),
                    "lapses": card.lapses,
                    "wrong_answers": [
                        {"answer": text, "count": count} for text, count in card.wrong_answers
                    ],
                    "claimed_right": [
                        {"answer": text, "students": count} for text, count in card.claimed_right
                    ],
                }
                for card in self.cards
            ],
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


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


def student_rows(reviews: Sequence[Review]) -> list[StudentDeck]:
    """One row per student and deck (``reviews`` sorted by time)."""
    groups: dict[tuple[str, str], list[Review]] = defaultdict(list)
    for review in reviews:
        groups[(review.student, review.deck)].append(review)
    rows = []
    for (student, deck), found in sorted(groups.items()):
        seen: set[str] = set()
        repeats: list[Review] = []
        for review in found:
            if review.card in seen:
                repeats.append(review)
            seen.add(review.card)
        rows.append(
            StudentDeck(
                student=student,
                deck=deck,
                cards_seen=len(seen),
                reviews=len(found),
                correct=sum(review.correct for review in found),
                repeat_reviews=len(repeats),
                repeat_correct=sum(review.correct for review in repeats),
                last_activity=max(review.time for review in found),
            )
        )
    return rows


def card_results(
    reviews: Sequence[Review],
    states: Mapping[tuple[str, str, str], StudentCard],
    prompts: Mapping[Key, str],
) -> list[CardResult]:
    """Every card answered, hardest first: by how surely the class gets it wrong (a lower
    confidence bound, so a single wrong answer does not outrank a card many students miss),
    then accuracy and lapses."""
    groups: dict[Key, list[Review]] = defaultdict(list)
    for review in reviews:
        groups[(review.deck, review.card)].append(review)
    lapses: dict[Key, int] = defaultdict(int)
    for (_student, deck, card), state in states.items():
        lapses[(deck, card)] += state.lapses
    results = [
        CardResult(
            deck=deck,
            card=card,
            prompt=prompts.get((deck, card), ""),
            students=len({review.student for review in found}),
            reviews=len(found),
            correct=sum(review.correct for review in found),
            lapses=lapses[(deck, card)],
            wrong_answers=common_wrong_answers(found),
            claimed_right=claimed_answers(found),
        )
        for (deck, card), found in groups.items()
    ]
    return sorted(results, key=lambda r: (-r.struggle, r.accuracy, -r.lapses, r.deck, r.card))


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
    prompts: Mapping[Key, str] | None = None,
    decks: Collection[str] = (),
    roster: Sequence[Entry] = (),
) -> ClassReport:
    """The report over ``exports``, limited to the deck ids in ``decks`` when given; students
    are shown by their names on the ``roster``, and those on it without an export are listed
    as not handed in."""
    exports, missing = apply_roster(exports, roster)
    profiles = {export.student: export.profile or export.student for export in exports}
    profiles.update({entry.name: entry.profile for entry in missing})
    reviews = merged_reviews(exports)
    states = latest_states(exports)
    if decks:
        reviews = [review for review in reviews if review.deck in decks]
        states = {key: state for key, state in states.items() if key[1] in decks}
    deck_sizes: dict[str, int] = defaultdict(int)
    for deck, _card in prompts or {}:
        deck_sizes[deck] += 1
    rows = [
        replace(row, seconds=seconds, due_now=due, deck_cards=deck_sizes.get(row.deck, 0))
        for row, seconds, due in _with_time_and_due(student_rows(reviews), reviews, states)
    ]
    active = {row.student for row in rows}
    handed_in = {export.student for export in exports}
    rows += [StudentDeck(name, "", 0, 0, 0, 0, 0, None) for name in sorted(handed_in - active)]
    rows += [
        StudentDeck(entry.name, "", 0, 0, 0, 0, 0, None, on_file=False)
        for entry in missing
        if entry.name not in handed_in
    ]
    return ClassReport(
        profiles=profiles,
        files=[str(export.path) for export in exports],
        students=rows,
        cards=card_results(reviews, states, prompts or {}),
        weeks=weekly(reviews),
    )


def _with_time_and_due(
    rows: Sequence[StudentDeck],
    reviews: Sequence[Review],
    states: Mapping[tuple[str, str, str], StudentCard],
) -> Iterator[tuple[StudentDeck, float, int]]:
    """Each row with the student's time spent on the deck and the cards due at their export."""
    seconds: dict[tuple[str, str], float] = defaultdict(float)
    for review in reviews:
        seconds[(review.student, review.deck)] += review.seconds
    due: dict[tuple[str, str], int] = defaultdict(int)
    for (student, deck, _card), state in states.items():
        if state.due is not None and state.due <= state.exported_at:
            due[(student, deck)] += 1
    for row in rows:
        key = (row.student, row.deck)
        yield row, seconds[key], due[key]
