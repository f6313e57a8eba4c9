"""Showing the class report: text tables for the terminal, or one table as CSV."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from quizdeck.report.cards import CardResult
from quizdeck.report.compute import ClassReport, StudentDeck
from quizdeck.report.students import Student


def percent(value: float | None) -> str:
    """A share as a whole percentage, or a dash when there is none."""
    return "-" if value is None else f"{round(value * 100)}%"


def spent(seconds: float) -> str:
    """Time spent answering: seconds under a minute, else whole minutes; "-" for none."""
    if seconds <= 0:
        return "-"
    return f"{round(seconds)} s" if seconds < 59.5 else f"{round(seconds / 60)} min"


def local_time(moment: datetime | None) -> str:
    """A time in the local time zone, to the minute; "not started" for none."""
    return "not started" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


def last_active(student: Student) -> str:
    """When the student last answered, in days before the report."""
    if not student.on_file:
        return "no file handed in"
    if student.days_idle is None:
        return "not started"
    days = student.days_idle
    return "today" if days == 0 else "1 day ago" if days == 1 else f"{days} days ago"


def lead_text(report: ClassReport) -> str:
    """The report's first line: how many files, students and answers, and as of when."""
    lead = f"{len(report.files)} file(s), {len(report.students)} student(s), "
    lead += f"{report.answers} answers"
    return lead + (f" · as of {local_time(report.now)}" if report.now is not None else "")


def flags_text(student: Student) -> str:
    return ", ".join(student.flags)


def seen_text(student: Student, rows: Sequence[StudentDeck]) -> str:
    """Cards seen, out of the decks' cards when every deck the student studied is known."""
    mine = [row for row in rows if row.student == student.name]
    total = sum(row.deck_cards for row in mine)
    known = mine and all(row.deck_cards for row in mine)
    return f"{student.cards_seen}/{total}" if known else str(student.cards_seen)


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], right: Collection[int]
) -> list[str]:
    from quizdeck.ui.table import table_lines

    return table_lines(header, rows, right)


def table_lines(report: ClassReport, top: int = 10, width: int | None = None) -> list[str]:
    """The report as text: the students (flagged first), each deck of each student when there
    are several decks, the weeks, then the hardest cards (lines clipped to ``width``)."""
    from quizdeck.display import inert, paint

    lead = (
        f"{len(report.files)} file(s), {len(report.students)} student(s), {report.answers} answers"
    )
    if report.now is not None:
        lead += f" · as of {local_time(report.now)}"
    lines = [lead, "", paint("Students (flagged first)", bold=True)]
    header = ["student", "flags", "last active", "first try", "mastered", "overdue", "seen",
              "answers", "time"]  # fmt: skip
    rows = [
        [inert(student.name), flags_text(student) or "-", last_active(student),
         percent(student.first_try_accuracy), str(student.mastered), str(student.overdue),
         seen_text(student, report.rows), str(student.reviews), spent(student.seconds)]
        for student in report.students
    ]  # fmt: skip
    lines += [_clip(line, width) for line in _table(header, rows, right={3, 4, 5, 6, 7, 8})]
    lines += [_clip(line, width) for line in legend()]
    if len({row.deck for row in report.rows}) > 1:
        lines += ["", paint("By deck", bold=True)]
        lines += [_clip(line, width) for line in _deck_lines(report.rows)]
    if report.weeks:
        lines += ["", paint("Week by week (the class)", bold=True)]
        week_rows = [
            [week, str(answers), percent(right / answers if answers else None)]
            for week, answers, right in report.weeks
        ]
        lines += _table(["week", "answers", "accuracy"], week_rows, right={1, 2})
    hardest = report.cards[:top]
    if hardest:
        lines += ["", paint(f"Hardest cards (of {len(report.cards)} answered)", bold=True)]
        header = ["deck", "card", "accuracy", "answers", "students", "prompt"]
        rows = [
            [inert(card.deck_title or card.deck), inert(card.card), percent(card.accuracy),
             str(card.reviews), str(card.students),
             inert(card.prompt or "(not in the decks found)")]
            for card in hardest
        ]  # fmt: skip
        lines += [_clip(line, width) for line in _table(header, rows, right={2, 3, 4})]
        lines += _listed("Most common wrong answers (students who gave each)",
                         [(card, card.wrong_answers) for card in hardest], width)  # fmt: skip
        lines += _options(hardest, width)
        heading = "Answers students say were right (to accept: quiz accept DECK_FILE CARD ANSWER)"
        lines += _listed(heading, [(card, card.claimed_right) for card in report.cards], width)
    if any(not card.prompt for card in hardest):
        lines += ["", "Some questions were not found: name the deck files with --decks FILE."]
    return lines


def legend() -> list[str]:
    """What the columns and flags mean, in two lines."""
    from quizdeck.report import students

    return [
        f"first try: a card's first answer in a sitting (re-asks within {students.SITTING_HOURS} "
        f"h left out); mastered: remembered {round(students.MASTERED_DAYS)} days or more; "
        "overdue: due over a day ago.",
        f"Flags: inactive {students.INACTIVE_DAYS}+ days; backlog {students.BACKLOG_CARDS}+ "
        f"overdue; falling: first tries of the last {students.FALLING_DAYS} days "
        f"{round(students.FALLING_DROP * 100)}+ points below the {students.FALLING_DAYS} before.",
    ]


def _deck_lines(rows: Sequence[StudentDeck]) -> list[str]:
    from quizdeck.display import inert

    header = ["student", "deck", "seen", "first try", "accuracy", "retention", "due",
              "mastered", "time", "last active"]  # fmt: skip
    cells = [
        [inert(row.student), inert(row.deck_title or row.deck), _seen(row),
         percent(row.first_try_accuracy), percent(row.accuracy), percent(row.retention),
         str(row.due_now), str(row.mastered), spent(row.seconds), local_time(row.last_activity)]
        for row in rows
    ]  # fmt: skip
    return _table(header, cells, right={2, 3, 4, 5, 6, 7, 8})


def _seen(row: StudentDeck) -> str:
    """Cards seen, out of the deck's cards when the deck is known."""
    return f"{row.cards_seen}/{row.deck_cards}" if row.deck_cards else str(row.cards_seen)


def _listed(
    heading: str, found: Sequence[tuple[CardResult, Sequence[tuple[str, int]]]], width: int | None
) -> list[str]:
    """A line per card with answers and how many students gave each (none: no section)."""
    from quizdeck.display import inert, paint

    found = [(card, answers) for card, answers in found if answers]
    if not found:
        return []
    lines = ["", paint(heading, bold=True)]
    for card, answers in found:
        given = "; ".join(f"{inert(text)!s} ({count})" for text, count in answers)
        lines.append(_clip(f"{inert(card.deck)}/{inert(card.card)}: {given}", width))
    return lines


def _options(cards: Sequence[CardResult], width: int | None) -> list[str]:
    """For each question with options, how many students picked each (the right one ticked)."""
    from quizdeck.display import inert, paint

    found = [card for card in cards if card.options]
    if not found:
        return []
    lines = ["", paint("Options picked (students; ✓ right)", bold=True)]
    for card in found:
        picked = "; ".join(
            f"{'✓ ' if right else ''}{inert(option)!s} ({count})"
            for option, right, count in card.options
        )
        lines.append(_clip(f"{inert(card.deck)}/{inert(card.card)}: {picked}", width))
    return lines


def _clip(line: str, width: int | None) -> str:
    from quizdeck.ui.table import clip

    return line if width is None else clip(line, width)


CSV_COLUMNS = {
    "students": (
        "student", "profile", "flags", "days_idle", "last_activity", "first_try_accuracy",
        "accuracy", "mastered", "overdue", "cards_seen", "reviews", "minutes", "handed_in",
    ),
    "decks": (
        "student", "deck", "deck_title", "cards_seen", "deck_cards", "coverage", "reviews",
        "correct", "accuracy", "first_try_accuracy", "retention", "due_now", "mastered",
        "overdue", "minutes", "last_activity",
    ),
    "cards": (
        "deck", "deck_title", "card", "students", "reviews", "correct", "accuracy", "struggle",
        "lapses", "wrong_answers", "claimed_right", "options", "prompt",
    ),
}  # fmt: skip


def report_csv(report: ClassReport, rows: str = "students") -> str:
    """One table of the report as CSV: a line per student (flagged first), a row per student
    and deck, or a row per card."""
    import io

    from quizdeck.interchange.spreadsheet import CsvWriter
    from quizdeck.report.data import report_data

    data = report_data(report)
    buffer = io.StringIO()
    writer = CsvWriter(buffer, CSV_COLUMNS[rows])
    writer.header()
    for item in data[{"students": "students", "decks": "student_decks"}.get(rows, rows)]:
        if rows == "students":
            item = {**item, "flags": "; ".join(item["flags"])}
        if rows == "cards":
            item = {
                **item,
                "wrong_answers": _joined(item["wrong_answers"], "answer", "students"),
                "claimed_right": _joined(item["claimed_right"], "answer", "students"),
                "options": " | ".join(
                    f"{'✓ ' if entry['right'] else ''}{entry['option']} ({entry['students']})"
                    for entry in item["options"]
                ),
            }
        writer.row(item)
    return buffer.getvalue().rstrip("\n")


def _joined(entries: Sequence[dict[str, object]], text: str, count: str) -> str:
    return " | ".join(f"{entry[text]} ({entry[count]})" for entry in entries)
