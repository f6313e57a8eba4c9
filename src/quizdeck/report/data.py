"""The class report as data: for ``--format json``, and the rows of ``--format csv``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizdeck.report.cards import CardResult
    from quizdeck.report.compute import ClassReport, StudentDeck
    from quizdeck.report.students import Student


def report_data(report: ClassReport) -> dict[str, Any]:
    """JSON-ready data: times ISO 8601 UTC, shares between 0 and 1 (rounded)."""
    return {
        "files": report.files,
        "as_of": _time(report.now),
        "students": [student_data(student) for student in report.students],
        "student_decks": [deck_data(row) for row in report.rows],
        "weeks": [
            {"week": week, "answers": answers, "correct": right}
            for week, answers, right in report.weeks
        ],
        "cards": [card_data(card) for card in report.cards],
    }


def student_data(student: Student) -> dict[str, Any]:
    return {
        "student": student.name,
        "profile": student.profile,
        "flags": list(student.flags),
        "days_idle": student.days_idle,
        "last_activity": _time(student.last_activity),
        "first_tries": student.first_tries,
        "first_try_accuracy": _rounded(student.first_try_accuracy),
        "reviews": student.reviews,
        "correct": student.correct,
        "accuracy": _rounded(student.accuracy),
        "cards_seen": student.cards_seen,
        "mastered": student.mastered,
        "overdue": student.overdue,
        "minutes": round(student.seconds / 60, 1),
        "handed_in": student.on_file,
        "days": [
            {"day": day.isoformat(), "first_tries": tries, "right": right}
            for day, tries, right in student.days
        ],
    }


def deck_data(row: StudentDeck) -> dict[str, Any]:
    return {
        "student": row.student,
        "deck": row.deck,
        "deck_title": row.deck_title or row.deck,
        "cards_seen": row.cards_seen,
        "deck_cards": row.deck_cards,
        "coverage": _rounded(row.coverage),
        "reviews": row.reviews,
        "correct": row.correct,
        "accuracy": _rounded(row.accuracy),
        "first_try_accuracy": _rounded(row.first_try_accuracy),
        "retention": _rounded(row.retention),
        "due_now": row.due_now,
        "mastered": row.mastered,
        "overdue": row.overdue,
        "minutes": round(row.seconds / 60, 1),
        "last_activity": _time(row.last_activity),
    }


def card_data(card: CardResult) -> dict[str, Any]:
    return {
        "deck": card.deck,
        "deck_title": card.deck_title or card.deck,
        "card": card.card,
        "prompt": card.prompt,
        "students": card.students,
        "reviews": card.reviews,
        "correct": card.correct,
        "accuracy": round(card.accuracy, 4),
        "struggle": round(card.struggle, 4),
        "lapses": card.lapses,
        "wrong_answers": [
            {"answer": text, "students": count} for text, count in card.wrong_answers
        ],
        "claimed_right": [
            {"answer": text, "students": count} for text, count in card.claimed_right
        ],
        "options": [
            {"option": option, "right": right, "students": count}
            for option, right, count in card.options
        ],
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
