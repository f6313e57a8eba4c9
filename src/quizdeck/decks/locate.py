"""Where things are in a deck file's text: the line and column of tables and keys, and of a
TOML syntax error (tomllib gives values, not positions)."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from itertools import compress, count, repeat

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CARD_HEADER = re.compile(r"\[\[\s*card\s*\]\]")
DECK_HEADER = re.compile(r"\[\s*deck\s*\]")
STUDY_HEADER = re.compile(r"\[\s*deck\s*\.\s*study\s*\]")
ENTITY_HEADER = re.compile(r"\[\[\s*entity\s*\]\]")
#: The start of a ``key = value`` line: a bare key or a quoted one.
KEY_LINE = re.compile(r"""^(?P<indent>\s*)(?P<key>"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")


@dataclass
class Locator:
    """Finds the line and column of tables and keys in a deck file's text."""

    lines: list[str]
    deck_line: int = 0
    #: The line of the ``[deck.study]`` header (0: none, or written inline in ``[deck]``).
    study_line: int = 0
    card_lines: list[int] = field(default_factory=list)
    entity_lines: list[int] = field(default_factory=list)
    _keys: dict[int, dict[str, tuple[int, int]]] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> Locator:
        locator = cls(text.splitlines())
        stripped_lines = map(str.lstrip, locator.lines)
        opens_table = map(str.startswith, stripped_lines, repeat("["))
        for number in compress(count(1), opens_table):  # the lines are walked in C, not Python
            stripped = locator.lines[number - 1].lstrip()
            if CARD_HEADER.match(stripped):
                locator.card_lines.append(number)
            elif DECK_HEADER.match(stripped):
                locator.deck_line = number
            elif STUDY_HEADER.match(stripped):
                locator.study_line = number
            elif ENTITY_HEADER.match(stripped):
                locator.entity_lines.append(number)
        return locator

    def card_line(self, index: int) -> int:
        return self.card_lines[index] if index < len(self.card_lines) else 1

    def entity_line(self, index: int) -> int:
        return self.entity_lines[index] if index < len(self.entity_lines) else 1

    def _span(self, start: int) -> range:
        """The lines of the table whose header is on line ``start``."""
        end = len(self.lines)
        for number in range(start + 1, len(self.lines) + 1):
            if self.lines[number - 1].lstrip().startswith("["):
                end = number - 1
                break
        return range(start, end + 1)

    def key(self, table_line: int, key: str) -> tuple[int, int]:
        """Line and column of ``key = ...`` in the table starting at ``table_line``.

        Each table's keys are found in one pass, the first time one is asked for, so
        a table with thousands of bad keys is still checked in linear time.
        """
        if table_line <= 0:
            return (1, 0)
        if table_line not in self._keys:
            self._keys[table_line] = self._keys_in(table_line)
        return self._keys[table_line].get(key, (table_line, 0))

    def _keys_in(self, table_line: int) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        for number in self._span(table_line):
            match = KEY_LINE.match(self.lines[number - 1])
            if match:
                key = key_text(match.group("key"))
                found.setdefault(key, (number, len(match.group("indent")) + 1))
        return found


def key_text(raw: str) -> str:
    """The key a ``KEY_LINE`` match names, its quotes and escapes undone."""
    if raw[0] == "'":
        return raw[1:-1]
    if raw[0] == '"':
        try:
            return str(tomllib.loads(f"{raw} = 0").popitem()[0])
        except tomllib.TOMLDecodeError:
            return raw[1:-1]
    return raw


def toml_position(error: tomllib.TOMLDecodeError) -> tuple[int, int, str]:
    """Line, column and message of a TOML syntax error."""
    message = str(error)
    line = getattr(error, "lineno", None)
    col = getattr(error, "colno", None)
    match = re.search(r"\(at line (\d{1,9}), column (\d{1,9})\)", message)
    if match:
        line, col = line or int(match.group(1)), col or int(match.group(2))
        message = message[: match.start()].rstrip() + message[match.end() :]
    elif "end of document" in message and line is None:
        line, col = 0, 0
    return (line or 1, col or 0, message.strip())
