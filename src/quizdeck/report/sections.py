"""A section per student on the report's HTML page: where they stand, a trend line of their
first tries, their decks, and the questions they miss most (with what they answered)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from quizdeck.report.cards import CardResult, shown_answer
from quizdeck.report.compute import ClassReport, StudentDeck
from quizdeck.report.exports import Review
from quizdeck.report.markup import bar, cell, flags, number, table, text, trend
from quizdeck.report.render import last_active, percent, spent
from quizdeck.report.students import Student

#: How many of a student's most missed questions their section lists.
MISSED = 5


def student_sections(report: ClassReport) -> str:
    """The "Each student" part of the page (empty when there are no students)."""
    if not report.students:
        return ""
    days = sorted({review.time.date() for review in report.reviews})
    span = (days[0], days[-1]) if days else (None, None)
    cards = {(card.deck, card.card): card for card in report.cards}
    missed = _missed(report.reviews, report.firsts, cards)
    rows: dict[str, list[StudentDeck]] = defaultdict(list)
    for row in report.rows:
        rows[row.student].append(row)
    parts = [
        _student(student, rows[student.name], missed.get(student.name, []), span)
        for student in report.students
    ]
    return (
        "<section>\n<h2>Each student</h2>\n"
        '<p class="note">In the order above. The line: the share of first tries right on each '
        "day, over the days the class studied (dashed: half); a dot per day studied.</p>\n"
        '<div class="students">\n' + "\n".join(parts) + "\n</div>\n</section>"
    )


Missed = tuple[str, int, tuple[str, ...]]  # question, wrong first tries, answers given


def _missed(
    reviews: Sequence[Review], firsts: Sequence[bool], cards: dict[tuple[str, str], CardResult]
) -> dict[str, list[Missed]]:
    """Per student, the questions whose first tries they got wrong most, with their answers."""
    wrong: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for review, first in zip(reviews, firsts, strict=True):
        if first and not review.correct:
            wrong[(review.student, review.deck, review.card)].append(shown_answer(review.given))
    found: dict[str, list[Missed]] = defaultdict(list)
    for (student, deck, card), given in wrong.items():
        result = cards.get((deck, card))
        label = result.label if result else card
        answers = tuple(dict.fromkeys(answer for answer in given if answer))
        found[student].append((label, len(given), answers))
    return {
        student: sorted(items, key=lambda item: (-item[1], item[0]))[:MISSED]
        for student, items in found.items()
    }


def _student(
    student: Student,
    rows: Sequence[StudentDeck],
    missed: Sequence[Missed],
    span: tuple[date | None, date | None],
) -> str:
    css = "student flagged" if student.flags else "student"
    facts = [
        f"last active: {last_active(student)}",
        f"first try: {percent(student.first_try_accuracy)} of {student.first_tries}",
        f"all answers: {percent(student.accuracy)} of {student.reviews}",
        f"mastered: {student.mastered}",
        f"overdue: {student.overdue}",
        f"time: {spent(student.seconds)}",
    ]
    if not student.on_file:
        facts = ["No file handed in."]
    elif not student.reviews:
        facts = ["No answer yet."]
    parts = [
        f'<section class="{css}">',
        f"<h3>{text(student.name)}</h3>",
        f"<p>{flags(student.flags)}</p>" if student.flags else "",
        f"<p>{text(' · '.join(facts))}</p>",
        f"<p>{trend(student.days, *span, size=(300, 48))}</p>" if student.days else "",
        _decks(rows),
        _missed_list(missed),
        "</section>",
    ]
    return "\n".join(part for part in parts if part)


def _decks(rows: Sequence[StudentDeck]) -> str:
    if not rows:
        return ""
    header = [("deck", False), ("seen", True), ("first try", False), ("due", True),
              ("mastered", True)]  # fmt: skip
    cells = [
        cell(row.deck_title or row.deck)
        + number(f"{row.cards_seen}/{row.deck_cards}" if row.deck_cards else str(row.cards_seen))
        + bar(row.first_try_accuracy, percent(row.first_try_accuracy))
        + number(str(row.due_now)) + number(str(row.mastered))
        for row in rows
    ]  # fmt: skip
    return table(header, cells)


def _missed_list(missed: Sequence[Missed]) -> str:
    if not missed:
        return ""
    items = "".join(
        f"<li>{text(label)} <span class='muted'>({count} wrong"
        + (f": {text('; '.join(answers))}" if answers else "")
        + ")</span></li>"
        for label, count, answers in missed
    )
    return f'<p>Missed most on a first try:</p>\n<ol class="wrong">{items}</ol>'
