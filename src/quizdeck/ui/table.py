"""Text tables for the terminal, measured as the terminal shows them.

A wide character (Arabic presentation forms, CJK, emoji) takes two columns and a
combining mark none, so widths come from ``wcwidth`` rather than ``len()``; columns
stay aligned whatever the deck or the student's name holds.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence


def display_width(text: str) -> int:
    """How many terminal columns ``text`` takes."""
    if text.isascii() and text.isprintable():  # one column a character
        return len(text)
    from wcwidth import wcswidth  # imported only for other text: it takes a while to load

    width = int(wcswidth(text))
    return width if width >= 0 else len(text)  # a control character: counted as one each


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` columns (on the left when ``right``)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def clip(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` columns, ending in ``…`` when it was cut."""
    if display_width(text) <= width:
        return text
    kept = ""
    for char in text:
        if display_width(kept + char) > width - 1:
            break
        kept += char
    return kept + "…"


def table_lines(
    header: Sequence[str], rows: Sequence[Sequence[object]], right: Collection[int] = ()
) -> list[str]:
    """The header and rows as aligned lines, two spaces apart; columns in ``right`` are
    right-aligned. Trailing spaces are dropped."""
    cells = [[str(cell) for cell in row] for row in [header, *rows]]
    widths = [max(display_width(row[index]) for row in cells) for index in range(len(header))]
    return [
        "  ".join(
            pad(cell, width, right=index in right)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in cells
    ]
