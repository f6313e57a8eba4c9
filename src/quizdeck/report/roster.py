"""The class roster: who should hand in a progress file, and under which name to show them.

A roster is a text file with one student a line: a name (which is also the profile), or
``name,profile`` (CSV; a semicolon or a tab also separates, as spreadsheets in many countries
save them; a first line ``name,profile`` is a header). A byte-order mark, as Excel and Notepad
write, is left out, and UTF-16 (Notepad's "Unicode") is read too. Profiles match whatever their
case, so ``Chloé Moreau,chloe`` shows the export of profile ``Chloe`` as Chloé Moreau.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from quizdeck.report.exports import Export, ReportError, renamed

#: The most a roster may hold (a school, not a city).
MAX_ENTRIES = 10_000
#: The largest roster file read.
MAX_BYTES = 1 << 20


@dataclass(frozen=True)
class Entry:
    """One student of the roster: the name to show, and the profile their export carries."""

    name: str
    profile: str


def match_key(name: str) -> str:
    """How a profile is matched: case and Unicode forms ignored, spaces trimmed."""
    return unicodedata.normalize("NFC", name).strip().casefold()


def read_roster(path: Path) -> list[Entry]:
    """The roster in ``path``; :class:`ReportError` (one line, naming the file) if unusable."""
    from quizdeck.files import describe_read_error, read_limited

    try:
        data = read_limited(path, MAX_BYTES)
    except OSError as error:
        raise ReportError(f"{path}: cannot read: {describe_read_error(error)}") from None
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReportError(
            f"{path}: not a text file (save the roster as CSV or text: one student a line)"
        ) from None
    return parse_roster(text)


def parse_roster(text: str) -> list[Entry]:
    """The entries of a roster's text (see the module's description), each profile once."""
    lines = [line for line in text.replace("\ufeff", "").splitlines() if line.strip()]
    if not lines:
        return []
    first = lines[0]
    separator = next((mark for mark in "\t;," if mark in first), None)
    rows = csv.reader(lines, delimiter=separator) if separator else ([line] for line in lines)
    entries: list[Entry] = []
    seen: set[str] = set()
    order = (0, 1)
    for number, row in enumerate(rows):
        cells = [cell.strip() for cell in row]
        if number == 0 and {match_key(cell) for cell in cells[:2]} == {"name", "profile"}:
            order = (0, 1) if match_key(cells[0]) == "name" else (1, 0)
            continue
        cells = [cell for cell in cells if cell] if len(cells) < 2 else cells
        if not cells or not any(cells[:2]):
            continue
        name = cells[order[0]] if len(cells) > 1 else cells[0]
        profile = cells[order[1]] if len(cells) > 1 else cells[0]
        name, profile = name or profile, profile or name
        if match_key(profile) not in seen:
            seen.add(match_key(profile))
            entries.append(Entry(name, profile))
        if len(entries) >= MAX_ENTRIES:
            break
    return entries


def apply_roster(
    exports: Iterable[Export], roster: Sequence[Entry]
) -> tuple[list[Export], list[Entry]]:
    """The exports with their students shown by their roster names (matched by profile), and
    the roster's students who handed in nothing, in the roster's order."""
    names = {match_key(entry.profile): entry.name for entry in roster}
    found: set[str] = set()
    shown: list[Export] = []
    for export in exports:
        key = match_key(export.student)
        if key in names:
            found.add(key)
            if names[key] != export.student:
                export = renamed(export, names[key])
        shown.append(export)
    missing = [entry for entry in roster if match_key(entry.profile) not in found]
    return shown, missing
