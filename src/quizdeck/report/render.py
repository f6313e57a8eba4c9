"""Showing the class report: text tables for the terminal, or one table as CSV."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from quizdeck.report.compute import CardResult, ClassReport, StudentDeck


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


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], right: Collection[int]
) -> list[str]:
    from quizdeck.ui.table import table_lines

    return table_lines(header, rows, right)


def table_lines(report: ClassReport, top: int = 10, width: int | None = None) -> list[str]:
    """The report as text: the students table, then the hardest cards (clipped to ``width``)."""
    from quizdeck.display import inert, paint

    students = {row.student for row in report.students}
    lines = [
        f"{len(report.files)} file(s), {len(students)} student(s), "
        f"{sum(row.reviews for row in report.students)} answers",
        "",
        paint("Students", bold=True),
    ]
    header = ["student", "deck", "seen", "answers", "accuracy", "retention", "due", "time",
              "last active"]  # fmt: skip
    rows = [
        [inert(row.student), inert(row.deck or "-"), _seen(row), str(row.reviews),
         percent(row.accuracy) if row.reviews else "-", percent(row.retention), str(row.due_now),
         spent(row.seconds), _activity(row)]
        for row in report.students
    ]  # fmt: skip
    lines += _table(header, rows, right={2, 3, 4, 5, 6, 7})
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
            [inert(card.deck), inert(card.card), percent(card.accuracy), str(card.reviews),
             str(card.students), inert(card.prompt or "(not in the decks found)")]
            for card in hardest
        ]  # fmt: skip
        lines += [_clip(line, width) for line in _table(header, rows, right={2, 3, 4})]
        lines += _misconceptions(hardest, width)
        lines += _claimed(report.cards, width)
    if any(not card.prompt for card in hardest):
        lines += ["", "Some questions were not found: name the deck files with --decks FILE."]
    return lines


def _seen(row: StudentDeck) -> str:
    """Cards seen, out of the deck's cards when the deck is known."""
    return f"{row.cards_seen}/{row.deck_cards}" if row.deck_cards else str(row.cards_seen)


def _activity(row: StudentDeck) -> str:
    if not row.on_file:
        return "no file handed in"
    return local_time(row.last_activity)


def _misconceptions(cards: Sequence[CardResult], width: int | None) -> list[str]:
    """The most common wrong answers of the hardest cards: what to address in class."""
    from quizdeck.display import inert, paint

    found = [card for card in cards if card.wrong_answers]
    if not found:
        return []
    lines = ["", paint("Most common wrong answers", bold=True)]
    for card in found:
        given = "; ".join(f"{inert(text)!s} ({count})" for text, count in card.wrong_answers)
        lines.append(_clip(f"{inert(card.deck)}/{inert(card.card)}: {given}", width))
    return lines


def _claimed(cards: Sequence[CardResult], width: int | None) -> list[str]:
    """Answers students said were right: each one to accept (``quiz accept``) or explain."""
    from quizdeck.display import inert, paint

    found = [card for card in cards if card.claimed_right]
    if not found:
        return []
    heading = "Answers students say were right (to accept: quiz accept DECK_FILE CARD ANSWER)"
    lines = ["", paint(heading, bold=True)]
    for card in found:
        claims = "; ".join(f"{inert(text)!s} ({count})" for text, count in card.claimed_right)
        lines.append(_clip(f"{inert(card.deck)}/{inert(card.card)}: {claims}", width))
    return lines


def _clip(line: str, width: int | None) -> str:
    return line if width is None or len(line) <= width else line[: width - 1] + "…"


STUDENT_COLUMNS = (
    "student", "deck", "cards_seen", "deck_cards", "coverage", "reviews", "correct", "accuracy",
    "retention", "due_now", "minutes", "last_activity", "handed_in",
)  # fmt: skip
CARD_COLUMNS = (
    "deck", "card", "students", "reviews", "correct", "accuracy", "struggle", "lapses",
    "wrong_answers", "claimed_right", "prompt",
)  # fmt: skip


def report_csv(report: ClassReport, rows: str = "students") -> str:
    """One table of the report as CSV: a row per student and deck, or per card."""
    import io

    from quizdeck.interchange.spreadsheet import CsvWriter

    data = report.to_dict()
    columns = STUDENT_COLUMNS if rows == "students" else CARD_COLUMNS
    buffer = io.StringIO()
    writer = CsvWriter(buffer, columns)
    writer.header()
    for item in data["students" if rows == "students" else "cards"]:
        if "wrong_answers" in item:
            item = {
                **item,
                "wrong_answers": " | ".join(
                    f"{entry['answer']} ({entry['count']})" for entry in item["wrong_answers"]
                ),
                "claimed_right": " | ".join(
                    f"{entry['answer']} ({entry['students']})" for entry in item["claimed_right"]
                ),
            }
        writer.row(item)
    return buffer.getvalue().rstrip("\n")
