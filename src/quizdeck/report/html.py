"""The class report as one self-contained HTML page: inline CSS, no script, no link to anything
outside it, so it opens from a USB stick and prints. Tables carry the numbers; the bars beside
them are only drawn from those numbers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from quizdeck.report.compute import CardResult, ClassReport, StudentDeck
from quizdeck.report.render import local_time, percent

_CSS = """
body { font-family: sans-serif; max-width: 60em; margin: 2em auto; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: inline-block; height: 0.8em; background: #4a7bb7; vertical-align: middle; }
.bad { background: #c0504d; }
.grid td { width: 2.5em; text-align: center; font-size: 0.85em; }
.muted { color: #666; }
@media print { body { margin: 0; } }
"""


def _cells(values: Iterable[str], numeric: Sequence[int] = ()) -> str:
    return "".join(
        f'<td class="n">{value}</td>' if index in numeric else f"<td>{value}</td>"
        for index, value in enumerate(values)
    )


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int]) -> str:
    head = "".join(f"<th>{escape(title)}</th>" for title in header)
    body = "".join(f"<tr>{_cells(row, numeric)}</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _bar(share: float, *, bad: bool = False) -> str:
    width = round(max(0.0, min(1.0, share)) * 10, 1)
    return f'<span class="bar{" bad" if bad else ""}" style="width: {width}em"></span>'


def _student_row(row: StudentDeck) -> list[str]:
    seen = f"{row.cards_seen}/{row.deck_cards}" if row.deck_cards else str(row.cards_seen)
    active = "no file handed in" if not row.on_file else local_time(row.last_activity)
    return [
        escape(row.student), escape(row.deck or "-"), seen, str(row.reviews),
        percent(row.accuracy) if row.reviews else "-", percent(row.retention),
        str(row.due_now), f"{round(row.seconds / 60)} min", escape(active),
    ]  # fmt: skip


def _card_row(card: CardResult) -> list[str]:
    wrong = "; ".join(f"{escape(text)} ({count})" for text, count in card.wrong_answers)
    return [
        f"{escape(card.deck)}/{escape(card.card)}",
        escape(card.prompt or "(not in the decks found)"),
        f"{percent(card.accuracy)} {_bar(card.accuracy, bad=card.accuracy < 0.5)}",
        str(card.reviews), str(card.students), wrong,
    ]  # fmt: skip


def _grid(report: ClassReport, cards: Sequence[CardResult]) -> str:
    """Students × hardest questions: each cell the student's share right on that question."""
    students = sorted({row.student for row in report.students if row.reviews})
    if not students or not cards:
        return ""
    head = "".join(f"<th>{escape(card.card)}</th>" for card in cards)
    rows = []
    for student in students:
        cells = []
        for card in cards:
            reviews, right = report.grid.get((student, card.deck, card.card), (0, 0))
            if not reviews:
                cells.append('<td class="muted">·</td>')
                continue
            share = right / reviews
            shade = round(255 - share * 120)
            cells.append(f'<td style="background: rgb(255, {shade}, {shade})">'
                         f"{round((1 - share) * 100)}%</td>")  # fmt: skip
        rows.append(f"<tr><th>{escape(student)}</th>{''.join(cells)}</tr>")
    return (
        '<h2>Who misses what</h2><p class="muted">Share of each student\'s answers that were '
        f'wrong, for the hardest questions.</p><table class="grid"><thead><tr><th></th>{head}'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def report_html(report: ClassReport, top: int = 10) -> str:
    """The whole page."""
    students = {row.student for row in report.students}
    answers = sum(row.reviews for row in report.students)
    peak = max((count for _, count, _ in report.weeks), default=0) or 1
    weeks = [
        [escape(week), f"{count} {_bar(count / peak)}", percent(right / count if count else None)]
        for week, count, right in report.weeks
    ]
    hardest = report.cards[:top]
    student_header = ["student", "deck", "seen", "answers", "accuracy", "retention", "due",
                      "time", "last active"]  # fmt: skip
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Class report</title>',
        f"<style>{_CSS}</style></head><body>",
        "<h1>Class report</h1>",
        f'<p class="muted">{len(report.files)} file(s), {len(students)} student(s), '
        f"{answers} answers.</p>",
        "<h2>Students</h2>",
        _table(student_header, map(_student_row, report.students), numeric=(2, 3, 4, 5, 6, 7)),
        "<h2>Week by week</h2>",
        _table(["week", "answers", "accuracy"], weeks, numeric=(2,)),
        "<h2>Questions to teach again</h2>",
        '<p class="muted">Hardest first: the questions the class most surely gets wrong, with '
        "the most common wrong answers.</p>",
        _table(
            ["card", "question", "accuracy", "answers", "students", "common wrong answers"],
            (_card_row(card) for card in hardest),
            numeric=(3, 4),
        ),
        _grid(report, hardest),
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part)
