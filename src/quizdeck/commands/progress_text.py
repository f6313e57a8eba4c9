"""Text helpers shared by the progress commands: times, bars, percentages, tables, JSON.

Only the standard library, click and light quizdeck modules are imported here, so
the commands that use it keep ``quiz --help`` quick.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

import click

from quizdeck.display import inert, inert_json, paint

BLOCKS = " ▏▎▍▌▋▊▉█"
BAR_WIDTH = 30


def local(moment: datetime | None) -> str:
    """``moment`` in local time, to the minute; '-' for none."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "-"


def relative(moment: datetime, now: datetime) -> str:
    """'now', 'in 5 minutes', 'in 3 hours', 'in 2 days'."""
    seconds = (moment - now).total_seconds()
    if seconds <= 0:
        return "now"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = round(seconds / size)
            return f"in {count} {unit}{'s' if count != 1 else ''}"
    return "in under a minute"


def day_label(day: date) -> str:
    """'Mon 10 Mar'."""
    return day.strftime("%a %d %b")


def bar(value: float, maximum: float, width: int = BAR_WIDTH) -> str:
    """A bar of unicode blocks, ``width`` cells for ``maximum``."""
    if maximum <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / maximum * width * 8))
    full, part = divmod(eighths, 8)
    return BLOCKS[-1] * full + (BLOCKS[part] if part else "")


def percent(value: float | None) -> str:
    """``0.853`` as ``85%``; '-' for none."""
    return "-" if value is None else f"{value * 100:.0f}%"


def short(text: str, width: int = 50) -> str:
    """One line of ``text``, made inert and cut to ``width`` columns."""
    from quizdeck.ui.table import clip

    return clip(inert(" ".join(text.split())), width)


def table(
    header: Sequence[str], rows: Sequence[Sequence[object]], right: Collection[int] | None = None
) -> list[str]:
    """A table with a bold header, two spaces between columns.

    ``right``: the columns aligned right (default: every column but the first).
    """
    from quizdeck.ui.table import table_lines

    aligned = range(1, len(header)) if right is None else right
    first, *rest = table_lines(header, rows, right=aligned)
    return [paint(first, bold=True), *rest]


def echo_json(data: Any) -> None:
    """Print ``data`` as indented JSON."""
    click.echo(inert_json(json.dumps(data, indent=2, ensure_ascii=False)))
