"""CSV cells that a spreadsheet shows as text, never runs as a formula.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-``
or ``@`` (or a tab or carriage return before one) as a formula, so a card or a
student name like ``=HYPERLINK(...)`` would run when a teacher opens the file
(OWASP's "CSV injection"). Every CSV quiz writes puts a ``'`` before such a cell,
which spreadsheets hide; ``quiz import`` takes it off again, so a round trip is
lossless, including cells that really start with ``'``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import TextIO

FORMULA_STARTS = frozenset("=+-@\t\r")
QUOTE = "'"


def needs_guard(cell: str) -> bool:
    """Whether a spreadsheet could read ``cell`` as a formula (or it looks guarded already)."""
    if not cell:
        return False
    if cell[0] in FORMULA_STARTS:
        return True
    return cell[0] == QUOTE and needs_guard(cell[1:])


def guard_cell(cell: str) -> str:
    """``cell`` as text a spreadsheet will not run."""
    return QUOTE + cell if needs_guard(cell) else cell


def unguard_cell(cell: str) -> str:
    """The cell ``guard_cell`` was given: its guard taken off, anything else unchanged."""
    if cell.startswith(QUOTE) and needs_guard(cell[1:]):
        return cell[1:]
    return cell


def guard_row(row: Mapping[str, object]) -> dict[str, object]:
    """A CSV row with every text cell guarded (numbers are left as they are)."""
    return {
        key: guard_cell(value) if isinstance(value, str) else value for key, value in row.items()
    }


class CsvWriter:
    """Rows of a CSV file with guarded cells, ``\\n`` line ends, and every ``\\r`` quoted.

    (Python's writer with ``\\n`` line ends leaves a lone carriage return unquoted,
    which no reader can read back.)
    """

    def __init__(self, out: TextIO, columns: Sequence[str]) -> None:
        self._out = out
        self._columns = tuple(columns)

    def header(self) -> None:
        """Write the row of column names."""
        self._write(self._columns)

    def row(self, values: Mapping[str, object]) -> None:
        """Write one row; missing columns are empty, extra keys are ignored."""
        guarded = guard_row(values)
        self._write(["" if guarded.get(key) is None else guarded[key] for key in self._columns])

    def _write(self, cells: Sequence[object]) -> None:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(cells)
        self._out.write(buffer.getvalue()[:-2] + "\n")


#: The delimiters guessed, the most telling first: a tab is rarely text, a comma often is.
DELIMITERS = ("\t", ";", ",")
#: How many rows the guess looks at.
SAMPLE_ROWS = 20


def guess_delimiter(text: str) -> str | None:
    """The delimiter every one of the first rows uses the same number of times (outside
    quotes), the most telling first (a tab, then a semicolon, then a comma); else the one the
    first row uses most; None when it uses none.

    The first row alone misleads: a comma in a Quizlet definition made every row split on
    commas. The count is one pass over the sample (``csv.Sniffer`` was quadratic).
    """
    rows = _delimiter_counts(text)
    if not rows:
        return None
    for delimiter in DELIMITERS:
        counts = {row[delimiter] for row in rows}
        if len(counts) == 1 and counts != {0}:
            return delimiter
    first = rows[0]
    best = max(reversed(DELIMITERS), key=lambda delimiter: first[delimiter])
    return best if first[best] else None


def _delimiter_counts(text: str) -> list[dict[str, int]]:
    """For each of the first :data:`SAMPLE_ROWS` non-empty rows, how often each delimiter
    stands outside quotes (a quoted cell may hold line breaks)."""
    rows: list[dict[str, int]] = []
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted, blank = False, True
    for char in text:
        if char == '"':
            quoted = not quoted
        elif quoted:
            pass
        elif char in counts:
            counts[char] += 1
        elif char == "\n":
            if not blank:
                rows.append(counts)
                if len(rows) == SAMPLE_ROWS:
                    return rows
            counts, blank = dict.fromkeys(DELIMITERS, 0), True
            continue
        if char not in "\r \t":
            blank = False
    if not blank:
        rows.append(counts)
    return rows
