"""Anki's "Notes in Plain Text" export: its ``#key:value`` header lines, HTML fields and
cloze syntax, read into what ``csv_cards`` imports."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

#: Anki's names for separators in ``#separator:``.
_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":"}
#: The header's columns quiz reads (the others, deck and guid, are left out).
_SPECIAL = {"tags column": "tags", "notetype column": "notetype"}
_DIRECTIVE = re.compile(r"^#([a-z ]+):(.*)$")
_TAG = re.compile(r"<[^>]{0,200}>")
_BREAK = re.compile(r"<br\s*/?>|</div>|</p>", re.IGNORECASE)
_CLOZE_START = "{{c"


@dataclass
class AnkiHeader:
    """What an Anki plain-text export says about itself in its first lines."""

    separator: str | None = None
    html: bool = False
    #: Column (0-based) -> what it holds: "tags", "notetype", or "" for columns quiz ignores.
    special: dict[int, str] = field(default_factory=dict)
    lines: int = 0  # how many header lines there were

    def columns(self, width: int) -> list[str]:
        """Names for ``width`` columns: the first two plain ones are prompt and answer."""
        names = []
        plain = iter(("prompt", "answer"))
        for index in range(width):
            names.append(self.special[index] if index in self.special else next(plain, ""))
        return names


def read_header(text: str) -> AnkiHeader | None:
    """The header of an Anki plain-text export, or None when ``text`` does not start with one."""
    header = AnkiHeader()
    for line in text.splitlines():
        match = _DIRECTIVE.match(line.strip())
        if not match:
            break
        header.lines += 1
        key, value = match.group(1).strip(), match.group(2).strip()
        if key == "separator":
            header.separator = _SEPARATORS.get(value.lower(), value[:1] or None)
        elif key == "html":
            header.html = value.lower() == "true"
        elif key.endswith(" column") and value.isdigit() and 0 < int(value) <= 64:
            header.special[int(value) - 1] = _SPECIAL.get(key, "")
    return header if header.lines else None


def plain(text: str, *, from_html: bool) -> str:
    """A field as plain text: HTML tags dropped and entities decoded when the export has HTML."""
    if not from_html:
        return text
    return html.unescape(_TAG.sub("", _BREAK.sub(" ", text))).strip()


def quiz_cloze(text: str) -> str | None:
    """An Anki cloze field in quiz's syntax (``{{c1::Paris::city}}`` → ``{{Paris}}``), or None
    when it has no cloze deletion."""
    pieces: list[str] = []
    last = 0
    for start, end, answer in _anki_clozes(text):
        pieces += [text[last:start], "{{" + answer.strip() + "}}"]
        last = end
    return "".join([*pieces, text[last:]]) if pieces else None


def _anki_clozes(text: str) -> Iterator[tuple[int, int, str]]:
    """Each ``{{cN::answer::hint}}`` of ``text``: (start, end, answer), in one pass with
    ``str.find`` (the regex it replaces, ``{{c\\d+::(.*?)(?:::[^}]*)?}}``, was cubic)."""
    position = 0
    while (start := text.find(_CLOZE_START, position)) >= 0:
        digits = start + len(_CLOZE_START)
        after = digits
        while after < len(text) and text[after].isdecimal():
            after += 1
        if after == digits or not text.startswith("::", after):
            position = start + 1
            continue
        answer_start = after + 2
        end = text.find("}}", answer_start)
        if end < 0:
            return  # no closing braces anywhere after: no more clozes
        # The answer ends at the first "::" after which no "}" comes before the closing braces.
        hint = text.find("::", max(answer_start, text.rfind("}", answer_start, end) - 1), end)
        yield start, end + 2, text[answer_start : hint if hint >= 0 else end]
        position = end + 2
