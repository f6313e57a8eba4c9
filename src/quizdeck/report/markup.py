"""The pieces the report's HTML page is made of: escaped text, tables, bars, trend lines.

All text from students' files and decks goes through :func:`text`: markup escaped and control
characters shown, so a name like ``<script>`` is only ever text. Nothing here refers to anything
outside the page (no link, image, script or font).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

NUMBER_CLASS = ' class="num"'


def text(value: str) -> str:
    """Outside text made safe for the page: control characters shown, markup escaped."""
    import html

    from quizdeck.display import inert

    return html.escape(inert(value), quote=True)


def table(header: Sequence[tuple[str, bool]], rows: Iterable[str], css: str = "") -> str:
    """A table from its header (label, is a number) and rows already made of cells."""
    head = "".join(
        f'<th scope="col"{NUMBER_CLASS if number else ""}>{text(label)}</th>'
        for label, number in header
    )
    return table_with_head(f"<tr>{head}</tr>", rows, css)


def table_with_head(head: str, rows: Iterable[str], css: str = "") -> str:
    css_class = f' class="{css}"' if css else ""
    body = "\n".join(f"<tr>{row}</tr>" for row in rows)
    return f"<table{css_class}>\n<thead>{head}</thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def cell(value: str, css: str = "") -> str:
    return f'<td class="{css}">{text(value)}</td>' if css else f"<td>{text(value)}</td>"


def number(value: str) -> str:
    return f'<td class="num">{text(value)}</td>'


def bar(share: float | None, label: str) -> str:
    """A cell with a horizontal bar filled to ``share`` (0..1) and ``label`` beside it."""
    if share is None:
        return f'<td class="chart muted">{text(label)}</td>'
    width = round(max(0.0, min(1.0, share)) * 100, 1)
    return (
        f'<td class="chart"><span class="bar"><span class="fill" style="width: {width}%">'
        f"</span></span>{text(label)}</td>"
    )


def listed(answers: Sequence[tuple[str, int]], css: str = "wrong") -> str:
    """Answers with how many students gave each, most common first ("-" for none)."""
    if not answers:
        return '<td class="muted">-</td>'
    items = "".join(
        f"<li>{text(answer)} <span class='muted'>({count})</span></li>" for answer, count in answers
    )
    return f'<td><ol class="{css}">{items}</ol></td>'


def flags(names: Sequence[str]) -> str:
    """Flags as small labels; "-" for none."""
    if not names:
        return '<span class="muted">-</span>'
    return " ".join(f'<span class="flag">{text(name)}</span>' for name in names)


def trend(
    days: Sequence[tuple[date, int, int]],
    first: date | None,
    last: date | None,
    size: tuple[int, int] = (120, 28),
) -> str:
    """A small line of the first-try share right per day, on the class's span of days
    (``first`` to ``last``), so two students' lines compare; a dot per day studied."""
    width, height = size
    if not days or first is None or last is None:
        return '<span class="muted">-</span>'
    span = max(1, (last - first).days)

    def point(day: date, tries: int, right: int) -> tuple[float, float]:
        x = 3 + (width - 6) * (day - first).days / span
        y = 3 + (height - 6) * (1 - right / tries)
        return round(x, 1), round(y, 1)

    points = [point(*day) for day in days]
    label = "; ".join(f"{day.isoformat()}: {right} of {tries}" for day, tries, right in days)
    line = " ".join(f"{x},{y}" for x, y in points)
    dots = "".join(f'<circle cx="{x}" cy="{y}" r="2"/>' for x, y in points)
    return (
        f'<svg class="trend" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="first tries right, by day: {text(label)}">'
        f"<title>first tries right, by day: {text(label)}</title>"
        f'<line class="mid" x1="0" y1="{height / 2}" x2="{width}" y2="{height / 2}"/>'
        + (f'<polyline points="{line}"/>' if len(points) > 1 else "")
        + f"{dots}</svg>"
    )
