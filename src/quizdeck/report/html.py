"""The class report as one self-contained HTML page, to open in a browser or print.

Everything is in the page: the style sheet is inline, there are no scripts, no images
and no links, so the file can be mailed or archived and shows the same everywhere. The
charts are plain elements sized by inline styles, or small inline SVG lines, each with its
numbers beside it or in its title. All text from students' files and decks is escaped (and
its control characters shown), so a name like ``<script>`` is only ever text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from quizdeck.report.cards import CardResult
from quizdeck.report.compute import ClassReport, StudentDeck
from quizdeck.report.exports import Review
from quizdeck.report.known import Key
from quizdeck.report.markup import (
    bar,
    cell,
    flags,
    listed,
    number,
    table,
    table_with_head,
    text,
    trend,
)
from quizdeck.report.render import (
    last_active,
    legend,
    local_time,
    percent,
    seen_text,
    spent,
)
from quizdeck.report.sections import student_sections

#: Student, deck and card of one cell of the student × question grid.
Cell = tuple[str, str, str]
#: The longest a question is shown as a column heading of the grid (its title has it all).
HEADING_CHARS = 40

_STYLE = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f;
  margin: 2rem auto; max-width: 76rem; padding: 0 1rem;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .4rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05rem; margin: 0 0 .3rem; }
p.lead, p.note { color: #555; margin: .2rem 0 .8rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { padding: .25rem .5rem; border-bottom: 1px solid #e4e4e4; text-align: left;
  vertical-align: top; }
th { background: #f3f3f3; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { display: inline-block; width: 6rem; height: .7rem; background: #e6e6e6;
  border: 1px solid #bbb; vertical-align: middle; margin-right: .4rem; }
.fill { display: block; height: 100%; background: #3a6fb0; }
.chart { white-space: nowrap; }
.muted { color: #777; }
.flag { display: inline-block; background: #fde2c8; color: #7a3300; border-radius: .6rem;
  padding: 0 .45rem; font-size: .8rem; white-space: nowrap; margin: 0 .1rem .1rem 0; }
tbody td:first-child { border-left: 3px solid transparent; }
tr.flagged td:first-child { border-left-color: #d9822b; }
svg.trend { vertical-align: middle; overflow: visible; }
svg.trend polyline { fill: none; stroke: #3a6fb0; stroke-width: 1.5; }
svg.trend circle { fill: #3a6fb0; }
svg.trend line.mid { stroke: #ddd; stroke-dasharray: 2 2; }
.wide { overflow-x: auto; }
table.grid { width: auto; }
table.grid { font-size: .78rem; }
table.grid td, table.grid th { text-align: center; padding: .2rem .15rem; min-width: 2.1rem; }
table.grid th.student, table.grid td.student { text-align: left; white-space: nowrap; }
table.grid th.question { vertical-align: bottom; font-weight: 500; font-size: .8rem; }
table.grid th.question span { writing-mode: vertical-rl; transform: rotate(180deg);
  display: inline-block; text-align: left; white-space: nowrap; }
ol.wrong { margin: 0; padding-left: 1.1rem; }
ul.options { margin: 0; padding-left: 0; list-style: none; }
ul.options li.right { font-weight: 600; }
.students { display: grid; grid-template-columns: repeat(auto-fill, minmax(24rem, 1fr));
  gap: 1rem; align-items: start; }
section.student { border: 1px solid #ddd; border-radius: .4rem; padding: .7rem .9rem;
  break-inside: avoid; min-width: 0; }
section.student .bar { width: 3rem; }
section.student td:first-child { border-left: 0; }
section.student.flagged { border-color: #d9822b; }
section.student p { margin: .2rem 0; }
section.student table { font-size: .85rem; }
@page { margin: 1.5cm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; }
  tr { break-inside: avoid; }
  .wide { overflow: visible; }
}
"""


def report_html(report: ClassReport, top: int = 10, generated: datetime | None = None) -> str:
    """The whole page: students (flagged first), each deck, the hardest questions, the student
    × question grid over every question, the weeks, then a section per student.

    ``top`` is how many of the hardest questions are listed.
    """
    hardest = report.cards[:top]
    lead = (
        f"{len(report.files)} file(s), {len(report.students)} student(s), {report.answers} answers"
    )
    if report.now is not None:
        lead += f" · as of {local_time(report.now)}"
    if generated is not None and generated != report.now:
        lead += f" · made {local_time(generated)}"
    several = len({row.deck for row in report.rows}) > 1
    body = [
        "<h1>Class report</h1>",
        f'<p class="lead">{text(lead)}</p>',
        _section("Students (flagged first)", _students_table(report), " ".join(legend())),
        _section("By deck", _decks_table(report.rows)) if several else "",
        _section(
            f"Hardest questions (of {len(report.cards)} answered)",
            _questions_table(hardest) if hardest else None,
        ),
        _section(
            "Who gets which question right",
            _grid_table(_active(report), report.cards, report.reviews) if report.cards else None,
            "Each student's share of right answers to each question, hardest first (hover a "
            "heading for the whole question); a dash: not answered.",
        ),
        _section("Week by week (the class)", _weeks_table(report.weeks) if report.weeks else None),
        student_sections(report),
    ]
    return _page("Class report", "\n".join(part for part in body if part))


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{text(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _section(heading: str, content: str | None, note: str = "") -> str:
    """A section: its heading, an optional note, and its table (or "nothing yet")."""
    parts = [f"<section>\n<h2>{text(heading)}</h2>"]
    if note and content:
        parts.append(f'<p class="note">{text(note)}</p>')
    parts.append(content or '<p class="muted">Nothing answered yet.</p>')
    return "\n".join(parts) + "\n</section>"


def _students_table(report: ClassReport) -> str | None:
    if not report.students:
        return None
    header = [("student", False), ("flags", False), ("last active", False),
              ("first try", False), ("trend", False), ("mastered", True), ("overdue", True),
              ("seen", True), ("answers", True), ("time", True)]  # fmt: skip
    first, last = _span(report.reviews)
    rows = [
        (' class="flagged"' if student.flags else "",
         cell(student.name) + f"<td>{flags(student.flags)}</td>" + cell(last_active(student))
         + bar(student.first_try_accuracy, percent(student.first_try_accuracy))
         + f"<td>{trend(student.days, first, last)}</td>"
         + number(str(student.mastered)) + number(str(student.overdue))
         + number(seen_text(student, report.rows)) + number(str(student.reviews))
         + number(spent(student.seconds)))
        for student in report.students
    ]  # fmt: skip
    head = table(header, []).split("<thead>", 1)[1].split("</thead>", 1)[0]
    body = "\n".join(f"<tr{css}>{cells}</tr>" for css, cells in rows)
    return f"<table>\n<thead>{head}</thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _span(reviews: Sequence[Review]) -> tuple[date | None, date | None]:
    """The first and last days the class studied (UTC)."""
    if not reviews:
        return None, None
    return reviews[0].time.date(), reviews[-1].time.date()


def _decks_table(rows: Sequence[StudentDeck]) -> str | None:
    if not rows:
        return None
    header = [("student", False), ("deck", False), ("seen", True), ("first try", False),
              ("accuracy", True), ("retention", True), ("due", True), ("mastered", True),
              ("time", True), ("last active", False)]  # fmt: skip
    cells = [
        cell(row.student) + cell(row.deck_title or row.deck)
        + number(f"{row.cards_seen}/{row.deck_cards}" if row.deck_cards else str(row.cards_seen))
        + bar(row.first_try_accuracy, percent(row.first_try_accuracy))
        + number(percent(row.accuracy)) + number(percent(row.retention))
        + number(str(row.due_now)) + number(str(row.mastered)) + number(spent(row.seconds))
        + cell(local_time(row.last_activity))
        for row in rows
    ]  # fmt: skip
    return table(header, cells)


def _questions_table(cards: Sequence[CardResult]) -> str:
    header = [("#", True), ("question", False), ("deck / card", False), ("accuracy", False),
              ("answers", True), ("students", True), ("common wrong answers (students)", False),
              ("options picked (students)", False), ("said to be right", False)]  # fmt: skip
    cells = [
        number(str(place)) + cell(card.prompt or "(not in the decks found)")
        + cell(f"{card.deck_title or card.deck} / {card.card}")
        + bar(card.accuracy, percent(card.accuracy))
        + number(str(card.reviews)) + number(str(card.students)) + listed(card.wrong_answers)
        + _options(card) + listed(card.claimed_right)
        for place, card in enumerate(cards, 1)
    ]  # fmt: skip
    return table(header, cells)


def _options(card: CardResult) -> str:
    """A choice question's options with how many students picked each, the right one marked."""
    if not card.options:
        return '<td class="muted">-</td>'
    items = "".join(
        (f'<li class="right">✓ {text(option)} ' if right else f"<li>{text(option)} ")
        + f"<span class='muted'>({count})</span></li>"
        for option, right, count in card.options
    )
    return f'<td><ul class="options">{items}</ul></td>'


def _active(report: ClassReport) -> list[str]:
    """Students who answered something, in the report's order."""
    return [student.name for student in report.students if student.reviews]


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
    """The student × question heat map over every question: a cell per student and question,
    coloured by share; each column headed by its question (cut; its title holds it all)."""
    if not students:
        return None
    from quizdeck.ui.table import clip

    tallies = student_card_tallies(reviews, [(card.deck, card.card) for card in cards])
    labels = [card.label for card in cards]
    opening = shared_opening(labels)
    heads = "".join(
        f'<th scope="col" class="question" title="{text(_full_label(card))}">'
        f"<span>{text(clip(_without(label, opening), HEADING_CHARS))}</span></th>"
        for card, label in zip(cards, labels, strict=True)
    )
    rows = [
        f'<td class="student">{text(student)}</td>'
        + "".join(_heat(tallies.get((student, card.deck, card.card))) for card in cards)
        for student in students
    ]
    head = f'<tr><th scope="col" class="student">student</th>{heads}</tr>'
    return f'<div class="wide">{table_with_head(head, rows, css="grid")}</div>'


def shared_opening(labels: Sequence[str]) -> str:
    """The longest opening words ("What is the capital of ") that at least three questions and
    a third of them share, to leave out of the grid's headings; "" when there is none."""
    from collections import Counter

    counts: Counter[str] = Counter()
    for label in labels:
        words = label.split(" ")
        counts.update(" ".join(words[:size]) + " " for size in range(2, min(8, len(words))))
    shared = [
        opening for opening, count in counts.items() if count >= 3 and 3 * count >= len(labels)
    ]
    return max(shared, key=len, default="")


def _without(label: str, opening: str) -> str:
    return "…" + label[len(opening) :] if opening and label.startswith(opening) else label


def _full_label(card: CardResult) -> str:
    return f"{card.label} ({card.deck_title or card.deck} / {card.card})"


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
        cell(week) + bar(answers / most, str(answers))
        + number(percent(right / answers if answers else None))
        for week, answers, right in weeks
    ]  # fmt: skip
    return table([("week", False), ("answers", False), ("accuracy", True)], cells)
