"""The class report computed from read exports: a row per student and deck, and every card.

Files of the same student merge: a review found in two files counts once, and a
card's state comes from the newest export.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from quizdeck.report.exports import CardState, Export, Review

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
    last_activity: datetime

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

    @property
    def accuracy(self) -> float:
        """Share of the class's answers that were right."""
        return self.correct / self.reviews if self.reviews else 0.0


@dataclass
class ClassReport:
    """The report: a row per student and deck, and every card hardest first."""

    files: list[str] = field(default_factory=list)
    students: list[StudentDeck] = field(default_factory=list)
    cards: list[CardResult] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: times ISO 8601 UTC, shares between 0 and 1 (rounded)."""
        return {
            "files": self.files,
            "students": [
                {
                    "student": row.student,
                    "deck": row.deck,
                    "cards_seen": row.cards_seen,
                    "reviews": row.reviews,
                    "correct": row.correct,
                    "accuracy": round(row.accuracy, 4),
                    "retention": _rounded(row.retention),
                    "last_activity": row.last_activity.isoformat(),
                }
                for row in self.students
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
                    "lapses": card.lapses,
                }
                for card in self.cards
            ],
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def merged_reviews(exports: Iterable[Export]) -> list[Review]:
    """Every review once (a review in two exports of one student counts once), by time."""
    unique: dict[tuple[str, str, str, datetime, str], Review] = {}
    for export in exports:
        for review in export.reviews:
            unique[(review.student, review.deck, review.card, review.time, review.mode)] = review
    return sorted(unique.values(), key=lambda review: (review.time, review.student))


def latest_states(exports: Iterable[Export]) -> dict[tuple[str, str, str], CardState]:
    """Each student's state of each card, from their newest export."""
    states: dict[tuple[str, str, str], CardState] = {}
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
    states: Mapping[tuple[str, str, str], CardState],
    prompts: Mapping[Key, str],
) -> list[CardResult]:
    """Every card answered, hardest first: lowest accuracy, then most lapses."""
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
        )
        for (deck, card), found in groups.items()
    ]
    return sorted(results, key=lambda r: (r.accuracy, -r.lapses, -r.reviews, r.deck, r.card))


def class_report(
    exports: Sequence[Export],
    prompts: Mapping[Key, str] | None = None,
    decks: Collection[str] = (),
) -> ClassReport:
    """The report over ``exports``, limited to the deck ids in ``decks`` when given."""
    reviews = merged_reviews(exports)
    states = latest_states(exports)
    if decks:
        reviews = [review for review in reviews if review.deck in decks]
        states = {key: state for key, state in states.items() if key[1] in decks}
    return ClassReport(
        files=[str(export.path) for export in exports],
        students=student_rows(reviews),
        cards=card_results(reviews, states, prompts or {}),
    )
