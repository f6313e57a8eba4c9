"""Showing deck text safely and calmly in a terminal."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import TextIO

# C0 and C1 control characters except newline, plus Unicode bidirectional overrides,
# which could rewrite what the terminal shows.
_UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    char = match.group(0)
    if char == "\t":
        return "    "
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """``text`` with control characters and escape sequences shown, not obeyed.

    ``"\\x1b[31mred"`` becomes the literal characters ``\\x1b[31mred``, so a deck
    cannot change colours, move the cursor or set the window title.
    """
    return _UNSAFE.sub(_visible, text)


# Characters JSON leaves as they are that a terminal would still obey: C1 controls and
# bidirectional overrides (JSON already escapes C0 controls).
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def inert_json(text: str) -> str:
    """JSON text with C1 controls and bidi overrides written as ``\\uXXXX`` escapes.

    The data is unchanged (a JSON reader gets the same strings back); only a terminal
    showing the text cannot be steered by it.
    """
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)


def is_terminal(stream: object) -> bool:
    """Whether ``stream`` is a terminal (False for pipes, files, closed or odd streams)."""
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False


def did_you_mean(word: str, known: Sequence[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``known`` to ``word``, or ``""``. Two
    letters swapped is the closest of all (``strat`` is ``start``, not ``stats``)."""
    close = closest(word, known)
    return f" (did you mean '{close}'?)" if close else ""


def closest(word: str, known: Sequence[str]) -> str | None:
    """The one of ``known`` that ``word`` is likely a typo of, if any (see ``did_you_mean``)."""
    import difflib

    swapped = [name for name in known if _one_swap(word.lower(), name.lower())]
    close = swapped or difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return close[0] if close else None


def _one_swap(typed: str, name: str) -> bool:
    """Whether ``typed`` is ``name`` with two neighbouring letters swapped."""
    if len(typed) != len(name) or typed == name:
        return False
    differ = [index for index, (a, b) in enumerate(zip(typed, name, strict=True)) if a != b]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and typed[differ[0]] == name[differ[1]]
        and typed[differ[1]] == name[differ[0]]
    )


def color_enabled(stream: TextIO | None = None) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    return is_terminal(stream or sys.stdout)


def paint(text: str, *, fg: str | None = None, bold: bool = False, dim: bool = False) -> str:
    """``text`` styled when colour is enabled, unchanged otherwise."""
    if not color_enabled():
        return text
    import click

    return click.style(text, fg=fg, bold=bold, dim=dim)


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 card``, ``2 cards`` (``many``: the plural when it is not ``noun`` + s)."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"
