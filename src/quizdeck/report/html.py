"""The class report as one self-contained HTML page, to open in a browser or print.

Everything is in the page: the style sheet is inline, there are no scripts, no images
and no links, so the file can be mailed or archived and shows the same everywhere. The
charts are plain elements sized by inline styles, each with its number beside it. All
text from students' files and decks is escaped (and its control characters shown), so a
name like ``<script>`` is only ever text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from quizdeck.report.compute import CardResult, ClassReport, Key, StudentDeck
from quizdeck.report.exports import Review
from quizdeck.report.render import local_time, percent, spent

#: Student, deck and card of one cell of the student × question grid.
Cell = tuple[str, str, str]

_STYLE = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f;
  margin: 2rem auto; max-width: 72rem; padding: 0 1rem;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .4rem; border-bottom: 1px solid #ccc; }
p.lead, p.note { color: #555; margin: .2rem 0 .8rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { padding: .25rem .5rem; border-bottom: 1px solid #e4e4e4; text-align: left;
  vertical-align: top; }
th { background: #f3f3f3; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { display: inline-block; width: 8rem; height: .7rem; background: #e6e6e6;
  border: 1px solid #bbb; vertical-align: middle; margin-right: .4rem; }
.fill { display: block; height: 100%; background: #3a6fb0; }
.chart { white-space: nowrap; }
.muted { color: #777; }
table.grid td, table.grid th { text-align: center; padding: .2rem .3rem; }
table.grid th.student, table.grid td.student { text-align: left; }
ol.wrong { margin: 0; padding-left: 1.1rem; }
@page { margin: 1.5cm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; }
  tr { break-inside: avoid; }
}
"""


def report_html(
    report: ClassReport,
    reviews: Sequence[Review],
    top: int = 10,
    generated: datetime | None = None,
) -> str:
    """The whole page: students, hardest questions, the student × question grid, the weeks.

    ``reviews`` are the answers the report was made from (for the grid); ``top`` is how
    many of the hardest questions are listed and make the grid's columns.
    """
    hardest = report.cards[:top]
    students = {row.student for row in report.students}
    answers = sum(row.reviews for row in report.students)
    lead = f"{len(report.files)} file(s), {len(students)} student(s), {answers} answers"
    if generated is not None:
        lead += f" · made {local_time(generated)}"
    body = [
        "<h1>Class report</h1>",
        f'<p class="lead">{_text(lead)}</p>',
        _section("Students", _students_table(report.students)),
        _section(
            f"Hardest questions (of {len(report.cards)} answered)",
            _questions_table(hardest) if hardest else None,
        ),
        _section(
            "Who gets which question right",
            _grid_table(_active(report.students), hardest, reviews) if hardest else None,
            "Each student's share of right answers to each of the hardest questions "
            "(numbered as above); a dash: not answered.",
        ),
        _section("Week by week (the class)", _weeks_table(report.weeks) if report.weeks else None),
    ]
    return _page("Class report", "\n".join(body))


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_text(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _section(heading: str, table: str | None, note: str = "") -> str:
    """A section: its heading, an optional note, and its table (or "nothing yet")."""
    parts = [f"<section>\n<h2>{_text(heading)}</h2>"]
    if note and table:
        parts.append(f'<p class="note">{_text(note)}</p>')
    parts.append(table or '<p class="muted">Nothing answered yet.</p>')
    return "\n".join(parts) + "\n</section>"


def _text(value: str) -> str:
    """Outside text made safe for the page: control characters shown, markup escaped."""
    import html

    from quizdeck.display import inert

    return html.escape(inert(value), quote=True)


_NUMBER_CLASS = ' class="num"'


def _table(header: Sequence[tuple[str, bool]], rows: Iterable[str], css: str = "") -> str:
    """A table from its header (label, is a number) and rows already made of cells."""
    head = "".join(
        f'<th scope="col"{_NUMBER_CLASS if number else ""}>{_text(label)}</th>'
        for label, number in header
    )
    css_class = f' class="{css}"' if css else ""
    body = "\n".join(f"<tr>{row}</tr>" for row in rows)
    return (
        f"<table{css_class}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
    )


def _cell(text: str) -> str:
    return f"<td>{_text(text)}</td>"


def _number(text: str) -> str:
    return f'<td class="num">{_text(text)}</td>'


def _bar(share: float | None, label: str) -> str:
    """A cell with a horizontal bar filled to ``share`` (0..1) and ``label`` beside it."""
    if share is None:
        return f'<td class="chart muted">{_text(label)}</td>'
    width = round(max(0.0, min(1.0, share)) * 100, 1)
    return (
        f'<td class="chart"><span class="bar"><span class="fill" style="width: {width}%">'
        f"</span></span>{_text(label)}</td>"
    )


def _students_table(rows: Sequence[StudentDeck]) -> str | None:
    if not rows:
        return None
    header = [("student", False), ("deck", False), ("seen", True), ("answers", True),
              ("accuracy", False), ("retention", True), ("due", True), ("time", True),
              ("last active", False)]  # fmt: skip
    cells = [
        _cell(row.student) + _cell(row.deck or "-") + _number(_seen(row))
        + _number(str(row.reviews))
        + (_bar(row.accuracy, percent(row.accuracy)) if row.reviews else _bar(None, "-"))
        + _number(percent(row.retention)) + _number(str(row.due_now))
        + _number(spent(row.seconds))
        + _cell(local_time(row.last_activity) if row.on_file else "no file handed in")
        for row in rows
    ]  # fmt: skip
    return _table(header, cells)


def _seen(row: StudentDeck) -> str:
    return f"{row.cards_seen}/{row.deck_cards}" if row.deck_cards else str(row.cards_seen)


def _questions_table(cards: Sequence[CardResult]) -> str:
    header = [("#", True), ("question", False), ("deck / card", False), ("accuracy", False),
              ("answers", True), ("students", True), ("common wrong answers", False),
              ("said to be right", False)]  # fmt: skip
    cells = [
        _number(str(number)) + _cell(card.prompt or "(not in the decks found)")
        + _cell(f"{card.deck} / {card.card}") + _bar(card.accuracy, percent(card.accuracy))
        + _number(str(card.reviews)) + _number(str(card.students)) + _wrong_answers(card)
        + _listed(card.claimed_right)
        for number, card in enumerate(cards, 1)
    ]  # fmt: skip
    return _table(header, cells)


def _wrong_answers(card: CardResult) -> str:
    return _listed(card.wrong_answers)


def _listed(answers: Sequence[tuple[str, int]]) -> str:
    """Answers with how often each was given, most common first ("-" for none)."""
    if not answers:
        return '<td class="muted">-</td>'
    items = "".join(
        f"<li>{_text(text)} <span class='muted'>({count})</span></li>" for text, count in answers
    )
    return f'<td><ol class="wrong">{items}</ol></td>'


def _active(rows: Sequence[StudentDeck]) -> list[str]:
    """Students who answered something, in the report's order, each once."""
    return list(dict.fromkeys(row.student for row in rows if row.reviews))


def student_card_tallies(reviews: Iterable[Review], cards: Iterable[Key]) -> dict[Cell, list[int]]:
    """Answers and right answers of each student to each of ``cards`` (deck, card)."""
    wanted = set(cards)
    tallies: dict[Cell, list[int]] = defaultdict(lambda: [0, 0])
    for review in reviews:
        if (review.deck, review.card) in wanted:
            tally = tallies[(review.student, review.deck, review.card)]
            tally[0] += 1
            tally[1] += review.correct
    return dict(tallies)


def _grid_table(students: Sequence[str], cards: Sequence[CardResult],
                reviews: Sequence[Review]) -> str | None:  # fmt: skip
    """The student × question heat map: a cell per student and question, coloured by share."""
    if not students:
        return None
    tallies = student_card_tallies(reviews, [(card.deck, card.card) for card in cards])
    head = [("student", False)] + [(f"{number}", True) for number in range(1, len(cards) + 1)]
    rows = [
        f'<td class="student">{_text(student)}</td>'
        + "".join(_heat(tallies.get((student, card.deck, card.card))) for card in cards)
        for student in students
    ]
    return _table(head, rows, css="grid")


def _heat(tally: list[int] | None) -> str:
    """A grid cell: the share right as a number, on a colour from red (0 %) to green (100 %)."""
    if not tally:
        return '<td class="muted">-</td>'
    answers, right = tally
    share = right / answers
    colour = f"hsl({round(share * 120)}, 65%, {82 - round(share * 6)}%)"
    return (
        f'<td style="background: {colour}" title="{right} of {answers} right">{percent(share)}</td>'
    )


def _weeks_table(weeks: Sequence[tuple[str, int, int]]) -> str:
    most = max(answers for _week, answers, _right in weeks) or 1
    cells = [
        _cell(week) + _bar(answers / most, str(answers))
        + _number(percent(right / answers if answers else None))
        for week, answers, right in weeks
    ]  # fmt: skip
    return _table([("week", False), ("answers", False), ("accuracy", True)], cells)
