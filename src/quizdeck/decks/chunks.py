"""Parsing a deck file's TOML quickly: with rtoml (compiled, about seven times faster than
tomllib) when it reads the text exactly as tomllib would, and a big file a chunk of cards at a
time, so that the memory a parse takes is bounded by a chunk, not by the file.

A chunk starts at a ``[[card]]`` line (written just so, at the start of a line). Each chunk
is parsed alone, which gives the values of the whole file when every chunk parses: a
multi-line string, array or inline table that ran over a chunk's end would leave that chunk
unfinished, and so unparsed. Anything else (a chunk that does not parse, or that holds a
table other than its cards, such as a ``[deck]`` written after cards) makes the reader parse
the whole file, as for a small one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

# What rtoml (TOML 1.1) reads and tomllib (TOML 1.0) refuses or reads otherwise sends a text to
# tomllib. Each pattern begins with a literal character, so that a search runs at C speed; a match
# inside a string only costs speed, never correctness.
#: \e and \xHH escapes (TOML 1.1).
NEW_ESCAPE = re.compile(r"\\[ex]")
#: A comma before "}": a trailing comma in an inline table (TOML 1.1).
TRAILING_COMMA = re.compile(r",\s*\}")
#: From a line's first "{" to its end: an inline table must close on its line in TOML 1.0.
BRACE_TO_LINE_END = re.compile(r"\{[^\n]*")
#: "hh:mm": perhaps a time or date-time value (seconds optional in TOML 1.1, offsets given
#: rtoml's own tzinfo class).
CLOCK = re.compile(r":(?<=\d\d:)\d\d")
DATE_BEFORE = re.compile(r"\d{4}-\d\d-\d\d[Tt ]$")
#: Where a chunk may start: a ``[[card]]`` header at the start of a line.
CHUNK_START = re.compile(r"^\[\[card\]\]", re.MULTILINE)
#: Cards per chunk: a file with more is parsed a chunk at a time.
CHUNK_CARDS = 250


def _has_time_value(text: str) -> bool:
    """Whether an "hh:mm" in ``text`` may be a time or date-time value, not words in a string."""
    for match in CLOCK.finditer(text):
        hours = match.start() - 2
        before = text[max(0, hours - 11) : hours]
        if DATE_BEFORE.search(before) or before.rstrip(" \t")[-1:] in ("", "=", "[", ",", "\n"):
            return True
    return False


def only_tomllib_reads_it_right(text: str) -> bool:
    """True when ``text`` may hold something that rtoml reads differently from tomllib: TOML 1.1
    syntax, an offset date-time, or a byte-order mark (which tomllib refuses)."""
    if text.startswith("\ufeff") or NEW_ESCAPE.search(text) or TRAILING_COMMA.search(text):
        return True
    opened = (line.count("{") > line.count("}") for line in BRACE_TO_LINE_END.findall(text))
    return any(opened) or _has_time_value(text)


def fast_toml(text: str) -> dict[str, Any] | None:
    """``text`` parsed by rtoml when it is installed and gives exactly tomllib's values; None
    otherwise, so that tomllib parses it and reports a syntax error at its exact line and
    column."""
    try:
        import rtoml
    except ImportError:
        return None
    if only_tomllib_reads_it_right(text):
        return None
    if "\r" in text:  # tomllib reads a CRLF in a multi-line string as "\n", rtoml keeps it
        text = text.replace("\r\n", "\n")
    try:
        data = rtoml.loads(text)
    except Exception:  # any failure: tomllib judges the text and explains
        return None
    return data if isinstance(data, dict) else None


Parse = Callable[[str], dict[str, Any] | None]


class ChunkRefused(Exception):
    """A chunk did not parse alone, or held more than cards: the whole file must be parsed."""


@dataclass
class Chunks:
    """A big deck file's text cut before ``[[card]]`` lines: the tables before the first card
    (parsed), and the card tables, parsed a chunk at a time as they are asked for."""

    head: dict[str, Any]
    text: str
    #: Where each chunk starts in ``text``; the last one runs to its end.
    starts: list[int]
    parse: Parse

    def card_tables(self) -> Iterator[list[Any]]:
        """Each chunk's card tables in turn; raises ChunkRefused for a chunk that does not
        parse alone or holds anything but cards."""
        ends = [*self.starts[1:], len(self.text)]
        for start, end in zip(self.starts, ends, strict=True):
            data = self.parse(self.text[start:end])
            if data is None or len(data) != 1 or not isinstance(data.get("card"), list):
                raise ChunkRefused
            yield data["card"]


def card_chunks(text: str, parse: Parse = fast_toml) -> Chunks | None:
    """``text`` cut into chunks of :data:`CHUNK_CARDS` cards, each to be read by ``parse``,
    when it has more cards than that and its head (the text before the first card) parses;
    None when it is to be parsed whole."""
    starts = [match.start() for match in CHUNK_START.finditer(text)]
    if len(starts) <= CHUNK_CARDS:
        return None
    head = parse(text[: starts[0]])
    if head is None or "card" in head:
        return None
    return Chunks(head, text, starts[::CHUNK_CARDS], parse)
